"""The kept answers on disk: their paths both ways, finding them, saving only what changed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.inputs.observations import (
    find_observations,
    newest_saved_day,
    observation_path,
    parse_observation_path,
    save_observation,
)


def test_two_answers_in_one_second_both_kept(tmp_path):
    day, at = date(2025, 12, 9), datetime(2025, 12, 10, 6, 15, tzinfo=UTC)
    first = save_observation(tmp_path, day, b"[]", at)
    second = save_observation(tmp_path, day, b"[ ]", at)
    assert save_observation(tmp_path, day, b"[ ]", at) is None
    assert first is not None and second is not None
    # "[ ]" is not how the API writes its answer, so no line of changes gives it back: a file of its own
    assert [first.path.name, second.path.name] == ["2025-12-10T061500Z.json", "2025-12-10T061501Z.json"]
    assert find_observations(tmp_path) == [first, second]


def test_newest_saved_day_counts_a_day_once_it_was_fetched_after_it_ended(tmp_path):
    assert newest_saved_day(tmp_path) is None
    save_observation(tmp_path, date(2025, 12, 8), b"[]", datetime(2025, 12, 9, 7, 0, tzinfo=UTC))
    save_observation(tmp_path, date(2025, 12, 9), b"[]", datetime(2025, 12, 9, 23, 0, tzinfo=UTC))  # day not over
    (tmp_path / "hf" / "2025-12-10").mkdir()
    (tmp_path / "hf" / "2025-12-10" / "notes.json").write_text("not an observation")
    assert newest_saved_day(tmp_path) == date(2025, 12, 8)


def test_observation_paths_go_both_ways(tmp_path):
    fetched = datetime(2025, 12, 10, 6, 15, 0, tzinfo=UTC)
    path = observation_path(tmp_path, date(2025, 12, 9), fetched)
    assert path == tmp_path / "hf" / "2025-12-09" / "2025-12-10T061500Z.json"
    assert parse_observation_path(path) == (date(2025, 12, 9), fetched)
    paris = fetched.astimezone(ZoneInfo("Europe/Paris"))
    assert observation_path(tmp_path, date(2025, 12, 9), paris) == path  # always named in UTC
    for bad in (
        "hf/2025-12-09/2025-12-10T06:15:00Z.json",
        "hf/2025-12-9/2025-12-10T061500Z.json",
        "dumps/2025-12-09/2025-12-10T061500Z.json",
        "hf/2025-12-09/2025-12-10T061500Z.txt",
        "hf/2025-02-30/2025-12-10T061500Z.json",
        "hf/2025-12-09/2025-12-10T256000Z.json",
    ):
        with pytest.raises(ValueError):
            parse_observation_path(Path(bad))
