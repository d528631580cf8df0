"""Read one dump (the text of a Daily Papers page) into entries.

The grammar, after the page chrome and the capture day, is a run of entries:

    title / abstract / [org line] / [• N authors] / [· / date [upvotes]]

with blank lines between lines. Nothing here raises on bad input: every
problem becomes a `Problem` naming the file and line, and a paper is kept
whenever its title could be read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from generator.model import Dump, Entry, Org, PartialDate
from generator.problems import Problem, Severity

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTHS = {name[:3]: number for number, name in enumerate(_MONTH_NAMES, start=1)}
MONTH_WORDS = {**MONTHS, **{name: number for number, name in enumerate(_MONTH_NAMES, start=1)}, "sept": 9}

# Lines of the page around the listing, never part of an entry.
CHROME = {
    "new",
    "get trending papers in your email inbox!",
    "subscribe",
    "daily papers",
    "byak and the research community",
}

DATE_RE = re.compile(
    r"^(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})"
    r"(?:,\s*(?P<year>\d{4}))?(?:\s+(?P<upvotes>\d+))?$"
)
AUTHORS_RE = re.compile(r"^[•·*-]?\s*(?P<count>\d+)\s+authors?$", re.IGNORECASE)
BULLET = "•"
DOT = "·"
# A title longer than this is almost surely an abstract whose title is missing.
LONG_TITLE = 400
# An organisation line is "slug Name", short; an abstract is a paragraph.
ORG_LINE_MAX = 60
ORG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]* \S")


@dataclass(frozen=True)
class Line:
    number: int
    text: str


def decode(data: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text, or the reason the file is not a text dump.

    NUL bytes are no text: in a file that is UTF-8 without them (a damaged copy), they are
    removed with one warning; in one that is not, they make it a binary file.
    """
    if not data.strip():
        return None, [Problem.error(name, None, "empty file: no dump to read")]
    first_nul = data.find(b"\x00")
    text_bytes = data.replace(b"\x00", b"") if first_nul >= 0 else data
    try:
        text = text_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if first_nul >= 0:
            return None, [Problem.error(name, None, "binary file, not a text dump")]
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem.error(name, line, f"not UTF-8 text (byte {data[exc.start]:#04x})")]
    if first_nul < 0:
        return text, []
    line = data[:first_nul].count(b"\n") + 1
    count = len(data) - len(text_bytes)
    return text, [Problem.warning(name, line, f"{count} NUL byte{'s' if count != 1 else ''} removed (the first here)")]


def parse_dump(data: bytes, name: str) -> tuple[Dump | None, list[Problem]]:
    """Parse the bytes of one dump; `name` is how problems refer to the file."""
    text, problems = decode(data, name)
    if text is None:
        return None, problems
    lines = _content_lines(text)
    start, captured, header_problems = _read_header(lines, name)
    problems += header_problems
    if captured is None:
        return None, problems
    entries, entry_problems = _read_entries(lines[start:], name)
    problems += entry_problems
    if not entries and not any(p.severity is Severity.ERROR for p in problems):
        problems.append(Problem.warning(name, None, "the dump lists no papers"))
    return Dump(name=name, captured=captured, entries=tuple(entries)), problems


def parse_date(text: str) -> tuple[PartialDate, int] | None:
    """`Jul 1, 2024 9` -> (PartialDate(7, 1, 2024), 9); None if it is no date.

    A date without a number has 0 upvotes: the page shows none then.
    """
    match = DATE_RE.match(text)
    if not match:
        return None
    month = MONTH_WORDS.get(match["month"].lower())
    if month is None:
        return None
    year = int(match["year"]) if match["year"] else None
    day = int(match["day"])
    if not _valid_day(month, day, year):
        return None
    return PartialDate(month, day, year), int(match["upvotes"] or 0)


def _valid_day(month: int, day: int, year: int | None) -> bool:
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: Feb 29 is fine
    except ValueError:
        return False
    return True


def _content_lines(text: str) -> list[Line]:
    """Non-blank lines with their 1-based numbers; CR, CRLF and spaces folded."""
    out = []
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        stripped = " ".join(unicodedata.normalize("NFC", raw).split())
        if stripped:
            out.append(Line(number, stripped))
    return out


