"""The Hub client: one page of the Daily Papers of one day, asked for politely, or one line saying why not.

`GET <api>/api/daily_papers?date=DAY&limit=LIMIT&p=PAGE`, pages counted from 0. Politeness:
a User-Agent naming the project, timeouts, and urllib3's `Retry` for 429 and 5xx answers,
with backoff, honouring Retry-After up to `RETRY_AFTER_MAX` seconds. A server that asks
for a longer wait is not retried: the fetch stops with one line saying how long it asked for.
Only `paper-digest fetch` imports this module (and so `requests`); a build never does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
from generator.inputs.daily_api import API, ENDPOINT
from generator.inputs.observations import DAY_FORMAT
from generator.problems import DigestError

LIMIT = 100  # papers asked for per page, the most the API gives in one; without `limit` it gives 50
USER_AGENT = f"paper-digest/{__version__} (+Hugging Face Daily Papers digest)"

RETRIES = 5  # retries of one request, all causes together
CONNECTION_RETRIES = 2  # of those, after a failed connection or a read timeout: offline fails in seconds
RETRY_STATUSES = (429, 500, 502, 503, 504)
RETRY_AFTER_MAX = 120  # seconds; a server asking for a longer wait is not retried


class FetchError(DigestError):
    """A fetch that cannot go on: one line, naming the day or the host."""


@dataclass(frozen=True)
class Http:
    """How the fetch talks to the API. The tests shorten every wait."""

    api: str = API
    timeout: tuple[float, float] = (10, 60)  # seconds to connect, and to wait for each read
    backoff_factor: float = 1.0  # urllib3 waits 0, 2, 4, 8, 16 s before the retries
    retry_after_max: int = RETRY_AFTER_MAX
    pause: float = 1.0  # seconds between two requests: a long range stays far below 500 calls in 5 minutes
    limit: int = LIMIT


HTTP = Http()  # what the command line uses (with its --api)


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


def get_day(session: requests.Session, http: Http, day: date, page: int = 0) -> bytes:
    """Page `page` of the API's answer for `day`, as bytes; FetchError when there is none (no connection, not 200)."""
    try:
        response = session.get(
            http.api.rstrip("/") + ENDPOINT,
            params={"date": day.strftime(DAY_FORMAT), "limit": http.limit, "p": page},
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
    text = cause or exc
    return prefix + (" ".join(str(text).split()) or type(text).__name__)
