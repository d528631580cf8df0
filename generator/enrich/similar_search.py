"""One block of rows' scores against every paper, two ways: every pair, or pairs a score bound cannot rule out.

Both give a dense array of scores rounded to DECIMALS, a paper's own column at -1; the bounded
way leaves at -1 every pair that cannot be among its row's k best, which `similar._top` then
never picks, so both give the same top k (tests/enrich/test_similar_exact.py).

The bounded way is MaxScore, term at a time, in array operations. A row's threshold is the
k-th best exact score among the papers that share its SEED_TERMS heaviest (rarest) terms. A
term's bound is the row's weight times the term's largest weight in any paper. The row's
lightest terms, whose bounds sum to less than the threshold, are "non-essential": a paper that
shares only those cannot reach the threshold, so only papers sharing an essential term are
candidates, and a candidate whose essential score plus the non-essential bounds stays below
the threshold is out too. Weights are integers times 2^-20, so scores and bounds are exact in
float64 and int64: a pair is ruled out only when its rounded score is sure to fall below the
row's k-th. What is left is scored exactly, term by term for a few candidates, or as one
product of the non-essential terms added to the essential ones when candidates are more than
CANDIDATE_SHARE of the block's pairs.

On bench/synth.py's papers almost every pair shares an essential term (docs/performance.md,
"Similar papers from scratch"), so `similar.py` compares every pair by default.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix
from sparse_dot_topn import sp_matmul_topn

DECIMALS = 5  # scores are ranked at this precision
SCALE = float(2**20)  # weights are multiples of 1/SCALE
SEED_TERMS = 8  # a row's heaviest terms, whose papers give its first threshold
CANDIDATE_SHARE = 0.02  # above this share of a block's pairs, one product of the block scores them
PAIRS_AT_ONCE = 8192  # candidates scored term by term at a time (each gathers both papers' terms)


def every_pair(matrix: csr_matrix, transposed: csr_matrix | None, rows: np.ndarray) -> np.ndarray:
    """Rows x papers rounded scores, each row's own column -1. `transposed`: matrix.T as CSR, or None."""
    product = (matrix @ matrix[rows].T).T if transposed is None else matrix[rows] @ transposed
    scores = np.round(product.toarray(), DECIMALS)
    scores[np.arange(len(rows)), rows] = -1.0  # never similar to itself
    return scores


# Candidates a row keeps from the product beyond its k best and itself: a margin, so that a row whose
# rounded k-th score might tie a column left out is rare (`tops_from_product` then says it is unsure).
MARGIN = 3


def tops_from_product(
    matrix: csr_matrix, transposed: csr_matrix, rows: np.ndarray, k: int, threads: int
) -> list[tuple[np.ndarray, np.ndarray] | None]:
    """Each row's k best columns above 0 and their rounded scores, as `similar._top` ranks a row of
    `every_pair`; None for a row where that is not sure (then score it with `every_pair`).

    sparse_dot_topn multiplies the rows by every paper and keeps only each row's k + 1 + MARGIN
    largest scores, on `threads` threads in this process: no block of every score is made, and a
    full build's every pair is 3 times faster (21,500 papers: 8 s for all of them on two threads,
    against 25 s in two processes). The products are exact (similar.py), whatever order they are
    added in. Rounding can only tie or lower a score, so a column left out, whose unrounded score
    is at most the smallest kept, cannot pass the k-th best once rounded when the smallest kept
    rounds below it (or to 0): else the row is unsure.
    """
    keep = k + 1 + MARGIN  # the row itself is among the largest
    found = sp_matmul_topn(matrix[rows], transposed, top_n=keep, sort=True, n_threads=threads)
    tops: list[tuple[np.ndarray, np.ndarray] | None] = []
    for place, row in enumerate(rows.tolist()):
        start, end = found.indptr[place], found.indptr[place + 1]
        columns, values = found.indices[start:end], found.data[start:end]
        scores = np.round(values, DECIMALS)
        others = columns != row
        columns, scores = columns[others], scores[others]
        ranked = np.lexsort((columns, -scores))[:k]
        columns, scores = columns[ranked], scores[ranked]
        positive = scores > 0
        columns, scores = columns[positive], scores[positive]
        floor = np.round(values.min(), DECIMALS) if end - start == keep else 0.0  # a column left out: at most this
        sure = floor <= 0 or (len(scores) == k and floor < scores[-1])
        tops.append((columns.astype(np.int64), scores) if sure else None)
    return tops


def term_maxima(matrix: csr_matrix) -> np.ndarray:
    """Each term's largest weight in any paper, times SCALE (int64)."""
    maxima = np.zeros(matrix.shape[1], np.int64)
    np.maximum.at(maxima, matrix.indices, np.rint(matrix.data * SCALE).astype(np.int64))
    return maxima


