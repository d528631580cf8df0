"""What the build parsed, kept in one store: an input whose bytes did not change is not parsed again.

A digest grows by a day: a build parses the new day's answers (and the days the daily
run fetched again) and takes every other input from the store. The unit is an input as
kept: a text dump, or one fetched day (its answer files and its changes file together,
since a line of changes needs the answers before it). The store is one file,
{unit key: what parsing it gave}, the key a hash of the parsing code (`generator/inputs/`
and the model) and the unit's names and bytes; it is written only when a unit came or
went. A day's answers repeat each other but for their counts, so their texts, Hub fields
and unchanged entries are shared within the unit and pickled once. A damaged or foreign
store is parsed afresh.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from itertools import groupby
from pathlib import Path

from generator import model
from generator.files import load_pickle, save_pickle
from generator.inputs.ingest import InputFile, Parsed, kept_answers, parse_input
from generator.inputs.observations import FOLDER
from generator.model import Dump, Entry
from generator.parallel import chunked_map
from generator.problems import Problem

Unit = tuple[InputFile, ...]
UnitParse = tuple[tuple[tuple[str, Parsed], ...], tuple[Problem, ...]]  # each dump by name; what could not be read
# New units from which a second process pays for its fork and for sending its parses back (a full
# build at 1,000 days parses 1,006 units: 18.7 s on one core, 12.1 s on two).
PARALLEL_UNITS = 16


@cache
def _code_version() -> str:
    """The parsing code: every module of this package, and the model it makes."""
    digest = hashlib.sha256()
    for path in (*sorted(Path(__file__).parent.glob("*.py")), Path(model.__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def input_units(files: list[InputFile]) -> list[Unit]:
    """The files grouped as they are parsed: each text dump alone, each fetched day's files together."""

    def unit_of(file: InputFile) -> str:
        return file.name.rsplit("/", 1)[0] if file.name.startswith(f"{FOLDER}/") else file.name

    return [tuple(group) for _, group in groupby(files, key=unit_of)]


def unit_key(unit: Unit) -> str:
    digest = hashlib.sha256(_code_version().encode())
    for file in unit:
        digest.update(f"\0{file.name}\0{len(file.data)}\0".encode())
        digest.update(file.data)
    return digest.hexdigest()[:32]


def parse_unit(unit: Unit) -> UnitParse:
    """Every dump the unit's files keep, parsed, by name; and the problems of what could not be read."""
    parsed: list[tuple[str, Parsed]] = []
    problems: list[Problem] = []
    for file in unit:
        kept, found = kept_answers(file)
        parsed += [(name, parse_input(data, name)) for name, data in kept]
        problems += found
    return _shared(parsed), tuple(problems)


def _parse_units(units: Sequence[Unit]) -> list[UnitParse]:
    return [parse_unit(unit) for unit in units]


def _shared(parsed: list[tuple[str, Parsed]]) -> tuple[tuple[str, Parsed], ...]:
    """The same dumps, with equal texts, Hub fields and entries across them held by one object each."""
    texts: dict[str, str] = {}
    values: dict[object, object] = {}

    def entry(found: Entry) -> Entry:
        shared = replace(
            found,
            title=texts.setdefault(found.title, found.title),
            abstract=texts.setdefault(found.abstract, found.abstract),
            hub=values.setdefault(found.hub, found.hub),
            org=values.setdefault(found.org, found.org),
        )
        return values.setdefault(shared, shared)  # type: ignore[return-value]

    def dump(found: Dump | None) -> Dump | None:
        return None if found is None else replace(found, entries=tuple(map(entry, found.entries)))

    return tuple((name, (dump(found), problems)) for name, (found, problems) in parsed)


class ParsedStore:
    """The units a build parsed, in the file `path`: taken when their bytes are the same, parsed otherwise.

    Each unit is pickled on its own, and the file holds those bytes: a build pickles the units it
    parsed and writes the others back as it read them (pickling every unit again was 2 s of a new
    day at 1,000 days, for the 6 answers it parsed)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        saved = load_pickle(path)
        ours = isinstance(saved, dict) and saved.get("code") == _code_version()
        self.kept: dict[str, bytes] = saved["units"] if ours and isinstance(saved.get("units"), dict) else {}
        self.used: dict[str, bytes] = {}  # the units this build used, pickled
        self.parsed = 0  # units parsed by this build, not taken from the store

    def parse(self, files: list[InputFile], workers: int = 1) -> tuple[list[tuple[str, Parsed]], list[Problem]]:
        """Every dump the files keep, parsed, by name, in the files' order; and what could not be read.
        Units not in the store are parsed in `workers` processes when there are enough of them."""
        units = {unit_key(unit): unit for unit in input_units(files)}
        taken = {key: found for key in units if (found := _unpickled(self.kept.get(key))) is not None}
        new = {key: unit for key, unit in units.items() if key not in taken}
        share = workers if len(new) >= PARALLEL_UNITS else 1
        fresh = dict(zip(new, chunked_map(_parse_units, list(new.values()), share), strict=True))
        self.parsed += len(fresh)
        parsed: list[tuple[str, Parsed]] = []
        problems: list[Problem] = []
        for key in units:
            if key in fresh:
                found = fresh[key]
                self.used[key] = pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)
            else:
                found, self.used[key] = taken[key], self.kept[key]
            parsed += found[0]
            problems += found[1]
        return parsed, problems

    def save(self) -> None:
        """Keep the units this build used, and only those; nothing is written when they are the ones kept."""
        if self.used.keys() != self.kept.keys():
            save_pickle(self.path, {"code": _code_version(), "units": self.used})


def _unpickled(data: bytes | None) -> UnitParse | None:
    """A kept unit's parse; None when there is none, or its bytes do not load (then it is parsed again)."""
    if data is None:
        return None
    try:
        found = pickle.loads(data)
    except Exception:  # damaged bytes: any failure means parse afresh
        return None
    return found if isinstance(found, tuple) else None
