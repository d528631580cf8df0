"""Hostile text is data: markup, template syntax, script and javascript: URLs in
titles, abstracts and organisation names show as text on every page, in papers.json,
the search store, the feeds and the JSON-LD, and nothing of it ever runs."""

from __future__ import annotations

import json
from fnmatch import fnmatchcase
from itertools import count, takewhile
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

from generator.enrich.links import find_links
from generator.inputs.merge import slugify
from generator.inputs.parse import parse_dump
from generator.preview import served
from generator.urls import URLS
from tests.support.browser_pages import Watched, open_page
from tests.support.html_pages import fragment, parse, select, text
from tests.support.papers_data import read_gzipped, read_papers
from tests.support.paths import fixture_dump
from tests.support.projects import build_site

HOSTILE = fixture_dump("hostile_text.txt")
ENTRIES = parse_dump(HOSTILE.read_bytes(), HOSTILE.name)[0].entries
TITLES = {e.title for e in ENTRIES}
# Scripts of our own theme; any other <script> came from the input.
OUR_SCRIPTS = {"site.js", "lunr.min.js", "foryou.js"}
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href")


def fold(string: str) -> str:
    return " ".join(string.split())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("hostile"), [HOSTILE]).output


def page(site: Path, name: str):
    return parse(site / name)


def paper_page(title: str) -> str:
    return URLS.paper(slugify(title))


def test_the_fixture_holds_every_kind_of_hostile_text():
    text = HOSTILE.read_text("utf-8")
    for needle in ("<script>", "onerror=", "javascript:", "{{", "{%", "](javascript:", "&amp;", "&#x3C;", "</script>"):
        assert needle in text
    assert len(ENTRIES) == 3 and all(e.org for e in ENTRIES if e.title.startswith(("<script>", "<svg")))


@pytest.mark.slow
@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.title[:20])
def test_paper_page_shows_the_dump_text(site: Path, entry):
    doc = page(site, paper_page(entry.title))
    [h1] = select(doc, "//h1")
    assert h1.text_content() == entry.title
    [abstract] = select(doc, "//*[has-class('abstract')]")
    assert text(abstract) == entry.abstract
    assert doc.findtext(".//title").startswith(entry.title)
    for meta in select(doc, "//meta[@name='description']"):
        shown = meta.get("content").rstrip(".…")
        assert entry.abstract.startswith(shown), meta.get("content")
    [citation] = select(doc, "//meta[@name='citation_title']")
    assert citation.get("content") == entry.title
    if entry.org:
        assert any(entry.org.name in text(el) for el in select(doc, "//dd | //a"))


@pytest.mark.slow
def test_only_http_and_https_urls_in_abstracts_become_links(site: Path):
    for entry in ENTRIES:
        doc = page(site, paper_page(entry.title))
        [abstract] = select(doc, "//*[has-class('abstract')]")
        hrefs = [a.get("href") for a in abstract.iter("a")]
        assert hrefs == [link.url for link in find_links(entry.abstract)]
        assert all(urlsplit(h).scheme in ("http", "https") for h in hrefs)
        assert [a.text_content() for a in abstract.iter("a")] == [
            entry.abstract[x.start : x.end] for x in find_links(entry.abstract)
        ]


