"""British and American spellings fold when rules are matched; Hugging Face's keywords count as abstract mentions."""

from __future__ import annotations

import pytest

from generator.enrich.topics import OTHER_SLUG, assign, load_taxonomy, parse_taxonomy, topic_abstract
from generator.spelling import ENDINGS, WORDS, spellings, word_spellings
from tests.support import topic_oracle
from tests.support.paths import ROOT

TAXONOMY = load_taxonomy(ROOT / "content" / "topics.toml")


def taxonomy(**scoring: int):
    topic = {
        "slug": "theory",
        "title": "Theory",
        "description": "Generalisation.",
        "include": ["generalization bound", "masked image modeling", "behavioral cloning"],
        "include_regex": [r"\bregularizations?\b", r"\boptimi[sz]ers?\b"],
        "weak": ["analyze"],
        "exclude": ["colour"],
    }
    return parse_taxonomy({"scoring": {"min_score": 1, **scoring}, "topic": [topic]})


@pytest.mark.parametrize(("american", "british"), [*ENDINGS, *WORDS])
def test_each_row_of_the_table_reads_both_ways(american, british):
    stem = "generaliz" if american.startswith(("iz", "yz")) else "mod"
    word, other = (stem + american, stem + british) if american[0] in "iey" else (american, british)
    assert other in word_spellings(word) and word in word_spellings(other)


@pytest.mark.parametrize("word", ["size", "prize", "rise", "noise", "GPT-4", "C++", "tokens", "LLMs"])
def test_short_and_ordinary_words_keep_one_spelling(word):
    assert spellings(word) == (word,)


def test_a_phrase_has_the_spellings_of_its_words_itself_first():
    assert spellings("Masked image modelling") == ("Masked image modelling", "Masked image modeling")
    assert spellings("out-of-distribution generalization") == (
        "out-of-distribution generalization",
        "out-of-distribution generalisation",
    )
    assert spellings("labeled behavior") == (
        "labeled behavior",
        "labeled behaviour",
        "labelled behavior",
        "labelled behaviour",
    )


def test_every_rule_matches_each_of_its_spellings_whole():
    for topic in TAXONOMY.topics:
        for rule in (*topic.include, *topic.weak, *topic.exclude):
            for phrase in rule.phrases:
                assert rule.regex.fullmatch(phrase.strip()), (topic.slug, rule.source, phrase)


@pytest.mark.parametrize(
    ("title", "abstract", "words"),
    [
        ("Generalisation bounds", "A generalisation bound.", ("generalisation bound",)),
        ("Masked image modelling", "Masked-image modeling.", ("masked image modelling", "masked-image modeling")),
        (
            "Behavioural cloning",
            "Regularisation and optimisers.",
            ("behavioural cloning", "optimisers", "regularisation"),
        ),
    ],
)
def test_a_rule_matches_either_spelling_and_the_page_shows_the_paper_s_own(title, abstract, words):
    [match] = assign(taxonomy(), title, abstract)
    assert match.topic == "theory" and match.words == words
    assert assign(taxonomy(), title, abstract) == topic_oracle.assign(taxonomy(), title, abstract)


def test_weak_and_exclude_rules_fold_too():
    assert assign(taxonomy(), "Generalization bound", "We analyse it.")[0].words == ("analyse", "generalization bound")
    assert [m.topic for m in assign(taxonomy(), "Generalization bound", "In colour.")] == [OTHER_SLUG]


def test_a_regular_expression_that_is_not_whole_words_is_kept_as_written():
    tax = parse_taxonomy({"topic": [{"slug": "t", "title": "T", "description": "T.", "include_regex": [r"generaliz"]}]})
    [rule] = tax.topics[0].include
    assert rule.regex.pattern == "generaliz" and not rule.phrases
    assert [m.topic for m in assign(tax, "Generalisation", "")] == [OTHER_SLUG]


def test_hub_keywords_count_as_mentions_in_the_abstract():
    tax = taxonomy(min_score=4)
    abstract = "We study a generalization bound."
    assert [m.topic for m in assign(tax, "A study", abstract)] == ["theory"]  # its only, best topic
    assert assign(tax, "A study", abstract)[0].score == 1
    read = topic_abstract(abstract, ("generalization bound", "regularization", "optimizer"))
    [match] = assign(tax, "A study", read)
    assert match.score == 2 + 1 + 1  # the phrase twice in the abstract, then two more rules
    assert assign(tax, "A study", read) == topic_oracle.assign(tax, "A study", read)


def test_no_phrase_runs_across_two_keywords_or_the_abstract_s_end():
    read = topic_abstract("A masked image", ("modeling", "behavioral", "cloning"))
    assert [m.topic for m in assign(taxonomy(), "A study", read)] == [OTHER_SLUG]
    assert topic_abstract("An abstract.", ()) == "An abstract."
