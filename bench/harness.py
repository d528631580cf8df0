"""What every bench shares: a fresh project folder, a measured command, plain Pelican, folder sizes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"

# Runs a command and prints its wall seconds, the peak RSS of it and its children, and what it said.
_MEASURE = textwrap.dedent(
    """
    import json, resource, subprocess, sys, time
    started = time.perf_counter()
    done = subprocess.run(sys.argv[1:], capture_output=True, encoding="utf-8")
    seconds = time.perf_counter() - started
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        sys.exit(done.returncode)
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(json.dumps({"seconds": seconds, "rss": rss, "output": done.stdout + done.stderr}))
    """
)


def measure(command: list[str], cwd: Path, keep_output: bool = False) -> dict:
    """Wall seconds and peak RSS (bytes) of `command`; with `keep_output`, also its stdout and stderr."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, *command], cwd=cwd, capture_output=True, encoding="utf-8")
    if done.returncode:
        raise SystemExit(f"bench: {' '.join(command)} failed:\n{done.stderr[-2000:]}")
    measured = json.loads(done.stdout)
    if not keep_output:
        del measured["output"]
    return measured


def fresh_project(folder: Path) -> None:
    """An empty project in `folder` with our theme, pages and settings, and no dumps."""
    shutil.rmtree(folder, ignore_errors=True)
    for part in ("themes", "content/pages"):
        shutil.copytree(ROOT / part, folder / part)
    for name in ("digest.toml", "content/topics.toml", "content/vocabulary.tsv"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, folder / name)
    (folder / "node_modules").symlink_to(ROOT / "node_modules")


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def plain_pelican(work: Path) -> dict[str, float]:
    """Pelican with its default theme and settings on the same Markdown sources."""
    conf = work / "plainconf.py"
    conf.write_text(f"PATH = {str(work / 'content')!r}\nARTICLE_PATHS = ['papers']\nTIMEZONE = 'UTC'\n")
    out = work / "plain-output"
    shutil.rmtree(out, ignore_errors=True)
    pelican = str(Path(sys.executable).with_name("pelican"))
    return measure([pelican, "-q", "-s", str(conf), "-o", str(out)], work)
