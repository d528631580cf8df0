"""End to end: the shipped dumps built into a site; counts, pages and text."""

from __future__ import annotations

from collections import Counter
from fnmatch import fnmatchcase
from itertools import pairwise
from pathlib import Path

import pytest

from generator.config import load_config
from generator.inputs.parse import parse_dump
from generator.urls import URLS
from tests.support.html_pages import links, parse, select, site_path, text
from tests.support.papers_data import read_index, read_papers
from tests.support.paths import ROOT, SHIPPED_DUMPS

pytestmark = pytest.mark.slow

# Elements an abstract never holds: its text is data, never Markdown or HTML.
MARKUP = ("em", "strong", "code", "h1", "h2", "h3", "h4", "h5", "h6", "li", "img", "script")


def dump_texts() -> dict[str, str]:
    """Title -> abstract of every entry of the shipped dumps, whitespace folded."""
    out = {}
    for path in SHIPPED_DUMPS:
        dump, _ = parse_dump(path.read_bytes(), path.name)
        for entry in dump.entries:
            out[" ".join(entry.title.split())] = " ".join(entry.abstract.split())
    return out


@pytest.fixture(scope="module")
def papers_json(site_dir: Path) -> dict:
    return {**read_index(site_dir), "papers": read_papers(site_dir)}  # the index, and every part's papers


def test_one_page_per_paper(site_dir: Path, built_site):
    pages = sorted(site_dir.glob(URLS.paper("*")))
    assert len(pages) == 185
    assert built_site.papers == 185


def test_papers_json_lists_every_paper_once_with_its_page(site_dir: Path, papers_json: dict):
    papers = papers_json["papers"]
    assert papers_json["count"] == len(papers) == 185
    assert len({p["slug"] for p in papers}) == len({p["title"] for p in papers}) == 185
    for paper in papers:
        assert (site_dir / paper["url"]).is_file()
        assert set(paper) >= {"title", "abstract", "date", "upvotes", "authors", "org", "sources", "links", "url"}
    assert sum(len(p["sources"]) for p in papers) == 253
    # the data carry no build internals: a listing is its days, never the dump file and line it was read from
    assert {key for p in papers for source in p["sources"] for key in source} == {"captured", "counted"}


def test_text_is_data_for_every_shipped_paper(site_dir: Path, papers_json: dict):
    texts = dump_texts()
    assert len(texts) == 185
    for paper in papers_json["papers"]:
        doc = parse(site_dir / paper["url"])
        title = text(select(doc, "//h1")[0])
        assert title in texts, title
        abstract = select(doc, "//div[has-class('abstract')]")[0]
        assert text(abstract) == texts[title]
        markup = [el.tag for el in abstract.iterdescendants(MARKUP)]
        assert not markup, markup


def test_urls_in_abstracts_become_clean_links(site_dir: Path, papers_json: dict):
    [paper] = [p for p in papers_json["papers"] if "Rain-Bus/MSGCoOp{" in p["abstract"]]
    abstract = select(parse(site_dir / paper["url"]), "//div[has-class('abstract')]")[0]
    assert links(abstract) == ["https://github.com/Rain-Bus/MSGCoOp"]


def test_paper_page_shows_every_field(site_dir: Path, papers_json: dict):
    [paper] = [p for p in papers_json["papers"] if p["title"].startswith("We-Math:")]
    doc = parse(site_dir / paper["url"])
    assert "Jul 1, 2024" in [text(time) for time in select(doc, "//time[@datetime='2024-07-01']")]
    assert "18 authors" in text(doc)
    # provenance as a reader says it: the day it was listed, in its facts, linking to its day page; no file names
    listed = sorted({source["captured"] for source in paper["sources"]})
    fact = "//dl[has-class('paper-facts')]/div[dt='Listed on Daily Papers']/dd//a/@href"
    assert [site_path(paper["url"], href) for href in select(doc, fact)] == [URLS.day(day) for day in listed]
    assert not any(dump.name in text(doc) for dump in SHIPPED_DUMPS)
    hrefs = links(doc)
    for search in ("huggingface.co/papers?q=We-Math", "arxiv.org/search/", "scholar.google.com/scholar?q="):
        assert any(search in href for href in hrefs), search


