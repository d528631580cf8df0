"""generator/build.py: what a build does around its stages."""

from __future__ import annotations

import gc

import pytest

import generator.stages
from generator.build import BUILD_GC_THRESHOLDS, build
from tests.support.projects import project_copy


class Stop(Exception):
    pass


def test_a_build_collects_garbage_less_often_and_then_as_before(tmp_path, monkeypatch):
    config = project_copy(tmp_path)
    during = []

    def stages(*args, **kwargs):
        during.append(gc.get_threshold())
        raise Stop  # a build that fails in its stages restores the thresholds too

    monkeypatch.setattr(generator.stages, "run_stages", stages)
    before = gc.get_threshold()
    dumps = sorted((tmp_path / "content" / "dumps").glob("*.txt"))
    with pytest.raises(Stop):
        build(config, dumps, tmp_path / "output")
    assert during == [BUILD_GC_THRESHOLDS] != [before]
    assert gc.get_threshold() == before
