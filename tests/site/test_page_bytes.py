"""What every page no longer repeats (issue 22): template indentation, the upvote chart's decimals and
repeated counts, the search box's combobox attributes, a card's placeholders, a paper page's facts said
twice, the chrome's scripts and head tags; the golden site shows it."""

from __future__ import annotations

import re
from datetime import date

from jinja2 import DictLoader, Environment

from generator.model import UpvoteCount
from generator.site.chart import UpvoteRun, upvote_caption, upvote_chart, upvote_runs
from generator.site.dedent import DedentExtension, dedent
from generator.urls import URLS
from tests.support.golden import EXPECTED as GOLDEN_SITE
from tests.support.html_pages import parse, select, text
from tests.support.paths import ROOT


def test_dedent_drops_indentation_and_empty_lines_but_keeps_line_breaks() -> None:
    assert dedent("<ul>\n    <li>a</li>\n\n\t<li>b</li>\n</ul>\n") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"
    assert dedent("one\n  two") == "one\ntwo"  # two words stay apart


def test_dedent_keeps_a_template_whose_pre_spans_lines() -> None:
    shown = "<div>\n  <pre>\n  indented\n</pre>\n</div>\n"
    assert dedent(shown) == shown
    one_line = "<div>\n  <pre data-bibtex>{{ entry }}</pre>\n</div>\n"
    assert dedent(one_line) == "<div>\n<pre data-bibtex>{{ entry }}</pre>\n</div>\n"


def test_what_a_variable_prints_is_never_dedented() -> None:
    template = "<pre>{{ text }}</pre>\n    <p>{{ text }}</p>"
    env = Environment(loader=DictLoader({"t": template}), extensions=[DedentExtension])
    text = "a\n    b\n\n  c"
    assert env.get_template("t").render(text=text) == f"<pre>{text}</pre>\n<p>{text}</p>"


def test_the_chart_is_in_whole_units_drawn_only_for_a_change_and_its_caption_says_a_run_once() -> None:
    days = [date(2025, 12, d) for d in (1, 2, 3, 4, 6)]
    history = [UpvoteCount(day, count) for day, count in zip(days, (1, 3, 3, 3, 4), strict=True)]
    chart = str(upvote_chart(history))
    line, dots = (path.split('"')[0] for path in chart.split(' d="')[1:])
    # whole units; the line turns only where the pace changes (Dec 3 is on it), a dot a count
    assert line == "M6 45L52 19L143 19L234 6" and dots.count("h0") == 5
    assert "." not in chart.split("viewBox")[1]
    assert "stroke" not in chart and "width" not in chart  # the stylesheet's (.upvote-chart)
    flat = [UpvoteCount(day, 0) for day in days]
    assert str(upvote_chart(flat)) == "" and len(upvote_runs(flat)) == 1  # a count that never changed: no chart
    assert upvote_runs(history) == (
        UpvoteRun(1, days[0], days[0]),
        UpvoteRun(3, days[1], days[3]),
        UpvoteRun(4, days[4], days[4]),
    )
    assert upvote_runs([]) == ()


def test_golden_pages_carry_no_indentation_nor_combobox_attributes() -> None:
    for path in (URLS.index, URLS.day("2025-12-09"), URLS.top):
        page = GOLDEN_SITE / path
        html = page.read_text("utf-8")
        assert "\n  <" not in html, path
        [box] = select(parse(page), "//input[@id='search-q']")
        assert box.get("role") is None and box.get("aria-controls") is None  # search.js adds them


def test_a_card_is_its_links_and_facts_without_placeholders() -> None:
    doc = parse(GOLDEN_SITE / URLS.day("2025-12-09"))
    cards = select(doc, "//article[has-class('card')]")
    assert cards
    for card in cards:
        assert not select(card, ".//*[@data-reading-actions]")  # reading.js adds a card's actions
        [title] = select(card, ".//*[has-class('card__title')]/a/@href")
        assert title.startswith("../papers/")  # relative: the site's URL is never repeated
        assert all(not href.startswith("http") for href in select(card, ".//a[not(@rel)]/@href"))


def test_the_caption_says_the_year_once_when_every_count_is_in_it() -> None:
    history = [UpvoteCount(date(2025, 12, d), n) for d, n in ((1, 1), (2, 3), (3, 3), (6, 4))]
    assert upvote_caption(history) == "Upvotes in 2025: 1 on Dec 1, 3 from Dec 2 to Dec 3, 4 on Dec 6"
    across = [UpvoteCount(date(2025, 12, 31), 2), UpvoteCount(date(2026, 1, 2), 5)]
    assert upvote_caption(across) == "Upvotes: 2 on Dec 31, 2025, 5 on Jan 2, 2026"


PAPER = "papers/native-parallel-reasoner-reasoning-in-parallelism-via-self-distilled-08023a.html"


def test_a_paper_page_says_each_fact_once() -> None:
    page = GOLDEN_SITE / PAPER
    doc = parse(page)
    html = page.read_text("utf-8")
    [title] = select(doc, "//h1")
    # the title: the <title>, the citation tag, the heading and the BibTeX; no OpenGraph or JSON-LD copy
    assert html.count(text(title)) == 4
    assert not select(doc, "//meta[@property] | //script[not(@src)]")
    # each author: the citation tag, the page, the BibTeX; follows.js reads the page's name as it is shown
    authors = select(doc, "//head/meta[@name='citation_author']/@content")
    assert authors and all(html.count(f">{name}<") == 1 for name in authors)
    assert select(doc, "//dd[@data-follow-each='author']/bdi/text()") == authors
    # the day it was listed and the day it was counted: the facts, once; the chart's caption says every count
    assert html.count("datetime=2025-12-09") == 1 and html.count("datetime=2025-12-12") == 1
    assert select(doc, "//figcaption/text()") == ["Upvotes in 2025: 27 on Dec 9, 39 on Dec 12"]
    assert not select(doc, "//ul[has-class('sources')]")  # nothing else was seen of it
    # links to other hosts carry no rel for what the referrer policy does; the code links stay nofollow
    assert select(doc, "//head/meta[@name='referrer']/@content") == ["no-referrer"]
    assert not select(doc, "//a[contains(@rel, 'noopener') or contains(@rel, 'noreferrer')]")
    # a similar paper's page is a neighbour: its file name
    similar = select(doc, "//ol[has-class('similar-papers')]//a/@href")
    assert similar and all((page.parent / href).is_file() and "/" not in href for href in similar)


def test_every_page_names_one_script_and_one_feed() -> None:
    for path in (URLS.index, PAPER, URLS.day("2025-12-09"), URLS.page("about")):
        doc = parse(GOLDEN_SITE / path)
        [script] = select(doc, "//script/@src")
        assert script.endswith(URLS.site_js), path
        assert len(select(doc, "//head/link[@rel='alternate']")) == 1, path
        assert not select(doc, "//body/@class | //meta[@name='color-scheme']"), path  # the stylesheet's
    site_js = (ROOT / "themes/digest/static/js" / "site.js").read_text("utf-8")
    imported = re.findall(r'^import "\./([\w-]+\.js)";$', site_js, re.MULTILINE)
    assert imported == [
        URLS.search_js.rsplit("/", 1)[1],
        URLS.reading_js.rsplit("/", 1)[1],
        URLS.follows_js.rsplit("/", 1)[1],
    ]
