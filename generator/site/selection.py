"""The generated sources Pelican reads: those of the pages a build renders, not every one.

Pelican reads every source it is given, from its cache or not, before it renders one page:
at 21,500 papers that is 25,000 sources for the few hundred pages a new day changes. Here a
page made from a generated source (sources.py) is taken from the previous site, its source
left unread, when its *source key* is the one the last build recorded for it: a hash of the
chrome (reuse.py: our code, the theme, the settings), the source's path and text, the template
that rendered it, and the page's view (reuse.PageViews) as the source's metadata names it (the
paper, the list page, the period). The page key (reuse.page_key) follows from these alone: the
page's path and template from the text and the settings, its own text (the Markdown converted)
from the text, its view from what the metadata names. So an equal source key is an equal page
key, and the previous page is linked (files.link_previous: only if the last build's record of
pages gives it that key and it is still as that build left it).

What Pelican writes from no generated source (the home pages, Top, archives, the hand-written
pages) is rendered or reused by the writer as before, and nothing a page shows comes from Pelican
having read the other sources: our templates read the digest (theme_reads.py lists what each
reads), and Top ranks the digest's papers (top_page.py). A theme with a template that reads more
than its view, `articles` say, has every source read.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from generator.files import link_previous, write_text
from generator.site.reuse import PageViews, Reuse
from generator.site.sources import GENERATED, PAPERS, source_metadata
from generator.site.theme_reads import keyed_templates

SOURCES_FILE = "sources.json"  # in the build cache: each generated source's page, template and keys in output/


@dataclass(frozen=True)
class Recorded:
    """What a build recorded of the page it made from one generated source."""

    name: str  # the page's path in the site
    template: str  # its template file
    source_key: str
    page_key: str  # as the record of pages (reuse.KEYS_FILE) has it


@dataclass(frozen=True)
class Selection:
    """The generated sources Pelican reads, and the pages taken for those it does not."""

    read: tuple[str, ...]  # paths in content/ ("papers/x.md"), sorted
    skipped: Mapping[str, str] = field(default_factory=dict)  # page path -> its source, linked from the previous site
    keys: Mapping[str, str] = field(default_factory=dict)  # page path -> page key, of the skipped pages
    everything: bool = True  # every source read: Pelican's folders unchanged

    def settings(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """Pelican's settings reading only `read` (a file is a path Pelican reads, as a folder is)."""
        if self.everything:
            return dict(settings)
        articles = [path for path in self.read if _folder(path) == PAPERS]
        pages = [path for path in self.read if _folder(path) != PAPERS]
        hand_written = [path for path in settings["PAGE_PATHS"] if path not in GENERATED]
        return {
            **settings,
            "ARTICLE_PATHS": articles,
            "PAGE_PATHS": [*hand_written, *pages],
            "DIGEST_SKIPPED": dict(self.skipped),
        }


class SourceKeys:
    """The source key of each generated source, for a template: computed once a build."""

    def __init__(self, chrome: str, views: PageViews, texts: Mapping[str, str]) -> None:
        self.chrome = chrome
        self.views = views
        self.texts = texts
        self._keys: dict[tuple[str, str], str | None] = {}

    def key(self, path: str, template: str) -> str | None:
        """The key of the page `template` makes of source `path`; None for a page with no view (always rendered)."""
        if (path, template) not in self._keys:
            text = self.texts[path]
            # The page as Pelican hands it to its template: an article for a paper, else a page, with the
            # source's metadata as attributes (the view reads the slug, list, page number or period named).
            content = SimpleNamespace(**source_metadata(text))
            view = self.views.view(template, {"article" if _folder(path) == PAPERS else "page": content})
            key = None
            if view is not None:
                key = hashlib.sha256(f"{self.chrome}\0{path}\0{template}\0{text}\0{view!r}".encode()).hexdigest()
            self._keys[path, template] = key
        return self._keys[path, template]


def every_template_keyed(templates: Path, reuse: Reuse, settings: Mapping[str, Any]) -> bool:
    """Does each page template of the theme read no more than its view (theme_reads.py)? A page
    of one that reads more could show what Pelican read of other sources (`articles`, `pages`)."""
    from pelican.settings import DEFAULT_CONFIG  # only for a build that renders

    if not reuse.templates:  # no key at all: templates from elsewhere (THEME_TEMPLATES_OVERRIDES)
        return False
    names = frozenset(path.name for path in templates.glob("*.html"))
    return keyed_templates(templates, names, {*settings, *DEFAULT_CONFIG}) == names


def select_sources(
    keys: SourceKeys, reuse: Reuse, recorded: Mapping[str, Recorded], staging: Path, every_template_keyed: bool
) -> Selection:
    """Which sources Pelican reads; each other one's page linked from the previous site into `staging`."""
    paths = sorted(keys.texts)
    if not every_template_keyed:
        return Selection(tuple(paths))
    read: list[str] = []
    skipped: dict[str, str] = {}
    page_keys: dict[str, str] = {}
    previous = Path(reuse.previous)
    for path in paths:
        last = recorded.get(path)
        same = last is not None and keys.key(path, last.template) == last.source_key
        if same and link_previous(previous, last.name, reuse.known, last.page_key, staging / last.name):
            skipped[last.name] = path
            page_keys[last.name] = last.page_key
        else:
            read.append(path)
    return Selection(tuple(read), skipped, page_keys, everything=False)


def record_sources(
    keys: SourceKeys,
    selection: Selection,
    rendered: Mapping[str, tuple[str, str]],
    page_keys: Mapping[str, str],
    last: Mapping[str, Recorded],
) -> dict[str, Recorded]:
    """What this build made of each generated source: the pages Pelican wrote from one (`rendered`:
    page path -> (source, template)) and those taken for a source left unread."""
    made: dict[str, Recorded] = {}
    for name, (path, template) in rendered.items():
        source_key = keys.key(path, template) if path in keys.texts else None
        if source_key is not None and name in page_keys:
            made[path] = Recorded(name, template, source_key, page_keys[name])
    for path in selection.skipped.values():
        made[path] = last[path]
    return made


def load_recorded(path: Path) -> dict[str, Recorded]:
    """The record `save_recorded` wrote; empty when missing or damaged (then every source is read)."""
    try:
        sources = json.loads(path.read_bytes())["sources"]
        return {source: Recorded(*map(str, fields)) for source, fields in sources.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def save_recorded(path: Path, recorded: Mapping[str, Recorded]) -> None:
    sources = {source: [r.name, r.template, r.source_key, r.page_key] for source, r in sorted(recorded.items())}
    write_text(path, json.dumps({"sources": sources}, separators=(",", ":")))


def _folder(path: str) -> str:
    return path.split("/", 1)[0]