def all_pages(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 5
    return pages


@pytest.mark.slow
def test_no_page_has_foreign_scripts_handlers_or_script_urls(site: Path):
    for path in all_pages(site):
        name = str(path.relative_to(site))
        for el in select(parse(path), "//*"):  # elements: no comments
            assert el.tag not in ("iframe", "object", "embed", "svg", "img", "style", "base"), (name, el.tag)
            for attr, value in el.attrib.items():
                assert not attr.lower().startswith("on"), (name, el.tag, attr)
                if attr.lower() in URL_ATTRIBUTES:
                    scheme = urlsplit(value.strip()).scheme.lower()
                    assert scheme in ("", "http", "https", "mailto"), (name, el.tag, attr, value)
            if el.tag == "script":  # no data block either (issue 22: no JSON-LD): only our own scripts
                src = el.get("src") or ""
                assert Path(urlsplit(src).path).name in OUR_SCRIPTS and not urlsplit(src).scheme, (name, src)
                assert not (el.text or "").strip(), (name, "inline script")


@pytest.mark.slow
@pytest.mark.parametrize("listing", [URLS.index, URLS.top, URLS.day("2025-12-12")])
def test_lists_show_titles_as_text(site: Path, listing: str):
    links = {text(a) for a in select(page(site, listing), "//a")}
    assert links >= TITLES


@pytest.mark.slow
def test_organisation_pages_show_names_as_text(site: Path):
    org_pages = list((site / URLS.orgs).parent.glob("*.html"))
    assert org_pages, "no organisation pages"
    texts = set()
    for path in org_pages:
        texts |= {text(el) for el in select(parse(path), "//*")}
    for entry in ENTRIES:
        if entry.org:
            assert any(entry.org.name in t for t in texts), entry.org.name


@pytest.mark.slow
def test_papers_json_holds_the_dump_text(site: Path):
    records = {r["title"]: r for r in read_papers(site)}
    assert set(records) == TITLES
    for entry in ENTRIES:
        record = records[entry.title]
        assert record["abstract"] == entry.abstract
        assert record["org"] == ({"slug": entry.org.slug, "name": entry.org.name} if entry.org else None)


@pytest.mark.slow
def test_head_metadata_holds_the_dump_text(site: Path):
    # Highwire tags are the head's only copy of the paper (no OpenGraph, no JSON-LD): attributes, escaped
    for entry in ENTRIES:
        doc = page(site, paper_page(entry.title))
        assert select(doc, "//head/meta[@name='citation_title']/@content") == [entry.title]
        assert not select(doc, "//head/script | //head/meta[starts-with(@property, 'og:')]")


@pytest.mark.slow
def test_search_fragments_hold_the_dump_text(site: Path):
    files = list(takewhile(Path.is_file, (site / URLS.search_paper(n) for n in count())))
    assert files, "no search fragments"
    fragments = [fragment for path in files for fragment in json.loads(read_gzipped(path))]
    assert {fragment[1] for fragment in fragments} == TITLES
    urls = {fragment[1]: URLS.paper(fragment[0]) for fragment in fragments}  # a page written as its slug
    assert all(urls[title] == paper_page(title) for title in TITLES)


def feed_files(site: Path, kind: str) -> list[Path]:
    """The feeds of one format (rss, atom) in the feeds folder: all papers', and each topic's is deeper."""
    feeds = sorted(site.glob(URLS.feed("*", kind)))
    assert feeds, "no feeds"
    return feeds


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_feeds_show_the_dump_text(site: Path, kind: str):
    for path in feed_files(site, kind):
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path.name, feed.get("bozo_exception"))
        by_title = {e.title: e for e in feed.entries}
        assert set(by_title) == TITLES, path.name
        for entry in ENTRIES:
            summary = by_title[entry.title].summary
            assert by_title[entry.title].summary_detail.type == "text/html"
            # HTML: what a reader shows is its text; its first paragraph is the dump's abstract.
            [abstract, *_] = select(fragment(summary), "//p")
            assert fold(abstract.text_content()) == entry.abstract, path.name


# ------------------------------------------------------------------ in a browser


@pytest.fixture(scope="module")
def hostile_url(site: Path):
    with served(site) as url:
        yield url


def assert_nothing_ran(watched: Watched, settle: int = 200):
    watched.page.wait_for_timeout(settle)  # let any injected handler (onerror, onload) fire
    assert watched.page.evaluate("typeof window.__pwned") == "undefined"
    assert watched.dialogs == []


@pytest.mark.slow
@pytest.mark.browser
def test_no_script_runs_on_any_hostile_page(browser, site: Path, hostile_url: str):
    pages = all_pages(site)
    with open_page(browser, f"{hostile_url}/{URLS.index}", wait_until="load") as watched:
        page = watched.page
        for path in pages:
            name = path.relative_to(site).as_posix()
            page.goto(f"{hostile_url}/{name}", wait_until="load")
            assert_nothing_ran(watched, settle=50)
            if fnmatchcase(name, URLS.paper("*")):
                assert fold(page.locator("h1").inner_text()) in TITLES


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("query", ["Attention", "Breaking", "comment"])
def test_search_results_show_hostile_titles_as_text(browser, site: Path, hostile_url: str, query: str):
    with open_page(browser, f"{hostile_url}/{URLS.search}?q={query}", wait_until="load") as watched:
        page = watched.page
        results = page.locator("#search-page-results .card__title a")
        results.first.wait_for(timeout=10_000)
        shown = {fold(t) for t in results.all_inner_texts()}
        assert shown and shown <= TITLES, shown
        assert_nothing_ran(watched)
        # Typing in the header box shows results as you type: text only, too.
        box = page.locator("#search-q")
        box.fill("")
        box.type(query, delay=20)
        page.wait_for_timeout(300)
        assert_nothing_ran(watched)
        results.first.click()
        page.wait_for_load_state("load")
        assert page.url.removeprefix(f"{hostile_url}/") in {paper_page(title) for title in TITLES}
        assert fold(page.locator("h1").inner_text()) in TITLES
        assert_nothing_ran(watched)
