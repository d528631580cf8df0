"""Your own feeds: [[feed]] tables of digest.toml, each an RSS and an Atom feed listed in the OPML."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from generator.build import build
from generator.cli import main
from generator.config import ConfigError, CustomFeed, load_config, with_site_url
from generator.enrich.topics import phrase_regex
from generator.model import HubFields, Org
from generator.outputs.feeds import CUSTOM_BASE, feed_links, opml_xml, rss_xml
from generator.urls import URLS
from tests.support.feed_papers import SITE, plan, record
from tests.support.papers_data import read_papers
from tests.support.paths import SHIPPED_DUMPS
from tests.support.projects import project_copy

GOOD = """
[[feed]]
name = "llm-agents"
title = "LLM agents"
include = ["agent", "tool use"]
exclude = ["survey"]
topics = ["llms", "agents"]
orgs = ["Qwen"]
min_upvotes = 5

[[feed]]
name = "popular"
title = "Popular"
min_upvotes = 20
"""


def load(tmp_path: Path, text: str):
    path = tmp_path / "digest.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as error:
        load(tmp_path, text)
    return str(error.value).splitlines()


def feed_table(**keys: str) -> str:
    """A [[feed]] table: a good one, with `keys` (TOML values) added or replacing its own."""
    values = {"name": '"mine"', "title": '"Mine"', "include": '["agent"]'} | keys
    return "[[feed]]\n" + "".join(f"{key} = {value}\n" for key, value in values.items() if value)


# digest.toml: [[feed]] tables are read and checked with the rest.


def test_feed_tables_are_read_in_file_order(tmp_path: Path) -> None:
    config = load(tmp_path, "[feeds]\nitems = 10\n" + GOOD)
    assert config.custom_feeds == (
        CustomFeed(
            name="llm-agents",
            title="LLM agents",
            include=("agent", "tool use"),
            exclude=("survey",),
            topics=("llms", "agents"),
            orgs=("Qwen",),
            min_upvotes=5,
        ),
        CustomFeed(name="popular", title="Popular", min_upvotes=20),
    )
    assert config.feeds.items == 10


def test_no_feed_tables_no_custom_feeds(tmp_path: Path) -> None:
    assert load(tmp_path, "[feeds]\nitems = 10\n").custom_feeds == ()


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (
            feed_table(name='"llm-agents"', topic='["agents"]'),
            "digest.toml: feed 'llm-agents': unknown key 'topic' "
            "(known: authors, exclude, include, min_upvotes, name, orgs, title, topics)",
        ),
        (
            feed_table(name='"LLM Agents"'),
            "digest.toml: feed 'LLM Agents': 'name' must be lowercase letters, digits and single hyphens"
            " (it names the feed's files)",
        ),
        (feed_table(name='"a--b"'), "digest.toml: feed 'a--b': 'name' must be lowercase letters"),
        (feed_table(name='"all"'), "digest.toml: feed 'all': the name 'all' is reserved (the feed of all papers)"),
        (feed_table(name=""), "digest.toml: feed #1: 'name' must be a non-empty string"),
        (feed_table(name="7"), "digest.toml: feed #1: 'name' must be a non-empty string"),
        (feed_table(title='" "'), "digest.toml: feed 'mine': 'title' must be a non-empty string"),
        (feed_table(title=""), "digest.toml: feed 'mine': 'title' must be a non-empty string"),
        (
            feed_table(include='"agent"'),
            """digest.toml: feed 'mine': 'include' must be a list of non-empty strings, like ["word", "a phrase"],"""
            " not 'agent'",
        ),
        (feed_table(include='["agent", ""]'), "digest.toml: feed 'mine': 'include' must be a list of non-empty"),
        (feed_table(exclude='[" - "]'), "digest.toml: feed 'mine': 'exclude' must be a list of non-empty"),
        (feed_table(topics="[1]"), "digest.toml: feed 'mine': 'topics' must be a list of non-empty strings"),
        (feed_table(orgs='"Qwen"'), "digest.toml: feed 'mine': 'orgs' must be a list of non-empty strings"),
        (feed_table(min_upvotes="-1"), "digest.toml: feed 'mine': 'min_upvotes' must not be negative"),
        (feed_table(min_upvotes='"5"'), "digest.toml: feed 'mine': 'min_upvotes' must be a whole number, not '5'"),
        (feed_table(min_upvotes="true"), "digest.toml: feed 'mine': 'min_upvotes' must be a whole number, not True"),
        (
            feed_table(include="", min_upvotes="0"),
            "digest.toml: feed 'mine': needs at least one rule: include, exclude, topics, orgs, authors or min_upvotes",
        ),
        (feed_table(include="[]"), "digest.toml: feed 'mine': needs at least one rule"),
        (feed_table() + feed_table(title='"Again"'), "digest.toml: feed 'mine': name used by two feeds"),
        ("[feed]\nname = 'mine'\n", "digest.toml: 'feed' must be an array of tables: write each feed as [[feed]]"),
        ("feed = [1]\n", "digest.toml: feed #1: must be a table ([[feed]])"),
        ("[[feeds]]\nname = 'mine'\n", "digest.toml: 'feeds' must be a table ([feeds]); your own feeds are [[feed]]"),
    ],
)
def test_a_bad_feed_is_one_line_naming_it(tmp_path: Path, text: str, line: str) -> None:
    [problem] = problems(tmp_path, text)
    assert problem.startswith(line)


def test_every_problem_of_every_feed_is_listed_at_once(tmp_path: Path) -> None:
    text = (
        "[feeds]\nitems = 0\n"
        + feed_table(name='"one"', topic='["agents"]', min_upvotes="-2")
        + feed_table(name='"Two"', title="", include='"agent"')
        + feed_table(name='"three"')
    )
    found = problems(tmp_path, text)
    assert found == [
        "digest.toml: 'feeds.items' must be at least 1, not 0",
        "digest.toml: feed 'one': unknown key 'topic' "
        "(known: authors, exclude, include, min_upvotes, name, orgs, title, topics)",
        "digest.toml: feed 'one': 'min_upvotes' must not be negative",
        "digest.toml: feed 'Two': 'title' must be a non-empty string",
        "digest.toml: feed 'Two': 'name' must be lowercase letters, digits and single hyphens "
        "(it names the feed's files)",
        """digest.toml: feed 'Two': 'include' must be a list of non-empty strings, like ["word", "a phrase"],"""
        " not 'agent'",
    ]


# Which papers a feed holds: every rule it gives, newest first.


def custom_items(papers: list, rules: CustomFeed, items: int = 50) -> list[str]:
    """The slugs in the feed of `rules`, in feed order."""
    feeds = plan(papers, items=items, custom=(rules,))
    [feed] = [f for f in feeds if f.key == CUSTOM_BASE.format(name=rules.name)]
    return [item.guid.rpartition("/")[2] for item in feed.items]


def test_include_phrases_match_whole_words_with_a_space_or_a_hyphen() -> None:
    papers = [
        record("hyphen", "2025-12-01", abstract="We study tool-use by models."),
        record("title", "2025-12-02", title="Tool  Use at Scale", abstract="Nothing here."),
        record("newline", "2025-12-03", abstract="Better tool\nuse."),
        record("tools", "2025-12-04", abstract="Tools used by agents."),  # not the phrase: other words
        record("part", "2025-12-05", abstract="A toolbox usefully."),
        record("other", "2025-12-06", abstract="Nothing here."),
        record("agent", "2025-12-07", abstract="An AGENT acts."),
        record("agentic", "2025-12-08", abstract="Agentic systems."),  # whole words only
    ]
    rules = CustomFeed("mine", "Mine", include=("tool use", "agent"))
    assert custom_items(papers, rules) == ["agent", "newline", "title", "hyphen"]


def test_an_exclude_phrase_wins_over_every_other_rule() -> None:
    papers = [
        record("kept", "2025-12-01", upvotes=9, topics=("agents",), abstract="An agent."),
        record("survey", "2025-12-02", upvotes=9, topics=("agents",), abstract="An agent, a SURVEY."),
        record("in-title", "2025-12-03", upvotes=9, topics=("agents",), title="A Survey", abstract="An agent."),
    ]
    rules = CustomFeed("mine", "Mine", include=("agent",), exclude=("survey",), topics=("agents",), min_upvotes=1)
    assert custom_items(papers, rules) == ["kept"]
    # exclude alone: every paper but those
    assert custom_items(papers, CustomFeed("mine", "Mine", exclude=("survey",))) == ["kept"]


def test_topics_orgs_and_upvotes_must_all_hold() -> None:
    qwen, other = Org("Qwen", "Qwen"), Org("other-lab", "Other Lab")
    papers = [
        record("a", "2025-12-01", upvotes=5, topics=("agents",), org=qwen),
        record("b", "2025-12-02", upvotes=5, topics=("vision",), org=qwen),  # not the topic
        record("c", "2025-12-03", upvotes=5, topics=("llms", "agents"), org=other),  # not the org
        record("d", "2025-12-04", upvotes=4, topics=("llms",), org=qwen),  # too few upvotes
        record("e", "2025-12-05", upvotes=None, topics=("llms",), org=qwen),  # never counted: left out
        record("f", "2025-12-06", upvotes=50, topics=("llms",)),  # no org
        record("g", "2025-12-07", upvotes=6, topics=("vision", "llms"), org=qwen),
    ]
    rules = CustomFeed("mine", "Mine", topics=("llms", "agents"), orgs=("qwen",), min_upvotes=5)
    assert custom_items(papers, rules) == ["g", "a"]  # a Hub slug in any case
    assert custom_items(papers, CustomFeed("mine", "Mine", topics=("vision",))) == ["g", "b"]
    assert custom_items(papers, CustomFeed("mine", "Mine", orgs=("other-lab",))) == ["c"]
    assert custom_items(papers, CustomFeed("mine", "Mine", min_upvotes=5)) == ["g", "f", "c", "b", "a"]


def test_newest_first_and_the_newest_items_only() -> None:
    papers = [record(f"p{i}", f"2025-12-{i + 1:02d}", abstract="An agent.") for i in range(9)]
    papers.append(record("late", "2025-12-09", upvotes=3, abstract="An agent."))
    assert custom_items(papers, CustomFeed("mine", "Mine", include=("agent",)), items=3) == ["late", "p8", "p7"]


def test_custom_feeds_follow_the_topic_feeds_in_the_opml_and_the_feed_links() -> None:
    papers = [record("a", "2025-12-01", topics=("vision",), abstract="An agent.")]
    custom = (CustomFeed("zz-first", "First", include=("agent",)), CustomFeed("aa-second", "Second", min_upvotes=1))
    feeds = plan(papers, custom=custom)
    assert [f.key for f in feeds] == ["all", "topics/vision", "custom/zz-first", "custom/aa-second"]
    first = feeds[2]
    assert (first.rss_path, first.atom_path) == ("feeds/custom/zz-first.rss.xml", "feeds/custom/zz-first.atom.xml")
    assert first.title == "First · Digest & Co"
    assert first.description == 'Papers mentioning "agent".'
    assert first.page == SITE + URLS.feeds
    assert len(first.items) == 1 and not feeds[3].items  # an upvote count of 0 does not reach 1
    opml = ET.fromstring(opml_xml(feeds, "Digest & Co"))
    assert [o.get("xmlUrl") for o in opml.iter("outline")][2:] == [
        SITE + "feeds/custom/zz-first.atom.xml",
        SITE + "feeds/custom/aa-second.atom.xml",
    ]
    links = feed_links(feeds)
    assert list(links.topics) == ["vision"]
    assert list(links.custom) == ["zz-first", "aa-second"]
    assert links.custom["zz-first"].rss == "feeds/custom/zz-first.rss.xml"
    assert links.custom["zz-first"].items == 1
    assert not feedparser.parse(rss_xml(first).encode()).bozo


def test_the_description_says_the_rules() -> None:
    papers = [record("a", "2025-12-01", topics=("agents",), org=Org("Qwen", "Qwen Team"))]
    rules = CustomFeed(
        "mine", "Mine", include=("agent", "tool use"), exclude=("survey",), topics=("agents", "other"), orgs=("qwen",)
    )
    [feed] = [f for f in plan(papers, custom=(rules,)) if f.key.startswith("custom/")]  # after the org's own
    assert feed.description == (
        'Papers mentioning "agent" or "tool use", not mentioning "survey", in Agents or Other, from Qwen Team.'
    )


def test_unknown_topics_and_orgs_are_one_line_each_naming_the_feed() -> None:
    papers = [record("a", "2025-12-01", topics=("agents",), org=Org("Qwen", "Qwen"))]
    custom = (
        CustomFeed("mine", "Mine", topics=("agentz", "other", "zebra"), orgs=("qwen", "qwne")),
        CustomFeed("theirs", "Theirs", orgs=("nobody",)),
    )
    with pytest.raises(ConfigError) as error:
        plan(papers, custom=custom)
    assert str(error.value).splitlines() == [
        "digest.toml: feed 'mine': unknown topic 'agentz' (did you mean 'agents'?)",
        "digest.toml: feed 'mine': unknown topic 'zebra' (not a topic slug of topics.toml)",
        "digest.toml: feed 'mine': unknown org 'qwne' (did you mean 'Qwen'?)",
        "digest.toml: feed 'theirs': unknown org 'nobody' (no paper of the digest is from it)",
    ]


# A build with [[feed]] tables.

FEEDS = """
[[feed]]
name = "language-models"
title = "Language models"
include = ["language model", "LLM"]
exclude = ["survey"]
min_upvotes = 1

