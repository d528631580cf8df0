import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from generator.config import load_config
from generator.inputs.dates import capture_years, infer_capture_year, resolve
from generator.inputs.ingest import find_dumps, ingest_files
from generator.model import Dump, Entry, PartialDate
from tests.support.paths import RECORDED_ANSWERS, ROOT, SHIPPED_DUMPS

DEC_12 = PartialDate(12, 12)


def dump(name: str, *dates: PartialDate | None, captured: PartialDate = DEC_12) -> Dump:
    entries = tuple(Entry(title=f"t{i}", abstract="a", line=i, date=d) for i, d in enumerate(dates))
    return Dump(name=name, captured=captured, entries=entries)


def test_capture_year_is_one_more_than_the_latest_printed_year():
    assert infer_capture_year(dump("a", PartialDate(1, 2, 2023), PartialDate(10, 6, 2024), PartialDate(5, 6))) == 2025


def test_dump_without_printed_years_takes_the_latest_year_of_the_others():
    years = capture_years([dump("a", PartialDate(1, 1, 2024)), dump("b", None), dump("c", PartialDate(3, 1, 2022))], {})
    assert {name: (y.year, y.how) for name, y in years.items()} == {
        "a": (2025, "inferred from the dates in it"),
        "b": (2025, "taken from the other dumps"),
        "c": (2023, "inferred from the dates in it"),
    }


def test_stated_year_wins_and_unknown_stays_unknown():
    years = capture_years([dump("a", PartialDate(1, 1, 2024)), dump("b")], {"a": 2030})
    assert years["a"].year == 2030 and years["a"].how == "stated"
    assert years["b"].year == 2030
    assert capture_years([dump("only")], {})["only"].year is None


def test_yearless_date_after_the_capture_day_is_last_year():
    captured = date(2025, 3, 12)
    assert resolve(PartialDate(3, 12), captured) == date(2025, 3, 12)
    assert resolve(PartialDate(3, 13), captured) == date(2024, 3, 13)
    assert resolve(PartialDate(12, 30), captured) == date(2024, 12, 30)
    assert resolve(PartialDate(7, 1, 2019), captured) == date(2019, 7, 1)


def test_feb_29_in_a_year_without_it():
    assert resolve(PartialDate(2, 29), date(2025, 3, 1)) == date(2025, 2, 28)


def test_a_feb_29_capture_day_in_a_year_without_it_does_not_crash():
    from generator.config import Config
    from generator.inputs.ingest import ingest

    text = "Daily Papers\n\nFeb 29\n\nA Title\n\nAn abstract.\n\n  • 2 authors\n·\nJan 3\n"
    found = ingest([("leap.txt", text.encode())], Config(), year=2025)
    assert found.errors == []
    assert found.papers[0].arrived == date(2025, 2, 28)


def test_a_fetched_day_is_never_the_year_of_a_text_dump():
    fetched = replace(dump("hf/2030-01-02/x.json", captured=PartialDate(1, 2, 2030)), fetched=True)
    years = capture_years([dump("a", PartialDate(1, 1, 2024)), dump("b"), fetched], {})
    assert (years["b"].year, years["b"].how) == (2025, "taken from the other dumps")
    assert years["hf/2030-01-02/x.json"].year == 2030
    assert capture_years([dump("alone"), fetched], {})["alone"].year is None  # to be stated, not guessed


SHIPPED_DAYS = [date(2025, 3, 12), date(2025, 11, 21), date(2025, 12, 12), date(2025, 12, 24)]


def _observe(folder: Path, answer: str, day: str, fetched: str) -> None:
    """An answer of the API kept as `paper-digest fetch` keeps it."""
    path = folder / "hf" / day / f"{fetched}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(RECORDED_ANSWERS / answer, path)


def _text_days(folder: Path) -> tuple[dict[str, int | None], list[date]]:
    """The capture year of each text dump in `folder`, and the days its papers arrived on."""
    found = ingest_files(find_dumps(folder), load_config(ROOT / "digest.toml"))
    assert found.errors == []
    years = {name: year.year for name, year in found.years.items() if name.endswith(".txt")}
    days = {s.captured for p in found.papers for s in p.sources if s.dump.endswith(".txt")}
    return years, sorted(days)


@pytest.mark.parametrize(
    "extra",
    [
        ["2026"],  # a fetched day of mid 2026, the issue's case: 002's "Mar 12" stayed in 2025
        ["2024", "2026", "stray"],  # older and newer days, and files that are no dumps
    ],
)
def test_adding_fetched_days_and_other_files_never_moves_a_text_dump(tmp_path: Path, extra: list[str]):
    for text_dump in SHIPPED_DUMPS:
        shutil.copyfile(text_dump, tmp_path / text_dump.name)
    before = _text_days(tmp_path)
    assert before[1] == SHIPPED_DAYS
    if "2026" in extra:
        _observe(tmp_path, "daily_papers_limit30_2026-06-12_raw.json", "2026-06-12", "2026-06-13T061500Z")
    if "2024" in extra:
        _observe(tmp_path, "daily_papers_2024-10-25.json", "2024-10-25", "2024-10-26T061500Z")
    if "stray" in extra:
        (tmp_path / "notes.md").write_text("not a dump", encoding="utf-8")
        (tmp_path / "hf" / "2026-06-12" / "notes.json").write_text("[]", encoding="utf-8")
    assert _text_days(tmp_path) == before
    assert before[0]["002_fa1ed8a0a60e9500.txt"] == 2025  # "Mar 12" and no dated entry: from the text dumps
