"""The reader's pages in Chromium (issue 24, items 6 and 9): one design across page types, and the paper page.

One content width on every page type (the header never moves when a paper opens); weeks and months
reached from day pages and the archive; the pages of Latest named by the days they hold; on a paper
page, its code, data and project links in the row of Save, the matched words behind "why?", a chart
only for a count that changed, and a BibTeX entry that parses, with no `howpublished`, read without
JavaScript.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import bibtexparser
import pytest

from generator.urls import URLS
from tests.support.browser_pages import open_page
from tests.support.browsing import Browsing
from tests.support.html_pages import parse, select, site_path, text

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOWN_DAY = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}")


def paper_with(site_dir: Path, xpath: str) -> str:
    """The first paper page (sorted) that has an element at `xpath`, relative to the site."""
    for path in sorted((site_dir / "papers").glob("*.html")):
        if select(parse(path), xpath):
            return path.relative_to(site_dir).as_posix()
    raise AssertionError(f"no paper page has {xpath}: this test checks nothing")


def widths(page: Any) -> list[float]:
    return page.evaluate("[...document.querySelectorAll('.wrap')].map((e) => e.getBoundingClientRect().width)")


def test_every_page_type_has_one_content_width(browser, site_url: str, site_dir: Path) -> None:
    paper = paper_with(site_dir, "//article[has-class('paper')]")
    seen = {}
    for path in (URLS.index, paper, URLS.day(next(site_dir.glob("days/*.html")).stem), URLS.archive, URLS.top):
        with open_page(browser, f"{site_url}/{path}", width=1440) as watched:
            seen[path] = widths(watched.page)
    assert len({w for found in seen.values() for w in found}) == 1, seen  # header, main and footer alike


def test_day_pages_and_the_archive_reach_weeks_and_months(browser, site_url: str, site_dir: Path) -> None:
    with Browsing(browser, java_script_enabled=False) as browsing:
        page = browsing.page
        for day in sorted(site_dir.glob("days/*.html")):
            page.goto(f"{site_url}/{URLS.day(day.stem)}")
            hrefs = page.locator(".period-within a").evaluate_all("(links) => links.map((a) => a.href)")
            year, week, _ = date.fromisoformat(day.stem).isocalendar()
            assert [h.rsplit("/", 2)[-2:] for h in hrefs] == [
                URLS.week(f"{year}-W{week:02d}").split("/"),
                URLS.month(day.stem[:7]).split("/"),
            ], day.stem
        page.goto(f"{site_url}/{URLS.archive}")
        weeks = {
            h.rsplit("/", 1)[-1]
            for h in page.locator("main a[href*='weeks/']").evaluate_all("(links) => links.map((a) => a.href)")
        }
        assert weeks == {p.name for p in site_dir.glob("weeks/*.html")}


def test_latest_names_its_pages_by_the_days_they_hold(browser, site_url: str, site_dir: Path) -> None:
    with open_page(browser, f"{site_url}/{URLS.index}") as watched:
        links = watched.page.locator(".pagination a:not(.pagination__step)")
        names = links.all_inner_texts()
        spans = links.evaluate_all(
            "(links) => links.map((a) => [a.getAttribute('href'),"
            " [...a.querySelectorAll('time')].map((t) => t.dateTime)])"
        )
    assert names[0] == "Newest" and len(names) > 1
    for name, (href, ends) in zip(names[1:], spans[1:], strict=True):
        assert SHOWN_DAY.match(name), name  # "Dec 9 to 12, 2025", never "2"
        days = [t.get("datetime") for t in select(parse(site_dir / site_path(URLS.index, href)), "//main//h2//time")]
        assert (ends[0], ends[-1]) == (min(days), max(days)), name  # the page's oldest and newest day


def test_code_links_sit_in_the_row_of_save_above_the_topics(browser, site_url: str, site_dir: Path) -> None:
    path = paper_with(site_dir, "//header//ul[@aria-label='Code, data and project']")
    with open_page(browser, f"{site_url}/{path}") as watched:
        page = watched.page
        save = page.locator(".paper-bar .reading-save")
        save.wait_for()
        code = page.locator(".paper-bar .find-links a").first
        code_box, save_box = code.bounding_box(), save.bounding_box()
        topics = page.locator("h2", has_text="Topics").bounding_box()
        assert abs(code_box["y"] + code_box["height"] / 2 - (save_box["y"] + save_box["height"] / 2)) < 8
        assert code_box["x"] < save_box["x"]  # the links first, then Save
        if topics:
            assert code_box["y"] < topics["y"]
        assert page.locator("h2", has_text="Code").count() == 0  # no second place for them
        assert watched.problems == []


def test_a_cards_outside_code_badge_does_not_look_like_a_topic_chip(browser, site_url: str, site_dir: Path) -> None:
    # A day's page shows its papers as cards (the list with code, as rows).
    days = sorted((site_dir / URLS.day("x")).parent.glob("*.html"))
    day = next(p for p in days if b"code-badge" in p.read_bytes() and b"topic-chips" in p.read_bytes())
    with open_page(browser, f"{site_url}/{day.relative_to(site_dir).as_posix()}") as watched:
        look = "(e) => { const s = getComputedStyle(e); return [s.borderRadius, s.borderStyle, s.backgroundColor]; }"
        badge = watched.page.locator(".card .code-badge").first.evaluate(look)
        chip = watched.page.locator(".card .topic-chips a").first.evaluate(look)
    assert badge[0] != chip[0] and badge[1] == "solid" and chip[1] == "none", (badge, chip)


def test_matched_words_are_behind_why_without_javascript(browser, site_url: str, site_dir: Path) -> None:
    path = paper_with(site_dir, "//ul[has-class('paper-topics')]//details")
    with Browsing(browser, java_script_enabled=False) as browsing:
        page = browsing.page
        page.goto(f"{site_url}/{path}")
        why = page.locator(".paper-topics details").first
        words = why.locator("q").first
        assert why.locator("summary").inner_text() == "why?"
        assert not words.is_visible()
        why.locator("summary").click()
        assert words.is_visible() and words.inner_text()


def test_a_chart_is_drawn_only_for_a_count_that_changed(site_dir: Path) -> None:
    charts = flat = 0
    for path in sorted((site_dir / "papers").glob("*.html")):
        doc = parse(path)
        for caption in select(doc, "//figure[has-class('upvote-history')]/figcaption"):
            counts = re.findall(r"(\d+) (?:on|from) ", text(caption))
            assert len(set(counts)) > 1, (path.name, text(caption))
            charts += 1
        for said in select(doc, "//p[has-class('upvote-history')]"):
            assert not select(doc, "//svg") and len(re.findall(r"(\d+) (?:on|from) ", text(said))) == 1
            flat += 1
    # The shipped digest's 27 histories are flat (issue 24: 27 flat charts): none is drawn. A count that
    # changed is drawn: tests/inputs/test_daily_api.py builds one and counts its points.
    assert flat >= 27 and charts == 0, (charts, flat)


def test_the_bibtex_is_read_without_javascript_and_parses(browser, site_url: str, site_dir: Path) -> None:
    path = paper_with(site_dir, "//pre[@data-bibtex]")
    with Browsing(browser, java_script_enabled=False) as browsing:
        page = browsing.page
        page.goto(f"{site_url}/{path}")
        page.locator(".paper-bib summary").click()
        entry = page.locator("[data-bibtex]").inner_text()
    [parsed] = bibtexparser.loads(entry).entries
    assert parsed["ENTRYTYPE"] == "misc" and "howpublished" not in parsed and parsed["note"].startswith("Listed on")
