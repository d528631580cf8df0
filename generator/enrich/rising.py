"""Rising: the papers that gained the most upvotes in the last week of the digest.

"The last week" ends on the newest day any upvotes were counted, not on the
clock, so the same input builds the same list. A paper's gain is its newest count less
the count it had a week before (its newest count on or before that day, else
its first count in the week); only counts made in the week, and gains above 0,
make a paper rise.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from generator.model import Paper

WINDOW = timedelta(days=7)


def newest_count(papers: Iterable[Paper]) -> date | None:
    return max((p.upvotes_counted for p in papers if p.upvotes_counted), default=None)


def gains(papers: Iterable[Paper], until: date | None) -> dict[str, int]:
    """slug -> upvotes gained in the week ending `until`, for the papers that gained any."""
    if until is None:
        return {}
    since = until - WINDOW
    found = {}
    for paper in papers:
        history = [count for count in paper.upvote_history if count.day <= until]
        if len(history) < 2 or history[-1].day <= since:
            continue
        before = [count for count in history if count.day <= since]
        base = before[-1] if before else history[0]
        if history[-1].count > base.count:
            found[paper.slug] = history[-1].count - base.count
    return found
