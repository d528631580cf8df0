"""The reading list without an account (issue 15, items 6, 7 and 9), in Chromium.

static/js/reading.js keeps it in the browser's localStorage: Save on every card and paper page,
the Saved page with Remove and its exports (BibTeX, JSON), read marks, "N new since your last
visit" on the home page, and Copy BibTeX on a paper page. Every test starts from an empty
storage (a new browser context) and fails on any console error, script error or request that
leaves the site. Without JavaScript, or with a storage that throws, pages work as before.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import bibtexparser
import pytest

from generator.urls import URLS
from tests.support.browsing import AXE, Browsing, axe_violations
from tests.support.papers_data import read_papers, shown_entry
from tests.support.paths import CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SAVED, READ, VISIT = "paper-digest:saved", "paper-digest:read", "paper-digest:last-visit"
CARD = "main article.card[data-paper]"
ROW = "main .rows tr[data-paper]"  # a paper as a list's row (partials/rows.html)
GETITEM_THROWS = "Storage.prototype.getItem = function () { throw new DOMException('denied', 'SecurityError'); };"


@pytest.fixture(scope="module")
def papers(site_dir: Path) -> list[dict]:
    return read_papers(site_dir)


# Links to paper pages: from a list, into papers/; from a paper page, its similar papers beside it.
PAPER_LINKS = "main a[href*='papers/'], main .similar-papers a"


def save_button(card):
    return card.locator("button.reading-save")


def card_of(page, slug: str):
    return page.locator(f"{CARD}[data-paper='{slug}']")


def test_a_paper_saved_from_a_card_stays_saved_and_is_on_the_saved_page(browser, site_url: str):
    with Browsing(browser) as b:
        page = b.open(f"{site_url}/{URLS.index}")
        assert page.locator("[data-reading-nav]").is_hidden()  # nothing saved yet: no nav entry
        card = page.locator(CARD).first
        slug = card.get_attribute("data-paper")
        link = card.locator(".card__title a")  # the card's page and title: what reading.js keeps
        title, url = link.text_content().strip(), link.get_attribute("href").removeprefix("./")
        button = save_button(card)
        assert button.get_attribute("aria-pressed") == "false"
        assert button.locator(".reading-save__label").text_content() == "Save"
        button.focus()
        page.keyboard.press("Enter")  # a real button: the keyboard saves
        assert button.get_attribute("aria-pressed") == "true"
        assert button.locator(".reading-save__label").text_content() == "Saved"
        assert page.locator("[data-reading-nav]").is_visible()

        page.reload(wait_until="load")
        button = save_button(card_of(page, slug))
        assert button.get_attribute("aria-pressed") == "true"
        assert button.locator(".reading-save__label").text_content() == "Saved"
        stored = b.storage(SAVED)
        assert stored["v"] == 1 and list(stored["papers"]) == [slug]
        assert stored["papers"][slug]["url"] == url and "bib" not in stored["papers"][slug]  # its page shows it

        page.locator("[data-reading-nav] a").click()
        page.wait_for_load_state("networkidle")
        assert page.url == f"{site_url}/{URLS.saved}"
        items = page.locator(".reading-item")
        assert items.count() == 1
        link = items.first.locator(".reading-item__title a")
        assert link.text_content() == title
        assert link.get_attribute("href") == f"{site_url}/{url}"
        today = date.today()
        assert items.first.locator("time").first.get_attribute("datetime") == today.isoformat()
        assert page.locator("[data-reading-count]").text_content().startswith("1 saved paper")

        items.first.locator("button.reading-item__remove").click()
        assert items.count() == 0
        assert page.locator("[data-reading-empty]").is_visible()
        assert page.evaluate("document.activeElement.hasAttribute('data-reading-empty')")  # focus is not lost
        assert "Removed" in page.locator("[data-reading-status]").text_content()
        assert page.locator("[data-reading-exports]").is_hidden()
        assert b.storage(SAVED)["papers"] == {}

        page = b.open(f"{site_url}/{URLS.index}")
        assert save_button(card_of(page, slug)).get_attribute("aria-pressed") == "false"
        assert b.problems == []


def test_saving_on_a_paper_page_shows_on_its_cards_in_every_tab(browser, site_url: str):
    with Browsing(browser) as b:
        page = b.open(f"{site_url}/{URLS.index}")
        other = b.new_page()  # a second tab, left open on the home page
        other.goto(f"{site_url}/{URLS.index}", wait_until="load")
        card = page.locator(CARD).nth(1)
        slug = card.get_attribute("data-paper")
        card.locator(".card__title a").click()
        page.wait_for_load_state("networkidle")
        button = page.locator("article[data-paper-page] button.reading-save")
        assert button.count() == 1 and button.get_attribute("aria-pressed") == "false"
        button.click()
        assert button.get_attribute("aria-pressed") == "true" and button.text_content() == "Saved"
        other_button = save_button(card_of(other, slug))
        other_button.and_(other.locator("[aria-pressed='true']")).wait_for()  # told by the storage event
        assert other_button.text_content().startswith("Saved")
        page = b.open(f"{site_url}/{URLS.index}")
        assert save_button(card_of(page, slug)).get_attribute("aria-pressed") == "true"
        assert b.problems == []


def test_a_paper_opened_is_marked_read_on_its_cards(browser, site_url: str):
    with Browsing(browser) as b:
        page = b.open(f"{site_url}/{URLS.index}")
        assert page.locator(f"{CARD}.card--read").count() == 0
        card = page.locator(CARD).nth(2)
        slug = card.get_attribute("data-paper")
        card.locator(".card__title a").click()
        page.wait_for_load_state("networkidle")
        assert b.storage(READ) == {"v": 1, "papers": {slug: date.today().isoformat()}}
        page.go_back(wait_until="load")  # from the back-forward cache or not, the mark shows
        read = page.locator(f"{CARD}.card--read")
        assert read.count() == 1
        assert read.get_attribute("data-paper") == slug
        assert read.locator(".card__title a").text_content().endswith(" (read)")  # what a screen reader hears
        assert read.locator(".reading-read").evaluate("e => getComputedStyle(e).position") == "absolute"  # only that
        page.reload(wait_until="load")
        assert page.locator(f"{CARD}.card--read").count() == 1
        assert b.problems == []


def test_a_page_back_from_the_back_forward_cache_shows_the_read_mark(browser, site_url: str):
    # Playwright turns the cache off by default: this browser has it, as every reader's has. A page restored
    # from it runs no script again; reading.js redraws on `pageshow` (and Chromium also delivers the storage
    # event the paper page caused): without both, this fails.
    cached = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu"],
        ignore_default_args=["--disable-back-forward-cache"],
    )
    try:
        with Browsing(cached, init="addEventListener('pageshow', (e) => { window.fromCache = e.persisted; });") as b:
            page = b.open(f"{site_url}/{URLS.index}")
            card = page.locator(CARD).nth(3)
            slug = card.get_attribute("data-paper")
            card.locator(".card__title a").click()
            page.wait_for_load_state("load")
            page.go_back(wait_until="commit")  # a page from the cache fires no load event
            card_of(page, slug).and_(page.locator(".card--read")).wait_for()
            assert page.evaluate("window.fromCache") is True, "the page did not come from the back-forward cache"
            assert b.problems == []
    finally:
        cached.close()


def new_line(page) -> str:
    line = page.locator("main .reading-new")
    return line.text_content() if line.count() else ""


def test_the_home_page_says_how_many_papers_are_new_since_the_last_visit(browser, site_url: str, papers):
    days = sorted({p["arrived"] for p in papers})
    newest, before = days[-1], days[-2]
    expected = sum(p["arrived"] > before for p in papers)
    with Browsing(browser) as b:
        page = b.open(f"{site_url}/{URLS.index}")  # a first visit: nothing to compare with
        assert new_line(page) == ""
        assert b.storage(VISIT) == {"v": 1, "day": newest}

        shown = page.locator(f"{CARD}, {ROW}").count()  # its newest day as cards, the days after as rows
        assert 0 < expected < shown, "the test wants a last visit whose new papers fit the first page"
        b.put(VISIT, {"v": 1, "day": before})
        page.reload(wait_until="load")
        assert new_line(page).startswith(f"{expected} new since your last visit")
        assert b.storage(VISIT) == {"v": 1, "day": newest, "previous": before}
        page.reload(wait_until="load")  # the site has nothing newer: the same papers are still new
        assert new_line(page).startswith(f"{expected} new since your last visit")
        page = b.open(f"{site_url}/")  # the home page as its folder, as a published site is visited
        assert new_line(page).startswith(f"{expected} new since your last visit")

        oldest = days[0]  # more papers are new than the first page shows
        assert sum(p["arrived"] > oldest for p in papers) > shown
        b.put(VISIT, {"v": 1, "day": oldest})
        page.reload(wait_until="load")
        assert new_line(page).startswith(f"{shown} or more new since your last visit")

        page = b.open(f"{site_url}/{URLS.list_page('index', 2)}")  # only the first page of the home page
        assert new_line(page) == ""
        assert b.problems == []


def test_the_saved_list_exports_as_json_and_bibtex(browser, site_url: str, site_dir: Path, tmp_path: Path):
    with Browsing(browser) as b:
        page = b.open(f"{site_url}/{URLS.index}")
        cards = page.locator(CARD)
        slugs = [cards.nth(i).get_attribute("data-paper") for i in (0, 3, 5)]
        for slug in slugs:
            save_button(card_of(page, slug)).click()
        page = b.open(f"{site_url}/{URLS.saved}")
        assert page.locator(".reading-item").count() == 3

        with page.expect_download() as info:
            page.get_by_role("button", name="Export JSON").click()
        download = info.value
        assert download.suggested_filename == "reading-list.json"
        exported = json.loads(Path(download.path()).read_text("utf-8"))
        assert exported["v"] == 1
        assert sorted(p["slug"] for p in exported["papers"]) == sorted(slugs)
        for paper in exported["papers"]:
            assert paper["url"] == f"{site_url}/{URLS.paper(paper['slug'])}"
            assert paper["title"] and paper["saved"]

        with page.expect_download() as info:
            page.get_by_role("button", name="Export BibTeX").click()
        download = info.value
        assert download.suggested_filename == "reading-list.bib"
        exported = bibtexparser.loads(Path(download.path()).read_text("utf-8"))
        expected = [bibtexparser.loads(shown_entry(site_dir / URLS.paper(slug))).entries for slug in slugs]
        assert all(len(entries) == 1 for entries in expected)
        assert sorted(e["ID"] for e in exported.entries) == sorted(entries[0]["ID"] for entries in expected)
        assert "Exported reading-list.bib: 3 entries" in page.locator("[data-reading-status]").text_content()
        assert b.problems == []


def paper_path(site_dir: Path) -> str:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.glob(URLS.paper("*")))[0]


def test_copy_bibtex_copies_the_papers_entry(browser, site_url: str, site_dir: Path):
    path = paper_path(site_dir)
    slug = path.removeprefix("papers/").removesuffix(".html")
    bib = shown_entry(site_dir / URLS.paper(slug))
    with Browsing(browser) as b:
        b.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
        page = b.open(f"{site_url}/{path}")
        page.get_by_role("button", name="Copy BibTeX").click()
        status = page.locator(".paper-actions__status")
        status.filter(has_text="copied").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == bib
        assert page.locator(".paper-actions__bib").is_hidden()
        assert b.problems == []


def test_copy_bibtex_shows_the_entry_when_the_clipboard_refuses(browser, site_url: str, site_dir: Path):
    path = paper_path(site_dir)
    slug = path.removeprefix("papers/").removesuffix(".html")
    refuse = "navigator.clipboard.writeText = () => Promise.reject(new DOMException('no', 'NotAllowedError'));"
    with Browsing(browser, init=refuse) as b:
        page = b.open(f"{site_url}/{path}")
        page.get_by_role("button", name="Copy BibTeX").click()
        shown = page.locator(".paper-actions__bib")
        shown.wait_for()
        assert shown.text_content() == shown_entry(site_dir / URLS.paper(slug))
        assert page.evaluate("String(getSelection())").strip() == shown.text_content().strip()  # ready to copy
        assert "copy by hand" in page.locator(".paper-actions__status").text_content()
        assert axe_violations(page) == []
        assert b.problems == []


def test_a_storage_that_throws_or_holds_garbage_breaks_nothing(browser, site_url: str, site_dir: Path):
    pages = [URLS.index, paper_path(site_dir), URLS.saved, URLS.top]
    with Browsing(browser, init=GETITEM_THROWS) as b:
        for path in pages:
            page = b.open(f"{site_url}/{path}")
            assert page.locator("button.reading-save").count() == 0, path  # a Save that cannot keep: none
            assert page.locator(PAPER_LINKS).count() >= 1 or path == URLS.saved
        page = b.open(f"{site_url}/{pages[1]}")
        assert page.get_by_role("button", name="Copy BibTeX").is_visible()  # needs no storage
        page = b.open(f"{site_url}/{URLS.saved}")
        assert page.locator("[data-reading-nostorage]").is_visible()
        assert page.locator("[data-reading-nojs]").is_hidden()
        assert b.problems == []

    garbage = {SAVED: "{not json", READ: json.dumps({"v": 99, "papers": []}), VISIT: json.dumps(["2025-01-01"])}
    with Browsing(browser) as b:
        page = b.open(f"{site_url}/{URLS.saved}")
        for key, text in garbage.items():
            b.put(key, text)
        for path in pages:
            page = b.open(f"{site_url}/{path}")
        page = b.open(f"{site_url}/{URLS.index}")
        button = save_button(page.locator(CARD).first)
        assert button.get_attribute("aria-pressed") == "false"
        button.click()  # a corrupt list is replaced by a good one
        assert b.storage(SAVED)["v"] == 1 and len(b.storage(SAVED)["papers"]) == 1
        assert b.problems == []


def test_without_javascript_nothing_of_the_reading_list_shows(browser, site_url: str, site_dir: Path):
    with Browsing(browser, java_script_enabled=False) as b:
        for path in (URLS.index, URLS.top, paper_path(site_dir)):
            page = b.open(f"{site_url}/{path}")
            assert page.locator(PAPER_LINKS).count() >= 1, path
            for selector in ("[data-reading-actions]", "[data-reading-nav]", "button"):
                shown = [el for el in page.locator(f"main {selector}, nav {selector}").all() if el.is_visible()]
                assert shown == [], (path, selector)
        page = b.open(f"{site_url}/{URLS.saved}")
        note = page.locator("[data-reading-nojs]")
        assert note.is_visible() and "needs JavaScript" in note.text_content()
        assert page.locator("[data-reading-list]").is_hidden()
        assert b.problems == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_with_a_reading_list(browser, site_url: str, papers, scheme: str):
    assert AXE.is_file(), "run npm ci: axe-core is missing from node_modules"
    before = sorted({p["arrived"] for p in papers})[-2]
    report = {}
    with Browsing(browser, scheme=scheme) as b:
        page = b.open(f"{site_url}/{URLS.index}")
        cards = page.locator(CARD)
        for i in (0, 1):
            save_button(cards.nth(i)).click()
        cards.nth(1).locator(".card__title a").click()  # read
        page.wait_for_load_state("networkidle")
        report["paper"] = axe_violations(page)
        b.put(VISIT, {"v": 1, "day": before})
        page = b.open(f"{site_url}/{URLS.index}")
        assert page.locator(f"{CARD}.card--read").count() == 1 and new_line(page)
        report["home"] = axe_violations(page)
        page = b.open(f"{site_url}/{URLS.saved}")
        assert page.locator(".reading-item").count() == 2
        report["saved"] = axe_violations(page)
        page.locator("button.reading-item__remove").first.click()
        page.locator("button.reading-item__remove").first.click()
        report["saved-empty"] = axe_violations(page)
        assert b.problems == []
    assert report == {name: [] for name in report}, json.dumps(report, indent=2)


def test_save_on_a_row_saves_what_its_card_saves_and_a_row_shows_the_read_mark(browser, site_url: str):
    """A list shows a paper as a row (partials/rows.html) where its day's page shows its card: Save on either keeps
    the same record, and a row under a day's heading (a month) takes that day as the day it arrived."""
    same = lambda entry: {k: v for k, v in entry.items() if k != "saved"}  # noqa: E731
    report = {}
    with Browsing(browser) as b:
        page = b.open(f"{site_url}/{URLS.with_code}")
        row = page.locator(ROW).first
        slug, arrived = row.get_attribute("data-paper"), row.get_attribute("data-arrived")
        save_button(row).click()
        assert save_button(row).get_attribute("aria-pressed") == "true"
        from_row = b.storage(SAVED)["papers"][slug]
        report["list"] = axe_violations(page)
        save_button(row).click()
        assert b.storage(SAVED)["papers"] == {}

        page = b.open(f"{site_url}/{URLS.day(arrived)}")
        save_button(card_of(page, slug)).click()
        assert same(b.storage(SAVED)["papers"][slug]) == same(from_row) and from_row["arrived"] == arrived

        page = b.open(f"{site_url}/{URLS.month(arrived[:7])}")
        row = page.locator(f"{ROW}[data-paper='{slug}']")
        assert row.get_attribute("data-arrived") == arrived  # from its day's heading
        assert save_button(row).get_attribute("aria-pressed") == "true"
        row.locator("a").first.click()
        page.wait_for_load_state("load")
        page = b.open(f"{site_url}/{URLS.month(arrived[:7])}")
        read = page.locator(f"{ROW}.card--read")
        assert read.count() == 1 and read.get_attribute("data-paper") == slug
        assert read.locator("a").first.text_content().endswith(" (read)")
        report["month"] = axe_violations(page)
        assert b.problems == []
    assert report == {"list": [], "month": []}
