"""Every file the build writes goes through here.

A file is written to a temporary name beside it and renamed over it, so a
reader (a web server, the next build, a crashed build's successor) sees the old
bytes or the new ones, never half of them. A file whose bytes would not change
is not touched, so its modification time says when it last changed. Files are
readable by all (0666, folders 0777, less the umask), as a web server running
as another user needs: the temporary file would otherwise keep mkstemp's 0600.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

TEMPORARY = ".tmp"  # the ending of a file being written; a killed writer may leave one


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_umask()


def make_folder(path: Path) -> None:
    """The folder and its parents, 0777 less the umask (mkdir's default)."""
    path.mkdir(parents=True, exist_ok=True)


def write_bytes(path: Path, data: bytes) -> bool:
    """Write atomically, and only when the bytes differ; True if written."""
    try:
        if path.read_bytes() == data:
            return False
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        pass
    with atomic_writer(path) as handle:
        handle.write(data)
    return True


@contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write `path` through: it replaces `path` only once the block ends without error."""
    make_folder(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMPORARY)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> bool:
    return write_bytes(path, text.encode("utf-8"))


def copy_file(source: Path, target: Path) -> bool:
    return write_bytes(target, source.read_bytes())


def sync_folder(folder: Path, files: Iterable[tuple[str, str]], pattern: str = "*.md") -> tuple[list[Path], int]:
    """Make `folder` hold exactly these (name, text) files among those matching `pattern`.

    Returns the files written (new or changed) and how many stale ones were removed.
    """
    make_folder(folder)
    wanted: dict[str, str] = {}
    for name, text in files:
        if name in wanted:
            raise ValueError(f"two generated files would be {folder / name}")
        wanted[name] = text
    written = [folder / name for name, text in wanted.items() if write_text(folder / name, text)]
    removed = 0
    for stale in folder.glob(pattern):
        if stale.name not in wanted:
            stale.unlink()
            removed += 1
    return written, removed


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def save_pickle(path: Path, value: object) -> None:
    """A cache file, written atomically (a reader never sees half of one)."""
    write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def load_pickle(path: Path) -> Any:
    """A cache file's value, or None when it is missing or unreadable (then it is rebuilt)."""
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, IndexError):
        return None
