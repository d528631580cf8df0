"""Parsing: one fixture per variant of dump-format.md and per bad case."""

from __future__ import annotations

import pytest

from generator.inputs.parse import parse_date, parse_dump
from generator.model import Org, PartialDate
from generator.problems import Severity
from tests.support.paths import SHIPPED_DUMPS, fixture_dump


def parse(name: str):
    return parse_dump(fixture_dump(name).read_bytes(), name)


def messages(problems, severity=Severity.WARNING):
    return [(p.line, p.message) for p in problems if p.severity is severity]


def test_full_metadata():
    dump, problems = parse("full_metadata.txt")
    assert problems == []
    assert dump.captured == PartialDate(12, 12)
    first, second = dump.entries
    assert first.title == "Position Coupling for Length Generalization"
    assert first.abstract.startswith("We study length generalization")
    assert (first.authors, first.date, first.upvotes, first.line) == (3, PartialDate(7, 1, 2024), 9, 13)
    assert (second.authors, second.date, second.upvotes) == (18, PartialDate(5, 6), 2)


def test_yearless_dates_keep_no_year_and_read_upvotes():
    dump, _ = parse("yearless_dates.txt")
    assert [(e.date, e.upvotes) for e in dump.entries] == [(PartialDate(5, 6), 0), (PartialDate(12, 30), 5)]


def test_organisation_line_instead_of_authors():
    dump, problems = parse("org_line.txt")
    assert problems == []
    assert [e.org for e in dump.entries] == [Org("Berkeley", "UC Berkeley"), Org("kaist-ai", "KAIST AI")]
    assert [e.authors for e in dump.entries] == [None, None]
    assert dump.entries[1].upvotes == 4


def test_entry_without_metadata_is_followed_directly_by_the_next_title():
    dump, problems = parse("no_metadata_entry.txt")
    assert problems == []
    assert [e.title for e in dump.entries] == ["Bridging Reasoning to Learning", "Second Paper"]
    assert dump.entries[0].date is None and dump.entries[0].authors is None
    assert dump.entries[1].date == PartialDate(3, 8, 2024)


def test_page_of_titles_and_abstracts_without_daily_papers_line():
    dump, problems = parse("titles_and_abstracts_only.txt")
    assert problems == []
    assert dump.captured == PartialDate(3, 12)
    assert [e.title for e in dump.entries] == ["First Title", "Second Title"]
    assert all(e.abstract for e in dump.entries)


@pytest.mark.parametrize("name", ["crlf_bom.txt", "trailing_spaces.txt"])
def test_crlf_bom_and_trailing_spaces_read_like_the_clean_file(name):
    clean, _ = parse("full_metadata.txt")
    dump, problems = parse(name)
    assert problems == []
    assert [(e.title, e.abstract, e.authors, e.date, e.upvotes) for e in dump.entries] == [
        (e.title, e.abstract, e.authors, e.date, e.upvotes) for e in clean.entries
    ]


def test_one_author_and_extra_blank_lines():
    (one, p1), (spaced, p2) = parse("one_author.txt"), parse("extra_blank_lines.txt")
    assert p1 == p2 == []
    assert one.entries[0].authors == 1
    assert (spaced.entries[0].authors, spaced.entries[0].upvotes) == (3, 3)


def test_non_ascii_title_is_kept():
    dump, problems = parse("non_ascii.txt")
    assert problems == []
    assert dump.entries[0].title == "Ωmega: Über-Modelle für 日本語"


def test_markup_in_text_is_kept_verbatim():
    dump, _ = parse("markup_in_text.txt")
    entry = dump.entries[0]
    assert entry.title == "Li_2 and G_F: *bold* <b>claims</b> & [links](http://x.y) `code`"
    assert "$textbf{specialist} and textbf{generalist}$" in entry.abstract
    assert "\\textbf{L}azy" in entry.abstract


def test_entry_cut_off_at_the_end_is_kept_with_a_warning():
    dump, problems = parse("cut_off_entry.txt")
    assert dump.entries[-1].title == "A Paper Whose Abstract Was Not Copied"
    assert dump.entries[-1].abstract == ""
    assert messages(problems) == [(29, "entry cut off at the end of the file: no abstract")]


def test_entry_without_abstract_is_kept_with_a_warning():
    dump, problems = parse("no_abstract.txt")
    assert [e.title for e in dump.entries] == ["Title Without Abstract", "Next Paper"]
    assert dump.entries[0].authors == 3
    assert messages(problems) == [(13, "entry has no abstract")]


def test_unreadable_metadata_lines_are_warnings_and_the_papers_stay():
    dump, problems = parse("bad_metadata.txt")
    assert [e.title for e in dump.entries] == ["Odd Authors", "Odd Date"]
    assert dump.entries[0].authors is None and dump.entries[0].date == PartialDate(6, 7, 2023)
    assert dump.entries[1].date is None
    assert messages(problems) == [
        (17, "unreadable authors line '• many authors' ignored"),
        (27, "unreadable date 'Jun 47, 2023' ignored"),
    ]


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("empty.txt", None, "empty file"),
        ("binary.txt", None, "binary file"),
        ("not_utf8.txt", 13, "not UTF-8"),
        ("not_a_dump.txt", 1, "not a Daily Papers dump"),
        ("no_capture_day.txt", 9, "no capture day"),
    ],
)
def test_unreadable_files_are_errors_naming_the_file(name, line, message):
    dump, problems = parse(name)
    assert dump is None
    [problem] = problems
    assert problem.severity is Severity.ERROR
    assert (problem.path, problem.line) == (name, line)
    assert message in problem.message
    assert str(problem).startswith(f"{name}:{line}: error:" if line else f"{name}: error:")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jul 1, 2024 9", (PartialDate(7, 1, 2024), 9)),
        ("Aug 8 2", (PartialDate(8, 8), 2)),
        ("Jun 7, 2023", (PartialDate(6, 7, 2023), 0)),
        ("May 6", (PartialDate(5, 6), 0)),
        ("Feb 29", (PartialDate(2, 29), 0)),
        ("Feb 30", None),
        ("Pointer Networks", None),
        ("Mayday 6", None),
        ("September 3, 2024", (PartialDate(9, 3, 2024), 0)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_shipped_dumps_parse_cleanly_with_the_documented_counts():
    counts = []
    for path in SHIPPED_DUMPS:
        dump, problems = parse_dump(path.read_bytes(), path.name)
        assert problems == []
        counts.append(len(dump.entries))
    assert counts == [35, 47, 72, 47, 52]
