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

Without a vocabulary, IDF is counted on the papers themselves (as before the
vocabulary file): every new paper then changes every weight, and nothing is reused.

A build from scratch (no cache, another vocabulary or code) takes every row's best
from one sparse product that keeps only each row's few largest scores
(similar_search.tops_from_product: sparse_dot_topn, on two threads in one process);
a row it cannot be sure of (a tie at its cut) is scored again like the rows of a
new day: block by block against all papers, a block holding at most BLOCK_CELLS
scores (512 rows at 2,000 papers, 83 at 100,000), so memory grows with the number
of papers, never with its square. Either way every pair sharing a term is scored,
and the price grows with the square of the papers. `bounds=True` scores instead only the pairs MaxScore's
bounds cannot rule out (similar_search.py): the same lists, but on papers like
ours the bounds rule out under 2% of pairs (every pair shares some weighty term),
so it costs 1.7 to 1.9x the comparison of all pairs, and is not the default
(docs/performance.md, "Similar papers from scratch"). Terms are weighed for all
papers at once (`vectorize_all`), the same bits as one paper alone. Fifty new
papers among 20,000 cost about 0.7 s, plus 0.2 s to read and write the cache (48 MB).

Deterministic: papers are ordered by slug, scores are rounded before ranking,
and ties go to the smaller slug.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, vstack

from generator.enrich import similar_search
from generator.enrich import vocabulary as vocabulary_module

# DECIMALS: scores are ranked at this precision, so near-ties go to the smaller slug (named here for callers)
from generator.enrich.similar_search import DECIMALS as DECIMALS
from generator.enrich.similar_search import SCALE, bounded, every_pair, term_maxima, tops_from_product
from generator.enrich.vocabulary import Vocabulary, analyze, count_vocabulary
from generator.parallel import chunked_map, default_workers

BLOCK_CELLS = 1 << 23  # scores a block holds at most (rows x papers), whatever `block` allows
SOURCES = (__file__, similar_search.__file__, vocabulary_module.__file__)  # the code whose change changes lists
CODE_KEY = hashlib.sha256(b"".join(Path(source).read_bytes() for source in SOURCES)).hexdigest()[:20]

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
    """What the next build reuses: every paper's vector and list, as arrays. Valid for one `key` only.

    Row i is the paper `slugs[i]` with text `texts[i]`; `matrix` holds its weights times SCALE,
    column j being the term hash `hashes[j]`; `neighbours[i]` are rows (-1: none), `scores[i]` theirs.
    """

    key: str  # vocabulary, code and k
    slugs: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()
    hashes: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))
    matrix: csr_matrix = field(default_factory=lambda: csr_matrix((0, 0), dtype=np.int32))
    neighbours: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.int32))
    scores: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float64))


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
    bounds: bool = False,
) -> dict[str, tuple[Neighbour, ...]]:
    """slug -> its k most similar other papers, best first (only those with a score above 0).

    Without a vocabulary, IDF is counted on `docs` themselves.
    """
    return similar_lists(docs, vocabulary, k=k, block=block, workers=workers, bounds=bounds)[0]


def similar_lists(
    docs: Sequence[Document],
    vocabulary: Vocabulary | None,
    known: SimilarCache | None = None,
    k: int = 5,
    block: int = 512,
    workers: int = 0,
    bounds: bool = False,
) -> tuple[dict[str, tuple[Neighbour, ...]], SimilarCache]:
    """The lists, and the cache for the next build; `known` is the last build's cache (ignored if stale).

    Blocks of rows are shared among `workers` forked processes (0: both cores for large digests).
    `bounds`: score only the pairs MaxScore's bounds cannot rule out (similar_search.py), when no
    list of the last build stands; the same lists, slower on papers like ours.
    """
    ordered = sorted(docs, key=lambda d: d.slug)
    slugs = [d.slug for d in ordered]
    if vocabulary is None:
        vocabulary = count_vocabulary((document_text(d) for d in ordered), min_papers=1)
    key = cache_key(vocabulary, k)
    if known is None or known.key != key:
        known = SimilarCache(key)
    texts = [text_key(d) for d in ordered]
    workers = workers or default_workers(len(ordered))
    hashes, stored = _assemble(ordered, texts, vocabulary, known, workers)
    count = len(ordered)
    neighbours = np.full((count, max(k, 0)), -1, np.int32)
    scores = np.zeros((count, max(k, 0)), np.float64)
    if count >= 2 and k >= 1 and len(hashes):
        _update(stored, slugs, texts, known, neighbours, scores, block, workers, bounds)
    cache = SimilarCache(key, tuple(slugs), tuple(texts), hashes, stored, neighbours, scores)
    names = [*slugs, ""]  # row -1 (no neighbour) is cut off below
    lengths = (neighbours >= 0).sum(axis=1).tolist()
    lists = {
        slug: tuple(map(Neighbour, [names[j] for j in row[:length]], row_scores[:length]))
        for slug, row, row_scores, length in zip(slugs, neighbours.tolist(), scores.tolist(), lengths, strict=True)
    }
    return lists, cache


