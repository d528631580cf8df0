"""A page of a list by arrival is named by the days it holds (issue 24, item 6): site/page_days.py."""

from __future__ import annotations

from datetime import date

from generator.site.page_days import day_span


def test_a_span_says_its_year_and_month_once() -> None:
    def span(first: date, last: date) -> str:
        return str(day_span(first, last))

    one = '<time datetime="2025-12-12">Dec 12, 2025</time>'
    assert span(date(2025, 12, 12), date(2025, 12, 12)) == one
    assert span(date(2025, 12, 12), date(2025, 12, 24)) == (
        '<time datetime="2025-12-12">Dec 12</time> to <time datetime="2025-12-24">24, 2025</time>'
    )
    assert span(date(2025, 11, 28), date(2025, 12, 3)) == (
        '<time datetime="2025-11-28">Nov 28</time> to <time datetime="2025-12-03">Dec 3, 2025</time>'
    )
    assert span(date(2024, 12, 30), date(2025, 1, 2)) == (
        '<time datetime="2024-12-30">Dec 30, 2024</time> to <time datetime="2025-01-02">Jan 2, 2025</time>'
    )
