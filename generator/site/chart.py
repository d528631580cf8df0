"""A paper's upvotes over time as a small inline SVG: no script, no request, readable without colour.

The chart is made of numbers only (no text from the input), in whole units of its 240 x 64
box (a tenth of a unit is not seen, and every paper page paid for it): two paths, the line and
its dots, drawn as the stylesheet says (digest.css, .upvote-chart: 240 x 64 px, strokes of 2
and 6). It is hidden from assistive technology: every count with its day is in the figure's
caption (`upvote_caption`, a run of days with one count said once, by `upvote_runs`), which a
label or a <title> would only say again. A history whose count never changed has no chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from generator.enrich.periods import MONTH_NAMES, show_day
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

    points = [(x(c), y(c)) for c in history]
    # The line turns only where the count's pace changes: a point on the straight line between its
    # neighbours (a run of days with one count) draws nothing, and is left out of it; its dot stays.
    turns = [p for i, p in enumerate(points) if i in (0, len(points) - 1) or not _on_line(*points[i - 1 : i + 2])]
    line = "L".join(f"{px} {py}" for px, py in turns)
    # The dots are zero-length strokes with round caps: a path of "M x y h0", not a <circle> each.
    dots = "".join(f"M{px} {py}h0" for px, py in points)
    # Its size, colour and strokes are the stylesheet's (.upvote-chart): every chart would repeat them.
    return Markup(
        f'<svg class=upvote-chart viewBox="0 0 {WIDTH} {HEIGHT}" aria-hidden=true>'
        f'<path d="M{line}"/><path d="{dots}"/></svg>'
    )


def _on_line(before: tuple[int, int], point: tuple[int, int], after: tuple[int, int]) -> bool:
    """Whether `point` is on the segment from `before` to `after` (their cross product is 0)."""
    (ax, ay), (px, py), (bx, by) = before, point, after
    return (px - ax) * (by - ay) == (py - ay) * (bx - ax)


def upvote_caption(history: Sequence[UpvoteCount]) -> str:
    """What the chart of a history (one count or more) shows, in words: each run of one count with its
    days, the year said once when every day is in one year: plain text, a figure's caption of up to 8 days.

    "Upvotes in 2025: 1 on Dec 12, 3 from Dec 13 to Dec 16, 4 on Dec 18"; across years, every day with its year.
    """
    runs = upvote_runs(history)
    one_year = len({count.day.year for count in history}) == 1

    def day(value: date) -> str:
        return f"{MONTH_NAMES[value.month - 1]} {value.day}" if one_year else show_day(value)

    said = ", ".join(
        f"{run.count} on {day(run.first)}"
        if run.first == run.last
        else f"{run.count} from {day(run.first)} to {day(run.last)}"
        for run in runs
    )
    return f"Upvotes in {history[0].day.year}: {said}" if one_year else f"Upvotes: {said}"


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
