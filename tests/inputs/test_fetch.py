"""`paper-digest fetch`: the recorded API answers served on loopback, kept byte for byte.

Nothing here reaches the network beyond 127.0.0.1: every host name but the loopback
ones fails to resolve (see `_offline`), and every request goes to a scripted server.
"""

from __future__ import annotations

import dataclasses
import hashlib
import http.server
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import CONFIG_FILE, load_config
from generator.inputs import hub
from generator.inputs.daily_api import parse_daily
from generator.inputs.fetch import Fetched, fetch_days, joined_answer
from generator.inputs.hub import FetchError, Http
from generator.inputs.observations import (
    CHANGES,
    FOLDER,
    Observation,
    find_observations,
    parse_observation_path,
    read_store,
    save_observation,
)
from tests.support.paths import RECORDED_ANSWERS, ROOT
from tests.support.projects import project_copy

DAY_2024 = (
    RECORDED_ANSWERS / "daily_papers_2024-10-25.json"
)  # 25 papers, the 2024 format (saved by a script, re-indented)
DAY_2025 = RECORDED_ANSWERS / "daily_papers_2025-12-09.json"  # 18 papers, the late-2025 format (saved by a script)
RAW_2026 = RECORDED_ANSWERS / "daily_papers_limit30_2026-06-12_raw.json"  # 30 papers, a raw body asked with limit=30
ONE_PAPER = RECORDED_ANSWERS / "paper_2608.09888.json"  # /api/papers/<id>: one paper object, not a list
FAST = Http(timeout=(2.0, 2.0), backoff_factor=0.01, retry_after_max=3, pause=0)
FETCHED_NAME = r"\d{4}-\d{2}-\d{2}T\d{6}Z\.json"


# A scripted stand-in for the API -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b"[]"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering


@dataclass(frozen=True)
class Seen:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    at: float  # time.monotonic() when the request arrived

    @property
    def day(self) -> str:
        return self.query["date"][0]


