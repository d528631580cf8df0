"""A paper's upvotes over time as a small inline SVG: no script, no request, readable without colour.

The chart is made of numbers only (no text from the input). Its label says the first and
last count; every count with its day is in the figure's caption (article.html), so the
points carry no <title> of their own to say it again.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from generator.enrich.periods import show_day
from generator.model import UpvoteCount

WIDTH, HEIGHT, PAD = 240, 64, 6


def upvote_chart(history: Sequence[UpvoteCount]) -> Markup:
    """The SVG of a history of two counts or more; empty markup for fewer."""
    if len(history) < 2:
        return Markup("")
    first, last = history[0].day.toordinal(), history[-1].day.toordinal()
    top = max(c.count for c in history) or 1
    span = max(last - first, 1)

    def x(count: UpvoteCount) -> float:
        return round(PAD + (count.day.toordinal() - first) / span * (WIDTH - 2 * PAD), 1)

    def y(count: UpvoteCount) -> float:
        return round(HEIGHT - PAD - count.count / top * (HEIGHT - 2 * PAD), 1)

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
