"""Similar papers from the last build's lists equal those from scratch, whatever changed."""

from __future__ import annotations

import random
import re
from dataclasses import replace

import numpy as np
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import VOCABULARY_FILE, ConfigError, load_config
from generator.enrich.similar import Document, SimilarCache, similar_lists, similar_papers
from generator.enrich.similar_cache import cache_path, load_similar_cache, save_similar_cache
from generator.enrich.vocabulary import (
    Vocabulary,
    format_vocabulary,
    load_vocabulary,
    parse_vocabulary,
)
from generator.inputs.ingest import ingest_files
from tests.support.paths import ROOT, SHIPPED_DUMPS
from tests.support.projects import project_copy

VOCABULARY = load_vocabulary(ROOT / "content" / VOCABULARY_FILE)


def documents(dumps) -> list[Document]:
    found = ingest_files(dumps, load_config(ROOT / "digest.toml"))
    return [Document(p.slug, p.title, p.abstract) for p in found.papers]


@pytest.fixture(scope="module")
def shipped():
    """Papers of the first four dumps, all five, and the last build's cache of the four."""
    four, five = documents(SHIPPED_DUMPS[:4]), documents(SHIPPED_DUMPS)
    return four, five, similar_lists(four, VOCABULARY)[1]


def scratch(docs, vocabulary=VOCABULARY, k=5):
    return similar_lists(docs, vocabulary, k=k, workers=1)[0]


def test_the_committed_vocabulary_is_the_one_the_shipped_dumps_give(tmp_path):
    config = project_copy(tmp_path)
    result = CliRunner().invoke(main, ["vocabulary", "--config", str(config.file)])
    assert result.exit_code == 0, result.output
    assert "terms from 185 papers" in result.output
    written = tmp_path / "content" / VOCABULARY_FILE
    assert written.read_bytes() == (ROOT / "content" / VOCABULARY_FILE).read_bytes()


def test_length_generalization_papers_list_each_other_first_with_the_vocabulary(shipped):
    docs = shipped[1]
    similar = scratch(docs)
    length = {d.slug for d in docs if re.search(r"length[- ]generaliz", d.title, re.IGNORECASE)}
    assert len(length) >= 4
    for slug in length:
        assert {n.slug for n in similar[slug][: len(length) - 1]} == length - {slug}, slug


def test_adding_a_dump_equals_scratch_and_changes_only_the_lists_it_enters(shipped):
    four, five, cache = shipped
    before = scratch(four)
    after, _ = similar_lists(five, VOCABULARY, cache)
    assert after == scratch(five)
    new = {d.slug for d in five} - {d.slug for d in four}
    for slug, neighbours in before.items():
        if not new & {n.slug for n in after[slug]}:
            assert after[slug] == neighbours, slug  # a list no new paper entered is the same


@pytest.mark.slow
def test_editing_a_paper_equals_scratch(shipped):
    four, _, cache = shipped
    popular = max(four, key=lambda d: sum(d.slug in {n.slug for n in ns} for ns in scratch(four).values()))
    edited = [replace(d, title=d.title + " for proteins") if d == popular else d for d in four]
    assert similar_lists(edited, VOCABULARY, cache)[0] == scratch(edited)


@pytest.mark.slow
def test_removing_a_dump_or_one_listed_paper_equals_scratch(shipped):
    four, _, cache = shipped
    three = documents(SHIPPED_DUMPS[:3])
    assert similar_lists(three, VOCABULARY, cache)[0] == scratch(three)
    listed = scratch(four)[four[0].slug][0].slug
    fewer = [d for d in four if d.slug != listed]
    assert similar_lists(fewer, VOCABULARY, cache)[0] == scratch(fewer)


