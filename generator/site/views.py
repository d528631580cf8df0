"""What each page shows, as data: one frozen dataclass per page template, built from the digest.

A template reads its `view` (and the settings, and what Pelican gives the page it renders: the
content of a paper or hand-written page, `output_file`), nothing else: Jinja runs with
StrictUndefined (settings.py), so a template that reads what its view does not hold fails the
build. The view is also the page's share of the digest in its key (reuse.page_key): a page whose
view, own text and chrome are unchanged shows the same bytes, and is taken from the previous site.

`Views.view(template, kwargs)` builds the view of one page from what Pelican passes its template
(`page`, `article`, `listing`/`listing_page`, `articles_page`, ...). A paper's `Card` is built
once a build and shared by every view that shows it. Each view holds what its template shows and
no more: a card has not the similar papers, the whole upvote history, the Hub's fields; a numbered
page of a list by arrival has not the list's count, which changes as papers arrive.
"""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

from markupsafe import Markup

from generator.enrich.listings import RANKED, ListPage, list_pages
from generator.model import Digest, EnrichedPaper, FeedLinks, FeedRef, Listing, Org
from generator.site.holdings import Holdings, holdings
from generator.site.page_days import day_span, named_pages, page_days
from generator.urls import URLS

# The shared parts


@dataclass(frozen=True)
class FeedShown:
    """A feed as a link to it shows it (partials/feed_links.html, feed_list.html, subscribe.html)."""

    title: str
    rss: str
    atom: str


@dataclass(frozen=True)
class SiteFeeds:
    """What every page's head and footer show of the digest's feeds: not their item counts."""

    main: FeedShown
    opml: str
    more: bool  # feeds besides the main one: the OPML file is offered


@dataclass(frozen=True)
class Frame:
    """What base.html shows of the digest on every page: its feeds, and the page's own feed (a topic's,
    an organisation's)."""

    feeds: SiteFeeds | None  # None: no feeds planned
    page_feed: FeedShown | None


@dataclass(frozen=True)
class TopicChip:
    title: str
    url: str


@dataclass(frozen=True)
class Card:
    """A paper as partials/paper_card.html (with facts.html, topic_chips.html, code_badge.html) shows it: on its
    day's page and the home page's newest day (every other list shows its `Row`)."""

    title: str
    url: str
    upvotes: int | None
    upvotes_counted: date | None
    arrived: date
    date: date | None
    org: Org | None
    org_url: str | None
    authors: int | None
    abstract: str  # the teaser of the home page's front page
    topics: tuple[TopicChip, ...]
    code_links: tuple[str, ...]  # the first only: the badge links it

    @cached_property
    def plain(self) -> tuple[Any, ...]:
        """The card as `_plain` gives it, once a build: a card is on up to two pages."""
        return _plain_fields(self)


@dataclass(frozen=True)
class Row:
    """A paper as a row of a list shows it (partials/rows.html): its title, upvotes and the day it arrived.
    Its card is on its day's page; every other list (a topic, an organisation, with code, Top, Rising, a week,
    a month, the home page's numbered pages) names it in a row, a quarter of a card's bytes (issue 22)."""

    title: str
    url: str
    upvotes: int | None
    upvotes_counted: date | None
    arrived: date

    @cached_property
    def plain(self) -> tuple[Any, ...]:
        """The row as `_plain` gives it, once a build: a row is on up to eight pages."""
        return _plain_fields(self)


def row(paper: EnrichedPaper) -> Row:
    return Row(paper.title, paper.url, paper.upvotes, paper.upvotes_counted, paper.arrived)


def card(paper: EnrichedPaper) -> Card:
    return Card(
        title=paper.title,
        url=paper.url,
        upvotes=paper.upvotes,
        upvotes_counted=paper.upvotes_counted,
        arrived=paper.arrived,
        date=paper.date,
        org=paper.org,
        org_url=paper.org_url,
        authors=paper.authors,
        abstract=paper.abstract,
        topics=tuple(TopicChip(topic.title, topic.url) for topic in paper.topics),
        code_links=paper.code_links[:1],
    )


@dataclass(frozen=True)
class DayHeading:
    """A day as a heading or an archive entry names it: its page, title and count."""

    key: str
    url: str
    title: str
    count: int


@dataclass(frozen=True)
class DaySection:
    """A day's heading and the cards under it (the home page's newest day)."""

    heading: DayHeading
    cards: tuple[Card, ...]


