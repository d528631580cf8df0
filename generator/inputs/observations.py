"""The kept answers of the Daily Papers API: where each lives, finding them, reading them back, saving a new one.

Every answer `paper-digest fetch` gets is kept, so upvotes have a history. A day's first
answer is kept untouched as `<dumps>/hf/<DAY>/<FETCHED>.json`, FETCHED being the UTC time
of the fetch (`2025-12-10T061500Z`). Each later answer of the day (the daily run fetches
the last week again) differs from the one before it in a few counts, so it is kept as what
changed: one line of `<dumps>/hf/<DAY>/changes.jsonl` (inputs/answer_changes.py), which
gives the answer back byte for byte. An answer no line gives back byte for byte is kept as
a file of its own, as every answer was before (`paper-digest compact` turns such a store
into this one): a day's answers are its files and its lines, in the order of their fetch
times, and a line holds what changed since the answer just before it.

The build reads both through `read_day`, and names every answer `hf/<DAY>/<FETCHED>.json`
whichever way it is kept. Nothing here touches the network: a build reads this module, and
never imports an HTTP client.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from generator.files import write_bytes
from generator.inputs.answer_changes import (
    FETCHED,
    INDENT,
    answer_change,
    apply_change,
    dump_answer,
    layout,
    line_bytes,
)
from generator.inputs.daily_api import Answer
from generator.problems import Problem

# Where observations live, spelled once: <dumps>/FOLDER/<DAY>/<FETCHED>SUFFIX, and <dumps>/FOLDER/<DAY>/CHANGES
FOLDER = "hf"
CHANGES = "changes.jsonl"
DAY_FORMAT = "%Y-%m-%d"
FETCHED_FORMAT = "%Y-%m-%dT%H%M%SZ"  # UTC; no colons, so the name is valid on every file system
SUFFIX = ".json"
_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_FETCHED_TEXT = r"(\d{4})-(\d{2})-(\d{2})T(\d{2})(\d{2})(\d{2})Z"
_FETCHED_RE = re.compile(_FETCHED_TEXT + re.escape(SUFFIX), re.ASCII)
_FETCHED_TIME_RE = re.compile(_FETCHED_TEXT, re.ASCII)


def observation_path(folder: Path, day: date, fetched: datetime) -> Path:
    """Where the answer for `day` fetched at `fetched` (UTC) is kept as a file; `folder` is the dumps folder."""
    return folder / FOLDER / day.strftime(DAY_FORMAT) / (fetched_text(fetched) + SUFFIX)


def fetched_text(fetched: datetime) -> str:
    """A fetch time as observations are named by it: `2025-12-10T061500Z`, always in UTC."""
    if fetched.utcoffset() is not None:
        fetched = fetched.astimezone(UTC)
    return fetched.strftime(FETCHED_FORMAT)


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


def is_changes_file(path: Path) -> bool:
    """Whether `path` is a day's changes file, `hf/YYYY-MM-DD/changes.jsonl`."""
    return path.name == CHANGES and path.parent.parent.name == FOLDER and bool(_DAY_RE.fullmatch(path.parent.name))


@dataclass(frozen=True, order=True)
class Observation:
    """One saved answer: the day asked for, when it was fetched (UTC), its file, and its line there (0: all of it)."""

    day: date
    fetched: datetime
    path: Path
    line: int = 0

    @property
    def name(self) -> str:
        """How the build names it, however it is kept: `hf/<DAY>/<FETCHED>.json`."""
        return f"{FOLDER}/{self.day.strftime(DAY_FORMAT)}/{fetched_text(self.fetched)}{SUFFIX}"

    @property
    def where(self) -> str:
        """Where it is kept, from the dumps folder: `hf/<DAY>/<FETCHED>.json` or `hf/<DAY>/changes.jsonl:LINE`."""
        return self.name if not self.line else f"{FOLDER}/{self.day.strftime(DAY_FORMAT)}/{CHANGES}:{self.line}"


@dataclass(frozen=True)
class Kept:
    """One saved answer: a file's bytes, or the items a line of changes gives back and the indent of its bytes."""

    observation: Observation
    saved: bytes | None = None  # an answer kept as a file
    items: list[Any] | None = None  # an answer kept as a line of changes
    indent: int | None = None

    @cached_property
    def body(self) -> bytes:
        """Its bytes, as the API sent them: an answer of a line is encoded only when they are asked for."""
        return self.saved if self.saved is not None else dump_answer(self.items, self.indent)

    @property
    def answer(self) -> Answer:
        """What the build parses: the bytes of a file, the items of a line (the full build at 1,000 days encoded
        900 answers only to decode them again: 3 s on each core)."""
        return self.saved if self.saved is not None else (self.items or [])


def find_observations(folder: Path) -> list[Observation]:
    """Every saved answer under `<folder>/hf/`, files and lines, by day then fetch time; other files are ignored."""
    found = []
    for day_folder in sorted((folder / FOLDER).glob("*/")):
        found += _day_observations(day_folder)[0]
    return sorted(found)


def store_files(folder: Path) -> list[Path]:
    """The files of the saved answers under `<folder>/hf/`: each day's answer files, then its changes file."""
    found = []
    for day_folder in sorted((folder / FOLDER).glob("*/")):
        files = sorted(_answer_files(day_folder))
        changes = day_folder / CHANGES
        found += [o.path for o in files] + ([changes] if is_changes_file(changes) and changes.is_file() else [])
    return found


