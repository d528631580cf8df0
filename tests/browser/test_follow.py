"""Follows and the For you page (issue 25, items 1 to 4 and 6), in Chromium.

static/js/follows.js keeps the follows in the browser's localStorage: Follow on a topic's and an
organisation's page, beside each author's name on a paper's page, and "Follow this search" on the search
page; cards that link to a followed topic or organisation say so. static/js/foryou.js ranks the papers of
the last 30 days by the follows and by likeness to the saved papers, says why each is there, hides the
papers with a followed search's -words, and exports, imports and writes the follows as [[feed]] tables.
Every test starts from an empty storage and fails on any console error, script error or request that
leaves the site. Without JavaScript, or with a storage that throws, the page says what it would do.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from generator.build import build
from generator.config import load_config
from generator.inputs.ingest import find_dumps
from generator.outputs.search_index import analyze
from generator.preview import served
from generator.urls import URLS
from tests.support.browsing import AXE, Browsing, axe_violations
from tests.support.golden import EXPECTED as GOLDEN_SITE
from tests.support.golden import PROJECT as GOLDEN_PROJECT
from tests.support.papers_data import read_papers
from tests.support.paths import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FOLLOWS, SAVED, FINDS = "paper-digest:follows", "paper-digest:saved", "paper-digest:follow-finds"
GETITEM_THROWS = "Storage.prototype.getItem = function () { throw new DOMException('denied', 'SecurityError'); };"


@pytest.fixture(scope="module")
def papers(site_dir: Path) -> list[dict]:
    return read_papers(site_dir)


@pytest.fixture(scope="module")
def golden_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The golden project (its papers from the API have author names) built for loopback and served there:
    its own site URL left out, so every page links within the served copy."""
    work = tmp_path_factory.mktemp("golden")
    shutil.copytree(GOLDEN_PROJECT, work, dirs_exist_ok=True)
    shutil.copytree(ROOT / "themes", work / "themes", dirs_exist_ok=True)
    (work / "node_modules").symlink_to(ROOT / "node_modules")
    toml = work / "digest.toml"
    toml.write_text(re.sub(r'(?m)^url = ".*"\n', "", toml.read_text("utf-8")), "utf-8")
    config = load_config(toml)
    build(config, find_dumps(config.path(config.build.dumps)), work / "output", strict=True)
    with served(work / "output") as url:
        yield url


def newest_topic(papers: list[dict]) -> tuple[str, list[str]]:
    """The slug of a topic of the newest day's papers, and the slugs of that day's papers in it."""
    newest = max(p["arrived"] for p in papers)
    day = [p for p in papers if p["arrived"] == newest and p["topics"]]
    slug = day[0]["topics"][0]["slug"]
    return slug, [p["slug"] for p in day if any(t["slug"] == slug for t in p["topics"])]


def for_you(b: Browsing, site_url: str):
    page = b.open(f"{site_url}/{URLS.foryou}")
    # Every way the page ends says so in its status line; "…" is the ranking under way.
    page.wait_for_function(
        "() => { const s = document.querySelector('[data-foryou-status]')?.textContent"
        " || document.querySelector('[data-foryou-nostorage]:not([hidden])')?.textContent;"
        " return s && !s.endsWith('…'); }"
    )
    return page


