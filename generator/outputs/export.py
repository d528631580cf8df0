"""Every paper as a JSON record, with every fact a reader has: the records of the data parts (outputs/parts.py).

The format is public and versioned (FORMAT_VERSION, written in papers.json and every part);
docs/data.md describes each field. Its rules, each to keep a record small at 100,000 papers:

- A field that says nothing is left out: unknown (null), empty (a list with nothing in it)
  or false. A reader takes a missing field as null, [] or false; a known 0 is always written,
  so unknown is never 0.
- A fact is written once: a listing is its capture day and the day its upvotes were counted,
  grouped by capture day (`listed`); the upvote counts are one map from day to count
  (`upvote_history`), of which `upvotes` is the newest. The day of that newest count is the
  map's last key, not a field of its own.
- What repeats within a record is a short array, not an object with the same keys over and
  over: a similar paper is `[slug, score]`, a topic `[slug, score, matched words]`, a link
  `[url, kind]`.
- What another record or the index already says is named, not copied: a paper's page is
  papers.json's `paper_url` (`papers/{slug}.html`) with its slug in it; a similar paper is its
  slug (its title is in its own record), a topic its slug (its title and page are in
  papers.json's `topics`).
- A paper's similar papers are not in its record but in its part's similar file (outputs/parts.py):
  they are what a new day changes in old papers.

No build internals: where a listing was read (dump file, line) stays in the build.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from generator.model import HUB_FIELDS, Digest, EnrichedPaper, HubFields

FORMAT_VERSION = 3  # 2: similar papers in the records; 1: every field written out, lists of objects (before issue 22)


def paper_json(paper: EnrichedPaper) -> dict[str, Any]:
    """Every fact of an enriched paper as plain JSON types, fields that say nothing left out."""
    listed: dict[str, list[str]] = {}
    # Each listing as a reader knows it: the day it was captured and the day its upvotes were counted. Which
    # dump file and line it came from is the build's own business (its warnings name them), not the data's.
    for source in paper.sources:
        listed.setdefault(source.captured.isoformat(), []).append(source.counted_on.isoformat())
    record: dict[str, Any] = {
        "slug": paper.slug,  # its page is papers.json's `paper_url` with the slug in it: urls.PAPER
        "title": paper.title,
        "abstract": paper.abstract,
        "date": iso(paper.date),
        "arrived": paper.arrived.isoformat(),
        "listed": {day: sorted(counted) for day, counted in listed.items()},
        "upvotes": paper.upvotes,
        "upvote_history": {c.day.isoformat(): c.count for c in paper.upvote_history},
        "authors": paper.authors,
        "org": {"slug": paper.org.slug, "name": paper.org.name} if paper.org else None,
        "org_url": paper.org_url,
        **hub_json(paper.hub),
        "links": [[link.url, link.kind] for link in paper.links],
        "topics": [[t.slug, t.score, list(t.matched)] for t in paper.topics],
        "has_code": paper.has_code,
    }
    return {name: value for name, value in record.items() if says_something(value)}


def similar_json(paper: EnrichedPaper) -> list[list[object]]:
    """A paper's similar papers as data, `[[slug, score], ...]`, most similar first (its part's similar file)."""
    return [[s.slug, s.score] for s in paper.similar]


def says_something(value: Any) -> bool:
    """False for what a missing field means (null, an empty list or map, false); a 0 or "" is a fact, kept."""
    return value is not None and value is not False and value != [] and value != {}


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
