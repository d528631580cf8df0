"""Every paper as a JSON record, with every field a reader has: the records of the data parts (outputs/parts.py).

No build internals: where a listing was read (dump file, line) stays in the build.

What another record or the index already says is named, not copied: a similar paper is its slug
and score (its title and page are in its own record), a topic its slug, score and matched words
(its title and page are in papers.json's `topics`).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from generator.model import HUB_FIELDS, Digest, EnrichedPaper, HubFields


def paper_json(paper: EnrichedPaper) -> dict[str, Any]:
    """Every field of an enriched paper as plain JSON types."""
    record: dict[str, Any] = {
        "slug": paper.slug,
        "url": paper.url,
        "title": paper.title,
        "abstract": paper.abstract,
        "date": iso(paper.date),
        "arrived": paper.arrived.isoformat(),
        "upvotes": paper.upvotes,
        "upvotes_counted": iso(paper.upvotes_counted),
        "upvote_history": [{"day": c.day.isoformat(), "count": c.count} for c in paper.upvote_history],
        "authors": paper.authors,
        "org": {"slug": paper.org.slug, "name": paper.org.name} if paper.org else None,
        **hub_json(paper.hub),
        # Each listing as a reader knows it: the day it was captured and the day its upvotes were counted. Which
        # dump file and line it came from is the build's own business (its warnings name them), not the data's.
        "sources": [{"captured": s.captured.isoformat(), "counted": s.counted_on.isoformat()} for s in paper.sources],
        "links": [{"url": link.url, "kind": link.kind} for link in paper.links],
        "topics": [{"slug": t.slug, "score": t.score, "matched": list(t.matched)} for t in paper.topics],
        "similar": [{"slug": s.slug, "score": s.score} for s in paper.similar],
        "has_code": paper.has_code,
    }
    if paper.org_url:
        record["org_url"] = paper.org_url
    return record


def hub_json(hub: HubFields) -> dict[str, Any]:
    """Each Hub field under its own name, field by field: a new field is exported with no edit here."""
    values = {name: getattr(hub, name) for name in HUB_FIELDS}
    return {name: list(value) if isinstance(value, tuple) else value for name, value in values.items()}


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def dumps_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, fixed separators, UTF-8 kept as is."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def paper_records(digest: Digest) -> dict[str, str]:
    """Every paper's record as deterministic JSON, by slug."""
    return {slug: dumps_json(paper_json(paper)) for slug, paper in digest.papers.items()}
