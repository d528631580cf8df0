"""Progress: plain lines in a log, one live line on a terminal; each stage ends with its time."""

from __future__ import annotations

import io
import re

import pytest

from generator.progress import Progress


def test_in_a_log_each_stage_is_a_line_when_it_starts_and_its_time_when_it_ends():
    log = io.StringIO()
    progress = Progress(stream=log)
    with progress.stage("rendering 1,000 pages"):
        assert log.getvalue() == "· rendering 1,000 pages\n"  # shown before the work, not after
    progress.note("wrote 3 paper sources")
    lines = log.getvalue().splitlines()
    assert lines[0] == "· rendering 1,000 pages"
    assert re.fullmatch(r"  \d+\.\d s", lines[1])
    assert lines[2] == "· wrote 3 paper sources"
    assert "\x1b" not in log.getvalue()  # no terminal codes in a log


def test_on_a_terminal_a_finished_stage_stays_as_one_line_with_its_time():
    screen = io.StringIO()
    progress = Progress(stream=screen, live=True)
    with progress.stage("enriching 20,000 papers"):
        pass
    finished = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    assert re.search(r"· enriching 20,000 papers \(\d+\.\d s\)", finished)


def test_a_failed_stage_shows_no_time_and_the_error_goes_on():
    log = io.StringIO()
    with pytest.raises(ValueError), Progress(stream=log).stage("reading 2 dumps"):
        raise ValueError("bad")
    assert log.getvalue() == "· reading 2 dumps\n"


def test_silent_says_nothing():
    log = io.StringIO()
    progress = Progress(stream=log, silent=True)
    with progress.stage("anything"):
        progress.note("more")
    assert log.getvalue() == ""