def synthetic(rng: random.Random, slug: str, words: list[str]) -> Document:
    return Document(slug, " ".join(rng.sample(words, 3)), " ".join(rng.choices(words, k=rng.randint(0, 12))))


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(6))
def test_random_edits_of_synthetic_papers_equal_scratch(seed):
    """Few words: many ties, short lists and papers with no word at all; k varies."""
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(rng.choice((8, 30, 200)))] + ["the", "of"]
    k = rng.choice((1, 3, 5))
    vocabulary = Vocabulary(50, {w: rng.randint(0, 50) for w in words[:10]})
    docs = {f"p{i:03d}": synthetic(rng, f"p{i:03d}", words) for i in range(rng.randint(0, 60))}
    cache = None
    for _ in range(8):
        for _ in range(rng.randint(0, 6)):
            action = rng.choice(("add", "edit", "remove"))
            if action == "add" or not docs:
                slug = f"p{rng.randint(0, 999):03d}"
                docs[slug] = synthetic(rng, slug, words)
            elif action == "edit":
                slug = rng.choice(sorted(docs))
                docs[slug] = synthetic(rng, slug, words)
            else:
                del docs[rng.choice(sorted(docs))]
        current = list(docs.values())
        lists, cache = similar_lists(current, vocabulary, cache, k=k, block=rng.choice((2, 7, 512)))
        assert lists == scratch(current, vocabulary, k)


def test_a_score_depends_on_the_two_papers_alone(shipped):
    four, five, _ = shipped
    score = {(slug, n.slug): n.score for slug, ns in scratch(four).items() for n in ns}
    for slug, neighbours in scratch(five).items():
        for n in neighbours:
            assert score.get((slug, n.slug), n.score) == n.score


@pytest.mark.slow
def test_a_cache_of_another_vocabulary_or_k_is_not_used(shipped):
    four, _, cache = shipped
    other = Vocabulary(VOCABULARY.papers, {**VOCABULARY.frequencies, "length": 1})
    forged = replace(cache, neighbours=np.full_like(cache.neighbours, -1))
    assert similar_lists(four, VOCABULARY, forged)[0] != scratch(four)  # with its own key, a cache is trusted
    assert similar_lists(four, other, forged)[0] == scratch(four, other)
    assert similar_lists(four, VOCABULARY, forged, k=3)[0] == scratch(four, k=3)


def test_the_cache_file_is_checked_before_it_is_trusted(shipped, tmp_path):
    _, _, cache = shipped
    assert load_similar_cache(tmp_path, cache.key) is None
    save_similar_cache(tmp_path, SimilarCache("other"))
    save_similar_cache(tmp_path, cache)
    assert [p.name for p in (tmp_path / "similar").iterdir()] == [f"{cache.key}.pickle"]
    loaded = load_similar_cache(tmp_path, cache.key)
    assert loaded is not None and loaded.texts == cache.texts and (loaded.neighbours == cache.neighbours).all()
    assert load_similar_cache(tmp_path, "another") is None
    path = cache_path(tmp_path, cache.key)
    data = path.read_bytes()
    for damaged in (data[: len(data) // 2], data[:-1] + bytes([data[-1] ^ 1]), b"", b"\0" * 40):
        path.write_bytes(damaged)
        assert load_similar_cache(tmp_path, cache.key) is None
    path.write_bytes(data)
    assert load_similar_cache(tmp_path, cache.key) is not None


@pytest.mark.slow
def test_without_a_vocabulary_idf_is_counted_on_the_papers(shipped):
    five = shipped[1]
    assert similar_papers(five) == scratch(five, None)


def test_vocabulary_file_round_trip_and_errors():
    vocabulary = Vocabulary(3, {"graph": 2, "graph neural": 1})
    text = format_vocabulary(vocabulary)
    assert text == "# paper-digest vocabulary\n# papers\t3\ngraph\t2\ngraph neural\t1\n"
    again = parse_vocabulary(text, "v.tsv")
    assert again.frequencies == vocabulary.frequencies and again.key == vocabulary.key
    assert again.idf("unknown") == again.idf("never") > again.idf("graph neural") > again.idf("graph")
    for bad, line in (
        ("", 1),
        ("# papers\t3\n", 1),
        ("# paper-digest vocabulary\n# papers\tthree\n", 2),
        ("# paper-digest vocabulary\n# papers\t3\ngraph 2\n", 3),
        ("# paper-digest vocabulary\n# papers\t3\ngraph\t2\ngraph\t1\n", 4),
        ("# paper-digest vocabulary\n# papers\t3\ngraph\t4\n", 3),
    ):
        with pytest.raises(ConfigError, match=rf"^v\.tsv:{line}: error: "):
            parse_vocabulary(bad, "v.tsv")
