"""Similar papers: TF-IDF over title and abstract, cosine similarity, top k per paper.

The TF-IDF rows are L2-normalised, so a sparse product is the cosine. Rows are
compared block by block (a few hundred at a time against all papers), so the
memory needed grows with the number of papers, never with its square: 20,000
papers need one dense block of `block x 20,000`, not a 20,000 x 20,000 matrix.

Deterministic: papers are ordered by slug, scores are rounded before ranking,
and ties go to the smaller slug.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from generator.parallel import chunked_map, default_workers

DECIMALS = 5  # scores are compared at this precision (float32 holds ~7 digits), so noise never reorders ties


@dataclass(frozen=True)
class Document:
    slug: str
    title: str
    abstract: str


@dataclass(frozen=True)
class Neighbour:
    slug: str
    score: float


def document_text(doc: Document) -> str:
    # The title counts twice: it says what the paper is about in the fewest words.
    return f"{doc.title}\n{doc.title}\n{doc.abstract}"


def similar_papers(
    docs: Sequence[Document], k: int = 5, block: int = 512, workers: int = 0
) -> dict[str, tuple[Neighbour, ...]]:
    """slug -> its k most similar other papers, best first (only those with a score above 0).

    Blocks of rows are shared among `workers` forked processes (0: both cores for large digests).
    """
    ordered = sorted(docs, key=lambda d: d.slug)
    slugs = [d.slug for d in ordered]
    if len(ordered) < 2 or k < 1:
        return {slug: () for slug in slugs}
    vectorizer = TfidfVectorizer(
        stop_words="english",
        sublinear_tf=True,
        ngram_range=(1, 2),
        min_df=1,
        dtype=np.float32,  # half the memory traffic of float64; scores are rounded anyway
        token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z0-9-]+\b",
    )
    try:
        matrix = vectorizer.fit_transform(document_text(d) for d in ordered).tocsr()
    except ValueError:  # no usable word at all (for example only stop words)
        return {slug: () for slug in slugs}
    transposed = matrix.T.tocsc()

    def block_tops(start: int, end: int) -> list[tuple[Neighbour, ...]]:
        scores = np.round((matrix[start:end] @ transposed).toarray(), DECIMALS)
        own = np.arange(end - start)
        scores[own, own + start] = -1.0  # never similar to itself
        return [_top(row, slugs, k) for row in scores]

    blocks = [(start, min(start + block, len(ordered))) for start in range(0, len(ordered), block)]
    workers = workers or default_workers(len(ordered))
    tops = chunked_map(lambda chunk: [block_tops(*bounds) for bounds in chunk], blocks, workers)
    return dict(zip(slugs, (top for block_result in tops for top in block_result), strict=True))


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
