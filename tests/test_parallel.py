"""Forked shares: results in order, a child's error raised in the parent, no process left."""

from __future__ import annotations

import multiprocessing
import os
import signal

import pytest

from generator.parallel import ChildFailed, chunked_map, forked


def test_chunks_come_back_in_order_with_one_result_per_item():
    items = list(range(101))
    assert chunked_map(lambda chunk: [x * x for x in chunk], items, workers=2) == [x * x for x in items]
    assert chunked_map(lambda chunk: [x + 1 for x in chunk], items, workers=1) == [x + 1 for x in items]


def test_each_share_runs_in_its_own_process_the_first_in_this_one():
    pids = forked([os.getpid, os.getpid, os.getpid])
    assert pids[0] == os.getpid()
    assert len(set(pids)) == 3
    assert multiprocessing.active_children() == []


def test_an_error_in_a_child_is_raised_here_as_itself():
    def fail() -> int:
        raise ValueError("bad share")

    with pytest.raises(ValueError, match="bad share"):
        forked([lambda: 1, fail])
    assert multiprocessing.active_children() == []


def test_a_child_that_dies_is_reported_not_waited_for():
    def die() -> int:
        os.kill(os.getpid(), signal.SIGKILL)
        return 0

    with pytest.raises(ChildFailed, match="died"):
        forked([lambda: 1, die])


def test_an_error_here_ends_the_children():
    def fail() -> int:
        raise KeyboardInterrupt

    def forever() -> int:
        signal.pause()
        return 0

    with pytest.raises(KeyboardInterrupt):
        forked([fail, forever])
    assert multiprocessing.active_children() == []
