"""Read every dump, fill in the years, merge: the input side of a build."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from generator.config import Config
from generator.inputs.daily_api import Answer, parse_daily
from generator.inputs.dates import CaptureYear, capture_years, safe_date
from generator.inputs.merge import merge
from generator.inputs.observations import SUFFIX, is_changes_file, parse_observation_path, read_day, store_files
from generator.inputs.parse import parse_dump
from generator.model import Dump, Paper, PartialDate
from generator.problems import Problem, Severity


class _Reported:
    """What was wrong with the input, by severity."""

    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def failed_files(self) -> list[str]:
        return sorted({p.path for p in self.errors})


@dataclass(frozen=True)
class InputSummary(_Reported):
    """What a build says about its input: kept, so a build with nothing to do says it again."""

    papers: int
    problems: tuple[Problem, ...]
    years: dict[str, CaptureYear]


@dataclass(frozen=True)
class Ingest(_Reported):
    """Everything read from the input, and everything wrong with it."""

    dumps: tuple[Dump, ...]
    papers: tuple[Paper, ...]
    problems: tuple[Problem, ...]
    years: dict[str, CaptureYear] = field(default_factory=dict)

    @property
    def entries(self) -> int:
        return sum(len(d.entries) for d in self.dumps)

    def summary(self) -> InputSummary:
        return InputSummary(papers=len(self.papers), problems=self.problems, years=self.years)


def find_dumps(folder: Path) -> list[Path]:
    """The text dumps (`*.txt`) of the folder, then the files of every fetched day (`hf/<day>/...`)."""
    return sorted(folder.glob("*.txt")) + store_files(folder)


def dump_name(path: Path) -> str:
    """How problems and sources name a dump: its file name, `hf/<day>/<fetched>.json` or `hf/<day>/changes.jsonl`."""
    try:
        parse_observation_path(path)
    except ValueError:
        return "/".join(path.parts[-3:]) if is_changes_file(path) else path.name
    return "/".join(path.parts[-3:])


@dataclass(frozen=True)
class InputFile:
    """A dump file as kept, read once: a text dump, a fetched answer, or a day's changes file."""

    path: Path
    name: str  # as `dump_name` says
    data: bytes


def read_files(paths: list[Path]) -> tuple[list[InputFile], list[Problem]]:
    """The bytes of each readable dump file, as kept (a changes file is not expanded); an error for each other."""
    files, problems = [], []
    for path in paths:
        try:
            files.append(InputFile(path, dump_name(path), path.read_bytes()))
        except OSError as exc:
            problems.append(Problem.error(dump_name(path), None, f"cannot read the file: {exc.strerror or exc}"))
    return files, problems


def read_inputs(paths: list[Path]) -> tuple[list[tuple[str, Answer]], list[Problem]]:
    """What each dump the files keep holds (its bytes, or an answer's items), by `dump_name`; an error for each
    unreadable one."""
    files, problems = read_files(paths)
    inputs = []
    for file in files:
        kept, found = kept_answers(file)
        inputs += kept
        problems += found
    return inputs, problems


def kept_answers(file: InputFile) -> tuple[list[tuple[str, Answer]], list[Problem]]:
    """The dumps one file keeps, by name: the file itself, or each answer a day's changes file gives back.

    The answers of a changes file are named as if kept as files (`hf/<day>/<fetched>.json`),
    given as their items (Kept.answer); its day's answer files are read again to give them back.
    """
    if not is_changes_file(file.path):
        return [(file.name, file.data)], []
    try:
        kept, problems = read_day(file.path.parent)
    except OSError as exc:
        return [], [Problem.error(file.name, None, f"cannot read the day's answers: {exc.strerror or exc}")]
    return [(k.observation.name, k.answer) for k in kept if k.observation.line], problems


Parsed = tuple[Dump | None, list[Problem]]  # a dump, or None when it has errors; its problems


def parse_input(data: Answer, name: str) -> Parsed:
    """A text dump, or a fetched day of the Daily Papers API (by its name); an answer's items when a line of
    changes gave them back."""
    if isinstance(data, bytes) and not name.endswith(SUFFIX):
        return parse_dump(data, name)
    try:
        day, fetched = parse_observation_path(Path(name))
    except ValueError:
        return None, [Problem.error(name, None, "a JSON dump must be a fetched day: hf/YYYY-MM-DD/<time>.json")]
    return parse_daily(data, name, day, fetched.date())


def ingest(
    inputs: list[tuple[str, Answer]],
    config: Config,
    year: int | None = None,
    unreadable: list[Problem] | None = None,
) -> Ingest:
    """Parse, date and merge the dumps; problems are collected, never raised.

    `unreadable` are the problems of the files `read_inputs` could not read.
    """
    parsed = [(name, parse_input(data, name)) for name, data in inputs]
    return ingest_parsed(parsed, config, year, unreadable)


def ingest_parsed(
    parsed: list[tuple[str, Parsed]],
    config: Config,
    year: int | None = None,
    unreadable: list[Problem] | None = None,
) -> Ingest:
    """Date and merge the parsed dumps (each by its name, as `parse_input` gave it); problems collected, never raised.

    A build takes what it parsed before from its store (inputs/parsed.py) and parses the rest.
    """
    problems: list[Problem] = list(unreadable or [])
    dumps: list[Dump] = []
    for name, count in Counter(name for name, _ in parsed).items():
        if count > 1:
            problems.append(Problem.error(name, None, f"{count} dumps share this file name"))
    for _name, (dump, found) in parsed:
        problems += found
        if dump is not None and not any(p.severity is Severity.ERROR for p in found):
            dumps.append(_with_stated_day(dump, config))
    stated = config.stated_years()
    if year is not None:
        stated = {dump.name: year for dump in dumps}
    years = capture_years(dumps, stated)
    captured: dict[str, date] = {}
    for dump in dumps:
        found_year = years[dump.name].year
        if found_year is None:
            problems.append(
                Problem.error(
                    dump.name,
                    None,
                    "cannot infer the capture year (no dated entries): state it with --year "
                    f'or [dumps."{dump.name}"] year = ... in digest.toml',
                )
            )
            continue
        captured[dump.name] = safe_date(found_year, dump.captured.month, dump.captured.day)
    dated = [d for d in dumps if d.name in captured]
    return Ingest(
        dumps=tuple(dated),
        papers=tuple(merge(dated, captured)),
        problems=tuple(problems),
        years=years,
    )


def _with_stated_day(dump: Dump, config: Config) -> Dump:
    stated = config.dumps.get(dump.name)
    if stated and stated.captured:
        day = stated.captured
        return replace(dump, captured=PartialDate(day.month, day.day, day.year))
    return dump


def ingest_files(paths: list[Path], config: Config, year: int | None = None) -> Ingest:
    """Read the dump files and ingest them (`check`, and the tests)."""
    inputs, unreadable = read_inputs(paths)
    return ingest(inputs, config, year=year, unreadable=unreadable)
