"""Issue 24, items 2 and 4, on the built shipped site.

"Listed" means listed: a paper page links only the day page that lists the paper, in its one
"Listed" fact; its other observations read as upvote counts, each said once. Unknown is said in
words: a paper with no date of its own shows "date unknown", one with no count "not counted"
(generator/words.py), never a dash, on cards, paper pages, day lists and feeds. (The search
result's words: tests/js/result.test.mjs and tests/browser/test_search_browser.py.)
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from generator.model import Digest, Source, UpvoteCount
from generator.outputs.feeds import item_html
from generator.site.settings import show_day
from generator.site.sightings import sightings
from generator.urls import URLS
from generator.words import DATE_UNKNOWN, NOT_COUNTED
from tests.support.html_pages import fragment, links, parse, select, site_path, text
from tests.support.paths import ROOT, SHIPPED_DUMPS

DAY_LINK = re.compile(r"days/\d{4}-\d\d-\d\d\.html")
EN_DASH = "\u2013"
# The en dash that stood where a fact would be: after "Paper", before "upvotes", or alone in an element.
DASH_FOR_A_FACT = re.compile(r"Paper\s*(<[^>]*>\s*)*\u2013\s*<|>\s*\u2013\s*(<[^>]*>\s*)*upvotes?|>\s*\u2013\s*<")


@pytest.mark.slow  # reads the built site
def test_a_paper_page_links_only_day_pages_that_list_it(site_dir: Path, shipped_digest: Digest) -> None:
    listed_on: dict[str, set[str]] = {}  # paper page -> the day pages that list it, read from those pages
    for day_page in (site_dir / "days").glob("*.html"):
        path = f"days/{day_page.name}"
        for paper in select(parse(day_page), "//*[has-class('card__title')]/a/@href"):
            listed_on.setdefault(site_path(path, paper), set()).add(path)
    checked = 0
    for paper in shipped_digest.papers.values():
        page = parse(site_dir / paper.url)
        days = {href for href in links(page, paper.url) if DAY_LINK.fullmatch(href)}
        assert days == {URLS.day(paper.arrived.isoformat())}, paper.url
        assert days <= listed_on.get(paper.url, set()), paper.url  # the day page it links does list it
        [listed] = select(page, "//dl[has-class('paper-facts')]/div[dt='Listed on Daily Papers']/dd")
        assert text(listed) == show_day(paper.arrived)
        said = [text(li) for li in select(page, "//ul[has-class('sources')]/li")]
        assert not [line for line in said if "Listed" in line]  # the fact says it, once
        checked += 1
    assert checked == len(shipped_digest.papers) > 150


@pytest.mark.slow  # reads the built site
def test_the_imitation_game_is_listed_on_dec_12_only_and_its_dec_24_count_is_in_the_caption(
    site_dir: Path, shipped_digest: Digest
) -> None:
    dumps = [dump for dump in SHIPPED_DUMPS if "The Imitation Game" in dump.read_text("utf-8")]
    assert len(dumps) >= 2  # pasted on two days: the case the issue names
    [paper] = [p for p in shipped_digest.papers.values() if p.title.startswith("The Imitation Game")]
    assert {s.captured for s in paper.sources} >= {date(2025, 12, 12), date(2025, 12, 24)}
    page = parse(site_dir / paper.url)
    assert not select(page, "//ul[has-class('sources')]")  # nothing seen without a count
    [listed] = select(page, "//dl[has-class('paper-facts')]/div[dt='Listed on Daily Papers']/dd")
    assert text(listed) == "Dec 12, 2025"
    [caption] = select(page, "//figure[has-class('upvote-history')]/figcaption | //p[has-class('upvote-history')]")
    assert text(caption).startswith("Upvotes in 2025: ") and "Dec 24" in text(caption)
    day24 = parse(site_dir / URLS.day("2025-12-24"))
    assert paper.url not in links(day24, URLS.day("2025-12-24"))
    assert paper.url in links(parse(site_dir / URLS.day("2025-12-12")), URLS.day("2025-12-12"))


def test_other_observations_read_as_counts_unless_the_caption_says_them(shipped_digest: Digest) -> None:
    paper = next(p for p in shipped_digest.papers.values() if p.upvote_history)
    first = paper.arrived
    later, later_still = date(2026, 1, 5), date(2026, 1, 9)
    seen = replace(
        paper,
        sources=(Source("a", 1, first), Source("b", 1, later), Source("c", 1, later, counted=later_still)),
        upvote_history=(UpvoteCount(later_still, 7),),
    )
    # one count: the facts say it and its day ("counted Jan 9"); the observation without a count is said
    assert sightings(seen) == (later,)
    charted = replace(seen, upvote_history=(UpvoteCount(first, 2), UpvoteCount(later_still, 7)))
    assert sightings(charted) == (later,)  # the caption says Jan 9
    counted_later = replace(
        charted, upvote_history=(UpvoteCount(first, 2), UpvoteCount(later, 5), UpvoteCount(later_still, 7))
    )
    assert sightings(counted_later) == ()  # every day has its count, in the caption
    assert sightings(replace(seen, sources=seen.sources[:1])) == ()


@pytest.mark.slow  # reads the built site
def test_unknown_date_and_count_are_said_in_words_on_every_page(site_dir: Path, shipped_digest: Digest) -> None:
    for page in site_dir.rglob("*.html"):
        source = page.read_text("utf-8")
        assert not DASH_FOR_A_FACT.search(source), (page, DASH_FOR_A_FACT.search(source))
    undated = [p for p in shipped_digest.papers.values() if p.date is None]
    uncounted = [p for p in shipped_digest.papers.values() if p.upvotes is None]
    assert undated and uncounted
    for paper in undated:
        [fact] = select(parse(site_dir / paper.url), "//dl[has-class('paper-facts')]/div[dt='Paper date']/dd")
        assert text(fact) == DATE_UNKNOWN
    for paper in uncounted:
        [fact] = select(parse(site_dir / paper.url), "//dl[has-class('paper-facts')]/div[dt='Upvotes']/dd")
        assert text(fact) == NOT_COUNTED
    paper = undated[0]
    day_page = URLS.day(paper.arrived.isoformat())
    [card] = [
        c for c in select(parse(site_dir / day_page), "//article[has-class('card')]") if paper.url in links(c, day_page)
    ]
    assert f"Paper {DATE_UNKNOWN}" in text(card)
    if paper.upvotes is None:
        assert text(select(card, ".//*[has-class('card__votes')]")[0]) == f"upvotes {NOT_COUNTED}"


@pytest.mark.slow  # reads the built site
def test_feeds_say_unknown_in_the_same_words(site_dir: Path, shipped_digest: Digest) -> None:
    for feed in (site_dir / "feeds").rglob("*.xml"):
        said = feed.read_text("utf-8")
        assert f"Paper date: {EN_DASH}" not in said and f"Upvotes: {EN_DASH}" not in said
    paper = next(p for p in shipped_digest.papers.values() if p.date is None and p.upvotes is None)
    said = [text(p) for p in select(fragment(item_html(paper)), "p")]
    assert f"Paper {DATE_UNKNOWN}" in said and f"Upvotes {NOT_COUNTED}" in said
    known = next(p for p in shipped_digest.papers.values() if p.date and p.upvotes is not None)
    said = [text(p) for p in select(fragment(item_html(known)), "p")]
    assert f"Paper date: {known.date.isoformat()}" in said
    assert f"Upvotes: {known.upvotes} (counted {known.upvotes_counted})" in said


def test_the_search_script_and_the_letter_use_the_same_words() -> None:
    script = (ROOT / "themes/digest/static/js/search-result.js").read_text("utf-8")
    assert f'export const DATE_UNKNOWN = "{DATE_UNKNOWN}";' in script
    assert f'export const NOT_COUNTED = "{NOT_COUNTED}";' in script
    assert EN_DASH not in script
    for letter in ("letter.txt", "letter.html"):
        assert f"upvotes {NOT_COUNTED}" in (ROOT / "themes/digest/mail" / letter).read_text("utf-8")
