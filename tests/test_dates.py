from datetime import date

from generator.inputs.dates import capture_years, infer_capture_year, resolve
from generator.model import Dump, Entry, PartialDate

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
