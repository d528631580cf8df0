"""Organisations: the Hub organisations named in the dumps, each with its papers."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from generator.model import Org, Paper, newest_first


@dataclass(frozen=True)
class Organisation:
    org: Org  # the Hub slug, as the dump gives it, and the most used name
    page: str  # the page's file name part: lowercase, safe on every file system
    papers: tuple[str, ...]  # paper slugs, newest first


def page_slug(hub_slug: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", hub_slug.lower()).strip("-") or "org"


def organisations(papers: Iterable[Paper]) -> tuple[Organisation, ...]:
    """Every organisation with at least one paper, by name; page names never collide."""
    by_slug: dict[str, list[Paper]] = {}
    for paper in papers:
        if paper.org is not None:
            by_slug.setdefault(paper.org.slug, []).append(paper)
    taken: set[str] = set()
    found = []
    for hub_slug in sorted(by_slug):
        members = by_slug[hub_slug]
        names = Counter(p.org.name for p in members if p.org)
        name = min(names, key=lambda n: (-names[n], n))  # the most used name, then alphabetical
        page, base, n = page_slug(hub_slug), page_slug(hub_slug), 1
        while page in taken:
            n += 1
            page = f"{base}-{n}"
        taken.add(page)
        found.append(Organisation(Org(hub_slug, name), page, tuple(p.slug for p in newest_first(members))))
    return tuple(sorted(found, key=lambda o: (o.org.name.lower(), o.org.slug)))