@dataclass(frozen=True)
class RowSection:
    """A day's heading and the rows under it (a week's or month's page, a numbered page of the home page).
    The papers of a day are counted together (its answer is fetched whole): `counted` is the day every counted
    row of it was counted on, said once in the heading, and a row says its own only where it differs."""

    heading: DayHeading
    counted: date | None  # None: no row counted, or rows counted on different days
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class ListHead:
    """What a list page shows of its list (listing.html, index.html, partials/follow.html)."""

    key: str
    kind: str
    slug: str
    title: str
    description: str
    url: str
    per_page: int
    org: Org | None
    count: int | None  # None on a numbered page of a list by arrival: not shown there


@dataclass(frozen=True)
class ListPagination:
    """partials/listing_pagination.html: the page links of a list of more than one page.

    A list by arrival names its pages by their days (`named`: number and days, the oldest last);
    a ranked list (Rising) numbers them, `pages` the URL of each.
    """

    by_arrival: bool
    front: bool  # the list's front page
    number: int
    url: str  # the list's front page
    key: str  # the list's URL base, for its numbered pages
    newer: str | None
    older: str | None
    highest: int  # by arrival: the highest page named; ranked: the number of pages
    days: Markup | None  # by arrival, a numbered page: the days it holds
    named: tuple[tuple[int, Markup], ...]
    pages: tuple[str, ...]


@dataclass(frozen=True)
class PageLinks:
    """partials/pagination.html: Top's page links; `pages` the URL of each, the first first."""

    number: int
    pages: tuple[str, ...]


# One view per page template


@dataclass(frozen=True)
class PaperView:
    """article.html (with partials/paper_head.html, paper_topics.html, the sightings and upvote
    filters): the paper's whole record, and its BibTeX entry. Its abstract is the page's own text."""

    frame: Frame
    paper: EnrichedPaper
    bibtex: str


@dataclass(frozen=True)
class PageView:
    """page.html (content/pages, as About): its text is the page's own; About shows what the digest holds."""

    frame: Frame
    holdings: Holdings | None


@dataclass(frozen=True)
class ListView:
    """listing.html: one page of a topic, an organisation, the papers with code, or Rising."""

    frame: Frame
    listing: ListHead
    number: int
    numbered: bool  # not the list's first page: its title says its number
    counted: date | None  # Rising: the day its week ends
    rows: tuple[Row, ...]
    gains: tuple[int, ...]  # Rising: each row's gain in the week
    pagination: ListPagination | None


@dataclass(frozen=True)
class HomeView:
    """index.html: one page of every paper by arrival, under their days' headings (home_pages.py): the front
    page's newest day as cards (with their teasers), every other day as rows."""

    frame: Frame
    count: int | None  # the front page: every paper
    number: int
    numbered: bool  # not the front page: it shows nothing that changes as papers arrive
    days: Markup | None  # a numbered page: the days it holds
    updated: date | None  # the front page: the digest's newest day
    sections: tuple[DaySection, ...]  # the front page's newest day
    row_sections: tuple[RowSection, ...]  # the days after it
    pagination: ListPagination | None


@dataclass(frozen=True)
class Within:
    """A week or month a day is in (period.html links up to them)."""

    url: str
    key: str
    title: str


@dataclass(frozen=True)
class PeriodView:
    """period.html: a day (its cards), a week or a month (its days, each with its papers' rows), its neighbours."""

    frame: Frame
    kind: str
    key: str
    title: str
    count: int
    within: tuple[Within, ...]
    cards: tuple[Card, ...]  # a day's
    days: tuple[RowSection, ...]  # a week's or a month's
    newer: str | None
    older: str | None


@dataclass(frozen=True)
class TopView:
    """top.html: one page of the most upvoted papers."""

    frame: Frame
    count: int  # papers on Top
    start: int  # the place of its first paper
    rows: tuple[Row, ...]
    pagination: PageLinks


@dataclass(frozen=True)
class ArchiveMonth:
    key: str
    url: str
    title: str
    count: int
    parts: tuple[tuple[str, str], ...]  # (BibTeX, JSON) URL of each of its data parts
    weeks: tuple[tuple[str, str], ...]  # (URL, key) of each ISO week of its days, newest first
    days: tuple[DayHeading, ...]


@dataclass(frozen=True)
class ArchiveView:
    """archives.html: every month, with its data parts, weeks and days, by year."""

    frame: Frame
    years: tuple[str, ...]
    months: tuple[ArchiveMonth, ...]


