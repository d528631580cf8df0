"""Every file the build writes goes through here.

A file is written to a temporary name beside it and renamed over it, so a
reader (a web server, the next build, a crashed build's successor) sees the old
bytes or the new ones, never half of them. A file whose bytes would not change
is not touched, so its modification time says when it last changed. Files are
readable by all (0666, folders 0777, less the umask), as a web server running
as another user needs: the temporary file would otherwise keep mkstemp's 0600.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from generator.parallel import forked
from generator.problems import DigestError

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

    Returns the files written (new or changed) and how many stale ones were removed. A changed
    file is replaced atomically; a new one is created in place (a temporary file and a rename
    each was 5 s of a first build's 21,500 sources): this function's next run compares every
    file's bytes, so one left half-written by a killed build is written again.
    """
    make_folder(folder)
    wanted: dict[str, str] = {}
    for name, text in files:
        if name in wanted:
            raise ValueError(f"two generated files would be {folder / name}")
        wanted[name] = text
    there = set(os.listdir(folder))
    written = [
        folder / name
        for name, text in wanted.items()
        if (write_text(folder / name, text) if name in there else create_new(folder / name, text.encode("utf-8")))
    ]
    removed = 0
    for stale in folder.glob(pattern):
        if stale.name not in wanted:
            stale.unlink()
            removed += 1
    return written, removed


def create_new(path: Path, data: bytes) -> bool:
    """Create `path` with `data` in place (FileExistsError if it is there); 0666 less the umask, as FILE_MODE."""
    with open(path, "xb") as handle:
        handle.write(data)
    return True


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def discard_tree(path: Path, trash: Path) -> None:
    """Remove a folder without waiting for it: moved into `trash` and deleted there by a detached
    `rm`, with whatever an earlier one left (killed, or still at work). A replaced site is tens of
    thousands of files; unlinking them would cost a rebuild seconds. Removed here and now when it
    cannot be moved (another file system) or `rm` cannot be started."""
    make_folder(trash)
    moved = trash / f"{path.name}.{os.getpid()}.{time.monotonic_ns()}"
    try:
        path.rename(moved)
        # sh starts rm in the background and exits: rm is nobody's child to wait for, and
        # in a session of its own, a Ctrl-C meant for the build does not stop it.
        subprocess.run(
            ["sh", "-c", 'rm -rf -- "$@" &', "sh", *sorted(str(entry) for entry in trash.iterdir())],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        remove_tree(moved if moved.exists() else path)


def save_pickle(path: Path, value: object) -> None:
    """A cache file, written atomically (a reader never sees half of one)."""
    write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def load_pickle(path: Path) -> Any:
    """A cache file's value, or None when it is missing or unreadable (then it is rebuilt)."""
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, IndexError):
        return None


# A record of the files of the site in output/: path -> (key, size, mtime_ns). The key says
# what the file holds (a hash of its bytes, or of what it was made from); size and mtime say
# whether it is still as the build that recorded it left it.
Record = Mapping[str, tuple[str, int, int]]


