"""A paper's upvotes over time as a small inline SVG: no script, no request, readable without colour.

The chart is made of numbers only (no text from the input), in whole units of its 240 x 64
box (a tenth of a unit is not seen, and every paper page paid for it). Its label says the first
and last count; every count with its day is in the figure's caption (article.html, a run of
days with one count said once, by `upvote_runs`), so the points carry no <title> to say it again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from generator.enrich.periods import show_day
from generator.model import UpvoteCount

WIDTH, HEIGHT, PAD = 240, 64, 6


def upvote_chart(history: Sequence[UpvoteCount]) -> Markup:
    """The SVG of a history whose count changed; empty markup for one that never did (a flat line says nothing)."""
    if len(upvote_runs(history)) < 2:
        return Markup("")
    first, last = history[0].day.toordinal(), history[-1].day.toordinal()
    top = max(c.count for c in history) or 1
    span = max(last - first, 1)

    def x(count: UpvoteCount) -> int:
        return round(PAD + (count.day.toordinal() - first) / span * (WIDTH - 2 * PAD))

    def y(count: UpvoteCount) -> int:
        return round(HEIGHT - PAD - count.count / top * (HEIGHT - 2 * PAD))

    points = " ".join(f"{x(c)},{y(c)}" for c in history)
    dots = "".join(f'<circle cx="{x(c)}" cy="{y(c)}" r="3"/>' for c in history)
    first_count, last_count = history[0], history[-1]
    label = (
        f"Upvotes from {first_count.count} on {show_day(first_count.day)}"
        f" to {last_count.count} on {show_day(last_count.day)}"
    )
    return Markup(
        f'<svg class="upvote-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-label="{label}"><polyline points="{points}" fill="none" stroke="currentColor" stroke-width="2"/>'
        f"{dots}</svg>"
    )


@dataclass(frozen=True)
class UpvoteRun:
    """Days in a row of a history with one count: `count` on `first` and on each count up to `last`."""

    count: int
    first: date
    last: date


def upvote_runs(history: Sequence[UpvoteCount]) -> tuple[UpvoteRun, ...]:
    """The history as runs of one count, in order: what the chart's caption says (8 equal counts once, not 8 times)."""
    runs: list[UpvoteRun] = []
    for point in history:
        if runs and runs[-1].count == point.count:
            runs[-1] = UpvoteRun(point.count, runs[-1].first, point.day)
        else:
            runs.append(UpvoteRun(point.count, point.day, point.day))
    return tuple(runs)
