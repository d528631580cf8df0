"""Thirty days as the daily workflow lives them, each build checked against a clean one.

Each run fetches the new day and the seven days before it again (their counts rise) and
keeps them as `paper-digest fetch` does, then builds with the caches of the day before.
Every one of those incremental builds must equal a clean build of the same store, byte
for byte. The days are bench/hf_synth.py's, with few papers a day so that sixty builds
stay cheap; one shipped text dump is kept beside them, as a digest's would be.
"""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from bench.hf_synth import OBSERVATIONS, DailyPapers, days_ending
from generator.build import build
from generator.config import Config, load_config
from generator.inputs.ingest import find_dumps
from tests.support.paths import SHIPPED_DUMPS
from tests.support.projects import project_copy
from tests.support.trees import tree

pytestmark = pytest.mark.slow

RUNS = 30
FIRST_RUN = date(2026, 3, 2)  # a Monday: the runs cross four weekends


class FewDailyPapers(DailyPapers):
    """The synthetic days, with a few papers a weekday and sometimes one on a weekend."""

    def paper_count(self, day: date, rng: random.Random) -> int:
        return rng.randint(1, 3) if day.weekday() < 5 else rng.choice((0, 0, 1))


def project(root: Path) -> Config:
    """A project whose dumps are one shipped text dump and whatever the runs fetched."""
    config = project_copy(root)
    for path in config.path(config.build.dumps).glob("*.txt"):
        if path.name != SHIPPED_DUMPS[0].name:
            path.unlink()
    return config


def build_all(config: Config, output: Path) -> bool:
    """Build every dump the project keeps into `output`; whether the build found nothing to do."""
    config = load_config(config.file)
    return build(config, find_dumps(config.path(config.build.dumps)), output, strict=True).up_to_date


def test_thirty_daily_runs_each_equal_a_clean_build(tmp_path):
    papers = FewDailyPapers()
    warm = project(tmp_path / "warm")
    store = warm.path(warm.build.dumps)
    fetched_again = 0
    first_day = FIRST_RUN - timedelta(days=1)
    for run in days_ending(FIRST_RUN + timedelta(days=RUNS - 1), RUNS):
        days = [day for day in days_ending(run - timedelta(days=1), OBSERVATIONS) if day >= first_day]
        saved = papers.write(store, days, runs=[run])
        fetched_again += sum(1 for answer in saved if answer.day < run - timedelta(days=1))
        up_to_date = build_all(warm, tmp_path / "warm" / "output")
        assert up_to_date is not bool(saved), run

        clean = project(tmp_path / "clean")
        shutil.rmtree(clean.path(clean.build.dumps) / "hf", ignore_errors=True)
        shutil.copytree(store / "hf", clean.path(clean.build.dumps) / "hf")
        build_all(clean, tmp_path / "clean" / "output")
        assert tree(tmp_path / "warm" / "output") == tree(tmp_path / "clean" / "output"), f"the run of {run}"
        shutil.rmtree(tmp_path / "clean")
    assert fetched_again > RUNS  # the days fetched again changed, and were kept
