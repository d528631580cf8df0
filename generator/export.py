"""The machine-readable view of a paper, shared by papers.json, templates and search."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from generator.links import unique_links
from generator.model import Paper


def paper_url(paper: Paper) -> str:
    """The page of a paper, relative to the site root."""
    return f"papers/{paper.slug}.html"


def paper_record(paper: Paper) -> dict[str, Any]:
    """Every field of a paper as plain JSON types."""
    return {
        "slug": paper.slug,
        "url": paper_url(paper),
        "title": paper.title,
        "abstract": paper.abstract,
        "date": paper.date.isoformat() if paper.date else None,
        "first_seen": paper.first_seen.isoformat(),
        "upvotes": paper.upvotes,
        "authors": paper.authors,
        "org": {"slug": paper.org.slug, "name": paper.org.name} if paper.org else None,
        "sources": [{"dump": s.dump, "line": s.line, "captured": s.captured.isoformat()} for s in paper.sources],
        "links": [{"url": link.url, "kind": link.kind} for link in unique_links(paper.abstract)],
    }


def dumps_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, fixed separators, UTF-8 kept as is."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def papers_json(records: Iterable[dict[str, Any]], site_url: str = "") -> str:
    records = list(records)
    return dumps_json({"count": len(records), "site_url": site_url, "papers": records})
