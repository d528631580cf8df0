"""The search data: one Lunr index over every word of the digest, cut by term.

What a query downloads grows with its words, not with the digest (issue 12):

- `search/index.json`, the head, is all a query loads first: the fields and their
  boosts, the search pipeline, the number of papers, the first term of every term
  shard, and where the other files are. A few KB at 20,000 papers.
- `search/terms/NNNN.json.gz` are the term shards (search_index.py): the sorted terms
  of the one index over all papers, cut into runs of about 16 KB, each term with its
  postings per field (papers and lunr's field-vector weights, coded as characters:
  search_index.encode; the head gives the digits). search.js fetches the
  shards its query's terms fall in (for `gen*`, those its prefix spans), builds a
  `lunr.Index` of them and lets lunr score: the ranking is lunr's over the whole
  digest.
- `search/papers/NNNNN.json.gz` hold the result fragments, FRAGMENTS papers' a file: what a result's
  card shows (the list card's facts: days, upvotes and the day they were counted,
  organisation, authors, topics, code) and the abstract its snippet is cut from,
  fetched only for results on screen (a few papers a file: gzip packs them better than one, at the price
  of the neighbours' bytes fetched with a result); a page as its slug, topics and the organisation
  as numbers in the head's tables (`packing`: a topic's title and page, an
  organisation's name and page are written once, in the head, not in every fragment).
- `search/store-NNNN.json.gz` hold what results are sorted and filtered by, SHARD_SIZE
  papers each, fetched only when the reader sorts other than by relevance or filters.
- `search/terms.json.gz` (every term: fuzzy and infix wildcard queries) and
  `search/words.json.gz` (words to suggest when nothing matches) are fetched only then.

Every file but the head is stored gzipped (outputs/gzipped.py: the site's bytes are counted as stored;
search.js inflates them, load.js): at 4,600 papers 1.25 KB a paper instead of 2.6.

Every word is indexed and queried in one spelling, the British (spelling.british, the head's
`spelling` tables for search.js): "generalization" finds what "generalisation" finds.

Papers are numbered by arrival, oldest first (then by URL); that number is their lunr
ref, and their place among the fragments and in the store. A new day's papers take the next
numbers: the full fragment and store files of the papers before do not change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import lunr

from generator.config import LUNR_JS
from generator.model import Digest
from generator.outputs import search_index
from generator.outputs.export import dumps_json
from generator.outputs.gzipped import MAGIC, gzipped
from generator.outputs.search_index import DIGITS, FIELDS, K1, LAST, B
from generator.problems import DigestError
from generator.spelling import search_rules
from generator.urls import PAPER, SEARCH_PAPER, SEARCH_STORE, SEARCH_TERMS, URLS

SHARD_SIZE = 50  # papers per store shard
# Result fragments a file: 2 gzip to 91% of the bytes of 2 files (abstracts share words; 4 to 83%, 8 to 76%), and
# a screen of ten results fetches at most ten files of 2: 4 would add 23 KB to a first query at 5,000 papers.
FRAGMENTS = 2
FORMAT = 8  # 8: files gzipped, fragments FRAGMENTS a file (`per_file`), store rows without title, page, date
# lunr.js's search pipeline, by registered name: "spelling" (search-spelling.js, from the head's
# `spelling` tables) writes a word as the index does (search_index.term_of), then lunr's stemmer.
PIPELINE = ("spelling", "stemmer")
# A store row's fields, in order, named as SearchDoc names them: what results are sorted by (arrived, upvotes)
# and filtered by (topics, has_code), nothing a result shows only (its fragment has that: a row of title and
# page was 6 times the bytes). The head lists them, and search.js reads rows by these names: a position is
# written here only.
ROW_FIELDS = ("arrived", "upvotes", "topics", "has_code")
# A fragment: what the list card (partials/paper_card.html) shows of a paper, and the abstract. `counted`: the
# day of the upvote count ("" when not counted); `org` null when none; `authors` null when unknown; `code` the
# card's Code link ("" when none).
FRAGMENT_FIELDS = (
    "url",
    "title",
    "date",
    "arrived",
    "upvotes",
    "counted",
    "topics",
    "org",
    "authors",
    "code",
    "abstract",
)
# What a fragment writes shorter (issue 22: a fragment is one file a paper): a field's value inside the text
# around it ("papers/" + slug + ".html"), or its value(s) as places in a table the head holds (a topic, an
# organisation as its number). The head carries this; search.js reads a fragment back through it.
_PAGE_BEFORE, _PAGE_AFTER = PAPER.split("{slug}")


class SearchError(DigestError):
    pass


@dataclass(frozen=True)
class SearchDoc:
    """What search knows of one paper."""

    url: str
    title: str
    date: str  # the paper's own date, "" when unknown
    arrived: str  # the day it arrived in the digest
    upvotes: int | None
    topics: tuple[str, ...]
    org: str
    abstract: str
    has_code: bool = False
    authors: tuple[str, ...] = ()  # names as the API gives them; () when unknown
    # What only a result's card shows (not indexed, not sorted by): the list card's facts.
    counted: str = ""  # the day the upvotes were counted, "" when not counted
    topic_pages: tuple[str, ...] = ()  # each topic's page, as `topics`
    org_page: str = ""  # the organisation's page, "" when none
    author_count: int | None = None  # None when unknown
    code: str = ""  # the card's Code link, "" when none

    def texts(self) -> tuple[str, ...]:
        """The text of each index field, in FIELDS order."""
        return (self.title, self.abstract, " ".join(self.topics), self.org, " ".join(self.authors))


@dataclass(frozen=True)
class SearchData:
    """Every search file, as (path relative to the site, text), in path order; the site stores a path ending in
    .gz gzipped (gzipped.stored)."""

    files: tuple[tuple[str, str], ...]

    def text(self, path: str) -> str:
        return dict(self.files)[path]


def search_docs(digest: Digest) -> list[SearchDoc]:
    """The papers in a fixed order, by arrival (oldest first), then URL; a paper's number is its
    place here. A new day's papers come last, so the papers before keep their numbers, and
    their fragments and store files their bytes (the next build links them, not writes them)."""
    docs = [
        SearchDoc(
            url=paper.url,
            title=paper.title,
            date=paper.date.isoformat() if paper.date else "",
            arrived=paper.arrived.isoformat(),
            upvotes=paper.upvotes,
            topics=tuple(t.title for t in paper.topics),
            org=paper.org.name if paper.org else "",
            abstract=paper.abstract,
            has_code=paper.has_code,
            authors=paper.hub.author_names,
            counted=paper.upvotes_counted.isoformat() if paper.upvotes_counted else "",
            topic_pages=tuple(t.url for t in paper.topics),
            org_page=(paper.org_url or "") if paper.org else "",
            author_count=paper.authors,
            code=paper.code_links[0] if paper.code_links else "",
        )
        for paper in digest.papers.values()
    ]
    return sorted(docs, key=lambda doc: (doc.arrived, doc.url))


@dataclass(frozen=True)
class Tables:
    """What many fragments would repeat, held once by the head: a fragment names an entry by its place."""

    topics: tuple[dict[str, str], ...] = ()  # {"title", "url"}, by title
    orgs: tuple[dict[str, str], ...] = ()  # {"name", "url"}, by name then page

    @cached_property
    def _places(self) -> dict[tuple[str, ...], int]:
        return {tuple(e.values()): n for table in (self.topics, self.orgs) for n, e in enumerate(table)}

    def place(self, entry: dict[str, str]) -> int:
        """An entry's place in its table (a topic's, an organisation's)."""
        return self._places[tuple(entry.values())]


