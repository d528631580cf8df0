"""End to end: the shipped dumps built into a site; counts, pages and text."""

from __future__ import annotations

import json
import re
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

from generator.inputs.parse import parse_dump
from generator.urls import URLS
from tests.conftest import SHIPPED_DUMPS
from tests.html_pages import links, list_pages, parse, select, site_path, text

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
    return json.loads((site_dir / URLS.papers_json).read_text(encoding="utf-8"))


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
    assert "000_b2cc180fb1c7b8be.txt" in [text(code) for code in select(doc, "//code")]
    hrefs = links(doc)
    for search in ("huggingface.co/papers?q=We-Math", "arxiv.org/search/", "scholar.google.com/scholar?q="):
        assert any(search in href for href in hrefs), search


def test_organisation_is_shown(site_dir: Path, papers_json: dict):
    [paper] = [p for p in papers_json["papers"] if p["org"] and p["org"]["slug"] == "kaist-ai"]
    assert paper["org"]["name"] == "KAIST AI"
    assert "KAIST AI" in text(parse(site_dir / paper["url"]))


def test_home_lists_the_newest_capture_first_and_paginates(site_dir: Path, papers_json: dict):
    home = parse(site_dir / URLS.index)
    first_seen = {p["url"]: p["first_seen"] for p in papers_json["papers"]}
    papers = [link for link in links(home, URLS.index) if fnmatchcase(link, URLS.paper("*"))]
    assert len(papers) == 25
    days = [first_seen[link] for link in papers]
    assert days == sorted(days, reverse=True)
    assert days[0] == "2025-12-24"
    assert (site_dir / URLS.list_page("index", 2)).is_file()
    assert select(home, "//*[@rel='next']")


def test_archive_and_about(site_dir: Path):
    archive = parse(site_dir / URLS.archive)
    dates = select(archive, "//li/*[1][self::time]/@datetime")
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", day) for day in dates), dates
    assert dates == sorted(dates, reverse=True) and len(dates) == 100
    assert (site_dir / URLS.page("about")).is_file()


def test_every_page_of_the_archive_together_lists_every_paper_once(site_dir: Path):
    dated = "//li/*[1][self::time]/following-sibling::*[1][self::a]/@href"  # <li><time>day</time> <a href>
    papers = [
        site_path(page, href)
        for page in list_pages(site_dir, URLS.archive)
        for href in select(parse(site_dir / page), dated)
    ]
    assert len(papers) == len(set(papers)) == 185
