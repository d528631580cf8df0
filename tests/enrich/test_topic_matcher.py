"""The one-pass matcher gives exactly what scoring each topic rule by rule gave (tests/topic_oracle.py).

Compared on the shipped dumps, on synthetic papers (bench/synth.py), on texts made to break
it (letters re.IGNORECASE folds oddly, runs of separators, matches across the title and the
abstract, overlapping matches of one rule) and on random texts of such pieces (hypothesis).
"""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config import load_config
from generator.enrich.topic_folding import FOLD_CLASSES, SEPARATORS, fold, normalise
from generator.enrich.topic_regex import LiteralStart, literal_start, whole_words
from generator.enrich.topics import assign, assign_all, load_taxonomy, parse_taxonomy
from generator.inputs.ingest import ingest_files
from tests.support import topic_oracle
from tests.support.paths import ROOT, SHIPPED_DUMPS

TAXONOMY = load_taxonomy(ROOT / "content" / "topics.toml")

HOSTILE = parse_taxonomy(
    {
        "scoring": {"min_score": 2, "max_topics": 4},
        "topic": [
            {
                "slug": "llms",
                "title": "LLMs",
                "description": "Language models.",
                "include": [
                    "large language models",
                    "language models",
                    "K-shot",
                    "GPT-4",
                    "C++",
                    "a a",
                    "-lead",
                    "one two three four five",
                ],
                "include_regex": [r"\bLLMs?\b", r"\bdense (?:visual )?predictions?\b", r"^Intro", r"(?<=via )RL\b"],
                "weak": ["language", "models", "naïve", "\u017ftate", "\u0130stanbul", "trail-"],
                "weak_regex": [r"\bdata(?:sets?)?\b", r"[Tt]oken", r"x|yz"],
            },
            {
                "slug": "vision",
                "title": "Vision",
                "description": "Images.",
                "include": ["image", "vision", "dense prediction", "Dense-Prediction", "\u03c3o\u03c6\u03af\u03b1"],
                "include_regex": [r"\bimag(?:es|ing)\b", r"\bMATH\b(?=[^a-z]*(?:benchmark|dataset))"],
                "weak": ["dense prediction", "pixels", "large"],
                "exclude": ["vision-language"],
                "exclude_regex": [r"\bpainting\b", r"(?i:satellite)s?"],
            },
            {
                "slug": "rl",
                "title": "RL",
                "description": "Reinforcement learning.",
                "include": ["reinforcement learning", "policy gradient"],
                "include_regex": [r"\bRL\b", r"\bDG\b", r"\b(?:reward|REWARD)(?:s|ed)?\b"],
                "weak": ["reward", "policy"],
            },
        ],
    }
)

TEXTS = [
    ("Large Language Models", "LARGE LANGUAGE MODELS and language models."),
    ("large \u017fanguage", "larg\u0130e language, \u0130stanbul, istanbul, \u017ftate, \u017fTATE"),
    ("\u212a-shot learning", "K-SHOT, k shot, k--shot, k - shot, k\u00a0shot, k\u2003\u2003shot"),
    ("\u0345large language models", "c++ and GPT-4o, GPT-4, gpt 4, GPT-4."),
    ("a a a", "a a a a a a\na\ta"),
    ("Vision", "language models"),  # an exclude phrase across title and abstract
    ("Large language", "models for images"),  # no include phrase across them
    ("Intro to RL", "Intro via RL via RL, DG, dg, edge, world, LLMs LLM llms"),
    ("Dense  prediction", "Dense visual predictions, dense\nprediction, dense-prediction, DENSE\u00a0PREDICTION."),
    ("MATH", "MATH benchmark, the MATH dataset, math, mathematics, MATH."),
    ("\u03a3o\u03a6\u0399\u0391", "\u03c3o\u03d5\u1fbe\u03b1, \u03c2o\u03c6\u0345\u03b1, data datasets dataset"),
    ("Naïve tokens", "NAÏVE Tokenizer token TOKEN, x yz xyz, pixels, Large large"),
    ("image painting", "image, images, imaging, vision"),
    ("Satellite images", "image vision"),
    ("lead-in", " -lead, -lead-lead lead, trail- trail--"),
    ("reinforcement   learning", "policy gradient, policy-gradient, reward, rewards, REWARDED, Rewards, policy"),
    ("one  two - three\tfour -- five", "dense \n\n - \t prediction, one two three four five, large   language models"),
    ("Large -- language --- models", "large language  models, dense --  prediction"),
    ("", ""),
    ("-", "- -  --\n"),
    ("Ǆ ǅ ǆ ẞ ß İı", "ﬅ ﬆ µ μ ϐ β ẛ ṡ"),
]


