"""Per-paper outputs kept between builds: a new day's build analyses the new day's papers, not every paper.

The search index's weights need every paper (BM25's idf and average field lengths), but what they
are computed from is per paper: each field's term counts (search_index.Analysis), a function of
the paper's texts alone. Analysing a text (splitting, British spelling, Porter stemming) is what
costs; the weights from the counts are a few numpy passes (search_index.build_from). So the build
cache keeps one file, {key: what the build made}, the key a hash of exactly what a value is made
from: a paper's search texts for its analysis; the fields of its BibTeX entry and the site's URL
for its entry. A build takes what it finds, computes the rest, and writes back exactly what it
used: a removed or changed paper drops out, and the file never grows past the digest.

The file holds a SHA-256 of its pickle first, then the pickle of {format, code, values}: `code` is
a hash of the modules that compute the values (and lunr's version, its stemmer's), so a store
from other code, another format, damaged or half-written is ignored and everything recomputed,
never trusted. Other settings are in each value's key (the site's URL in a BibTeX entry's).

The export records are not kept: a record holds nearly every fact of a paper, and hashing them
all (a pickle of the paper) costs what writing the record does.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Sequence
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from generator.files import atomic_writer
from generator.outputs import bibtex, search_index
from generator.outputs.search import SearchDoc
from generator.parallel import PARALLEL_FROM, chunked_map

FILE = "kept-outputs.pickle"  # in the build cache
FORMAT = 1
DIGEST = 32  # bytes of SHA-256 before the pickle


@cache
def code_version() -> str:
    """The code the kept values come from: its modules, the spelling tables and lunr's stemmer."""
    from generator import spelling

    digest = hashlib.sha256(f"{FORMAT}\0{version('lunr')}\0".encode())
    for module in (search_index, bibtex, spelling):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()


def value_key(kind: str, parts: Sequence[Any]) -> str:
    """A hash of a value's kind and everything it is made from (strings, numbers, None), each part told apart."""
    digest = hashlib.blake2b(kind.encode(), digest_size=16)
    for part in parts:
        text = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else repr(part).encode()
        digest.update(b"%s%d:" % (b"s" if isinstance(part, str) else b"r", len(text)))
        digest.update(text)
    return digest.hexdigest()


class KeptOutputs:
    """The store in `path`: values taken when their key is kept, computed (and kept) otherwise."""

    def __init__(self, path: Path, workers: int = 1) -> None:
        self.path = path
        self.workers = workers  # processes for analyses when many are new (a full build)
        self.kept: dict[str, Any] = load_values(path)
        self.used: dict[str, Any] = {}
        self.made: dict[str, Any] = {}  # values this build computed, not taken from the store

    @property
    def computed(self) -> int:
        return len(self.made)

    def absorb(self, made: dict[str, Any]) -> None:
        """Take values computed by a forked process (which gives back its `made`)."""
        self.made.update(made)
        self.used.update(made)

    def value(self, kind: str, parts: Sequence[Any], compute: Callable[[], Any]) -> Any:
        key = value_key(kind, parts)
        found = self.used.get(key)
        if found is None:
            found = self.kept.get(key)
        if found is None:
            found = self.made[key] = compute()
        self.used[key] = found
        return found

    def analyses(self, docs: Sequence[SearchDoc]) -> list[search_index.Analysis]:
        """Each doc's search analysis (search_index.Analyzer of its texts), kept or made: the new ones on
        `workers` processes when there are many (an analysis is a function of its texts alone)."""
        texts = [doc.texts() for doc in docs]
        keys = [value_key("analysis", each) for each in texts]
        known = self.used.keys() | self.kept.keys()
        new = {key: each for key, each in zip(keys, texts, strict=True) if key not in known}
        workers = self.workers if len(new) >= PARALLEL_FROM else 1
        made = dict(zip(new, chunked_map(_analyse_all, list(new.values()), workers), strict=True))
        self.made.update(made)
        for key in keys:
            self.used[key] = made[key] if key in made else self.used.get(key, self.kept.get(key))
        return [self.used[key] for key in keys]

    def save(self) -> None:
        """Keep exactly the values this build used; nothing is written when they are the ones kept."""
        if self.used.keys() != self.kept.keys():
            save_values(self.path, self.used)


def _analyse_all(texts: Sequence[tuple[str, ...]]) -> list[search_index.Analysis]:
    analyze = search_index.Analyzer()  # one a share: each distinct word is analysed once in it
    return [analyze(each) for each in texts]


def load_values(path: Path) -> dict[str, Any]:
    """The values kept in `path`; {} when it is missing, damaged, or from another format or code."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    body = memoryview(data)[DIGEST:]
    if len(data) <= DIGEST or hashlib.sha256(body).digest() != data[:DIGEST]:
        return {}
    try:
        saved = pickle.loads(body)
    except Exception:  # a pickle of other code: any failure means compute afresh
        return {}
    if not isinstance(saved, dict) or saved.get("format") != FORMAT or saved.get("code") != code_version():
        return {}
    values = saved.get("values")
    return values if isinstance(values, dict) else {}


def save_values(path: Path, values: dict[str, Any]) -> None:
    body = pickle.dumps({"format": FORMAT, "code": code_version(), "values": values}, protocol=pickle.HIGHEST_PROTOCOL)
    with atomic_writer(path) as handle:
        handle.write(hashlib.sha256(body).digest())
        handle.write(body)