def tables(docs: list[SearchDoc]) -> Tables:
    """Every topic and organisation the papers have, sorted: a fragment writes one as its place here."""
    topics = sorted({pair for doc in docs for pair in zip(doc.topics, doc.topic_pages, strict=True)})
    orgs = sorted({(doc.org, doc.org_page) for doc in docs if doc.org})
    return Tables(
        topics=tuple({"title": title, "url": url} for title, url in topics),
        orgs=tuple({"name": name, "url": url} for name, url in orgs),
    )


def packing(shared: Tables) -> dict[str, Any]:
    """How a fragment's fields are written shorter (`fragment`), for search.js to read them back: a field
    `around` two texts holds only what is between them; a field `of` a table holds a place in it (a list
    field, places; null stays null)."""
    return {
        "url": {"around": [_PAGE_BEFORE, _PAGE_AFTER]},
        "topics": {"of": list(shared.topics)},
        "org": {"of": list(shared.orgs)},
    }


def head(index: search_index.TermIndex, papers: int, firsts: list[str], shared: Tables) -> dict[str, Any]:
    """What every query loads first: how to read the query, and where everything else is."""
    return {
        "format": FORMAT,
        "version": lunr.__TARGET_JS_VERSION__,
        "fields": [name for name, _ in FIELDS],
        "boosts": [boost for _, boost in FIELDS],
        "k1": K1,
        "b": B,
        "pipeline": list(PIPELINE),
        "spelling": search_rules(),
        "papers": papers,
        "count": len(index.terms),
        "shards": firsts,
        "digits": DIGITS,
        "last": LAST,
        "terms": SEARCH_TERMS,
        "paper": SEARCH_PAPER,
        "per_file": FRAGMENTS,
        "store": SEARCH_STORE,
        "shard": SHARD_SIZE,
        "vocabulary": URLS.search_vocabulary,
        "words": URLS.search_words,
        "row": list(ROW_FIELDS),
        "fragment": list(FRAGMENT_FIELDS),
        "packed": packing(shared),
    }


