"""The theme's markup on every built page, without a browser: headings, dates, landmarks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.urls import URLS
from tests.support.html_pages import list_pages, parse, select, site_path
from tests.support.papers_data import read_papers

pytestmark = pytest.mark.slow

ISO = re.compile(r"^\d{4}(-\d\d(-\d\d)?|-W\d\d)?$")  # a year, month, day or ISO week (HTML valid)
# a shown date the way show_day / show_month write it ("Dec 12, 2025", "Dec 2025")
SHOWN_DATE = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2}, )?\d{4}\b")


# Text outside <time>, the one place for a shown date; in <script>, <style>, <title>, <code> and <q>
# a date is not shown as one.
UNDATED_TEXT = "//text()[not({})]".format(
    " or ".join(f"ancestor::{tag}" for tag in ("time", "script", "style", "title", "code", "q"))
)
# Stylesheets, scripts, images and frames, by the URL they load.
LOADED = "//link[@rel='stylesheet']/@href | //script/@src | //img/@src | //iframe/@src"
SKIP_LINK = "//a[@class='skip-link' and @href='#main'][not(preceding::h1 or ancestor::h1)]"


def built_pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


def test_every_page_has_one_h1_a_main_a_skip_link_and_machine_readable_dates(site_dir: Path):
    pages = built_pages(site_dir)
    assert len(pages) > 190
    problems = []
    for page in pages:
        doc = parse(page)
        name = page.relative_to(site_dir).as_posix()
        h1 = len(select(doc, "//h1"))
        if h1 != 1:
            problems.append(f"{name}: {h1} h1")
        if len(select(doc, "//main")) != 1 or not select(doc, SKIP_LINK):
            problems.append(f"{name}: main landmark or skip link missing")
        bad = [time.get("datetime") for time in select(doc, "//time") if not ISO.match(time.get("datetime") or "")]
        if bad:
            problems.append(f"{name}: <time> without an ISO datetime: {bad}")
        undated = [data.strip() for data in select(doc, UNDATED_TEXT) if SHOWN_DATE.search(data)]
        if undated:
            problems.append(f"{name}: a date shown outside <time>: {undated[:2]}")
        external = [url for url in select(doc, LOADED) if re.match(r"^(https?:)?//", url)]
        if external:
            problems.append(f"{name}: loads from another host: {external}")
    assert not problems, "\n".join(problems[:20])


def test_the_stylesheet_is_our_own_and_small(site_dir: Path):
    css = (site_dir / URLS.css).read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css  # no fonts or frameworks from elsewhere
    assert "prefers-color-scheme: dark" in css and "@media print" in css
    assert len(css.encode()) < 30_000


def test_top_papers_are_ranked_by_upvotes_and_paginate(site_dir: Path):
    papers = {p["url"]: p["upvotes"] for p in read_papers(site_dir)}
    pages = list_pages(site_dir, URLS.top)
    links = []
    for page in pages:
        hrefs = select(parse(site_dir / page), "//table[has-class('rows')]//td/a/@href")
        links += [site_path(page, href) for href in hrefs]
    votes = [papers[link] for link in links]
    assert len(links) == len(set(links)) == len(papers)
    known = [v for v in votes if v is not None]
    assert votes == known + [None] * (len(votes) - len(known))  # unknown counts last, never as 0
    assert known == sorted(known, reverse=True)
    assert len(pages) > 1 and select(parse(site_dir / pages[0]), "//*[@rel='next']")
