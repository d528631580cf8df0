"""Property tests of the parser (hypothesis).

1. Round trip: a dump written from generated papers reads back as those papers.
   Which texts are valid in a dump is defined by `valid_title`, `valid_abstract`
   and `valid_org_line` below; the parser must be right for every valid text.
2. Robustness: random bytes, random text and random line edits of the real dumps
   never make `parse_dump` raise; it returns problems instead.
3. No complete entry is lost: after random line edits of a real dump, every entry
   whose lines are still intact (see `intact_entries`) is still read, unchanged.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.inputs.parse import (
    AUTHORS_RE,
    CHROME,
    DOT,
    MONTHS,
    ORG_LINE_MAX,
    ORG_RE,
    _is_meta,
    parse_date,
    parse_dump,
)
from generator.model import Entry, Org, PartialDate
from generator.problems import Severity
from tests.support.examples import examples
from tests.support.paths import SHIPPED_DUMPS

# Modest by default so the suite stays fast; PARSE_EXAMPLES=5000 for a long fuzz run.
SCALE = int(os.environ.get("PARSE_EXAMPLES", "0")) or None
FAST = settings(max_examples=SCALE or examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
EDITS = settings(max_examples=SCALE or examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])

MONTH_NAMES = {number: name.title() for name, number in MONTHS.items()}
HEADER = [
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "Daily Papers",
    "byAK and the research community",
]


# ---------------------------------------------------------------- dump writer


def date_line(date: PartialDate, upvotes: int | None) -> str:
    text = f"{MONTH_NAMES[date.month]} {date.day}"
    if date.year is not None:
        text += f", {date.year}"
    if upvotes:
        text += f" {upvotes}"
    return text


def entry_lines(entry: Entry) -> list[str]:
    """The lines of one entry as a Daily Papers page prints them."""
    lines = [entry.title, entry.abstract]
    if entry.org is not None:
        lines.append(f"{entry.org.slug} {entry.org.name}")
    if entry.authors is not None:
        lines.append(f"  • {entry.authors} author{'s' if entry.authors != 1 else ''}")
    if entry.date is not None:
        lines += [DOT, date_line(entry.date, entry.upvotes)]
    return lines


CAPTURED = PartialDate(12, 12)


def write_dump(entries: list[Entry], captured: PartialDate = CAPTURED, newline: str = "\n") -> tuple[str, list[int]]:
    """A dump of these entries, blank lines between lines; also each title's line number."""
    lines = [*HEADER, date_line(captured, 0)]
    title_lines = []
    for entry in entries:
        title_lines.append(2 * len(lines) + 1)  # every line is followed by a blank one
        lines += entry_lines(entry)
    return "".join(f"{line}{newline}{newline}" for line in lines), title_lines


# ---------------------------------------------------------------- valid texts


def fold(text: str) -> str:
    return " ".join(text.split())


def valid_text(text: str) -> bool:
    """A one-line text as a dump holds it: non-empty, NFC, whitespace folded to
    single spaces (so no line breaks), no control characters."""
    return (
        bool(text)
        and text == fold(text)
        and unicodedata.normalize("NFC", text) == text
        and not any(unicodedata.category(c) == "Cc" for c in text)
    )


def valid_title(text: str) -> bool:
    """A title is not page chrome, not a metadata line ('·', '• …', 'N authors')
    and not a date (an entry without metadata may be followed by its date)."""
    return valid_text(text) and text.lower() not in CHROME and not _is_meta(text) and parse_date(text) is None


def looks_like_org_line(text: str) -> bool:
    return len(text) <= ORG_LINE_MAX and ORG_RE.match(text) is not None


def valid_abstract(text: str, followed_by_metadata: bool) -> bool:
    """An abstract is not a metadata line; a short 'slug Name' abstract directly
    followed by metadata reads as an organisation line (the abstract missing),
    as it does on the page, so it is not a valid abstract there."""
    return valid_text(text) and not _is_meta(text) and not (followed_by_metadata and looks_like_org_line(text))


def valid_org_line(text: str) -> bool:
    return valid_text(text) and not _is_meta(text) and parse_date(text) is None and AUTHORS_RE.match(text) is None


