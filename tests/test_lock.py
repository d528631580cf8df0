"""One build at a time per project: a second build waits (or with --no-wait, stops), and builds
started together always leave one complete site from one build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.build import build
from generator.config import load_config
from generator.lock import LOCK_FILE, BuildLocked, build_lock
from tests.support.golden import tree
from tests.support.paths import fixture_dump
from tests.support.projects import project_copy

DUMPS = [fixture_dump(name) for name in ("full_metadata.txt", "org_line.txt", "yearless_dates.txt")]
MORE = [*DUMPS, fixture_dump("hostile_text.txt")]


def paper_digest(project: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", *args],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def clean_build(tmp: Path, dumps: list[Path]) -> dict[str, bytes]:
    config = project_copy(tmp)
    return tree(build(config, dumps, tmp / "output").output)


@pytest.mark.slow
def test_a_second_build_waits_for_the_first_and_says_so(project: Path):
    with build_lock(project / ".cache"):
        second = paper_digest(project, *map(str, DUMPS))
        assert second.stderr is not None
        waiting = ""
        while "waiting" not in waiting:
            waiting = second.stderr.readline()
            assert waiting, "the second build ended without waiting"
        assert waiting.strip() == f"· waiting for the build in progress, pid {os.getpid()}"
        time.sleep(0.5)
        assert second.poll() is None, "the second build did not wait"
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert out.startswith("built ") and (project / "output" / "index.html").is_file()


def test_no_wait_exits_1_at_once_with_one_line(project: Path):
    with build_lock(project / ".cache"):
        started = time.perf_counter()
        second = paper_digest(project, "--no-wait", *map(str, DUMPS))
        _, err = second.communicate(timeout=60)
    assert second.returncode == 1
    assert err.strip().splitlines()[-1] == (
        f"Error: another build is in progress (pid {os.getpid()}); not waiting (--no-wait)"
    )
    assert "Traceback" not in err and time.perf_counter() - started < 30
    assert not (project / "output").exists()


def test_no_wait_in_the_api_raises(project: Path):
    config = load_config(project / "digest.toml")
    with build_lock(project / ".cache"), pytest.raises(BuildLocked):
        build(config, DUMPS, project / "output", wait=False)


@pytest.mark.slow
def test_a_killed_holder_leaves_no_lock_behind(project: Path):
    code = (
        "import sys, time; from pathlib import Path; from generator.lock import build_lock\n"
        "with build_lock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(60)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(project / ".cache")], stdout=subprocess.PIPE, encoding="utf-8"
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    holder.stdout.close()
    assert (project / ".cache" / LOCK_FILE).exists()  # the file stays; the lock does not
    second = paper_digest(project, "--no-wait", *map(str, DUMPS))
    _, err = second.communicate(timeout=120)
    assert second.returncode == 0, err


@pytest.mark.slow
def test_builds_started_together_leave_one_complete_site(project: Path, tmp_path_factory: pytest.TempPathFactory):
    expected = {
        "few": clean_build(tmp_path_factory.mktemp("few"), DUMPS),
        "more": clean_build(tmp_path_factory.mktemp("more"), MORE),
    }
    for round_ in range(3):
        # Two builds of different inputs into one output, and one into another output folder.
        runs = [
            ("few", paper_digest(project, *map(str, DUMPS))),
            ("more", paper_digest(project, *map(str, MORE))),
            ("more", paper_digest(project, "-o", "elsewhere", *map(str, MORE))),
        ]
        for _, run in runs:
            out, err = run.communicate(timeout=300)
            assert run.returncode == 0, err
            assert out.startswith("built") or "up to date" in out, out
        built = tree(project / "output")
        near = min(expected.values(), key=lambda files: len(set(files.items()) ^ set(built.items())))
        differ = sorted(name for name in near.keys() | built.keys() if near.get(name) != built.get(name))
        assert not differ, f"round {round_}: output/ is no site of one build: {differ[:10]}"
        assert tree(project / "elsewhere") == expected["more"]
        assert not list(project.glob(".*.building")) and not list(project.glob(".*.old"))