def load_record(path: Path) -> dict[str, tuple[str, int, int]]:
    """A record a build saved; empty when it is missing or damaged (then nothing is reused)."""
    try:
        files = json.loads(path.read_bytes())["files"]
        return {name: (str(key), int(size), int(mtime)) for name, (key, size, mtime) in files.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def save_record(path: Path, site: Path, keys: Mapping[str, str]) -> None:
    """Record these files of `site` with their keys, sizes and modification times."""
    files = {}
    for name in sorted(keys):
        found = os.stat(site / name)
        files[name] = [keys[name], found.st_size, found.st_mtime_ns]
    write_text(path, json.dumps({"files": files}, separators=(",", ":")))


def link_previous(previous: Path, name: str, record: Record, key: str, target: Path) -> bool:
    """Hard-link (or copy) the previous site's file `name` to `target` if the record gives it
    this key and the file is still as the record says; False, touching nothing, otherwise."""
    known = record.get(name)
    if known is None or known[0] != key:
        return False
    source = previous / name
    try:
        found = os.stat(source)
    except OSError:
        return False
    if (found.st_size, found.st_mtime_ns) != known[1:]:  # changed since: not what the key says
        return False
    make_folder(target.parent)
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copy2(source, target)
    return True


class OutputClash(DigestError):
    """Two files of the site, a page or an output, would have one path."""


# Text packed (gzipped) in one batch: the outputs a batch holds before it is packed on both cores, so
# memory holds a batch, not every output's text at once (at 1,000 days the outputs' text is ~300 MB).
PACK_BATCH_BYTES = 64 * 1024 * 1024
PARALLEL_PACK_BYTES = 4 * 1024 * 1024  # less to pack than this: a second process costs more than it saves

Packer = Callable[[bytes], bytes]
Output = tuple[str, str | bytes, Packer | None, str]  # name, content, how it is packed (or None), the packing's name


class SiteFiles:
    """Writes the files of a site being built beside output/ (the build's staging folder).

    Nobody reads that folder before it is swapped in whole, so a file is created in
    place, not through a temporary name. A file whose bytes hash as the previous site's
    copy did (`record`, saved by the last build) is hard-linked from it instead: at
    20,000 papers the build writes some 40,000 small files (search fragments, BibTeX),
    nearly all unchanged from one day to the next, and a link costs a tenth of a write.
    A packed (gzipped) file that is not linked is packed with others on `workers` processes
    (`write_all`): gzip at level 9 was 5 s of a full build at 1,000 days, on one core.
    """

    def __init__(
        self, site: Path, previous: Path | None = None, record: Record | None = None, workers: int = 1
    ) -> None:
        self.site = site
        self.previous = previous
        self.record = record or {}
        self.workers = workers
        self.keys: dict[str, str] = {}  # what this build wrote: path -> hash of its bytes
        self.linked = 0
        self._folders: set[Path] = set()

    def apart(self) -> SiteFiles:
        """Files of the same site written by another process, on its own core: it gives back its `keys` and
        `linked` to `absorb`."""
        return SiteFiles(self.site, self.previous, self.record, workers=1)

    def absorb(self, keys: Mapping[str, str], linked: int) -> None:
        """Take the files another process wrote (`apart`)."""
        clash = sorted(self.keys.keys() & keys.keys())
        if clash:
            raise OutputClash(f"two outputs would be written to {clash[0]}")
        self.keys.update(keys)
        self.linked += linked

    def write(self, name: str, content: str | bytes, pack: Packer | None = None, packing: str = "") -> None:
        """Write `content` at `name`, or link the previous site's copy. With `pack` (say gzip), the file
        holds pack(content) and is keyed by `packing` (what the packer is) and the content: an unchanged
        file is linked without being packed again (gzip at level 9 was 5 s of a new day's 33)."""
        self.write_all([(name, content, pack, packing)])

    def write_all(self, outputs: Iterable[Output]) -> None:
        """write() each output; those to pack are packed in batches, each shared among the processes."""
        batch: list[tuple[str, bytes, Packer]] = []
        size = 0
        for name, content, pack, packing in outputs:
            data = self._unlinked(name, content, pack, packing)
            if data is None:
                continue
            if pack is None:
                _create(self.site, name, data)
                continue
            batch.append((name, data, pack))
            size += len(data)
            if size >= PACK_BATCH_BYTES:
                self._pack(batch, size)
                batch, size = [], 0
        self._pack(batch, size)

    def _unlinked(self, name: str, content: str | bytes, pack: Packer | None, packing: str) -> bytes | None:
        """The bytes to write at `name` (before packing); None when the previous site's copy was linked."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        if name in self.keys:
            raise OutputClash(f"two outputs would be written to {name}")
        salt = packing.encode("utf-8") + b"\0" if pack else b""
        key = hashlib.blake2b(salt + data, digest_size=16).hexdigest()
        self.keys[name] = key
        target = self.site / name
        if self.previous is not None and link_previous(self.previous, name, self.record, key, target):
            self.linked += 1
            return None
        if target.parent not in self._folders:
            make_folder(target.parent)
            self._folders.add(target.parent)
        return data

    def _pack(self, batch: list[tuple[str, bytes, Packer]], size: int) -> None:
        """Pack and create the batch's files: on `workers` processes (each its share of the bytes) when it is large."""
        if not batch:
            return
        shares = self.workers if size >= PARALLEL_PACK_BYTES else 1
        forked([lambda share=share: _pack_all(self.site, share) for share in _shares(batch, shares)])


def _shares(batch: list[tuple[str, bytes, Packer]], count: int) -> list[list[tuple[str, bytes, Packer]]]:
    """The batch dealt into `count` shares of about equal bytes (the largest file first, to the lightest share)."""
    shares: list[list[tuple[str, bytes, Packer]]] = [[] for _ in range(count)]
    sizes = [0] * count
    for item in sorted(batch, key=lambda item: -len(item[1])):
        lightest = sizes.index(min(sizes))
        shares[lightest].append(item)
        sizes[lightest] += len(item[1])
    return [share for share in shares if share]


def _pack_all(site: Path, share: list[tuple[str, bytes, Packer]]) -> None:
    for name, data, pack in share:
        _create(site, name, pack(data))


def _create(site: Path, name: str, data: bytes) -> None:
    # A new file, never a write through a link to the previous site.
    try:
        create_new(site / name, data)
    except FileExistsError:
        raise OutputClash(f"two files would be written to {name}: a page and an output") from None
