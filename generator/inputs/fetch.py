"""Fetch Hugging Face Daily Papers from its API and keep every answer, untouched.

One request a day: `GET <api>/api/daily_papers?date=DAY&limit=LIMIT`. An answer that
is a list of papers and differs from the day's newest saved one is saved byte for byte
as `<dumps>/hf/<DAY>/<FETCHED>.json`, FETCHED being the UTC time of the fetch
(`2025-12-10T061500Z`): fetching a day again adds an observation beside the earlier
ones, so upvotes have a history. The build finds them with `find_observations` and
reads the day and the time of each back with `parse_observation_path`.

Politeness: a User-Agent naming the project, timeouts, a pause between days, and
urllib3's `Retry` for 429 and 5xx answers, with backoff, honouring Retry-After up to
`RETRY_AFTER_MAX` seconds. A server that asks for a longer wait is not retried: the
fetch stops with one line saying how long it asked for.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import (
    ConnectTimeoutError,
    InvalidHeader,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ReadTimeoutError,
    ResponseError,
)
from urllib3.util.retry import Retry

from generator import __version__
from generator.files import write_bytes
from generator.problems import DigestError

API = "https://huggingface.co"  # the default host; --api points the fetch at another
ENDPOINT = "/api/daily_papers"
LIMIT = 100  # papers asked for per day; without `limit` the API returns at most 50
USER_AGENT = f"paper-digest/{__version__} (+Hugging Face Daily Papers digest)"

# Where observations live, spelled once: <dumps>/FOLDER/<DAY>/<FETCHED>SUFFIX
FOLDER = "hf"
DAY_FORMAT = "%Y-%m-%d"
FETCHED_FORMAT = "%Y-%m-%dT%H%M%SZ"  # UTC; no colons, so the name is valid on every file system
SUFFIX = ".json"
_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_FETCHED_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2})(\d{2})(\d{2})Z" + re.escape(SUFFIX), re.ASCII)

RETRIES = 5  # retries of one request, all causes together
CONNECTION_RETRIES = 2  # of those, after a failed connection or a read timeout: offline fails in seconds
RETRY_STATUSES = (429, 500, 502, 503, 504)
RETRY_AFTER_MAX = 120  # seconds; a server asking for a longer wait is not retried


class FetchError(DigestError):
    """A fetch that cannot go on: one line, naming the day or the host."""


class DayError(DigestError):
    """A bad choice of days: a usage error."""


@dataclass(frozen=True)
class Http:
    """How the fetch talks to the API. The tests shorten every wait."""

    api: str = API
    timeout: tuple[float, float] = (10, 60)  # seconds to connect, and to wait for each read
    backoff_factor: float = 1.0  # urllib3 waits 0, 2, 4, 8, 16 s before the retries
    retry_after_max: int = RETRY_AFTER_MAX
    pause: float = 1.0  # seconds between two days' requests: a long range stays far below 500 calls in 5 minutes


HTTP = Http()  # what the command line uses (with its --api)


# Days and file names -------------------------------------------------------------------------------------------


def parse_day(text: str) -> date:
    """A day written YYYY-MM-DD; ValueError otherwise."""
    if not _DAY_RE.fullmatch(text):
        raise ValueError(f"{text!r} is not a day written YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a day of the calendar") from None


def observation_path(folder: Path, day: date, fetched: datetime) -> Path:
    """Where the answer for `day` fetched at `fetched` (UTC) is kept; `folder` is the dumps folder."""
    if fetched.utcoffset() is not None:
        fetched = fetched.astimezone(UTC)
    return folder / FOLDER / day.strftime(DAY_FORMAT) / (fetched.strftime(FETCHED_FORMAT) + SUFFIX)


def parse_observation_path(path: Path) -> tuple[date, datetime]:
    """The day and the fetch time (UTC, aware) that `observation_path` put in this path; ValueError otherwise."""
    fetched = _FETCHED_RE.fullmatch(path.name)
    if path.parent.parent.name != FOLDER or not _DAY_RE.fullmatch(path.parent.name) or not fetched:
        raise ValueError(f"{path} is not named {FOLDER}/YYYY-MM-DD/YYYY-MM-DDTHHMMSSZ{SUFFIX}")
    try:
        day = date.fromisoformat(path.parent.name)
        return day, datetime(*(int(part) for part in fetched.groups()), tzinfo=UTC)
    except ValueError:
        raise ValueError(f"{path} names a day or time that does not exist") from None


@dataclass(frozen=True, order=True)
class Observation:
    """One saved answer: the day asked for, when it was fetched (UTC), and its file."""

    day: date
    fetched: datetime
    path: Path


def find_observations(folder: Path) -> list[Observation]:
    """Every saved answer under `<folder>/hf/`, by day then fetch time; other files there are ignored."""
    found = []
    for path in (folder / FOLDER).glob(f"*/*{SUFFIX}"):
        try:
            day, fetched = parse_observation_path(path)
        except ValueError:
            continue
        found.append(Observation(day, fetched, path))
    return sorted(found)


def newest_saved_day(folder: Path) -> date | None:
    """The newest day with an answer fetched after the day was over (UTC); None when there is none.

    An answer fetched during its own day may miss papers added later that day, so that day is
    not yet counted as saved: the next default fetch asks for it again.
    """
    complete = [o.day for o in find_observations(folder) if o.fetched.date() > o.day]
    return max(complete, default=None)


def days_to_fetch(
    *,
    day: date | None = None,
    since: date | None = None,
    until: date | None = None,
    newest_saved: date | None = None,
    today: date,
) -> list[date]:
    """The days one fetch asks for, oldest first (maybe none); DayError for a bad choice.

    `--date DAY`: that day. `--since DAY [--until DAY]`: every day of the range, the end
    included; the end is yesterday by default. Neither: every day after `newest_saved` up
    to yesterday, or yesterday alone when nothing is saved. `today` is the UTC date.
    """
    yesterday = today - timedelta(days=1)
    if day and (since or until):
        raise DayError("--date fetches one day: give it without --since or --until")
    if until and not since:
        raise DayError("--until needs --since")
    for option, value in (("--date", day), ("--since", since), ("--until", until)):
        if value and value > today:
            raise DayError(f"{option} {value} is in the future (today is {today}, UTC)")
    if day:
        return [day]
    if since:
        end = until or max(since, yesterday)
        if end < since:
            raise DayError(f"--until {end} is before --since {since}")
        return _days(since, end)
    if newest_saved is None:
        return [yesterday]
    return _days(newest_saved + timedelta(days=1), yesterday)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


# The answer ---------------------------------------------------------------------------------------------------


def count_papers(body: bytes) -> int:
    """How many papers a Daily Papers answer lists; ValueError saying what is wrong with it.

    The answer must be JSON: a list (empty on a day without papers), each item an object
    whose `paper` object has a non-empty `id` and `title` (every format since 2024 has).
    """
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ValueError(f"not JSON ({_one_line(exc)})") from None
    if not isinstance(data, list):
        raise ValueError(f"a JSON {_kind(data)}, not a list of papers")
    for number, item in enumerate(data, 1):
        if not isinstance(item, dict):
            raise ValueError(f"item {number} is a {_kind(item)}, not an object")
        paper = item.get("paper")
        if not isinstance(paper, dict):
            raise ValueError(f"item {number} has no 'paper' object")
        for key in ("id", "title"):
            if not isinstance(paper.get(key), str) or not paper[key].strip():
                raise ValueError(f"item {number}'s paper has no '{key}'")
    return len(data)


def _kind(value: Any) -> str:
    kinds = {dict: "object", list: "list", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else kinds.get(type(value), type(value).__name__)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def save_observation(folder: Path, day: date, body: bytes, fetched: datetime) -> Path | None:
    """Keep `body` as a new observation of `day`; None when it equals the day's newest one (nothing written)."""
    saved = [o for o in find_observations(folder) if o.day == day]
    if saved and saved[-1].path.read_bytes() == body:
        return None
    path = observation_path(folder, day, fetched)
    while path.exists():  # two different answers within one second: the later one gets the next second
        fetched += timedelta(seconds=1)
        path = observation_path(folder, day, fetched)
    write_bytes(path, body)
    return path


