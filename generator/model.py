"""The records every stage passes along: raw entries, and merged papers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


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
class Source:
    """Where a paper was seen: the dump, the line of its title, the capture day."""

    dump: str
    line: int
    captured: date


@dataclass(frozen=True)
class Paper:
    """A paper of the digest, merged over every dump that lists it."""

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
        return min(s.captured for s in self.sources)

    @property
    def day(self) -> date:
        """The date a paper is listed under: its own, else the day it was captured."""
        return self.date or self.first_seen


@dataclass(frozen=True)
class Dump:
    """A parsed dump: its entries and its capture day (year not yet known)."""

    name: str
    captured: PartialDate
    entries: tuple[Entry, ...] = field(default_factory=tuple)