def test_follow_a_topic_marks_its_cards_and_ranks_its_new_papers(browser, site_url: str, papers) -> None:
    slug, in_topic = newest_topic(papers)
    with Browsing(browser) as b:
        page = b.open(f"{site_url}/{URLS.topic(slug)}")
        follow = page.locator("button.follow-button--topic")
        assert follow.get_attribute("aria-pressed") == "false"
        follow.click()
        assert follow.get_attribute("aria-pressed") == "true"
        [kept] = b.storage(FOLLOWS)["follows"].values()
        title = page.locator("h1").inner_text()
        assert (kept["kind"], kept["name"], kept["slug"]) == ("topic", title, slug)
        assert page.locator("[data-follow-nav]").is_visible()
        # The newest day's cards in the topic link to it: they say so, the others do not.
        newest = max(p["arrived"] for p in papers)
        page = b.open(f"{site_url}/{URLS.day(newest)}")
        marked = page.locator("main article.card:has(.follow-mark)")
        assert marked.count() == len(in_topic) > 0
        assert {c.get_attribute("data-paper") for c in marked.all()} == set(in_topic)

        page = for_you(b, site_url)
        shown = page.locator(".foryou__item")
        links = [a.get_attribute("href").rsplit("/", 1)[1] for a in shown.locator("h3 a").all()]
        assert {f"{s}.html" for s in in_topic} <= set(links)
        assert all(f"you follow {title}" in why for why in shown.locator(".foryou__why").all_inner_texts())
        assert "topics = [" in page.locator("[data-foryou-feed]").inner_text()

        page.get_by_role("button", name=f"Unfollow {title}").click()
        assert b.storage(FOLLOWS)["follows"] == {}
        assert page.locator(".foryou__item").count() == 0
        assert b.problems == []


def test_a_followed_search_ranks_its_papers_and_its_minus_words_hide(browser, site_url: str) -> None:
    with Browsing(browser) as b:
        page = b.open(f"{site_url}/{URLS.search}?q=video")
        page.locator("button.follow-button--search").click()
        page = for_you(b, site_url)
        titles = page.locator(".foryou__item h3").all_inner_texts()
        assert titles, "the shipped digest has new papers about video"

        page = b.open(f"{site_url}/{URLS.search}?q=animation%20-video")
        page.locator("button.follow-button--search").click()
        assert page.locator("button.follow-button--search").inner_text().startswith("Following")
        page = for_you(b, site_url)
        assert "Papers with “video” are hidden." in page.locator("[data-foryou-status]").inner_text()
        after = page.locator(".foryou__item h3").all_inner_texts()
        assert not set(after) & set(titles)  # every paper that says video is hidden, even those followed
        assert 'exclude = ["video"]' in page.locator("[data-foryou-feed]").inner_text()
        assert b.problems == []


def recent_with(papers: list[dict], term: str, without: str = "") -> set[str]:
    """The pages of the last 30 days' papers whose words (any field the index has) give `term` and not `without`."""
    newest = max(p["arrived"] for p in papers)
    month = str(date.fromisoformat(newest) - timedelta(days=29))
    found = set()
    for p in papers:
        words = " ".join([p["title"], p["abstract"], *(t["slug"] for t in p["topics"]), *p["author_names"]])
        words += " " + (p["org"]["name"] if p["org"] else "")
        terms = set(analyze(words))
        if p["arrived"] >= month and term in terms and without not in terms:
            found.add(p["url"])
    return found


# The cards and the rows (partials/rows.html) that say "You follow".
MARKED = (
    "[...document.querySelectorAll('main article.card, main .rows tr')].filter(c => c.querySelector('.follow-mark'))"
)
SHIFTS = """window.__shifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    window.__shifts.push([e.value, e.sources.map((s) => `${s.node?.nodeName}.${s.node?.className}`).join(" ")]);
  }
}).observe({ type: "layout-shift", buffered: true });"""


def test_cards_of_a_followed_search_say_so_without_its_minus_words_and_without_moving(
    browser, site_url: str, papers
) -> None:
    with Browsing(browser, init=SHIFTS) as b:
        page = b.open(f"{site_url}/{URLS.search}?q=video%20-diffusion")
        page.locator("button.follow-button--search").click()
        home = b.open(f"{site_url}/{URLS.index}")
        shown = home.locator("main article.card .card__title a, main .rows td > a").all()
        cards = {a.get_attribute("href").removeprefix("./") for a in shown}
        expected = cards & recent_with(papers, "video", without="diffus")
        assert expected and cards - expected, "the newest papers have some about video, not diffusion, and others"
        home.wait_for_function(f"() => {MARKED}.length === {len(expected)}")
        marked = home.evaluate(
            f"() => {MARKED}.map(c => c.querySelector('.card__title a, td > a').getAttribute('href'))"
        )
        assert {href.removeprefix("./") for href in marked} == expected
        assert home.locator(".follow-mark").first.inner_text() == "You follow video -diffusion"
        # The next page marks its cards from the kept finds at once: nothing moves when the index answers.
        assert b.storage(FINDS)["asked"] == ["search:video -diffusion"]
        home = b.open(f"{site_url}/{URLS.index}")
        assert home.evaluate(f"() => {MARKED}.length") == len(expected)
        home.wait_for_timeout(500)
        shifts = home.evaluate("() => window.__shifts")
        assert sum(value for value, _ in shifts) < 0.01, shifts
        assert b.problems == []


