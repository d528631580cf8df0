"""Which days `paper-digest fetch` asks for: its --date, --since and --until, read and checked."""

from __future__ import annotations

import re
from datetime import date, timedelta

from generator.problems import DigestError

_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class DayError(DigestError):
    """A bad choice of days: a usage error."""


def parse_day(text: str) -> date:
    """A day written YYYY-MM-DD; ValueError otherwise."""
    if not _DAY_RE.fullmatch(text):
        raise ValueError(f"{text!r} is not a day written YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a day of the calendar") from None


def days_to_fetch(
    *,
    day: date | None = None,
    since: date | None = None,
    until: date | None = None,
    newest_saved: date | None = None,
    today: date,
) -> list[date]:
    """The days one fetch asks for, oldest first (maybe none); DayError for a bad choice.

    `--date DAY`: that day. `--since DAY [--until DAY]`: every day of the range, the end
    included; the end is yesterday by default. Neither: every day after `newest_saved` up
    to yesterday, or yesterday alone when nothing is saved. `today` is the UTC date.
    """
    yesterday = today - timedelta(days=1)
    if day and (since or until):
        raise DayError("--date fetches one day: give it without --since or --until")
    if until and not since:
        raise DayError("--until needs --since")
    for option, value in (("--date", day), ("--since", since), ("--until", until)):
        if value and value > today:
            raise DayError(f"{option} {value} is in the future (today is {today}, UTC)")
    if day:
        return [day]
    if since:
        end = until or max(since, yesterday)
        if end < since:
            raise DayError(f"--until {end} is before --since {since}")
        return _days(since, end)
    if newest_saved is None:
        return [yesterday]
    return _days(newest_saved + timedelta(days=1), yesterday)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