def _answer_files(day_folder: Path) -> list[Observation]:
    found = []
    for path in day_folder.glob(f"*{SUFFIX}"):
        try:
            day, fetched = parse_observation_path(path)
        except ValueError:
            continue
        found.append(Observation(day, fetched, path))
    return found


def _day_observations(day_folder: Path) -> tuple[list[Observation], dict[Observation, Any], list[Problem]]:
    """A day's answers in fetch order (a file wins over a line of the same time), each line's change, and problems.

    A line that cannot be read ends the reading of the changes file: each line holds what
    changed since the one before it, so the lines after it cannot be read either.
    """
    files = _answer_files(day_folder)
    changes = day_folder / CHANGES
    try:
        day = date.fromisoformat(day_folder.name)
    except ValueError:
        return sorted(files), {}, []
    if not is_changes_file(changes) or not changes.is_file():
        return sorted(files), {}, []
    name = f"{FOLDER}/{day_folder.name}/{CHANGES}"
    taken = {o.fetched for o in files}
    lines: dict[Observation, Any] = {}
    problems = []
    for number, text in enumerate(changes.read_bytes().split(b"\n"), start=1):
        if not text.strip():
            continue
        try:
            change = json.loads(text)
            stamp = _FETCHED_TIME_RE.fullmatch(change[FETCHED])
            fetched = datetime(*(int(part) for part in stamp.groups()), tzinfo=UTC)
        except (ValueError, RecursionError, TypeError, KeyError, AttributeError):
            message = "not a JSON object with a 'fetched' time; the lines after it are not read either"
            problems.append(Problem.error(name, number, message))
            break
        if fetched not in taken:
            lines[Observation(day, fetched, changes, number)] = change
    return sorted([*files, *lines]), lines, problems


def read_day(day_folder: Path) -> tuple[list[Kept], list[Problem]]:
    """Every saved answer of one day (`<dumps>/hf/<DAY>/`), oldest first, with its bytes; and what cannot be read.

    OSError when a file cannot be read.
    """
    observations, changes, problems = _day_observations(day_folder)
    kept: list[Kept] = []
    before: list[Any] | None = None
    for observation in observations:
        if not observation.line:
            body = observation.path.read_bytes()
            before = _answer(body)
            kept.append(Kept(observation, saved=body))
            continue
        change = changes[observation]
        try:
            if before is None:
                raise ValueError("the answer before it is not a list of papers")
            before = apply_change(before, change)
        except (ValueError, TypeError, AttributeError) as exc:
            where = f"{FOLDER}/{day_folder.name}/{CHANGES}"
            problems.append(Problem.error(where, observation.line, f"cannot apply what changed: {exc}"))
            before = None  # the lines after it hold changes to an answer that is not known
            continue
        kept.append(Kept(observation, items=before, indent=change.get(INDENT)))
    return kept, problems


def read_store(folder: Path) -> tuple[list[Kept], list[Problem]]:
    """Every saved answer under `<folder>/hf/` with its bytes, by day then fetch time; and what cannot be read."""
    kept: list[Kept] = []
    problems: list[Problem] = []
    for day_folder in sorted((folder / FOLDER).glob("*/")):
        day_kept, day_problems = read_day(day_folder)
        kept += day_kept
        problems += day_problems
    return kept, problems


def _answer(body: bytes) -> list[Any] | None:
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, list) else None


def newest_saved_day(folder: Path) -> date | None:
    """The newest day with an answer fetched after the day was over (UTC); None when there is none.

    An answer fetched during its own day may miss papers added later that day, so that day is
    not yet counted as saved: the next default fetch asks for it again.
    """
    complete = [o.day for o in find_observations(folder) if o.fetched.date() > o.day]
    return max(complete, default=None)


def change_line(before: bytes, after: bytes, fetched: datetime) -> bytes | None:
    """The line of changes that gives `after` back byte for byte from `before`; None when no line can."""
    old, new = _answer(before), _answer(after)
    if old is None or new is None:
        return None
    try:
        indent = layout(after, new)
    except ValueError:
        return None
    change = answer_change(old, new, fetched_text(fetched), indent)
    return line_bytes(change) if dump_answer(apply_change(old, change), indent) == after else None


def save_observation(folder: Path, day: date, body: bytes, fetched: datetime) -> Observation | None:
    """Keep `body` as a new observation of `day`; None when it equals the day's newest one (nothing written).

    The day's first answer is kept as a file; a later one as a line of what changed, unless
    no line gives it back byte for byte. Its fetch time is after every saved one of the day.
    """
    day_folder = folder / FOLDER / day.strftime(DAY_FORMAT)
    kept, problems = read_day(day_folder) if day_folder.is_dir() else ([], [])
    if kept and kept[-1].body == body:
        return None
    fetched = fetched.astimezone(UTC) if fetched.utcoffset() is not None else fetched.replace(tzinfo=UTC)
    newest = max((o.fetched for o in _day_observations(day_folder)[0]), default=None) if day_folder.is_dir() else None
    if newest is not None and fetched <= newest:  # two answers within one second: the later one gets the next
        fetched = newest + timedelta(seconds=1)
    line = change_line(kept[-1].body, body, fetched) if kept and not problems else None
    if line is None:
        path = observation_path(folder, day, fetched)
        write_bytes(path, body)
        return Observation(day, fetched, path)
    changes = day_folder / CHANGES
    lines = changes.read_bytes() if changes.exists() else b""
    if lines and not lines.endswith(b"\n"):
        lines += b"\n"
    write_bytes(changes, lines + line)
    return Observation(day, fetched, changes, lines.count(b"\n") + 1)
