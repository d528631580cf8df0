"""Pelican's content cache, written atomically and checked before it is trusted.

Pelican pickles its reader cache straight into `CACHE_PATH` and, on the next
run, unpickles whatever it finds: a build killed while saving leaves half a
pickle, which Pelican then fails on (EOFError) or warns about (failing a strict
build). Here every cache file is written through `files.atomic_writer`, with a
SHA-256 of its bytes beside it; before Pelican runs, a cache file without a
matching checksum is deleted, so Pelican starts that cache afresh. Checking
costs one hash of the cache (about 0.1 s per 100 MB).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from generator.files import TEMPORARY, atomic_writer, write_text

CHECKSUM = ".sha256"


class _Hashing:
    """A file that hashes what is written to it (pickle needs only `write`)."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.sha = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        return self.handle.write(data)


@contextmanager
def cache_open(path: str, mode: str = "rb") -> Iterator[Any]:
    """Pelican's `_cache_open`: reads as `open` does; writes atomically, then the checksum."""
    if "w" not in mode:
        with open(path, mode) as handle:
            yield handle
        return
    with atomic_writer(Path(path)) as handle:
        hashing = _Hashing(handle)
        yield hashing
    write_text(Path(path + CHECKSUM), hashing.sha.hexdigest())


def drop_damaged(cache_path: Path) -> list[Path]:
    """Delete every cache file whose checksum is missing or does not match, and stray temporaries."""
    dropped = []
    if not cache_path.is_dir():
        return dropped
    for path in sorted(cache_path.iterdir()):
        if path.name.endswith(CHECKSUM) or not path.is_file():
            continue
        checksum = path.with_name(path.name + CHECKSUM)
        intact = (
            not path.name.endswith(TEMPORARY)
            and checksum.is_file()
            and checksum.read_text("ascii").strip() == hashlib.sha256(path.read_bytes()).hexdigest()
        )
        if not intact:
            path.unlink()
            checksum.unlink(missing_ok=True)
            dropped.append(path)
    return dropped


def atomic_caches(generator: Any) -> None:
    """Receiver of Pelican's generator_init: the generator's and its readers' caches save atomically.

    The cache was loaded (by Pelican's own open) before this signal; `drop_damaged` ran before that.
    """
    for cacher in (generator, getattr(generator, "readers", None)):
        if cacher is not None and hasattr(cacher, "_cache_open"):
            cacher._cache_open = cache_open


def hash_sources_once(generator: Any) -> None:
    """Receiver of Pelican's article_generator_init and page_generator_init: each source is hashed
    once a run. Pelican hashes a source each time the generator or its readers look it up in a
    cache or store it, three times a source (a third of reading 20,000 cached sources); sources
    do not change while Pelican runs."""
    stamp = getattr(generator, "_filestamp_func", None)
    if stamp is None:
        return
    once = functools.cache(stamp)
    for cacher in (generator, getattr(generator, "readers", None)):
        if getattr(cacher, "_filestamp_func", None) is not None:
            cacher._filestamp_func = once
