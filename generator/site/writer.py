"""One page per output path: Pelican's writer, refusing a second write to a path.

Pelican raises on some double writes and silently skips others (a page marked
`override_output` wins over a template). Here any second write to one path
stops the build with both sources named, e.g.

    two pages would be written to archive.html: template archives.html and content/pages/clash.md
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import Any

from pelican.writers import Writer

from generator.problems import DigestError


class SavePathClash(DigestError):
    """Two sources map to one output file."""


def is_mine(name: str, worker: tuple[int, int]) -> bool:
    """Does worker (k, of n) write this page? Each page goes to exactly one worker."""
    k, n = worker
    return n == 1 or zlib.crc32(name.encode("utf-8")) % n == k


class GuardedWriter(Writer):
    """Pelican's Writer that remembers what wrote each file.

    With DIGEST_WORKER = (k, n) it renders only the pages that `is_mine` gives
    worker k: n processes share the pages, each page (and every page of one
    paginated list) in one process, so a clash is still seen where it happens.
    """

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self._written_by: dict[str, str] = {}
        self._current = "an unknown source"
        self._worker = (settings or {}).get("DIGEST_WORKER", (0, 1))

    def write_file(self, name: Any, template: Any, context: Any, *args: Any, **kwargs: Any) -> Any:
        if not is_mine(str(name), self._worker):
            return None
        self._current = describe_source(self.settings, template, kwargs)
        try:
            return super().write_file(name, template, context, *args, **kwargs)
        finally:
            self._current = "an unknown source"

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        key = os.path.normpath(filename)
        if key in self._written_by:
            where = os.path.relpath(key, self.output_path)
            raise SavePathClash(f"two pages would be written to {where}: {self._written_by[key]} and {self._current}")
        self._written_by[key] = self._current
        return super()._open_w(filename, encoding, override=override)


def describe_source(settings: dict[str, Any], template: Any, kwargs: dict[str, Any]) -> str:
    """The content file a page comes from, relative to the project, else its template."""
    content = kwargs.get("article") or kwargs.get("page")
    source = getattr(content, "source_path", None)
    if source:
        root = Path(settings.get("PATH", ".")).resolve().parent
        try:
            return str(Path(source).resolve().relative_to(root))
        except ValueError:
            return str(source)
    return f"template {getattr(template, 'name', template)}"


def guarded_writer(_pelican: object) -> type[Writer]:
    """Receiver for Pelican's get_writer signal."""
    return GuardedWriter
