"""One build at a time per project: an OS lock on a file in the cache folder.

Builds share more than their output folder: the generated sources in content/,
the caches and the staging folders. A second build (or `serve`'s rebuild)
waits for the first, or with `wait=False` stops at once. The lock is
`fcntl.flock`, which the kernel releases when its holder exits, however it
dies: a lock file left behind by a killed build never blocks the next one. The
file holds the holder's pid, only to say whom we are waiting for.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.files import make_folder
from generator.problems import DigestError

LOCK_FILE = "build.lock"


class BuildLocked(DigestError):
    """Another build of this project is in progress, and we were told not to wait."""


def _holder(fd: int) -> str:
    try:
        return os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
    except OSError:
        return "unknown"


@contextmanager
def build_lock(cache: Path, wait: bool = True, report: Callable[[str], None] = lambda message: None) -> Iterator[None]:
    """Hold the project's build lock for the duration of the block."""
    make_folder(cache)
    fd = os.open(cache / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _holder(fd)
            if not wait:
                raise BuildLocked(f"another build is in progress (pid {pid}); not waiting (--no-wait)") from None
            report(f"waiting for the build in progress, pid {pid}")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
