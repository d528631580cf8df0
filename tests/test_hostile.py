"""Hostile text is data: markup, template syntax, script and javascript: URLs in
titles, abstracts and organisation names show as text on every page, in papers.json,
the search store, the feeds and the JSON-LD, and nothing of it ever runs."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import lxml.html
import pytest

from generator.enrich.links import find_links
from generator.inputs.merge import slugify
from generator.inputs.parse import parse_dump
from tests.conftest import build_site, fixture_dump, serve_folder

HOSTILE = fixture_dump("hostile_text.txt")
ENTRIES = parse_dump(HOSTILE.read_bytes(), HOSTILE.name)[0].entries
TITLES = {e.title for e in ENTRIES}
# Scripts of our own theme; any other <script> came from the input.
OUR_SCRIPTS = {"search.js", "lunr.min.js"}
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href")


def fold(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("hostile"), [HOSTILE]).output


def page(site: Path, name: str):
    return lxml.html.parse(str(site / name)).getroot()


def paper_page(site: Path, title: str) -> str:
    return f"papers/{slugify(title)}.html"


def test_the_fixture_holds_every_kind_of_hostile_text():
    text = HOSTILE.read_text("utf-8")
    for needle in ("<script>", "onerror=", "javascript:", "{{", "{%", "](javascript:", "&amp;", "&#x3C;", "</script>"):
        assert needle in text
    assert len(ENTRIES) == 3 and all(e.org for e in ENTRIES if e.title.startswith(("<script>", "<svg")))


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.title[:20])
def test_paper_page_shows_the_dump_text(site: Path, entry):
    doc = page(site, paper_page(site, entry.title))
    [h1] = doc.xpath("//h1")
    assert h1.text_content() == entry.title
    [abstract] = doc.xpath("//*[contains(concat(' ', @class, ' '), ' abstract ')]")
    assert fold(abstract.text_content()) == entry.abstract
    assert doc.findtext(".//title").startswith(entry.title)
    for meta in doc.xpath("//meta[@name='description' or @property='og:description']"):
        shown = meta.get("content").rstrip(".…")
        assert entry.abstract.startswith(shown), meta.get("content")
    for meta in doc.xpath("//meta[@property='og:title' or @name='citation_title']"):
        assert meta.get("content") == entry.title
    if entry.org:
        assert any(entry.org.name in fold(el.text_content()) for el in doc.xpath("//dd | //a"))


def test_only_http_and_https_urls_in_abstracts_become_links(site: Path):
    for entry in ENTRIES:
        doc = page(site, paper_page(site, entry.title))
        [abstract] = doc.xpath("//*[contains(concat(' ', @class, ' '), ' abstract ')]")
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


def test_no_page_has_foreign_scripts_handlers_or_script_urls(site: Path):
    for path in all_pages(site):
        doc = lxml.html.parse(str(path)).getroot()
        name = str(path.relative_to(site))
        for el in doc.iter():
            if not isinstance(el.tag, str):
                continue
            assert el.tag not in ("iframe", "object", "embed", "svg", "img", "style", "base"), (name, el.tag)
            for attr, value in el.attrib.items():
                assert not attr.lower().startswith("on"), (name, el.tag, attr)
                if attr.lower() in URL_ATTRIBUTES:
                    scheme = urlsplit(value.strip()).scheme.lower()
                    assert scheme in ("", "http", "https", "mailto"), (name, el.tag, attr, value)
            if el.tag == "script":
                if el.get("type") == "application/ld+json":
                    json.loads(el.text)  # data, and well-formed: nothing broke out of it
                else:
                    src = el.get("src") or ""
                    assert Path(urlsplit(src).path).name in OUR_SCRIPTS and not urlsplit(src).scheme, (name, src)
                    assert not (el.text or "").strip(), (name, "inline script")


@pytest.mark.parametrize("listing", ["index.html", "archive.html", "top.html"])
def test_lists_show_titles_as_text(site: Path, listing: str):
    if not (site / listing).exists():
        pytest.skip(f"no {listing}")
    links = {fold(a.text_content()) for a in page(site, listing).iter("a")}
    assert links >= TITLES


def test_organisation_pages_show_names_as_text(site: Path):
    if not (site / "orgs").is_dir():
        pytest.skip("no organisation pages")
    texts = set()
    for path in (site / "orgs").glob("*.html"):
        texts |= {
            fold(el.text_content()) for el in lxml.html.parse(str(path)).getroot().iter() if isinstance(el.tag, str)
        }
    for entry in ENTRIES:
        if entry.org:
            assert any(entry.org.name in t for t in texts), entry.org.name


def test_papers_json_holds_the_dump_text(site: Path):
    records = {r["title"]: r for r in json.loads((site / "papers.json").read_text("utf-8"))["papers"]}
    assert set(records) == TITLES
    for entry in ENTRIES:
        record = records[entry.title]
        assert record["abstract"] == entry.abstract
        assert record["org"] == ({"slug": entry.org.slug, "name": entry.org.name} if entry.org else None)


def test_json_ld_holds_the_dump_text(site: Path):
    for entry in ENTRIES:
        doc = page(site, paper_page(site, entry.title))
        blocks = [json.loads(s.text) for s in doc.xpath("//script[@type='application/ld+json']")]
        if not blocks:
            pytest.skip("no JSON-LD on paper pages")
        [data] = [b for b in blocks if b.get("@type") == "ScholarlyArticle"]
        assert data["headline"] == data["name"] == entry.title
        assert data["abstract"] == entry.abstract
        if entry.org:
            assert data["sourceOrganization"]["name"] == entry.org.name


def test_search_store_holds_the_dump_text(site: Path):
    stores = sorted((site / "search").glob("store-*.json"))
    if not stores:
        pytest.skip("no search store")
    rows = [row for store in stores for row in json.loads(store.read_text("utf-8"))]
    assert {row[1] for row in rows} == TITLES
    urls = {row[1]: row[0] for row in rows}
    assert all(urls[title] == paper_page(site, title) for title in TITLES)


def feed_files(site: Path) -> list[Path]:
    feeds = sorted(site.glob("feeds/*.xml"))
    if not feeds:
        pytest.skip("no feeds")
    return feeds


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_feeds_show_the_dump_text(site: Path, kind: str):
    for path in [f for f in feed_files(site) if f".{kind}." in f.name]:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path.name, feed.get("bozo_exception"))
        by_title = {e.title: e for e in feed.entries}
        assert set(by_title) == TITLES, path.name
        for entry in ENTRIES:
            summary = by_title[entry.title].summary
            if by_title[entry.title].summary_detail.type == "text/html":
                # HTML content: what a reader shows is its text, which must be the dump text.
                summary = lxml.html.fragment_fromstring(summary, create_parent="div").text_content()
            assert fold(summary) == entry.abstract, path.name


# ------------------------------------------------------------------ in a browser


@pytest.fixture(scope="module")
def hostile_url(site: Path):
    server, url = serve_folder(site)
    yield url
    server.shutdown()
    server.server_close()


def open_page(browser, url: str):
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url, wait_until="load")
    return page, dialogs


def assert_nothing_ran(page, dialogs, settle: int = 200):
    page.wait_for_timeout(settle)  # let any injected handler (onerror, onload) fire
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []


@pytest.mark.browser
def test_no_script_runs_on_any_hostile_page(browser, site: Path, hostile_url: str):
    pages = all_pages(site)
    page, dialogs = open_page(browser, f"{hostile_url}/index.html")
    try:
        for path in pages:
            page.goto(f"{hostile_url}/{path.relative_to(site)}", wait_until="load")
            assert_nothing_ran(page, dialogs, settle=50)
            if path.parent.name == "papers":
                assert fold(page.locator("h1").inner_text()) in TITLES
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("query", ["Attention", "Breaking", "comment"])
def test_search_results_show_hostile_titles_as_text(browser, site: Path, hostile_url: str, query: str):
    if not (site / "search.html").exists():
        pytest.skip("no search page")
    page, dialogs = open_page(browser, f"{hostile_url}/search.html?q={query}")
    try:
        results = page.locator("#search-page-results li a")
        results.first.wait_for(timeout=10_000)
        shown = {fold(t) for t in results.all_inner_texts()}
        assert shown and shown <= TITLES, shown
        assert_nothing_ran(page, dialogs)
        # Typing in the header box shows results as you type: text only, too.
        box = page.locator("#search-q")
        box.fill("")
        box.type(query, delay=20)
        page.wait_for_timeout(300)
        assert_nothing_ran(page, dialogs)
        results.first.click()
        page.wait_for_load_state("load")
        assert "/papers/" in page.url
        assert fold(page.locator("h1").inner_text()) in TITLES
        assert_nothing_ran(page, dialogs)
    finally:
        page.close()
