"""The terms of similar papers are scikit-learn's, term for term, without importing it in a build."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from generator.config import load_config
from generator.enrich.similar import Document, document_text
from generator.enrich.stop_words import STOP_WORDS
from generator.enrich.vocabulary import WORD, analyze
from generator.inputs.ingest import ingest_files
from tests.support.paths import ROOT, SHIPPED_DUMPS

# The analyzer the committed vocabulary (content/vocabulary.tsv) was counted with.
SKLEARN = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), token_pattern=WORD.pattern).build_analyzer()

# Words, stop words in any case, digits, hyphens, accents, other scripts and what lower() changes in length.
PIECES = st.sampled_from(
    ["The", "of", "AND", "graph", "Neural", "x", "a1", "GPT-4", "-", "--", "3d", "2-step", "naïve", "İstanbul",
     "Straße", "ΣΑΣ", "数据", "e.g.", "self-", "_", "'s", " ", "\n", "\t", ",", "(", ")", "é", "ǅ", "K"]
)  # fmt: skip


def test_the_stop_words_are_scikit_learns():
    assert STOP_WORDS == ENGLISH_STOP_WORDS


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=30).map("".join))
def test_any_text_gives_scikit_learns_terms_in_order(text):
    assert analyze(text) == SKLEARN(text)


def test_every_shipped_paper_gives_scikit_learns_terms():
    papers = ingest_files(SHIPPED_DUMPS, load_config(ROOT / "digest.toml")).papers
    assert len(papers) > 100
    for paper in papers:
        text = document_text(Document(paper.slug, paper.title, paper.abstract))
        assert analyze(text) == SKLEARN(text), paper.slug


@pytest.mark.slow
def test_the_analyzer_does_not_import_scikit_learn():
    code = "import sys, generator.enrich.similar; print('sklearn' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"
