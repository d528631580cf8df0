"""Paper pages whose inputs did not change come from the previous site, not from Jinja.

Pelican renders every page on every build. A paper page shows one paper's record (its
`EnrichedPaper`: topics, similar papers and links included, each with the title and URL
it shows), its converted abstract and the site's chrome (settings, feeds, the URL table),
through the theme's templates and our filters. Its key hashes all of these; when a page's
key equals the one the previous build recorded, and the previous file is still as that
build left it (same size and modification time), the file is hard-linked into the new
site instead of rendered.

List pages (home, topics, days, ...) show many papers and are always rendered: they are
a few thousand at most, against one paper page per paper.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import generator
from generator.files import write_text
from generator.model import FeedLinks

KEYS_FILE = "pages.json"  # in the build cache: the key of every paper page of the site in output/
# Settings that differ between the processes of one build, or that are data shown by
# pages (the digest: each page's share of it is in the page's own key).
_NOT_CHROME = frozenset({"DIGEST", "DIGEST_WORKER", "DIGEST_CONVERTED", "DIGEST_REUSE"})


@dataclass(frozen=True)
class Reuse:
    """What a build may take from the previous site: its folder and the keys of its pages."""

    previous: str  # the site being replaced (output/)
    chrome: str  # hash of what every paper page shares
    known: Mapping[str, tuple[str, int, int]]  # page path -> (key, size, mtime_ns) of output/


def chrome_key(settings: Mapping[str, Any], theme: Path) -> str:
    """Everything a paper page depends on besides its own paper: code, theme, settings, feeds."""
    digest = hashlib.sha256()
    for folder in (Path(generator.__file__).parent, theme):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{path.relative_to(folder)} {path.stat().st_size}\n".encode())
            digest.update(path.read_bytes())
    chrome = {name: _stable(value) for name, value in settings.items() if name not in _NOT_CHROME}
    digest.update(json.dumps(chrome, sort_keys=True).encode())
    digest.update(repr(_feeds_shown(settings["DIGEST"].feeds)).encode())
    return digest.hexdigest()


def _feeds_shown(feeds: FeedLinks | None) -> tuple[object, ...] | None:
    """What every page's head and footer show of the feeds (partials/feed_links.html and
    feed_list.html): not the topic feeds, not the item counts, which change every day.
    A template that shows more of DIGEST on a paper page must add it here."""
    if feeds is None:
        return None
    return (feeds.main.title, feeds.main.rss, feeds.main.atom, feeds.opml, bool(feeds.topics or feeds.custom))


def page_key(chrome: str, name: str, paper: object, content: str) -> str:
    # repr of a frozen dataclass is stable: no hash seeds, no addresses.
    return hashlib.sha256(f"{chrome}\0{name}\0{paper!r}\0{content}".encode()).hexdigest()


def take_previous(reuse: Reuse, name: str, key: str, target: str) -> bool:
    """Link (or copy) the previous build's page `name` to `target` if its key is `key`."""
    known = reuse.known.get(name)
    if known is None or known[0] != key:
        return False
    source = os.path.join(reuse.previous, name)
    try:
        stat = os.stat(source)
    except OSError:
        return False
    if (stat.st_size, stat.st_mtime_ns) != known[1:]:  # changed since that build: not what the key says
        return False
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copy2(source, target)
    return True


def load_known(cache: Path) -> dict[str, tuple[str, int, int]]:
    """The keys the last build recorded; none when the record is missing or damaged."""
    try:
        record = json.loads((cache / KEYS_FILE).read_bytes())
        return {name: (str(key), int(size), int(mtime)) for name, (key, size, mtime) in record["pages"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def save_known(cache: Path, site: Path, keys: Mapping[str, str]) -> None:
    """Record the keys of the site now in `site`, with each file's size and modification time."""
    pages = {}
    for name in sorted(keys):
        stat = (site / name).stat()
        pages[name] = [keys[name], stat.st_size, stat.st_mtime_ns]
    write_text(cache / KEYS_FILE, json.dumps({"pages": pages}, separators=(",", ":")))


def forget_known(cache: Path) -> None:
    (cache / KEYS_FILE).unlink(missing_ok=True)


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
