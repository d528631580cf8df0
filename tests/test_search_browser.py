"""Search in a real browser: Debian's Chromium driven by Playwright, on the built shipped dumps."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def papers(site_dir: Path) -> list[dict[str, Any]]:
    return json.loads((site_dir / "papers.json").read_text(encoding="utf-8"))["papers"]


@pytest.fixture
def page(browser: Any, site_url: str) -> Iterator[Any]:
    """A fresh page that fails the test on a console error, a script error, a dialog or a foreign request."""
    context = browser.new_context()
    problems: list[str] = []
    requests: list[str] = []
    local = urlsplit(site_url).netloc

    def route(route: Any) -> None:
        if urlsplit(route.request.url).netloc != local:
            problems.append(f"request to another host: {route.request.url}")
            route.abort()
        else:
            requests.append(route.request.url)
            route.continue_()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and problems.append(f"console: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))

    def dialog(d: Any) -> None:
        problems.append(f"dialog: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    page.requests = requests
    yield page
    context.close()
    assert not problems, problems


def results(page: Any) -> list[str]:
    """The result links shown, as site paths."""
    page.wait_for_selector(".search-result a")
    return [
        urlsplit(href).path.lstrip("/")
        for href in page.eval_on_selector_all(".search-result a", "as => as.map(a => a.href)")
    ]


def search_page(page: Any, site_url: str, query: str) -> list[str]:
    page.goto(f"{site_url}/search.html?q={quote(query)}")
    return results(page)


def test_the_exact_title_ranks_the_paper_first(page: Any, site_url: str, papers: list[dict[str, Any]]) -> None:
    for paper in random.Random(20251212).sample(papers, 20):
        assert search_page(page, site_url, paper["title"])[0] == paper["url"], paper["title"]


def test_length_generalization_papers_come_first(page: Any, site_url: str, papers: list[dict[str, Any]]) -> None:
    wanted = {p["url"] for p in papers if re.search(r"length[\s-]+generali[sz]", p["title"], re.IGNORECASE)}
    assert wanted
    found = search_page(page, site_url, "length generalization")
    assert set(found[: len(wanted)]) == wanted


def test_slash_focuses_the_box_and_the_index_loads_only_then(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/index.html")
    page.wait_for_load_state("networkidle")
    assert not [url for url in page.requests if "/search/" in url or "lunr" in url]
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.type("diffusion")
    page.wait_for_selector(".search-results .search-result")
    assert any(url.endswith("/search/index.json") for url in page.requests)
    assert page.input_value("#search-q") == "diffusion"  # the slash itself was not typed


def test_results_show_title_date_topics_and_highlighted_words(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/index.html")
    page.fill("#search-q", "generalization")
    page.wait_for_selector(".search-results .search-result")
    first = page.locator(".search-results .search-result").first
    assert "generaliz" in first.locator("mark").first.text_content().lower()
    listed = first.locator(".search-result__date").first
    assert listed.text_content().startswith("Listed ")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", listed.locator("time").get_attribute("datetime"))
    assert re.fullmatch(r"(\d+|\u2013) upvotes?", first.locator(".search-result__votes").text_content())
    assert first.locator(".search-result__snippet").text_content()


def test_hostile_query_is_shown_as_text(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/index.html")
    page.fill("#search-q", HOSTILE)
    page.wait_for_function("() => document.querySelector('.search-box__status').textContent.includes('No papers')")
    assert HOSTILE in page.text_content(".search-box__status")
    assert page.locator("form.search-box img").count() == 0
    page.goto(f"{site_url}/search.html?q={quote(HOSTILE)}")
    page.wait_for_function("() => document.querySelector('.search-page__status').textContent.includes('No papers')")
    assert HOSTILE in page.text_content(".search-page__status")
    assert page.locator("main img").count() == 0


def test_arrow_keys_and_enter_open_a_result(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/about.html")
    page.fill("#search-q", "length generalization")
    page.wait_for_selector(".search-results .search-result")
    first = page.locator(".search-results .search-result a").first.get_attribute("href")
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#search-q", "aria-activedescendant") == "search-result-0"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(first.lstrip("./"))


def test_query_lives_in_the_url_and_back_restores_it(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/search.html")
    page.fill("#search-q", "diffusion")
    page.wait_for_function("() => location.search === '?q=diffusion'")
    found = results(page)
    with page.expect_navigation():
        page.locator(".search-page__results .search-result a").first.click()
    page.go_back()
    page.wait_for_selector(".search-page__results .search-result")
    assert page.input_value("#search-q") == "diffusion"
    assert results(page)[0] == found[0]


@pytest.mark.parametrize("query", ["gen*", "title:transformer", "+length -vision"])
def test_lunr_query_syntax_works(page: Any, site_url: str, query: str) -> None:
    assert search_page(page, site_url, query)


def test_malformed_query_gets_a_friendly_message(page: Any, site_url: str) -> None:
    for query in ("title:", "gen~x", "+"):
        page.goto(f"{site_url}/search.html?q={quote(query)}")
        page.wait_for_function(
            "() => /not valid|No papers/.test(document.querySelector('.search-page__status').textContent)"
        )


def test_no_results_suggests_dropping_terms(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/search.html?q={quote('+diffusion +zzzqqq')}")
    page.wait_for_selector(".search-suggest__option")
    assert "diffusion" in page.text_content(".search-suggest__option")
