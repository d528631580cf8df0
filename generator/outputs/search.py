"""The search data: a Lunr index built with lunr.py, packed small, and a sharded store.

Designed for 20,000 papers with a first query of at most about 1 MB gzipped:

- `search/index.json` is always what the first query loads: one Lunr index over
  every paper's title (boosted), topics, organisation and the top TF-IDF terms of
  its abstract. lunr.py builds it (papers referenced by their page URL); what is
  shipped is what lunr.py's index is made of, packed: the vocabulary once, and
  each paper's terms per field as delta-coded numbers, the paper itself being its
  number in the store. lunr.js (`unpack` in static/js/search.js) scores the field
  vectors with lunr's own BM25 and loads the result with `lunr.Index.load`; the
  tests check that every field vector equals lunr.py's. Not shipping the scores
  halves the file: 20,000 papers fit in about 0.75 MB gzipped.
- `search/store-NNNN.json` are shards of what a result shows (URL, title, dates,
  upvotes, topics, snippet) and what results are sorted and filtered by (dates,
  upvotes, topics, has code), SHARD_SIZE papers each: fetched for the results
  shown, or, when the reader sorts other than by relevance or filters, for the
  1,000 best results (SORT_LIMIT in static/js/search.js).

Text is analysed exactly as lunr.js analyses a query (lowercase, split on
whitespace and hyphens, ASCII trimmer, stop words, Porter stemmer), so every
indexed term is one a query can reach. lunr.py does the indexing, on terms we
analysed once per distinct word: its own pipeline would analyse every token again.
"""

from __future__ import annotations

import gzip
import heapq
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import lunr
from lunr.builder import Builder
from lunr.stemmer import PorterStemmer, stemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS

from generator.files import copy_file, write_text
from generator.model import Digest
from generator.outputs.export import dumps_json
from generator.problems import DigestError
from generator.urls import SEARCH_STORE, URLS

# Field name and build-time boost, in index order.
FIELDS: tuple[tuple[str, int], ...] = (("title", 10), ("topics", 4), ("org", 2), ("terms", 1))
TOP_TERMS = 12  # per abstract, in the always-loaded index
SHARD_SIZE = 50  # papers per store shard
SNIPPET_CHARS = 240
FORMAT = 2
LUNR_JS = Path("node_modules") / "lunr" / "lunr.min.js"  # where npm installs it, under the project root

_SEPARATOR = re.compile(r"[\s\xa0-]+")
# lunr.js trims with /^\W+/ and /\W+$/, where \W is ASCII-only: match it exactly.
_LEAD = re.compile(r"^\W+", re.ASCII)
_TRAIL = re.compile(r"\W+$", re.ASCII)


class LunrJsStemmer(PorterStemmer):
    """lunr.py's Porter stemmer, with step 1c as lunr.js has it (the query side stems with lunr.js).

    lunr.py turns a final y into i after any vowel in the stem ("survey" -> "survei"),
    lunr.js only after a consonant ("survey" stays, "try" -> "tri").
    """

    def step1c(self) -> None:
        if self.ends("y") and self.j > self.k0 and self.b[self.j] not in "aeiou":
            self.b = self.b[: self.k] + "i" + self.b[self.k + 1 :]


_STEMMER = LunrJsStemmer()


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


@dataclass(frozen=True)
class SearchData:
    """Every search file, as (path relative to the site, text), in path order."""

    files: tuple[tuple[str, str], ...]

    def text(self, path: str) -> str:
        return dict(self.files)[path]


@lru_cache(maxsize=200_000)
def _term(word: str) -> str:
    """One lowercased word as lunr.js indexes it; '' for a stop word or no word."""
    word = _TRAIL.sub("", _LEAD.sub("", word))
    if not word or word in STOP_WORDS:
        return ""
    return _STEMMER.stem(word)


def analyze(text: str) -> list[str]:
    """The index terms of a text, in order, as lunr's default pipeline makes them."""
    return [term for word in _SEPARATOR.split(text.lower()) if word and (term := _term(word))]


def search_docs(digest: Digest) -> list[SearchDoc]:
    """The papers in a fixed order (by URL); a paper's number is its place here."""
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
        )
        for paper in digest.papers.values()
    ]
    return sorted(docs, key=lambda doc: doc.url)


def top_terms(abstracts: Sequence[list[str]], k: int = TOP_TERMS) -> list[list[str]]:
    """Each abstract's k terms of highest TF-IDF, best first (ties by term)."""
    counts = [Counter(terms) for terms in abstracts]
    df: Counter[str] = Counter()
    for counter in counts:
        df.update(counter.keys())
    n = len(abstracts)
    idf = {term: math.log((n + 1) / (d + 1)) + 1 for term, d in df.items()}
    best = []
    for counter in counts:
        ranked = heapq.nsmallest(k, counter.items(), key=lambda item: (-item[1] * idf[item[0]], item[0]))
        best.append([term for term, _ in ranked])
    return best


