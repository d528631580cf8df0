"""Generated list pages (a topic, an organisation, the papers with code), paginated.

Each list becomes Markdown sources that Pelican reads as hidden pages: one per
page of the list, all rendered by the theme's `listing.html`, which takes the
papers of its page from DIGEST.listings. Page 1 is `<base>.html`, page n
`<base>/page/<n>.html`, like every other paginated list of the site.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.write import escape_markdown, markdown_source


@dataclass(frozen=True)
class Listing:
    key: str  # "topics/llms": the key in DIGEST.listings, also the URL base
    kind: str  # "topic", "org" or "code"
    title: str
    description: str
    papers: tuple[str, ...]  # paper slugs, in the order shown

    @property
    def name(self) -> str:
        return self.key.rpartition("/")[2]

    def page_count(self, per_page: int) -> int:
        return max(1, -(-len(self.papers) // per_page))

    def page_url(self, number: int) -> str:
        return f"{self.key}.html" if number == 1 else f"{self.key}/page/{number}.html"


def page_source(meta: dict[str, object], body: str) -> str:
    return markdown_source(meta, escape_markdown(body))


def listing_sources(listing: Listing, per_page: int) -> list[tuple[str, str]]:
    """(file name, Markdown) for every page of one list."""
    count = listing.page_count(per_page)
    files = []
    for number in range(1, count + 1):
        url = listing.page_url(number)
        meta = {
            "Title": listing.title if number == 1 else f"{listing.title} (page {number})",
            "Slug": f"{listing.key.replace('/', '-')}-page-{number}",
            "Url": url,
            "Save_as": url,
            "Status": "hidden",
            "Template": "listing",
            "Listing": listing.key,
            "Page_number": number,
            "Page_count": count,
        }
        name = f"{listing.name}.md" if number == 1 else f"{listing.name}-page-{number}.md"
        files.append((name, page_source(meta, listing.description)))
    return files


def index_source(key: str, title: str, template: str, description: str) -> tuple[str, str]:
    """The Markdown of an index page (topics/index.html, orgs/index.html)."""
    meta = {
        "Title": title,
        "Slug": f"{key.replace('/', '-')}",
        "Url": f"{key}.html",
        "Save_as": f"{key}.html",
        "Status": "hidden",
        "Template": template,
    }
    return f"{key.rpartition('/')[2]}.md", page_source(meta, description)


def listing_context(listing: Listing, per_page: int) -> dict[str, Any]:
    """What the theme needs to render any page of the list."""
    return {
        "key": listing.key,
        "kind": listing.kind,
        "title": listing.title,
        "description": listing.description,
        "url": listing.page_url(1),
        "count": len(listing.papers),
        "papers": list(listing.papers),
        "per_page": per_page,
        "pages": [listing.page_url(n) for n in range(1, listing.page_count(per_page) + 1)],
    }