# HTTP -----------------------------------------------------------------------------------------------------------


class _Retry(Retry):
    """urllib3's Retry, except for a Retry-After longer than `retry_after_max`.

    urllib3 would cut such a wait down to `retry_after_max` and retry early, against the
    server's wish. Here it ends the retries instead, and the answer (a 429 or 503 with its
    Retry-After) is handed back, as with `raise_on_status=False` when retries run out.
    """

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        if response is not None and self.respect_retry_after_header:
            wait = retry_after(response.headers.get("Retry-After"))
            if wait is not None and wait > self.retry_after_max:
                raise MaxRetryError(_pool, url, ResponseError(f"Retry-After {wait:.0f} s"))
        return super().increment(method, url, response, error, _pool, _stacktrace)


_UNCAPPED = Retry(retry_after_max=2**62)


def retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks to wait (seconds or an HTTP date, read by urllib3); None if absent or bad."""
    if not value:
        return None
    try:
        return _UNCAPPED.parse_retry_after(value)
    except (InvalidHeader, ValueError, OverflowError):
        return None


def make_session(http: Http) -> requests.Session:
    """A session that names the project and retries 429 and 5xx answers with backoff, honouring Retry-After."""
    retry = _Retry(
        total=RETRIES,
        connect=CONNECTION_RETRIES,
        read=CONNECTION_RETRIES,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        backoff_factor=http.backoff_factor,
        respect_retry_after_header=True,
        retry_after_max=http.retry_after_max,
        raise_on_status=False,  # the last answer is handed back, and reported with its status
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
    return session


def get_day(session: requests.Session, http: Http, day: date) -> bytes:
    """The API's answer for `day`, as bytes; FetchError when there is none (no connection, not 200)."""
    try:
        response = session.get(
            http.api.rstrip("/") + ENDPOINT,
            params={"date": day.strftime(DAY_FORMAT), "limit": LIMIT},
            timeout=http.timeout,
        )
    except requests.RequestException as exc:
        raise FetchError(f"cannot reach {http.api}: {_reason(exc, http)}") from None
    with response:
        if response.status_code == 200:
            return response.content
        message = f"{day}: {http.api} answered HTTP {response.status_code} {response.reason or ''}".rstrip()
        wait = retry_after(response.headers.get("Retry-After"))
        if wait is not None and wait > http.retry_after_max:
            raise FetchError(f"{message} and asks to wait {wait:.0f} s: try again later")
        tries = len(response.raw.retries.history) + 1 if getattr(response.raw, "retries", None) else 1
        raise FetchError(message + (f" ({tries} tries)" if tries > 1 else ""))


