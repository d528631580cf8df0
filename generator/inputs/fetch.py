"""Fetch days of Hugging Face Daily Papers and keep every answer, untouched.

One request a day through the Hub client (inputs/hub.py). An answer is checked by the
build's own check (`daily_api.paper_items`): one that is not a list of
papers is refused with one line and nothing is saved; one that is, and differs from the
day's newest saved one, is kept byte for byte as a new observation (inputs/observations.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from generator.inputs.daily_api import paper_items
from generator.inputs.hub import HTTP, FetchError, Http, get_day, make_session
from generator.inputs.observations import save_observation


@dataclass(frozen=True)
class Fetched:
    """One day fetched: how many papers, and the file saved (None: the answer was unchanged)."""

    day: date
    papers: int
    path: Path | None
    limit: int = HTTP.limit

    @property
    def maybe_truncated(self) -> bool:
        """As many papers as one request returns: the day may have more."""
        return self.papers >= self.limit


def fetch_days(
    folder: Path,
    days: Iterable[date],
    http: Http = HTTP,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Iterator[Fetched]:
    """Fetch each day in turn and keep its answer in `folder` (the dumps folder), yielding what was done.

    Stops at the first failure with FetchError; the days done before it stay saved. Nothing
    is saved for an answer that is not a list of papers.
    """
    with make_session(http) as session:
        for number, day in enumerate(days):
            if number and http.pause:
                time.sleep(http.pause)
            body = get_day(session, http, day)
            try:
                papers = len(paper_items(body))
            except ValueError as exc:
                raise FetchError(f"{day}: the answer from {http.api} is not a list of papers: {exc}") from None
            fetched = now().replace(microsecond=0)
            yield Fetched(day, papers, save_observation(folder, day, body, fetched), http.limit)