def same(taxonomy, title: str, abstract: str) -> None:
    assert assign(taxonomy, title, abstract) == topic_oracle.assign(taxonomy, title, abstract), (title, abstract)


@pytest.mark.parametrize(("title", "abstract"), TEXTS)
def test_hostile_texts_get_what_the_rule_by_rule_scoring_gave(title, abstract):
    same(HOSTILE, title, abstract)
    same(TAXONOMY, title, abstract)


@pytest.mark.slow
def test_the_shipped_dumps_get_what_the_rule_by_rule_scoring_gave():
    papers = ingest_files(SHIPPED_DUMPS, load_config(ROOT / "digest.toml")).papers
    assert len(papers) == 185
    found = assign_all(TAXONOMY, [(p.slug, p.title, p.abstract) for p in papers], workers=1)
    for p in papers:
        assert found[p.slug] == topic_oracle.assign(TAXONOMY, p.title, p.abstract), p.title


@pytest.mark.parametrize(
    "count", [20, pytest.param(400, marks=pytest.mark.slow), pytest.param(3000, marks=pytest.mark.slow)]
)
def test_synthetic_papers_get_what_the_rule_by_rule_scoring_gave(count):
    from bench.topics import synthetic_papers

    papers = synthetic_papers(count)
    found = assign_all(TAXONOMY, papers, workers=1)
    for slug, title, abstract in papers:
        assert found[slug] == topic_oracle.assign(TAXONOMY, title, abstract), title
    assert len({m.topic for matches in found.values() for m in matches}) >= 10  # the comparison covers most topics


PIECES = [
    " ",
    "  ",
    "-",
    " - ",
    "\n",
    "\t",
    "\u00a0",
    ".",
    ",",
    "_",
    "a",
    "x",
    "yz",
    "large",
    "Language",
    "models",
    "LLM",
    "LLMs",
    "llms",
    "K",
    "\u212a",
    "shot",
    "GPT",
    "4",
    "C++",
    "image",
    "images",
    "vision",
    "dense",
    "visual",
    "prediction",
    "predictions",
    "Intro",
    "via",
    "RL",
    "DG",
    "MATH",
    "benchmark",
    "data",
    "datasets",
    "token",
    "na\u00efve",
    "\u017ftate",
    "\u0130stanbul",
    "\u0131",
    "\u0345",
    "\u03c2",
    "painting",
    "satellite",
    "lead",
    "trail",
    "policy",
    "gradient",
    "reward",
]
piece_texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(piece_texts, piece_texts)
def test_random_texts_get_what_the_rule_by_rule_scoring_gave(title, abstract):
    same(HOSTILE, title, abstract)


# ---- the pieces


@pytest.mark.slow
def test_fold_compares_letters_as_re_ignorecase_does():
    """fold(c) is re's lowercase of c (sre's simple lowercase, which str.lower() gives for every
    letter but U+0130) mapped into its class of re._casefix: two letters match under
    re.IGNORECASE exactly when they fold to the same letter, and a separator folds to a space."""
    import _sre
    import re._casefix as casefix

    classes = {frozenset(chr(c) for c in (low, *extra)) for low, extra in casefix._EXTRA_CASES.items()}
    assert classes == {frozenset(c) for c in FOLD_CLASSES}
    separators = re.compile(r"[\s\-]")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if separators.match(char):
            assert char in SEPARATORS and fold(char) == " ", hex(code)
            continue
        lower = chr(_sre.unicode_tolower(code))
        assert char == "\u0130" or char.lower() == lower, hex(code)
        expected = next((cls[0] for cls in FOLD_CLASSES if lower in cls), lower)
        assert fold(char) == fold("\u00e9" + char)[1:] == expected, hex(code)


