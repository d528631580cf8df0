"""Adversarial dumps stay linear and bounded, and their text is shown exactly.

Each case has a time bound generous enough for a loaded CI machine (the times
measured here are in the comments): a regression to quadratic work blows it.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.config import Config
from generator.inputs.ingest import ingest_files
from generator.inputs.merge import slugify
from generator.problems import Severity
from generator.urls import URLS
from tests.support.html_pages import parse, select, text
from tests.support.papers_data import read_papers
from tests.support.projects import build_site

pytestmark = pytest.mark.slow

HEADER = "Daily Papers\n\nbyAK and the research community\n\nDec 12\n\n"
WORDS = [
    "model",
    "data",
    "learning",
    "task",
    "transfer",
    "reasoning",
    "attention",
    "scaling",
    "benchmark",
    "agents",
    "vision",
]


def entry(title: str, abstract: str, upvotes: int = 1) -> str:
    return f"{title}\n\n{abstract}\n\n  • 3 authors\n·\nJul 1, 2024 {upvotes}\n\n"


def abstract(number: int, words: int = 220) -> str:
    return " ".join(WORDS[(number * 7 + k * k) % len(WORDS)] for k in range(words)) + f" (n{number})."


def write_dump(path: Path, body: str) -> Path:
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def test_a_50_mb_dump_is_read_in_linear_time(tmp_path: Path):
    body, number = [], 0
    size = 0
    while size < 50_000_000:
        part = entry(f"Scaling study number {number}: what a large dump holds", abstract(number), number % 100)
        body.append(part)
        size += len(part)
        number += 1
    dump = write_dump(tmp_path / "huge.txt", "".join(body))
    assert dump.stat().st_size >= 50_000_000
    found, seconds = timed(ingest_files, [dump], Config(), 2025)  # 2.6 s here, with writing the dump
    assert not found.errors and not found.warnings
    assert found.entries == len(found.papers) == number
    assert seconds < 120, f"{seconds:.1f} s for 50 MB"


def test_one_paper_listed_20000_times_is_one_paper(tmp_path: Path):
    title = "The Paper Everybody Pasted"
    dump = write_dump(tmp_path / "repeated.txt", "".join(entry(title, abstract(n % 7), n) for n in range(20_000)))
    result, seconds = timed(build_site, tmp_path / "site", [dump])  # 1.8 s here
    assert seconds < 180, f"{seconds:.1f} s"
    papers = read_papers(result.output)
    [paper] = papers
    assert paper["title"] == title and len(paper["sources"]) == 20_000
    assert paper["upvotes"] == 19_999  # the highest count wins
    assert (result.output / URLS.paper(slugify(title))).is_file()


def test_a_200000_character_title_is_shown_whole_with_a_short_slug(tmp_path: Path):
    title = " ".join(f"{WORDS[n % len(WORDS)]}{n}" for n in range(40_000))[:200_000].strip()
    dump = write_dump(tmp_path / "long.txt", entry(title, abstract(1)) + entry("A short neighbour", abstract(2)))
    result, seconds = timed(build_site, tmp_path / "site", [dump])  # 0.6 s here
    assert seconds < 120, f"{seconds:.1f} s"
    slug = slugify(title)
    assert len(slug) <= 80
    [h1] = select(parse(result.output / URLS.paper(slug)), "//h1")
    assert text(h1) == title


BIDI = "Attack \u202egnp.exe\u202c on \u2066isolated\u2069 text\u200b with\u200d zero\u200c width \u2067marks"


def test_bidi_and_zero_width_characters_are_shown_exactly_and_isolated(tmp_path: Path):
    dump = write_dump(tmp_path / "bidi.txt", entry(BIDI, f"An abstract with \u202e{BIDI}\u202c inside.", 5))
    result = build_site(tmp_path / "site", [dump])
    page = parse(result.output / URLS.paper(slugify(BIDI)))
    [h1] = select(page, "//h1")
    assert h1.text_content() == BIDI  # exactly, every invisible character kept
    assert [b.text_content() for b in select(h1, "./bdi")] == [BIDI]
    for listing in (URLS.index, URLS.day("2025-12-12"), URLS.top):
        links = select(parse(result.output / listing), f"//a[@href and contains(@href, '{slugify(BIDI)}')]")
        titles = [link for link in links if BIDI in link.text_content()]
        assert titles, listing
        for link in titles:  # isolated: the title cannot reorder the text around it
            cell = link.getparent()
            if cell.tag == "td":  # a row's title is alone in its table cell, a bidi paragraph of its own
                assert cell.text_content() == BIDI, listing
            else:  # a card's title is a <bdi>
                assert [b.text_content() for b in select(link, ".//bdi")] == [BIDI], listing
    papers = read_papers(result.output)
    assert papers[0]["title"] == BIDI


def test_nul_bytes_mid_file_are_removed_with_one_warning(tmp_path: Path):
    good = "".join(entry(f"Paper {n}", abstract(n)) for n in range(200))  # well past the first 8 KB
    damaged = good[: len(good) // 2] + "\0" * 4096 + good[len(good) // 2 :]
    damaged = damaged.replace("Paper 150\n", "Pa\0per 150\n")
    path = tmp_path / "nul.txt"
    path.write_bytes((HEADER + damaged).encode("utf-8"))
    found, seconds = timed(ingest_files, [path], Config(), 2025)
    assert seconds < 30
    assert not found.errors
    [warning] = found.warnings
    assert warning.severity is Severity.WARNING
    expected_line = (HEADER + damaged[: damaged.index("\0")]).count("\n") + 1
    assert str(warning) == f"nul.txt:{expected_line}: warning: 4097 NUL bytes removed (the first here)"
    assert sorted(p.title for p in found.papers) == sorted(f"Paper {n}" for n in range(200))
