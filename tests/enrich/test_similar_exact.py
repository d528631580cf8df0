"""Similar papers equal an independent reference: every pair scored in integers, ranked by hand.

The reference weighs each paper alone, term by term (as the build did before it weighed all
papers in a few array operations), and shares only the vocabulary and each paper's text
with the code under test; it scores each pair as an exact integer dot product, divides by 2^40 once,
rounds as the build does and sorts by (score descending, slug). Whole builds, builds in
blocks of any size, on one or two processes, and builds from the last build's cache must all
give exactly its lists, scores to the last bit, on random corpora with ties (duplicate papers),
papers with no term at all, and few words (so most pairs share some).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.sparse import csr_matrix

from generator.enrich import similar_search
from generator.enrich.similar import (
    BLOCK_CELLS,
    DECIMALS,
    SCALE,
    Document,
    Neighbour,
    _top,
    block_rows,
    document_text,
    similar_lists,
    vectorize,
    vectorize_all,
)
from generator.enrich.vocabulary import Vocabulary
from tests.enrich.test_vocabulary import SKLEARN

ANALYZE = SKLEARN  # the reference's terms are scikit-learn's own
WORDS = [f"w{i}" for i in range(12)] + ["the", "of", "graph", "neural"]


def one_vector(text: str, vocabulary: Vocabulary) -> dict[int, int]:
    """A paper's weights times 2^20 by term hash: sublinear tf times IDF, L2-normalised in the terms' text order."""
    counts = Counter(ANALYZE(text))
    terms = sorted(counts)
    weights = (1 + np.log(np.array([counts[t] for t in terms], np.float64))) * np.array(
        [vocabulary.idf(t) for t in terms]
    )
    weights = np.round(weights / np.sqrt(weights @ weights) * SCALE).astype(np.int64) if terms else weights
    hashes = [int.from_bytes(hashlib.blake2b(t.encode(), digest_size=8).digest(), "little") for t in terms]
    return {h: int(w) for h, w in zip(hashes, weights.tolist(), strict=True) if w > 0}


def reference(docs: list[Document], vocabulary: Vocabulary, k: int) -> dict[str, tuple[Neighbour, ...]]:
    vectors = {doc.slug: one_vector(document_text(doc), vocabulary) for doc in docs}
    lists = {}
    for slug, mine in vectors.items():
        ranked = []
        for other, theirs in vectors.items():
            dot = sum(weight * theirs.get(term, 0) for term, weight in mine.items())  # exact: Python integers
            score = float(np.round(dot / SCALE**2, DECIMALS))
            if other != slug and score > 0:
                ranked.append((-score, other))
        lists[slug] = tuple(Neighbour(other, -negative) for negative, other in sorted(ranked)[:k])
    return lists


texts = st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)
corpora = st.lists(st.tuples(texts, texts), max_size=24).map(
    # Every third paper copies the one before it: equal vectors, so equal scores, broken by slug.
    lambda pairs: [Document(f"p{i:02d}", *(pairs[i - 1] if i % 3 == 2 and i else pair)) for i, pair in enumerate(pairs)]
)
vocabularies = st.dictionaries(st.sampled_from(WORDS), st.integers(0, 40), max_size=8).map(
    lambda frequencies: Vocabulary(40, frequencies)
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora, vocabularies, st.sampled_from((1, 3, 5)), st.sampled_from((1, 2, 7, 512)))
def test_lists_equal_the_reference_in_any_blocks(docs, vocabulary, k, block):
    lists, _ = similar_lists(docs, vocabulary, k=k, block=block, workers=1)
    assert lists == reference(docs, vocabulary, k)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora, vocabularies, st.sampled_from((1, 3, 5)), st.sampled_from((0, 1, 3)), st.sampled_from((1, 2)))
def test_lists_from_the_top_of_the_product_equal_the_reference(docs, vocabulary, k, margin, threads):
    """A build from scratch keeps each row's k + 1 + MARGIN best of one product (sparse_dot_topn); with no
    margin, most rows with ties are unsure and scored again from every pair: the same lists either way."""
    with patch.object(similar_search, "MARGIN", margin):
        lists, _ = similar_lists(docs, vocabulary, k=k, workers=threads)
    assert lists == reference(docs, vocabulary, k)


def test_a_row_whose_kth_score_may_tie_a_column_left_out_is_unsure():
    """Six papers of the same words: each row's five others tie at one score; with no margin the product
    keeps the row and four of them, so the row cannot know which tied column it left out."""
    docs = [Document(f"p{i}", "graph neural", "graph neural") for i in range(7)]
    vocabulary = Vocabulary(40, {})
    with patch.object(similar_search, "MARGIN", 0):
        matrix = similar_lists(docs, vocabulary, k=5, workers=1)[1].matrix.astype(np.float64) / SCALE
        tops = similar_search.tops_from_product(matrix, matrix.T.tocsr(), np.arange(7), 5, 1)
    assert tops == [None] * 7
    assert similar_lists(docs, vocabulary, k=5, workers=1)[0] == reference(docs, vocabulary, 5)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora, vocabularies, st.sampled_from((1, 3, 5)), st.sampled_from((1, 5, 512)), st.sampled_from((0.0, 1.0)))
def test_lists_found_with_score_bounds_equal_the_reference(docs, vocabulary, k, block, share):
    """Share 1.0: every candidate scored term by term; 0.0: the block's product scores them."""
    with patch.object(similar_search, "CANDIDATE_SHARE", share):
        lists, _ = similar_lists(docs, vocabulary, k=k, block=block, workers=1, bounds=True)
    assert lists == reference(docs, vocabulary, k)