def test_saved_papers_bring_papers_like_them_and_say_which(browser, site_url: str, papers) -> None:
    newest = max(p["arrived"] for p in papers)
    saved = next(p for p in papers if p["arrived"] == newest and p["similar"])
    with Browsing(browser) as b:
        b.open(f"{site_url}/{URLS.foryou}")
        entry = {"title": saved["title"], "url": saved["url"], "arrived": newest, "saved": "2025-12-25T10:00:00Z"}
        b.put(SAVED, {"v": 1, "papers": {saved["slug"]: entry}})
        page = for_you(b, site_url)
        whys = page.locator(".foryou__why").all_inner_texts()
        assert whys and all(why == f"Why: like: {saved['title']}" for why in whys)
        hrefs = page.locator(".foryou__item h3 a").evaluate_all("links => links.map(a => a.href)")
        assert not [h for h in hrefs if h.endswith(saved["url"])]  # the saved paper itself is not news
        assert b.problems == []


def test_follow_an_author_and_search_by_author(browser, golden_url: str) -> None:
    golden = read_papers(GOLDEN_SITE)  # the committed build: the same papers
    paper = max((p for p in golden if p["author_names"]), key=lambda p: p["arrived"])
    name = paper["author_names"][0]
    with Browsing(browser) as b:
        page = b.open(f"{golden_url}/{paper['url']}")
        page.get_by_role("button", name=f"Follow {name}").first.click()
        [kept] = b.storage(FOLLOWS)["follows"].values()
        assert (kept["kind"], kept["name"]) == ("author", " ".join(name.split()))
        page = for_you(b, golden_url)
        assert f"you follow {kept['name']}" in page.locator(".foryou__why").all_inner_texts()[0]
        assert f'authors = ["{kept["name"]}"]' in page.locator("[data-foryou-feed]").inner_text()
        # The author field: the search page finds the paper by `author:` and a word of the name.
        word = name.split()[-1].lower()
        page = b.open(f"{golden_url}/{URLS.search}?q=author:{word}")
        page.wait_for_selector(".search-page__results a[href]")
        hrefs = page.locator(".search-page__results a[href]").evaluate_all("links => links.map(a => a.href)")
        assert any(h.endswith(paper["url"]) for h in hrefs)
        assert b.problems == []


