"""`python -m generator` and the `paper-digest` command.

The command line's imports take a second, more on a busy machine: Ctrl-C during them
ends the program with one line, as it does later, never with a traceback.

A finished command leaves at once (`leave`): it has closed every file it wrote and waited for
every process it started, and what Python would free one object at a time on its way out
(a build leaves about a million: caches, Pelican's and Jinja's state) took 1.9 s of a new
day's 23 at 1,000 days.
"""

import contextlib
import gc
import os
import sys

from generator.problems import INTERRUPTED

# A command runs once and keeps what it builds to its end: millions of objects (every paper parsed,
# merged, enriched and viewed). Python's default collects the young generation every 700 allocations,
# so it scans them again and again: a quarter of a new day's time at 1,000 days. The command collects
# less often, for its whole life (a build that set the default back at its end paid a full collection).
GC_THRESHOLDS = (100_000, 50, 1_000)


def run() -> None:
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        from generator.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("interrupted: output/ holds the last complete site\n")
        sys.exit(INTERRUPTED)
    try:
        main()
    except SystemExit as done:
        leave(done.code)
    leave(0)


def leave(code: object) -> None:
    """Exit with `code` as sys.exit would (None is 0; a text is printed and is 1), the output flushed,
    without freeing what the command built."""
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader that went away, a stream closed: nothing to say
            stream.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    run()
