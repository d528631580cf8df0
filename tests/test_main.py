"""generator/__main__.py: the command as a process (`paper-digest`, `python -m generator`)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

import generator.cli
from generator.__main__ import GC_THRESHOLDS, run
from tests.support.paths import SHIPPED_DUMPS


class Left(BaseException):
    """The command left (os._exit, which would end this test's process)."""


@pytest.fixture
def exits(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The codes the command leaves with."""
    codes: list[int] = []

    def leave(code: int) -> None:
        codes.append(code)
        raise Left

    monkeypatch.setattr(os, "_exit", leave)
    before = gc.get_threshold()
    yield codes
    gc.set_threshold(*before)  # this test's process is not the command's


def test_the_command_collects_garbage_less_often_for_its_whole_life(monkeypatch, exits):
    during = []
    monkeypatch.setattr(generator.cli, "main", lambda: during.append(gc.get_threshold()))
    before = gc.get_threshold()
    with pytest.raises(Left):
        run()
    assert during == [GC_THRESHOLDS] != [before]
    assert gc.get_threshold() == GC_THRESHOLDS  # not set back: that would cost a full collection of what it built
    assert exits == [0]


@pytest.mark.parametrize(("code", "left"), [(None, 0), (0, 0), (3, 3), ("a message", 1)])
def test_a_finished_command_leaves_with_the_code_it_exits_with(monkeypatch, exits, capsys, code, left):
    def main() -> None:
        print("said before leaving")
        sys.exit(code)

    monkeypatch.setattr(generator.cli, "main", main)
    with pytest.raises(Left):
        run()
    assert exits == [left]
    out, err = capsys.readouterr()
    assert out == "said before leaving\n" and err == ("a message\n" if left == 1 else "")


def test_the_command_as_a_process_says_everything_and_exits_with_its_code(tmp_path):
    """Leaving without tearing down loses no output and no exit code: a report through a pipe, an error's 1."""
    dump = SHIPPED_DUMPS[0]
    command = [sys.executable, "-m", "generator", "check", str(dump)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[0] and "Traceback" not in done.stderr
    missing = subprocess.run([*command[:-1], str(tmp_path / "none.txt")], capture_output=True, text=True, cwd=tmp_path)
    assert missing.returncode != 0 and missing.stderr.strip() and "Traceback" not in missing.stderr
