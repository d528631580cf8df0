"""Use both cores for pure work over many items: forked processes, results in order."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_FROM = 1000  # items; below this a second process costs more than it saves

_task: Callable[[Any], Any] | None = None  # set before forking: children inherit it, nothing is pickled


def default_workers(items: int) -> int:
    return min(2, os.cpu_count() or 1) if items >= PARALLEL_FROM else 1


def chunked_map(task: Callable[[Sequence[T]], list[R]], items: Sequence[T], workers: int) -> list[R]:
    """task(items) computed as task(chunk) per worker, concatenated in order.

    `task` must be pure and map a chunk to one result per item; whatever it reads
    (a matrix, a taxonomy) reaches the children by fork, not by pickling.
    """
    if workers <= 1 or len(items) < 2:
        return task(items)
    global _task
    size = -(-len(items) // workers)
    chunks = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    _task = lambda bounds: task(items[bounds[0] : bounds[1]])  # noqa: E731
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(len(chunks), mp_context=context, initializer=ignore_interrupts) as pool:
            parts = list(pool.map(_run, chunks))
    finally:
        _task = None
    return [result for part in parts for result in part]


def ignore_interrupts() -> None:
    """In a forked worker: Ctrl-C is the parent's to handle (one line, no worker tracebacks)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run(bounds: tuple[int, int]) -> Any:
    assert _task is not None
    return _task(bounds)