def _update(
    stored: csr_matrix,
    slugs: list[str],
    texts: list[str],
    known: SimilarCache,
    neighbours: np.ndarray,
    scores: np.ndarray,
    block: int,
    workers: int,
    bounds: bool = False,
) -> None:
    """Fill `neighbours` and `scores`: the last build's rows where they stand, the others computed."""
    count, k = neighbours.shape
    matrix = stored.astype(np.float64)
    matrix.data /= SCALE  # exact: a power of two
    old_row = {slug: j for j, slug in enumerate(known.slugs)}
    kept_from = np.array([old_row.get(slug, -1) for slug in slugs], np.int64)
    same_text = np.array([j >= 0 and known.texts[j] == text for j, text in zip(kept_from, texts, strict=True)], bool)
    kept_from[~same_text] = -1
    kept = np.flatnonzero(kept_from >= 0)
    old_to_new = np.full(len(known.slugs) + 1, -1, np.int64)  # the last entry: -1 (no neighbour) maps to -1
    old_to_new[kept_from[kept]] = kept
    old = known.neighbours[kept_from[kept]] if len(kept) else np.zeros((0, k), np.int32)
    moved = old_to_new[old]  # each old neighbour's new row, -1 if it left (or was none)
    broken = ((old >= 0) & (moved < 0)).any(axis=1)  # a neighbour was removed or changed: compute again
    standing = kept[~broken]
    if len(standing):
        neighbours[standing] = moved[~broken]
        scores[standing] = known.scores[kept_from[standing]]
    new = kept_from < 0
    again = np.sort(np.concatenate((np.flatnonzero(new), kept[broken])))
    # A standing list changes only where a new paper beats its last entry (or scores above 0 while it is short).
    bar = np.full(count, np.inf)
    bar_row = np.full(count, -1, np.int64)
    full = neighbours[standing, -1] >= 0
    bar[standing] = np.where(full, scores[standing, -1], 0.0)
    bar_row[standing] = np.where(full, neighbours[standing, -1], -1)
    watched = len(standing) > 0
    bounds = bounds and not watched  # a pair ruled out for its row may still enter a standing list
    few = len(again) * 8 < count and not bounds  # a few rows: score them as columns, without transposing all
    transposed = None if few else matrix.T.tocsr()
    maxima = term_maxima(matrix) if bounds else None

    def block_tops(rows: np.ndarray) -> tuple[list[np.ndarray], list[tuple[int, int, float]]]:
        if bounds:
            block_scores, _ = bounded(matrix, transposed, maxima, rows, k)
        else:
            block_scores = every_pair(matrix, transposed, rows)
        entering: list[tuple[int, int, float]] = []
        if watched and new[rows].any():
            beats = (block_scores > bar) | ((block_scores == bar) & (rows[:, None] < bar_row))
            beats &= new[rows][:, None]
            entering = [
                (int(c), int(rows[r]), float(block_scores[r, c])) for r, c in zip(*np.nonzero(beats), strict=True)
            ]
        return [_top(row, k) for row in block_scores], entering

    if not watched and not bounds and len(again):  # no list stands: every row's best from one product
        tops = tops_from_product(matrix, transposed if transposed is not None else matrix.T.tocsr(), again, k, workers)
        for i, top in zip(again.tolist(), tops, strict=True):
            if top is not None:
                neighbours[i, : len(top[0])] = top[0]
                scores[i, : len(top[0])] = top[1]
        again = again[[top is None for top in tops]]  # unsure rows: every pair of them, below
    rows_per_block = block_rows(block, count)
    blocks = [again[start : start + rows_per_block] for start in range(0, len(again), rows_per_block)]
    results = chunked_map(lambda chunk: [block_tops(rows) for rows in chunk], blocks, workers)
    entered: dict[int, list[tuple[float, int]]] = {}
    for rows, (tops, entering) in zip(blocks, results, strict=True):
        for i, (top, top_scores) in zip(rows, tops, strict=True):
            neighbours[i, : len(top)] = top
            scores[i, : len(top)] = top_scores
        for column, row, score in entering:
            entered.setdefault(column, []).append((score, row))
    for i, entries in entered.items():
        have = [(float(scores[i, c]), int(neighbours[i, c])) for c in range(k) if neighbours[i, c] >= 0]
        best = sorted(have + entries, key=lambda entry: (-entry[0], entry[1]))[:k]
        neighbours[i, : len(best)] = [row for _, row in best]
        scores[i, : len(best)] = [score for score, _ in best]