def _reason(exc: requests.RequestException, http: Http) -> str:
    """Why a request failed, in a few words: the system's own where there are some."""
    cause: BaseException | None = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    if isinstance(cause, MaxRetryError) and cause.reason is not None:
        cause = cause.reason
    if isinstance(cause, ReadTimeoutError):
        return f"no answer within {http.timeout[1]:g} s"
    if isinstance(cause, ConnectTimeoutError) and not isinstance(cause, NewConnectionError):
        return f"no connection within {http.timeout[0]:g} s"
    prefix = "name lookup failed: " if isinstance(cause, NameResolutionError) else ""
    inner = cause
    while inner is not None:
        if isinstance(inner, OSError) and inner.strerror:
            return prefix + inner.strerror
        inner = inner.__cause__ or inner.__context__
    return prefix + _one_line(cause or exc)


# The fetch ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fetched:
    """One day fetched: how many papers, and the file saved (None: the answer was unchanged)."""

    day: date
    papers: int
    path: Path | None

    @property
    def maybe_truncated(self) -> bool:
        """As many papers as one request returns: the day may have more."""
        return self.papers >= LIMIT


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
                papers = count_papers(body)
            except ValueError as exc:
                raise FetchError(f"{day}: the answer from {http.api} is not a list of papers: {exc}") from None
            fetched = now().replace(microsecond=0)
            yield Fetched(day, papers, save_observation(folder, day, body, fetched))
