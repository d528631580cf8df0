"""Topics: rule matching, validation of topics.toml, balance on the shipped dumps, the built pages."""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest

from generator.config import ConfigError, load_config
from generator.enrich.topics import (
    OTHER_SLUG,
    Scoring,
    TopicsError,
    assign,
    assign_all,
    load_taxonomy,
    parse_taxonomy,
    phrase_regex,
)
from generator.inputs.ingest import ingest_files
from generator.urls import URLS
from tests.support.html_pages import HtmlElement, links, list_pages, parse, select, site_path, text
from tests.support.papers_data import read_index, read_papers
from tests.support.paths import ROOT, SHIPPED_DUMPS

TAXONOMY = ROOT / "content" / "topics.toml"


def taxonomy(**scoring):
    raw = {
        "scoring": scoring,
        "topic": [
            {
                "slug": "llms",
                "title": "LLMs",
                "description": "Large language models.",
                "include": ["large language model"],
                "include_regex": [r"\bLLMs?\b"],
            },
            {
                "slug": "vision",
                "title": "Vision",
                "description": "Images.",
                "include": ["image", "vision"],
                "exclude": ["vision-language"],
            },
        ],
    }
    return parse_taxonomy(raw)


# ---- matching


@pytest.mark.parametrize(
    ("phrase", "text", "hit"),
    [
        ("length generalization", "Length-Generalization in transformers", True),
        ("length generalization", "length\n generalization", True),
        ("few-shot", "Few Shot learning", True),
        ("RL", "we use RL here", True),
        ("RL", "the world is large", False),  # whole words only
        ("image", "images", False),
        ("GPT-4", "traces of GPT-4.", True),
        ("C++", "written in C++ and Rust", True),
    ],
)
def test_phrases_match_whole_words_ignoring_case_spaces_and_hyphens(phrase, text, hit):
    assert bool(phrase_regex(phrase).search(text)) is hit


def test_title_match_weighs_more_than_abstract_match():
    tax = taxonomy()
    [in_title] = assign(tax, "An LLM study", "Nothing else.")
    [in_abstract] = assign(tax, "A study", "We study an LLM.")
    assert in_title.topic == in_abstract.topic == "llms"
    assert in_title.score == Scoring().title_weight > in_abstract.score == Scoring().abstract_weight


def test_topics_are_ranked_by_score_with_the_matched_words():
    matches = assign(taxonomy(min_score=1), "LLMs: large language model scaling", "An image, a vision, LLMs.")
    assert [m.topic for m in matches] == ["llms", "vision"]
    assert matches[0].words == ("large language model", "llms")
    assert matches[1].words == ("image", "vision")
    assert matches[0].score > matches[1].score


def test_exclude_rule_keeps_a_paper_out():
    matches = assign(taxonomy(), "A vision-language model for images", "")
    assert "vision" not in [m.topic for m in matches]


def weak_taxonomy(**scoring):
    raw = {
        "scoring": scoring,
        "topic": [
            {
                "slug": "vision",
                "title": "Vision",
                "description": "Images.",
                "include": ["object detection", "image classification"],
                "weak": ["images", "visual", "supervised image classification"],
                "weak_regex": [r"\bpixels?\b"],
            },
            {
                "slug": "llms",
                "title": "LLMs",
                "description": "Large language models.",
                "include": ["large language models", "language models"],
            },
        ],
    }
    return parse_taxonomy(raw)


def test_weak_words_alone_never_assign_a_topic():
    assert [m.topic for m in assign(weak_taxonomy(), "Visual images", "Pixels, images and visual pixels.")] == [
        OTHER_SLUG
    ]


def test_weak_words_add_to_a_matched_topic_at_most_what_its_phrases_scored():
    tax = weak_taxonomy(min_score=1)
    [alone] = assign(tax, "A study", "We do object detection.")
    [helped] = assign(tax, "A study", "We do object detection on images with visual pixels.")
    [titled] = assign(tax, "Visual images", "We do object detection.")
    assert alone.score == 1 and alone.words == ("object detection",)
    assert helped.score == 2 and helped.words == ("images", "object detection", "pixels", "visual")
    assert titled.score == 2  # the two weak title words (3 each) add only as much as the phrase scored


def test_repeated_mentions_in_the_abstract_count_up_to_abstract_mentions():
    abstract = "Object detection. " * 5
    assert assign(weak_taxonomy(min_score=1), "A study", abstract)[0].score == 2  # the default is 2
    assert assign(weak_taxonomy(min_score=1, abstract_mentions=1), "A study", abstract)[0].score == 1
    assert assign(weak_taxonomy(min_score=1, abstract_mentions=4), "A study", abstract)[0].score == 4
    assert assign(weak_taxonomy(min_score=1), "Object detection, object detection", "")[0].score == 3  # title: once


