"""Read one saved answer of Hugging Face's Daily Papers API into entries.

`paper-digest fetch` keeps every answer untouched as `hf/<day>/<fetched>.json`:
the day is the Daily Papers day asked for (the day its papers arrived), the
fetch time the day their upvotes were counted. The format changed over time
(fields added in 2025, hard-wrapped titles until late 2025, item-level
`publishedAt` changing meaning on 2025-03-11): only what every format has is
required (`paper.id`, a title); anything missing is simply unknown. The
paper's own date is `paper.publishedAt`, which kept its meaning. Like the text
parser, nothing here raises on bad input: problems name the file and the item.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from generator.model import Dump, Entry, Org, PartialDate
from generator.problems import Problem


def one_line(text: Any) -> str:
    """Whitespace folded: the API hard-wraps titles and abstracts."""
    return " ".join(text.split()) if isinstance(text, str) else ""


def parse_daily(data: bytes, name: str, day: date, counted: date) -> tuple[Dump | None, list[Problem]]:
    """The entries of one API answer for `day`, fetched on `counted`."""
    try:
        items = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        return None, [Problem.error(name, None, f"not a Daily Papers answer: not JSON ({exc})")]
    if not isinstance(items, list):
        return None, [Problem.error(name, None, "not a Daily Papers answer: not a list of papers")]
    entries, problems = [], []
    for number, item in enumerate(items, start=1):
        entry = _entry(item, number)
        if entry is None:
            problems.append(Problem.warning(name, None, f"item {number}: no paper with an id and a title; skipped"))
        else:
            entries.append(entry)
    return Dump(name, PartialDate(day.month, day.day, day.year), tuple(entries), counted=counted), problems


def _entry(item: Any, number: int) -> Entry | None:
    paper = item.get("paper") if isinstance(item, dict) else None
    if not isinstance(paper, dict):
        return None
    title = one_line(item.get("title")) or one_line(paper.get("title"))
    arxiv_id = paper.get("id")
    if not title or not isinstance(arxiv_id, str) or not arxiv_id:
        return None
    authors = [author for author in _list(paper.get("authors")) if isinstance(author, dict)]
    names = tuple(name for name in (one_line(author.get("name")) for author in authors) if name)
    return Entry(
        title=title,
        abstract=one_line(paper.get("summary")),
        line=number,
        authors=len(names) if names else None,
        org=_org(item.get("organization") or paper.get("organization")),
        date=_day(paper.get("publishedAt")),
        upvotes=paper["upvotes"] if _count(paper.get("upvotes")) else None,
        arxiv_id=arxiv_id,
        author_names=names,
        github_repo=_url(paper.get("githubRepo")),
        github_stars=paper["githubStars"] if _count(paper.get("githubStars")) else None,
        project_page=_url(paper.get("projectPage")),
        ai_summary=one_line(paper.get("ai_summary")) or None,
        ai_keywords=tuple(k for k in (one_line(word) for word in _list(paper.get("ai_keywords"))) if k),
    )


def _list(value: Any) -> list[Any]:
    return [v for v in value if isinstance(v, dict | str)] if isinstance(value, list) else []


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _url(value: Any) -> str | None:
    return value if isinstance(value, str) and value.startswith(("https://", "http://")) else None


def _org(value: Any) -> Org | None:
    if not isinstance(value, dict) or not one_line(value.get("name")):
        return None
    slug = one_line(value["name"])
    return Org(slug=slug, name=one_line(value.get("fullname")) or slug)


def _day(value: Any) -> PartialDate | None:
    """`2025-12-08T12:59:54.000Z` -> its (UTC) day."""
    try:
        found = date.fromisoformat(value[:10]) if isinstance(value, str) else None
    except ValueError:
        return None
    return PartialDate(found.month, found.day, found.year) if found else None