def field_terms(docs: Sequence[SearchDoc]) -> list[dict[str, list[str]]]:
    """The analysed terms of every field of every paper."""
    keywords = top_terms([analyze(doc.abstract) for doc in docs])
    return [
        {
            "title": analyze(doc.title),
            "topics": analyze(" ".join(doc.topics)),
            "org": analyze(doc.org),
            "terms": terms,
        }
        for doc, terms in zip(docs, keywords, strict=True)
    ]


def index_builder(terms: Sequence[Mapping[str, list[str]]], refs: Sequence[str]) -> Builder:
    """lunr.py's builder with every paper added, over pre-analysed terms (its indexing pipeline is empty).

    `.build()` gives the lunr.py index; `pack` ships what it is built from.
    """
    builder = Builder()
    builder.search_pipeline.add(stemmer)
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for ref, fields in zip(refs, terms, strict=True):
        builder.add({"ref": ref, **fields})
    return builder


def pack(builder: Builder, refs: Sequence[str]) -> dict[str, Any]:
    """The term frequencies lunr.py's index is built from, packed; papers become their numbers.

    `docs[field][n]` lists paper n's terms in that field as ascending numbers into
    `terms` (a number repeats when the term does), delta-coded. Field lengths, term
    frequencies and document frequencies all follow from it, so `unpack` in
    search.js scores every field vector with lunr's BM25 (k1, b, field boosts as
    lunr.py used them) instead of shipping the scores: they are half the bytes.
    Terms are numbered most frequent first, which keeps the deltas small.
    """
    df: Counter[str] = Counter()
    for term, posting in builder.inverted_index.items():
        df[term] = sum(len(posting[name]) for name in builder._fields)
    vocabulary = sorted(df, key=lambda term: (-df[term], term))
    number = {term: n for n, term in enumerate(vocabulary)}
    fields = list(builder._fields)
    docs: dict[str, list[list[int]]] = {}
    for name in fields:
        column = []
        for ref in refs:
            frequencies = builder.field_term_frequencies[f"{name}/{ref}"]
            flat, previous = [], 0
            for term_number in sorted(number[term] for term, tf in frequencies.items() for _ in range(tf)):
                flat.append(term_number - previous)
                previous = term_number
            column.append(flat)
        docs[name] = column
    return {
        "format": FORMAT,
        "version": lunr.__TARGET_JS_VERSION__,
        "fields": fields,
        "boosts": [builder._fields[name].boost for name in fields],
        "k1": builder._k1,
        "b": builder._b,
        "pipeline": builder.search_pipeline.serialize(),
        "papers": len(refs),
        "shard": SHARD_SIZE,
        "store": SEARCH_STORE,
        "terms": vocabulary,
        "docs": docs,
    }


def snippet(abstract: str, limit: int = SNIPPET_CHARS) -> str:
    """The start of an abstract, cut at a word, with an ellipsis when cut."""
    text = " ".join(abstract.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:.") + "…"


def store_row(doc: SearchDoc) -> list[Any]:
    """[url, title, date, arrived, upvotes, topics, snippet, has_code]: all a result shows, sorts and
    filters by ("", null: unknown). Topics are their titles; search.html's topic filter names each
    topic by slug with its title, which is how search.js finds it in a row."""
    return [
        doc.url,
        doc.title,
        doc.date,
        doc.arrived,
        doc.upvotes,
        list(doc.topics),
        snippet(doc.abstract),
        doc.has_code,
    ]


def search_data(digest: Digest) -> SearchData:
    """Every search file of a digest: the packed index and the store shards."""
    docs = search_docs(digest)
    refs = [doc.url for doc in docs]
    files = [(URLS.search_index, dumps_json(pack(index_builder(field_terms(docs), refs), refs)))]
    for start in range(0, len(docs), SHARD_SIZE):
        rows = [store_row(doc) for doc in docs[start : start + SHARD_SIZE]]
        files.append((URLS.search_store(start // SHARD_SIZE), dumps_json(rows)))
    return SearchData(files=tuple(sorted(files)))


def first_query_paths(shards: int, shown: int = 10) -> list[str]:
    """The search files a first query downloads when it shows its top `shown` results (worst case),
    for an index with `shards` store files."""
    return [URLS.search_index, *[URLS.search_store(n) for n in range(min(shown, shards))]]


def gzipped_size(text: str | bytes) -> int:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def lunr_js(root: Path) -> Path:
    """The installed lunr.js, or a one-line error telling how to install it."""
    path = root / LUNR_JS
    if not path.is_file():
        raise SearchError(f"{path} is missing: run `make site` (or `npm ci`) to install lunr.js")
    return path


def write_search(digest: Digest, site: Path, root: Path) -> None:
    """Write the search files and lunr.js (from node_modules under root) into the site."""
    for path, text in search_data(digest).files:
        write_text(site / path, text)
    copy_file(lunr_js(root), site / URLS.lunr_js)