def test_a_match_inside_a_longer_one_counts_once_but_weak_never_hides_a_phrase():
    [llms] = assign(weak_taxonomy(min_score=1), "A study", "Large language models are large language models.")
    assert llms.words == ("large language models",) and llms.score == 2  # not also "language models"
    [vision] = assign(weak_taxonomy(min_score=1), "A study", "We improve supervised image classification.")
    assert vision.words == ("image classification", "supervised image classification") and vision.score == 2


def test_two_rules_matching_the_same_words_count_once():
    topic = {"slug": "vision", "title": "V", "description": "V.", "include": ["dense prediction", "Dense-Prediction"]}
    topic |= {"include_regex": [r"\bdense (?:visual )?predictions?\b"], "weak": ["dense prediction"]}
    [match] = assign(parse_taxonomy({"topic": [topic]}), "Dense prediction", "Dense visual prediction.")
    assert match.score == 3 + 1 and match.words == ("dense prediction", "dense visual prediction")


def test_a_phrase_only_in_the_title_or_only_in_the_abstract_does_not_reach_the_shipped_min_score():
    """One phrase needs the title and the abstract, or other phrases or weak words of its topic."""
    tax = load_taxonomy(TAXONOMY)
    assert tax.scoring.min_score > tax.scoring.title_weight
    assert tax.scoring.min_score > tax.scoring.abstract_weight * tax.scoring.abstract_mentions


def test_no_match_is_other():
    assert [m.topic for m in assign(taxonomy(), "Graph theory", "Nodes and edges.")] == [OTHER_SLUG]


def test_weak_matches_keep_only_the_best_topic():
    matches = assign(taxonomy(min_score=5), "A paper", "An LLM and an image.")
    assert [m.topic for m in matches] == ["llms"]  # both score 1: the first topic of the file wins the tie


def test_assignment_is_deterministic():
    tax = load_taxonomy(TAXONOMY)
    papers = [("a", "Vision and language models", "We study LLMs on images."), ("b", "x", "y")]
    assert assign_all(tax, papers) == assign_all(tax, list(reversed(papers)))


# ---- validation


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "topics.toml"
    path.write_text(text, encoding="utf-8")
    return path


TOPIC = '[[topic]]\nslug = "llms"\ntitle = "LLMs"\ndescription = "Language models."\n'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('include_regex = ["(unclosed"]\n', "topics.toml: topic 'llms': bad regular expression '(unclosed'"),
        ('include = ["x"]\ninclud = ["y"]\n', "topics.toml: topic 'llms': unknown key 'includ'"),
        ("", "topics.toml: topic 'llms': needs at least one 'include' or 'include_regex' rule"),
        ('include = "llm"\n', "topics.toml: topic 'llms': 'include' must be a list of non-empty strings"),
        ('include_regex = ["a|"]\n', "topics.toml: topic 'llms': regular expression 'a|' in 'include_regex' matches"),
        ('include = ["x"]\nweak = "y"\n', "topics.toml: topic 'llms': 'weak' must be a list of non-empty strings"),
        (
            'include = ["x"]\nweak_regex = ["(y"]\n',
            "topics.toml: topic 'llms': bad regular expression '(y' in 'weak_regex'",
        ),
        ('weak = ["x"]\n', "topics.toml: topic 'llms': needs at least one 'include' or 'include_regex' rule"),
        ('include = ["x"]\n[scoring]\nabstract_mentions = 0\n', "topics.toml: 'scoring.abstract_mentions' must be"),
    ],
)
def test_bad_topic_is_a_one_line_error_naming_it(tmp_path, body, message):
    with pytest.raises(TopicsError) as error:
        load_taxonomy(write(tmp_path, TOPIC + body))
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)
    assert isinstance(error.value, ConfigError)


def test_every_problem_is_listed_once(tmp_path):
    text = TOPIC + 'include = ["x"]\n' + TOPIC.replace('title = "LLMs"', 'title = ""') + 'include = ["y"]\nfoo = 1\n'
    with pytest.raises(TopicsError) as error:
        load_taxonomy(write(tmp_path, text + "[scoring]\nmin_score = 0\n[other]\nx = 1\n"))
    lines = str(error.value).splitlines()
    assert lines == [
        "topics.toml: topic 'llms': unknown key 'foo' (known: slug, title, description, include, include_regex, "
        "weak, weak_regex, exclude, exclude_regex)",
        "topics.toml: topic 'llms': 'title' must be a non-empty string",
        "topics.toml: 'scoring.min_score' must be a whole number of at least 1, not 0",
        "topics.toml: unknown key 'other' (known: scoring, topic)",
    ]


