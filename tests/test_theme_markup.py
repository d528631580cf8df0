"""The theme's markup on every built page, without a browser: headings, dates, landmarks."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ISO = re.compile(r"^\d{4}(-\d\d(-\d\d)?)?$")
# a shown date the way show_day / show_month write it ("Dec 12, 2025", "Dec 2025")
SHOWN_DATE = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2}, )?\d{4}\b")


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.mains = 0
        self.skip_link = False
        self.times: list[str | None] = []
        self.undated: list[str] = []  # shown dates outside <time>
        self.in_time = 0
        self.in_skip = 0  # <script>/<style>/<code>/<title>: not shown dates
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.h1 += tag == "h1"
        self.mains += tag == "main"
        if tag == "a" and a.get("class") == "skip-link" and a.get("href") == "#main" and not self.h1:
            self.skip_link = True
        if tag == "time":
            self.in_time += 1
            self.times.append(a.get("datetime"))
        if tag in ("script", "style", "title", "code", "q"):
            self.in_skip += 1
        if (tag == "link" and a.get("rel") == "stylesheet") or tag in ("script", "img", "iframe"):
            src = a.get("href") or a.get("src") or ""
            if re.match(r"^(https?:)?//", src):
                self.external.append(src)

    def handle_endtag(self, tag):
        if tag == "time":
            self.in_time -= 1
        if tag in ("script", "style", "title", "code", "q"):
            self.in_skip -= 1

    def handle_data(self, data):
        if not self.in_time and not self.in_skip and SHOWN_DATE.search(data):
            self.undated.append(data.strip())


def built_pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


def test_every_page_has_one_h1_a_main_a_skip_link_and_machine_readable_dates(site_dir: Path):
    pages = built_pages(site_dir)
    assert len(pages) > 190
    problems = []
    for page in pages:
        m = _Markup()
        m.feed(page.read_text(encoding="utf-8"))
        name = page.relative_to(site_dir).as_posix()
        if m.h1 != 1:
            problems.append(f"{name}: {m.h1} h1")
        if m.mains != 1 or not m.skip_link:
            problems.append(f"{name}: main landmark or skip link missing")
        bad = [t for t in m.times if not t or not ISO.match(t)]
        if bad:
            problems.append(f"{name}: <time> without an ISO datetime: {bad}")
        if m.undated:
            problems.append(f"{name}: a date shown outside <time>: {m.undated[:2]}")
        if m.external:
            problems.append(f"{name}: loads from another host: {m.external}")
    assert not problems, "\n".join(problems[:20])


def test_the_stylesheet_is_our_own_and_small(site_dir: Path):
    css = (site_dir / "theme" / "css" / "digest.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css  # no fonts or frameworks from elsewhere
    assert "prefers-color-scheme: dark" in css and "@media print" in css
    assert len(css.encode()) < 30_000


def test_top_papers_are_ranked_by_upvotes_and_paginate(site_dir: Path):
    import json

    papers = {p["url"]: p["upvotes"] for p in json.loads((site_dir / "papers.json").read_text("utf-8"))["papers"]}
    pages = [site_dir / "top.html", *sorted((site_dir / "top" / "page").glob("*.html"), key=lambda p: int(p.stem))]
    links = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        links += [link.split("papers/", 1)[1] for link in re.findall(r'class="card__title"><a href="([^"]+)"', html)]
    votes = [papers["papers/" + link] for link in links]
    assert len(links) == len(set(links)) == len(papers)
    assert votes == sorted(votes, reverse=True)
    assert len(pages) > 1 and 'rel="next"' in pages[0].read_text(encoding="utf-8")
