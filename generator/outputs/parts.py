"""The digest as data in parts: JSON and BibTeX by month of arrival, and papers.json, their index.

No file of the site may outgrow what a static host serves well (GitHub Pages warns at
tens of MB, and 100,000 papers in one JSON would be about 200 MB), so the papers are cut
by the month they arrived in, the month pages' own cut: `data/2025-12.json.gz` and
`data/2025-12.bib.gz` hold the same papers, gzipped (outputs/gzipped.py: a site's bytes are counted
uncompressed, and JSON of abstracts gzips to about a third). A month whose JSON (before gzip) would pass `part_bytes` is
cut again, in the digest's order, into `2025-12`, `2025-12-2`, ... papers.json is small:
the format's version, the count, the site's URL, a paper's page URL with `{slug}` in it and
the topics' titles and URLs (each named once, not in every paper), and every part with its
month, count and three URLs. The format is described in docs/data.md. The archive page links
every part, so every paper's BibTeX is reachable without JavaScript (and its page shows its entry).

Each paper's similar papers are a part's third file, `data/2025-12.similar.json.gz`, not fields of
its records: a new day's papers enter the similar lists of old papers of nearly every month, and
would change every month's JSON (35 of 43 parts at 1,000 days, 60 MB gzipped again, 2.5 s of a
new day). Apart, a day changes the small similar files and its own months' JSON.

The price: a reader wanting everything reads the index and then every part, and gunzips them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from generator.model import DataPart, Digest
from generator.outputs.export import FORMAT_VERSION, dumps_json, similar_json
from generator.urls import PAPER, URLS

PART_BYTES = 5_000_000  # at most this much JSON a part (a single paper larger than it gets a part of its own)
SIMILAR = "similar.json"  # a part's similar papers: data/2025-12.similar.json.gz


def plan_parts(digest: Digest, records: Mapping[str, str], part_bytes: int | None = None) -> tuple[DataPart, ...]:
    """The parts: by month of arrival, newest first, each month cut where its JSON would pass `part_bytes`
    (PART_BYTES unless given). `records` is every paper's JSON record, by slug (export.paper_records)."""
    part_bytes = part_bytes or PART_BYTES
    months: dict[str, list[str]] = {}
    for slug, paper in digest.papers.items():
        months.setdefault(paper.arrived.isoformat()[:7], []).append(slug)
    parts = []
    for month in sorted(months, reverse=True):
        for number, slugs in enumerate(_cut(months[month], records, part_bytes), start=1):
            key = month if number == 1 else f"{month}-{number}"
            json, bib, similar = (URLS.data_part(key, kind) for kind in ("json", "bib", SIMILAR))
            parts.append(DataPart(key, month, json, bib, similar, slugs))
    return tuple(parts)


def _cut(slugs: list[str], records: Mapping[str, str], part_bytes: int) -> Iterable[tuple[str, ...]]:
    """Runs of `slugs` whose records together stay within `part_bytes` (with room for the part's own fields)."""
    run: list[str] = []
    size = _PART_OVERHEAD
    for slug in slugs:
        grown = size + len(records[slug].encode()) + 1  # the comma
        if run and grown > part_bytes:
            yield tuple(run)
            run, grown = [], _PART_OVERHEAD + len(records[slug].encode()) + 1
        run.append(slug)
        size = grown
    if run:
        yield tuple(run)


_PART_OVERHEAD = 100  # the part's own fields around its papers: count, key, month, version


def part_head(part: DataPart) -> dict[str, object]:
    """What every file of a part starts with: its format's version, key, month and count."""
    return {"count": part.count, "key": part.key, "month": part.month, "version": FORMAT_VERSION}


def part_json(part: DataPart, records: Mapping[str, str]) -> str:
    """One part as JSON: its head and papers (records are already deterministic JSON)."""
    head = dumps_json(part_head(part)).rstrip()[:-1]
    return head + ',"papers":[' + ",".join(records[slug].rstrip() for slug in part.papers) + "]}\n"


def part_similar(part: DataPart, digest: Digest) -> str:
    """One part's similar papers: its head, and `similar`, {slug: [[slug, score], ...]} for each of its papers
    that has any (a missing paper has none)."""
    lists = {slug: similar_json(digest.papers[slug]) for slug in part.papers}
    return dumps_json({**part_head(part), "similar": {slug: found for slug, found in lists.items() if found}})


def part_bib(part: DataPart, bibtex: Mapping[str, str]) -> str:
    """One part as BibTeX: its papers' entries, sorted by key (the entry's first line)."""
    return "\n".join(sorted((bibtex[slug] for slug in part.papers), key=lambda entry: entry.split("\n", 1)[0]))


def index_json(digest: Digest, site_url: str = "") -> str:
    """papers.json: the format's version, how many papers, and where each part is; topics named once for every
    paper's record."""
    parts = [
        {"key": p.key, "month": p.month, "count": p.count, "json": p.json, "bib": p.bib, "similar": p.similar}
        for p in digest.parts
    ]
    topics = {t.slug: {"title": t.title, "url": t.url} for t in digest.topics}
    index = {"version": FORMAT_VERSION, "count": len(digest.papers), "site_url": site_url, "topics": topics}
    index["paper_url"] = PAPER  # a paper's page, "{slug}" its slug: written once, not in every record
    return dumps_json({**index, "parts": parts})


def data_files(digest: Digest, records: Mapping[str, str], site_url: str = "") -> Iterator[tuple[str, str]]:
    """papers.json and every part's JSON, BibTeX and similar papers (their names end in .gz: stored gzipped,
    gzipped.stored), each made as it is taken: memory holds a part's text, not the digest's."""
    yield URLS.papers_json, index_json(digest, site_url)
    for part in digest.parts:
        yield part.json, part_json(part, records)
        yield part.bib, part_bib(part, digest.bibtex)
        yield part.similar, part_similar(part, digest)