def test_organisation_is_shown(site_dir: Path, papers_json: dict):
    [paper] = [p for p in papers_json["papers"] if p["org"] and p["org"]["slug"] == "kaist-ai"]
    assert paper["org"]["name"] == "KAIST AI"
    assert "KAIST AI" in text(parse(site_dir / paper["url"]))


# A paper on a list: its card's title (a day, the home page's newest day) or its row's link (every other list).
CARD_LINKS = "//*[has-class('card__title')]/a/@href"
PAPER_LINKS = f"{CARD_LINKS} | //table[has-class('rows')]//td/a/@href"


def card_links(doc, page: str) -> list[str]:
    return [site_path(page, href) for href in select(doc, PAPER_LINKS)]


def test_home_is_the_newest_days_with_headings_and_paginates(site_dir: Path, papers_json: dict):
    home = parse(site_dir / URLS.index)
    by_url = {p["url"]: p for p in papers_json["papers"]}
    papers = [link for link in links(home, URLS.index) if fnmatchcase(link, URLS.paper("*"))]
    # P papers a page (digest.toml): pages 1..k hold the oldest k*P, the front page the newest P to 2P-1
    per_page, count = load_config(ROOT / "digest.toml").build.home_papers, len(papers_json["papers"])
    numbered = max(count // per_page - 1, 0)
    assert len(papers) == count - numbered * per_page
    order = [(by_url[link]["arrived"], by_url[link]["upvotes"]) for link in papers]
    days = [day for day, _ in order]
    assert days == sorted(days, reverse=True) and days[0] == "2025-12-24"
    newest = max(p["arrived"] for p in papers_json["papers"])
    assert select(home, "//*[has-class('updated')]/time/@datetime") == [newest]
    # one heading per day shown, linking to that day's page, in the same order
    headings = select(home, "//section/h2//time/@datetime")
    assert headings == sorted(set(days), reverse=True)
    # the newest day as cards, every other as rows
    assert {by_url[site_path(URLS.index, h)]["arrived"] for h in select(home, CARD_LINKS)} == {newest}
    assert len(select(home, CARD_LINKS)) == sum(p["arrived"] == newest for p in papers_json["papers"])
    for day in headings:  # within a day, most upvoted first (unknown last)
        counts = [votes for d, votes in order if d == day]
        assert counts == sorted(counts, key=lambda v: -1 if v is None else v, reverse=True)
    older = [URLS.numbered_page("index", numbered)] if numbered else []
    assert [site_path(URLS.index, h) for h in select(home, "//*[@rel='next']/@href")] == older
    assert not (site_dir / URLS.numbered_page("index", numbered + 1)).exists()


def arrival_lists(site_dir: Path) -> list[str]:
    """The front page of every list by arrival: home, topics, organisations, with code."""
    topics = links(parse(site_dir / URLS.topics), URLS.topics)
    orgs = links(parse(site_dir / URLS.orgs), URLS.orgs)
    fronts = [URLS.index, URLS.with_code]
    fronts += [u for u in topics if u.startswith("topics/") and u != URLS.topics and not u.startswith("topics/index")]
    return fronts + [u for u in orgs if u.startswith("orgs/") and u != URLS.orgs]


def test_lists_by_arrival_have_full_numbered_pages_from_the_oldest(site_dir: Path, papers_json: dict):
    """Page k of a list holds its oldest papers Pk-P+1 .. Pk; the front page the newest P to 2P-1 (P: digest.toml's
    per_page, home_papers for the home page; tests/site/test_pagination.py builds pages of a few);
    Older and Newer links walk every page once, and every paper of the list shows exactly once."""
    build = load_config(ROOT / "digest.toml").build
    by_url = {p["url"]: p for p in papers_json["papers"]}
    home_order = [
        p["url"] for p in sorted(papers_json["papers"], key=lambda p: p["arrived"], reverse=True)
    ]  # days only: within a day the order is by upvotes
    for front in arrival_lists(site_dir):
        base = front.removesuffix(".html")
        pages, page = [], front
        while page:
            pages.append(page)
            doc = parse(site_dir / page)
            [page] = [site_path(page, h) for h in select(doc, "//*[@rel='next']/@href")] or [None]
        numbered = len(pages) - 1
        assert pages == [front, *(URLS.numbered_page(base, k) for k in range(numbered, 0, -1))], front
        assert not (site_dir / URLS.numbered_page(base, numbered + 1)).exists()
        shown = [card_links(parse(site_dir / p), p) for p in pages]
        papers = [u for cards in shown for u in cards]
        assert len(papers) == len(set(papers)), front  # every paper once
        per_page = build.home_papers if front == URLS.index else build.per_page
        assert all(len(cards) == per_page for cards in shown[1:]), front  # numbered pages are full
        assert len(shown[0]) < 2 * per_page and (len(shown[0]) >= per_page or numbered == 0), front
        days = [by_url[u]["arrived"] for u in papers]
        assert days == sorted(days, reverse=True), front
        if front == URLS.index:
            assert sorted(papers) == sorted(home_order)
        for newer, older in pairwise(pages):  # Newer undoes Older
            doc = parse(site_dir / older)
            assert [site_path(older, h) for h in select(doc, "//*[@rel='prev']/@href")] == [newer]


def test_the_archive_is_a_calendar_of_every_day_and_month(site_dir: Path, papers_json: dict):
    archive = parse(site_dir / URLS.archive)
    arrived = Counter(p["arrived"] for p in papers_json["papers"])
    day_links = [site_path(URLS.archive, href) for href in select(archive, "//ul[has-class('archive-days')]//a/@href")]
    assert day_links == [URLS.day(day) for day in sorted(arrived, reverse=True)]
    months = sorted({day[:7] for day in arrived}, reverse=True)
    month_links = [site_path(URLS.archive, href) for href in select(archive, "//h3/a/@href")]
    assert month_links == [URLS.month(month) for month in months]
    assert (site_dir / URLS.page("about")).is_file()


def test_day_pages_together_list_every_paper_once_by_upvotes(site_dir: Path, papers_json: dict):
    by_url = {p["url"]: p for p in papers_json["papers"]}
    days = sorted({p["arrived"] for p in papers_json["papers"]})
    seen = []
    for n, day in enumerate(days):
        page = URLS.day(day)
        doc = parse(site_dir / page)
        shown = [site_path(page, href) for href in select(doc, "//*[has-class('card__title')]/a/@href")]
        assert all(by_url[url]["arrived"] == day for url in shown)
        votes = [by_url[url]["upvotes"] for url in shown]
        assert votes == sorted(votes, key=lambda v: -1 if v is None else v, reverse=True)
        older = select(doc, "//a[@rel='next']/@href")
        newer = select(doc, "//a[@rel='prev']/@href")
        assert [site_path(page, h) for h in older] == ([URLS.day(days[n - 1])] if n else [])
        assert [site_path(page, h) for h in newer] == ([URLS.day(days[n + 1])] if n + 1 < len(days) else [])
        seen += shown
    assert len(seen) == len(set(seen)) == len(by_url)


def test_week_and_month_pages_list_their_days(site_dir: Path, papers_json: dict):
    arrived = sorted({p["arrived"] for p in papers_json["papers"]}, reverse=True)
    for month in {day[:7] for day in arrived}:
        page = URLS.month(month)
        doc = parse(site_dir / page)
        shown = [site_path(page, href) for href in select(doc, "//section//h2/a/@href")]
        assert shown == [URLS.day(day) for day in arrived if day.startswith(month)]
        papers = select(doc, "//table[has-class('rows')]//tr[td]")
        assert len(papers) == sum(p["arrived"].startswith(month) for p in papers_json["papers"])
    weeks = list((site_dir / URLS.week("x")).parent.glob("*.html"))
    assert weeks and sum(len(select(parse(w), "//table[has-class('rows')]//tr[td]")) for w in weeks) == len(
        papers_json["papers"]
    )
