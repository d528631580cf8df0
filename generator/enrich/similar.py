"""Similar papers: TF-IDF over title and abstract, cosine similarity, top k per paper, kept up to date.

A paper's vector depends on its own text and the vocabulary alone (IDF from the
committed vocabulary, generator/enrich/vocabulary.py), so the score of two
papers depends on those two alone. Weights are rounded to multiples of 2^-20,
so every product is a multiple of 2^-40 and every sum of them is exact in
float64: a score is the same bits whichever paper is the row, in whatever order
the terms are added. That makes the lists incremental and still exact: from the
previous build's lists (`SimilarCache`), a build scores only the new and changed
papers against all, and a kept paper's list changes only when a new paper
enters it; a list that held a removed or changed paper is computed again in
full. The result is always the one a build from scratch gives.

Rows are compared block by block (a few hundred at a time against all papers),
so memory grows with the number of papers, never with its square. A build from
scratch still compares all pairs: its price grows with the square of the
papers, a day's new papers cost one row each.

Deterministic: papers are ordered by slug, scores are rounded before ranking,
and ties go to the smaller slug.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

from generator.enrich import vocabulary as vocabulary_module
from generator.enrich.vocabulary import Vocabulary, analyzer, count_vocabulary
from generator.parallel import chunked_map, default_workers

DECIMALS = 5  # scores are ranked at this precision, so near-ties go to the smaller slug
SCALE = float(2**20)  # weights are multiples of 1/SCALE: products and their sums are exact in float64
CODE_KEY = hashlib.sha256(Path(__file__).read_bytes() + Path(vocabulary_module.__file__).read_bytes()).hexdigest()[:20]

Vector = tuple[np.ndarray, np.ndarray]  # term hashes (uint64, ascending), weights (int32, times 1/SCALE)


@dataclass(frozen=True)
class Document:
    slug: str
    title: str
    abstract: str


@dataclass(frozen=True)
class Neighbour:
    slug: str
    score: float


@dataclass(frozen=True, eq=False)
class SimilarCache:
    """What the next build reuses: vectors by text, lists by slug. Valid for one `key` only."""

    key: str  # vocabulary, code and k
    vectors: dict[str, Vector] = field(default_factory=dict)  # text_key -> vector
    lists: dict[str, tuple[str, tuple[Neighbour, ...]]] = field(default_factory=dict)  # slug -> (text_key, top k)


def document_text(doc: Document) -> str:
    # The title counts twice: it says what the paper is about in the fewest words.
    return f"{doc.title}\n{doc.title}\n{doc.abstract}"


def text_key(doc: Document) -> str:
    return hashlib.sha1(f"{doc.title}\0{doc.abstract}".encode()).hexdigest()


def cache_key(vocabulary: Vocabulary, k: int) -> str:
    return hashlib.sha256(f"{vocabulary.key} {CODE_KEY} {k}".encode()).hexdigest()[:20]


def paper_vocabulary(docs: Sequence[Document]) -> Vocabulary:
    """The vocabulary to commit, counted on these papers (`paper-digest vocabulary`)."""
    return count_vocabulary(document_text(d) for d in docs)


def similar_papers(
    docs: Sequence[Document],
    k: int = 5,
    block: int = 512,
    workers: int = 0,
    vocabulary: Vocabulary | None = None,
) -> dict[str, tuple[Neighbour, ...]]:
    """slug -> its k most similar other papers, best first (only those with a score above 0).

    Without a vocabulary, IDF is counted on `docs` themselves.
    """
    return similar_lists(docs, vocabulary, k=k, block=block, workers=workers)[0]


def similar_lists(
    docs: Sequence[Document],
    vocabulary: Vocabulary | None,
    known: SimilarCache | None = None,
    k: int = 5,
    block: int = 512,
    workers: int = 0,
) -> tuple[dict[str, tuple[Neighbour, ...]], SimilarCache]:
    """The lists, and the cache for the next build; `known` is the last build's cache (ignored if stale).

    Blocks of rows are shared among `workers` forked processes (0: both cores for large digests).
    """
    ordered = sorted(docs, key=lambda d: d.slug)
    slugs = [d.slug for d in ordered]
    if vocabulary is None:
        vocabulary = count_vocabulary((document_text(d) for d in ordered), min_papers=1)
    key = cache_key(vocabulary, k)
    if known is None or known.key != key:
        known = SimilarCache(key)
    keys = [text_key(d) for d in ordered]
    workers = workers or default_workers(len(ordered))
    vectors = _vectors(ordered, keys, vocabulary, known.vectors, workers)
    cache = SimilarCache(key, {text: vectors[text] for text in keys})
    if len(ordered) < 2 or k < 1:
        lists = {slug: () for slug in slugs}
        cache.lists.update((slug, (text, ())) for slug, text in zip(slugs, keys, strict=True))
        return lists, cache

    matrix = _matrix([vectors[text] for text in keys])
    transposed = matrix.T.tocsr()
    index = {slug: i for i, slug in enumerate(slugs)}
    kept = {i for i, slug in enumerate(slugs) if known.lists.get(slug, ("",))[0] == keys[i]}
    gone = {slug for slug in known.lists if index.get(slug) not in kept}
    again = [i for i in range(len(slugs)) if i not in kept or any(n.slug in gone for n in known.lists[slugs[i]][1])]
    # A kept list that held no removed paper changes only where a new paper beats its last entry
    # (or, while it is short, scores above 0): the threshold of each such column.
    bar = np.full(len(slugs), np.inf)
    bar_slug = np.full(len(slugs), -1)
    again_set = set(again)
    for i in kept - again_set:
        old = known.lists[slugs[i]][1]
        if len(old) == k:
            bar[i], bar_slug[i] = old[-1].score, index[old[-1].slug]
        else:
            bar[i] = 0.0
    watched = bool(len(kept) > len(kept & again_set))
    new = np.array([i not in kept for i in range(len(slugs))])  # only new papers can enter a kept list

    def block_tops(rows: np.ndarray) -> tuple[list[tuple[Neighbour, ...]], list[tuple[int, int, float]]]:
        scores = np.round((matrix[rows] @ transposed).toarray(), DECIMALS)
        scores[np.arange(len(rows)), rows] = -1.0  # never similar to itself
        entering: list[tuple[int, int, float]] = []
        if watched and new[rows].any():
            beats = (scores > bar) | ((scores == bar) & (rows[:, None] < bar_slug))
            beats &= new[rows][:, None]
            entering = [(int(c), int(rows[r]), float(scores[r, c])) for r, c in zip(*np.nonzero(beats), strict=True)]
        return [_top(row, slugs, k) for row in scores], entering

    again_rows = np.array(again, dtype=np.int64)
    blocks = [again_rows[start : start + block] for start in range(0, len(again_rows), block)]
    results = chunked_map(lambda chunk: [block_tops(rows) for rows in chunk], blocks, workers)

    lists: dict[str, tuple[Neighbour, ...]] = {}
    entered: dict[int, list[Neighbour]] = {}
    for rows, (tops, entering) in zip(blocks, results, strict=True):
        lists.update(zip((slugs[i] for i in rows), tops, strict=True))
        for column, row, score in entering:
            entered.setdefault(column, []).append(Neighbour(slugs[row], score))
    for i in sorted(kept - again_set):
        old = known.lists[slugs[i]][1]
        if i in entered:
            old = tuple(sorted((*old, *entered[i]), key=lambda n: (-n.score, n.slug))[:k])
        lists[slugs[i]] = old
    cache.lists.update((slug, (text, lists[slug])) for slug, text in zip(slugs, keys, strict=True))
    return {slug: lists[slug] for slug in slugs}, cache


def vectorize(text: str, vocabulary: Vocabulary, analyze=None) -> Vector:
    """A paper's TF-IDF vector (sublinear tf, L2-normalised), with weights rounded to 1/SCALE."""
    counts = Counter((analyze or analyzer())(text))
    if not counts:
        return np.zeros(0, np.uint64), np.zeros(0, np.int32)
    terms = sorted(counts)
    weights = (1 + np.log(np.array([counts[t] for t in terms], np.float64))) * np.array(
        [vocabulary.idf(t) for t in terms]
    )
    weights = np.round(weights / np.sqrt(weights @ weights) * SCALE).astype(np.int32)
    hashes = np.array([_term_hash(t) for t in terms], np.uint64)
    order = np.argsort(hashes, kind="stable")
    keep = weights[order] > 0
    return hashes[order][keep], weights[order][keep]