def test_export_then_import_restores_the_follows(browser, site_url: str, papers, tmp_path: Path) -> None:
    slug, _ = newest_topic(papers)
    with Browsing(browser, accept_downloads=True) as b:
        b.open(f"{site_url}/{URLS.topic(slug)}").locator("button.follow-button--topic").click()
        page = b.open(f"{site_url}/{URLS.search}?q=diffusion%20-video")
        page.locator("button.follow-button--search").click()
        before = b.storage(FOLLOWS)
        page = for_you(b, site_url)
        with page.expect_download() as got:
            page.get_by_role("button", name="Export JSON").click()
        exported = json.loads(Path(got.value.path()).read_text("utf-8"))
        assert exported["v"] == 1 and len(exported["follows"]) == 2
        assert got.value.suggested_filename == "follows.json"

        # The follows as [[feed]] tables: digest.toml reads them as they are.
        toml = tmp_path / "digest.toml"
        toml.write_text(page.locator("[data-foryou-feed]").inner_text(), "utf-8")
        assert [f.name for f in load_config(toml).custom_feeds] == ["my-topics", "my-search-1"]

        b.page.evaluate("() => localStorage.clear()")
        page = for_you(b, site_url)
        assert page.locator("[data-foryou-none]").is_visible()
        file = tmp_path / "follows.json"
        file.write_text(json.dumps(exported), "utf-8")
        page.locator("[data-foryou-import]").set_input_files(str(file))
        page.wait_for_function("() => document.querySelector('[data-foryou-note]').textContent.startsWith('Imported')")
        assert "Imported 2 new follows" in page.locator("[data-foryou-note]").inner_text()
        assert b.storage(FOLLOWS) == before

        file.write_text("{not json", "utf-8")
        page.locator("[data-foryou-import]").set_input_files(str(file))
        page.wait_for_function("() => document.querySelector('[data-foryou-note]').textContent.startsWith('Nothing')")
        assert b.storage(FOLLOWS) == before
        assert b.problems == []


def test_broken_or_missing_storage_and_no_javascript(browser, site_url: str, papers) -> None:
    slug, _ = newest_topic(papers)
    with Browsing(browser) as b:  # a corrupt value and another version read as nothing
        b.open(f"{site_url}/{URLS.foryou}")
        for text in ("{not json", json.dumps({"v": 9, "follows": {}}), json.dumps({"v": 1, "follows": {"x": 5}})):
            b.put(FOLLOWS, text)
            page = for_you(b, site_url)
            assert page.locator("[data-foryou-none]").is_visible()
            assert "Follow an author" in page.locator("[data-foryou-status]").inner_text()
        assert b.problems == []
    with Browsing(browser, init=GETITEM_THROWS) as b:  # storage that throws: no Follow, the page says why
        page = b.open(f"{site_url}/{URLS.topic(slug)}")
        assert page.locator("button.follow-button").count() == 0
        page = b.open(f"{site_url}/{URLS.foryou}")
        assert page.locator("[data-foryou-nostorage]").is_visible()
        assert not page.locator("[data-foryou]").is_visible()
        assert b.problems == []
    with Browsing(browser, java_script_enabled=False) as b:
        page = b.open(f"{site_url}/{URLS.foryou}")
        assert "needs JavaScript. With it, it would list" in page.locator("[data-foryou-nojs]").inner_text()
        assert not page.locator("[data-foryou]").is_visible()
        assert not b.open(f"{site_url}/{URLS.topic(slug)}").locator("[data-follow]").is_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_new_pages(browser, site_url: str, papers, scheme: str) -> None:
    assert AXE.is_file(), "run npm ci: axe-core is missing from node_modules"
    slug, _ = newest_topic(papers)
    report = {}
    with Browsing(browser, scheme=scheme) as b:
        page = b.open(f"{site_url}/{URLS.topic(slug)}")
        page.locator("button.follow-button--topic").click()
        report["topic"] = axe_violations(page)
        page = b.open(f"{site_url}/{URLS.search}?q=video")
        page.locator("button.follow-button--search").click()
        page.wait_for_selector("#search-page-results:not([aria-busy]) .search-result")
        report["search"] = axe_violations(page)  # its results too: whole cards, in a plain list
        page.goto(f"{site_url}/{URLS.topic(slug)}")  # and the dropdown, open: options holding nothing focusable
        page.fill("#search-q", "video")
        page.wait_for_selector(".search-results:not([aria-busy]) .search-result")
        report["dropdown"] = axe_violations(page)
        page.fill("#search-q", "qzxjvv")  # and open with nothing found: a message and what to try instead
        page.wait_for_selector(".search-results .search-results__message")
        report["dropdown, nothing found"] = axe_violations(page)
        report["foryou"] = axe_violations(for_you(b, site_url))
        assert b.problems == []
    assert report == {name: [] for name in report}, json.dumps(report, indent=2)
