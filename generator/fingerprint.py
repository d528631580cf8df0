"""Is output/ already what this build would write? A fingerprint of every input.

A build is a pure function of its inputs: the dumps, the settings, the theme,
the hand-written pages, the taxonomy, lunr.js, our own code and the versions of
the libraries that render. When none of them changed and output/ is as the last
build left it, the build has nothing to do.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import generator
from generator.files import load_pickle, save_pickle

LIBRARIES = ("pelican", "markdown", "jinja2", "lunr", "feedgen", "scikit-learn", "numpy", "scipy")


def _files(folder: Path) -> Iterable[Path]:
    if folder.is_file():
        yield folder
    elif folder.is_dir():
        yield from sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def input_fingerprint(inputs: list[tuple[str, bytes]], paths: list[Path], options: dict[str, Any]) -> str:
    """Hash of the dumps' bytes, every file under `paths`, the options and library versions."""
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


def last_build(cache: Path, output: Path, inputs: str) -> Any:
    """What `remember` kept of the last build, if it had these inputs and output/ is as it left it."""
    saved = load_pickle(_record(cache, output))
    if not isinstance(saved, dict) or saved.get("inputs") != inputs or not output.is_dir():
        return None
    return saved.get("kept") if saved.get("output") == output_fingerprint(output) else None


def remember(cache: Path, output: Path, inputs: str, kept: object) -> None:
    """Record that output/ is the build of `inputs`, with what a later build must say again."""
    save_pickle(_record(cache, output), {"inputs": inputs, "output": output_fingerprint(output), "kept": kept})


def forget(cache: Path, output: Path) -> None:
    _record(cache, output).unlink(missing_ok=True)
