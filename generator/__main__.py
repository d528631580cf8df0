"""`python -m generator` and the `paper-digest` command.

The command line's imports take a second, more on a busy machine: Ctrl-C during them
ends the program with one line, as it does later, never with a traceback.
"""

import sys

from generator.problems import INTERRUPTED


def run() -> None:
    try:
        from generator.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("interrupted: output/ holds the last complete site\n")
        sys.exit(INTERRUPTED)
    main()


if __name__ == "__main__":
    run()
