"""The digest by time: a page per day papers arrived, per ISO week and per month.

A day lists the papers that arrived that day, most upvoted first; a week or a
month lists its days, newest first. Each links to the one before and after it
that has papers, and a day to its week and month. A period's page never changes once newer days arrive, but for
its link to the next one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

from generator.model import EnrichedPaper, Period, newest_first
from generator.urls import URLS

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def show_day(day: date) -> str:
    """`Dec 12, 2025`: the Hugging Face style, whatever the machine's locale."""
    return f"{MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"


def week_key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def month_key(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def week_title(key: str, days: Iterable[date]) -> str:
    first = min(days)
    monday = first - timedelta(days=first.weekday())
    sunday = monday + timedelta(days=6)
    return f"Week {int(key[-2:])} of {key[:4]}: {show_day(monday)} to {show_day(sunday)}"


def month_title(key: str) -> str:
    return f"{MONTH_NAMES[int(key[5:]) - 1]} {key[:4]}"


def periods(papers: Iterable[EnrichedPaper]) -> tuple[tuple[Period, ...], tuple[Period, ...], tuple[Period, ...]]:
    """(days, weeks, months), newest first."""
    by_day: dict[date, list[str]] = defaultdict(list)
    for paper in newest_first(papers):  # within a day: most upvoted first
        by_day[paper.arrived].append(paper.slug)
    day_keys = sorted(by_day, reverse=True)
    days = tuple(
        replace(day, within=(URLS.week(week_key(d)), URLS.month(month_key(d))))
        for day, d in zip(
            _linked(
                [("day", d.isoformat(), show_day(d), URLS.day(d.isoformat()), tuple(by_day[d]), ()) for d in day_keys]
            ),
            day_keys,
            strict=True,
        )
    )
    grouped: dict[str, dict[str, list[date]]] = {"week": defaultdict(list), "month": defaultdict(list)}
    for d in day_keys:
        grouped["week"][week_key(d)].append(d)
        grouped["month"][month_key(d)].append(d)
    weeks = _linked(
        [
            ("week", key, week_title(key, members), URLS.week(key), _papers(members, by_day), _keys(members))
            for key, members in sorted(grouped["week"].items(), reverse=True)
        ]
    )
    months = _linked(
        [
            ("month", key, month_title(key), URLS.month(key), _papers(members, by_day), _keys(members))
            for key, members in sorted(grouped["month"].items(), reverse=True)
        ]
    )
    return days, weeks, months


def _papers(days: list[date], by_day: dict[date, list[str]]) -> tuple[str, ...]:
    return tuple(slug for d in days for slug in by_day[d])


def _keys(days: list[date]) -> tuple[str, ...]:
    return tuple(d.isoformat() for d in days)


def _linked(rows: list[tuple[str, str, str, str, tuple[str, ...], tuple[str, ...]]]) -> tuple[Period, ...]:
    """Periods, newest first, each with the URLs of the older and the newer one."""
    found = []
    for n, (kind, key, title, url, papers, days) in enumerate(rows):
        older = rows[n + 1][3] if n + 1 < len(rows) else None
        newer = rows[n - 1][3] if n > 0 else None
        found.append(Period(kind, key, title, url, papers, days, older, newer))
    return tuple(found)
