"""Merge the entries of every dump into papers, one per distinct title."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import fields
from datetime import date
from functools import lru_cache
from typing import Any

from unidecode import unidecode

from generator.inputs.dates import resolve
from generator.model import LONGEST, Dump, Entry, HubFields, Paper, Source, UpvoteCount
from generator.problems import DigestError

SLUG_WORDS_MAX = 72  # characters of title words in a slug, before the hash


# A day's answers list the same papers again and again (1,758 dumps of 21,538 papers at 1,000 days): each
# title is normalised once, not once a listing (0.5 s of every build there).
@lru_cache(maxsize=1 << 17)
def title_key(title: str) -> str:
    """The normalised title two entries must share to be one paper."""
    text = unicodedata.normalize("NFKC", title).casefold()
    return " ".join(re.findall(r"\w+", text))


def slugify(title: str) -> str:
    """A URL slug from the title: readable words plus a short hash of the key.

    The hash makes the slug a function of the title alone, so two papers never
    share one, and adding a dump never renames a paper that was already there.
    """
    key = title_key(title)
    words = re.findall(r"[a-z0-9]+", unidecode(key).lower())
    readable = ""
    for word in words:
        if len(readable) + len(word) + 1 > SLUG_WORDS_MAX:
            break
        readable = f"{readable}-{word}" if readable else word
    digest = hashlib.sha1(key.encode()).hexdigest()[:6]
    return f"{readable}-{digest}" if readable else digest


def merge(dumps: list[Dump], captured: dict[str, date]) -> list[Paper]:
    """One Paper per distinct title, sorted newest first, then by title."""
    seen: dict[str, list[tuple[Entry, Source]]] = defaultdict(list)
    for dump in dumps:
        day = captured[dump.name]
        for entry in dump.entries:
            seen[title_key(entry.title)].append((entry, Source(dump.name, entry.line, day, dump.counted)))
    papers = [_merge_one(key, group) for key, group in seen.items()]
    return sorted(papers, key=lambda p: (-p.arrived.toordinal(), p.key))


def _merge_one(key: str, group: list[tuple[Entry, Source]]) -> Paper:
    entries = [entry for entry, _ in group]
    sources = tuple(sorted({source for _, source in group}, key=lambda s: (s.captured, s.dump, s.line)))
    # The fullest entry gives the text: most metadata, then the longest abstract.
    best = max(entries, key=lambda e: (e.date is not None, e.org is not None, e.authors is not None, len(e.abstract)))
    dated = [(entry, source) for entry, source in group if entry.date]
    # A printed year beats an inferred one; among equals, the earliest date.
    day = None
    if dated:
        entry, source = min(
            dated, key=lambda pair: (pair[0].date.year is None, resolve(pair[0].date, pair[1].captured))
        )
        day = resolve(entry.date, source.captured)
    hub = merge_hub([e.hub for e in entries])

    def first(field: str) -> Any:
        return next((value for e in entries if (value := getattr(e, field)) not in (None, ())), None)

    return Paper(
        key=key,
        slug=slugify(best.title),
        title=best.title,
        abstract=max((e.abstract for e in entries), key=len),
        sources=sources,
        authors=len(hub.author_names) if hub.author_names else first("authors"),
        org=first("org"),
        date=day,
        upvote_history=upvote_history(group),
        hub=hub,
    )


def merge_hub(records: list[HubFields]) -> HubFields:
    """The Hub fields of one paper's entries, field by field: the first value given, or the longest (LONGEST)."""
    merged: dict[str, Any] = {}
    for hub_field in fields(HubFields):
        given = [value for record in records if (value := getattr(record, hub_field.name)) not in (None, ())]
        if hub_field.metadata.get("merge") == LONGEST:
            merged[hub_field.name] = max(given, key=len, default=hub_field.default)
        else:
            merged[hub_field.name] = given[0] if given else hub_field.default
    return HubFields(**merged)


def upvote_history(group: list[tuple[Entry, Source]]) -> tuple[UpvoteCount, ...]:
    """Every count of a paper's upvotes, one per day (the highest that day), oldest first."""
    by_day: dict[date, int] = {}
    for entry, source in group:
        if entry.upvotes is not None:
            day = source.counted_on
            by_day[day] = max(by_day.get(day, entry.upvotes), entry.upvotes)
    return tuple(UpvoteCount(day, count) for day, count in sorted(by_day.items()))


class SlugClashError(DigestError):
    """Two papers would be written to one page."""


def check_slugs(papers: Iterable[Paper]) -> None:
    """Refuse two papers with one slug (one page path), naming both and their sources."""
    seen: dict[str, Paper] = {}
    for paper in papers:
        other = seen.setdefault(paper.slug, paper)
        if other is not paper:
            raise SlugClashError(
                f"two papers would be written to papers/{paper.slug}.html: {_describe(other)} and {_describe(paper)}"
            )


def _describe(paper: Paper) -> str:
    where = ", ".join(f"{s.dump}:{s.line}" for s in paper.sources)
    return f"{paper.title!r} ({where})"
