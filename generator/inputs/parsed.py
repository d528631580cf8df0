"""Parsed dumps kept between builds: a dump whose bytes did not change is not parsed again.

A digest grows by a dump a day, so a build parses one new dump and takes every other
from the cache: one pickle per dump, named by a hash of the dump's name, its bytes and
the parsing code (`generator/inputs/` and the model). At 20,000 papers that turns 1.3 s
of parsing into 0.2 s of reading. A damaged or foreign cache file is parsed afresh.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from generator import model
from generator.files import load_pickle, make_folder, save_pickle
from generator.inputs.ingest import Parsed, parse_input

ENDING = ".pickle"


@cache
def _code_version() -> bytes:
    """The parsing code: every module of this package, and the model it makes."""
    digest = hashlib.sha256()
    for path in (*sorted(Path(__file__).parent.glob("*.py")), Path(model.__file__)):
        digest.update(path.read_bytes())
    return digest.digest()


class ParsedDumps:
    """`parse_input`, remembering its results in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()

    def parse(self, data: bytes, name: str) -> Parsed:
        key = hashlib.sha256(_code_version() + name.encode() + b"\0" + data).hexdigest()[:32]
        self.used.add(key + ENDING)
        path = self.folder / (key + ENDING)
        kept = load_pickle(path)
        if isinstance(kept, tuple) and len(kept) == 2:
            return kept
        parsed = parse_input(data, name)
        save_pickle(path, parsed)
        return parsed

    def forget_unused(self) -> None:
        """Remove the files of dumps this build did not parse (removed or changed since)."""
        make_folder(self.folder)
        for path in self.folder.iterdir():
            if path.name not in self.used:
                path.unlink(missing_ok=True)
