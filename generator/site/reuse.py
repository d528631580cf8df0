"""Pages whose inputs did not change come from the previous site, not from Jinja.

Pelican renders every page on every build. Here every page it writes has a key: the
site's chrome (our code, the theme, the settings, the feeds every page names), the
page's path and template, its own text (the converted Markdown of a paper or page) and
its *view*: what its template shows of the digest, as data. For a paper page that is
the paper's whole record; for a list page the list's fields it shows, its place among
the list's pages and the card of each paper on it; for an index page the titles and
counts it lists. `PageViews` has one view per template, each beside a comment naming
the template (and partials) it mirrors. When a page's key equals the one the previous
build recorded, and the previous file is still as that build left it (same size and
modification time), the file is hard-linked into the new site instead of rendered.

A view holds everything its template reads, or more, never less: a template that comes
to show more of the digest needs its view to grow with it. Three things watch this:
theme_reads.py lists what each template file reads, and a build gives no key to the pages
of a template that reads more (a theme edited by its user, say); tests/site/test_reuse.py checks
that list against our theme, and builds with every field a view leaves out changed, to
see that no page whose key stayed the same changes. A template with no view here is
always rendered.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import generator
from generator.enrich.listings import RANKED, ListPage, list_pages
from generator.model import Digest, EnrichedPaper, FeedLinks, HubFields, Listing, Source
from generator.site.holdings import holdings
from generator.site.page_days import named_pages, page_days
from generator.site.theme_reads import keyed_templates
from generator.urls import URLS

KEYS_FILE = "pages.json"  # in the build cache: the key of every keyed page of the site in output/
# Settings that differ between the processes of one build, or that are data shown by
# pages (the digest: each page's share of it is in the page's own key).
_NOT_CHROME = frozenset({"DIGEST", "DIGEST_WORKER", "DIGEST_CONVERTED", "DIGEST_REUSE"})


@dataclass(frozen=True)
class Reuse:
    """What a build may take from the previous site: its folder and the keys of its pages."""

    previous: str  # the site being replaced (output/)
    chrome: str  # hash of what every page shares
    known: Mapping[str, tuple[str, int, int]]  # page path -> (key, size, mtime_ns) of output/
    templates: frozenset[str] = frozenset()  # the page templates whose pages have keys (theme_reads.py)


def make_reuse(settings: Mapping[str, Any], theme: Path, previous: Path, known: Mapping[str, Any]) -> Reuse:
    """How this build may reuse `previous` (output/), whose pages had the keys `known`."""
    from pelican.settings import DEFAULT_CONFIG  # only for a build that renders

    if settings.get("THEME_TEMPLATES_OVERRIDES"):  # templates from elsewhere than the theme we read
        templates: frozenset[str] = frozenset()
    else:
        names = {*settings, *DEFAULT_CONFIG}  # settings are the chrome: in every key
        templates = keyed_templates(theme / "templates", _VIEWS, names)
    return Reuse(str(previous), chrome_key(settings, theme), known, templates)


def chrome_key(settings: Mapping[str, Any], theme: Path) -> str:
    """Everything every page depends on besides its own data: code, theme, settings, feeds."""
    digest = hashlib.sha256()
    for folder in (Path(generator.__file__).parent, theme):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{path.relative_to(folder)} {path.stat().st_size}\n".encode())
            digest.update(path.read_bytes())
    chrome = {name: _stable(value) for name, value in settings.items() if name not in _NOT_CHROME}
    digest.update(json.dumps(chrome, sort_keys=True).encode())
    digest.update(repr(_feeds_shown(settings["DIGEST"].feeds)).encode())
    return digest.hexdigest()


def _feeds_shown(feeds: FeedLinks | None) -> tuple[object, ...] | None:
    """What every page's head and footer show of the feeds (partials/feed_links.html,
    feed_list.html, subscribe.html): not the topic feeds, not the item counts, which
    change every day. A page that shows more of them has it in its view."""
    if feeds is None:
        return None
    return (feeds.main.title, feeds.main.rss, feeds.main.atom, feeds.opml, bool(feeds.topics or feeds.custom))


def page_key(chrome: str, name: str, template: str, text: object, view: object) -> str:
    """The key of page `name`: `text` is its own content (with its metadata), `view` its share of the digest."""
    # repr of frozen dataclasses, tuples and dates is stable: no hash seeds, no addresses.
    return hashlib.sha256(f"{chrome}\0{name}\0{template}\0{text!r}\0{view!r}".encode()).hexdigest()


# What a paper's card in a list shows (partials/paper_card.html, with facts.html,
# topic_chips.html and code_badge.html): its slug, URL, title, listing day, paper date,
# upvotes with the day counted, organisation, number of authors, abstract (cut short),
# topics' titles and URLs, code links. These fields it never shows are blanked in its view,
# so that, say, a new similar paper does not render again every list the paper is on:
CARD_HIDES = (
    "sources",  # but the first one's day, `arrived`
    "upvote_history",  # but the newest count, `upvotes` and `upvotes_counted`
    "similar",
    "topics",  # score and matched words: the title and URL are shown
    "links",  # but the code links: `code_links`
    "hub",  # but the GitHub repository, the first of `code_links`
)


class PageViews:
    """Each template's view of the digest: the data a page shows, for its key.

    `view(template, kwargs)` is the view of one page, from the variables Pelican passes its
    template (`page`, `article`, `listing`/`listing_page`, `articles_page`, ...); None for a template that
    has no view: such a page is always rendered. Every view is one method below, named in
    `_VIEWS` by its template's file name; each says what it mirrors.
    """

    def __init__(self, digest: Digest) -> None:
        self.digest = digest
        self._cards: dict[str, str] = {}  # a paper is on many list pages: its card's repr, once

    def view(self, template: str, kwargs: Mapping[str, Any]) -> object | None:
        method = _VIEWS.get(template)
        shown = None if method is None else method(self, kwargs)
        return None if shown is None else (self._page_feed(kwargs), shown)

    def card(self, slug: str) -> str:
        """A paper as its card shows it: the repr of the paper with the fields of CARD_HIDES blanked."""
        if slug not in self._cards:
            p = self.digest.papers.get(slug)
            self._cards[slug] = repr(None if p is None else card_of(p))
        return self._cards[slug]

    def _cards_of(self, slugs: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(self.card(slug) for slug in slugs)

    def _page_feed(self, kwargs: Mapping[str, Any]) -> tuple[str, str, str] | None:
        """base.html, through partials/page_feed.html: the feed of the topic or organisation a page is about."""
        feeds = self.digest.feeds
        page = kwargs.get("page")
        if not feeds:
            return None
        feed = None
        if "feed_topic" in kwargs:
            feed = feeds.topics.get(kwargs["feed_topic"])
        elif page is not None and hasattr(page, "listing") and page.listing in self.digest.listings:
            listing = self.digest.listings[page.listing]
            feed = {"topic": feeds.topics, "org": feeds.orgs}.get(listing.kind, {}).get(listing.slug)
        return None if feed is None else (feed.title, feed.rss, feed.atom)

    # article.html (with partials/paper_head.html, paper_topics.html, facts.html, the
    # json_ld and upvote_chart filters): the paper's whole record and its BibTeX entry; its abstract is the page's text.
    # (None, for a paper not in the digest: no view, the page is rendered.)
    def _paper(self, kwargs: Mapping[str, Any]) -> object:
        slug = kwargs["article"].slug
        paper = self.digest.papers.get(slug)
        return None if paper is None else (paper, self.digest.bibtex.get(slug))

    # page.html (content/pages: About, with partials/holdings.html): its title and slug; its text is the page's content.
    def _page(self, kwargs: Mapping[str, Any]) -> object:
        # and, on About (partials/holdings.html), what the digest holds
        about = kwargs["page"].slug == "about"
        return (kwargs["page"].title, kwargs["page"].slug, holdings(self.digest) if about else None)

    # listing.html (with partials/listing_pagination.html, subscribe.html): one page of a topic,
    # an organisation, the papers with code or Rising.
    def _listing(self, kwargs: Mapping[str, Any]) -> object:
        listing = self.digest.listings[kwargs["page"].listing]
        page = _list_page(listing, int(kwargs["page"].page_number))
        shown = self._list_page(listing, page)
        if listing.kind in RANKED:  # the week it ranks, and each paper's gain
            gains = tuple(self.digest.gains.get(slug) for slug in listing.papers[page.start : page.stop])
            return (*shown, self.digest.counted, gains)
        return shown

    # index.html (with partials/listing_pagination.html, subscribe.html): one page of the home
    # list (generator/site/home_pages.py), its papers under their days' headings.
    def _home(self, kwargs: Mapping[str, Any]) -> object:
        listing, page = kwargs["listing"], kwargs["listing_page"]
        papers = listing.papers[page.start : page.stop]
        days = tuple(_day_heading(self.digest, self.digest.papers[slug].arrived.isoformat()) for slug in papers)
        updated = self.digest.updated if page.url == listing.url else None  # the front page says when
        return (*self._list_page(listing, page), days, updated)

    def _list_page(self, listing: Listing, page: ListPage) -> tuple[object, ...]:
        """What listing.html and index.html show of one page of a list, and its pagination.

        A numbered page of a list by arrival shows nothing that changes as papers arrive:
        not the list's count, not its number of pages (partials/listing_pagination.html links
        it to the pages older than it and to the one just newer). The front page, and every
        page of a ranked list, show both.
        """
        papers = listing.papers[page.start : page.stop]  # (where they are in the list moves as papers arrive)
        place = (page.url, page.number, page.newer, page.older)
        fields = (listing.key, listing.kind, listing.slug, listing.title, listing.description, listing.org)
        every = page.url == listing.url or listing.kind in RANKED
        counts = (listing.count, listing.pages) if every else (len(listing.pages) > 1,)
        spans = self._spans(listing, page)
        return (place, fields, listing.url, listing.per_page, counts, self._cards_of(papers), spans)

    def _spans(self, listing: Listing, page: ListPage) -> tuple[tuple[date, date], ...]:
        """The days of each numbered page this page names (partials/listing_pagination.html)."""
        if listing.kind in RANKED:
            return ()
        return tuple(page_days(self.digest.papers, listing, n) for n in named_pages(listing, page.number))

    # period.html: a day (its papers' cards, its week and month), a week or a month (its days,
    # each with its papers' titles and upvotes), and its neighbours.
    def _period(self, kwargs: Mapping[str, Any]) -> object:
        period = self.digest.periods[kwargs["page"].period]
        days = tuple((_day_heading(self.digest, key), self.digest.periods[URLS.day(key)].papers) for key in period.days)
        within = tuple((p.key, p.title) for p in map(self.digest.periods.get, period.within) if p)  # week, month
        return (period, days, self._cards_of(period.papers), within)

    # top.html (with partials/pagination.html): one page of Top, as Pelican paginates it
    # (the writer renders each page on its own); its URLs follow from its number and the settings.
    def _top(self, kwargs: Mapping[str, Any]) -> object:
        page, paginator = kwargs["articles_page"], kwargs["articles_paginator"]
        cards = self._cards_of(tuple(article.slug for article in page.object_list))
        where = (paginator.name, paginator.url, paginator.per_page, paginator.num_pages, page.number)
        return (len(kwargs["articles"]), where, cards)

    # archives.html: every month (its days, its count, its data parts) and every day's title and count.
    def _archives(self, _kwargs: Mapping[str, Any]) -> object:
        months = tuple((m.key, m.url, m.title, m.count, m.days) for m in self.digest.months)
        days = tuple(_day_heading(self.digest, d.key) for d in self.digest.days)
        parts = tuple((p.month, p.json, p.bib) for p in self.digest.parts)
        return (months, days, parts)

    # search.html: every topic's slug and title (the topic filter).
    def _search(self, _kwargs: Mapping[str, Any]) -> object:
        return tuple((t.slug, t.title) for t in self.digest.topics)

    # topics_index.html: every topic's URL, title, count and description.
    def _topics_index(self, _kwargs: Mapping[str, Any]) -> object:
        return tuple((t.url, t.title, t.count, t.description) for t in self.digest.topics)

    # orgs_index.html: every organisation's URL, name, Hub slug and count.
    def _orgs_index(self, _kwargs: Mapping[str, Any]) -> object:
        return tuple((o.url, o.title, o.org, o.count) for o in self.digest.orgs)

    # feeds.html: every feed, with its number of items.
    def _feeds(self, _kwargs: Mapping[str, Any]) -> object:
        feeds = self.digest.feeds
        if feeds is None:
            return None
        return (feeds.main, feeds.opml, sorted(feeds.custom.items()), sorted(feeds.topics.items()))

    # 404.html, saved.html, foryou.html: nothing of the digest.
    def _nothing(self, _kwargs: Mapping[str, Any]) -> object:
        return ()


_VIEWS: dict[str, Callable[[PageViews, Mapping[str, Any]], object]] = {
    "article.html": PageViews._paper,
    "page.html": PageViews._page,
    "listing.html": PageViews._listing,
    "index.html": PageViews._home,
    "period.html": PageViews._period,
    "top.html": PageViews._top,
    "archives.html": PageViews._archives,
    "search.html": PageViews._search,
    "topics_index.html": PageViews._topics_index,
    "orgs_index.html": PageViews._orgs_index,
    "feeds.html": PageViews._feeds,
    "404.html": PageViews._nothing,
    "saved.html": PageViews._nothing,
    "foryou.html": PageViews._nothing,
}


def card_of(p: EnrichedPaper) -> EnrichedPaper:
    """The paper as its card shows it: the fields of CARD_HIDES blanked, or all but what is shown of them."""
    return replace(
        p,
        sources=(Source("", 0, p.arrived),),
        upvote_history=p.upvote_history[-1:],
        similar=(),
        topics=tuple(replace(t, score=0, matched=()) for t in p.topics),
        links=tuple(link for link in p.links if link.kind == "code"),
        hub=HubFields(github_repo=p.hub.github_repo),
    )


def _day_heading(digest: Digest, key: str) -> tuple[str, str, str, int] | None:
    """A day as a heading shows it (index.html, archives.html, period.html): key, URL, title, count."""
    day = digest.periods.get(URLS.day(key))
    return None if day is None else (day.key, day.url, day.title, day.count)


def _list_page(listing: Listing, number: int) -> ListPage:
    """The page of `listing` with this number, as the list_page filter finds it (settings.py)."""
    [page] = [page for page in list_pages(listing) if page.number == number]
    return page


def _stable(value: Any) -> Any:
    """A settings value as JSON that is the same in every run (functions by name, not address)."""
    if isinstance(value, Mapping):
        return {str(k): _stable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_stable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if callable(value) or hasattr(value, "__name__"):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', getattr(value, '__name__', ''))}"
    return repr(value)
