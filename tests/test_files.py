"""Files: atomic, only when changed, readable by all."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from generator import files, parallel
from generator.files import (
    FILE_MODE,
    OutputClash,
    SiteFiles,
    copy_file,
    discard_tree,
    load_pickle,
    load_record,
    save_pickle,
    save_record,
    sync_folder,
    write_text,
)
from generator.outputs.gzipped import inflated, packer


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


# The site being built: outputs created in place, unchanged ones linked from the previous site


def site_files(tmp_path, previous=None, record=None):
    site = tmp_path / "staging"
    site.mkdir(exist_ok=True)
    return SiteFiles(site, previous, record)


def test_site_files_are_created_readable_by_all(tmp_path):
    old = os.umask(0o022)
    try:
        out = site_files(tmp_path)
        out.write("search/papers/00001.json", "[1]")
        out.write("papers.bib", b"@misc{}")
    finally:
        os.umask(old)
    assert (out.site / "search/papers/00001.json").read_text() == "[1]"
    for path in out.site.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o755 if path.is_dir() else 0o644), path


def test_unchanged_outputs_are_linked_from_the_previous_site_and_changed_ones_written(tmp_path):
    first = site_files(tmp_path)
    first.write("a.json", "same")
    first.write("b.json", "old")
    previous = tmp_path / "output"
    first.site.rename(previous)
    save_record(tmp_path / "outputs.json", previous, first.keys)

    again = site_files(tmp_path, previous, load_record(tmp_path / "outputs.json"))
    again.write("a.json", "same")
    again.write("b.json", "new")
    again.write("c.json", "added")
    assert again.linked == 1
    assert os.path.samefile(again.site / "a.json", previous / "a.json")
    assert (again.site / "b.json").read_text() == "new" and (previous / "b.json").read_text() == "old"
    assert (again.site / "c.json").read_text() == "added"


def test_a_packed_output_is_linked_unpacked_when_its_text_and_packing_are_unchanged(tmp_path):
    packed: list[bytes] = []

    def pack(data: bytes) -> bytes:
        packed.append(data)
        return data[::-1]

    first = site_files(tmp_path)
    first.write("a.json.gz", "same", pack, "reversed v1")
    first.write("b.json.gz", "same", pack, "reversed v1")
    previous = tmp_path / "output"
    first.site.rename(previous)
    save_record(tmp_path / "outputs.json", previous, first.keys)
    assert (previous / "a.json.gz").read_bytes() == b"emas" and len(packed) == 2

    again = site_files(tmp_path, previous, load_record(tmp_path / "outputs.json"))
    again.write("a.json.gz", "same", pack, "reversed v1")  # linked: not packed again
    again.write("b.json.gz", "same", pack, "reversed v2")  # another packer (a new zlib): packed again
    assert again.linked == 1 and packed == [b"same", b"same", b"same"]
    assert os.path.samefile(again.site / "a.json.gz", previous / "a.json.gz")
    assert (again.site / "b.json.gz").read_bytes() == b"emas"


def test_a_previous_file_changed_since_its_record_is_not_linked(tmp_path):
    first = site_files(tmp_path)
    first.write("a.json", "same")
    previous = tmp_path / "output"
    first.site.rename(previous)
    save_record(tmp_path / "outputs.json", previous, first.keys)
    (previous / "a.json").write_text("edited by hand")  # another size: the record no longer holds

    again = site_files(tmp_path, previous, load_record(tmp_path / "outputs.json"))
    again.write("a.json", "same")
    assert again.linked == 0 and (again.site / "a.json").read_text() == "same"
    assert (previous / "a.json").read_text() == "edited by hand"


def test_a_damaged_record_reuses_nothing(tmp_path):
    (tmp_path / "outputs.json").write_text('{"files": {"a.json": ["k", "x"]}}')
    assert load_record(tmp_path / "outputs.json") == {}
    assert load_record(tmp_path / "missing.json") == {}


def test_two_outputs_to_one_path_or_an_output_over_a_page_are_one_line_errors(tmp_path):
    out = site_files(tmp_path)
    out.write("a.json", "1")
    with pytest.raises(OutputClash, match=r"two outputs would be written to a\.json"):
        out.write("a.json", "2")
    (out.site / "index.html").write_text("a page")
    with pytest.raises(OutputClash, match=r"index\.html: a page and an output"):
        out.write("index.html", "3")
    assert (out.site / "index.html").read_text() == "a page"


def test_a_discarded_tree_is_gone_at_once_and_deleted_in_the_background(tmp_path):
    site = tmp_path / ".output.old"
    (site / "papers").mkdir(parents=True)
    for n in range(200):
        (site / "papers" / f"{n}.html").write_text("x")
    leftover = tmp_path / "trash" / ".output.old.1.2"  # what a killed deletion left
    leftover.mkdir(parents=True)
    discard_tree(site, tmp_path / "trash")
    assert not site.exists()
    for _ in range(500):
        if not any((tmp_path / "trash").iterdir()):
            break
        time.sleep(0.01)
    assert list((tmp_path / "trash").iterdir()) == []


def test_a_tree_that_cannot_be_moved_to_the_trash_is_deleted_at_once(tmp_path, monkeypatch):
    site = tmp_path / "old"
    site.mkdir()
    (site / "a").write_text("x")
    monkeypatch.setattr(Path, "rename", lambda self, target: (_ for _ in ()).throw(OSError(18, "cross-device link")))
    discard_tree(site, tmp_path / "trash")
    assert not site.exists()


def test_packed_outputs_are_packed_in_batches_on_two_cores_as_on_one(tmp_path, monkeypatch):
    shares: list[int] = []

    def forked(tasks):
        shares.append(len(tasks))
        return parallel.forked(tasks)

    monkeypatch.setattr(files, "forked", forked)
    monkeypatch.setattr(files, "PACK_BATCH_BYTES", 3000)  # a batch of about 3 outputs
    monkeypatch.setattr(files, "PARALLEL_PACK_BYTES", 2000)
    outputs = [(f"part/{n}.json.gz", f"{n} " * (100 + 300 * (n % 3)), *packer(".gz")) for n in range(10)]
    outputs.append(("plain.json", "not packed", None, ""))
    sites = []
    for workers in (1, 2):
        (tmp_path / str(workers)).mkdir()
        out = SiteFiles(tmp_path / str(workers) / "staging", workers=workers)
        out.site.mkdir()
        out.write_all(iter(outputs))
        sites.append({p.relative_to(out.site): p.read_bytes() for p in out.site.rglob("*") if p.is_file()})
    assert sites[0] == sites[1] and len(sites[0]) == 11
    assert inflated(sites[0][Path("part/4.json.gz")]) == "4 " * 400
    assert shares[: len(shares) // 2] == [1] * (len(shares) // 2)  # one process, each batch
    assert 2 in shares[len(shares) // 2 :] and len(shares) // 2 >= 3  # two, in several batches


def test_a_packed_output_on_a_page_is_a_clash_from_any_process(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "PARALLEL_PACK_BYTES", 0)
    out = SiteFiles(tmp_path / "staging", workers=2)
    out.site.mkdir()
    (out.site / "taken.json.gz").write_text("a page")
    # the larger output is packed here, the smaller (on the page) in the second process
    with pytest.raises(OutputClash, match=r"taken\.json\.gz"):
        out.write_all([("free.json.gz", "x" * 100, *packer(".gz")), ("taken.json.gz", "x", *packer(".gz"))])
    assert (out.site / "free.json.gz").is_file()


def test_sync_creates_new_files_readable_by_all_and_rewrites_one_left_half_written(tmp_path):
    old = os.umask(0o022)
    try:
        written, _ = sync_folder(tmp_path, [("a.md", "alpha"), ("b.md", "beta")])
    finally:
        os.umask(old)
    assert sorted(p.name for p in written) == ["a.md", "b.md"]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in written)
    (tmp_path / "b.md").write_text("be")  # a build killed while creating it
    written, _ = sync_folder(tmp_path, [("a.md", "alpha"), ("b.md", "beta")])
    assert [p.name for p in written] == ["b.md"] and (tmp_path / "b.md").read_text() == "beta"