# ---------------------------------------------------------------- strategies

# Any character but surrogates, with plenty of whitespace and markup to fold and read.
characters = st.characters(exclude_categories=("Cs",))
tricky = st.sampled_from([*" \t\u00a0\u2028\u3000·•*-_[]()<>&#{}%\\`|:", "\r\n", "\n", "authors", "May 6", "new"])
raw_text = st.lists(st.one_of(characters, tricky), min_size=1, max_size=60).map("".join)
text = raw_text.map(lambda t: fold(unicodedata.normalize("NFC", t))).filter(valid_text)
long_text = st.lists(text, min_size=1, max_size=12).map(" ".join)

partial_dates = st.builds(
    lambda month, day, year: PartialDate(month, day, year),
    st.integers(1, 12),
    st.integers(1, 28),
    st.none() | st.integers(1990, 2099),
)
org_slugs = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,20}", fullmatch=True)


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    authors = draw(st.none() | st.integers(1, 5000))
    date = draw(st.none() | partial_dates)
    upvotes = draw(st.integers(0, 999)) if date is not None else None  # no date line: no count
    org = None
    # An organisation line is recognised by the metadata below it.
    if (authors is not None or date is not None) and draw(st.booleans()):
        org = Org(draw(org_slugs), draw(text))
        assume(valid_org_line(f"{org.slug} {org.name}"))
    title = draw(text.filter(valid_title))
    has_metadata = org is None and (authors is not None or date is not None)
    abstract = draw(st.one_of(text, long_text).filter(lambda a: valid_abstract(a, has_metadata)))
    return Entry(title=title, abstract=abstract, line=0, authors=authors, org=org, date=date, upvotes=upvotes)


# ---------------------------------------------------------------- round trip


