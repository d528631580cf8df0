"""The records every stage passes along, as frozen dataclasses.

In the order the pipeline makes them: a dump's `Entry`s, merged into `Paper`s,
enriched into `EnrichedPaper`s, gathered with the site's lists into one
`Digest`, which the site, the feeds, the search index and the export all read.
Dicts appear only where a format needs them (papers.json, Pelican's context).
What there is one of per paper or per entry has `slots=True`: no dict an object, 6% less
peak memory in a full build at 1,000 days. A pickle of an older shape would load wrong into
a slotted class, so every cache of these objects is keyed by this module's code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from functools import cached_property
from operator import attrgetter
from typing import TypeVar

T = TypeVar("T")


def pickled_by_fields(cls: type[T]) -> type[T]:
    """Pickle a slotted dataclass as a call of its class with its fields: dataclasses' own __setstate__ looks its
    fields up again for every object, and a build loads a million of them (twice as fast to load, a third of the
    time to save; tests/test_model.py checks each class round-trips)."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    values = attrgetter(*names) if len(names) > 1 else (lambda obj: (getattr(obj, names[0]),))
    if any(f.kw_only for f in fields(cls)):  # type: ignore[arg-type]

        def __reduce__(self: object) -> tuple[object, ...]:
            return _by_name, (cls, names, values(self))

    else:

        def __reduce__(self: object) -> tuple[object, ...]:
            return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


def _by_name(cls: type[T], names: tuple[str, ...], values: tuple[object, ...]) -> T:
    return cls(**dict(zip(names, values, strict=True)))


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Org:
    """A Hugging Face organisation: its Hub slug and display name."""

    slug: str
    name: str


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date as a dump prints it: the year is missing for the capture year."""

    month: int
    day: int
    year: int | None = None


LONGEST = "longest"  # the merge rule of a `HubFields` field whose fullest value wins (merge.merge_hub)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class HubFields:
    """What Hugging Face's API tells of a paper beyond what a pasted page shows; empty for a pasted paper.

    Held whole by `Entry` and `Paper`: merged field by field (inputs/merge.py, the first
    entry that gives a value, or the longest value for a field marked LONGEST) and exported
    field by field (papers.json). A new field is declared here and read in inputs/daily_api.py.
    """

    arxiv_id: str | None = None
    author_names: tuple[str, ...] = field(default=(), metadata={"merge": LONGEST})
    github_repo: str | None = None
    github_stars: int | None = None
    project_page: str | None = None
    ai_summary: str | None = None
    ai_keywords: tuple[str, ...] = ()


HUB_FIELDS = tuple(f.name for f in fields(HubFields))
NO_HUB = HubFields()


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of one dump, as read, before the capture year is known.

    A text dump gives the fields up to `upvotes`; Hugging Face's API gives `hub` too.
    """

    title: str
    abstract: str
    line: int  # of the title in a text dump; the item's number in an API response
    authors: int | None = None  # how many
    org: Org | None = None
    date: PartialDate | None = None  # the paper's own date
    upvotes: int | None = None  # None: the dump shows no count
    hub: HubFields = NO_HUB


@dataclass(frozen=True)
class Dump:
    """A parsed dump: its entries and its capture day (year not yet known)."""

    name: str
    captured: PartialDate
    entries: tuple[Entry, ...] = field(default_factory=tuple)
    counted: date | None = None  # when its upvotes were read, if not on the capture day
    fetched: bool = False  # a fetched day of the API, which names its full day: never a year for a text dump


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Source:
    """Where a paper was seen: the dump, the line of its title (or item), the day it was listed.

    `captured` is the Daily Papers day the listing is of: for a pasted page the day it was
    copied, for a fetched day the day asked for. `counted` is when its upvotes were read.
    """

    dump: str
    line: int
    captured: date
    counted: date | None = None  # None: the capture day

    @property
    def counted_on(self) -> date:
        return self.counted or self.captured


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class UpvoteCount:
    """Upvotes as counted on one day."""

    day: date
    count: int


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Paper:
    """A paper of the digest, merged over every dump that lists it.

    Two dates, never confused: `date`, the paper's own (None when no dump gives it), and
    `arrived`, the first day a listing of the digest holds it. `sources` are in capture
    order (day, dump, line). Upvotes are the newest count, with the day it was counted;
    `upvote_history` holds every count, by day.
    """

    key: str
    slug: str
    title: str
    abstract: str
    sources: tuple[Source, ...]
    authors: int | None = None
    org: Org | None = None
    date: date | None = None
    upvote_history: tuple[UpvoteCount, ...] = ()
    hub: HubFields = NO_HUB

    @property
    def arrived(self) -> date:
        return self.sources[0].captured

    @property
    def upvotes(self) -> int | None:
        return self.upvote_history[-1].count if self.upvote_history else None

    @property
    def upvotes_counted(self) -> date | None:
        return self.upvote_history[-1].day if self.upvote_history else None


def newest_first(papers: Iterable[Paper]) -> list[Paper]:
    """Newest arrival first; on one day the most upvoted first (unknown last), then by slug."""
    return sorted(papers, key=arrival_order)


def arrival_order(paper: Paper) -> tuple[int, int, str]:
    """The key of `newest_first`, for one paper."""
    return (-paper.arrived.toordinal(), _fewer_upvotes(paper), paper.slug)


def top_order(paper: Paper) -> tuple[int, int, str]:
    """The Top page's order: most upvotes first (unknown last); ties by newest arrival, then slug."""
    return (_fewer_upvotes(paper), -paper.arrived.toordinal(), paper.slug)


