"""Kept answers as what changed: the recorded answers round-trip, an old store converts, and both build one site.

A day's first answer stays its file, byte for byte; each later one is a line of the day's
changes.jsonl that gives it back byte for byte (generator/inputs/answer_changes.py,
observations.py, compact.py). Nothing here reaches the network: fetch runs on loopback.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.cli import main
from generator.inputs.answer_changes import ANSWER, answer_change, apply_change, dump_answer, layout
from generator.inputs.compact import compact_store
from generator.inputs.daily_api import parse_daily
from generator.inputs.ingest import Parsed, find_dumps, parse_input, read_inputs
from generator.inputs.observations import (
    CHANGES,
    FOLDER,
    find_observations,
    observation_path,
    read_store,
    save_observation,
)
from generator.outputs.gzipped import inflated
from tests.support.paths import RECORDED_ANSWERS
from tests.support.projects import project_copy
from tests.support.trees import tree

# The three recorded days: indented by 4 (2024), by 2 (2025), and the API's raw minified body (2026).
RECORDED = {
    date(2024, 10, 25): RECORDED_ANSWERS / "daily_papers_2024-10-25.json",
    date(2025, 12, 9): RECORDED_ANSWERS / "daily_papers_2025-12-09.json",
    date(2026, 6, 12): RECORDED_ANSWERS / "daily_papers_limit30_2026-06-12_raw.json",
}


def indent_of(body: bytes) -> int | None:
    return layout(body, json.loads(body))


def later_answers(body: bytes, refetches: int = 7) -> list[bytes]:
    """The answer, then `refetches` later ones as the daily runs would see them, in the same layout.

    Counts rise (upvotes, comments, stars) and reorder the papers by upvotes; the third refetch
    adds a paper taken from another day, the fifth drops the last paper and the sixth gives a
    paper a project page it did not have (a key added), so every kind of change is kept.
    """
    indent = indent_of(body)
    items = json.loads(body)
    other = next(path for path in RECORDED.values() if path.read_bytes() != body)
    newcomer = json.loads(other.read_bytes())[-1]
    answers = [body]
    for refetch in range(1, refetches + 1):
        for place, item in enumerate(items):
            paper = item["paper"]
            paper["upvotes"] += (place * 7 + refetch) % 5
            item["numComments"] = item.get("numComments", 0) + (refetch + place) % 2
            if "githubStars" in paper:
                paper["githubStars"] += refetch * (place % 3)
        if refetch == 3:
            items.append(newcomer)
        if refetch == 5:
            items.pop()
        if refetch == 6:
            items[1]["paper"]["projectPage"] = "https://example.org/new-page"
        items.sort(key=lambda item: -item["paper"]["upvotes"])
        answers.append(dump_answer(items, indent))
    return answers


def counts(body: bytes, day: date) -> list[tuple[str, int | None, int | None, int]]:
    """What the build reads of an answer's counts, per paper in its order, and each item's comments."""
    dump, problems = parse_daily(body, "answer", day, day)
    assert dump is not None and problems == []
    comments = [item.get("numComments", -1) for item in json.loads(body)]
    return [(e.hub.arxiv_id, e.upvotes, e.hub.github_stars, n) for e, n in zip(dump.entries, comments, strict=True)]


def fetched(day: date, refetch: int) -> datetime:
    return datetime.combine(day + timedelta(days=refetch + 1), datetime.min.time(), UTC) + timedelta(hours=6)


def keep_old_way(folder: Path, day: date, answers: list[bytes]) -> list[Path]:
    """Each answer as a file of its own, as the store was kept before."""
    paths = []
    for refetch, body in enumerate(answers):
        path = observation_path(folder, day, fetched(day, refetch))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        paths.append(path)
    return paths


def store_tree(folder: Path) -> dict[str, bytes]:
    return tree(folder / FOLDER)


# The recorded answers, saved and read back ---------------------------------------------------------------------


@pytest.mark.parametrize("day", sorted(RECORDED), ids=str)
def test_the_recorded_answers_round_trip_byte_for_byte(tmp_path: Path, day: date) -> None:
    answers = later_answers(RECORDED[day].read_bytes())
    assert len(set(answers)) == len(answers)
    saved = [save_observation(tmp_path, day, body, fetched(day, n)) for n, body in enumerate(answers)]

    first = RECORDED[day]
    assert saved[0] is not None and saved[0].path.read_bytes() == first.read_bytes()  # untouched
    assert [s.line for s in saved if s] == list(range(len(answers)))  # the first a file, then line after line
    assert sorted(p.name for p in (tmp_path / FOLDER / str(day)).iterdir()) == [saved[0].path.name, CHANGES]
    kept, problems = read_store(tmp_path)
    assert problems == []
    assert [k.body for k in kept] == answers  # every later answer, byte for byte
    # what the build parses, a file's bytes or a line's items, parses as the bytes do
    assert [parse_input(k.answer, k.observation.name) for k in kept] == [
        parse_input(k.body, k.observation.name) for k in kept
    ]
    assert [type(k.answer) for k in kept] == [bytes] + [list] * (len(kept) - 1)
    assert [counts(k.body, day) for k in kept] == [counts(body, day) for body in answers]
    assert [k.observation for k in kept] == find_observations(tmp_path) == saved


def test_a_line_holds_only_what_changed(tmp_path: Path) -> None:
    day = date(2026, 6, 12)
    body = RECORDED[day].read_bytes()
    answers = later_answers(body, refetches=1)
    save_observation(tmp_path, day, answers[0], fetched(day, 0))
    save_observation(tmp_path, day, answers[1], fetched(day, 1))
    [line] = (tmp_path / FOLDER / str(day) / CHANGES).read_bytes().splitlines()
    change = json.loads(line)
    assert list(change) == ["fetched", "order", "changed"]
    assert change["fetched"] == "2026-06-14T060000Z"
    assert {pointer for values in change["changed"].values() for pointer in values} <= {
        "/paper/upvotes",
        "/numComments",
        "/paper/githubStars",
    }
    assert len(line) < len(body) / 20


def test_an_answer_equal_to_the_newest_is_not_saved_again(tmp_path: Path) -> None:
    day = date(2025, 12, 9)
    answers = later_answers(RECORDED[day].read_bytes(), refetches=2)
    for n, body in enumerate(answers):
        save_observation(tmp_path, day, body, fetched(day, n))
    assert save_observation(tmp_path, day, answers[-1], fetched(day, 5)) is None
    assert save_observation(tmp_path, day, answers[0], fetched(day, 5)) is not None  # an older answer again is new
    assert [k.body for k in read_store(tmp_path)[0]] == [*answers, answers[0]]


def test_an_answer_no_line_gives_back_is_kept_as_a_file(tmp_path: Path) -> None:
    day = date(2026, 6, 12)
    body = RECORDED[day].read_bytes()
    respaced = body.replace(b'"upvotes":', b'"upvotes": ', 1)  # a layout dump_answer never writes
    also_later = later_answers(respaced.replace(b'"upvotes": ', b'"upvotes":'), refetches=1)[1]
    saved = [save_observation(tmp_path, day, b, fetched(day, n)) for n, b in enumerate([body, respaced, also_later])]
    assert [s.line if s else None for s in saved] == [0, 0, 1]  # the respaced one a file; the next, a line after it
    assert [k.body for k in read_store(tmp_path)[0]] == [body, respaced, also_later]


# An old store, converted --------------------------------------------------------------------------------------


def old_store(folder: Path) -> dict[date, list[bytes]]:
    answers = {day: later_answers(path.read_bytes()) for day, path in RECORDED.items()}
    for day, bodies in answers.items():
        keep_old_way(folder, day, bodies)
    keep_old_way(folder, date(2025, 12, 13), [b"[]"])  # an empty day, fetched once
    return answers


def parsed_inputs(folder: Path) -> list[tuple[str, Parsed]]:
    """What the build parses of the store, by name (a file's bytes or a line's items, parsed alike)."""
    inputs, problems = read_inputs(find_dumps(folder))
    assert problems == []
    return [(name, parse_input(data, name)) for name, data in inputs]


def test_compact_turns_an_old_store_into_lines_and_loses_nothing(tmp_path: Path) -> None:
    answers = old_store(tmp_path)
    before = parsed_inputs(tmp_path)
    old_bytes = sum(len(b) for b in store_tree(tmp_path).values())

    done = compact_store(tmp_path)
    assert (done.days, done.answers, done.lines, done.removed, done.problems) == (4, 25, 21, 21, ())
    for day, bodies in answers.items():
        assert sorted(p.name for p in (tmp_path / FOLDER / str(day)).iterdir()) == [
            f"{fetched(day, 0):%Y-%m-%dT%H%M%SZ}.json",
            CHANGES,
        ]
        assert observation_path(tmp_path, day, fetched(day, 0)).read_bytes() == bodies[0]
    assert parsed_inputs(tmp_path) == before  # the build reads the same dumps, named the same
    assert sum(len(b) for b in store_tree(tmp_path).values()) < old_bytes / 4

    compacted = store_tree(tmp_path)
    assert compact_store(tmp_path).removed == 0
    assert store_tree(tmp_path) == compacted  # again: nothing changes


def test_a_compaction_stopped_halfway_reads_whole_and_finishes(tmp_path: Path) -> None:
    day = date(2025, 12, 9)
    answers = later_answers(RECORDED[day].read_bytes(), refetches=3)
    paths = keep_old_way(tmp_path, day, answers)
    compact_store(tmp_path)
    changes = (tmp_path / FOLDER / str(day) / CHANGES).read_bytes()
    keep_old_way(tmp_path, day, answers)  # as if stopped after writing the lines, before removing the files
    assert [k.body for k in read_store(tmp_path)[0]] == answers  # a file wins over the line of its time
    assert [o.line for o in find_observations(tmp_path)] == [0, 0, 0, 0]
    compact_store(tmp_path)
    assert [p.exists() for p in paths] == [True, False, False, False]
    assert (tmp_path / FOLDER / str(day) / CHANGES).read_bytes() == changes


def test_the_compact_command_reports_and_a_damaged_line_is_named(tmp_path: Path) -> None:
    config = project_copy(tmp_path)
    dumps = config.path(config.build.dumps)
    old_store(dumps)
    result = CliRunner().invoke(main, ["compact", "--config", str(config.file)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("4 days, 25 answers: 21 files turned into lines of changes; ")
    changes = dumps / FOLDER / "2025-12-09" / CHANGES
    lines = changes.read_bytes().splitlines(keepends=True)
    changes.write_bytes(lines[0] + b'{"fetched": 12}\n' + b"".join(lines[1:]))
    kept, problems = read_store(dumps)
    assert [str(p) for p in problems] == [
        "hf/2025-12-09/changes.jsonl:2: error: not a JSON object with a 'fetched' time; "
        "the lines after it are not read either"
    ]
    assert len(kept) == 25 - 6
    again = CliRunner().invoke(main, ["compact", "--config", str(config.file)])
    assert again.exit_code == 1 and "hf/2025-12-09/changes.jsonl:2: error" in again.stderr
    assert changes.read_bytes().count(b"\n") == 8  # the damaged day is left as it was


# The build reads both --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_an_old_store_and_its_compacted_one_build_the_same_site(tmp_path: Path) -> None:
    sites = []
    for form in ("old", "new"):
        config = project_copy(tmp_path / form)
        dumps = config.path(config.build.dumps)
        old_store(dumps)
        if form == "new":
            compact_store(dumps)
            assert list(dumps.glob(f"{FOLDER}/*/{CHANGES}"))
        build(config, find_dumps(dumps), tmp_path / form / "output", strict=True)
        sites.append(tree(tmp_path / form / "output"))
    assert sites[0] == sites[1]
    parts = [inflated(body) for name, body in sites[0].items() if name.startswith("data/")]  # stored gzipped
    assert any('"2025-12-16":' in part for part in parts)  # a later answer's counts (data format 2)


# The changes themselves ---------------------------------------------------------------------------------------


def test_values_change_in_place_and_keys_or_lengths_that_change_come_whole() -> None:
    before = [{"paper": {"id": "a", "a/b": 1, "t~": [1, 2], "n": 1}, "x": None}]
    after = [{"paper": {"id": "a", "a/b": 2, "t~": [1, 3], "n": 1.0}, "x": True}]
    change = answer_change(before, after, "2026-01-01T000000Z")
    assert change["changed"] == {"a": {"/paper/a~1b": 2, "/paper/t~0/1": 3, "/paper/n": 1.0, "/x": True}}
    assert dump_answer(apply_change(before, change)) == dump_answer(after)
    grown = [{"paper": {"id": "a", "new": 0, "a/b": 1, "t~": [1], "n": 1}, "x": None}]
    change = answer_change(before, grown, "2026-01-01T000000Z")
    assert change["changed"] == {"a": {"/paper": grown[0]["paper"]}}
    assert dump_answer(apply_change(before, change)) == dump_answer(grown)
    assert before == [{"paper": {"id": "a", "a/b": 1, "t~": [1, 2], "n": 1}, "x": None}]  # left as it was


def test_an_answer_without_one_id_a_paper_is_kept_whole() -> None:
    twice = [{"paper": {"id": "a"}}, {"paper": {"id": "a"}}]
    assert answer_change([{"paper": {"id": "a"}}], twice, "2026-01-01T000000Z")[ANSWER] == twice
    assert apply_change([], answer_change([], [1, "x"], "t")) == [1, "x"]
    with pytest.raises(ValueError, match="neither in the answer before it nor added"):
        apply_change([{"paper": {"id": "a"}}], {"fetched": "t", "order": ["b"]})


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=False) | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=4,
)
_ITEMS = st.lists(
    st.tuples(st.sampled_from("abcdef"), st.dictionaries(st.sampled_from(["u", "c", "a/b", "~"]), _VALUES, max_size=3)),
    max_size=4,
    unique_by=lambda pair: pair[0],
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # a shared, busy machine
@given(_ITEMS, _ITEMS)
def test_any_two_answers_round_trip_exactly(old: list[tuple[str, Any]], new: list[tuple[str, Any]]) -> None:
    before = [{"paper": {"id": i, **fields}, "n": len(fields)} for i, fields in old]
    after = [{"paper": {"id": i, **fields}, "n": len(fields)} for i, fields in new]
    change = answer_change(before, after, "2026-01-01T000000Z")
    assert dump_answer(apply_change(before, change)) == dump_answer(after)
    assert dump_answer(apply_change(before, json.loads(json.dumps(change)))) == dump_answer(after)
    # the build parses a line's items, not its bytes: the same entries and problems
    day = date(2026, 1, 1)
    items = apply_change(before, json.loads(json.dumps(change)))
    assert parse_daily(items, "a.json", day, day) == parse_daily(dump_answer(after), "a.json", day, day)
