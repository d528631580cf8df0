"""Write the generated Markdown sources Pelican reads: one file per paper.

Text is data: titles go into metadata (shown through Jinja's autoescape) and
abstracts into the body with every character Markdown or HTML would read as
markup escaped, so the page shows exactly the text of the dump. URLs become
links here, as inline HTML whose href and text are escaped too.
"""

from __future__ import annotations

import html
import os
import pickle
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.links import find_links
from generator.model import Paper
from generator.problems import DigestError

# Characters that are markup anywhere in a line (inline markup, raw HTML, entities).
_INLINE = str.maketrans({c: "\\" + c for c in "\\`*_[]!"} | {"&": "&amp;", "<": "&lt;"})
# What makes a line a heading, quote or list item when it starts it.
_LINE_START = re.compile(r"^(\d+)([.)])|^([#>+-])")


def escape_markdown(text: str) -> str:
    """Single-line text that python-markdown renders back to itself, as plain text.

    Only what can be markup is escaped: fewer escapes make rendering much faster
    at scale, and tests check the round trip on arbitrary Unicode text.
    """
    escaped = text.translate(_INLINE)
    return _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", escaped, count=1)


def abstract_markdown(abstract: str) -> str:
    """The abstract as Markdown: escaped text, with its URLs as links."""
    parts, cursor = [], 0
    for link in find_links(abstract):
        parts.append(escape_markdown(abstract[cursor : link.start]))
        href = html.escape(link.url, quote=True)
        shown = escape_markdown(abstract[link.start : link.end])  # the URL as the dump types it
        parts.append(f'<a href="{href}" rel="nofollow noopener">{shown}</a>')
        cursor = link.end
    parts.append(escape_markdown(abstract[cursor:]))
    return "".join(parts)


def markdown_source(meta: dict[str, object], body: str) -> str:
    """A Pelican Markdown source: the metadata header, a blank line, the body (Markdown)."""
    # Metadata values are single lines: fold anything that could break the header.
    header = "\n".join(f"{key}: {' '.join(str(value).split())}" for key, value in meta.items())
    return f"{header}\n\n{body}\n"


def paper_markdown(paper: Paper) -> str:
    """The Markdown source of one paper page: metadata header, then the abstract."""
    meta: dict[str, object] = {
        "Title": paper.title,
        "Slug": paper.slug,
        "Date": paper.day.isoformat(),
        "Dated": "yes" if paper.date else "no",
        "First_seen": paper.first_seen.isoformat(),
        "Upvotes": paper.upvotes,
        "Paper_key": paper.key,
        "Sources": "; ".join(f"{s.dump}:{s.line}@{s.captured.isoformat()}" for s in paper.sources),
    }
    if paper.authors is not None:
        meta["Authors_count"] = paper.authors
    if paper.org is not None:
        meta["Org_slug"] = paper.org.slug
        meta["Org_name"] = paper.org.name
    return markdown_source(meta, abstract_markdown(paper.abstract))


def write_if_changed(path: Path, text: str) -> bool:
    """Write atomically, and only when the bytes differ; True if written."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def sync_folder(folder: Path, files: Iterable[tuple[str, str]], changed: list[Path] | None = None) -> tuple[int, int]:
    """Make `folder` hold exactly these (name, text) files; (written, removed).

    The files written (new or changed) are appended to `changed`.
    """
    folder.mkdir(parents=True, exist_ok=True)
    wanted: dict[str, str] = {}
    for name, text in files:
        if name in wanted:
            raise ValueError(f"two generated files would be {folder / name}")
        wanted[name] = text
    written_paths = [folder / name for name, text in wanted.items() if write_if_changed(folder / name, text)]
    if changed is not None:
        changed += written_paths
    written = len(written_paths)
    removed = 0
    for stale in folder.glob("*.md"):
        if stale.name not in wanted:
            stale.unlink()
            removed += 1
    return written, removed


class SlugClashError(DigestError):
    """Two papers would be written to one page."""


def check_slugs(papers: Iterable[Paper]) -> None:
    """Refuse two papers with one slug (one page path), naming both and their sources."""
    seen: dict[str, Paper] = {}
    for paper in papers:
        other = seen.setdefault(paper.slug, paper)
        if other is not paper:
            raise SlugClashError(
                f"two papers would be written to papers/{paper.slug}.html: {_describe(other)} and {_describe(paper)}"
            )


def _describe(paper: Paper) -> str:
    where = ", ".join(f"{s.dump}:{s.line}" for s in paper.sources)
    return f"{paper.title!r} ({where})"


def write_papers(papers: Iterable[Paper], folder: Path, changed: list[Path] | None = None) -> tuple[int, int]:
    papers = list(papers)
    check_slugs(papers)
    return sync_folder(folder, ((f"{p.slug}.md", paper_markdown(p)) for p in papers), changed)


def save_pickle(path: Path, value: object) -> None:
    """A cache file, written atomically (a reader never sees half of one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(tmp, path)


def load_pickle(path: Path) -> Any:
    """A cache file's value, or None when it is missing or unreadable (then it is rebuilt)."""
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return None
