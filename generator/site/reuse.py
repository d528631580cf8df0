"""Pages whose inputs did not change come from the previous site, not from Jinja.

Pelican renders every page on every build. Here every page it writes has a key: the
site's chrome (our code, the theme, the settings), the page's path and template, its own
text (the converted Markdown of a paper or page) and its *view* (views.py): the frozen
dataclass its template is rendered from, holding exactly what the page shows of the digest.
When a page's key equals the one the previous build recorded, and the previous file is
still as that build left it (same size and modification time), the file is hard-linked
into the new site instead of rendered.

A template reads only its view, the settings and what Pelican gives the page (its own
text): Jinja runs with StrictUndefined, so a template that comes to read more fails the
build rather than showing what its key leaves out. The pages of templates from elsewhere
than the theme (THEME_TEMPLATES_OVERRIDES) have no key: they are always rendered.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import generator
from generator.site.views import TEMPLATES, view_hash

KEYS_FILE = "pages.json"  # in the build cache: the key of every keyed page of the site in output/
# Settings that differ between the processes of one build, or that are data shown by
# pages (the digest's views: each page's is in its own key).
_NOT_CHROME = frozenset({"DIGEST_VIEWS", "DIGEST_WORKER", "DIGEST_CONVERTED", "DIGEST_REUSE"})


@dataclass(frozen=True)
class Reuse:
    """What a build may take from the previous site: its folder and the keys of its pages."""

    previous: str  # the site being replaced (output/)
    chrome: str  # hash of what every page shares
    known: Mapping[str, tuple[str, int, int]]  # page path -> (key, size, mtime_ns) of output/
    templates: frozenset[str] = frozenset()  # the page templates whose pages have keys (views.TEMPLATES)


def make_reuse(settings: Mapping[str, Any], theme: Path, previous: Path, known: Mapping[str, Any]) -> Reuse:
    """How this build may reuse `previous` (output/), whose pages had the keys `known`."""
    # Templates from elsewhere than the theme (whose files are in the chrome) could change unseen: no keys.
    templates = frozenset() if settings.get("THEME_TEMPLATES_OVERRIDES") else TEMPLATES
    return Reuse(str(previous), chrome_key(settings, theme), known, templates)


def chrome_key(settings: Mapping[str, Any], theme: Path) -> str:
    """Everything every page depends on besides its own data: code, theme, settings."""
    digest = hashlib.sha256()
    for folder in (Path(generator.__file__).parent, theme):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{path.relative_to(folder)} {path.stat().st_size}\n".encode())
            digest.update(path.read_bytes())
    chrome = {name: _stable(value) for name, value in settings.items() if name not in _NOT_CHROME}
    digest.update(json.dumps(chrome, sort_keys=True).encode())
    return digest.hexdigest()


def page_key(chrome: str, name: str, template: str, text: object, view: object) -> str:
    """The key of page `name`: `text` is its own content (with its metadata), `view` what it shows of the digest."""
    # repr of the text (strings, tuples): stable; the view as plain data (views.view_hash): equal values alike.
    return hashlib.sha256(f"{chrome}\0{name}\0{template}\0{text!r}\0{view_hash(view)}".encode()).hexdigest()


def _stable(value: Any) -> Any:
    """A settings value as JSON that is the same in every run (functions by name, not address)."""
    if isinstance(value, Mapping):
        return {str(k): _stable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_stable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if callable(value) or hasattr(value, "__name__"):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', getattr(value, '__name__', ''))}"
    return repr(value)