class ScriptedApi:
    """A loopback server that answers each request with the next scripted reply and records the request."""

    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.requests: list[Seen] = []
        self.stopping = threading.Event()
        lock = threading.Lock()
        api = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                with lock:
                    api.requests.append(Seen(parts.path, parse_qs(parts.query), dict(self.headers), time.monotonic()))
                    reply = api.replies.pop(0) if api.replies else Reply(418, b"no reply scripted")
                if reply.delay:
                    api.stopping.wait(reply.delay)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except OSError:  # the client gave up waiting
                    pass

            def log_message(self, format: str, *args: object) -> None:
                pass

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True
            block_on_close = False

            def handle_error(self, request: object, client_address: object) -> None:
                pass

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    def script(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def close(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def api() -> Iterator[ScriptedApi]:
    server = ScriptedApi()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reaches past loopback: other host names fail to resolve, proxies are ignored, waits are short."""
    real = socket.getaddrinfo

    def loopback_only(host, *args, **kwargs):
        if host not in ("127.0.0.1", "localhost"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(hub, "HTTP", FAST)


@pytest.fixture
def dumps(project: Path) -> Path:
    """The throwaway project's dumps folder, where the fetch command keeps answers."""
    config = load_config(project / CONFIG_FILE)
    return config.path(config.build.dumps)


def run(*args: str):
    return CliRunner().invoke(main, ["fetch", *args], catch_exceptions=False)


def saved(dumps: Path) -> list[Path]:
    return sorted((dumps / FOLDER).rglob("*.json"))


def one_line_error(result, exit_code: int = 1) -> str:
    """The command's only error line, checked to be one line with no traceback."""
    assert result.exit_code == exit_code, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


def clock(*times: str):
    """A `now` for fetch_days that returns these UTC times in turn."""
    left = [datetime.fromisoformat(t).replace(tzinfo=UTC) for t in times]
    return lambda: left.pop(0)


# The recorded answers ----------------------------------------------------------------------------------------


def test_the_fixtures_are_the_recorded_bytes():
    """Each answer's sha256 is the one its .source.md notes: the copies are untouched."""
    for answer in (DAY_2024, DAY_2025, RAW_2026, ONE_PAPER):
        note = answer.with_suffix(".source.md").read_text(encoding="utf-8")
        assert hashlib.sha256(answer.read_bytes()).hexdigest() in note, answer.name


def test_a_2024_day_is_saved_byte_identical_where_the_build_finds_it(api, tmp_path):
    api.script(Reply(body=DAY_2024.read_bytes()))
    done = list(
        fetch_days(tmp_path, [date(2024, 10, 25)], dataclasses.replace(FAST, api=api.url), clock("2024-10-26T06:15:00"))
    )
    path = tmp_path / "hf" / "2024-10-25" / "2024-10-26T061500Z.json"
    assert done == [
        Fetched(date(2024, 10, 25), 25, Observation(date(2024, 10, 25), parse_observation_path(path)[1], path))
    ]
    assert path.read_bytes() == DAY_2024.read_bytes()
    assert saved(tmp_path) == [path]
    assert parse_observation_path(path) == (date(2024, 10, 25), datetime(2024, 10, 26, 6, 15, tzinfo=UTC))
    assert find_observations(tmp_path) == [
        Observation(date(2024, 10, 25), datetime(2024, 10, 26, 6, 15, tzinfo=UTC), path)
    ]


def test_a_2025_day_through_the_command_line(api, dumps):
    api.script(Reply(body=DAY_2025.read_bytes()))
    result = run("--date", "2025-12-09", "--api", api.url)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(rf"2025-12-09: 18 papers, saved hf/2025-12-09/{FETCHED_NAME}\n", result.stdout)
    [path] = saved(dumps)
    assert path.read_bytes() == DAY_2025.read_bytes()
    assert result.stdout.strip().endswith(path.relative_to(dumps).as_posix())
    day, fetched = parse_observation_path(path)
    assert day == date(2025, 12, 9)
    assert abs(datetime.now(UTC) - fetched) < timedelta(minutes=1)
    assert result.stderr == ""


def test_the_raw_2026_answer_of_30_papers_is_saved_as_it_came(api, dumps):
    api.script(Reply(body=RAW_2026.read_bytes()))
    result = run("--date", "2026-06-12", "--api", api.url + "/")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("2026-06-12: 30 papers, saved hf/2026-06-12/")
    [path] = saved(dumps)
    assert path.read_bytes() == RAW_2026.read_bytes()
    assert "warning" not in result.stderr  # 30 < LIMIT: complete


def test_the_request_names_the_project_and_asks_for_the_day_and_the_limit(api, dumps):
    api.script(Reply(body=DAY_2025.read_bytes()))
    assert run("--date", "2025-12-09", "--api", api.url).exit_code == 0
    [request] = api.requests
    assert request.path == "/api/daily_papers"
    assert request.query == {"date": ["2025-12-09"], "limit": [str(hub.LIMIT)], "p": ["0"]}
    assert hub.LIMIT == 100
    assert request.headers["User-Agent"] == "paper-digest/0.1.0 (+Hugging Face Daily Papers digest)"
    assert "Authorization" not in request.headers


def _pages(items: list, size: int) -> list[Reply]:
    """The replies of a day of `items` served `size` a page, as the API would: the last page short or empty."""
    return [Reply(body=json.dumps(items[n : n + size]).encode()) for n in range(0, len(items) + 1, size)]


@pytest.mark.parametrize("size", [12, 15, 29])  # pages of 12, 12, 6; of 15, 15, then an empty one; of 29, 1
def test_a_day_longer_than_a_page_is_fetched_whole_page_by_page(api, dumps, monkeypatch, size):
    monkeypatch.setattr(hub, "HTTP", dataclasses.replace(FAST, limit=size))
    items = json.loads(RAW_2026.read_bytes())
    api.script(*_pages(items, size))
    result = run("--date", "2026-06-12", "--api", api.url)
    assert result.exit_code == 0, result.output
    asked = [(r.query["p"], r.query["limit"]) for r in api.requests]
    assert asked == [([str(page)], [str(size)]) for page in range(len(items) // size + 1)]
    pages = len(items) // size + (1 if len(items) % size else 0)
    assert result.stdout.startswith(f"2026-06-12: 30 papers in {pages} pages, saved hf/2026-06-12/")
    assert result.stderr == ""
    [path] = saved(dumps)  # one observation: the pages' items in one list, as the API gave them
    assert json.loads(path.read_bytes()) == items
    dump, problems = parse_daily(path.read_bytes(), "d.json", date(2026, 6, 12), date(2026, 6, 13))
    assert problems == [] and len(dump.entries) == 30


def test_the_pages_are_joined_item_by_item_byte_for_byte():
    one, two = (
        b'{"paper": {"id": "1", "title": "\xc3\xa9"}} ,\n{"paper":{"id":"2","title":"B"}}',
        b'{"paper": {"id": "3"}}',
    )
    first = b"\xef\xbb\xbf [ " + one + b"\n]\n"  # a BOM, and spaces within and around the brackets
    joined = joined_answer([first, b"[" + two + b"]", b"[]"])
    assert joined == b"[" + one + b"," + two + b"]"
    assert [item["paper"]["id"] for item in json.loads(joined)] == ["1", "2", "3"]
    assert joined_answer([first]) == first  # one page: untouched


def test_a_server_that_ignores_the_page_ends_the_day_at_the_repeat(api, dumps, monkeypatch):
    monkeypatch.setattr(hub, "HTTP", dataclasses.replace(FAST, limit=30))
    api.script(Reply(body=RAW_2026.read_bytes()), Reply(body=RAW_2026.read_bytes()))
    result = run("--date", "2026-06-12", "--api", api.url)
    assert result.exit_code == 0, result.output
    assert [r.query["p"] for r in api.requests] == [["0"], ["1"]]
    assert [p.read_bytes() for p in saved(dumps)] == [RAW_2026.read_bytes()]
    assert result.stdout.startswith("2026-06-12: 30 papers, saved")


def test_a_bad_later_page_saves_nothing_of_the_day(api, dumps, monkeypatch):
    monkeypatch.setattr(hub, "HTTP", dataclasses.replace(FAST, limit=30))
    api.script(Reply(body=RAW_2026.read_bytes()), Reply(body=b'{"error": "Invalid page"}'))
    line = one_line_error(run("--date", "2026-06-12", "--api", api.url))
    assert line == (
        f"Error: 2026-06-12: the answer from {api.url} (page 2) is not a list of papers:"
        " a JSON object, not a list of papers"
    )
    assert saved(dumps) == []


def test_an_empty_day_is_no_error_and_is_saved(api, dumps):
    """Daily Papers lists weekdays: a Saturday's answer is an empty list, one request, kept as a day without papers."""
    api.script(Reply(body=b"[]"))
    result = run("--date", "2025-12-13", "--api", api.url)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("2025-12-13: 0 papers, saved hf/2025-12-13/") and result.stderr == ""
    assert len(api.requests) == 1
    assert [p.read_bytes() for p in saved(dumps)] == [b"[]"]


# Retries, timeouts, failures ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_429_waits_as_long_as_retry_after_says_then_saves(api, dumps):
    api.script(Reply(429, b'{"error": "rate limited"}', {"Retry-After": "1"}), Reply(body=DAY_2025.read_bytes()))
    result = run("--date", "2025-12-09", "--api", api.url)
    assert result.exit_code == 0, result.output
    assert len(api.requests) == 2
    waited = api.requests[1].at - api.requests[0].at
    assert 0.95 <= waited < 2.5  # Retry-After, not the 0.01 s backoff
    assert [p.read_bytes() for p in saved(dumps)] == [DAY_2025.read_bytes()]


def test_a_retry_after_beyond_the_cap_stops_at_once(api, dumps):
    api.script(Reply(429, b"{}", {"Retry-After": "3600"}), Reply(body=DAY_2025.read_bytes()))
    started = time.monotonic()
    result = run("--date", "2025-12-09", "--api", api.url)
    assert time.monotonic() - started < 2
    assert one_line_error(result) == (
        f"Error: 2025-12-09: {api.url} answered HTTP 429 Too Many Requests and asks to wait 3600 s: try again later"
    )
    assert len(api.requests) == 1
    assert saved(dumps) == []


def test_500_and_503_then_success(api, dumps):
    api.script(Reply(500, b"oops"), Reply(503, b"busy"), Reply(body=DAY_2024.read_bytes()))
    result = run("--date", "2024-10-25", "--api", api.url)
    assert result.exit_code == 0, result.output
    assert len(api.requests) == 3
    assert [r.day for r in api.requests] == ["2024-10-25"] * 3
    assert [p.read_bytes() for p in saved(dumps)] == [DAY_2024.read_bytes()]


def test_a_server_error_that_lasts_ends_after_five_retries(api, dumps):
    api.script(*[Reply(502, b"bad gateway")] * 7)
    result = run("--date", "2024-10-25", "--api", api.url)
    assert one_line_error(result) == f"Error: 2024-10-25: {api.url} answered HTTP 502 Bad Gateway (6 tries)"
    assert len(api.requests) == 1 + hub.RETRIES == 6
    assert saved(dumps) == []


def test_a_client_error_is_not_retried(api, dumps):
    api.script(Reply(400, b'{"error": "bad date"}'), Reply(body=b"[]"))
    result = run("--date", "2024-10-25", "--api", api.url)
    assert one_line_error(result) == f"Error: 2024-10-25: {api.url} answered HTTP 400 Bad Request"
    assert len(api.requests) == 1


def test_a_read_timeout_on_every_try_is_one_line(api, dumps, monkeypatch):
    monkeypatch.setattr(hub, "HTTP", dataclasses.replace(FAST, timeout=(2.0, 0.2)))
    api.script(*[Reply(body=b"[]", delay=0.6)] * 4)
    started = time.monotonic()
    result = run("--date", "2025-12-09", "--api", api.url)
    assert time.monotonic() - started < 3
    assert one_line_error(result) == f"Error: cannot reach {api.url}: no answer within 0.2 s"
    assert len(api.requests) == 1 + hub.CONNECTION_RETRIES == 3
    assert saved(dumps) == []


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_connection_refused_is_cannot_reach(dumps):
    url = f"http://127.0.0.1:{_closed_port()}"
    started = time.monotonic()
    result = run("--date", "2025-12-09", "--api", url)
    assert one_line_error(result) == f"Error: cannot reach {url}: Connection refused"
    assert time.monotonic() - started < 3
    assert saved(dumps) == []


def test_a_failed_name_lookup_is_cannot_reach(dumps):
    result = run("--date", "2025-12-09", "--api", "https://daily-papers.invalid")
    assert one_line_error(result) == (
        "Error: cannot reach https://daily-papers.invalid: name lookup failed: Name or service not known"
    )


@pytest.mark.parametrize(
    ("body", "what"),
    [
        (b"<html>Service Unavailable</html>", "not JSON (Expecting value: line 1 column 1 (char 0))"),
        (b"\xff\xfe[\x00", "not JSON"),
        (b'{"error": "Invalid date"}', "a JSON object, not a list of papers"),
        (ONE_PAPER.read_bytes(), "a JSON object, not a list of papers"),  # a real answer, of another endpoint
        (b'"[]"', "a JSON string, not a list of papers"),
        (b"[1, 2]", "item 1 is a number, not an object"),
        (b'[{"paper": {"id": "1", "title": "A"}}, null]', "item 2 is a null, not an object"),
        (b'[{"title": "A", "paper": "2410.17243"}]', "item 1 has no 'paper' object"),
        (b'[{"paper": {"id": "2410.17243"}}]', "item 1's paper has no 'title'"),
        (b'[{"paper": {"id": "", "title": "A"}}]', "item 1's paper has no 'id'"),
    ],
)
def test_a_malformed_answer_is_one_line_and_saves_nothing(api, dumps, body, what):
    api.script(Reply(body=body))
    result = run("--date", "2025-12-09", "--api", api.url)
    line = one_line_error(result)
    assert line.startswith(f"Error: 2025-12-09: the answer from {api.url} is not a list of papers: {what}")
    assert len(api.requests) == 1
    assert saved(dumps) == []


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--date", "2025-13-01"], "Invalid value for '--date': '2025-13-01' is not a day of the calendar"),
        (["--date", "20251209"], "Invalid value for '--date': '20251209' is not a day written YYYY-MM-DD"),
        (["--since", "2025-1-9"], "Invalid value for '--since': '2025-1-9' is not a day written YYYY-MM-DD"),
        (["--date", "2999-01-01"], "--date 2999-01-01 is in the future"),
        (["--since", "2025-12-01", "--until", "2999-01-01"], "--until 2999-01-01 is in the future"),
        (["--since", "2025-12-10", "--until", "2025-12-09"], "--until 2025-12-09 is before --since 2025-12-10"),
        (["--date", "2025-12-09", "--since", "2025-12-01"], "--date fetches one day"),
        (["--until", "2025-12-01"], "--until needs --since"),
    ],
)
def test_bad_days_are_usage_errors_without_a_request(api, dumps, args, error):
    result = run(*args, "--api", api.url)
    assert error in one_line_error(result, exit_code=2)
    assert api.requests == []
    assert saved(dumps) == []


def test_a_bad_api_url_is_a_usage_error(dumps):
    assert "is not an http(s) URL" in one_line_error(run("--date", "2025-12-09", "--api", "huggingface.co"), 2)


# History and ranges ------------------------------------------------------------------------------------------


def test_a_refetch_keeps_every_different_answer_and_skips_an_equal_one(api, dumps):
    later = DAY_2025.read_bytes().replace(b'"upvotes": 31', b'"upvotes": 45', 1)
    assert later != DAY_2025.read_bytes()
    api.script(Reply(body=DAY_2025.read_bytes()), Reply(body=DAY_2025.read_bytes()), Reply(body=later))
    first = run("--date", "2025-12-09", "--api", api.url)
    same = run("--date", "2025-12-09", "--api", api.url)
    changed = run("--date", "2025-12-09", "--api", api.url)
    assert [r.exit_code for r in (first, same, changed)] == [0, 0, 0]
    assert same.stdout == "2025-12-09: 18 papers, unchanged\n"
    # the later answer is kept as what changed, a line that gives its bytes back
    assert changed.stdout == "2025-12-09: 18 papers, saved hf/2025-12-09/changes.jsonl:1\n"
    [path] = saved(dumps)
    assert path.read_bytes() == DAY_2025.read_bytes()
    kept, problems = read_store(dumps)
    assert [k.body for k in kept] == [DAY_2025.read_bytes(), later] and problems == []  # oldest first
    line = (path.parent / CHANGES).read_bytes()
    assert line.count(b"\n") == 1 and b'"changed":{"2512.07525":{"/paper/upvotes":45}}' in line
    assert len(api.requests) == 3


def test_a_range_makes_one_request_per_day_in_order(api, dumps):
    api.script(Reply(body=b"[]"), Reply(body=DAY_2024.read_bytes()), Reply(body=DAY_2025.read_bytes()))
    result = run("--since", "2025-12-07", "--until", "2025-12-09", "--api", api.url)
    assert result.exit_code == 0, result.output
    assert [r.day for r in api.requests] == ["2025-12-07", "2025-12-08", "2025-12-09"]
    assert result.stderr == "fetching 3 days, 2025-12-07 to 2025-12-09\n"
    assert [line.split(",")[0] for line in result.stdout.splitlines()] == [
        "2025-12-07: 0 papers",
        "2025-12-08: 25 papers",
        "2025-12-09: 18 papers",
    ]
    assert [o.day for o in find_observations(dumps)] == [date(2025, 12, d) for d in (7, 8, 9)]


def test_a_failure_in_a_range_stops_there_and_keeps_the_days_before(api, dumps):
    api.script(Reply(body=b"[]"), Reply(body=b"[]"), *[Reply(500, b"oops")] * 6)
    result = run("--since", "2025-12-06", "--until", "2025-12-09", "--api", api.url)
    assert one_line_error(result) == (
        f"Error: 2025-12-08: {api.url} answered HTTP 500 Internal Server Error (6 tries)"
        " (stopped at 2025-12-08; the 2 days before it are saved)"
    )
    assert [r.day for r in api.requests] == ["2025-12-06", "2025-12-07"] + ["2025-12-08"] * 6
    assert [o.day for o in find_observations(dumps)] == [date(2025, 12, 6), date(2025, 12, 7)]


def test_without_days_it_fetches_every_day_after_the_newest_saved(api, dumps):
    today = datetime.now(UTC).date()
    saved_day = today - timedelta(days=3)
    save_observation(dumps, saved_day, b"[]", datetime.combine(saved_day + timedelta(days=1), datetime.min.time(), UTC))
    api.script(Reply(body=b"[]"), Reply(body=b"[]"))
    result = run("--api", api.url)
    assert result.exit_code == 0, result.output
    assert [r.day for r in api.requests] == [str(saved_day + timedelta(days=1)), str(saved_day + timedelta(days=2))]
    again = run("--api", api.url)
    assert (
        again.stdout
        == f"nothing to fetch: every day up to {today - timedelta(days=1)} is saved (--date DAY fetches a day again)\n"
    )
    assert len(api.requests) == 2


def test_the_command_has_help_with_an_example():
    result = CliRunner().invoke(main, ["fetch", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert "paper-digest fetch --date 2025-12-09" in result.stdout


# The fetch of each day ----------------------------------------------------------------------------------------


def test_fetch_days_yields_each_day_then_raises_at_the_first_bad_one(api, tmp_path):
    api.script(Reply(body=b"[]"), Reply(body=b'{"error": "Invalid date"}'), Reply(body=b"[]"))
    days = [date(2025, 12, 7), date(2025, 12, 8), date(2025, 12, 9)]
    results = fetch_days(tmp_path, days, dataclasses.replace(FAST, api=api.url), clock("2025-12-10T06:00:00"))
    assert next(results).day == date(2025, 12, 7)
    with pytest.raises(FetchError, match=r"^2025-12-08: the answer from .* is not a list of papers"):
        next(results)
    assert [o.day for o in find_observations(tmp_path)] == [date(2025, 12, 7)]
    assert len(api.requests) == 2


def _modules_after(script: str, cwd: Path) -> list[str]:
    """The HTTP modules loaded once `script` ran in a fresh interpreter (its last line of output)."""
    script += "\nprint(sorted(m for m in sys.modules if m.split('.')[0] in ('requests', 'urllib3')))\n"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=cwd, env=env, capture_output=True, encoding="utf-8", timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.mark.slow
def test_the_command_line_and_the_input_side_never_import_requests(tmp_path):
    """Reading and checking kept answers needs no HTTP client: only the fetch command imports it, when run."""
    script = "import sys\nimport generator.cli, generator.inputs.ingest, generator.inputs.observations"
    assert _modules_after(script, tmp_path) == ["[]"]
    assert _modules_after("import sys\nimport generator.inputs.fetch", tmp_path) != ["[]"]  # the check can see it


@pytest.mark.slow
def test_a_build_never_imports_requests(tmp_path):
    """A whole build of a fetched day, through the command line, runs without an HTTP client."""
    project_copy(tmp_path)
    for text_dump in (tmp_path / "content" / "dumps").glob("*.txt"):  # the fetched day alone: quicker
        text_dump.unlink()
    observed = tmp_path / "content" / "dumps" / "hf" / "2025-12-09" / "2025-12-10T061500Z.json"
    observed.parent.mkdir(parents=True)
    observed.write_bytes(DAY_2025.read_bytes())
    lines = _modules_after(
        "import sys\nfrom generator.cli import main\nmain(['build', '--strict'], standalone_mode=False)", tmp_path
    )
    assert lines[0].startswith("built 18 papers")  # the build did run, with the fetched day
    assert lines[-1] == "[]"
