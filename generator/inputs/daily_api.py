"""Read one saved answer of Hugging Face's Daily Papers API into entries.

`paper-digest fetch` keeps every answer untouched as `hf/<day>/<fetched>.json`:
the day is the Daily Papers day asked for (the day its papers arrived), the
fetch time the day their upvotes were counted. The format changed over time
(fields added in 2025, hard-wrapped titles until late 2025, item-level
`publishedAt` changing meaning on 2025-03-11): only what every format has is
required (`paper.id`, a title); anything missing is simply unknown. The
paper's own date is `paper.publishedAt`, which kept its meaning. Like the text
parser, nothing here raises on bad input: problems name the file and the item.

`answer_items` and `item_fault` are the one check of an answer: the build skips an
item that is no paper with a warning, and `paper-digest fetch` refuses to save an
answer with one (`paper_items`), so what is kept is what the build reads.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from generator.model import Dump, Entry, HubFields, Org, PartialDate
from generator.problems import Problem

# An answer as the build reads it: its bytes, or its items when a line of kept changes gave them back
# (inputs/observations.py: never encoded only to be decoded again).
Answer = bytes | list[Any]

API = "https://huggingface.co"  # the Hub; `paper-digest fetch --api` points the fetch at another host
ENDPOINT = "/api/daily_papers"


def one_line(text: Any) -> str:
    """Whitespace folded: the API hard-wraps titles and abstracts."""
    return " ".join(text.split()) if isinstance(text, str) else ""


def answer_items(data: Answer) -> list[Any]:
    """The items of one answer (empty on a day without papers); ValueError saying why it is no answer."""
    if isinstance(data, list):  # decoded already
        return data
    try:
        items = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ValueError(f"not JSON ({' '.join(str(exc).split()) or type(exc).__name__})") from None
    if not isinstance(items, list):
        raise ValueError(f"a JSON {_kind(items)}, not a list of papers")
    return items


def item_fault(item: Any, number: int) -> str | None:
    """Why item `number` of an answer is no paper with an id and a title; None when it is one.

    Every format since 2024 gives `paper.id` and a title (the item's or the paper's).
    """
    if not isinstance(item, dict):
        return f"item {number} is a {_kind(item)}, not an object"
    paper = item.get("paper")
    if not isinstance(paper, dict):
        return f"item {number} has no 'paper' object"
    if not isinstance(paper.get("id"), str) or not paper["id"].strip():
        return f"item {number}'s paper has no 'id'"
    if not (one_line(item.get("title")) or one_line(paper.get("title"))):
        return f"item {number}'s paper has no 'title'"
    return None


def paper_items(data: bytes) -> list[Any]:
    """The items of an answer whose every item is a paper: what fetch keeps; ValueError naming the first fault."""
    items = answer_items(data)
    for number, item in enumerate(items, start=1):
        if fault := item_fault(item, number):
            raise ValueError(fault)
    return items


def _kind(value: Any) -> str:
    kinds = {dict: "object", list: "list", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else kinds.get(type(value), type(value).__name__)


def parse_daily(data: Answer, name: str, day: date, counted: date) -> tuple[Dump | None, list[Problem]]:
    """The entries of one API answer for `day`, fetched on `counted`."""
    try:
        items = answer_items(data)
    except ValueError as exc:
        return None, [Problem.error(name, None, f"not a Daily Papers answer: {exc}")]
    entries, problems = [], []
    for number, item in enumerate(items, start=1):
        if fault := item_fault(item, number):
            problems.append(Problem.warning(name, None, f"{fault}; skipped"))
        else:
            entries.append(_entry(item, number))
    captured = PartialDate(day.month, day.day, day.year)
    return Dump(name, captured, tuple(entries), counted=counted, fetched=True), problems


def _entry(item: dict[str, Any], number: int) -> Entry:
    """The entry of an item `item_fault` found to be a paper."""
    paper = item["paper"]
    title = one_line(item.get("title")) or one_line(paper.get("title"))
    arxiv_id = paper["id"]
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
        hub=HubFields(
            arxiv_id=arxiv_id,
            author_names=names,
            github_repo=_url(paper.get("githubRepo")),
            github_stars=paper["githubStars"] if _count(paper.get("githubStars")) else None,
            project_page=_url(paper.get("projectPage")),
            ai_summary=one_line(paper.get("ai_summary")) or None,
            ai_keywords=tuple(k for k in (one_line(word) for word in _list(paper.get("ai_keywords"))) if k),
        ),
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