@dataclass(frozen=True)
class TopicOption:
    slug: str
    title: str


@dataclass(frozen=True)
class SearchView:
    """search.html: the topic filter."""

    frame: Frame
    topics: tuple[TopicOption, ...]


@dataclass(frozen=True)
class TopicEntry:
    url: str
    title: str
    count: int
    description: str


@dataclass(frozen=True)
class TopicsView:
    """topics_index.html: every topic."""

    frame: Frame
    topics: tuple[TopicEntry, ...]


@dataclass(frozen=True)
class OrgEntry:
    url: str
    title: str
    slug: str  # its Hub name
    count: int


@dataclass(frozen=True)
class OrgsView:
    """orgs_index.html: every organisation with a page."""

    frame: Frame
    orgs: tuple[OrgEntry, ...]


@dataclass(frozen=True)
class FeedsView:
    """feeds.html: every feed, with its number of items."""

    frame: Frame
    opml: str
    main: FeedRef
    custom: tuple[FeedRef, ...]  # by name
    topics: tuple[FeedRef, ...]
    orgs: tuple[FeedRef, ...]


@dataclass(frozen=True)
class EmptyView:
    """404.html, saved.html, foryou.html: nothing of the digest but the frame."""

    frame: Frame


# Building them


class Views:
    """Each page's view, from the digest: `view(template, kwargs)`; None for a template it has none for."""

    def __init__(self, digest: Digest) -> None:
        self.digest = digest
        self._cards: dict[str, Card] = {}
        self._rows: dict[str, Row] = {}
        feeds = digest.feeds
        self._feeds = None if feeds is None else _site_feeds(feeds)
        self.empty = EmptyView(Frame(self._feeds, None))

    def view(self, template: str, kwargs: Mapping[str, Any]) -> object | None:
        build = _BUILDERS.get(template)
        return None if build is None else build(self, kwargs)

    def card(self, slug: str) -> Card:
        if slug not in self._cards:
            self._cards[slug] = card(self.digest.papers[slug])
        return self._cards[slug]

    def row(self, slug: str) -> Row:
        if slug not in self._rows:
            self._rows[slug] = row(self.digest.papers[slug])
        return self._rows[slug]

    def _frame(self, listing: Listing | None = None) -> Frame:
        feeds = self.digest.feeds
        if feeds is None or listing is None:
            return Frame(self._feeds, None)
        own = {"topic": feeds.topics, "org": feeds.orgs}.get(listing.kind, {}).get(listing.slug)
        return Frame(self._feeds, None if own is None else _shown(own))

    def _day(self, key: str) -> DayHeading:
        day = self.digest.periods[URLS.day(key)]
        return DayHeading(day.key, day.url, day.title, day.count)

    def paper(self, kwargs: Mapping[str, Any]) -> PaperView | None:
        slug = kwargs["article"].slug
        paper = self.digest.papers.get(slug)
        return None if paper is None else PaperView(self._frame(), paper, self.digest.bibtex.get(slug, ""))

    def page(self, kwargs: Mapping[str, Any]) -> PageView:
        about = kwargs["page"].slug == "about"
        return PageView(self._frame(), holdings(self.digest) if about else None)

    def listing(self, kwargs: Mapping[str, Any]) -> ListView:
        listing = self.digest.listings[kwargs["page"].listing]
        page = _list_page(listing, int(kwargs["page"].page_number))
        slugs = listing.papers[page.start : page.stop]
        ranked = listing.kind in RANKED
        return ListView(
            frame=self._frame(listing),
            listing=_head(listing, page),
            number=page.number,
            numbered=page.url != listing.url,
            counted=self.digest.counted if ranked else None,
            rows=tuple(self.row(slug) for slug in slugs),
            gains=tuple(self.digest.gains[slug] for slug in slugs) if ranked else (),
            pagination=self._pagination(listing, page),
        )

    def home(self, kwargs: Mapping[str, Any]) -> HomeView:
        listing, page = kwargs["listing"], kwargs["listing_page"]
        front = page.url == listing.url
        slugs = listing.papers[page.start : page.stop]
        # The front page's newest day as cards, with their teasers; every other day as rows.
        newest = self.digest.papers[slugs[0]].arrived if front and slugs else None
        cards = tuple(self.card(slug) for slug in slugs if self.digest.papers[slug].arrived == newest)
        sections = (DaySection(self._day(newest.isoformat()), cards),) if newest else ()
        days: dict[date, list[Row]] = {}
        for slug in slugs[len(cards) :]:
            shown = self.row(slug)
            days.setdefault(shown.arrived, []).append(shown)
        return HomeView(
            frame=self._frame(),
            count=listing.count if front else None,
            number=page.number,
            numbered=not front,
            days=None if front else self._days(listing, page.number),
            updated=self.digest.updated if front else None,
            sections=sections,
            row_sections=tuple(self._rows_of(day.isoformat(), tuple(rows)) for day, rows in days.items()),
            pagination=self._pagination(listing, page),
        )

    def period(self, kwargs: Mapping[str, Any]) -> PeriodView:
        periods = self.digest.periods
        period = periods[kwargs["page"].period]
        day = period.kind == "day"
        return PeriodView(
            frame=self._frame(),
            kind=period.kind,
            key=period.key,
            title=period.title,
            count=period.count,
            within=tuple(Within(url, periods[url].key, periods[url].title) for url in period.within),
            cards=tuple(self.card(slug) for slug in period.papers) if day else (),
            days=() if day else tuple(self._section(key) for key in period.days),
            newer=period.newer,
            older=period.older,
        )

    def _section(self, key: str) -> RowSection:
        papers = self.digest.periods[URLS.day(key)].papers
        return self._rows_of(key, tuple(self.row(slug) for slug in papers))

    def _rows_of(self, key: str, rows: tuple[Row, ...]) -> RowSection:
        counted = {shown.upvotes_counted for shown in rows if shown.upvotes is not None}
        return RowSection(self._day(key), counted.pop() if len(counted) == 1 else None, rows)

    def top(self, kwargs: Mapping[str, Any]) -> TopView:
        page, paginator = kwargs["articles_page"], kwargs["articles_paginator"]
        return TopView(
            frame=self._frame(),
            count=len(kwargs["articles"]),
            start=page.start_index(),
            rows=tuple(self.row(article.slug) for article in page.object_list),
            pagination=PageLinks(page.number, tuple(paginator.page(n).url for n in range(1, paginator.num_pages + 1))),
        )

    def archives(self, _kwargs: Mapping[str, Any]) -> ArchiveView:
        periods = self.digest.periods
        months = []
        for month in self.digest.months:
            weeks: list[tuple[str, str]] = []
            for key in month.days:
                week = periods[periods[URLS.day(key)].within[0]]
                if not weeks or weeks[-1][0] != week.url:
                    weeks.append((week.url, week.key))
            parts = tuple((part.bib, part.json) for part in self.digest.parts if part.month == month.key)
            days = tuple(self._day(key) for key in month.days)
            months.append(ArchiveMonth(month.key, month.url, month.title, month.count, parts, tuple(weeks), days))
        # As main's template grouped them (`truncate(4)` with Jinja's leeway of 5 kept "2025-12" whole):
        # a heading per month, not per year. Kept for a byte-identical refactor; the fix is `month.key[:4]`.
        years = tuple(dict.fromkeys(month.key for month in self.digest.months))
        return ArchiveView(self._frame(), years, tuple(months))

    def search(self, _kwargs: Mapping[str, Any]) -> SearchView:
        return SearchView(self._frame(), tuple(TopicOption(t.slug, t.title) for t in self.digest.topics))

    def topics_index(self, _kwargs: Mapping[str, Any]) -> TopicsView:
        topics = (TopicEntry(t.url, t.title, t.count, t.description) for t in self.digest.topics)
        return TopicsView(self._frame(), tuple(topics))

    def orgs_index(self, _kwargs: Mapping[str, Any]) -> OrgsView:
        # An organisation's list always names its organisation (enrich/listings.py): its slug is its Hub name.
        orgs = (OrgEntry(o.url, o.title, o.org.slug if o.org else o.slug, o.count) for o in self.digest.orgs)
        return OrgsView(self._frame(), tuple(orgs))

    def feeds(self, _kwargs: Mapping[str, Any]) -> FeedsView | None:
        feeds = self.digest.feeds
        if feeds is None:
            return None
        custom = tuple(ref for _name, ref in sorted(feeds.custom.items()))
        topics, orgs = tuple(feeds.topics.values()), tuple(feeds.orgs.values())
        return FeedsView(self._frame(), feeds.opml, feeds.main, custom, topics, orgs)

    def nothing(self, _kwargs: Mapping[str, Any]) -> EmptyView:
        return self.empty

    def _pagination(self, listing: Listing, page: ListPage) -> ListPagination | None:
        if len(listing.pages) <= 1:
            return None
        front = page.url == listing.url
        by_arrival = listing.kind not in RANKED
        named = ()
        if by_arrival:
            named = tuple((n, self._days(listing, n)) for n in named_pages(listing, page.number))
        return ListPagination(
            by_arrival=by_arrival,
            front=front,
            number=page.number,
            url=listing.url,
            key=listing.key,
            newer=page.newer,
            older=page.older,
            highest=(len(listing.pages) - 1 if front else page.number) if by_arrival else len(listing.pages),
            days=None if front or not by_arrival else self._days(listing, page.number),
            named=named,
            pages=() if by_arrival else listing.pages,
        )

    def _days(self, listing: Listing, number: int) -> Markup:
        return day_span(*page_days(self.digest.papers, listing, number))


