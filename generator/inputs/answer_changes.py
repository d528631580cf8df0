"""What changed between two answers of one day, as one line of JSON, and that line applied again.

A refetch of a day differs from the answer before it in a few counts (upvotes, comments,
stars) and in the order those counts sort the papers in. `answer_change` writes only that:

    {"fetched": "2025-12-11T061802Z", "order": ["2512.07525", ...],
     "changed": {"2512.07525": {"/paper/upvotes": 31, "/numComments": 4}},
     "added": {"2512.09001": {...the whole item...}}}

`order` is every paper id of the later answer in its order (a paper not in it was removed),
`changed` holds, per paper, each value that differs under a JSON Pointer (RFC 6901) to it,
and `added` the whole item of a paper the earlier answer did not have. An object whose keys
changed, or a list whose length changed, is given whole at its pointer, so key order is kept
too. An answer whose items are not papers with one id each is kept whole (`"answer": [...]`).

`apply_change` gives the later answer back as bytes: the same JSON value, keys in the same
order, written as the API writes it (minified, non-ASCII unescaped) or with the indent the
line names, so an answer in any of those layouts comes back byte for byte (`restores_exactly`).
Pure functions: no file is read here (inputs/observations.py keeps the lines).
"""

from __future__ import annotations

import json
from typing import Any

FETCHED = "fetched"
ORDER, CHANGED, ADDED, ANSWER, INDENT = "order", "changed", "added", "answer", "indent"
INDENTS = (None, 2, 4)  # the API's own minified body, and what scripts re-indenting it write


def dump_answer(value: Any, indent: int | None = None) -> bytes:
    """An answer's bytes: minified as the API sends it, or indented by `indent` spaces."""
    separators = (",", ":") if indent is None else (",", ": ")
    return json.dumps(value, ensure_ascii=False, separators=separators, indent=indent).encode("utf-8")


def layout(body: bytes, value: Any) -> int | None:
    """The indent `dump_answer` writes `body` back with (None: minified); ValueError when no layout gives its bytes."""
    for indent in INDENTS:
        if dump_answer(value, indent) == body:
            return indent
    raise ValueError("its bytes are not minified nor indented as dump_answer writes them")


def paper_ids(items: list[Any]) -> list[str] | None:
    """The paper id of each item, in order; None when an item has none or two items share one."""
    ids = []
    for item in items:
        paper = item.get("paper") if isinstance(item, dict) else None
        paper_id = paper.get("id") if isinstance(paper, dict) else None
        if not isinstance(paper_id, str):
            return None
        ids.append(paper_id)
    return ids if len(set(ids)) == len(ids) else None


def answer_change(before: list[Any], after: list[Any], fetched: str, indent: int | None = None) -> dict[str, Any]:
    """The line that turns the answer `before` into `after` (both parsed JSON lists), fetched at `fetched`."""
    line: dict[str, Any] = {FETCHED: fetched}
    if indent is not None:
        line[INDENT] = indent
    old_ids, new_ids = paper_ids(before), paper_ids(after)
    if old_ids is None or new_ids is None:
        line[ANSWER] = after
        return line
    old_items = dict(zip(old_ids, before, strict=True))
    changed: dict[str, dict[str, Any]] = {}
    added: dict[str, Any] = {}
    for paper_id, item in zip(new_ids, after, strict=True):
        if paper_id not in old_items:
            added[paper_id] = item
            continue
        values: dict[str, Any] = {}
        _differences(old_items[paper_id], item, "", values)
        if values:
            changed[paper_id] = values
    line[ORDER] = new_ids
    if changed:
        line[CHANGED] = changed
    if added:
        line[ADDED] = added
    return line


def _differences(before: Any, after: Any, pointer: str, found: dict[str, Any]) -> None:
    """Put in `found` each value of `after` that differs from `before`, under its pointer; as deep as keys allow."""
    if type(before) is dict and type(after) is dict and list(before) == list(after):
        for key, value in after.items():
            _differences(before[key], value, f"{pointer}/{_escape(key)}", found)
    elif type(before) is list and type(after) is list and len(before) == len(after):
        for index, value in enumerate(after):
            _differences(before[index], value, f"{pointer}/{index}", found)
    elif type(before) is not type(after) or repr(before) != repr(after):  # 1, 1.0 and true, 0.0 and -0.0 differ
        found[pointer] = after


def apply_change(before: list[Any], line: dict[str, Any]) -> list[Any]:
    """The answer `line` turns `before` into (`before` is left as it was); ValueError when they do not fit."""
    if ANSWER in line:
        if not isinstance(line[ANSWER], list):
            raise ValueError("its answer is not a list")
        return line[ANSWER]
    old_ids = paper_ids(before)
    order, changed, added = line.get(ORDER), line.get(CHANGED, {}), line.get(ADDED, {})
    if old_ids is None or not isinstance(order, list) or not isinstance(changed, dict) or not isinstance(added, dict):
        raise ValueError("it has no order of papers, or the answer before it has no paper ids")
    old_items = dict(zip(old_ids, before, strict=True))
    after = []
    for paper_id in order:
        if paper_id in added:
            item = added[paper_id]
        elif paper_id in old_items:
            item = old_items[paper_id]
            for pointer, value in changed.get(paper_id, {}).items():
                item = _replaced(item, pointer, value)
        else:
            raise ValueError(f"paper {paper_id} is neither in the answer before it nor added")
        after.append(item)
    return after


def _replaced(document: Any, pointer: str, value: Any) -> Any:
    """`document` with the value at `pointer` replaced; copies only the path to it, so `document` is unchanged."""
    if not pointer:
        return value
    if not pointer.startswith("/"):
        raise ValueError(f"{pointer!r} is not a JSON Pointer")
    key, _, rest = pointer[1:].partition("/")
    rest = f"/{rest}" if "/" in pointer[1:] else ""
    if isinstance(document, dict):
        key = _unescape(key)
        if key not in document:
            raise ValueError(f"no {key!r} where {pointer!r} points")
        copy = dict(document)
        copy[key] = _replaced(document[key], rest, value)
        return copy
    if isinstance(document, list) and key.isdigit() and int(key) < len(document):
        copy_list = list(document)
        copy_list[int(key)] = _replaced(document[int(key)], rest, value)
        return copy_list
    raise ValueError(f"nothing where {pointer!r} points")


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _unescape(key: str) -> str:
    return key.replace("~1", "/").replace("~0", "~")


def line_bytes(line: dict[str, Any]) -> bytes:
    """One line of a day's changes file: minified JSON (a newline in a string is escaped), then a newline."""
    return json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