@pytest.mark.slow
@FAST
@given(st.lists(entries(), min_size=1, max_size=6), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_written_dumps_read_back_identically(papers: list[Entry], newline: str, bom: bool):
    text, title_lines = write_dump(papers, newline=newline)
    data = ("\ufeff" if bom else "").encode() + text.encode("utf-8")
    dump, problems = parse_dump(data, "generated.txt")
    assert problems == []
    assert dump is not None and dump.captured == PartialDate(12, 12)
    expected = [replace(entry, line=line) for entry, line in zip(papers, title_lines, strict=True)]
    assert list(dump.entries) == expected


# ---------------------------------------------------------------- never raises


@FAST
@given(st.binary(max_size=3000))
def test_random_bytes_never_raise(data: bytes):
    dump, problems = parse_dump(data, "random.bin")
    assert dump is not None or any(p.severity is Severity.ERROR for p in problems)


@FAST
@given(st.text(max_size=2000), st.sampled_from(["", "new\n\nDec 12\n\n", "Dec 12\n"]))
def test_random_text_never_raises(body: str, head: str):
    data = (head + body).encode("utf-8", "surrogatepass")
    parse_dump(data, "random.txt")


# ---------------------------------------------------------------- line edits of the real dumps


@dataclass(frozen=True)
class Item:
    """One line of an edited dump and the original line it still is (None: changed)."""

    origin: int | None
    text: str


@lru_cache
def real_dump(index: int) -> tuple[str, tuple[Entry, ...]]:
    path = SHIPPED_DUMPS[index]
    dump, problems = parse_dump(path.read_bytes(), path.name)
    assert dump is not None and problems == []
    return path.read_text("utf-8"), dump.entries


edit_ops = st.tuples(
    st.sampled_from(["delete", "duplicate", "swap", "truncate", "blank", "join"]),
    st.integers(0, 10**6),
    st.integers(0, 10**6),
)


def apply_edits(lines: list[str], ops: list[tuple[str, int, int]]) -> list[Item]:
    items = [Item(number, text) for number, text in enumerate(lines, 1)]
    for op, a, b in ops:
        if not items:
            break
        i, j = a % len(items), b % len(items)
        if op == "delete":
            del items[i]
        elif op == "duplicate":
            items.insert(i, items[i])
        elif op == "swap":
            items[i], items[j] = items[j], items[i]
        elif op == "truncate":
            cut = b % (len(items[i].text) + 1)
            if cut < len(items[i].text):
                items[i] = Item(None, items[i].text[:cut])
        elif op == "blank":
            items.insert(i, Item(None, ""))
        elif op == "join" and i + 1 < len(items):
            items[i : i + 2] = [Item(None, items[i].text + " " + items[i + 1].text)]
    return items


def blocks_of(lines: list[str], entries: tuple[Entry, ...]) -> tuple[list[int], list[list[int]]]:
    """Original line numbers of the header and of each entry (non-blank lines only)."""
    nonblank = [n for n, text in enumerate(lines, 1) if text.strip()]
    starts = [e.line for e in entries] + [len(lines) + 1]
    header = [n for n in nonblank if n < starts[0]]
    blocks = [[n for n in nonblank if starts[k] <= n < starts[k + 1]] for k in range(len(entries))]
    return header, blocks


def intact_entries(items: list[Item], header: list[int], blocks: list[list[int]], lines: list[str]) -> set[int]:
    """Entries the edits left readable: all their lines, unchanged and in order, right
    after the header or after an entry that is intact or ends with its '·' and date
    (a parser can only find an entry whose start it can find). A dump whose header
    (chrome and capture day) is broken is an error naming the file: none are intact."""
    seq = [item.origin for item in items if item.text.strip()]
    if seq[: len(header)] != header:
        return set()

    def at(block: list[int], p: int) -> bool:
        return p >= 0 and seq[p : p + len(block)] == block

    def ends_with_date(block: list[int]) -> bool:
        return len(block) >= 2 and lines[block[-2] - 1].strip() == DOT

    intact: set[int] = set()
    starts: dict[int, set[int]] = {}  # entry -> positions where it is intact
    for k, block in enumerate(blocks):
        starts[k] = set()
        for p in range(len(seq)):
            if not at(block, p):
                continue
            if k == 0:
                ok = p == len(header)
            else:
                prev = blocks[k - 1]
                q = p - len(prev)
                ok = at(prev, q) and (ends_with_date(prev) or q in starts[k - 1])
            if ok:
                starts[k].add(p)
                intact.add(k)
    return intact


@pytest.mark.slow
@EDITS
@given(st.integers(0, len(SHIPPED_DUMPS) - 1), st.lists(edit_ops, min_size=1, max_size=8))
def test_line_edits_of_real_dumps_never_raise_and_lose_no_intact_entry(index: int, ops):
    text, entries = real_dump(index)
    lines = text.split("\n")
    items = apply_edits(lines, ops)
    edited = "\n".join(item.text for item in items).encode("utf-8")
    dump, problems = parse_dump(edited, "edited.txt")
    header, blocks = blocks_of(lines, entries)
    keep = intact_entries(items, header, blocks, lines)
    if not keep:
        return
    assert dump is not None, problems
    found = {(e.title, e.abstract, e.org, e.authors, e.date, e.upvotes) for e in dump.entries}
    for k in keep:
        e = entries[k]
        if len(blocks[k]) >= 2 and lines[blocks[k][-2] - 1].strip() == DOT:
            assert (e.title, e.abstract, e.org, e.authors, e.date, e.upvotes) in found, e.title
        else:  # an entry without metadata may pick up a stray date line after it
            assert e.title in {f[0] for f in found}, e.title


@EDITS
@given(st.integers(0, len(SHIPPED_DUMPS) - 1), st.integers(0, 10**6), st.binary(min_size=1, max_size=8))
def test_byte_edits_of_real_dumps_never_raise(index: int, where: int, junk: bytes):
    data = SHIPPED_DUMPS[index].read_bytes()
    at = where % len(data)
    parse_dump(data[:at] + junk + data[at + len(junk) :], "edited.txt")
    parse_dump(data[:at], "cut.txt")


def test_writer_writes_the_shipped_format():
    """The helper's output for a real entry is the real dump's text."""
    text, entries = real_dump(0)
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    first = entries[0]
    written = [line.strip() for line in entry_lines(first)]
    start = lines.index(first.title)
    assert lines[start : start + len(written)] == written