_BUILDERS: dict[str, Callable[[Views, Mapping[str, Any]], object | None]] = {
    "article.html": Views.paper,
    "page.html": Views.page,
    "listing.html": Views.listing,
    "index.html": Views.home,
    "period.html": Views.period,
    "top.html": Views.top,
    "archives.html": Views.archives,
    "search.html": Views.search,
    "topics_index.html": Views.topics_index,
    "orgs_index.html": Views.orgs_index,
    "feeds.html": Views.feeds,
    "404.html": Views.nothing,
    "saved.html": Views.nothing,
    "foryou.html": Views.nothing,
}
TEMPLATES = frozenset(_BUILDERS)  # the page templates that have a view


def _shown(feed: FeedRef) -> FeedShown:
    return FeedShown(feed.title, feed.rss, feed.atom)


def _site_feeds(feeds: FeedLinks) -> SiteFeeds:
    return SiteFeeds(_shown(feeds.main), feeds.opml, bool(feeds.topics or feeds.orgs or feeds.custom))


def _head(listing: Listing, page: ListPage) -> ListHead:
    # A numbered page of a list by arrival shows nothing that changes as papers arrive: not the count.
    every = page.url == listing.url or listing.kind in RANKED
    return ListHead(
        key=listing.key,
        kind=listing.kind,
        slug=listing.slug,
        title=listing.title,
        description=listing.description,
        url=listing.url,
        per_page=listing.per_page,
        org=listing.org,
        count=listing.count if every else None,
    )