def block_rows(block: int, count: int) -> int:
    """Rows compared at a time: at most `block`, and few enough that a block's scores stay near BLOCK_CELLS.

    A block's scores are a dense array of rows x papers, held about four times over (the product,
    its dense copy, the rounded one, the comparison with the bars): at 100,000 papers, 512 rows
    were about 1.6 GB a process (410 MB a copy), 83 rows are about 270 MB. The cost a pair is the
    same (20,000 papers: 95.6 s of CPU for the step with 419 rows, 95.0 s with 512)."""
    return max(1, min(block, BLOCK_CELLS // max(count, 1)))


def vectorize(text: str, vocabulary: Vocabulary) -> Vector:
    """A paper's TF-IDF vector (sublinear tf, L2-normalised), with weights rounded to 1/SCALE."""
    return vectorize_all([text], vocabulary)[0]


def vectorize_all(texts: Sequence[str], vocabulary: Vocabulary) -> list[Vector]:
    """Every text's vector, as `vectorize` gives it, weighed in a few array operations over all of them.

    Python touches each term once a paper (to count it) and each distinct term once (its hash and
    IDF); the weights, norms and orders are numpy's. A paper's terms are summed in the order of the
    terms' text, so its norm, and thus its rounded weights, do not depend on the other papers.
    """
    index: dict[str, int] = {}  # term -> its number, in order of first sight
    numbers: list[int] = []
    counts: list[int] = []
    lengths = np.zeros(len(texts), np.int64)
    for row, text in enumerate(texts):
        counted = Counter(analyze(text))
        numbers += [index.setdefault(term, len(index)) for term in counted]
        counts += counted.values()
        lengths[row] = len(counted)
    if not index:
        return [(np.zeros(0, np.uint64), np.zeros(0, np.int32)) for _ in texts]
    terms = list(index)
    idf = np.array([vocabulary.idf(term) for term in terms], np.float64)
    # A term's column: 64 bits of BLAKE2b (a clash among a few million terms has odds of about 1e-7).
    hashes = np.frombuffer(b"".join(hashlib.blake2b(t.encode(), digest_size=8).digest() for t in terms), "<u8")
    # Each paper's terms are ordered twice, by one integer key: row, then the term's place in an order.
    text_rank = np.empty(len(terms), np.int64)
    text_rank[sorted(range(len(terms)), key=terms.__getitem__)] = np.arange(len(terms))
    hash_rank = np.empty(len(terms), np.int64)
    hash_rank[np.lexsort((text_rank, hashes))] = np.arange(len(terms))  # equal hashes: as the text orders them
    term = np.array(numbers, np.int64)
    row = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    by_text = np.argsort(row * len(terms) + text_rank[term])
    term, row = term[by_text], row[by_text]
    weights = (1 + np.log(np.array(counts, np.float64)[by_text])) * idf[term]
    bounds = np.concatenate(([0], np.cumsum(lengths))).tolist()
    # One dot product a paper, as a paper alone would be summed (the same bits however many are weighed).
    norms = np.array([np.sqrt(weights[a:b] @ weights[a:b]) for a, b in itertools.pairwise(bounds)])
    weights = np.round(weights / norms[row] * SCALE).astype(np.int32)
    by_hash = np.argsort(row * len(terms) + hash_rank[term])
    term, weights, row = term[by_hash], weights[by_hash], row[by_hash]
    keep = weights > 0
    ends = np.cumsum(np.bincount(row[keep], minlength=len(texts)))[:-1]
    return list(zip(np.split(hashes[term[keep]].astype(np.uint64), ends), np.split(weights[keep], ends), strict=True))


def _assemble(
    ordered: Sequence[Document],
    texts: Sequence[str],
    vocabulary: Vocabulary,
    known: SimilarCache,
    workers: int,
) -> tuple[np.ndarray, csr_matrix]:
    """Term hashes (ascending) and every paper's row of weights times SCALE, in slug order.

    Rows of texts the last build had are taken from it; only the others are computed.
    """
    old_by_text = {text: j for j, text in enumerate(known.texts)}
    source = [old_by_text.get(text, -1) for text in texts]
    reused = [i for i, j in enumerate(source) if j >= 0]
    missing = [i for i, j in enumerate(source) if j < 0]

    def compute(docs: Sequence[Document]) -> list[Vector]:
        return vectorize_all([document_text(doc) for doc in docs], vocabulary)

    fresh = chunked_map(compute, [ordered[i] for i in missing], workers if len(missing) >= 1000 else 1)
    fresh_hashes = np.concatenate([h for h, _ in fresh]) if fresh else np.zeros(0, np.uint64)
    fresh_hashes = np.unique(fresh_hashes)
    place = np.searchsorted(known.hashes, fresh_hashes)
    inside = place < len(known.hashes)
    inside[inside] = known.hashes[place[inside]] == fresh_hashes[inside]
    hashes = np.insert(known.hashes, place[~inside], fresh_hashes[~inside]).astype(np.uint64)  # still ascending
    old_part = known.matrix[[source[i] for i in reused]] if reused else None
    parts = []
    if old_part is not None:
        columns = np.searchsorted(hashes, known.hashes)[old_part.indices] if len(old_part.indices) else old_part.indices
        parts.append(csr_matrix((old_part.data, columns, old_part.indptr), shape=(len(reused), len(hashes))))
    if missing:
        lengths = np.array([len(h) for h, _ in fresh], np.int64)
        indptr = np.concatenate(([0], np.cumsum(lengths)))
        weights = np.concatenate([w for _, w in fresh]).astype(np.int32)
        columns = np.searchsorted(hashes, np.concatenate([h for h, _ in fresh]))
        parts.append(csr_matrix((weights, columns, indptr), shape=(len(missing), len(hashes))))
    stacked = vstack(parts, format="csr", dtype=np.int32) if parts else csr_matrix((0, 0), dtype=np.int32)
    position = np.empty(len(texts), np.int64)
    position[np.array(reused + missing, np.int64)] = np.arange(len(texts))
    stored = stacked[position] if len(texts) else stacked
    used = np.bincount(stored.indices, minlength=len(hashes)) > 0 if len(hashes) else np.zeros(0, bool)
    if not used.all():  # terms only removed papers had
        renumber = np.cumsum(used) - 1
        stored = csr_matrix((stored.data, renumber[stored.indices], stored.indptr), shape=(len(texts), int(used.sum())))
        hashes = hashes[used]
    return hashes, stored


def _top(row: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k best columns of one row above 0, and their scores: best first, then by slug (the column order)."""
    count = min(k, len(row))
    if count < len(row):
        kth = np.partition(row, len(row) - count)[len(row) - count]
        candidates = np.flatnonzero(row >= kth)
    else:
        candidates = np.arange(len(row))
    # lexsort: last key is primary. Column index breaks ties: smaller slug first.
    ranked = candidates[np.lexsort((candidates, -row[candidates]))][:k]
    ranked = ranked[row[ranked] > 0]
    return ranked, row[ranked]
