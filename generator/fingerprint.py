"""Is output/ already what this build would write? A fingerprint of every input.

A build is a pure function of its inputs: the dumps, the settings, the theme,
the hand-written pages, the taxonomy, lunr.js, our own code and the versions of
the libraries that render. When none of them changed and output/ is as the last
build left it, the build has nothing to do. Their stamps (path, size, modification
time, inode) say so without reading them, unless a file changed just before they
were last taken.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import generator
from generator.files import load_pickle, save_pickle

LIBRARIES = ("pelican", "markdown", "jinja2", "lunr", "feedgen", "numpy", "scipy", "sparse-dot-topn")


def _files(folder: Path) -> Iterable[Path]:
    if folder.is_file():
        yield folder
    elif folder.is_dir():
        yield from sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def input_fingerprint(inputs: list[tuple[str, bytes]], paths: list[Path], options: dict[str, Any]) -> str:
    """Hash of the dumps' bytes, every file under `paths`, the options and library versions."""
    from importlib.metadata import version  # 0.15 s to import: not for a build that finds its stamps unchanged

    digest = hashlib.sha256()
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    digest.update(json.dumps({name: version(name) for name in LIBRARIES}, sort_keys=True).encode())
    for name, data in inputs:
        digest.update(f"dump {name} {len(data)}\n".encode())
        digest.update(data)
    for folder in [Path(generator.__file__).parent, *paths]:
        for path in _files(folder):
            data = path.read_bytes()
            digest.update(f"file {path} {len(data)}\n".encode())
            digest.update(data)
    return digest.hexdigest()


# A file changed this close before a build stamped its inputs may change again within the same tick of a
# coarse clock (FAT: 2 s) and keep its stamp: such stamps are not trusted, the bytes are hashed.
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Stamps:
    """Every input's path, size, modification time and inode, hashed: what `input_fingerprint`
    reads, known without reading it, at 1,000 days a second less for a build with nothing to do."""

    key: str
    newest_ns: int  # the newest modification time among them
    taken_ns: int  # when they were taken


def input_stamps(dumps: list[Path], paths: list[Path], options: dict[str, Any]) -> Stamps:
    """The stamps of the dumps, every file under `paths` and our code, the options, and the folders
    libraries are installed in (installing, upgrading or removing one adds or renames an entry there)."""
    taken = time.time_ns()
    digest = hashlib.sha256(json.dumps(options, sort_keys=True, default=str).encode())
    newest = 0
    stamped: list[tuple[str, os.stat_result | None]] = []
    for folder in [Path(generator.__file__).parent, *paths]:
        top = str(folder)
        if folder.is_dir():
            stamped += ((f"{top}/{name}", stat) for name, stat in _walk(top, "") if "__pycache__/" not in name)
        else:
            stamped.append((top, _stat(top)))
    stamped += ((str(path), _stat(str(path))) for path in dumps)
    stamped += ((entry, _stat(entry)) for entry in sys.path if entry and os.path.isdir(entry))
    for name, stat in stamped:
        if stat is None:
            digest.update(f"{name} missing\n".encode())
            continue
        digest.update(f"{name} {stat.st_size} {stat.st_mtime_ns} {stat.st_ino}\n".encode())
        newest = max(newest, stat.st_mtime_ns)
    return Stamps(digest.hexdigest(), newest, taken)


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def output_fingerprint(output: Path) -> str:
    """Hash of every output file's path, size and modification time (cheap: no reads)."""
    digest = hashlib.sha256()
    for name, stat in _walk(str(output), ""):
        digest.update(f"{name} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _walk(folder: str, prefix: str) -> Iterator[tuple[str, os.stat_result]]:
    """(path relative to the top, stat) of every file below `folder`, sorted; os.scandir
    reads each folder once, ten times faster than stat'ing Path.rglob's paths."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path, f"{prefix}{entry.name}/")
        else:
            yield f"{prefix}{entry.name}", entry.stat(follow_symlinks=False)


def _record(cache: Path, output: Path) -> Path:
    return cache / "builds" / (hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:16] + ".pickle")


def last_build(cache: Path, output: Path, inputs: str | None = None, stamps: Stamps | None = None) -> Any:
    """What `remember` kept of the last build, if it had these inputs (or inputs with these stamps,
    none changed too close before the last build took its own) and output/ is as it left it."""
    saved = load_pickle(_record(cache, output))
    if not isinstance(saved, dict) or not output.is_dir():
        return None
    if stamps is not None:
        last = saved.get("stamps")
        if not isinstance(last, Stamps) or last.key != stamps.key or last.newest_ns > last.taken_ns - RACY_NS:
            return None
    elif saved.get("inputs") != inputs:
        return None
    return saved.get("kept") if saved.get("output") == output_fingerprint(output) else None


def remember(cache: Path, output: Path, inputs: str, kept: object, stamps: Stamps | None = None) -> None:
    """Record that output/ is the build of `inputs` (stamped `stamps`), with what a later build must say again."""
    record = {"inputs": inputs, "stamps": stamps, "output": output_fingerprint(output), "kept": kept}
    save_pickle(_record(cache, output), record)


def restamp(cache: Path, output: Path, stamps: Stamps) -> None:
    """Give the last build's record these stamps: its inputs were touched, not changed, and `last_build`
    has just found output/ as that build left it (so it is not walked again: 36,000 stats at 1,000 days)."""
    path = _record(cache, output)
    saved = load_pickle(path)
    if isinstance(saved, dict):
        save_pickle(path, {**saved, "stamps": stamps})


def forget(cache: Path, output: Path) -> None:
    _record(cache, output).unlink(missing_ok=True)
