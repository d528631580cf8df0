"""Faults: a build killed (SIGKILL) or interrupted (SIGINT) at any moment, a full disk, a read-only
output folder. Each leaves the previous site exactly as it was, says so in one line, and the next
build equals a clean build."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import generator.site.reuse
from generator.build import build
from generator.config import load_config
from generator.site.pelican_cache import CHECKSUM
from tests.support.paths import SHIPPED_DUMPS
from tests.support.projects import project_copy
from tests.support.trees import leftovers, snapshot, tree

pytestmark = pytest.mark.slow

BEFORE = SHIPPED_DUMPS[:-1]  # the previous site
AFTER = SHIPPED_DUMPS  # what the faulty build tries to build


@pytest.fixture(scope="module")
def clean_after(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The site a clean build of AFTER makes: what every build after a fault must equal."""
    tmp = tmp_path_factory.mktemp("clean")
    return tree(build(project_copy(tmp), AFTER, tmp / "output").output)


def start(project: Path, dumps: list[Path], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", *map(str, dumps), *args],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        start_new_session=True,  # its own process group: a signal reaches the rendering processes too
    )


def finish(project: Path, dumps: list[Path], *options: str) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "generator", "build", *map(str, dumps), *options]
    return subprocess.run(args, cwd=project, capture_output=True, text=True, encoding="utf-8", timeout=300)


def wait_for(run: subprocess.Popen[str], marker: str) -> None:
    """Read the build's progress lines until one holds `marker`."""
    assert run.stderr is not None
    for line in run.stderr:
        if marker in line:
            return
    pytest.fail(f"the build ended before {marker!r}")


# Where a build is stopped: after a progress line, or after some time (at 185 papers a build
# takes about a second after its imports).
POINTS = ["reading", "paper sources", "rendering", 0.3, 0.8, 1.2, 1.6]


@pytest.fixture
def previous(tmp_path: Path) -> Iterator[tuple[Path, dict]]:
    config = project_copy(tmp_path)
    (tmp_path / "digest.toml").write_text(
        (tmp_path / "digest.toml").read_text("utf-8").replace("workers = 0", "workers = 2"), "utf-8"
    )
    build(load_config(config.file), BEFORE, tmp_path / "output")
    yield tmp_path, snapshot(tmp_path / "output")


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
@pytest.mark.parametrize("point", POINTS, ids=str)
def test_a_stopped_build_leaves_the_previous_site_and_the_next_build_is_clean(
    previous: tuple[Path, dict], clean_after: dict[str, bytes], how: signal.Signals, point: str | float
):
    project, before = previous
    run = start(project, AFTER)
    if isinstance(point, str):
        wait_for(run, point)
    else:
        time.sleep(point)
    if run.poll() is None:
        os.killpg(run.pid, how)
    out, err = run.communicate(timeout=60)
    # It finished before the signal (or the signal came as Python was ending, after the report, and
    # ended it): nothing to check but the result.
    if run.returncode == 0 or (run.returncode == -signal.SIGINT and "\nbuilt " in f"\n{out}"):
        assert tree(project / "output") == clean_after
        return
    # Stopped before the swap: the previous site, untouched; after it: the new site, whole.
    swapped = tree(project / "output") == clean_after
    assert swapped or snapshot(project / "output") == before, "output/ is neither the previous site nor the new one"
    if how == signal.SIGINT:
        assert run.returncode in (130, -signal.SIGINT)  # exit status 130, or ended by the signal itself
        assert "Traceback" not in err, err
        assert err.strip().splitlines()[-1] == "interrupted: output/ holds the last complete site"
    after = finish(project, AFTER)
    assert after.returncode == 0, after.stderr
    assert tree(project / "output") == clean_after
    assert leftovers(project) == []


def test_a_half_written_pelican_cache_is_ignored_not_trusted(
    tmp_path: Path, clean_after: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
):
    # Pelican's content cache serves a build whose pages have no keys (templates from elsewhere than the
    # theme, THEME_TEMPLATES_OVERRIDES): Pelican then reads every source (site/selection.py).
    monkeypatch.setattr(generator.site.reuse, "TEMPLATES", frozenset())
    config = project_copy(tmp_path)
    build(config, BEFORE, tmp_path / "output", strict=True)
    caches = [p for p in (tmp_path / ".cache").glob("pelican-*/*") if not p.name.endswith(CHECKSUM)]
    assert caches, "Pelican saved no cache"
    for path in caches:  # as a killed writer without atomic writes would leave it
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    result = build(config, AFTER, tmp_path / "output", strict=True)  # strict: not even a warning
    assert tree(result.output) == clean_after


# ------------------------------------------------------------------ file systems that refuse


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 32 MB tmpfs (root only; skipped, with the reason, where it cannot be mounted)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip() or done.returncode}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_one_line_and_leaves_the_previous_site(small_disk: Path, clean_after: dict[str, bytes]):
    project_copy(small_disk)
    first = finish(small_disk, BEFORE)
    assert first.returncode == 0, first.stderr
    before = snapshot(small_disk / "output")
    free = shutil.disk_usage(small_disk).free
    filler = small_disk / "filler"
    filler.write_bytes(b"\0" * (free - 1_000_000))  # a megabyte left: not enough for a new site
    full = finish(small_disk, AFTER)
    assert full.returncode == 1
    assert "Traceback" not in full.stderr
    assert full.stderr.strip().splitlines()[-1].endswith("No space left on device"), full.stderr
    assert snapshot(small_disk / "output") == before
    assert leftovers(small_disk) == []
    filler.unlink()
    again = finish(small_disk, AFTER)
    assert again.returncode == 0, again.stderr
    assert tree(small_disk / "output") == clean_after


def test_a_read_only_output_folder_is_one_line_and_leaves_the_site(
    tmp_path: Path, small_disk: Path, clean_after: dict[str, bytes]
):
    project_copy(tmp_path)
    output = small_disk / "site"
    first = finish(tmp_path, BEFORE, "-o", str(output))
    assert first.returncode == 0, first.stderr
    before = snapshot(output)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    refused = finish(tmp_path, AFTER, "-o", str(output))
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr
    assert refused.stderr.strip().splitlines()[-1].endswith("Read-only file system"), refused.stderr
    assert snapshot(output) == before
    subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    again = finish(tmp_path, AFTER, "-o", str(output))
    assert again.returncode == 0, again.stderr
    assert tree(output) == clean_after