def _fewer_upvotes(paper: Paper) -> int:
    return -paper.upvotes if paper.upvotes is not None else 1


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Link:
    """A URL found in an abstract."""

    url: str  # the clean URL, with https:// added when the text has no scheme
    start: int  # offsets of the clean URL in the abstract: text[start:end] is what the dump shows
    end: int
    kind: str  # "code", "dataset", "model", "demo", "project" or "other" (enrich.links.classify)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class TopicRef:
    """A paper's place in one topic: the words that put it there."""

    slug: str
    title: str
    url: str
    score: int
    matched: tuple[str, ...]


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class SimilarRef:
    """One of a paper's most similar papers."""

    slug: str
    title: str
    url: str
    score: float


@pickled_by_fields
@dataclass(frozen=True, kw_only=True, slots=True)
class EnrichedPaper(Paper):
    """A paper with what needs the whole digest: its page, topics, similar papers, links."""

    url: str
    topics: tuple[TopicRef, ...] = ()
    similar: tuple[SimilarRef, ...] = ()
    links: tuple[Link, ...] = ()  # distinct URLs of the abstract, first occurrence first
    org_url: str | None = None

    @property
    def code_links(self) -> tuple[str, ...]:
        """Its code: the GitHub repository Hugging Face names, then the code links of its abstract."""
        found = (self.hub.github_repo,) if self.hub.github_repo else ()
        return found + tuple(link.url for link in self.links if link.kind == "code" and link.url not in found)

    @property
    def project_links(self) -> tuple[str, ...]:
        found = (self.hub.project_page,) if self.hub.project_page else ()
        return found + tuple(link.url for link in self.links if link.kind == "project" and link.url not in found)

    @property
    def kinds_of_links(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(kind, URLs) for each kind of link the paper has, code first, then data, models, demos, pages."""
        found = [("code", self.code_links)]
        for kind in ("dataset", "model", "demo"):
            found.append((kind, tuple(link.url for link in self.links if link.kind == kind)))
        found.append(("project", self.project_links))
        return tuple((kind, urls) for kind, urls in found if urls)

    @property
    def has_code(self) -> bool:
        return bool(self.code_links)


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
class Period:
    """A day papers arrived, an ISO week or a month: its papers, and its neighbours with papers."""

    kind: str  # "day", "week" or "month"
    key: str  # "2025-12-24", "2025-W52", "2025-12"
    title: str
    url: str
    papers: tuple[str, ...]  # slugs: newest day first, most upvoted first within a day
    days: tuple[str, ...]  # a week's or month's days with papers, newest first ("" for a day)
    older: str | None  # URL of the period before it that has papers
    newer: str | None
    within: tuple[str, ...] = ()  # a day's: the URLs of its ISO week and its month (so a day page links up)

    @property
    def count(self) -> int:
        return len(self.papers)


@dataclass(frozen=True)
class DataPart:
    """One part of the digest as data: the papers that arrived in one month (or a slice of a month
    too large for one file), as JSON, as BibTeX and their similar papers, all listed in the index papers.json."""

    key: str  # "2025-12"; a month's later parts "2025-12-2", "2025-12-3"
    month: str  # "2025-12"
    json: str  # URL of its JSON
    bib: str  # URL of its BibTeX
    similar: str  # URL of its papers' similar papers (outputs/parts.py: why not in the JSON)
    papers: tuple[str, ...]  # slugs, in the digest's order

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
    topics: Mapping[str, FeedRef]  # topic slug -> its feed, by name (Other last)
    opml: str
    custom: Mapping[str, FeedRef] = field(default_factory=dict)  # [[feed]] name -> its feed, as in digest.toml
    orgs: Mapping[str, FeedRef] = field(default_factory=dict)  # organisation page name -> its feed, by name


@dataclass(frozen=True)
class Digest:
    """The whole enriched digest: what every output and every template reads."""

    papers: Mapping[str, EnrichedPaper]  # by slug, newest day first (then by title key)
    topics: tuple[Listing, ...]  # in taxonomy order; Other last, when it has papers
    orgs: tuple[Listing, ...]  # by name
    with_code: Listing
    rising: Listing | None = None
    gains: Mapping[str, int] = field(default_factory=dict)  # slug -> upvotes gained in the last week
    counted: date | None = None  # the newest day any upvotes were counted: when Rising's week ends
    days: tuple[Period, ...] = ()  # newest first
    weeks: tuple[Period, ...] = ()
    months: tuple[Period, ...] = ()
    feeds: FeedLinks | None = None  # set once the feeds are planned
    parts: tuple[DataPart, ...] = ()  # the papers as JSON and BibTeX files, newest month first; set with the outputs
    bibtex: Mapping[str, str] = field(default_factory=dict)  # slug -> its BibTeX entry, shown on its page

    @cached_property
    def listings(self) -> Mapping[str, Listing]:
        lists = (*self.topics, *self.orgs, self.with_code, *((self.rising,) if self.rising else ()))
        return {listing.key: listing for listing in lists}

    @cached_property
    def periods(self) -> Mapping[str, Period]:
        """Every day, week and month by its URL."""
        return {period.url: period for period in (*self.days, *self.weeks, *self.months)}

    @property
    def updated(self) -> date | None:
        """The newest day a paper arrived: how fresh the digest is."""
        return date.fromisoformat(self.days[0].key) if self.days else None
