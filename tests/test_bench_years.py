"""bench.years: synthetic Daily Papers answers read as real ones, and the bench of years end to end."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from bench.hf_synth import OBSERVATIONS, DailyPapers, days_ending, fetched_at
from bench.years import (
    bench_years,
    cache_archive_bytes,
    cached_files,
    kind_of,
    main,
    site_numbers,
    size_table,
    stage_name,
    stage_times,
    tables,
    workflow_cache_paths,
)
from generator.inputs.daily_api import parse_daily
from generator.inputs.observations import Kept, find_observations, read_store
from tests.support.paths import RECORDED_ANSWERS, ROOT

RECORDED = RECORDED_ANSWERS / "daily_papers_limit30_2026-06-12_raw.json"
# A Friday, a weekend and a Monday: days with papers and days that may have none.
DAYS = days_ending(date(2026, 6, 8), 4)


def every_run(days: list[date]) -> list[date]:
    """The daily runs that fetch each of `days` all 8 times."""
    return [days[0] + timedelta(days=n) for n in range(1, len(days) + OBSERVATIONS + 1)]


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dumps")
    DailyPapers().write(folder, DAYS, every_run(DAYS))
    return folder


def by_day(folder: Path) -> dict[date, list[Kept]]:
    found: dict[date, list[Kept]] = {}
    kept, problems = read_store(folder)
    assert problems == []
    for answer in kept:
        found.setdefault(answer.observation.day, []).append(answer)
    return found


def test_each_day_is_kept_as_fetch_keeps_it_eight_times_or_once_when_empty(kept: Path) -> None:
    days = by_day(kept)
    assert sorted(days) == DAYS
    for day, observations in days.items():
        first = json.loads(observations[0].body)
        assert len(observations) == (OBSERVATIONS if first else 1), day
        assert [o.observation.fetched for o in observations] == [fetched_at(day, n) for n in range(len(observations))]
        assert [o.body for o in observations] == DailyPapers().answers(day)[: len(observations)]  # byte for byte
        assert [bool(o.observation.line) for o in observations] == [False] + [True] * (len(observations) - 1)
    assert sum(len(o) == OBSERVATIONS for o in days.values()) >= 2  # the Friday and the Monday at least


def test_answers_parse_with_the_projects_reader_and_counts_never_fall(kept: Path) -> None:
    titles = set()
    for day, observations in by_day(kept).items():
        before: dict[str, tuple[int, int, int]] = {}
        previous = b""
        for answer in observations:
            body = answer.body
            assert body != previous
            previous = body
            dump, problems = parse_daily(body, answer.observation.name, day, answer.observation.fetched.date())
            assert dump is not None and problems == []
            comments = {item["paper"]["id"]: item["numComments"] for item in json.loads(body)}
            now = {e.hub.arxiv_id: (e.upvotes, e.hub.github_stars or 0, comments[e.hub.arxiv_id]) for e in dump.entries}
            assert before.keys() in (set(), now.keys())
            for arxiv_id, counts in before.items():
                assert all(a <= b for a, b in zip(counts, now[arxiv_id], strict=True)), (day, arxiv_id)
            before = now
            for entry in dump.entries:
                assert entry.hub.author_names and entry.hub.ai_summary and entry.hub.ai_keywords
                assert 900 <= len(entry.abstract) <= 2000
        titles |= {e.title for e in dump.entries}
        if day.weekday() < 5:
            assert 5 <= len(dump.entries) < 100
    assert len(titles) == sum(len(json.loads(o[-1].body)) for o in by_day(kept).values())


def test_answers_have_the_recorded_shape(kept: Path) -> None:
    """Every key is one the recorded answer has, in the order it has them; about half the papers have a repository."""
    recorded = json.loads(RECORDED.read_bytes())

    def orders(items: list[dict]) -> tuple[set[str], set[tuple[str, str]]]:
        keys, before = set(), set()
        for item in items:
            keys |= item.keys()
            before |= {(a, b) for i, a in enumerate(item) for b in list(item)[i + 1 :]}
        return keys, before

    for part in (lambda item: item, lambda item: item["paper"]):
        keys, before = orders([part(item) for item in recorded])
        for answer in read_store(kept)[0]:
            for item in json.loads(answer.body):
                made = list(part(item))
                assert set(made) <= keys
                assert all((b, a) not in before for i, a in enumerate(made) for b in made[i + 1 :]), made
    last = [json.loads(o[-1].body) for o in by_day(kept).values()]
    papers = [item["paper"] for answer in last for item in answer]
    assert 0.3 < sum("githubRepo" in p for p in papers) / len(papers) < 0.75
    assert any("organization" in p for p in papers) and any("projectPage" in p for p in papers)


@pytest.mark.slow
def test_a_day_is_the_same_whatever_the_range_and_seeded(kept: Path, tmp_path: Path) -> None:
    DailyPapers().write(tmp_path / "again", DAYS[-1:], every_run(DAYS[-1:]))
    again = find_observations(tmp_path / "again")
    assert again
    for path in {o.path for o in again}:
        assert path.read_bytes() == (kept / path.relative_to(tmp_path / "again")).read_bytes()
    assert DailyPapers(seed=12).answers(DAYS[-1]) != DailyPapers().answers(DAYS[-1])


def test_the_workflow_cache_is_measured_as_the_workflow_keeps_it(tmp_path: Path) -> None:
    workflow = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    paths = workflow_cache_paths(workflow)
    assert paths[:3] == [".cache", "!.cache/trash", "output"] and "!output/data" in paths
    left_out = (".cache/trash/output.1/index.html", "output/data/2025-12.json", "content/x.md")
    for name in (".cache/parsed.pickle", "output/index.html", *left_out):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"<p>the same words</p>" * 1000)
    files = cached_files(tmp_path, paths)
    assert [f.relative_to(tmp_path).as_posix() for f in files] == [".cache/parsed.pickle", "output/index.html"]
    archive = cache_archive_bytes(tmp_path, files)
    assert archive is None or 0 < archive < 2_000  # tar and zstd of two files of repeated words


def test_stage_times_are_read_from_a_builds_log() -> None:
    log = "· reading 12 dumps\n  0.1 s\n· nothing changed since the last build\n· parsing 3 dumps\n  2.5 s\nbuilt 9"
    assert stage_times(log) == [("reading 12 dumps", 0.1), ("parsing 3 dumps", 2.5)]
    assert stage_name("rendering 1,234 pages (2 processes)") == stage_name("rendering 5 pages (1 process)")


def test_every_file_of_the_site_is_counted_in_one_kind(tmp_path: Path) -> None:
    names = {
        "papers/a-1.html": "paper pages",
        "index.html": "home",
        "page/3.html": "home",
        "topics/llms/page/2.html": "topics",
        "with-code.html": "with code",
        "top/page/2.html": "top and rising",
        "search/papers/00001.json": "search",
        "data/2025-12.bib.gz": "data",
        "papers.json": "data",
        "feeds/all.atom.xml": "feeds",
        "sitemaps/0001.xml.gz": "sitemap",
        "sitemap.xml": "sitemap",
        "theme/css/digest.css": "other",
    }
    assert {name: kind_of(name) for name in names} == names
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x" * len(name))
    site = site_numbers(tmp_path)
    assert sum(site["kinds"].values()) == site["bytes"] == sum(map(len, names))
    assert "| paper pages |" in size_table({"site": site, "papers": 1})


@pytest.mark.slow
def test_bench_years_runs_end_to_end(tmp_path: Path) -> None:
    result = bench_years(3, work=tmp_path / "work")
    builds = result["builds"]
    assert result["papers"] > 50
    assert builds["one new day"]["papers"] > result["papers"]
    assert builds["nothing changed"]["papers"] == result["papers"]
    assert builds["one new day"]["answers_added"] >= 1
    assert result["site"]["files"] > result["papers"] and result["kept_answers"]["files"] >= 3
    assert result["cache"]["full"]["bytes"] > result["site"]["kinds"]["paper pages"]  # the pages the next build reuses
    assert any(label.startswith("rendering pages") for label, _ in builds["full"]["stages"])
    assert "plain Pelican" in tables(result)


def test_command_line_refuses_bad_days_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["x"], ["0"], ["--sizes"]):
        with pytest.raises(SystemExit) as stopped:
            main(argv)
        assert stopped.value.code == 2
        assert "Traceback" not in capsys.readouterr().err
