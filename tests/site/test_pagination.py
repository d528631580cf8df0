"""Stable list pages: a numbered page of a list by arrival keeps its URL and its papers as newer papers arrive."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.build import build
from generator.config import load_config
from generator.enrich.listings import arrival_pages, ranked_pages
from generator.urls import URLS
from tests.support.paths import SHIPPED_DUMPS
from tests.support.projects import project_copy


def shown(pages, papers):
    """url -> the papers each page shows, from a list of papers newest first."""
    return {page.url: papers[page.start : page.stop] for page in pages}


@given(st.integers(0, 300), st.integers(0, 120), st.integers(1, 30))
def test_numbered_pages_keep_their_papers_when_newer_ones_arrive(count, added, per_page):
    old = [f"p{i}" for i in range(count, 0, -1)]  # newest first: p1 is the oldest
    new = [f"n{i}" for i in range(added, 0, -1)] + old
    before, after = arrival_pages("topics/x", len(old), per_page), arrival_pages("topics/x", len(new), per_page)
    was, now = shown(before, old), shown(after, new)
    for page in before[1:]:  # every numbered page is full, and the same
        assert now[page.url] == was[page.url] and len(was[page.url]) == per_page
    changed = {url for url in now if now[url] != was.get(url)}
    assert changed <= {"topics/x.html"} | (now.keys() - was.keys())
    for pages, papers in ((before, old), (after, new)):
        # every paper on exactly one page, in order; the front page holds P .. 2P-1 (all, when fewer)
        assert [p for page in pages for p in papers[page.start : page.stop]] == papers
        front = pages[0].stop
        assert front == len(papers) if len(papers) < 2 * per_page else per_page <= front < 2 * per_page
        # page k holds the oldest papers kP-P+1 .. kP
        for page in pages[1:]:
            oldest = range(page.number * per_page, page.number * per_page - per_page, -1)  # 1: the oldest
            assert papers[page.start : page.stop] == [papers[len(papers) - k] for k in oldest]
            assert page.url == URLS.numbered_page("topics/x", page.number)
        # Older and Newer walk the pages in reading order
        assert [page.older for page in pages] == [page.url for page in pages[1:]] + [None]
        assert [page.newer for page in pages] == [None] + [page.url for page in pages[:-1]]


def test_the_numbered_pages_count_from_the_oldest():
    pages = arrival_pages("topics/x", 13, 4)  # 13 papers, 4 a page: front 5, page 2, page 1
    assert [(p.url, p.number, p.start, p.stop) for p in pages] == [
        ("topics/x.html", 0, 0, 5),
        ("topics/x/page/2.html", 2, 5, 9),
        ("topics/x/page/1.html", 1, 9, 13),
    ]
    assert [p.url for p in arrival_pages("index", 8, 4)] == ["index.html", "page/1.html"]
    assert [p.url for p in arrival_pages("with-code", 7, 4)] == ["with-code.html"]  # 4 .. 7: all on the front


def test_ranked_lists_keep_pelicans_pages():
    assert [(p.url, p.start, p.stop) for p in ranked_pages("rising", 9, 4)] == [
        ("rising.html", 0, 4),
        ("rising/page/2.html", 4, 8),
        ("rising/page/3.html", 8, 9),
    ]


# What a new dump legitimately changes on a page that keeps its papers: the upvotes counted again
# (a card, or a row, shows a paper's upvotes and the day they were counted; a day's rows say it in its heading).
VOLATILE = re.compile(
    rb"<p class=card__votes>.*?</p>|<td(?: title=\"counted [^\"]*\")?>\d+|<td class=unknown>not counted"
    rb"|, upvotes counted <time [^>]*>[^<]*</time>"
)


def html_pages(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): VOLATILE.sub(b"", p.read_bytes()) for p in site.rglob("*.html")}


def is_list_page(path: str) -> bool:
    return path.startswith(("index.html", "page/", "topics/", "orgs/", "with-code")) and not path.endswith(
        "/index.html"
    )


@pytest.mark.slow
def test_a_new_dump_changes_only_the_front_pages_and_a_newly_filled_page(tmp_path: Path):
    config = project_copy(tmp_path)
    toml = tmp_path / "digest.toml"  # small pages, so that lists have many
    toml.write_text(
        re.sub(r"(?m)^per_page = \d+", "per_page = 4", toml.read_text()).replace("home_papers = 50", "home_papers = 5")
    )
    config = load_config(toml)
    assert config.build.per_page == 4 and config.build.home_papers == 5
    # The second dump is a newer day (Dec 24, after Dec 12); it counts the first day's upvotes again.
    build(config, SHIPPED_DUMPS[:1], tmp_path / "output", strict=True)
    before = html_pages(tmp_path / "output")
    build(config, SHIPPED_DUMPS[:2], tmp_path / "output", strict=True)
    after = html_pages(tmp_path / "output")

    lists = sorted(p for p in before if is_list_page(p))
    numbered = [p for p in lists if "/page/" in p or p.startswith("page/")]
    assert len(numbered) >= 8
    changed = [p for p in numbered if after.get(p) != before[p]]
    fronts = {p for p in lists if p not in numbered}
    # a numbered page changes only when the page after it is filled: its Newer link goes there
    for page in changed:
        base, _, number = page.removesuffix(".html").rpartition("page/")
        newer = f"{base}page/{int(number) + 1}.html"
        assert newer in after and newer not in before, page
        assert re.sub(rb'rel="prev" href="[^"]*"', b"", after[page]) == re.sub(
            rb'rel="prev" href="[^"]*"', b"", before[page]
        ), page
    new = sorted(p for p in set(after) - set(before) if is_list_page(p))
    print(
        f"\n{len(lists)} list pages, {len(numbered)} numbered; changed: {len(changed)} numbered, "
        f"{sum(after.get(p) != before[p] for p in fronts)} front pages; new: {len(new)}"
    )
    assert len(changed) <= len(new)


@pytest.mark.slow
def test_top_ranks_the_most_upvoted_top_papers_and_says_so(tmp_path: Path):
    from generator.inputs.ingest import ingest_files
    from generator.model import top_order
    from tests.support.html_pages import list_pages, parse, select, text

    project_copy(tmp_path)
    toml = tmp_path / "digest.toml"
    toml.write_text(
        re.sub(r"(?m)^per_page = \d+", "per_page = 4", toml.read_text()).replace("top_papers = 1000", "top_papers = 7")
    )
    config = load_config(toml)
    assert config.build.top_papers == 7
    build(config, SHIPPED_DUMPS, tmp_path / "output", strict=True)
    papers = ingest_files(SHIPPED_DUMPS, config).papers
    expected = [URLS.paper(p.slug) for p in sorted(papers, key=top_order)[:7]]
    pages = list_pages(tmp_path / "output", URLS.top)
    assert len(pages) == 2
    shown = []
    for page in pages:
        doc = parse(tmp_path / "output" / page)
        assert text(select(doc, "//p[has-class('lede')]")[0]).startswith("The 7 most upvoted papers on Hugging Face")
        shown += [a.get("href").split("/")[-1] for a in select(doc, "//table[has-class('rows')]//td/a")]
    assert [href.split("/")[-1] for href in expected] == shown
