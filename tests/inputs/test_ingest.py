"""Ingest: the dump files read, parsed, dated and merged; a file that cannot be read is named."""

from __future__ import annotations

from pathlib import Path

from generator.config import Config
from generator.inputs.ingest import ingest_files
from tests.support.paths import fixture_dump


def test_a_file_that_cannot_be_read_is_an_error_saying_so(tmp_path: Path):
    unreadable = tmp_path / "folder.txt"
    unreadable.mkdir()  # root reads any file, so a folder stands in for what cannot be read
    found = ingest_files([fixture_dump("full_metadata.txt"), unreadable], Config())
    [error] = found.errors
    assert str(error).startswith("folder.txt: error: cannot read the file: ")
    assert "binary" not in str(error)
    assert found.failed_files == ["folder.txt"]
    assert len(found.papers) == 2  # the readable dump is still read


def test_two_dumps_with_one_file_name_are_an_error(tmp_path: Path):
    twin = tmp_path / "full_metadata.txt"
    twin.write_bytes(fixture_dump("full_metadata.txt").read_bytes())
    found = ingest_files([fixture_dump("full_metadata.txt"), twin], Config())
    assert [str(p) for p in found.errors] == ["full_metadata.txt: error: 2 dumps share this file name"]