def bounded(
    matrix: csr_matrix,
    transposed: csr_matrix,
    maxima: np.ndarray,
    rows: np.ndarray,
    k: int,
    share: float | None = None,
) -> tuple[np.ndarray, int]:
    """Like `every_pair`, with -1 for every pair that cannot be among its row's k best; and how many
    pairs the bounds could not rule out (all are scored: one by one, or in one product above `share`,
    CANDIDATE_SHARE unless given)."""
    share = CANDIDATE_SHARE if share is None else share
    count = matrix.shape[0]
    block = matrix[rows]
    cutoff = _cutoffs(matrix, transposed, block, rows, k)
    # Each row's terms by bound, lightest first; the non-essential ones are a prefix whose sum stays below cutoff.
    entry_row = np.repeat(np.arange(len(rows)), np.diff(block.indptr))
    weight = np.rint(block.data * SCALE).astype(np.int64)
    bound = weight * maxima[block.indices]  # exact: at most 2^40 a term
    order = np.lexsort((bound, entry_row))
    running = np.cumsum(bound[order])
    starts = block.indptr[:-1]
    running -= np.concatenate(([0], running))[starts][entry_row]  # within the row (entry_row is sorted)
    light = np.zeros(len(order), bool)
    light[order] = running / SCALE**2 < cutoff[entry_row]
    rest = np.zeros(len(rows), np.int64)
    np.add.at(rest, entry_row[light], bound[light])
    essential = _entries(block, ~light) @ transposed
    partial = essential.tocoo()
    sure_below = partial.data + rest[partial.row] / SCALE**2 < cutoff[partial.row]
    keep = (partial.data > 0) & ~sure_below & (rows[partial.row] != partial.col)
    pair_rows, pair_cols = partial.row[keep], partial.col[keep]
    if len(pair_rows) > share * len(rows) * count:  # the rest of the product: exact, so the sum is too
        scores = np.round((essential + _entries(block, light) @ transposed).toarray(), DECIMALS)
        scores[np.arange(len(rows)), rows] = -1.0
        return scores, len(pair_rows)
    scores = np.full((len(rows), count), -1.0)
    for start in range(0, len(pair_rows), PAIRS_AT_ONCE):
        some_rows, some_cols = pair_rows[start : start + PAIRS_AT_ONCE], pair_cols[start : start + PAIRS_AT_ONCE]
        scores[some_rows, some_cols] = np.round(_pair_scores(block, some_rows, matrix, some_cols), DECIMALS)
    return scores, len(pair_rows)


def _pair_scores(left: csr_matrix, left_rows: np.ndarray, right: csr_matrix, right_rows: np.ndarray) -> np.ndarray:
    """The exact score of each pair (left row, right row), term by term."""
    return np.asarray(left[left_rows].multiply(right[right_rows]).sum(axis=1)).ravel()


def _cutoffs(matrix: csr_matrix, transposed: csr_matrix, block: csr_matrix, rows: np.ndarray, k: int) -> np.ndarray:
    """A score a row's k best all reach when rounded, lowered so that a pair below it rounds lower.

    From the papers sharing the row's SEED_TERMS heaviest terms: the k best of those by that part
    of the score, scored in full. A row with fewer than k of them above 0 gets 0 (nothing is ruled out).
    """
    entry_row = np.repeat(np.arange(len(rows)), np.diff(block.indptr))
    order = np.lexsort((-block.data, entry_row))
    place = np.arange(len(order)) - block.indptr[:-1][entry_row[order]]
    heavy = np.zeros(len(order), bool)
    heavy[order[place < SEED_TERMS]] = True
    seeded = (_entries(block, heavy) @ transposed).toarray()
    seeded[np.arange(len(rows)), rows] = 0.0
    width = min(k, seeded.shape[1])
    best = np.argpartition(-seeded, width - 1, axis=1)[:, :width]
    found = np.take_along_axis(seeded, best, axis=1) > 0
    pair_rows = np.repeat(np.arange(len(rows)), width)
    exact = _pair_scores(block, pair_rows, matrix, best.ravel()).reshape(len(rows), width)
    kth = np.where(found, np.round(exact, DECIMALS), 0.0).min(axis=1) if width == k else np.zeros(len(rows))
    # A score below a rounded value r less 10^-DECIMALS rounds below r: the pair loses to the k found.
    return np.where(kth > 0, kth - 10.0**-DECIMALS, -1.0)


def _entries(block: csr_matrix, chosen: np.ndarray) -> csr_matrix:
    """The block with only the chosen entries (a mask over its data) kept."""
    indptr = np.concatenate(([0], np.cumsum(chosen, dtype=np.int64)))[block.indptr]
    return csr_matrix((block.data[chosen], block.indices[chosen], indptr), shape=block.shape)
