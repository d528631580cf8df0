"""One card everywhere (issue 24): a search result, on the search page and in the header's dropdown, is the
list's card (partials/paper_card.html), and its Save saves what a list card's Save saves."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from generator.urls import URLS
from generator.words import DATE_UNKNOWN, NOT_COUNTED
from tests.support.browsing import Browsing
from tests.support.papers_data import read_papers

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SAVED = "paper-digest:saved"
RESULT = ".search-page__results .search-result"
# A card as a tree of what it shows: each element's tag (a heading as "h": a list's level is its page's), classes,
# the attributes a reader meets and its links, resolved; its text nodes. Left out: what only one of them has by
# design (the search's snippet where a list may show a teaser; the marks in the title, compared as its text) and
# what the reading list adds to both (Save, the read mark).
DESCRIBE = """(card) => {
  const skip = (node) => node.matches?.(".card__teaser, .card__actions, .reading-read");
  const describe = (node) => {
    if (node.nodeType === 3) return node.data.trim() ? node.data : null;
    if (node.nodeType !== 1 || skip(node)) return null;
    const tag = /^h[1-6]$/i.test(node.tagName) ? "h" : node.tagName.toLowerCase();
    const classes = [...node.classList].filter((c) => !c.startsWith("card--")).sort().join(" ");
    const attributes = ["title", "aria-label", "rel", "datetime"].map((a) => node.getAttribute(a));
    const own = [tag, classes, attributes, node.href ?? null];
    if (node.parentElement?.matches(".card__title")) return [...own, node.textContent];  // the title, marks or not
    return [...own, [...node.childNodes].map(describe).filter((d) => d !== null)];
  };
  return describe(card);
}"""


def as_option(tree: Any) -> Any:
    """A card as a dropdown's option draws it: an option holds nothing focusable (ARIA), so each link is text
    (a span, no href, no rel) and the option itself opens the paper."""
    if not isinstance(tree, list) or len(tree) != 5:
        return tree
    tag, classes, (title, label, rel, when), href, inside = tree
    if tag == "a":
        tag, rel, href = "span", None, None
    inside = [as_option(child) for child in inside] if isinstance(inside, list) else inside
    return [tag, classes, [title, label, rel, when], href, inside]


@pytest.fixture(scope="module")
def papers(site_dir: Path) -> list[dict[str, Any]]:
    return read_papers(site_dir)


def having(*facts: str) -> Any:
    """The first paper whose card shows each of `facts` (the shipped dumps have none that shows them all)."""

    def pick(papers: list[dict[str, Any]]) -> dict[str, Any]:
        return next(p for p in papers if all(p[fact] for fact in facts))

    pick.__name__ = "_".join(facts)
    return pick


def unknown(papers: list[dict[str, Any]]) -> dict[str, Any]:
    """A paper with no date of its own and no upvote count."""
    return next(p for p in papers if p["date"] is None and p["upvotes"] is None)


WITH_ORG = having("date", "upvotes", "org", "topics")
WITH_CODE = having("date", "upvotes", "authors", "topics", "has_code")


def list_card(page: Any, site_url: str, paper: dict[str, Any]) -> Any:
    """The paper's card on the list of the day it arrived."""
    page.goto(f"{site_url}/{URLS.day(paper['arrived'])}", wait_until="load")
    card = page.locator("main article.card").filter(has=page.locator(f".card__title a[href$='{paper['url']}']"))
    assert card.count() == 1, paper["url"]
    return card


def result_card(page: Any, site_url: str, paper: dict[str, Any]) -> Any:
    """The paper's result card on the search page, searched for by its title (so the first result)."""
    page.goto(f"{site_url}/{URLS.search}?q={quote(paper['title'])}", wait_until="load")
    page.wait_for_selector("#search-page-results:not([aria-busy]) .search-result .card__title a")
    card = page.locator(f"{RESULT} article.card").first
    assert card.locator(".card__title a").get_attribute("href").endswith(paper["url"]), paper["title"]
    return card


@pytest.mark.parametrize("which", [WITH_ORG, WITH_CODE, unknown], ids=["org", "code", "unknown"])
def test_a_search_result_is_the_paper_s_list_card(browser: Any, site_url: str, papers: list, which: Any) -> None:
    paper = which(papers)
    with Browsing(browser) as b:
        on_list = list_card(b.page, site_url, paper).evaluate(DESCRIBE)
        searched = result_card(b.page, site_url, paper)
        assert searched.evaluate(DESCRIBE) == on_list
        assert searched.locator(".card__actions button.reading-save").count() == 1  # reading.js's Save, as a list's
        assert searched.locator(".search-result__snippet").text_content()  # and the search's own: the passage
        assert searched.locator(".card__title mark").count() >= 1  # the title's words found
        if which is unknown:
            assert searched.locator(".card__votes").text_content() == f"upvotes {NOT_COUNTED}"
            assert searched.locator(".card__meta .unknown").text_content() == DATE_UNKNOWN
        else:
            assert searched.locator(".topic-chips a").count() == len(paper["topics"])
            assert searched.locator(".code-badge").count() == int(paper["has_code"])
            assert searched.locator(".card__meta a").count() == int(bool(paper["org"]))
        # the header's dropdown draws the same card, compact
        b.page.goto(f"{site_url}/about.html", wait_until="load")
        b.page.fill("#search-q", paper["title"])
        b.page.wait_for_selector(".search-results:not([aria-busy]) .search-result .card__title bdi")
        dropped = b.page.locator(".search-results .search-result article.card").first
        assert dropped.evaluate(DESCRIBE) == as_option(on_list)
        assert b.problems == []


def test_save_on_a_search_result_saves_what_the_list_card_saves(browser: Any, site_url: str, papers: list) -> None:
    paper = WITH_CODE(papers)
    with Browsing(browser) as b:
        card = list_card(b.page, site_url, paper)
        card.locator("button.reading-save").click()
        from_list = b.storage(SAVED)["papers"]
        b.put(SAVED, {"v": 1, "papers": {}})

        button = result_card(b.page, site_url, paper).locator("button.reading-save")
        assert button.get_attribute("aria-pressed") == "false"
        button.click()
        assert button.get_attribute("aria-pressed") == "true"
        assert button.locator(".reading-save__label").text_content() == "Saved"
        from_search = b.storage(SAVED)["papers"]
        assert list(from_search) == list(from_list) == [paper["slug"]]
        fields = ("title", "url", "arrived")
        assert [from_search[paper["slug"]][f] for f in fields] == [from_list[paper["slug"]][f] for f in fields]

        page = b.open(f"{site_url}/{URLS.saved}")
        link = page.locator(".reading-item .reading-item__title a")
        assert link.count() == 1
        assert link.text_content() == paper["title"]
        assert link.get_attribute("href") == f"{site_url}/{paper['url']}"

        # saved elsewhere, the result shows it saved when drawn
        result = result_card(b.page, site_url, paper).locator("button.reading-save")
        assert result.get_attribute("aria-pressed") == "true"
        assert b.problems == []
