"""Is output/ already what this build would write? A fingerprint of every input.

A build is a pure function of its inputs: the dumps, the settings, the theme,
the hand-written pages, the taxonomy, lunr.js, our own code and the versions of
the libraries that render. When none of them changed and output/ is as the last
build left it, the build has nothing to do.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import generator
from generator.files import write_text

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
    for path in _files(output):
        stat = path.stat()
        digest.update(f"{path.relative_to(output)} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _record(cache: Path, output: Path) -> Path:
    return cache / "builds" / (hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:16] + ".json")


def is_up_to_date(cache: Path, output: Path, inputs: str) -> bool:
    record = _record(cache, output)
    if not output.is_dir() or not record.is_file():
        return False
    try:
        saved = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return saved.get("inputs") == inputs and saved.get("output") == output_fingerprint(output)


def remember(cache: Path, output: Path, inputs: str) -> None:
    write_text(_record(cache, output), json.dumps({"inputs": inputs, "output": output_fingerprint(output)}))


def forget(cache: Path, output: Path) -> None:
    _record(cache, output).unlink(missing_ok=True)
