"""Similar papers: TF-IDF cosine, top 5, deterministic, sensible on the shipped dumps."""

from __future__ import annotations

import random
import re

import pytest

from generator.config import load_config
from generator.enrich.similar import Document, similar_papers
from generator.inputs.ingest import ingest_files
from tests.support.paths import ROOT, SHIPPED_DUMPS


@pytest.fixture(scope="module")
def docs():
    found = ingest_files(SHIPPED_DUMPS, load_config(ROOT / "digest.toml"))
    return [Document(p.slug, p.title, p.abstract) for p in found.papers]


def test_length_generalization_papers_are_similar_to_each_other(docs):
    similar = similar_papers(docs, k=5)
    length = {d.slug for d in docs if re.search(r"length[- ]generaliz", d.title, re.IGNORECASE)}
    assert len(length) >= 4
    for slug in length:
        found = [n.slug for n in similar[slug]]
        others = length - {slug}
        # every other length-generalization paper is among the 5, and they are the best ones
        assert set(found[: len(others)]) == others, slug
        assert len(others) > len(found) / 2  # mostly


def test_every_paper_gets_five_others_best_first(docs):
    similar = similar_papers(docs, k=5)
    assert set(similar) == {d.slug for d in docs}
    for slug, neighbours in similar.items():
        assert len(neighbours) == 5
        assert slug not in [n.slug for n in neighbours]
        assert len({n.slug for n in neighbours}) == 5
        scores = [n.score for n in neighbours]
        assert scores == sorted(scores, reverse=True) and scores[-1] > 0


@pytest.mark.slow
def test_same_input_in_any_order_gives_the_same_result(docs):
    shuffled = list(docs)
    random.Random(7).shuffle(shuffled)
    assert similar_papers(docs) == similar_papers(shuffled)
    assert similar_papers(docs, block=7) == similar_papers(docs, block=512)


def test_ties_go_to_the_smaller_slug():
    docs = [Document(s, "alpha beta", "gamma delta") for s in ("c", "a", "b", "d")]
    similar = similar_papers(docs, k=2)
    assert [n.slug for n in similar["d"]] == ["a", "b"]
    assert [n.slug for n in similar["a"]] == ["b", "c"]


def test_unrelated_papers_are_not_listed_and_tiny_inputs_work():
    docs = [Document("a", "graphs", "nodes"), Document("b", "proteins", "folding"), Document("c", "graphs", "edges")]
    similar = similar_papers(docs)
    assert [n.slug for n in similar["a"]] == ["c"]
    assert similar["b"] == ()
    assert similar_papers([Document("a", "x", "y")]) == {"a": ()}
    assert similar_papers([Document("a", "the", "of"), Document("b", "and", "a")]) == {"a": (), "b": ()}


@pytest.mark.slow
def test_scales_by_blocks_without_a_square_matrix():
    rng = random.Random(1)
    words = [f"w{i}" for i in range(3000)]
    docs = [Document(f"p{i:05d}", " ".join(rng.sample(words, 5)), " ".join(rng.sample(words, 40))) for i in range(3000)]
    similar = similar_papers(docs, k=5, block=256)
    assert len(similar) == 3000 and all(len(n) == 5 for n in similar.values())


@pytest.mark.slow
def test_two_processes_give_the_same_neighbours():
    from generator.config import Config
    from generator.enrich.similar import Document, similar_papers
    from generator.inputs.ingest import ingest_files
    from tests.support.paths import SHIPPED_DUMPS

    papers = ingest_files(SHIPPED_DUMPS, Config()).papers
    docs = [Document(p.slug, p.title, p.abstract) for p in papers]
    assert similar_papers(docs, block=16, workers=2) == similar_papers(docs, workers=1)
