"""End to end: the shipped dumps built into a site; counts, pages and text."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.inputs.parse import parse_dump
from tests.conftest import SHIPPED_DUMPS

pytestmark = pytest.mark.slow


class _Text(HTMLParser):
    """Collects the visible text of the first element matching a selector-ish rule."""

    def __init__(self, tag: str, css_class: str | None = None):
        super().__init__()
        self.tag, self.css_class = tag, css_class
        self.depth = 0
        self.parts: list[str] = []
        self.done = False

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self.depth:
            self.depth += tag == self.tag
        elif not self.done and tag == self.tag and (self.css_class is None or self.css_class in classes):
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag == self.tag:
            self.depth -= 1
            self.done = self.done or self.depth == 0

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())


def visible(html_text: str, tag: str, css_class: str | None = None) -> str:
    parser = _Text(tag, css_class)
    parser.feed(html_text)
    return parser.text


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
    return json.loads((site_dir / "papers.json").read_text(encoding="utf-8"))


def test_one_page_per_paper(site_dir: Path, built_site):
    pages = sorted((site_dir / "papers").glob("*.html"))
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
        page = (site_dir / paper["url"]).read_text(encoding="utf-8")
        title = visible(page, "h1")
        assert title in texts, title
        assert visible(page, "div", "abstract") == texts[title]
        abstract_html = page.split('class="abstract"', 1)[1].split("</div>", 1)[0]
        assert not re.search(r"<(em|strong|code|h\d|li|img|script)\b", abstract_html)


def test_urls_in_abstracts_become_clean_links(site_dir: Path, papers_json: dict):
    [paper] = [p for p in papers_json["papers"] if "Rain-Bus/MSGCoOp{" in p["abstract"]]
    page = (site_dir / paper["url"]).read_text(encoding="utf-8")
    abstract = page.split('class="abstract"')[1].split("</div>")[0]
    assert re.findall(r'href="([^"]+)"', abstract) == ["https://github.com/Rain-Bus/MSGCoOp"]


def test_paper_page_shows_every_field(site_dir: Path, papers_json: dict):
    [paper] = [p for p in papers_json["papers"] if p["title"].startswith("We-Math:")]
    page = (site_dir / paper["url"]).read_text(encoding="utf-8")
    assert '<time datetime="2024-07-01">Jul 1, 2024</time>' in page
    assert "18 authors" in page
    assert "000_b2cc180fb1c7b8be.txt" in page
    for search in ("huggingface.co/papers?q=We-Math", "arxiv.org/search/", "scholar.google.com/scholar?q="):
        assert search in page


def test_organisation_is_shown(site_dir: Path, papers_json: dict):
    [paper] = [p for p in papers_json["papers"] if p["org"] and p["org"]["slug"] == "kaist-ai"]
    assert paper["org"]["name"] == "KAIST AI"
    assert "KAIST AI" in (site_dir / paper["url"]).read_text(encoding="utf-8")


def test_home_lists_the_newest_capture_first_and_paginates(site_dir: Path, papers_json: dict):
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    first_seen = {p["url"]: p["first_seen"] for p in papers_json["papers"]}
    links = [link.removeprefix("./") for link in re.findall(r'href="((?:\./)?papers/[^"]+\.html)"', home)]
    assert len(links) == 25
    days = [first_seen[link] for link in links]
    assert days == sorted(days, reverse=True)
    assert days[0] == "2025-12-24"
    assert (site_dir / "page" / "2.html").is_file()
    assert 'rel="next"' in home


def test_archive_and_about(site_dir: Path):
    archive = (site_dir / "archive.html").read_text(encoding="utf-8")
    dates = re.findall(r'<li><time datetime="(\d{4}-\d\d-\d\d)"', archive)
    assert dates == sorted(dates, reverse=True) and len(dates) == 100
    assert (site_dir / "about.html").is_file()


def test_every_page_of_the_archive_together_lists_every_paper_once(site_dir: Path):
    pages = [site_dir / "archive.html", *sorted((site_dir / "archive" / "page").glob("*.html"))]
    links = [
        link
        for page in pages
        for link in re.findall(r'<li><time[^>]*>[^<]*</time> <a href="([^"]+)"', page.read_text(encoding="utf-8"))
    ]
    assert len(links) == len(set(links)) == 185