@pytest.mark.parametrize("slug", ["other", "index", "Bad Slug"])
def test_reserved_or_bad_slugs_are_refused(tmp_path, slug):
    with pytest.raises(TopicsError, match="slug"):
        load_taxonomy(write(tmp_path, TOPIC.replace('"llms"', f'"{slug}"') + 'include = ["x"]\n'))


def test_duplicate_slug_is_refused(tmp_path):
    with pytest.raises(TopicsError, match="topic 'llms': slug used by two topics"):
        load_taxonomy(write(tmp_path, (TOPIC + 'include = ["x"]\n') * 2))


def test_invalid_toml_names_the_file(tmp_path):
    with pytest.raises(TopicsError, match=r"topics\.toml: not valid TOML"):
        load_taxonomy(write(tmp_path, "[[topic]\n"))


def test_the_shipped_taxonomy_loads():
    assert len(load_taxonomy(TAXONOMY).topics) >= 15


def test_every_key_is_documented_at_the_top_of_the_shipped_taxonomy():
    from generator.enrich.topics import _SCORING_KEYS, _TOPIC_KEYS

    header = "".join(line for line in TAXONOMY.read_text(encoding="utf-8").splitlines(True) if line.startswith("#"))
    for key in (*_TOPIC_KEYS, *_SCORING_KEYS):
        assert re.search(rf"\b{key}\b", header), key


def test_a_bad_taxonomy_stops_the_build_with_its_message(tmp_path):
    from tests.support.projects import build_site

    (tmp_path / "content").mkdir()
    write(tmp_path / "content", TOPIC + 'include_regex = ["("]\n')
    config = load_config(ROOT / "digest.toml")
    assert config  # the shipped config is valid; the bad topics file is what stops the build
    original = TAXONOMY.read_text(encoding="utf-8")
    try:
        with pytest.raises(TopicsError, match="topic 'llms': bad regular expression"):
            _build_with_taxonomy(tmp_path, TOPIC + 'include_regex = ["("]\n', build_site)
    finally:
        assert TAXONOMY.read_text(encoding="utf-8") == original


def _build_with_taxonomy(tmp_path, text, build_site):
    from generator.build import build
    from tests.support.projects import project_copy

    project = tmp_path / "project"
    project.mkdir()
    config = project_copy(project)
    (project / "content" / "topics.toml").write_text(text, encoding="utf-8")
    return build(config, SHIPPED_DUMPS, project / "output")


# ---- balance on the shipped dumps


@pytest.fixture(scope="module")
def shipped_assignment():
    config = load_config(ROOT / "digest.toml")
    found = ingest_files(SHIPPED_DUMPS, config)
    return assign_all(load_taxonomy(TAXONOMY), ((p.slug, p.title, p.abstract) for p in found.papers))


def test_assignment_is_balanced_on_the_shipped_dumps(shipped_assignment):
    total = len(shipped_assignment)
    counts = Counter(m.topic for matches in shipped_assignment.values() for m in matches)
    assert total == 185
    assert all(matches for matches in shipped_assignment.values())
    assert counts[OTHER_SLUG] <= 0.10 * total
    assert max(counts.values()) <= 0.40 * total
    assert sum(1 for slug, n in counts.items() if slug != OTHER_SLUG and n >= 5) >= 8


@pytest.mark.slow
def test_length_generalization_papers_are_in_that_topic(shipped_assignment, papers_json):
    titles = {p["slug"]: p["title"] for p in papers_json["papers"]}
    for slug, matches in shipped_assignment.items():
        if re.search(r"length[- ]generaliz", titles[slug], re.IGNORECASE):
            assert "length-generalization" in [m.topic for m in matches], titles[slug]


# ---- the built site


@pytest.fixture(scope="module")
def papers_json(site_dir):
    return {**read_index(site_dir), "papers": read_papers(site_dir)}  # the index, and every part's papers


def card_links(doc: HtmlElement, page: str) -> list[str]:
    """The site paths the rows of a list page link to; `page` is its site path."""
    return [site_path(page, href) for href in select(doc, "//table[has-class('rows')]//td/a/@href")]


def org_page(name: str) -> str:
    """The first page of an organisation's list; `name` is the page's name, not always the Hub slug."""
    return URLS.org(name)


