"""For you's data (issue 25): the papers of the last 30 days, with a Lunr index of them alone, cut by term.

The For you page shows only papers that arrived in the 30 days to the digest's newest day. Asking the
whole digest's index for them means downloading the postings of every paper ever listed and scoring
them all. This index holds the recent papers alone, so the same query loads shards a small share of
the size, and one file gives the page everything else it ranks by:

- `foryou/recent.json`: a head in the shape of search/index.json's (fields, boosts, pipeline, the first
  term of every shard, the digits) whose `terms` and `vocabulary` name this index's files, plus `rows`,
  each recent paper's ROWS fields in order (numbered as the index numbers them: by arrival, then URL,
  as search.py numbers the whole digest), `newest`, their newest day, and `days`.
- `foryou/terms/NNNN.json.gz`: the term shards (search_index.shards), fetched for a query's terms only.
- `foryou/terms.json.gz`: the index's terms, for a followed search's fuzzy or infix wildcard clause.

Scores are lunr's over the recent papers: a word's rarity among them, which is what sets new papers
apart. Every file is a function of the digest alone, so an incremental build writes what a clean one does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from generator.model import Digest
from generator.outputs import search, search_index
from generator.outputs.export import dumps_json
from generator.urls import FORYOU_TERMS, URLS

DAYS = 30  # the newest day and the 29 before it: For you's longest period
SHARD_BYTES = 6_000  # a term shard's JSON, about: a query's terms load few of their neighbours' postings
ROWS = ("url", "title", "arrived", "topics")  # what the page shows and ranks a paper by; topics by title


@dataclass(frozen=True)
class RecentData:
    """Every For you file, as (path relative to the site, text), in path order; none for an empty digest. The site
    stores a path ending in .gz gzipped (gzipped.stored): all but recent.json, which names the others."""

    files: tuple[tuple[str, str], ...]


def recent_docs(docs: list[search.SearchDoc], days: int = DAYS) -> list[search.SearchDoc]:
    """The docs (in search.py's order) that arrived in the `days` to the newest day, in that order."""
    if not docs:
        return []
    first = (date.fromisoformat(max(doc.arrived for doc in docs)) - timedelta(days=days - 1)).isoformat()
    return [doc for doc in docs if doc.arrived >= first]


def row(doc: search.SearchDoc) -> list[Any]:
    return [list(value) if isinstance(value, tuple) else value for value in (getattr(doc, name) for name in ROWS)]


def recent_data(
    digest: Digest, analyses: search.Analyses = search.analyse, every: list[search.SearchDoc] | None = None
) -> RecentData:
    """The For you files; `analyses` gives the recent papers' search analyses (kept ones, in a build); `every`
    is the digest's search_docs when the caller has made them."""
    docs = recent_docs(search.search_docs(digest) if every is None else every)
    if not docs:
        return RecentData(files=())
    index = search_index.build_from(analyses(docs))
    files, firsts = [], []
    for number, shard in enumerate(search_index.shards(index, SHARD_BYTES)):
        firsts.append(shard["terms"][0])  # type: ignore[index]
        files.append((URLS.foryou_terms(number), dumps_json(shard)))
    head = search.head(index, len(docs), firsts, search.Tables())
    # Only what a query on this index reads: the whole digest's store, fragments and suggestions are not its.
    for unused in ("store", "paper", "per_file", "shard", "words", "fragment", "packed"):
        del head[unused]
    head |= {
        "terms": FORYOU_TERMS,
        "vocabulary": URLS.foryou_vocabulary,
        "row": list(ROWS),
        "rows": [row(doc) for doc in docs],
        "newest": docs[-1].arrived,
        "days": DAYS,
    }
    files.append((URLS.foryou_data, dumps_json(head)))
    files.append((URLS.foryou_vocabulary, dumps_json(index.terms)))
    return RecentData(files=tuple(sorted(files)))
