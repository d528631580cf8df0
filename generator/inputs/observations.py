"""The kept answers of the Daily Papers API: where each lives, finding them, saving a new one.

Every answer `paper-digest fetch` gets is kept untouched as
`<dumps>/hf/<DAY>/<FETCHED>.json`, FETCHED being the UTC time of the fetch
(`2025-12-10T061500Z`): fetching a day again adds an observation beside the earlier
ones, so upvotes have a history. The build finds them with `find_observations` and
reads the day and the time of each back with `parse_observation_path`. Nothing here
touches the network: a build reads this module, and never imports an HTTP client.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from generator.files import write_bytes

# Where observations live, spelled once: <dumps>/FOLDER/<DAY>/<FETCHED>SUFFIX
FOLDER = "hf"
DAY_FORMAT = "%Y-%m-%d"
FETCHED_FORMAT = "%Y-%m-%dT%H%M%SZ"  # UTC; no colons, so the name is valid on every file system
SUFFIX = ".json"
_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_FETCHED_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2})(\d{2})(\d{2})Z" + re.escape(SUFFIX), re.ASCII)


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
