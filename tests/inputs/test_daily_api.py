"""Fetched days of the Daily Papers RECORDED_ANSWERS: read in every recorded format, merged with text dumps,
and their repeated counts make an upvote history, a chart and the Rising list."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.build import build
from generator.config import Config, load_config
from generator.inputs.daily_api import paper_items, parse_daily
from generator.inputs.ingest import find_dumps, ingest_files
from generator.inputs.merge import slugify
from generator.urls import URLS
from tests.support.html_pages import parse, select, text
from tests.support.papers_data import read_papers
from tests.support.paths import RECORDED_ANSWERS
from tests.support.projects import project_copy

DAY_2024 = RECORDED_ANSWERS / "daily_papers_2024-10-25.json"
DAY_2025 = RECORDED_ANSWERS / "daily_papers_2025-12-09.json"
LATEST_2026 = RECORDED_ANSWERS / "daily_papers_limit30_2026-06-12_raw.json"
ONE_PAPER = RECORDED_ANSWERS / "paper_2608.09888.json"


def read(path: Path, day: date = date(2025, 12, 9), counted: date = date(2025, 12, 10)):
    return parse_daily(path.read_bytes(), f"hf/{day}/{path.name}", day, counted)


@pytest.mark.parametrize(("path", "count"), [(DAY_2024, 25), (DAY_2025, 18), (LATEST_2026, 30)])
def test_every_recorded_format_is_read_whole(path: Path, count: int):
    dump, problems = read(path)
    assert problems == [] and dump is not None
    items = json.loads(path.read_bytes())
    assert len(dump.entries) == count == len(items)
    for entry, item in zip(dump.entries, items, strict=True):
        assert entry.hub.arxiv_id == item["paper"]["id"]
        assert entry.title == " ".join(item["title"].split()) and "\n" not in entry.title + entry.abstract
        assert entry.abstract == " ".join(item["paper"]["summary"].split())
        assert entry.upvotes == item["paper"]["upvotes"]
        assert entry.hub.author_names == tuple(a["name"] for a in item["paper"]["authors"])
        published = date.fromisoformat(item["paper"]["publishedAt"][:10])  # kept its meaning in every format
        assert (entry.date.year, entry.date.month, entry.date.day) == (published.year, published.month, published.day)
    assert dump.counted == date(2025, 12, 10)


def test_fields_added_in_2025_are_read_and_missing_ones_are_unknown():
    [first, *_] = read(DAY_2025)[0].entries
    assert first.org is not None and (first.org.slug, first.org.name) == ("OpenMOSS-Team", "OpenMOSS")
    assert first.hub.github_repo == "https://github.com/OpenMOSS/rope_pp" and first.hub.github_stars == 5
    assert first.hub.ai_summary and first.hub.ai_keywords
    old = read(DAY_2024)[0].entries[0]
    assert (old.org, old.hub.github_repo, old.hub.github_stars, old.hub.ai_summary, old.hub.ai_keywords) == (
        None,
        None,
        None,
        None,
        (),
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (ONE_PAPER.read_bytes(), "not a list of papers"),
        (b"{not json", "not JSON"),
        (b"\xff\xfe", "not JSON"),
    ],
    ids=["one paper, not a day", "broken JSON", "not UTF-8"],
)
def test_what_is_not_a_day_is_one_error_naming_the_file(data: bytes, message: str):
    dump, [problem] = parse_daily(data, "hf/2025-12-09/x.json", date(2025, 12, 9), date(2025, 12, 9))
    assert dump is None and message in str(problem) and str(problem).startswith("hf/2025-12-09/x.json: error:")


def test_an_item_without_a_paper_is_a_warning_naming_it():
    items = json.loads(DAY_2025.read_bytes())
    items.insert(1, {"title": "no paper"})
    dump, [problem] = parse_daily(json.dumps(items).encode(), "d.json", date(2025, 12, 9), date(2025, 12, 9))
    assert len(dump.entries) == 18
    assert str(problem) == "d.json: warning: item 2 has no 'paper' object; skipped"


def test_what_fetch_keeps_is_checked_by_the_same_rules():
    """`paper_items`, fetch's check, refuses what the build would warn about, in the build's words."""
    assert [len(paper_items(p.read_bytes())) for p in (DAY_2024, DAY_2025, LATEST_2026)] == [25, 18, 30]
    assert paper_items(b"[]") == []
    with pytest.raises(ValueError, match=r"^a JSON object, not a list of papers$"):
        paper_items(ONE_PAPER.read_bytes())
    items = json.loads(DAY_2025.read_bytes())
    items.insert(1, {"title": "no paper"})
    with pytest.raises(ValueError, match=r"^item 2 has no 'paper' object$"):
        paper_items(json.dumps(items).encode())


def observe(project: Path, source: Path, day: str, fetched: str, change=None) -> None:
    """Save an answer as `paper-digest fetch` would, optionally edited (a later count)."""
    target = project / "content" / "dumps" / "hf" / day / f"{fetched}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    if change is None:
        shutil.copyfile(source, target)
    else:
        items = json.loads(source.read_bytes())
        change(items)
        target.write_text(json.dumps(items), encoding="utf-8")


def test_a_text_dump_paper_and_its_api_twin_are_one_paper(tmp_path: Path):
    project_copy(tmp_path)
    item = json.loads(DAY_2025.read_bytes())[0]
    title = item["title"]
    (tmp_path / "content" / "dumps" / "twin.txt").write_text(
        f"Daily Papers\n\nDec 12\n\n{title.upper()}\n\n{item['paper']['summary']}\n\n", encoding="utf-8"
    )
    observe(tmp_path, DAY_2025, "2025-12-09", "2025-12-09T074500Z")
    config = load_config(tmp_path / "digest.toml")
    dumps = [tmp_path / "content/dumps/twin.txt", *find_dumps(tmp_path / "content/dumps")[-1:]]
    found = ingest_files(dumps, config, year=2025)  # --year is for text dumps: a fetched day knows its own
    assert not found.errors
    assert len(found.papers) == 18
    [twin] = [p for p in found.papers if len(p.sources) == 2]
    assert twin.slug == slugify(title)  # the same URL as the text dump alone gave it
    assert twin.hub.arxiv_id == item["paper"]["id"] and twin.arrived == date(2025, 12, 9)  # the fetched day is older
    assert [s.dump for s in twin.sources] == ["hf/2025-12-09/2025-12-09T074500Z.json", "twin.txt"]


@pytest.mark.slow
def test_counts_fetched_again_make_a_history_a_chart_and_the_rising_list(tmp_path: Path):
    config = project_copy(tmp_path)
    for text_dump in (tmp_path / "content" / "dumps").glob("*.txt"):  # a digest of fetched days only
        text_dump.unlink()
    items = json.loads(DAY_2025.read_bytes())
    climber = items[5]["paper"]

    def more(later: list) -> None:
        later[5]["paper"]["upvotes"] += 40

    observe(tmp_path, DAY_2025, "2025-12-09", "2025-12-09T074500Z")
    observe(tmp_path, DAY_2025, "2025-12-09", "2025-12-12T061500Z", more)
    site = build(config, find_dumps(tmp_path / "content" / "dumps"), tmp_path / "output", strict=True).output
    papers = {p["arxiv_id"]: p for p in read_papers(site) if p["arxiv_id"]}
    history = papers[climber["id"]]["upvote_history"]
    assert history == [
        {"day": "2025-12-09", "count": climber["upvotes"]},
        {"day": "2025-12-12", "count": climber["upvotes"] + 40},
    ]
    assert papers[climber["id"]]["upvotes_counted"] == "2025-12-12"
    page = parse(site / papers[climber["id"]]["url"])
    [chart] = select(page, "//figure[has-class('upvote-history')]//*[local-name()='svg']")
    [_, dots] = select(chart, ".//*[local-name()='path']")  # the line, then its dots (their stroke: the stylesheet's)
    assert dots.get("d").count("h0") == 2  # a dot a count
    rising = parse(site / URLS.rising)
    [first, *_] = select(rising, "//table[has-class('rows')]//tr[td]")
    assert text(select(first, "./td/a")[0]) == " ".join(items[5]["title"].split())
    assert text(select(first, "./td")[1]) == "+40"  # its column: "This week"
    assert [text(th) for th in select(rising, "//table[has-class('rows')]//th")][1] == "This week"
    assert "Rising" in [text(a) for a in select(rising, "//nav//a")]


def test_a_json_file_not_named_as_a_fetched_day_is_an_error(tmp_path: Path):
    stray = tmp_path / "stray.json"
    shutil.copyfile(DAY_2025, stray)
    found = ingest_files([stray], Config())
    assert [str(p) for p in found.errors] == [
        "stray.json: error: a JSON dump must be a fetched day: hf/YYYY-MM-DD/<time>.json"
    ]
