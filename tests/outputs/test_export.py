"""The papers' JSON records (outputs/export.py, format version 3 of docs/data.md): small, and lossless.

Every fact the version-1 record held (every field written out, lists of objects) is read back from
the small one, with its similar papers from its part's similar file, as docs/data.md says a reader
reads it (tests/support/papers_data.py), for every shipped paper; unknown is left out and never
written as 0, while a known 0 stays.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

from generator.model import HUB_FIELDS, Digest, EnrichedPaper, HubFields, Source, UpvoteCount
from generator.outputs.export import FORMAT_VERSION, dumps_json, paper_json, paper_records, similar_json
from generator.urls import PAPER
from tests.support.papers_data import read_record


def version_one(paper: EnrichedPaper) -> dict[str, Any]:
    """The record as format 1 wrote it, spelled out here from the paper itself: the facts to keep."""
    hub = {name: getattr(paper.hub, name) for name in HUB_FIELDS}
    record = {
        "slug": paper.slug,
        "url": paper.url,
        "title": paper.title,
        "abstract": paper.abstract,
        "date": paper.date.isoformat() if paper.date else None,
        "arrived": paper.arrived.isoformat(),
        "upvotes": paper.upvotes,
        "upvotes_counted": paper.upvotes_counted.isoformat() if paper.upvotes_counted else None,
        "upvote_history": [{"day": c.day.isoformat(), "count": c.count} for c in paper.upvote_history],
        "authors": paper.authors,
        "org": {"slug": paper.org.slug, "name": paper.org.name} if paper.org else None,
        **{name: list(value) if isinstance(value, tuple) else value for name, value in hub.items()},
        "sources": [{"captured": s.captured.isoformat(), "counted": s.counted_on.isoformat()} for s in paper.sources],
        "links": [{"url": link.url, "kind": link.kind} for link in paper.links],
        "topics": [{"slug": t.slug, "score": t.score, "matched": list(t.matched)} for t in paper.topics],
        "similar": [{"slug": s.slug, "score": s.score} for s in paper.similar],
        "has_code": paper.has_code,
    }
    if paper.org_url:
        record["org_url"] = paper.org_url
    return record


def as_read(record: dict[str, Any]) -> dict[str, Any]:
    """A record read back, its listings in one order: the small form groups them by capture day."""
    return {**record, "sources": sorted(record["sources"], key=lambda s: (s["captured"], s["counted"]))}


def written(paper: EnrichedPaper) -> dict[str, Any]:
    return json.loads(dumps_json(paper_json(paper)))


def with_similar(paper: EnrichedPaper) -> dict[str, Any]:
    """The record as a reader has it: with the paper's similar papers, from its part's similar file."""
    return {**written(paper), "similar": json.loads(dumps_json(similar_json(paper)))}


def test_every_shipped_papers_record_reads_back_as_every_field_of_format_1(shipped_digest: Digest) -> None:
    papers = list(shipped_digest.papers.values())
    assert len(papers) == 185
    for paper in papers:
        assert as_read(read_record(with_similar(paper), PAPER)) == as_read(version_one(paper)), paper.slug
    # the shipped papers hold each kind of fact the format carries, so each is read back above
    records = [written(p) for p in papers]
    for name in ("date", "upvote_history", "org", "links", "topics", "has_code", "authors"):
        assert any(name in r for r in records), name
    assert not any("similar" in r for r in records)  # in the similar files: what a new day changes
    assert any(similar_json(p) for p in papers)
    assert any(len(r["listed"]) > 1 for r in records)  # listed on two days
    assert any(len(counted) > 1 for r in records for counted in r["listed"].values())  # counted again


def test_the_small_record_is_smaller_for_every_shipped_paper(shipped_digest: Digest) -> None:
    sizes = [(len(dumps_json(paper_json(p))), len(dumps_json(version_one(p)))) for p in shipped_digest.papers.values()]
    assert all(small < full for small, full in sizes)
    assert sum(small for small, _ in sizes) < 0.9 * sum(full for _, full in sizes)


def test_unknown_is_left_out_and_a_known_zero_is_kept(shipped_digest: Digest) -> None:
    paper = next(p for p in shipped_digest.papers.values() if p.upvote_history and p.date)
    unknown = replace(paper, date=None, upvote_history=(), authors=None, org=None, org_url=None, hub=HubFields())
    record = written(unknown)
    for name in ("date", "upvotes", "upvote_history", "authors", "org", "org_url", *HUB_FIELDS):
        assert name not in record, name
    assert read_record(record, PAPER)["upvotes"] is None and read_record(record, PAPER)["date"] is None
    day = paper.arrived
    zero = replace(
        unknown, upvote_history=(UpvoteCount(day, 0),), authors=0, hub=HubFields(github_stars=0, ai_summary="")
    )
    record = written(zero)
    assert record["upvotes"] == 0 and record["upvote_history"] == {day.isoformat(): 0}
    assert record["authors"] == 0 and record["github_stars"] == 0 and record["ai_summary"] == ""


def test_listings_are_grouped_by_capture_day_and_upvotes_map_day_to_count(shipped_digest: Digest) -> None:
    paper = next(iter(shipped_digest.papers.values()))
    first, second = date(2025, 12, 1), date(2025, 12, 3)
    sources = (
        Source("a.md", 1, first),
        Source("hf/b", 2, first, counted=date(2025, 12, 2)),
        Source("c.md", 3, first),  # the same listing twice: kept twice
        Source("hf/d", 4, second, counted=date(2025, 12, 4)),
    )
    history = (UpvoteCount(first, 3), UpvoteCount(date(2025, 12, 2), 5), UpvoteCount(date(2025, 12, 4), 8))
    record = written(replace(paper, sources=sources, upvote_history=history))
    assert record["listed"] == {"2025-12-01": ["2025-12-01", "2025-12-01", "2025-12-02"], "2025-12-03": ["2025-12-04"]}
    assert record["upvote_history"] == {"2025-12-01": 3, "2025-12-02": 5, "2025-12-04": 8}
    assert record["upvotes"] == 8 and record["arrived"] == "2025-12-01"
    assert list(record) == sorted(record)  # deterministic: keys sorted, so the map's days are in order
    assert read_record(record, PAPER)["upvotes_counted"] == "2025-12-04"


def test_records_are_deterministic_and_the_version_is_3(shipped_digest: Digest) -> None:
    assert FORMAT_VERSION == 3
    assert paper_records(shipped_digest) == paper_records(shipped_digest)
    for text in paper_records(shipped_digest).values():
        assert text.endswith("}\n") and "\n" not in text[:-1]
        assert json.loads(text) == written(shipped_digest.papers[json.loads(text)["slug"]])
