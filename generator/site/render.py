"""Run Pelican with our settings: in this process, or shared among forked ones."""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.parallel import ChildFailed, forked
from generator.problems import DigestError
from generator.site.pelican_cache import atomic_caches, drop_damaged, hash_sources_once


class RenderError(DigestError):
    pass


@dataclass(frozen=True)
class Rendered:
    """What Pelican did: its warnings, the key of every keyed page, how many were reused,
    and the source and template of each keyed page made from a content file."""

    warnings: list[str] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)
    reused: int = 0
    sources: dict[str, tuple[str, str]] = field(default_factory=dict)

    def __add__(self, other: Rendered) -> Rendered:
        from generator.site.writer import SavePathClash  # Pelican: imported only for work

        for name in self.sources.keys() & other.sources.keys():  # written by two processes: each read one source
            first, then = self.sources[name][0], other.sources[name][0]
            raise SavePathClash(f"two pages would be written to {name}: content/{first} and content/{then}")
        return Rendered(
            self.warnings + other.warnings,
            {**self.keys, **other.keys},
            self.reused + other.reused,
            {**self.sources, **other.sources},
        )


class _WarningCounter(logging.Handler):
    """Collects what Pelican warns about, so a build can refuse to hide it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_pelican(settings: dict[str, Any], strict: bool = False, workers: int = 1) -> Rendered:
    """Run Pelican; return its warnings (raise on any when strict) and its pages' keys.

    With workers > 1, forked processes share the rendering: each reads the
    (cached) content and renders its own share of the pages.
    """
    drop_damaged(Path(settings["CACHE_PATH"]))  # before any process loads it
    rendered = _run_shared(settings, workers) if workers > 1 else _run_one(settings)
    if strict and rendered.warnings:
        raise RenderError("Pelican warned: " + "; ".join(rendered.warnings))
    return rendered


def _run_shared(settings: dict[str, Any], workers: int) -> Rendered:
    def share(k: int) -> Callable[[], Rendered]:
        own = {**settings, "DIGEST_WORKER": (k, workers), **_sources_shared(settings, k, workers)}
        if k == 0:
            return lambda: _run_one(own)
        # Only worker 0 copies the theme's static files and saves the content cache.
        other = {**own, "THEME_STATIC_PATHS": [], "CACHE_CONTENT": False}
        return lambda: _run_one(other)

    try:
        shares = forked([share(k) for k in range(workers)])
    except ChildFailed as exc:
        raise RenderError(f"Pelican failed: {exc}") from None
    return sum(shares, Rendered())


def _sources_shared(settings: dict[str, Any], k: int, workers: int) -> dict[str, Any]:
    """Worker k's settings reading its share of the generated sources Pelican reads (DIGEST_SOURCES:
    each is read, converted and held by one process, not all), and every hand-written page."""
    from generator.site.writer import is_mine

    generated = settings.get("DIGEST_SOURCES")
    if generated is None:  # every source read by every process (selection.py)
        return {}
    share = frozenset(path for path in generated if is_mine(path, (k, workers)))
    return {
        "ARTICLE_PATHS": [path for path in settings["ARTICLE_PATHS"] if path not in generated or path in share],
        "PAGE_PATHS": [path for path in settings["PAGE_PATHS"] if path not in generated or path in share],
        "DIGEST_SHARE": share,
    }


def _run_one(settings: dict[str, Any]) -> Rendered:
    from pelican import Pelican, signals
    from pelican.log import LimitFilter
    from pelican.settings import read_settings

    from generator.site.writer import WRITERS, guarded_writer

    # Pelican drops a warning it has logged before in this process: forget them, so a
    # second build (serve, tests) still sees, and in strict mode fails on, every one.
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    WRITERS.clear()
    counter = _WarningCounter()
    pelican_logger = logging.getLogger("pelican")
    pelican_logger.addHandler(counter)
    signals.get_writer.connect(guarded_writer)  # two pages to one path: an error naming both
    signals.generator_init.connect(atomic_caches)  # a killed build leaves no half-written cache
    signals.article_generator_init.connect(hash_sources_once)
    signals.page_generator_init.connect(hash_sources_once)
    try:
        # Pelican prints its own summary; the build prints ours, with every page counted.
        with contextlib.redirect_stdout(io.StringIO()):
            Pelican(read_settings(override=settings)).run()
    except DigestError:
        raise
    except Exception as exc:  # Pelican's own errors: one line for the user
        raise RenderError(f"Pelican failed: {exc}") from exc
    finally:
        signals.get_writer.disconnect(guarded_writer)
        signals.generator_init.disconnect(atomic_caches)
        signals.article_generator_init.disconnect(hash_sources_once)
        signals.page_generator_init.disconnect(hash_sources_once)
        pelican_logger.removeHandler(counter)
    keys = {name: key for writer in WRITERS for name, key in writer.keys.items()}
    sources = {name: source for writer in WRITERS for name, source in writer.sources.items()}
    return Rendered(counter.messages, keys, sum(writer.reused for writer in WRITERS), sources)
