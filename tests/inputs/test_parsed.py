"""Parsed dumps kept between builds: what is taken from the cache equals what parsing gives."""

from __future__ import annotations

import pytest

import generator.inputs.parsed
from generator.config import Config
from generator.inputs.ingest import ingest, parse_input, read_inputs
from generator.inputs.parsed import ParsedDumps
from tests.support.paths import fixture_dump

DUMPS = ["full_metadata.txt", "one_author.txt", "bad_metadata.txt"]


def inputs() -> list[tuple[str, bytes]]:
    found, _ = read_inputs([fixture_dump(name) for name in DUMPS])
    return found


def counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []

    def parse(data: bytes, name: str):
        parsed.append(name)
        return parse_input(data, name)

    monkeypatch.setattr(generator.inputs.parsed, "parse_input", parse)
    return parsed


def test_a_dump_is_parsed_once_and_then_taken_as_it_was(tmp_path, monkeypatch):
    parsed = counting(monkeypatch)
    given = inputs()
    first = ingest(given, Config(), parse=ParsedDumps(tmp_path / "parsed").parse)
    again = ingest(given, Config(), parse=ParsedDumps(tmp_path / "parsed").parse)
    assert parsed == DUMPS
    assert again == first == ingest(given, Config())  # problems (bad_metadata.txt has some) included
    assert first.problems


def test_a_changed_dump_is_parsed_again_and_the_files_of_old_ones_removed(tmp_path, monkeypatch):
    parsed = counting(monkeypatch)
    given = inputs()
    ParsedDumps(tmp_path / "parsed").parse(*reversed(given[0]))
    changed = [(given[0][0], given[0][1].replace(b"Abstract", b"Abstract", 1) + b"\n"), *given[1:]]
    cache = ParsedDumps(tmp_path / "parsed")
    assert ingest(changed, Config(), parse=cache.parse) == ingest(changed, Config())
    cache.forget_unused()
    assert parsed == [DUMPS[0], *DUMPS]
    assert len(list((tmp_path / "parsed").iterdir())) == len(DUMPS)


def test_a_damaged_cache_file_is_parsed_afresh(tmp_path, monkeypatch):
    parsed = counting(monkeypatch)
    given = inputs()[:1]
    ingest(given, Config(), parse=ParsedDumps(tmp_path / "parsed").parse)
    [kept] = (tmp_path / "parsed").iterdir()
    kept.write_bytes(kept.read_bytes()[:50])
    assert ingest(given, Config(), parse=ParsedDumps(tmp_path / "parsed").parse) == ingest(given, Config())
    assert parsed == [DUMPS[0], DUMPS[0]]
