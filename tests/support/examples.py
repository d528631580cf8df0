"""How many examples a property test runs: every one in `make test`, a fifth in `make test-fast`.

`make test-fast` (`-m "not slow"`) is the loop a developer runs after each edit, so it samples each
property; the whole suite, which CI runs, tries the full count. `tests/conftest.py` switches.
"""

from __future__ import annotations

FAST_SHARE = 5  # the fast tier runs one example in FAST_SHARE
_fast = False


def sample_only() -> None:
    """Called once, before tests are collected, when the run leaves the slow tests out."""
    global _fast
    _fast = True


def examples(full: int) -> int:
    """`full` in a whole run, a fifth of it (at least 10) in the fast tier."""
    return max(10, full // FAST_SHARE) if _fast else full
