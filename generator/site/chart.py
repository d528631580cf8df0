"""A paper's upvotes over time as a small inline SVG: no script, no request, readable without colour.

The chart is made of numbers only (no text from the input), in whole units of its 240 x 64
box (a tenth of a unit is not seen, and every paper page paid for it): two paths, the line and
its dots, drawn as the stylesheet says (digest.css, .upvote-chart: 240 x 64 px, strokes of 2
and 6). It is hidden from assistive technology: every count with its day is in the figure's
caption (article.html, a run of days with one count said once, by `upvote_runs`), which a label
or a <title> would only say again. A history whose count never changed has no chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

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

    points = [f"{x(c)} {y(c)}" for c in history]
    # The dots are zero-length strokes with round caps: a path of "M x y h0", not a <circle> each.
    dots = "".join(f"M{point}h0" for point in points)
    # Its size, colour and strokes are the stylesheet's (.upvote-chart): every chart would repeat them.
    return Markup(
        f'<svg class=upvote-chart viewBox="0 0 {WIDTH} {HEIGHT}" aria-hidden=true>'
        f'<path d="M{"L".join(points)}"/><path d="{dots}"/></svg>'
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
