"""What the build parsed, kept in one store: what is taken from it equals what parsing gives."""

from __future__ import annotations

import pickle
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import generator.inputs.parsed
import generator.parallel
from generator.config import Config
from generator.inputs.ingest import find_dumps, ingest_files, ingest_parsed, parse_input, read_files
from generator.inputs.observations import save_observation
from generator.inputs.parsed import ParsedStore, input_units
from tests.support.paths import RECORDED_ANSWERS, fixture_dump

DUMPS = ["full_metadata.txt", "one_author.txt", "bad_metadata.txt"]
DAY = RECORDED_ANSWERS / "daily_papers_2025-12-09.json"


def counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the dumps parsed from now on."""
    parsed: list[str] = []

    def parse(data: bytes, name: str):
        parsed.append(name)
        return parse_input(data, name)

    monkeypatch.setattr(generator.inputs.parsed, "parse_input", parse)
    return parsed


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three text dumps and a fetched day of three answers (a file and two lines of changes)."""
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    for name in DUMPS:
        shutil.copy(fixture_dump(name), dumps / name)
    body = DAY.read_bytes()
    for hour, upvotes in ((6, b"31"), (7, b"45"), (8, b"52")):
        later = body.replace(b'"upvotes": 31', b'"upvotes": ' + upvotes, 1)
        save_observation(dumps, date(2025, 12, 9), later, datetime(2025, 12, 10, hour, tzinfo=UTC))
    return dumps


def build_input(folder: Path, store: Path):
    """What a build gets from the store: the ingest of every dump, and the store's count of parsed units."""
    files, unreadable = read_files(find_dumps(folder))
    kept = ParsedStore(store)
    parsed, problems = kept.parse(files)
    kept.save()
    return ingest_parsed(parsed, Config(), unreadable=unreadable + problems), kept.parsed


def test_an_input_is_parsed_once_and_then_taken_as_it_was(folder, tmp_path, monkeypatch):
    parsed = counting(monkeypatch)
    store = tmp_path / "parsed.pickle"
    first, first_units = build_input(folder, store)
    written = store.stat().st_mtime_ns
    again, again_units = build_input(folder, store)
    assert (first_units, again_units) == (4, 0)  # three text dumps and one day
    assert len(parsed) == len(DUMPS) + 3  # each answer of the day once
    assert store.stat().st_mtime_ns == written  # nothing came or went: the store is not written again
    assert again == first == ingest_files(find_dumps(folder), Config())  # problems (bad_metadata.txt) included
    assert first.problems and len(first.papers) > 18


def test_a_day_with_a_new_answer_is_parsed_again_and_nothing_else(folder, tmp_path, monkeypatch):
    store = tmp_path / "parsed.pickle"
    build_input(folder, store)
    parsed = counting(monkeypatch)
    later = DAY.read_bytes().replace(b'"upvotes": 31', b'"upvotes": 60', 1)
    save_observation(folder, date(2025, 12, 9), later, datetime(2025, 12, 11, tzinfo=UTC))
    found, units = build_input(folder, store)
    assert units == 1 and len(parsed) == 4  # the day, all four of its answers; no text dump
    assert found == ingest_files(find_dumps(folder), Config())


def test_a_removed_input_leaves_the_store(folder, tmp_path):
    store = tmp_path / "parsed.pickle"
    build_input(folder, store)
    (folder / DUMPS[0]).unlink()
    found, units = build_input(folder, store)
    assert units == 0 and found == ingest_files(find_dumps(folder), Config())
    assert len(pickle.loads(store.read_bytes())["units"]) == len(DUMPS)  # two text dumps and the day


def test_a_day_is_one_unit_and_its_texts_are_stored_once(folder, tmp_path):
    files, _ = read_files(find_dumps(folder))
    assert [len(unit) for unit in input_units(files)] == [1, 1, 1, 2]  # the day: its file and its changes
    store = tmp_path / "parsed.pickle"
    build_input(folder, store)
    day_answer = len(DAY.read_bytes())
    # three answers of one day, pickled: their texts once, so far less than three answers
    day_only = tmp_path / "day.pickle"
    kept = ParsedStore(day_only)
    kept.parse([f for f in files if f.name.startswith("hf/")])
    kept.save()
    assert day_only.stat().st_size < 1.5 * day_answer


def test_many_new_inputs_are_parsed_on_two_cores_as_on_one(folder, tmp_path, monkeypatch):
    shares = []

    def chunked_map(task, items, workers):
        shares.append(workers)
        return generator.parallel.chunked_map(task, items, workers)

    monkeypatch.setattr(generator.inputs.parsed, "chunked_map", chunked_map)
    monkeypatch.setattr(generator.inputs.parsed, "PARALLEL_UNITS", 2)
    files, _ = read_files(find_dumps(folder))
    one, two = ParsedStore(tmp_path / "one.pickle"), ParsedStore(tmp_path / "two.pickle")
    assert one.parse(files, workers=1) == two.parse(files, workers=2)
    assert shares == [1, 2] and one.parsed == two.parsed == 4
    assert {key: pickle.loads(unit) for key, unit in one.used.items()} == {
        key: pickle.loads(unit) for key, unit in two.used.items()
    }
    # few new ones: parsed here, as forking would cost more than it saves
    monkeypatch.setattr(generator.inputs.parsed, "PARALLEL_UNITS", 16)
    assert ParsedStore(tmp_path / "few.pickle").parse(files, workers=2) == one.parse(files)
    assert shares[2] == 1


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps({"code": "another", "units": {}})])
def test_a_damaged_or_foreign_store_is_parsed_afresh(folder, tmp_path, monkeypatch, damage):
    store = tmp_path / "parsed.pickle"
    first, _ = build_input(folder, store)
    store.write_bytes(damage)
    parsed = counting(monkeypatch)
    again, units = build_input(folder, store)
    assert units == 4 and len(parsed) == len(DUMPS) + 3 and again == first


def test_a_build_pickles_only_what_it_parsed_and_a_damaged_unit_is_parsed_again(folder, tmp_path, monkeypatch):
    store = tmp_path / "parsed.pickle"
    build_input(folder, store)
    before = pickle.loads(store.read_bytes())["units"]
    (folder / DUMPS[0]).write_bytes(fixture_dump(DUMPS[0]).read_bytes() + b"\n")  # one text dump changed
    monkeypatch.setattr(pickle, "dumps", counted := _CountingDumps(pickle.dumps))
    build_input(folder, store)
    monkeypatch.undo()
    after = pickle.loads(store.read_bytes())["units"]
    assert counted.calls == 2  # the changed dump's unit, then the store around the units' bytes
    assert len(after.keys() - before.keys()) == 1
    assert all(after[key] == before[key] for key in after.keys() & before.keys())  # written back as they were read
    damaged = {key: b"not a pickle" if number == 0 else unit for number, (key, unit) in enumerate(after.items())}
    store.write_bytes(pickle.dumps({**pickle.loads(store.read_bytes()), "units": damaged}))
    parsed = counting(monkeypatch)
    again, units = build_input(folder, store)
    assert units == 1 and len(parsed) == 1  # the damaged unit alone
    assert again == ingest_files(find_dumps(folder), Config())


class _CountingDumps:
    def __init__(self, dumps) -> None:
        self.dumps, self.calls = dumps, 0

    def __call__(self, *args, **kwargs) -> bytes:
        self.calls += 1
        return self.dumps(*args, **kwargs)
