"""What every page no longer repeats (issue 22): template indentation, the upvote chart's decimals and
repeated counts, the search box's combobox attributes, a card's placeholders; the golden site shows it."""

from __future__ import annotations

from datetime import date

from jinja2 import DictLoader, Environment

from generator.model import UpvoteCount
from generator.site.chart import UpvoteRun, upvote_chart, upvote_runs
from generator.site.dedent import DedentExtension, dedent
from generator.urls import URLS
from tests.support.golden import EXPECTED as GOLDEN_SITE
from tests.support.html_pages import parse, select


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
    assert line == "M6 45L52 19L97 19L143 19L234 6" and dots.count("h0") == 5  # whole units, a dot a count
    assert "." not in chart.split("viewBox")[1]
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