def _read_header(lines: list[Line], name: str) -> tuple[int, PartialDate | None, list[Problem]]:
    """Skip the page chrome; return where entries start and the capture day."""
    index = 0
    while index < len(lines) and lines[index].text.lower() in CHROME:
        index += 1
    if index < len(lines):
        parsed = parse_date(lines[index].text)
        if parsed and parsed[1] == 0:
            return index + 1, parsed[0], []
    line = lines[index].number if index < len(lines) else None
    if index == 0:
        message = "not a Daily Papers dump: no page header and no capture day (like 'Dec 12')"
    else:
        message = "no capture day (like 'Dec 12') after the page header"
    return index, None, [Problem.error(name, line, message)]


def _is_authors(text: str) -> bool:
    return AUTHORS_RE.match(text) is not None


def _is_meta(text: str) -> bool:
    return text == DOT or text.startswith(BULLET) or _is_authors(text)


def _read_entries(lines: list[Line], name: str) -> tuple[list[Entry], list[Problem]]:
    entries: list[Entry] = []
    problems: list[Problem] = []
    i, n = 0, len(lines)

    def peek(offset: int = 0) -> str | None:
        return lines[i + offset].text if i + offset < n else None

    while i < n:
        title_line = lines[i]
        if _is_meta(title_line.text):
            problems.append(
                Problem.warning(name, title_line.number, f"stray metadata line {title_line.text!r} skipped")
            )
            i += 1
            continue
        i += 1
        if len(title_line.text) > LONG_TITLE:
            problems.append(Problem.warning(name, title_line.number, "title is very long: is the title line missing?"))

        abstract = ""
        nxt = peek()
        if nxt is None:
            problems.append(
                Problem.warning(name, title_line.number, "entry cut off at the end of the file: no abstract")
            )
        elif _is_meta(nxt) or (_starts_metadata(lines, i) and len(nxt) <= ORG_LINE_MAX and ORG_RE.match(nxt)):
            problems.append(Problem.warning(name, title_line.number, "entry has no abstract"))
        else:
            abstract = nxt
            i += 1

        org = None
        if _starts_metadata(lines, i):
            slug, _, org_name = lines[i].text.partition(" ")
            org = Org(slug=slug, name=org_name or slug)
            i += 1

        authors = None
        nxt = peek()
        if nxt is not None and nxt.startswith(BULLET):
            match = AUTHORS_RE.match(nxt)
            if match:
                authors = int(match["count"])
            else:
                problems.append(Problem.warning(name, lines[i].number, f"unreadable authors line {nxt!r} ignored"))
            i += 1

        date, upvotes = None, None  # no date line: the dump shows no count either
        if peek() == DOT:
            i += 1
            nxt = peek()
            parsed = parse_date(nxt) if nxt is not None else None
            if parsed:
                date, upvotes = parsed
                i += 1
            elif nxt is not None and _looks_like_date(nxt):
                problems.append(Problem.warning(name, lines[i].number, f"unreadable date {nxt!r} ignored"))
                i += 1
            else:
                where = lines[i - 1].number
                problems.append(Problem.warning(name, where, "'·' is not followed by a date"))
        elif peek() is not None and parse_date(peek() or "") and _next_is_title_or_end(lines, i + 1):
            date, upvotes = parse_date(peek() or "") or (None, None)
            i += 1

        entries.append(
            Entry(
                title=title_line.text,
                abstract=abstract,
                line=title_line.number,
                authors=authors,
                org=org,
                date=date,
                upvotes=upvotes,
            )
        )
    return entries, problems


def _starts_metadata(lines: list[Line], i: int) -> bool:
    """Is line i an organisation line? It is one only when metadata follows it."""
    if i + 1 >= len(lines) or _is_meta(lines[i].text) or parse_date(lines[i].text):
        return False
    follower = lines[i + 1].text
    return follower == DOT or (follower.startswith(BULLET) and len(follower) < 40)


def _next_is_title_or_end(lines: list[Line], i: int) -> bool:
    return i >= len(lines) or not _is_meta(lines[i].text)


def _looks_like_date(text: str) -> bool:
    head = text.split(" ", 1)[0][:3].lower()
    return head in MONTHS and len(text) < 40
