"""The generated Markdown sources Pelican reads: one per paper, one per page of each list.

Text is data: titles go into metadata (shown through Jinja's autoescape) and
abstracts into the body with every character Markdown or HTML would read as
markup escaped, so the page shows exactly the text of the dump. URLs become
links here, as inline HTML whose href and text are escaped too.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from generator.enrich.links import find_links
from generator.enrich.listings import list_pages
from generator.files import sync_folder
from generator.model import Digest, Listing, Paper, Period
from generator.urls import URLS

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
        parts.append(f'<a href="{href}" rel="nofollow noopener noreferrer">{shown}</a>')
        cursor = link.end
    parts.append(escape_markdown(abstract[cursor:]))
    return "".join(parts)


def markdown_source(meta: dict[str, object], body: str) -> str:
    """A Pelican Markdown source: the metadata header, a blank line, the body (Markdown)."""
    # Metadata values are single lines: fold anything that could break the header.
    header = "\n".join(f"{key}: {' '.join(str(value).split())}" for key, value in meta.items())
    return f"{header}\n\n{body}\n"


def source_metadata(text: str) -> dict[str, str]:
    """The metadata header of a source `markdown_source` wrote, keys lowercased as Pelican reads them."""
    header = text.partition("\n\n")[0]
    return {key.lower(): value for key, _, value in (line.partition(": ") for line in header.splitlines())}


def paper_markdown(paper: Paper) -> str:
    """The Markdown source of one paper page: metadata header, then the abstract."""
    # Templates read everything else from the Digest: the source holds what Pelican needs
    # (Pelican's date of an article is the day it arrived; pages show the paper's own date).
    meta = {"Title": paper.title, "Slug": paper.slug, "Date": paper.arrived.isoformat()}
    return markdown_source(meta, abstract_markdown(paper.abstract))


def page_source(meta: dict[str, object], body: str) -> str:
    return markdown_source(meta, escape_markdown(body))


def listing_sources(listing: Listing) -> list[tuple[str, str]]:
    """(file name, Markdown) for every page of one list, rendered by the theme's listing.html.

    A numbered page's source names nothing that changes as papers arrive (no count of
    pages or papers), so the source of a full page of a list by arrival never changes.
    """
    files = []
    for page in list_pages(listing):
        numbered = page.url != listing.url
        meta = {
            "Title": f"{listing.title} (page {page.number})" if numbered else listing.title,
            "Slug": listing.key.replace("/", "-") + (f"-page-{page.number}" if numbered else ""),
            "Url": page.url,
            "Save_as": page.url,
            "Status": "hidden",
            "Template": "listing",
            "Listing": listing.key,
            "Page_number": page.number,
        }
        name = f"{listing.slug}-page-{page.number}.md" if numbered else f"{listing.slug}.md"
        files.append((name, page_source(meta, listing.description)))
    return files


def index_source(url: str, title: str, template: str, description: str) -> tuple[str, str]:
    """The Markdown of an index page (topics/index.html, orgs/index.html)."""
    key = url.removesuffix(".html")
    meta = {
        "Title": title,
        "Slug": key.replace("/", "-"),
        "Url": url,
        "Save_as": url,
        "Status": "hidden",
        "Template": template,
    }
    return f"{key.rpartition('/')[2]}.md", page_source(meta, description)


def period_source(period: Period) -> tuple[str, str]:
    """The Markdown of a day's, week's or month's page, rendered by the theme's period.html."""
    meta = {
        "Title": period.title,
        "Slug": f"{period.kind}-{period.key}",
        "Url": period.url,
        "Save_as": period.url,
        "Status": "hidden",
        "Template": "period",
        "Period": period.url,
    }
    return f"{period.kind}-{period.key}.md", page_source(meta, period.title)


# The content folders of generated sources (git-ignored), each read by Pelican.
PAPERS, TOPICS, ORGS, LISTS, DAYS = "papers", "topics", "orgs", "lists", "days"
GENERATED = (PAPERS, TOPICS, ORGS, LISTS, DAYS)


def digest_sources(digest: Digest) -> dict[str, list[tuple[str, str]]]:
    """Every generated source, by content folder: (file name, Markdown)."""
    papers = list(digest.papers.values())
    sources: dict[str, list[tuple[str, str]]] = {
        PAPERS: [(f"{p.slug}.md", paper_markdown(p)) for p in papers],
        TOPICS: [index_source(URLS.topics, "Topics", "topics_index", "Every topic of the digest.")],
        ORGS: [index_source(URLS.orgs, "Organisations", "orgs_index", "Every organisation.")],
        LISTS: [
            index_source(URLS.feeds, "Feeds", "feeds", "Every feed of the digest, to follow in a feed reader."),
            index_source(URLS.saved, "Saved papers", "saved", "Your reading list, kept in this browser."),
            index_source(URLS.foryou, "For you", "foryou", "New papers ranked by what you follow."),
        ],
        DAYS: [period_source(p) for p in (*digest.days, *digest.weeks, *digest.months)],
    }
    lists = (digest.with_code, *((digest.rising,) if digest.rising else ()))
    for folder, listings in ((TOPICS, digest.topics), (ORGS, digest.orgs), (LISTS, lists)):
        for listing in listings:
            sources[folder] += listing_sources(listing)
    return sources


@dataclass(frozen=True)
class Written:
    """The generated sources as written: each one's text by its path in content/ ("papers/x.md")."""

    texts: dict[str, str]
    changed: list[Path]  # the files written (new or changed)
    summary: str


def write_sources(digest: Digest, content: Path) -> Written:
    """Write the generated sources into content/: every one's text, the files written and a summary."""
    texts: dict[str, str] = {}
    changed: list[Path] = []
    summary = ""
    for folder, files in digest_sources(digest).items():
        written, removed = sync_folder(content / folder, files)
        changed += written
        texts.update((f"{folder}/{name}", text) for name, text in files)
        if folder == PAPERS:
            unchanged = len(files) - len(written)
            summary = f"wrote {len(written)} paper sources ({removed} removed, {unchanged} unchanged)"
    return Written(texts, changed, summary)
