"""Where a long build is: its stages, each with a count in words and its time.

On a terminal, one live line (rich) shows the running stage and its time so far, and
each finished stage stays as a line with its time. In a log (CI, a pipe), every stage
is a plain line when it starts and another when it ends: nothing is redrawn.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console


class Progress:
    """Says what a build does. `Progress.silent()` says nothing (a library caller, tests)."""

    def __init__(self, stream: TextIO | None = None, live: bool | None = None, silent: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.silent = silent
        self.live = self.stream.isatty() if live is None else live
        self._console: Console | None = None
        if self.live and not silent:
            from rich.console import Console  # only on a terminal: a log never pays for the import

            self._console = Console(file=self.stream, highlight=False)

    def note(self, message: str) -> None:
        """One line: something that happened, not a stage that takes time."""
        if self.silent:
            return
        if self._console:
            self._console.print(f"· {message}", markup=False)
        else:
            print(f"· {message}", file=self.stream, flush=True)

    @contextmanager
    def stage(self, message: str) -> Iterator[None]:
        """A step of the build; its time is shown when it ends."""
        if self.silent:
            yield
            return
        started = time.perf_counter()
        if self._console:
            from rich.progress import Progress as LiveLine
            from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

            columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
            with LiveLine(*columns, console=self._console, transient=True) as line:
                line.add_task(message, total=None)
                yield
            self._console.print(f"· {message} ({time.perf_counter() - started:.1f} s)", markup=False)
        else:
            print(f"· {message}", file=self.stream, flush=True)
            yield
            print(f"  {time.perf_counter() - started:.1f} s", file=self.stream, flush=True)
