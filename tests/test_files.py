"""Files: atomic, only when changed, readable by all."""

from __future__ import annotations

import os
import stat

import pytest

from generator.files import FILE_MODE, copy_file, load_pickle, save_pickle, sync_folder, write_text


def test_write_text_skips_identical_bytes(tmp_path):
    path = tmp_path / "a.md"
    assert write_text(path, "x") is True
    mtime = path.stat().st_mtime_ns
    assert write_text(path, "x") is False
    assert path.stat().st_mtime_ns == mtime
    assert write_text(path, "y") is True and path.read_text() == "y"


def test_written_files_and_folders_are_readable_by_all(tmp_path):
    old = os.umask(0o022)
    try:
        write_text(tmp_path / "deep" / "er" / "a.json", "{}")
        copy_file(tmp_path / "deep" / "er" / "a.json", tmp_path / "copy" / "b.json")
        save_pickle(tmp_path / "cache" / "c.pickle", {"a": 1})
    finally:
        os.umask(old)
    assert FILE_MODE & 0o444 == 0o444
    for path in tmp_path.rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), (path, oct(mode))


def test_no_temporary_file_is_left_behind(tmp_path):
    write_text(tmp_path / "a.txt", "1")
    write_text(tmp_path / "a.txt", "2")
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_sync_folder_removes_stale_sources_and_refuses_duplicates(tmp_path):
    (tmp_path / "old.md").write_text("x")
    written, removed = sync_folder(tmp_path, [("a.md", "1"), ("b.md", "2")])
    assert sorted(p.name for p in written) == ["a.md", "b.md"] and removed == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]
    with pytest.raises(ValueError, match="two generated files"):
        sync_folder(tmp_path, [("a.md", "1"), ("a.md", "2")])


def test_a_cache_file_that_is_missing_or_damaged_reads_as_none(tmp_path):
    path = tmp_path / "c.pickle"
    assert load_pickle(path) is None
    save_pickle(path, [1, 2])
    assert load_pickle(path) == [1, 2]
    path.write_bytes(path.read_bytes()[:5])  # half of one, as a killed writer would leave it
    assert load_pickle(path) is None
