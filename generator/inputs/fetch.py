"""Fetch days of Hugging Face Daily Papers, whole, and keep every answer untouched.

A day is asked for page by page through the Hub client (inputs/hub.py), `limit` papers a
page, until a page holds fewer: one request for a usual day, and a day of any size whole.
Each page is checked by the build's own check (`daily_api.paper_items`): one that is not
a list of papers is refused with one line and nothing of the day is saved. An empty
answer (Daily Papers lists weekdays) is a day without papers, and is kept as such.

The day's answer is kept as one observation (inputs/observations.py): a single page byte
for byte, as it came; several pages as one JSON list of their items, each item's bytes as
the API sent them (`joined_answer`), so the build reads any day as it reads one answer. A
day's first answer is kept as a file, a later one as what changed since the one before it;
an answer equal to the day's newest saved one is not saved again.
"""

from __future__ import annotations

import codecs
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import requests

from generator.inputs.daily_api import paper_items
from generator.inputs.hub import HTTP, FetchError, Http, get_day, make_session
from generator.inputs.observations import Observation, save_observation

MAX_PAGES = 100  # 10,000 papers a day at the API's limit; Daily Papers lists about 30


@dataclass(frozen=True)
class Fetched:
    """One day fetched: how many papers in how many pages, and the answer saved (None: it was unchanged)."""

    day: date
    papers: int
    saved: Observation | None
    pages: int = 1


@dataclass(frozen=True)
class DayAnswer:
    """The whole answer for one day: its papers, the pages it took, and the bytes to keep."""

    papers: int
    pages: int
    body: bytes


def fetch_day(session: requests.Session, http: Http, day: date) -> DayAnswer:
    """Every page of `day` until one holds fewer than `http.limit` papers; FetchError for a bad page.

    A page that adds no paper the earlier pages had not (a server ignoring `p`) ends the day too.
    """
    bodies: list[bytes] = []
    seen: set[str] = set()
    papers = 0
    for page in range(MAX_PAGES):
        if page and http.pause:
            time.sleep(http.pause)
        body = get_day(session, http, day, page)
        try:
            items = paper_items(body)
        except ValueError as exc:
            where = f" (page {page + 1})" if page else ""
            raise FetchError(f"{day}: the answer from {http.api}{where} is not a list of papers: {exc}") from None
        ids = {item["paper"]["id"] for item in items}
        if page and ids <= seen:
            break
        bodies.append(body)
        seen |= ids
        papers += len(items)
        if len(items) < http.limit:
            break
    else:
        raise FetchError(f"{day}: {http.api} gave {MAX_PAGES} full pages of {http.limit} papers: more than a day holds")
    return DayAnswer(papers, len(bodies), joined_answer(bodies))


def joined_answer(bodies: list[bytes]) -> bytes:
    """One answer from the pages of a day: the only page untouched, or one list of every page's items, in order.

    Each page was checked to be a JSON list, so its items are what lies between its outer
    brackets: they are joined byte for byte, commas between.
    """
    if len(bodies) == 1:
        return bodies[0]
    items = [body.removeprefix(codecs.BOM_UTF8).strip(b" \t\r\n")[1:-1].strip(b" \t\r\n") for body in bodies]
    return b"[" + b",".join(part for part in items if part) + b"]"


def fetch_days(
    folder: Path,
    days: Iterable[date],
    http: Http = HTTP,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Iterator[Fetched]:
    """Fetch each day in turn and keep its answer in `folder` (the dumps folder), yielding what was done.

    Stops at the first failure with FetchError; the days done before it stay saved. Nothing
    is saved for a day with a page that is not a list of papers.
    """
    with make_session(http) as session:
        for number, day in enumerate(days):
            if number and http.pause:
                time.sleep(http.pause)
            answer = fetch_day(session, http, day)
            fetched = now().replace(microsecond=0)
            yield Fetched(day, answer.papers, save_observation(folder, day, answer.body, fetched), answer.pages)
