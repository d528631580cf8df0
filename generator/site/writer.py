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

from pelican.utils import sanitised_join
from pelican.writers import Writer

from generator.problems import DigestError
from generator.site.reuse import Reuse, page_key, take_previous

PAPER_TEMPLATE = "article"  # Pelican's template for a paper page


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

    With DIGEST_REUSE (a `Reuse`), a paper page whose key is unchanged is taken from
    the previous site (see reuse.py); `keys` holds the key of every paper page written,
    `reused` counts those taken.
    """

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self._written_by: dict[str, str] = {}
        self._current = "an unknown source"
        self._worker = (settings or {}).get("DIGEST_WORKER", (0, 1))
        self._reuse: Reuse | None = (settings or {}).get("DIGEST_REUSE")
        self.keys: dict[str, str] = {}
        self.reused = 0
        WRITERS.append(self)

    def write_file(self, name: Any, template: Any, context: Any, *args: Any, **kwargs: Any) -> Any:
        if not name or not is_mine(str(name), self._worker):
            return None
        self._current = describe_source(self.settings, template, kwargs)
        try:
            key = self._paper_key(str(name), template, kwargs)
            if key is None:
                return super().write_file(name, template, context, *args, **kwargs)
            self.keys[str(name)] = key
            assert self._reuse is not None
            target = sanitised_join(self.output_path, str(name))
            fresh = os.path.normpath(target) not in self._written_by  # else a clash, raised by rendering
            if fresh and take_previous(self._reuse, str(name), key, target):
                self._register(target)
                self._written_files.add(target)
                self.reused += 1
                return None
            return super().write_file(name, template, context, *args, **kwargs)
        finally:
            self._current = "an unknown source"

    def _paper_key(self, name: str, template: Any, kwargs: dict[str, Any]) -> str | None:
        article = kwargs.get("article")
        if self._reuse is None or article is None or getattr(template, "name", None) != f"{PAPER_TEMPLATE}.html":
            return None
        paper = self.settings["DIGEST"].papers.get(article.slug)
        return None if paper is None else page_key(self._reuse.chrome, name, paper, article.content)

    def _register(self, filename: str) -> None:
        key = os.path.normpath(filename)
        if key in self._written_by:
            where = os.path.relpath(key, self.output_path)
            raise SavePathClash(f"two pages would be written to {where}: {self._written_by[key]} and {self._current}")
        self._written_by[key] = self._current

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        self._register(filename)
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


WRITERS: list[GuardedWriter] = []  # the writers of this process's runs: render.py reads their keys


def guarded_writer(_pelican: object) -> type[Writer]:
    """Receiver for Pelican's get_writer signal."""
    return GuardedWriter
