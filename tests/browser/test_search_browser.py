"""Search in a real browser: Debian's Chromium driven by Playwright, on the built shipped dumps."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import lxml.html
import pytest

from generator.outputs.search import SearchDoc
from generator.urls import URLS
from generator.words import DATE_UNKNOWN, NOT_COUNTED
from tests.support.papers_data import read_index, read_papers
from tests.support.search_reference import field_terms, index_builder

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def papers(site_dir: Path) -> list[dict[str, Any]]:
    return read_papers(site_dir)


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
    """The result links shown, as site paths, once the search has drawn them all (the first
    results are drawn one by one as their fragments arrive; the list is aria-busy until done)."""
    page.wait_for_selector(".search-page__results:not([aria-busy]) .search-result a")
    return [
        urlsplit(href).path.lstrip("/")
        for href in page.eval_on_selector_all(".search-result .card__title a", "as => as.map(a => a.href)")
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
    listed = first.locator(".card__meta > span").first
    assert listed.text_content().startswith("Listed ")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", listed.locator("time").get_attribute("datetime"))
    assert re.fullmatch(r"\d+ upvotes?|upvotes not counted", first.locator(".card__votes").text_content())
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
    # a dropdown's option holds no link (ARIA): it names its paper, and Enter opens that
    first = page.locator(".search-results .search-result").first.get_attribute("data-href")
    assert page.locator(".search-results .search-result :is(a, button)").count() == 0
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


# --- every word, snippets, "did you mean", no layout shift (issue 12) ------------------------------


def test_did_you_mean_is_one_click(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/search.html?q=trasnformer")
    option = page.locator(".search-suggest__did-you-mean")
    option.wait_for()
    assert option.text_content() == "transformer"
    assert "Did you mean transformer?" in page.text_content(".search-suggest__spelling")
    option.click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'transformer'")
    assert results(page)


@pytest.mark.parametrize("query", ["KgCoOp", "harmonic mean", "Rain-Bus"])
def test_words_inside_abstracts_find_their_papers(page: Any, site_url: str, query: str) -> None:
    page.goto(f"{site_url}/search.html?q={quote(query)}")
    settled(page)
    assert results(page)
    marks = page.eval_on_selector_all(".search-result__snippet mark", "ms => ms.map(m => m.textContent)")
    for word in re.split(r"[\s-]+", query.lower()):
        assert any(word in mark.lower() for mark in marks), (query, marks)


def test_the_snippet_is_the_passage_with_the_words(page: Any, site_url: str, papers: list[dict[str, Any]]) -> None:
    """A word far into an abstract: the snippet is the passage around it, cut with an ellipsis, it in <mark>."""
    paper = next(p for p in papers if "KgCoOp" in p["abstract"].split()[40:])
    page.goto(f"{site_url}/search.html?q=KgCoOp")
    settled(page)
    snippet = page.locator(".search-page__results .search-result__snippet").first
    assert snippet.text_content().startswith("…")
    assert snippet.locator("mark").first.text_content() == "KgCoOp"
    assert urlsplit(page.locator(".search-page__results .search-result a").first.get_attribute("href")).path.endswith(
        paper["url"]
    )


@pytest.mark.parametrize("width", [1280, 412])  # 412: Lighthouse's phone, where the status line wraps
def test_results_arriving_shift_nothing(page: Any, site_url: str, width: int) -> None:
    """With a query in the URL the results take the space reserved for them and the status line keeps
    its height as its text changes: no layout shift."""
    page.set_viewport_size({"width": width, "height": 823})
    page.add_init_script(
        """window.__shifts = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            const moved = e.sources.map((s) => `${s.node?.nodeName}.${s.node?.className}`);
            window.__shifts.push([e.value, moved.join(" ")]);
          }
        }).observe({ type: "layout-shift", buffered: true });"""
    )
    for query in ("length generalization", "KgCoOp", "zzzqqq"):
        page.goto(f"{site_url}/search.html?q={quote(query)}")
        settled(page)
        page.wait_for_timeout(200)
        shifts = page.evaluate("window.__shifts")
        assert sum(value for value, _ in shifts) < 0.01, (query, shifts)


# --- all words, sorting, filtering, the URL, "/" and no JavaScript (issue 15) ----------------------


@pytest.fixture(scope="module")
def lunr_py(papers: list[dict[str, Any]], site_dir: Path) -> Any:
    """lunr.py's index of the built site's papers (its papers.json, so the very papers the site was built
    from, whatever changes in the sources meanwhile), built as tests/test_search.py builds it."""
    topic_titles = {slug: topic["title"] for slug, topic in read_index(site_dir)["topics"].items()}
    docs = sorted(
        (
            SearchDoc(
                url=p["url"],
                title=p["title"],
                date=p["date"] or "",
                arrived=p["arrived"],
                upvotes=p["upvotes"],
                topics=tuple(topic_titles[t["slug"]] for t in p["topics"]),
                org=p["org"]["name"] if p["org"] else "",
                abstract=p["abstract"],
                has_code=p["has_code"],
            )
            for p in papers
        ),
        key=lambda doc: doc.url,
    )
    return index_builder(field_terms(docs), [doc.url for doc in docs]).build()


def found(index: Any, query: str) -> set[str]:
    return {hit["ref"] for hit in index.search(query)}


def settled(page: Any) -> None:
    """Wait until the search page has drawn the results of its latest search."""
    page.wait_for_selector("#search-page-results:not([aria-busy])", state="attached")


def shown(page: Any, every: bool = True) -> list[dict[str, Any]]:
    """The results on the search page, in order (with every=True, after pressing "More results" until
    there are no more): site path, listed day, upvotes (None: unknown), topics, code mark."""
    settled(page)
    while every and page.is_visible(".search-page__more"):
        count = page.locator(".search-page__results .search-result").count()
        page.click(".search-page__more")
        page.wait_for_function(
            f"() => document.querySelectorAll('.search-page__results .search-result').length > {count}"
        )
    rows = page.eval_on_selector_all(
        ".search-page__results .search-result",
        """lis => lis.map(li => ({
            href: li.querySelector('.card__title a').href,
            listed: li.querySelector('.card__meta time').getAttribute('datetime'),
            listedText: li.querySelector('.card__meta time').textContent,
            votes: li.querySelector('.card__votes').textContent,
            topics: [...li.querySelectorAll('.topic-chips a')].map(a => a.textContent),
            code: li.querySelector('.code-badge') !== null,
        }))""",
    )
    for row in rows:
        row["url"] = urlsplit(row.pop("href")).path.lstrip("/")
        row["votes"] = None if row["votes"] == "upvotes not counted" else int(row["votes"].split()[0])
    return rows


def status(page: Any) -> str:
    settled(page)
    return page.text_content(".search-page__status")


def test_every_word_is_required(page: Any, site_url: str, lunr_py: Any) -> None:
    expected = found(lunr_py, "+length +generalization")
    assert expected and len(expected) < len(found(lunr_py, "length generalization"))
    page.goto(f"{site_url}/search.html?q={quote('length generalization')}")
    assert {row["url"] for row in shown(page)} == expected
    assert status(page) == f"{len(expected)} papers found."


def test_words_never_together_fall_back_to_any_and_say_so(page: Any, site_url: str, lunr_py: Any) -> None:
    assert not found(lunr_py, "+grokking +robot")
    expected = found(lunr_py, "grokking robot")
    assert found(lunr_py, "grokking") and found(lunr_py, "robot")
    page.goto(f"{site_url}/search.html?q={quote('grokking robot')}")
    assert {row["url"] for row in shown(page)} == expected
    assert status(page).startswith("No paper has all of “grokking” and “robot”; showing papers with any of them.")
    # the dropdown says so too, where the status line is for screen readers only
    page.goto(f"{site_url}/index.html")
    page.fill("#search-q", "grokking robot")
    page.wait_for_selector(".search-results .search-result")
    assert "No paper has all of" in page.text_content(".search-results .search-results__message")


def test_typing_the_last_word_never_empties_the_results(page: Any, site_url: str, lunr_py: Any) -> None:
    page.goto(f"{site_url}/about.html")
    page.keyboard.press("/")
    page.keyboard.type("length generali", delay=20)
    page.wait_for_function(  # the search of the whole text has started (the URL) and drawn its results
        "() => new URLSearchParams(location.search).get('q') === 'length generali'"
        " && !document.querySelector('#search-results').hasAttribute('aria-busy')"
    )
    assert re.fullmatch(r"\d+ papers? found\.", page.text_content(".search-box__status"))
    shown_urls = page.eval_on_selector_all(
        ".search-results .search-result", "rs => rs.map(r => new URL(r.dataset.href, location.href).href)"
    )
    assert shown_urls
    assert {urlsplit(u).path.lstrip("/") for u in shown_urls} <= found(lunr_py, "+length")
    assert page.locator(".search-results .search-results__message").count() == 0


def test_dates_and_upvotes_are_shown_as_on_every_page(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/search.html?q=generalization")
    for row in shown(page, every=False):
        assert re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}, \d{4}", row["listedText"]), row
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", row["listed"])


def test_a_paper_with_no_date_and_no_count_says_so_in_the_pages_words(
    page: Any, site_url: str, papers: list[dict[str, Any]]
) -> None:
    unknown = [p for p in papers if p["date"] is None and p["upvotes"] is None]
    assert unknown  # the shipped text dumps have such papers
    for paper in unknown[:3]:
        assert search_page(page, site_url, paper["title"])[0] == paper["url"], paper["title"]
        first = page.locator(".search-page__results .search-result").first
        meta = first.locator(".card__meta")
        assert meta.locator(":scope > span").nth(1).text_content() == f"Paper {DATE_UNKNOWN}"
        assert meta.locator(".unknown").text_content() == DATE_UNKNOWN
        assert first.locator(".card__votes").text_content() == f"upvotes {NOT_COUNTED}"
        assert first.locator(".card__votes .unknown").count() == 1
        assert "\u2013" not in meta.text_content()
        page.goto(f"{site_url}/index.html")  # the dropdown says it in the same words
        page.fill("#search-q", paper["title"])
        page.wait_for_selector(".search-results .search-result")
        dropdown = page.locator(".search-results .search-result").first
        assert dropdown.locator(".card__votes").text_content() == f"upvotes {NOT_COUNTED}"
        assert f"Paper {DATE_UNKNOWN}" in dropdown.locator(".card__meta").text_content()


def test_sort_by_upvotes_puts_the_most_upvoted_first_unknown_last(
    page: Any, site_url: str, lunr_py: Any, papers: list[dict[str, Any]]
) -> None:
    expected = found(lunr_py, "+generalization")
    page.goto(f"{site_url}/search.html?q=generalization&sort=upvotes")
    assert page.input_value("select[name=sort]") == "upvotes"
    rows = shown(page)
    assert {row["url"] for row in rows} == expected
    votes = [row["votes"] for row in rows]
    known = [v for v in votes if v is not None]
    assert votes == known + [None] * (len(votes) - len(known))
    assert known == sorted(known, reverse=True)
    upvotes = {p["url"]: p["upvotes"] for p in papers}
    assert known[0] == max(upvotes[url] for url in expected if upvotes[url] is not None)


def test_sort_by_date_puts_the_newest_listed_first(
    page: Any, site_url: str, lunr_py: Any, papers: list[dict[str, Any]]
) -> None:
    expected = found(lunr_py, "+generalization")
    page.goto(f"{site_url}/search.html?q=generalization&sort=date")
    rows = shown(page)
    assert {row["url"] for row in rows} == expected
    listed = [row["listed"] for row in rows]
    assert listed == sorted(listed, reverse=True)
    arrived = {p["url"]: p["arrived"] for p in papers}
    assert listed[0] == max(arrived[url] for url in expected)


def test_topic_filter_keeps_only_that_topic(
    page: Any, site_url: str, lunr_py: Any, papers: list[dict[str, Any]], site_dir: Path
) -> None:
    # A record names its topics by slug; papers.json gives each one's title, which a result row shows.
    topic = {"slug": "length-generalization", **read_index(site_dir)["topics"]["length-generalization"]}
    expected = {
        p["url"]
        for p in papers
        if p["url"] in found(lunr_py, "+generalization") and topic["slug"] in {t["slug"] for t in p["topics"]}
    }
    assert expected
    page.goto(f"{site_url}/search.html?q=generalization&topic={topic['slug']}")
    rows = shown(page)
    assert {row["url"] for row in rows} == expected
    assert all(topic["title"] in row["topics"] for row in rows)
    assert f"{len(expected)} of them in “{topic['title']}”" in status(page)


def test_code_filter_keeps_only_papers_with_code(
    page: Any, site_url: str, lunr_py: Any, papers: list[dict[str, Any]]
) -> None:
    matches = found(lunr_py, "+generalization")
    expected = {p["url"] for p in papers if p["url"] in matches and p["has_code"]}
    assert expected and expected != matches
    page.goto(f"{site_url}/search.html?q=generalization&code=1")
    assert page.is_checked("input[name=code]")
    rows = shown(page)
    assert {row["url"] for row in rows} == expected
    assert all(row["code"] for row in rows)


def test_sort_and_filters_live_in_the_url_through_reload_and_back(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/search.html?q=generalization")
    by_relevance = [row["url"] for row in shown(page, every=False)]
    page.select_option("select[name=sort]", "upvotes")
    page.wait_for_function("() => location.search === '?q=generalization&sort=upvotes'")
    by_votes = [row["url"] for row in shown(page, every=False)]
    assert by_votes != by_relevance
    page.select_option("select[name=topic]", "llms")
    page.check("input[name=code]")
    state = "?q=generalization&sort=upvotes&topic=llms&code=1"
    page.wait_for_function(f"() => location.search === '{state}'")
    filtered = [row["url"] for row in shown(page)]
    page.reload()
    assert [row["url"] for row in shown(page)] == filtered
    assert page.input_value("select[name=sort]") == "upvotes"
    assert page.input_value("select[name=topic]") == "llms"
    assert page.is_checked("input[name=code]")
    with page.expect_navigation():
        page.locator(".search-page__results .search-result a").first.click()
    page.go_back()
    assert [row["url"] for row in shown(page)] == filtered
    assert page.input_value("#search-q") == "generalization"
    page.go_back()  # before the code box was ticked
    page.wait_for_function("() => location.search === '?q=generalization&sort=upvotes&topic=llms'")
    assert not page.is_checked("input[name=code]")
    page.go_back()
    page.go_back()  # the sort as it was: relevance
    page.wait_for_function("() => location.search === '?q=generalization'")
    assert page.input_value("select[name=sort]") == "relevance"
    assert [row["url"] for row in shown(page, every=False)] == by_relevance


def test_unknown_sort_or_topic_in_the_url_is_the_default(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/search.html?q=generalization&sort=bogus&topic=nosuchtopic")
    shown(page, every=False)
    assert page.input_value("select[name=sort]") == "relevance"
    assert page.input_value("select[name=topic]") == ""
    assert page.evaluate("location.search") == "?q=generalization"


def test_slash_on_the_search_page_focuses_the_box_without_typing_it(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/search.html")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.activeElement.id") != "search-q"  # the page does not take focus on load
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search-q"
    assert page.input_value("#search-q") == ""
    page.goto(f"{site_url}/search.html?q=diffusion")
    shown(page, every=False)
    page.focus("input[name=code]")  # a checkbox is no text field: "/" still goes to the box
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search-q"
    assert page.input_value("#search-q") == "diffusion"


def test_the_page_offers_the_query_on_hugging_face(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/search.html?q={quote('length generalization')}")
    shown(page, every=False)
    link = page.locator(".search-page__elsewhere a")
    assert link.is_visible()
    assert link.get_attribute("href") == f"{URLS.hf_search}?q=length+generalization"
    assert set(link.get_attribute("rel").split()) >= {"noopener", "noreferrer"}
    assert not page.is_visible(".search-page__hf")  # the <noscript> form is not there with JavaScript


def test_without_javascript_the_page_offers_hugging_face_s_search(browser: Any, site_url: str, site_dir: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/index.html")
        assert page.get_attribute("form.search-box", "action").endswith(URLS.search)  # the box asks our page
        page.goto(f"{site_url}/search.html?q=diffusion")
        form = page.locator("form.search-page__hf")
        assert form.is_visible()
        assert form.get_attribute("action") == URLS.hf_search
        assert (form.get_attribute("method") or "get").lower() == "get"
        assert form.locator("input[name=q]").is_visible()
        assert page.locator(".search-controls select:enabled, .search-controls input:enabled").count() == 0
    finally:
        context.close()
    doc = lxml.html.parse(str(site_dir / URLS.search)).getroot()
    assert doc.xpath(f"//noscript//form[@action='{URLS.hf_search}' and @method='get']//input[@name='q']")


# --- issue 24 item 8: one spelling, "Did you mean" in the dropdown, the page's own box -----------------


def test_british_and_american_spellings_find_the_same_papers(page: Any, site_url: str) -> None:
    american = search_page(page, site_url, "generalization")
    assert american
    for query in ("generalisation", "generalise", "generalized"):
        assert sorted(search_page(page, site_url, query)) == sorted(american), query
    marks = page.eval_on_selector_all(".search-result__snippet mark", "ms => ms.map(m => m.textContent.toLowerCase())")
    assert marks and all(re.match(r"generali[sz]", mark) for mark in marks), marks  # either spelling is marked


@pytest.mark.parametrize("typed", ["trasnformer", "trasnformer "])  # the word being typed, and a whole word
def test_the_dropdown_offers_did_you_mean(page: Any, site_url: str, typed: str) -> None:
    page.goto(f"{site_url}/about.html")
    page.fill("#search-q", typed)
    option = page.locator(".search-results .search-suggest__did-you-mean")
    option.wait_for()
    assert option.text_content() == "transformer"
    option.click()
    page.wait_for_selector(".search-results .search-result")
    assert page.input_value("#search-q") == "transformer"


def test_the_search_page_has_a_box_of_its_own(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/search.html")
    form = page.locator("main form.search-page__form")
    assert form.get_attribute("method") == "get"
    assert urlsplit(form.get_attribute("action")).path.endswith(URLS.search)
    assert "search box above" not in page.text_content(".search-page__status")
    page.fill("#search-page-q", "diffusion")
    page.wait_for_function("() => location.search === '?q=diffusion'")
    assert results(page)
    assert page.input_value("#search-q") == "diffusion"
    page.goto(f"{site_url}/search.html?q=transformer")
    results(page)
    assert page.input_value("#search-page-q") == "transformer"  # the page's box shows the address's query


def test_the_search_page_s_box_is_a_get_form_without_javascript(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/search.html")
    page.fill("#search-page-q", "diffusion")
    with page.expect_navigation():
        page.click("main form.search-page__form button[type=submit]")
    assert urlsplit(page.url).path.endswith(URLS.search) and urlsplit(page.url).query == "q=diffusion"
    context.close()
