"""The records every stage passes along, as frozen dataclasses.

In the order the pipeline makes them: a dump's `Entry`s, merged into `Paper`s,
enriched into `EnrichedPaper`s, gathered with the site's lists into one
`Digest`, which the site, the feeds, the search index and the export all read.
Dicts appear only where a format needs them (papers.json, Pelican's context).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property


@dataclass(frozen=True)
class Org:
    """A Hugging Face organisation: its Hub slug and display name."""

    slug: str
    name: str


@dataclass(frozen=True)
class PartialDate:
    """A date as a dump prints it: the year is missing for the capture year."""

    month: int
    day: int
    year: int | None = None


@dataclass(frozen=True)
class Entry:
    """One entry of one dump, as read, before the capture year is known."""

    title: str
    abstract: str
    line: int
    authors: int | None = None
    org: Org | None = None
    date: PartialDate | None = None
    upvotes: int = 0


@dataclass(frozen=True)
class Dump:
    """A parsed dump: its entries and its capture day (year not yet known)."""

    name: str
    captured: PartialDate
    entries: tuple[Entry, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Source:
    """Where a paper was seen: the dump, the line of its title, the capture day."""

    dump: str
    line: int
    captured: date


@dataclass(frozen=True)
class Paper:
    """A paper of the digest, merged over every dump that lists it.

    `sources` are in capture order (day, dump, line): the first is where it was first seen.
    """

    key: str
    slug: str
    title: str
    abstract: str
    sources: tuple[Source, ...]
    authors: int | None = None
    org: Org | None = None
    date: date | None = None
    upvotes: int = 0

    @property
    def first_seen(self) -> date:
        return self.sources[0].captured

    @property
    def day(self) -> date:
        """The date a paper is listed under: its own, else the day it was captured."""
        return self.date or self.first_seen


def newest_first(papers: Iterable[Paper]) -> list[Paper]:
    """Newest day first, then most upvoted, then by slug: one order for every list."""
    return sorted(papers, key=lambda p: (-p.day.toordinal(), -p.upvotes, p.slug))


def capture_order(paper: Paper) -> tuple[int, str, int]:
    """The home page's order: newest capture first, then as the dump listed them."""
    first = paper.sources[0]
    return (-first.captured.toordinal(), first.dump, first.line)


def top_order(paper: Paper) -> tuple[int, int, str]:
    """The Top page's order: most upvotes first; ties by newest day, then slug."""
    return (-paper.upvotes, -paper.day.toordinal(), paper.slug)


@dataclass(frozen=True)
class Link:
    """A URL found in an abstract."""

    url: str  # the clean URL, with https:// added when the text has no scheme
    start: int  # offsets of the clean URL in the abstract: text[start:end] is what the dump shows
    end: int
    kind: str  # "code", "project" or "other"


@dataclass(frozen=True)
class TopicRef:
    """A paper's place in one topic: the words that put it there."""

    slug: str
    title: str
    url: str
    score: int
    matched: tuple[str, ...]


@dataclass(frozen=True)
class SimilarRef:
    """One of a paper's most similar papers."""

    slug: str
    title: str
    url: str
    score: float


@dataclass(frozen=True, kw_only=True)
class EnrichedPaper(Paper):
    """A paper with what needs the whole digest: its page, topics, similar papers, links."""

    url: str
    topics: tuple[TopicRef, ...] = ()
    similar: tuple[SimilarRef, ...] = ()
    links: tuple[Link, ...] = ()  # distinct URLs of the abstract, first occurrence first
    org_url: str | None = None

    @property
    def has_code(self) -> bool:
        return any(link.kind == "code" for link in self.links)


@dataclass(frozen=True)
class Listing:
    """A generated list of papers (a topic, an organisation, the papers with code), paginated."""

    key: str  # "topics/llms": the URL base of its pages, and its key in Digest.listings
    kind: str  # "topic", "org" or "code"
    slug: str  # the topic's slug, the organisation's page name, or the list's name
    title: str
    description: str
    papers: tuple[str, ...]  # paper slugs, in the order shown
    pages: tuple[str, ...]  # the URL of each page, the first page first
    per_page: int
    org: Org | None = None  # the organisation of an "org" list

    @property
    def url(self) -> str:
        return self.pages[0]

    @property
    def count(self) -> int:
        return len(self.papers)


@dataclass(frozen=True)
class FeedRef:
    """How a page names one feed: its title and the paths of its two formats."""

    title: str
    rss: str
    atom: str
    items: int


@dataclass(frozen=True)
class FeedLinks:
    main: FeedRef
    topics: Mapping[str, FeedRef]  # topic slug -> its feed
    opml: str


@dataclass(frozen=True)
class Digest:
    """The whole enriched digest: what every output and every template reads."""

    papers: Mapping[str, EnrichedPaper]  # by slug, newest day first (then by title key)
    topics: tuple[Listing, ...]  # in taxonomy order; Other last, when it has papers
    orgs: tuple[Listing, ...]  # by name
    with_code: Listing
    feeds: FeedLinks | None = None  # set once the feeds are planned

    @cached_property
    def listings(self) -> Mapping[str, Listing]:
        return {listing.key: listing for listing in (*self.topics, *self.orgs, self.with_code)}
