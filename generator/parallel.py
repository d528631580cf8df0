"""Use both cores: forked processes that each compute one share, results in order.

A fork shares what the parent holds (a matrix, a taxonomy, Pelican's settings) without
pickling it; only results travel back, over a pipe. The parent computes the first share
itself. Ctrl-C is the parent's alone: it is held back while forking, ignored in the
children, and ends them, so an interrupted build prints one line and leaves no process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_FROM = 1000  # items; below this a second process costs more than it saves


class ChildFailed(Exception):
    """A forked share failed with an exception that could not travel back as itself."""


def cores() -> int:
    """The processes a build's work is shared among: both cores (the machines it runs on have two)."""
    return min(2, os.cpu_count() or 1)


def default_workers(items: int) -> int:
    return cores() if items >= PARALLEL_FROM else 1


def chunked_map(task: Callable[[Sequence[T]], list[R]], items: Sequence[T], workers: int) -> list[R]:
    """task(items) computed as task(chunk) per process, concatenated in order.

    `task` must be pure and map a chunk to one result per item.
    """
    if workers <= 1 or len(items) < 2:
        return task(items)
    size = -(-len(items) // workers)
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    parts = forked([lambda chunk=chunk: task(chunk) for chunk in chunks])  # type: ignore[misc]
    return [result for part in parts for result in part]


def forked(shares: Sequence[Callable[[], R]]) -> list[R]:
    """[share() for share in shares], the first in this process, each other in a fork.

    An exception in any share is raised here (the children's once all have ended).
    """
    context = multiprocessing.get_context("fork")
    children = []
    try:
        for share in shares[1:]:
            receive, send = context.Pipe(duplex=False)
            child = context.Process(target=_compute, args=(share, send), daemon=True)
            with interrupts_held():
                child.start()
                children.append((child, receive))
            send.close()
        results = [shares[0]()]
        outcomes = [_receive(child, receive) for child, receive in children]
    except BaseException:  # Ctrl-C or an error here: the other shares are not wanted
        for child, _ in children:
            child.terminate()
        raise
    finally:
        for child, receive in children:
            child.join()
            receive.close()
    for failed, value in outcomes:
        if failed:
            raise value
        results.append(value)
    return results


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C back while forking: it reaches this process when the block ends.

    A child forked meanwhile starts with SIGINT blocked, so a Ctrl-C sent to the whole
    process group before the child ignores it cannot raise inside the child (say, in the
    random module's after-fork reseed) and print a traceback.
    """
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _compute(share: Callable[[], Any], send: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C, and ends this process
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held since the fork; now ignored
    try:
        outcome = (False, share())
    except BaseException as exc:  # raised again by the parent, which owns the build
        outcome = (True, exc)
    try:
        send.send(outcome)
    except Exception as exc:  # an exception (or result) that does not pickle
        send.send((True, ChildFailed(f"{type(outcome[1]).__name__}: {outcome[1]}; then {exc}")))
    finally:
        send.close()


def _receive(child: Any, receive: Any) -> tuple[bool, Any]:
    try:
        return receive.recv()
    except EOFError:  # it ended without a word: killed, or out of memory
        child.join()
        return True, ChildFailed(f"a worker process died (exit code {child.exitcode})")
