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

from jinja2 import UndefinedError
from pelican.paginator import Paginator
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import Writer

from generator.files import link_previous
from generator.problems import DigestError
from generator.site.reuse import Reuse, page_key
from generator.site.views import Views


class SavePathClash(DigestError):
    """Two sources map to one output file."""


class TemplateReadsMore(DigestError):
    """A template reads what its page's view does not hold (views.py)."""


def is_mine(name: str, worker: tuple[int, int]) -> bool:
    """Does worker (k, of n) write this page? Each page goes to exactly one worker."""
    k, n = worker
    return n == 1 or zlib.crc32(name.encode("utf-8")) % n == k


class GuardedWriter(Writer):
    """Pelican's Writer that remembers what wrote each file.

    With DIGEST_WORKER = (k, n) it renders only the pages that `is_mine` gives
    worker k: n processes share the pages, each page in one process, chosen by its
    path (each page of Top by its own), so a clash is still seen where it happens.

    Each page's template is given its `view` (views.py), built from DIGEST_VIEWS; a template
    views.py has none for is given the empty view. With DIGEST_REUSE (a `Reuse`), a page whose
    key is unchanged is taken from the previous site (see reuse.py): paper pages, list pages,
    index pages alike; a page without a view is always rendered. A paginated template
    (Top) is written one page at a time, each with its own key. `keys` holds the key
    of every keyed page written, `reused` counts those taken; `sources` the source and template
    of each page made from a content file (selection.py).

    With DIGEST_SHARE, the generated sources were shared out among the workers (render.py), each
    read by one: a page of one of this worker's is its own, whatever its path.

    With DIGEST_SKIPPED (page path -> source), those pages were linked from the previous site
    before Pelican ran, their sources unread: a page written to one of their paths is a clash.
    """

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        # What wrote each file, and what writes now: (template, kwargs), described only for a
        # clash (resolving each source's path would cost seconds at 20,000 pages).
        self._written_by: dict[str, tuple[Any, dict[str, Any]] | str | None] = {}
        self._current: tuple[Any, dict[str, Any]] | None = None
        self._worker = (settings or {}).get("DIGEST_WORKER", (0, 1))
        self._reuse: Reuse | None = (settings or {}).get("DIGEST_REUSE")
        self._views: Views = self.settings["DIGEST_VIEWS"]
        self.keys: dict[str, str] = {}
        self.sources: dict[str, tuple[str, str]] = {}
        self._share: frozenset[str] = (settings or {}).get("DIGEST_SHARE", frozenset())
        self.reused = 0
        for name, source in (settings or {}).get("DIGEST_SKIPPED", {}).items():
            target = os.path.normpath(sanitised_join(self.output_path, name))
            self._written_by[target] = f"{source} (unchanged, not read)"
        WRITERS.append(self)

    def write_file(  # Pelican's signature: its generators pass some of these by position
        self,
        name: Any,
        template: Any,
        context: Any,
        relative_urls: bool = False,
        paginated: dict[str, Any] | None = None,
        template_name: str | None = None,
        override_output: bool = False,
        url: str | None = None,
        **kwargs: Any,
    ) -> None:
        if not name:
            return
        if paginated is None:  # what Pelican paginates when not told
            paginated = {key: value for key, value in kwargs.items() if key in {"articles", "dates"}}
        paginate = bool(paginated) and template_name in self.settings["PAGINATED_TEMPLATES"]
        if not paginate and not self._mine(str(name), kwargs):
            return
        self._current = (template, kwargs)
        params = {"relative_urls": relative_urls, "template_name": template_name, "override_output": override_output}
        try:
            if not paginate:
                self._write_page(str(name), template, context, kwargs, paginated=paginated, url=url, **params)
                return
            # Pelican's own loop over the pages (pelican.writers.Writer.write_file, 4.12), with
            # one unpaginated write per page: each page has its own key, and its own worker.
            per_page = self.settings["PAGINATED_TEMPLATES"][template_name] or self.settings["DEFAULT_PAGINATION"]
            paginators = {key: Paginator(name, url, value, self.settings, per_page) for key, value in paginated.items()}
            first = next(iter(paginators.values()))
            for number in range(first.num_pages):
                save_as = first.page(number + 1).save_as  # the same for every paginator
                if not is_mine(save_as, self._worker):
                    continue
                page_kwargs = kwargs.copy()
                for key, paginator in paginators.items():
                    page_kwargs[f"{key}_paginator"] = paginator
                    page_kwargs[f"{key}_page"] = paginator.page(number + 1)
                    page_kwargs[f"{key}_previous_page"] = paginator.page(number) if number > 0 else None
                    last = number + 1 >= paginator.num_pages
                    page_kwargs[f"{key}_next_page"] = None if last else paginator.page(number + 2)
                self._write_page(save_as, template, context, page_kwargs, paginated={}, url=url, **params)
        finally:
            self._current = None

    def _mine(self, name: str, kwargs: dict[str, Any]) -> bool:
        """Does this worker write the page? The page of a source it alone read (DIGEST_SHARE), else `is_mine`."""
        content = kwargs.get("article") or kwargs.get("page")
        source = getattr(content, "relative_source_path", None)
        return source in self._share or is_mine(name, self._worker)

    def _write_page(self, name: str, template: Any, context: Any, kwargs: dict[str, Any], **params: Any) -> None:
        """Write one page: taken from the previous site when its key is the one recorded, else rendered."""
        template_file = getattr(template, "name", None)
        view = self._views.view(template_file, kwargs) if isinstance(template_file, str) else None
        key = self._key(name, template_file, view, kwargs, params["relative_urls"])
        content = kwargs.get("article") or kwargs.get("page")
        if getattr(content, "relative_source_path", None):
            self.sources[name] = (content.relative_source_path, getattr(template, "name", str(template)))
        if key is not None:
            assert self._reuse is not None
            self.keys[name] = key
            target = sanitised_join(self.output_path, name)
            fresh = os.path.normpath(target) not in self._written_by  # else a clash, raised by rendering
            if fresh and link_previous(Path(self._reuse.previous), name, self._reuse.known, key, Path(target)):
                self._register(target)  # as _open_w would have: any second write to it is a clash
                if params["override_output"]:
                    self._overridden_files.add(target)
                self._written_files.add(target)
                self.reused += 1
                return
        try:
            super().write_file(name, template, context, **params, **kwargs, view=view or self._views.empty)
        except UndefinedError as exc:  # the template reads what its view does not hold
            where = _template_of(exc, self.settings["THEME"]) or template_file
            raise TemplateReadsMore(f"template {where} (page {name}): {exc.message}") from None

    def _key(
        self, name: str, template_file: str | None, view: object | None, kwargs: dict[str, Any], relative_urls: bool
    ) -> str | None:
        """The page's key (reuse.py); None when it has none: no reuse, no view, or a template from elsewhere."""
        if self._reuse is None or view is None or template_file not in self._reuse.templates:
            return None
        return page_key(self._reuse.chrome, name, template_file, own_text(name, kwargs, relative_urls), view)

    def _register(self, filename: str) -> None:
        key = os.path.normpath(filename)
        if key in self._written_by:
            where = os.path.relpath(key, self.output_path)
            first, then = self._describe(self._written_by[key]), self._describe(self._current)
            raise SavePathClash(f"two pages would be written to {where}: {first} and {then}")
        self._written_by[key] = self._current

    def _describe(self, source: tuple[Any, dict[str, Any]] | str | None) -> str:
        if isinstance(source, str):  # a page taken from the previous site (DIGEST_SKIPPED)
            return str(Path(self.settings.get("PATH", ".")).name) + "/" + source
        return "an unknown source" if source is None else describe_source(self.settings, *source)

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        self._register(filename)
        return super()._open_w(filename, encoding, override=override)


def _template_of(exc: BaseException, theme: str) -> str | None:
    """The theme's template file the error was raised in (Jinja puts template lines in tracebacks)."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html"):
            path = Path(filename)
            found = path.relative_to(Path(theme) / "templates").as_posix() if path.is_relative_to(theme) else path.name
        tb = tb.tb_next
    return found


def own_text(name: str, kwargs: dict[str, Any], relative_urls: bool) -> tuple[str, list[tuple[str, Any]]] | None:
    """The content and metadata of the page's own source (its `article` or `page`), if any.

    The content as this page shows it: with relative URLs, Pelican's writer points the
    content's links at this page's depth (its `localsiteurl`) just before rendering.
    """
    content = kwargs.get("article") or kwargs.get("page")
    if content is None:
        return None
    siteurl = path_to_url(get_relative_path(name)) if relative_urls else content.get_siteurl()
    return content.get_content(siteurl), sorted(content.metadata.items())


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
