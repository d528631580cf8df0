"""The generated lists of papers: one per topic, one per organisation, the papers with code, Rising.

A list by arrival (newest first: the home page, topics, organisations, with code)
keeps its pages stable as papers arrive. Its numbered pages are counted from the
oldest: page k (`<key>/page/<k>.html`) holds the list's oldest papers k*P-P+1 .. k*P
(P papers a page), so once written it never changes; the front page (`<key>.html`)
holds the rest, the newest: between P and 2P-1 papers once the list has P. (The
newest full page stays on the front page, as Pelican's orphans would: the front
page is never nearly empty, and no paper shows on two pages.) A new paper changes
the front page only; when the front page reaches 2P papers its oldest P become the
next numbered page, and the page before it gains its "Newer" link. The price: a
paper that leaves a list (its topic changed) or arrives on an older day than the
list's newest shifts the pages older than it.

Ranked lists (Rising: by upvotes gained) change order every day anyway; they are
paginated as Pelican does: page 1 is `<key>.html`, page n `<key>/page/<n>.html`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from generator.model import Listing, Org
from generator.urls import CODE_BASE, ORG_BASE, RISING_BASE, TOPIC_BASE, URLS

RANKED = frozenset({"rising"})  # kinds of list in an order of their own, not by arrival


@dataclass(frozen=True)
class ListPage:
    """One page of a list: its URL, its number, and which of the list's papers it shows."""

    url: str
    number: int  # in its URL; 0 for the front page of a list by arrival
    start: int  # it shows papers[start:stop] of its list (newest first)
    stop: int
    newer: str | None  # the page before it in reading order (newest first)
    older: str | None


@cache  # every page of a list looks its page up here
def arrival_pages(key: str, count: int, per_page: int) -> tuple[ListPage, ...]:
    """The pages of a list by arrival of `count` papers, in reading order: the front page, then page M .. 1."""
    numbered = max(count // per_page - 1, 0)  # full pages but the newest, which stays on the front page
    front = count - numbered * per_page
    urls = [f"{key}.html", *(URLS.numbered_page(key, k) for k in range(numbered, 0, -1))]
    bounds = [(0, front)] + [(front + i * per_page, front + (i + 1) * per_page) for i in range(numbered)]
    numbers = [0, *range(numbered, 0, -1)]
    return _linked(urls, numbers, bounds)


@cache
def ranked_pages(key: str, count: int, per_page: int) -> tuple[ListPage, ...]:
    """The pages of a ranked list, as Pelican numbers them: page 1 first."""
    pages = max(1, -(-count // per_page))
    urls = [URLS.list_page(key, n) for n in range(1, pages + 1)]
    bounds = [(i * per_page, min(count, (i + 1) * per_page)) for i in range(pages)]
    return _linked(urls, list(range(1, pages + 1)), bounds)


def _linked(urls: list[str], numbers: list[int], bounds: list[tuple[int, int]]) -> tuple[ListPage, ...]:
    last = len(urls) - 1
    return tuple(
        ListPage(url, number, start, stop, urls[i - 1] if i else None, urls[i + 1] if i < last else None)
        for i, (url, number, (start, stop)) in enumerate(zip(urls, numbers, bounds, strict=True))
    )


def list_pages(listing: Listing) -> tuple[ListPage, ...]:
    """Every page of a list, in reading order (`listing.pages` are their URLs)."""
    return _paginate(listing.kind)(listing.key, listing.count, listing.per_page)


def _paginate(kind: str) -> Callable[[str, int, int], tuple[ListPage, ...]]:
    return ranked_pages if kind in RANKED else arrival_pages


def listing(
    key: str,
    kind: str,
    slug: str,
    title: str,
    description: str,
    papers: tuple[str, ...],
    per_page: int,
    org: Org | None = None,
) -> Listing:
    pages = tuple(page.url for page in _paginate(kind)(key, len(papers), per_page))
    return Listing(key, kind, slug, title, description, papers, pages, per_page, org)


def home_listing(papers: tuple[str, ...], per_page: int) -> Listing:
    """The home page: every paper by arrival, newest first (`per_page`: digest.toml's home_papers)."""
    about = "Every paper of the digest, by the day it was listed on Hugging Face, newest first."
    return listing("index", "home", "index", "Latest papers", about, papers, per_page)


def topic_listing(slug: str, title: str, description: str, papers: tuple[str, ...], per_page: int) -> Listing:
    return listing(TOPIC_BASE.format(slug=slug), "topic", slug, title, description, papers, per_page)


def org_listing(org: Org, page: str, papers: tuple[str, ...], per_page: int) -> Listing:
    about = f"Papers from {org.name} ({org.slug}) in the digest."
    return listing(ORG_BASE.format(slug=page), "org", page, org.name, about, papers, per_page, org=org)


def code_listing(papers: tuple[str, ...], per_page: int) -> Listing:
    about = "Papers whose abstract links to their code (GitHub, GitLab, Hugging Face)."
    return listing(CODE_BASE, "code", CODE_BASE, "Papers with code", about, papers, per_page)


def rising_listing(papers: tuple[str, ...], per_page: int) -> Listing:
    about = "The papers that gained the most upvotes in the digest's last seven days."
    return listing(RISING_BASE, "rising", RISING_BASE, "Rising papers", about, papers, per_page)