def _list_page(listing: Listing, number: int) -> ListPage:
    """The page of `listing` with this number (0: the front page of a list by arrival)."""
    [page] = [page for page in list_pages(listing) if page.number == number]
    return page


# A view as plain data, for its key: `view_hash`


def view_hash(value: Any) -> str:
    """A hash of `value` equal for equal values only, whatever objects hold them."""
    # marshal's format 2 has no references (shared objects), so equal values give equal bytes, 5x faster than repr.
    return hashlib.sha256(marshal.dumps(_plain(value), 2)).hexdigest()


def _plain(value: Any) -> Any:
    """`value` as tuples of str, int, float, bool and None: equal for equal values, unequal else."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is Card or kind is Row:
        return value.plain
    if kind in _DATES:
        return (kind.__name__, value.isoformat())
    return _plain_fields(value)


def _plain_fields(value: Any) -> Any:
    kind = type(value)
    fields = _FIELDS[kind] if kind in _FIELDS else _FIELDS.setdefault(kind, _fields(kind))
    if kind is tuple or kind is list:
        items = value
    elif fields:
        items = fields(value)
    elif isinstance(value, Mapping):
        items = [(k, v) for k, v in value.items()]
    else:
        return (kind.__qualname__, repr(value))  # whatever else reprs as its value (Markup)
    return (kind.__qualname__, *[item if type(item) in _SCALARS else _plain(item) for item in items])


def _fields(kind: type) -> Callable[[Any], tuple[Any, ...]] | None:
    """A function giving a dataclass's fields as a tuple (operator.attrgetter: in C); None for another type."""
    if not dataclasses.is_dataclass(kind):
        return None
    names = [field.name for field in dataclasses.fields(kind)]
    if len(names) < 2:  # attrgetter gives one field bare, and needs one at least
        return lambda value: tuple(getattr(value, name) for name in names)
    return operator.attrgetter(*names)


_SCALARS = frozenset({str, int, float, bool, type(None)})
_DATES = frozenset({date, datetime})
_FIELDS: dict[type, Callable[[Any], tuple[Any, ...]] | None] = {}
