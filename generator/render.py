"""Render the site with Pelican and our theme; Pelican's settings come from Config."""

from __future__ import annotations

import contextlib
import io
import logging
import multiprocessing
from datetime import date
from pathlib import Path
from typing import Any

from generator import top_page
from generator.config import Config
from generator.problems import DigestError
from generator.reader import READER_VERSION, DigestMarkdownReader

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class RenderError(DigestError):
    pass


def show_day(value: Any) -> str:
    """`Dec 12, 2025`: the HF papers style, independent of the machine's locale."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{MONTH_ABBR[value.month - 1]} {value.day}, {value.year}"


def show_month(value: date) -> str:
    return f"{MONTH_ABBR[value.month - 1]} {value.year}"


def iso_day(value: Any) -> str:
    if isinstance(value, str):
        return value[:10]
    return value.strftime("%Y-%m-%d")


def home_order(article: Any) -> tuple[int, str, int]:
    """Newest capture day first, then in the order the dump listed them."""
    first = article.metadata["sources"].split("; ")[0]
    dump, _, rest = first.rpartition(":")
    line, _, captured = rest.partition("@")
    return (-date.fromisoformat(captured).toordinal(), dump, int(line))


def pelican_settings(config: Config, content: Path, output: Path, extra: dict[str, Any]) -> dict[str, Any]:
    """Every Pelican setting we rely on, derived from our own configuration."""
    per_page = config.build.per_page
    site_url = config.site.url.rstrip("/")
    no_page = ""  # Pelican writes nothing for a *_SAVE_AS that is empty
    settings: dict[str, Any] = {
        "PATH": str(content),
        "ARTICLE_PATHS": ["papers"],
        "PAGE_PATHS": ["pages", "topics", "orgs", "code"],  # topics, orgs, code: generated list pages
        "STATIC_PATHS": [],
        "IGNORE_FILES": [".*", "dumps", "*.toml"],
        "OUTPUT_PATH": str(output),
        "THEME": str(config.path(config.build.theme).resolve()),
        "THEME_STATIC_DIR": "theme",
        "SITENAME": config.site.title,
        "SITE_DESCRIPTION": config.site.description,
        "SITEURL": site_url,
        "RELATIVE_URLS": not site_url,
        "DEFAULT_LANG": config.site.language,
        "TIMEZONE": "UTC",
        "LOCALE": ("C",),
        "ARTICLE_URL": "papers/{slug}.html",
        "ARTICLE_SAVE_AS": "papers/{slug}.html",
        "PAGE_URL": "{slug}.html",
        "PAGE_SAVE_AS": "{slug}.html",
        "ARTICLE_ORDER_BY": home_order,
        "DIRECT_TEMPLATES": ["index", "archives", "404", "search"],  # 404.html: GitHub Pages' error page
        "INDEX_SAVE_AS": "index.html",
        "ARCHIVES_SAVE_AS": "archive.html",
        "SEARCH_SAVE_AS": "search.html",  # results page of the search box (static/js/search.js)
        "ARCHIVES_URL": "archive.html",  # Pelican's default, archives.html, is never written
        "PAGINATED_TEMPLATES": {"index": config.build.home_papers, "archives": per_page * 4, "top": per_page},
        "TOP_SAVE_AS": "top.html",  # papers by upvotes, written by generator/top_page.py
        "DEFAULT_PAGINATION": per_page,
        "PAGINATION_PATTERNS": [
            (1, "{url}", "{save_as}"),
            (2, "{base_name}/page/{number}.html", "{base_name}/page/{number}.html"),
        ],
        "DEFAULT_CATEGORY": "papers",
        "USE_FOLDER_AS_CATEGORY": False,
        "DISPLAY_CATEGORIES_ON_MENU": False,
        "DISPLAY_PAGES_ON_MENU": False,
        "FORMATTED_FIELDS": [],  # no metadata is ever read as Markdown
        "READERS": {"md": DigestMarkdownReader},
        "MARKDOWN": {
            "extensions": ["markdown.extensions.meta"],
            "extension_configs": {"markdown.extensions.meta": {}},
            "output_format": "html5",
        },
        "TYPOGRIFY": False,
        "JINJA_ENVIRONMENT": {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "extensions": []},
        "JINJA_FILTERS": {"show_day": show_day, "iso_day": iso_day, "show_month": show_month},
        "SUMMARY_MAX_LENGTH": None,
        "SLUGIFY_SOURCE": "basename",
        "OUTPUT_SOURCES": False,
        "DELETE_OUTPUT_DIRECTORY": False,
        # Pelican caches what its readers return, keyed by each source's md5: our
        # sources are rewritten only when their bytes change, so a rebuild re-reads
        # only new and changed papers. The reader's output depends on nothing else.
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CONTENT_CACHING_LAYER": "reader",
        "CHECK_MODIFIED_METHOD": "md5",
        "GZIP_CACHE": False,
        "CACHE_PATH": str(config.path(config.build.cache) / f"pelican-{READER_VERSION}"),
        "PLUGINS": [top_page],
        # Pages and feeds we do not use: our feeds are written with feedgen.
        "CATEGORY_SAVE_AS": no_page,
        "CATEGORIES_SAVE_AS": no_page,
        "AUTHOR_SAVE_AS": no_page,
        "AUTHORS_SAVE_AS": no_page,
        "TAG_SAVE_AS": no_page,
        "TAGS_SAVE_AS": no_page,
        "YEAR_ARCHIVE_SAVE_AS": no_page,
        "MONTH_ARCHIVE_SAVE_AS": no_page,
        "DAY_ARCHIVE_SAVE_AS": no_page,
        "DRAFT_SAVE_AS": no_page,
        "DRAFT_PAGE_SAVE_AS": no_page,
        "FEED_ALL_ATOM": None,
        "FEED_ALL_RSS": None,
        "FEED_ATOM": None,
        "FEED_RSS": None,
        "CATEGORY_FEED_ATOM": None,
        "CATEGORY_FEED_RSS": None,
        "AUTHOR_FEED_ATOM": None,
        "AUTHOR_FEED_RSS": None,
        "TAG_FEED_ATOM": None,
        "TAG_FEED_RSS": None,
        "TRANSLATION_FEED_ATOM": None,
        "TRANSLATION_FEED_RSS": None,
    }
    settings.update(extra)
    return settings


class _WarningCounter(logging.Handler):
    """Collects what Pelican warns about, so a build can refuse to hide it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_pelican(settings: dict[str, Any], strict: bool = False, workers: int = 1) -> list[str]:
    """Run Pelican; return its warnings (raise on any when strict).

    With workers > 1, forked processes share the rendering: each reads the
    (cached) content and renders its own share of the pages.
    """
    warnings = _run_shared(settings, workers) if workers > 1 else _run_one(settings)
    if strict and warnings:
        raise RenderError("Pelican warned: " + "; ".join(warnings))
    return warnings


