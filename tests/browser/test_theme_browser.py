"""The theme in a real browser: axe-core over every page type, and screenshots.

Chromium is Debian's /usr/bin/chromium (the `browser` fixture); axe-core comes
from node_modules (package.json pins it). Screenshots go to test-artifacts/,
which git ignores: look at them, never commit them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.urls import URLS
from tests.support.browser_pages import open_page
from tests.support.paths import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
WIDTHS = {"mobile": 390, "desktop": 1280}
SCHEMES = ("light", "dark")


def first(site_dir: Path, *patterns: str) -> str | None:
    """The first built page (sorted) matching one of the patterns, relative to the site."""
    for pattern in patterns:
        found = sorted(p for p in site_dir.glob(pattern) if p.is_file())
        if found:
            return found[0].relative_to(site_dir).as_posix()
    return None


def page_types(site_dir: Path) -> dict[str, str]:
    """Every page type the build has, by name: the page that stands for it."""
    candidates = {
        "home": first(site_dir, "index.html"),
        "home-page-2": first(site_dir, URLS.list_page("index", 2)),
        "paper": first(site_dir, "papers/we-math-*.html", "papers/*.html"),
        "top": first(site_dir, "top.html"),
        "archive": first(site_dir, URLS.archive),
        "day": first(site_dir, URLS.day("*")),
        "week": first(site_dir, URLS.week("*")),
        "month": first(site_dir, URLS.month("*")),
        "rising": first(site_dir, URLS.rising),
        "feeds": first(site_dir, URLS.feeds),
        "saved": first(site_dir, URLS.saved),
        "about": first(site_dir, "about.html"),
        "topics": first(site_dir, "topics.html", "topics/index.html"),
        "topic": first(site_dir, "topics/*.html", "topic/*.html"),
        "orgs": first(site_dir, "orgs.html", "organisations.html", "orgs/index.html", "organisations/index.html"),
        "org": first(site_dir, "orgs/*.html", "org/*.html", "organisations/*.html"),
        "code": first(site_dir, "code.html", "with-code.html", "with-code/index.html"),
        "search": first(site_dir, "search.html", "search/index.html"),
        "404": first(site_dir, "404.html"),
    }
    # a topics index is not a topic page
    if candidates["topic"] and candidates["topic"].endswith("index.html"):
        candidates["topic"] = first(site_dir, "topics/[!i]*.html")
    return {name: path for name, path in candidates.items() if path}


@pytest.fixture(scope="module")
def pages(site_dir: Path) -> dict[str, str]:
    return page_types(site_dir)


def test_the_page_types_are_there(pages: dict[str, str]):
    assert {"home", "paper", "top", "archive", "about", "day", "week", "month"} <= set(pages)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_serious_violation_on_any_page_type(browser, site_url: str, pages: dict[str, str], scheme: str):
    assert AXE.is_file(), "run npm ci: axe-core is missing from node_modules"
    report = {}
    for name, path in pages.items():
        with open_page(browser, f"{site_url}/{path}", scheme=scheme) as watched:
            page = watched.page
            page.evaluate(AXE.read_text("utf-8"))  # not a <script> tag: the page's policy allows none inline
            result = page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
            )
        bad = [v for v in result if v["impact"] in ("serious", "critical")]
        report[name] = {"violations": len(result), "serious_or_critical": bad}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{scheme}.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    failing = {name: r["serious_or_critical"] for name, r in report.items() if r["serious_or_critical"]}
    assert not failing, json.dumps(failing, indent=2)


SCREENSHOT_PAGES = ("home", "paper", "topic", "search")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("device", list(WIDTHS))
@pytest.mark.parametrize("kind", SCREENSHOT_PAGES)
def test_screenshot_fits_loads_nothing_foreign_and_logs_no_error(
    browser, site_url: str, pages: dict[str, str], kind: str, device: str, scheme: str
):
    assert kind in pages, f"the build has no {kind} page"
    query = "?q=reasoning" if kind == "search" else ""
    url = f"{site_url}/{pages[kind]}{query}"
    with open_page(browser, url, width=WIDTHS[device], scheme=scheme) as watched:
        page = watched.page
        if kind == "search":  # the results are drawn by search.js: wait for them
            page.locator("#search-page-results .search-result").first.wait_for(timeout=10_000)
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{kind}-{device}-{scheme}.png"), full_page=True)
    assert widths[0] <= widths[1], f"horizontal overflow: scrollWidth {widths[0]} > clientWidth {widths[1]}"
    assert watched.problems == []


def test_lists_are_plain_html_without_javascript(browser, site_url: str, pages: dict[str, str]):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 900})
    try:
        page = context.new_page()
        for name in ("home", "top"):
            page.goto(f"{site_url}/{pages[name]}")
            assert page.locator("main a[href*='papers/']").count() >= 25, name
        for name, links in (("day", "papers/"), ("month", "papers/"), ("archive", "days/")):
            page.goto(f"{site_url}/{pages[name]}")
            assert page.locator(f"main a[href*='{links}']").count() >= 1, name
    finally:
        context.close()


def test_focus_is_visible_and_the_skip_link_comes_first(browser, site_url: str, pages: dict[str, str]):
    with open_page(browser, f"{site_url}/{pages['home']}") as watched:
        watched.page.keyboard.press("Tab")
        focused = watched.page.evaluate(
            "() => { const e = document.activeElement, s = getComputedStyle(e);"
            " return [e.className, e.getBoundingClientRect().top >= 0, s.outlineStyle, s.outlineWidth]; }"
        )
    assert focused[0] == "skip-link" and focused[1]
    assert focused[2] != "none" and focused[3] != "0px"


@pytest.mark.parametrize("kind", ["home", "topic", "org"])
def test_the_first_screen_says_what_the_digest_is_how_fresh_and_how_to_subscribe(
    browser, site_url: str, pages: dict[str, str], kind: str
):
    """On a phone, without scrolling: what the site is, when it was updated (home), and Subscribe."""
    with open_page(browser, f"{site_url}/{pages[kind]}", width=390) as watched:
        page = watched.page
        fold = 900  # the viewport's height: the first screen

        def top_of(selector: str) -> float:
            box = page.locator(selector).first.bounding_box()
            assert box, selector
            return box["y"]

        assert top_of(".subscribe__button") + 40 < fold
        # Subscribe subscribes to the page's own feed: the digest's on the home page (tests/outputs/test_feeds.py)
        own = URLS.feed("all", "atom") if kind == "home" else pages[kind].removesuffix(".html") + ".atom.xml"
        assert page.locator(".subscribe__button").first.get_attribute("href").endswith(own)
        if kind == "home":
            assert top_of(".updated") < fold and page.locator(".updated time").get_attribute("datetime")
            assert "Hugging Face Daily Papers" in page.locator("main .lede").first.inner_text()
        assert watched.problems == []
