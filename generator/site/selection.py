"""The generated sources Pelican reads: those of the pages a build renders, not every one.

Pelican reads every source it is given, from its cache or not, before it renders one page:
at 21,500 papers that is 25,000 sources for the few hundred pages a new day changes. Here a
page made from a generated source (sources.py) is taken from the previous site, its source
left unread, when its *source key* is the one the last build recorded for it: a hash of the
chrome (reuse.py: our code, the theme, the settings), the source's path and text, the template
that rendered it, and the page's view (views.py) as the source's metadata names it (the
paper, the list page, the period). The page key (reuse.page_key) follows from these alone: the
page's path and template from the text and the settings, its own text (the Markdown converted)
from the text, its view from what the metadata names. So an equal source key is an equal page
key, and the previous page is linked (files.link_previous: only if the last build's record of
pages gives it that key and it is still as that build left it).

What Pelican writes from no generated source (the home pages, Top, archives, the hand-written
pages) is rendered or reused by the writer as before, and nothing a page shows comes from Pelican
having read the other sources: a template reads its view (views.py), built from the digest, and
Top ranks the digest's papers (top_page.py). Templates from elsewhere than the theme
(THEME_TEMPLATES_OVERRIDES), which could read what Pelican read, have every source read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from generator.files import link_previous, write_text
from generator.parallel import chunked_map
from generator.site.reuse import Reuse
from generator.site.sources import GENERATED, PAPERS, source_metadata
from generator.site.views import Views, view_hash

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
            # Each rendering process reads its share of these (render.py): they are few, and nothing it
            # renders but their own pages reads them; with no cache to load or save, a tenth of a build.
            "DIGEST_SOURCES": frozenset(self.read),
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
        }


class SourceKeys:
    """The source key of each generated source, for a template: computed once a build."""

    def __init__(self, chrome: str, views: Views, texts: Mapping[str, str]) -> None:
        self.chrome = chrome
        self.views = views  # the build's: the cards it builds are the writer's (forked after)
        self.texts = texts
        self._keys: dict[tuple[str, str], str | None] = {}

    def compute(self, wanted: Iterable[tuple[str, str]], workers: int) -> None:
        """Compute these keys ahead, on `workers` processes: a paper's view costs about 0.1 ms."""
        todo = sorted({pair for pair in wanted if pair not in self._keys})
        self._keys.update(zip(todo, chunked_map(self._compute, todo, workers), strict=True))

    def key(self, path: str, template: str) -> str | None:
        """The key of the page `template` makes of source `path`; None for a page with no view (always rendered)."""
        if (path, template) not in self._keys:
            [self._keys[path, template]] = self._compute([(path, template)])
        return self._keys[path, template]

    def _compute(self, pairs: Sequence[tuple[str, str]]) -> list[str | None]:
        keys: list[str | None] = []
        for path, template in pairs:
            text = self.texts[path]
            # The page as Pelican hands it to its template: an article for a paper, else a page, with the
            # source's metadata as attributes (the view reads the slug, list, page number or period named).
            content = SimpleNamespace(**source_metadata(text))
            view = self.views.view(template, {"article" if _folder(path) == PAPERS else "page": content})
            if view is None:
                keys.append(None)
                continue
            keys.append(view_hash((self.chrome, path, template, text, view)))
        return keys


def every_template_keyed(reuse: Reuse) -> bool:
    """Do the theme's templates read only their views? Not when templates come from elsewhere
    (THEME_TEMPLATES_OVERRIDES: no key at all), which could show what Pelican read of other sources."""
    return bool(reuse.templates)


def select_sources(
    keys: SourceKeys,
    reuse: Reuse,
    recorded: Mapping[str, Recorded],
    staging: Path,
    every_template_keyed: bool,
    workers: int = 1,
) -> Selection:
    """Which sources Pelican reads; each other one's page linked from the previous site into `staging`."""
    paths = sorted(keys.texts)
    if not every_template_keyed:
        return Selection(tuple(paths))
    keys.compute(((path, recorded[path].template) for path in paths if path in recorded), workers)
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
    workers: int = 1,
) -> dict[str, Recorded]:
    """What this build made of each generated source: the pages Pelican wrote from one (`rendered`:
    page path -> (source, template)) and those taken for a source left unread."""
    keys.compute((source for source in rendered.values() if source[0] in keys.texts), workers)
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