def _term_hash(term: str) -> int:
    """A term's column: 64 bits of BLAKE2b (a clash among a few million terms has odds of about 1e-7)."""
    return int.from_bytes(hashlib.blake2b(term.encode(), digest_size=8).digest(), "little")


def _vectors(
    ordered: Sequence[Document],
    keys: Sequence[str],
    vocabulary: Vocabulary,
    known: Mapping[str, Vector],
    workers: int,
) -> dict[str, Vector]:
    """text_key -> vector for every paper, computing only those not in `known`."""
    vectors = {text: known[text] for text in keys if text in known}
    missing = {text: doc for text, doc in zip(keys, ordered, strict=True) if text not in vectors}
    if missing:

        def compute(docs: Sequence[Document]) -> list[Vector]:
            analyze = analyzer()
            return [vectorize(document_text(doc), vocabulary, analyze) for doc in docs]

        fresh = chunked_map(compute, list(missing.values()), workers if len(missing) >= 1000 else 1)
        vectors.update(zip(missing, fresh, strict=True))
    return vectors


def _matrix(vectors: Sequence[Vector]) -> csr_matrix:
    """Rows of weights in float64 (exact multiples of 1/SCALE), one column per distinct term hash."""
    lengths = np.array([len(hashes) for hashes, _ in vectors], np.int64)
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    if not indptr[-1]:
        return csr_matrix((len(vectors), 1), dtype=np.float64)
    hashes = np.concatenate([h for h, _ in vectors])
    weights = np.concatenate([w for _, w in vectors]).astype(np.float64) / SCALE
    columns, inverse = np.unique(hashes, return_inverse=True)
    return csr_matrix((weights, inverse.astype(np.int64), indptr), shape=(len(vectors), len(columns)))


def _top(row: np.ndarray, slugs: list[str], k: int) -> tuple[Neighbour, ...]:
    """The k best columns of one row: score descending, then slug (columns are in slug order)."""
    count = min(k, len(row))
    if count < len(row):
        kth = np.partition(row, len(row) - count)[len(row) - count]
        candidates = np.flatnonzero(row >= kth)
    else:
        candidates = np.arange(len(row))
    # lexsort: last key is primary. Column index breaks ties: smaller slug first.
    ranked = candidates[np.lexsort((candidates, -row[candidates]))][:k]
    return tuple(Neighbour(slug=slugs[i], score=float(row[i])) for i in ranked if row[i] > 0)
