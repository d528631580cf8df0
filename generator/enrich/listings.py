"""The generated lists of papers: one per topic, one per organisation, the papers with code.

A list is paginated like every other list of the site: page 1 is `<key>.html`,
page n `<key>/page/<n>.html` (generator/urls.py).
"""

from __future__ import annotations

from generator.model import Listing, Org
from generator.urls import CODE_BASE, ORG_BASE, RISING_BASE, TOPIC_BASE, URLS


def listing(
    key: str,
    kind: str,
    slug: str,
    title: str,
    description: str,
    papers: tuple[str, ...],
    per_page: int,
    org: Org | None = None,
) -> Listing:
    count = max(1, -(-len(papers) // per_page))
    pages = tuple(URLS.list_page(key, number) for number in range(1, count + 1))
    return Listing(key, kind, slug, title, description, papers, pages, per_page, org)


def topic_listing(slug: str, title: str, description: str, papers: tuple[str, ...], per_page: int) -> Listing:
    return listing(TOPIC_BASE.format(slug=slug), "topic", slug, title, description, papers, per_page)


def org_listing(org: Org, page: str, papers: tuple[str, ...], per_page: int) -> Listing:
    about = f"Papers from {org.name} ({org.slug}) in the digest."
    return listing(ORG_BASE.format(slug=page), "org", page, org.name, about, papers, per_page, org=org)


def code_listing(papers: tuple[str, ...], per_page: int) -> Listing:
    about = "Papers whose abstract links to their code (GitHub, GitLab, Hugging Face)."
    return listing(CODE_BASE, "code", CODE_BASE, "Papers with code", about, papers, per_page)


def rising_listing(papers: tuple[str, ...], per_page: int) -> Listing:
    about = "The papers that gained the most upvotes in the digest's last seven days."
    return listing(RISING_BASE, "rising", RISING_BASE, "Rising papers", about, papers, per_page)
