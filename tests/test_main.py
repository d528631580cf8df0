"""generator/__main__.py: the command as a process (`paper-digest`, `python -m generator`)."""

from __future__ import annotations

import gc

import generator.cli
from generator.__main__ import GC_THRESHOLDS, run


def test_the_command_collects_garbage_less_often_for_its_whole_life(monkeypatch):
    during = []
    monkeypatch.setattr(generator.cli, "main", lambda: during.append(gc.get_threshold()))
    before = gc.get_threshold()
    try:
        run()
        after = gc.get_threshold()
    finally:
        gc.set_threshold(*before)  # this test's process is not the command's
    assert during == [GC_THRESHOLDS] != [before]
    assert after == GC_THRESHOLDS  # not set back: that would cost a full collection of what it built
