"""A page of a list by arrival named by the days its papers arrived: "Dec 12 to 24, 2025", not "4".

A numbered page holds a fixed slice of its list, counted from the oldest paper
(enrich/listings.py), so the days it spans never change once it is written: a page
linking to it by those days stays the same as papers arrive. The span is said as
briefly as its two ends allow (the year once, the month once when both share it),
each end in a <time> with its ISO day. "to", not a dash: a dash between tags is how
pages must never say an unknown fact (tests/site/test_listed_and_unknown.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from markupsafe import Markup

from generator.enrich.listings import list_pages
from generator.enrich.periods import MONTH_NAMES, show_day
from generator.model import EnrichedPaper, Listing


def page_days(papers: Mapping[str, EnrichedPaper], listing: Listing, number: int) -> tuple[date, date]:
    """(oldest, newest) day a paper of the list's numbered page `number` arrived (newest first on a page)."""
    pages = list_pages(listing)  # the front page, then page M .. 1
    page = pages[len(pages) - number]
    return papers[listing.papers[page.stop - 1]].arrived, papers[listing.papers[page.start]].arrived


def named_pages(listing: Listing, number: int) -> tuple[int, ...]:
    """The numbered pages that page `number` of a list by arrival names (0: the front page), as
    partials/listing_pagination.html lists them: the oldest, and the three up to the newest it links."""
    highest = number or len(list_pages(listing)) - 1
    return tuple(n for n in range(highest, 0, -1) if n == 1 or n >= highest - 2)


def day_span(first: date, last: date) -> Markup:
    """`first` to `last` as a reader says it: "Dec 12, 2025", "Dec 12 to 24, 2025", "Nov 28 to Dec 3, 2025"."""
    if first == last:
        return _time(first, show_day(first))
    if first.year != last.year:
        start, end = show_day(first), show_day(last)
    else:
        start = f"{MONTH_NAMES[first.month - 1]} {first.day}"
        end = f"{last.day}, {last.year}" if first.month == last.month else show_day(last)
    return _time(first, start) + Markup(" to ") + _time(last, end)


def _time(day: date, shown: str) -> Markup:
    return Markup('<time datetime="{}">{}</time>').format(day.isoformat(), shown)