@pytest.mark.slow
def test_papers_json_carries_topics_similar_and_links(papers_json):
    for paper in papers_json["papers"]:
        # A topic's title and page, and a similar paper's, are said once: in the index, in that paper's record.
        topics, records = papers_json["topics"], {p["slug"] for p in papers_json["papers"]}
        assert paper["topics"] and all(topics[t["slug"]]["url"] == URLS.topic(t["slug"]) for t in paper["topics"])
        assert all(set(t) == {"slug", "score", "matched"} for t in paper["topics"])
        assert len(paper["similar"]) == 5
        assert all(set(s) == {"slug", "score"} and s["slug"] in records for s in paper["similar"])
        assert paper["has_code"] == any(link["kind"] == "code" for link in paper["links"])


@pytest.mark.slow
def test_topic_pages_list_their_papers_by_arrival_newest_first(site_dir, papers_json):
    by_url = {p["url"]: p for p in papers_json["papers"]}
    counts = Counter(t["slug"] for p in papers_json["papers"] for t in p["topics"])
    index = links(parse(site_dir / URLS.topics), URLS.topics)
    for slug, count in counts.items():
        assert URLS.topic(slug) in index, slug
        urls = []
        for page in list_pages(site_dir, URLS.topic(slug)):
            doc = parse(site_dir / page)
            assert len(select(doc, "//h1")) == 1, page
            urls += card_links(doc, page)
        assert len(urls) == len(set(urls)) == count, slug
        days = [by_url[u]["arrived"] for u in urls]
        assert days == sorted(days, reverse=True)
        assert all(slug in [t["slug"] for t in by_url[u]["topics"]] for u in urls)


@pytest.mark.slow
def test_paper_page_links_topics_with_matched_words_code_and_similar(site_dir, papers_json):
    [paper] = [p for p in papers_json["papers"] if "Rain-Bus/MSGCoOp{" in p["abstract"]]
    doc = parse(site_dir / paper["url"])
    hrefs = links(doc, paper["url"])
    quoted = [text(q) for q in select(doc, "//q")]
    for topic in paper["topics"]:
        assert URLS.topic(topic["slug"]) in hrefs
        for word in topic["matched"]:
            assert word in quoted
    code = select(doc, "//li/a[starts-with(normalize-space(), 'Code')]/@href")  # beside Save, as a button
    assert "https://github.com/Rain-Bus/MSGCoOp" in code
    for similar in paper["similar"]:
        assert URLS.paper(similar["slug"]) in hrefs


@pytest.mark.slow
def test_with_code_and_organisation_pages(site_dir, papers_json):
    expected = {p["url"] for p in papers_json["papers"] if p["has_code"]}
    shown = {link for page in list_pages(site_dir, URLS.with_code) for link in card_links(parse(site_dir / page), page)}
    assert shown == expected and len(expected) == 37
    orgs = {p["org"]["slug"]: p["org"]["name"] for p in papers_json["papers"] if p["org"]}
    index = text(parse(site_dir / URLS.orgs))
    for slug, name in orgs.items():
        assert name in index
        page = parse(site_dir / org_page(slug.lower()))
        assert name in [text(h1) for h1 in select(page, "//h1")]


def test_two_processes_assign_the_same_topics():
    papers = ingest_files(SHIPPED_DUMPS, load_config(ROOT / "digest.toml")).papers
    taxonomy = load_taxonomy(ROOT / "content" / "topics.toml")
    triples = [(p.slug, p.title, p.abstract) for p in papers]
    assert assign_all(taxonomy, triples, workers=2) == assign_all(taxonomy, triples, workers=1)


def test_known_topics_are_reused_and_only_new_papers_are_scored():
    from generator.enrich.topics import Match, paper_key

    taxonomy = load_taxonomy(ROOT / "content" / "topics.toml")
    remembered = (Match(topic="remembered", score=99, words=("w",)),)
    papers = [("a", "A title", "An abstract."), ("b", "Large language models", "LLMs reason.")]
    found = assign_all(taxonomy, papers, known={paper_key("A title", "An abstract."): remembered})
    assert found["a"] == remembered
    assert found["b"][0].topic == "llms"


@pytest.mark.slow
def test_the_topics_cache_key_is_the_same_in_every_process():
    """taxonomy_key names the topics cache: a key that changed with the hash seed would never hit."""
    import subprocess
    import sys

    code = (
        "from pathlib import Path; from generator.enrich.topics import load_taxonomy, taxonomy_key; "
        "print(taxonomy_key(load_taxonomy(Path('content/topics.toml'))))"
    )
    keys = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            encoding="utf-8",
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(keys) == 1, keys