def test_folding_keeps_every_letter_in_its_place():
    text = "A  b\u0130-\n c\u017f\u212a\u00a0\u00a0D"
    normalised = normalise(text)
    assert normalised.text == "a bi c" + "sk d"
    # a space stands for its run of separators, and comes from the first of them
    assert [text[normalised.original(i)] for i in range(len(normalised.text))] == list("A b\u0130-c\u017f\u212a\u00a0D")


@pytest.mark.parametrize(
    ("pattern", "start"),
    [
        (r"\bLLMs?\b", ("LLM", True, False)),
        (r"\bRL\b", ("RL", True, True)),
        (r"\bdense (?:visual )?predictions?\b", ("dense", True, False)),
        (r"\bGPT\-4\b", ("GPT", True, False)),
        (r"C\+\+", ("C++", False, False)),
        (r"\bMATH\b(?=[^a-z]*(?:benchmark|dataset))", ("MATH", True, True)),
        (r"\bunlearn(?:s|ed)?\b", ("unlearn", True, False)),
        (r"x|yz", ("", False, False)),
        (r"(?i:satellite)s?", ("", False, False)),
        (r"^Intro", ("", False, False)),
        (r"[Tt]oken", ("", False, False)),
        (r"\d+ shots", ("", False, False)),
        (r"ab{2}", ("a", False, False)),
        (r"\b\.net\b", (".net", False, True)),
    ],
)
def test_literal_start_is_what_every_match_begins_with(pattern, start):
    assert literal_start(re.compile(pattern, re.IGNORECASE)) == LiteralStart(*start)


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"\bLLMs?\b", ("LLMs", "LLM")),
        (r"\bRL\b", ("RL",)),
        (r"\bunlearn(?:s|ed)?\b", ("unlearns", "unlearned", "unlearn")),
        (r"\b(?:reward|REWARD)s?\b", ("rewards", "reward", "REWARDs", "REWARD")),
        (r"\b[T]oken\b", ("Token",)),
        (r"\bGPT\-4\b", ()),  # a hyphen: a phrase would match "GPT 4" too
        (r"\bdense (?:visual )?predictions?\b", ()),  # one space, where a phrase takes any run
        (r"\bMATH\b(?=[^a-z]*benchmark)", ()),
        (r"\bLLMs?", ()),
        (r"\b(?:a|b)?\b", ()),  # the empty word
        (r"\b(?i:LLM)\b", ()),
        (r"\b(?-i:LLM)\b", ()),
        (r"(?a)\bLLM\b", ()),  # \b of ASCII letters only
        (r"\b[ab][cd][ef][gh][ij][kl]\b", ()),
        (r"\bxa?b?c?d?e?f?\b", ()),  # more than MOST_WORDS words
    ],
)
def test_a_regular_expression_of_whole_words_only_is_its_words(pattern, words):
    assert whole_words(re.compile(pattern, re.IGNORECASE)) == words


def test_whole_word_rules_are_loaded_as_phrases():
    llms = next(t for t in TAXONOMY.topics if t.slug == "llms")
    assert [r.phrases for r in llms.include if r.source == r"\bLLMs?\b"] == [("LLMs", "LLM")]
    assert all(r.phrases == (r.source,) for r in llms.include if not r.source.startswith("\\"))


def test_short_runs_of_separators_are_keys_and_long_ones_are_made_single():
    """A phrase is a key with runs of up to 4 spaces between its words, unless a phrase has
    more than 4 words: then every run of separators in a text is made a single space."""
    assert TAXONOMY.matcher.automaton.longest == 4
    assert HOSTILE.matcher.automaton.longest == 1  # "one two three four five"


def test_the_automaton_is_built_once_per_taxonomy_and_left_out_of_its_key():
    from generator.enrich.topics import taxonomy_key

    key = taxonomy_key(TAXONOMY)
    assert TAXONOMY.matcher is TAXONOMY.matcher
    assert taxonomy_key(TAXONOMY) == key
    assert "Matcher" not in repr(TAXONOMY)
