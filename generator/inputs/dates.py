"""Fill in the years a dump leaves out.

Hugging Face prints a date without its year when it falls in the year of the
capture, and the capture day itself has no year. The rule, in order:

1. the year the user states (per dump in digest.toml, or `--year` for all);
2. else one more than the latest year printed in the dump: dated entries with
   a year are from earlier years than the capture;
3. else (a dump with no dated entries) the latest capture year of the other
   text dumps in the same build. A fetched day of the API never decides it: it
   names its own full day, and a digest gains one every day, so fetching a day of
   a new year would move an old dump (and its papers) into that year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.model import Dump, PartialDate

GIVEN = "given"  # the dump names its full capture day (a fetched day)
STATED = "stated"


@dataclass(frozen=True)
class CaptureYear:
    year: int | None
    how: str  # GIVEN, STATED, "inferred from the dates in it", "taken from the other dumps", "unknown"


def infer_capture_year(dump: Dump) -> int | None:
    """Rule 2: one more than the latest year printed in the dump, if any."""
    if dump.captured.year is not None:
        return dump.captured.year
    years = [e.date.year for e in dump.entries if e.date and e.date.year]
    return max(years) + 1 if years else None


def capture_years(dumps: list[Dump], stated: dict[str, int]) -> dict[str, CaptureYear]:
    """The capture year of every dump, by the rule above, and how it was found."""
    found: dict[str, CaptureYear] = {}
    for dump in dumps:
        if dump.captured.year is not None:  # a fetched day says its year: nothing to state or infer
            found[dump.name] = CaptureYear(dump.captured.year, GIVEN)
        elif dump.name in stated:
            found[dump.name] = CaptureYear(stated[dump.name], STATED)
        elif (year := infer_capture_year(dump)) is not None:
            found[dump.name] = CaptureYear(year, "inferred from the dates in it")
    known = [found[d.name].year for d in dumps if d.name in found and not d.fetched]
    for dump in dumps:
        if dump.name not in found:
            if known:
                found[dump.name] = CaptureYear(max(known), "taken from the other dumps")
            else:
                found[dump.name] = CaptureYear(None, "unknown")
    return found


def resolve(partial: PartialDate, captured: date) -> date:
    """A dump's date with its year filled in, relative to the capture day."""
    if partial.year is not None:
        return safe_date(partial.year, partial.month, partial.day)
    year = captured.year
    # A yearless date later in the calendar than the capture day is last year's.
    if (partial.month, partial.day) > (captured.month, captured.day):
        year -= 1
    return safe_date(year, partial.month, partial.day)


def safe_date(year: int, month: int, day: int) -> date:
    """The date, or Feb 28 for a Feb 29 in a year that lacks it."""
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, day - 1)
