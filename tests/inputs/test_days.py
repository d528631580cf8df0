"""The days `paper-digest fetch` asks for: --date, --since, --until, and the newest saved day."""

from __future__ import annotations

from datetime import date

import pytest

from generator.days import DayError, days_to_fetch, parse_day

TODAY = date(2025, 12, 10)


@pytest.mark.parametrize(
    ("choice", "days"),
    [
        ({"day": date(2025, 12, 1)}, [date(2025, 12, 1)]),
        ({"day": TODAY}, [TODAY]),  # today so far is allowed when asked for
        ({"since": date(2025, 12, 7)}, [date(2025, 12, 7), date(2025, 12, 8), date(2025, 12, 9)]),
        ({"since": date(2025, 12, 8), "until": date(2025, 12, 8)}, [date(2025, 12, 8)]),
        ({"since": TODAY}, [TODAY]),
        ({}, [date(2025, 12, 9)]),  # nothing saved: yesterday
        ({"newest_saved": date(2025, 12, 6)}, [date(2025, 12, 7), date(2025, 12, 8), date(2025, 12, 9)]),
        ({"newest_saved": date(2025, 12, 9)}, []),
    ],
)
def test_days_to_fetch(choice, days):
    assert days_to_fetch(**choice, today=TODAY) == days


@pytest.mark.parametrize(
    "choice",
    [
        {"day": date(2025, 12, 11)},
        {"since": date(2025, 12, 11)},
        {"since": date(2025, 12, 1), "until": date(2025, 12, 11)},
        {"since": date(2025, 12, 5), "until": date(2025, 12, 4)},
        {"day": date(2025, 12, 1), "since": date(2025, 12, 1)},
        {"until": date(2025, 12, 1)},
    ],
)
def test_bad_choices_of_days(choice):
    with pytest.raises(DayError):
        days_to_fetch(**choice, today=TODAY)


@pytest.mark.parametrize(
    "text", ["2025-12-09 ", "2025/12/09", "2025-12-9", "today", "", "2025-W50-2", "\uff12\uff10\uff12\uff15-12-09"]
)
def test_parse_day_is_strict(text):
    with pytest.raises(ValueError):
        parse_day(text)