def topical_corpus(papers: int, seed: int) -> list[Document]:
    """Papers on one of a few topics each: a topic's rare words, plus words every paper uses."""
    rng = np.random.default_rng(seed)
    common = ["model", "data", "method", "results"]
    docs = []
    for i in range(papers):
        topic = [f"t{i % 6}x{j}" for j in range(8)]
        words = [*rng.choice(topic, 5), *rng.choice(common, int(rng.integers(1, 6)))]
        docs.append(Document(f"p{i:03d}", " ".join(rng.choice(topic, 2)), " ".join(words)))
    return docs


def test_score_bounds_rule_out_pairs_and_keep_the_lists():
    """Where papers share only common words across topics, the bounds leave those pairs unscored."""
    docs = topical_corpus(120, seed=5)
    vocabulary = Vocabulary(1000, {"model": 900, "data": 800, "method": 700, "results": 850})
    vectors = vectorize_all([document_text(d) for d in docs], vocabulary)
    hashes = np.unique(np.concatenate([h for h, _ in vectors]))
    rows = [np.searchsorted(hashes, h) for h, _ in vectors]
    matrix = csr_matrix(
        (
            np.concatenate([w for _, w in vectors]) / SCALE,
            np.concatenate(rows),
            np.concatenate(([0], np.cumsum([len(r) for r in rows]))),
        ),
        shape=(len(docs), len(hashes)),
    )
    block = np.arange(len(docs))
    transposed = matrix.T.tocsr()
    scores, candidates = similar_search.bounded(matrix, transposed, similar_search.term_maxima(matrix), block, 5, 1.0)
    sharing = int(((matrix @ transposed).toarray() > 0).sum()) - len(docs)
    assert candidates < sharing / 3  # most pairs share a common word, and are ruled out
    for i, row in enumerate(scores):
        assert np.array_equal(_top(row, 5)[0], _top(similar_search.every_pair(matrix, transposed, block)[i], 5)[0])
    assert similar_lists(docs, vocabulary, workers=1, bounds=True)[0] == reference(docs, vocabulary, 5)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora, corpora, vocabularies, st.sampled_from((1, 5)))
def test_lists_from_the_last_builds_cache_equal_the_reference(before, after, vocabulary, k):
    """`after` replaces the first papers of `before` (the same slugs, other texts) or adds to them; one goes."""
    _, cache = similar_lists(before, vocabulary, k=k, workers=1)
    changed = [*after, *before[len(after) + 1 :]]
    lists, _ = similar_lists(changed, vocabulary, cache, k=k, block=3, workers=1)
    assert lists == reference(changed, vocabulary, k)


@pytest.mark.slow
@pytest.mark.parametrize("bounds", [False, True])
def test_two_processes_equal_the_reference(bounds):
    rng = np.random.default_rng(3)
    docs = [
        Document(f"p{i:03d}", " ".join(rng.choice(WORDS, 3)), " ".join(rng.choice(WORDS, int(rng.integers(0, 9)))))
        for i in range(300)
    ]
    vocabulary = Vocabulary(40, {"w1": 30, "w2": 5, "graph": 12})
    assert similar_lists(docs, vocabulary, block=16, workers=2, bounds=bounds)[0] == reference(docs, vocabulary, 5)


def test_a_block_holds_at_most_its_cells_of_scores():
    assert block_rows(512, 2_000) == 512
    assert block_rows(512, 100_000) == BLOCK_CELLS // 100_000 < 512
    assert block_rows(512, 100_000) * 100_000 <= BLOCK_CELLS
    assert block_rows(7, 10**9) == 1 and block_rows(7, 0) == 7


@settings(max_examples=30, deadline=None)
@given(st.lists(texts, max_size=12), vocabularies)
def test_papers_weighed_together_have_the_weights_each_has_alone(papers, vocabulary):
    together = vectorize_all(papers, vocabulary)
    assert len(together) == len(papers)
    for text, (hashes, weights) in zip(papers, together, strict=True):
        alone = vectorize(text, vocabulary)
        assert hashes.dtype == np.uint64 and weights.dtype == np.int32
        assert np.array_equal(hashes, alone[0]) and np.array_equal(weights, alone[1])
        assert np.all(hashes[1:] > hashes[:-1])  # ascending: the columns of a sparse row
        assert dict(zip(hashes.tolist(), weights.tolist(), strict=True)) == one_vector(text, vocabulary)