[[feed]]
name = "labs"
title = "Two labs"
orgs = ["berkeley", "KAIST-AI"]
"""


def with_feeds(tmp: Path, text: str):
    config = project_copy(tmp)
    with (tmp / "digest.toml").open("a", encoding="utf-8") as toml:
        toml.write(text)
    return load_config(config.file)


@pytest.mark.slow
def test_a_build_writes_each_feed_in_both_formats_and_lists_it(tmp_path: Path) -> None:
    config = with_site_url(with_feeds(tmp_path, FEEDS), SITE)
    site = build(config, SHIPPED_DUMPS, tmp_path / "output", strict=True).output
    records = read_papers(site)
    by_url = {r["url"]: r for r in records}

    def said(record: dict, phrase: str) -> bool:
        return any(phrase_regex(phrase).search(record[part]) for part in ("title", "abstract"))

    rules = {
        "language-models": lambda r: (
            (said(r, "language model") or said(r, "LLM")) and not said(r, "survey") and (r["upvotes"] or 0) >= 1
        ),
        "labs": lambda r: r["org"] is not None and r["org"]["slug"].lower() in ("berkeley", "kaist-ai"),
    }
    opml = ET.fromstring((site / "feeds.opml").read_bytes())
    listed = [o.get("xmlUrl") for o in opml.iter("outline")]
    feeds_page = (site / URLS.feeds).read_text("utf-8")
    for name, holds in rules.items():
        chosen = sorted((r for r in records if holds(r)), key=lambda r: (r["arrived"], r["slug"]), reverse=True)
        assert chosen, name
        for format, version in (("rss", "rss20"), ("atom", "atom10")):
            path = site / "feeds" / "custom" / f"{name}.{format}.xml"
            parsed = feedparser.parse(path.read_bytes())
            assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
            assert parsed.version == version
            links = [e.link.removeprefix(SITE) for e in parsed.entries]
            assert {by_url[link]["slug"] for link in links} == {r["slug"] for r in chosen[:50]}
            days = [by_url[link]["arrived"] for link in links]
            assert days == sorted(days, reverse=True)
            assert parsed.feed.link == SITE + URLS.feeds
        assert SITE + f"feeds/custom/{name}.atom.xml" in listed
        assert f'href="./feeds/custom/{name}.rss.xml"' in feeds_page  # the feeds page (at the top) offers it
    # after every topic feed
    assert listed[-2:] == [SITE + "feeds/custom/language-models.atom.xml", SITE + "feeds/custom/labs.atom.xml"]


@pytest.mark.slow
def test_an_unknown_topic_stops_the_build_with_one_line(tmp_path: Path) -> None:
    feed = '[[feed]]\nname = "mine"\ntitle = "Mine"\ntopics = ["agentz"]\n'
    config = with_feeds(tmp_path, feed)
    with pytest.raises(ConfigError) as error:
        build(config, SHIPPED_DUMPS, tmp_path / "output")
    assert str(error.value) == "digest.toml: feed 'mine': unknown topic 'agentz' (did you mean 'agents'?)"
    assert not (tmp_path / "output").exists()
    # and the command line says so in that one line, without a traceback
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, ["build"], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    # after the progress lines ("· reading 5 dumps")
    assert result.stderr.splitlines()[-1] == (
        "Error: digest.toml: feed 'mine': unknown topic 'agentz' (did you mean 'agents'?)"
    )


def test_authors_hold_for_papers_by_one_of_them_in_any_case() -> None:
    """`authors` (issue 25, item 4: a reader's followed authors as a feed): a name as the API gives it, in any
    case and spacing; a paper whose authors are not known (a pasted one) is by none of them."""
    by = {
        "a": ("Wei Liu", "Ana Souza"),
        "b": ("Zhang Wei",),  # "Wei" alone is another author
        "c": (),  # pasted: no names
        "d": ("ANA  SOUZA",),
    }
    papers = [
        replace(record(slug, f"2025-12-0{n}"), hub=HubFields(author_names=names))
        for n, (slug, names) in enumerate(by.items(), 1)
    ]
    rules = CustomFeed("mine", "Mine", authors=("wei liu", "Ana Souza"))
    assert custom_items(papers, rules) == ["d", "a"]
    [feed] = [f for f in plan(papers, custom=(rules,)) if f.key == CUSTOM_BASE.format(name="mine")]
    assert feed.description == "Papers by wei liu or Ana Souza."


def test_authors_are_read_from_a_feed_table(tmp_path: Path) -> None:
    path = tmp_path / "digest.toml"
    path.write_text('[[feed]]\nname = "my-authors"\ntitle = "My authors"\nauthors = ["Wei Liu"]\n', "utf-8")
    [feed] = load_config(path).custom_feeds
    assert feed.authors == ("Wei Liu",)