def store_row(doc: SearchDoc) -> list[Any]:
    """The doc's ROW_FIELDS, in order: what results are sorted and filtered by ("", null: unknown).
    An array on disk, an object in search.js (the head names the fields). Topics are their titles;
    search.html's topic filter names each topic by slug with its title, which is how search.js
    finds it in a row."""
    return [list(value) if isinstance(value, tuple) else value for value in (getattr(doc, name) for name in ROW_FIELDS)]


def fragment(doc: SearchDoc, shared: Tables) -> list[Any]:
    """A result fragment, FRAGMENT_FIELDS: what the card shows and the abstract, its white space folded
    (search.js cuts the snippet where the query is), written shorter as `packing(shared)` says."""
    values: dict[str, Any] = {
        "url": doc.url,
        "title": doc.title,
        "date": doc.date,
        "arrived": doc.arrived,
        "upvotes": doc.upvotes,
        "counted": doc.counted,
        "topics": [{"title": t, "url": u} for t, u in zip(doc.topics, doc.topic_pages, strict=True)],
        "org": {"name": doc.org, "url": doc.org_page} if doc.org else None,
        "authors": doc.author_count,
        "code": doc.code,
        "abstract": " ".join(doc.abstract.split()),
    }
    for name, how in packing(shared).items():
        if "around" in how:
            before, after = how["around"]
            if not (values[name].startswith(before) and values[name].endswith(after)):
                raise SearchError(f"{values[name]}: a paper's page is not {before}…{after}")
            values[name] = values[name][len(before) : len(values[name]) - len(after)]
        elif isinstance(values[name], list):
            values[name] = [shared.place(value) for value in values[name]]
        elif values[name] is not None:
            values[name] = shared.place(values[name])
    return [values[name] for name in FRAGMENT_FIELDS]


Analyses = Callable[[Sequence["SearchDoc"]], list[search_index.Analysis]]  # each doc's analysis, in order


def analyse(docs: Sequence[SearchDoc]) -> list[search_index.Analysis]:
    """Each doc's analysis, made afresh (outputs/kept.py keeps them between builds)."""
    analyze_paper = search_index.Analyzer()
    return [analyze_paper(doc.texts()) for doc in docs]


def search_data(digest: Digest, analyses: Analyses = analyse) -> SearchData:
    """Every search file of a digest: head, term shards, vocabulary, words, fragments and store."""
    docs = search_docs(digest)
    return SearchData(files=tuple(sorted([*index_files(docs, analyses), *paper_files(docs)])))


def index_files(docs: list[SearchDoc], analyses: Analyses = analyse) -> Iterator[tuple[str, str]]:
    """The index's files of the docs (search_docs): head, term shards, vocabulary and words, each made as it is
    taken (memory holds the index, not every shard's text)."""
    index = search_index.build_from(analyses(docs))
    firsts = []
    for number, shard in enumerate(search_index.shards(index)):
        firsts.append(shard["terms"][0])  # type: ignore[index]
        yield URLS.search_terms(number), dumps_json(shard)
    yield URLS.search_index, dumps_json(head(index, len(docs), firsts, tables(docs)))
    yield URLS.search_vocabulary, dumps_json(index.terms)
    yield URLS.search_words, dumps_json(search_index.suggestions(index))


def paper_files(docs: list[SearchDoc]) -> Iterator[tuple[str, str]]:
    """What search shows and sorts each doc by: the result fragments and the store, each made as it is taken
    (a new day leaves nearly all of them as they were: papers are numbered by arrival)."""
    shared = tables(docs)
    for start in range(0, len(docs), FRAGMENTS):
        fragments = [fragment(doc, shared) for doc in docs[start : start + FRAGMENTS]]
        yield URLS.search_paper(start // FRAGMENTS), dumps_json(fragments)
    for start in range(0, len(docs), SHARD_SIZE):
        rows = [store_row(doc) for doc in docs[start : start + SHARD_SIZE]]
        yield URLS.search_store(start // SHARD_SIZE), dumps_json(rows)


def gzipped_size(text: str | bytes) -> int:
    """The bytes a file takes on the wire: gzipped, or as it is when it is stored gzipped."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return len(data) if data.startswith(MAGIC) else len(gzipped(data))


def lunr_js(root: Path) -> Path:
    """The installed lunr.js, or a one-line error telling how to install it."""
    path = root / LUNR_JS
    if not path.is_file():
        raise SearchError(f"{path} is missing: run `make site` (or `npm ci`) to install lunr.js")
    return path
