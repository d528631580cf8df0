"""`python -m generator` and the `paper-digest` command.

The command line's imports take a second, more on a busy machine: Ctrl-C during them
ends the program with one line, as it does later, never with a traceback.
"""

import gc
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
    main()


if __name__ == "__main__":
    run()