def _run_shared(settings: dict[str, Any], workers: int) -> list[str]:
    context = multiprocessing.get_context("fork")
    children = []
    for k in range(1, workers):
        receive, send = context.Pipe(duplex=False)
        # Only worker 0 copies the theme's static files and saves the content cache.
        share = {**settings, "DIGEST_WORKER": (k, workers), "THEME_STATIC_PATHS": [], "CACHE_CONTENT": False}
        child = context.Process(target=_child, args=(share, send), daemon=True)
        child.start()
        send.close()
        children.append((child, receive))
    try:
        warnings = _run_one({**settings, "DIGEST_WORKER": (0, workers)})
    finally:
        results = []
        for child, receive in children:
            try:
                results.append(receive.recv())
            except EOFError:
                results.append(([], f"a rendering process died (exit code {child.exitcode})"))
            child.join()
    for child_warnings, error in results:
        if error:
            raise RenderError(error)
        warnings += child_warnings
    return warnings


def _child(settings: dict[str, Any], send: Any) -> None:
    try:
        send.send((_run_one(settings), None))
    except DigestError as exc:
        send.send(([], str(exc)))
    except BaseException as exc:  # reported by the parent, which owns the build
        send.send(([], f"Pelican failed: {exc}"))
    finally:
        send.close()


def _run_one(settings: dict[str, Any]) -> list[str]:
    from pelican import Pelican, signals
    from pelican.log import LimitFilter
    from pelican.settings import read_settings

    from generator.save_paths import guarded_writer

    # Pelican drops a warning it has logged before in this process: forget them, so a
    # second build (serve, tests) still sees, and in strict mode fails on, every one.
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    counter = _WarningCounter()
    pelican_logger = logging.getLogger("pelican")
    pelican_logger.addHandler(counter)
    signals.get_writer.connect(guarded_writer)  # two pages to one path: an error naming both
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
        pelican_logger.removeHandler(counter)
    return counter.messages
