"""`python -m bench.years [--size] [DAYS]`: years of fetched Daily Papers, built and measured (1,000 days by default).

DAYS days of API answers (bench/hf_synth.py: about 30 papers a weekday, each day fetched 8
times), ending the day before the recorded answer's, are kept as `paper-digest fetch` keeps
them beside the shipped text dumps in a fresh project under bench/results/. Then:

- a full build, as the workflow builds (`--publish --strict`), then the site's size: papers,
  MB, KB a paper, files, the largest file; the kept answers (`content/dumps/hf/`) and the
  workflow's build cache: the files its BUILD_CACHE_PATHS take (.github/workflows/pages.yml),
  and the archive actions/cache saves of them (tar, zstd -T0 --long=30) where zstd is installed;
- plain Pelican on the same papers' Markdown, the reference each build's time is a multiple of;
- a build with nothing changed, then one with a new day: the answers the next daily run keeps
  (the new day, and the 7 days before it fetched again; a weekend day's refetch is kept only
  when it changed, so about 6 answers);
- each build's wall time, peak RSS and the time of each stage it printed;
- the site's bytes by kind (paper pages, each kind of list, search, data, feeds ...), per paper.

`--size` stops after the full build and its size: how a cut of the site's bytes is measured.

Prints Markdown tables and writes bench/results/years.json. `bench_years(days)` returns the
same numbers for a caller.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import yaml

from bench.harness import RESULTS, ROOT, fresh_project, measure, plain_pelican
from bench.hf_synth import OBSERVATIONS, SEED, DailyPapers, days_ending
from bench.synth import SHIPPED

DAYS = 1_000
NEW_DAY = date(2026, 6, 12)  # the recorded answer's day, a Friday: the day the measured run adds
SITE_URL = "https://example.github.io/digest/"
BUILD = ("build", "--publish", "--strict", "--site-url", SITE_URL)  # what `make publish` runs in the workflow
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
CACHE_PATHS = "BUILD_CACHE_PATHS"  # the build job's list of what it caches
BUILDS = ("full", "one new day", "nothing changed")
_STAGE_TIME = re.compile(r" {2}(\d+(?:\.\d+)?) s")
_PAPERS = re.compile(r"(?:built|is up to date:) (\d+) papers")
_COUNT = re.compile(r"\d[\d,]*")
_ASIDE = re.compile(r" \([^)]*\)$")  # "(2 processes)": not part of the stage's name


def workflow_cache_paths(workflow: str) -> list[str]:
    """The paths the Pages build caches: its job's BUILD_CACHE_PATHS, one a line (`!` leaves a path out)."""
    paths = yaml.safe_load(workflow)["jobs"]["build"]["env"][CACHE_PATHS]
    return [line.strip() for line in paths.splitlines() if line.strip()]


def cached_files(work: Path, paths: list[str]) -> list[Path]:
    """The files of `work` the cache holds: under a path given, and under none given with `!`."""
    kept = [work / path for path in paths if not path.startswith("!")]
    left_out = [work / path[1:] for path in paths if path.startswith("!")]
    files = []
    for top in kept:
        for path in [top] if top.is_file() else sorted(_walk(top, left_out)):
            if path.is_file() and not path.is_symlink() and not any(path.is_relative_to(o) for o in left_out):
                files.append(path)
    return files


def _walk(top: Path, left_out: list[Path]) -> list[Path]:
    """Every file under `top`, never looking into a folder left out: the build's trash is being deleted by a
    detached `rm` as the build returns, and a folder listed then gone would fail the walk."""
    found = []
    for folder, folders, names in os.walk(top):
        here = Path(folder)
        folders[:] = [name for name in folders if not any((here / name).is_relative_to(o) for o in left_out)]
        found += [here / name for name in names]
    return found


def cache_archive_bytes(work: Path, files: list[Path]) -> int | None:
    """The bytes of the archive actions/cache saves of these files (tar, then zstd -T0 --long=30); None without zstd."""
    if not shutil.which("zstd") or not shutil.which("tar"):
        return None
    names = work / ".cache-files"  # tar reads them as it goes: through a pipe, they would wait on zstd's output
    names.write_bytes(b"\0".join(str(path.relative_to(work)).encode() for path in files))
    tar_command = ["tar", "--posix", "-cf", "-", "-C", str(work), "--null", "--files-from", str(names)]
    try:
        with (
            subprocess.Popen(tar_command, stdout=subprocess.PIPE) as tar,
            subprocess.Popen(["zstd", "-T0", "--long=30", "-c"], stdin=tar.stdout, stdout=subprocess.PIPE) as zstd,
        ):
            tar.stdout.close()  # zstd's now: tar sees a closed pipe if zstd stops
            size = 0
            while chunk := zstd.stdout.read(1 << 20):
                size += len(chunk)
    finally:
        names.unlink()
    # tar's 1 is "file changed as we read it": a replaced site's pages, hard-linked into the new
    # one, are deleted in the background as tar reads their links (their ctime moves, not their bytes).
    if tar.returncode not in (0, 1) or zstd.returncode:
        raise RuntimeError("tar or zstd failed")
    return size


def stage_times(output: str) -> list[tuple[str, float]]:
    """Each stage a build printed (`· what` on one line, `  N s` on the next when it ends) with its seconds."""
    stages = []
    lines = output.splitlines()
    for line, after in itertools.pairwise(lines):
        if line.startswith("· ") and (time := _STAGE_TIME.fullmatch(after)):
            stages.append((line[2:], float(time.group(1))))
    return stages


def stage_name(label: str) -> str:
    """A stage's label without its counts and asides, the same in every build: `parsing N dumps`."""
    return _COUNT.sub("N", _ASIDE.sub("", label))


# The site's files by kind, first match wins: each cut of the site's bytes is measured where it falls.
KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("paper pages", r"papers/[^/]+\.html"),
        ("per-paper bib", r"papers/[^/]+\.bib"),
        ("home", r"(index\.html|page/.*)"),
        ("topics", r"topics/.*"),
        ("days", r"days/.*"),
        ("orgs", r"orgs/.*"),
        ("with code", r"with-code.*"),
        ("weeks", r"weeks/.*"),
        ("months", r"months/.*"),
        ("top and rising", r"(top|rising).*"),
        ("search", r"search/.*"),
        ("data", r"(data/.*|papers\.json)"),
        ("feeds", r"(feeds/.*|feeds\.opml)"),
        ("sitemap", r"sitemap.*\.xml(\.gz)?"),
    )
)
OTHER = "other"


def kind_of(name: str) -> str:
    """The kind of the site's file at `name` (a POSIX path inside the site)."""
    return next((kind for kind, pattern in KINDS if pattern.fullmatch(name)), OTHER)


def site_numbers(site: Path) -> dict[str, object]:
    files = [p for p in site.rglob("*") if p.is_file()]
    largest = max(files, key=lambda p: p.stat().st_size)
    kinds = dict.fromkeys([kind for kind, _ in KINDS] + [OTHER], 0)
    for path in files:
        kinds[kind_of(path.relative_to(site).as_posix())] += path.stat().st_size
    return {
        "bytes": sum(p.stat().st_size for p in files),
        "files": len(files),
        "largest": {"name": largest.relative_to(site).as_posix(), "bytes": largest.stat().st_size},
        "kinds": kinds,
    }


def store_numbers(folder: Path) -> dict[str, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return {"bytes": sum(p.stat().st_size for p in files), "files": len(files)}


def cache_numbers(work: Path) -> dict[str, int | None]:
    """What the workflow's cache would save of this project: its files' bytes, and its archive's."""
    files = cached_files(work, workflow_cache_paths(WORKFLOW.read_text(encoding="utf-8")))
    return {"bytes": sum(p.stat().st_size for p in files), "archive": cache_archive_bytes(work, files)}


def run_build(work: Path) -> dict[str, object]:
    """One build of the project, measured: seconds, peak RSS, papers, its stages."""
    paper_digest = str(Path(sys.executable).with_name("paper-digest"))
    measured = measure([paper_digest, *BUILD], work, keep_output=True)
    output = measured.pop("output")
    papers = _PAPERS.search(output)
    measured["papers"] = int(papers.group(1)) if papers else None
    measured["stages"] = stage_times(output)
    return measured


def bench_years(
    days: int = DAYS, work: Path | None = None, seed: int = SEED, size_only: bool = False
) -> dict[str, object]:
    """Build `days` days of answers with the shipped dumps in `work` (emptied first) and measure; the numbers.

    With `size_only`, the full build and the site's size alone: a cut of the site's bytes measured in minutes.
    """
    work = work or RESULTS / f"years-{days}"
    fresh_project(work)
    dumps = work / "content" / "dumps"
    dumps.mkdir(parents=True)
    for path in SHIPPED:
        shutil.copy(path, dumps / path.name)
    answers = DailyPapers(seed)
    kept = days_ending(NEW_DAY - timedelta(days=1), days)
    # Every daily run up to the one before NEW_DAY's: the newest days are not yet fetched 8 times.
    answers.write(dumps, kept, runs=days_ending(NEW_DAY, days))

    builds: dict[str, dict[str, object]] = {}
    builds["full"] = run_build(work)
    result: dict[str, object] = {
        "days": days,
        "seed": seed,
        "papers": builds["full"]["papers"],
        "site": site_numbers(work / "output"),
        "kept_answers": store_numbers(dumps / "hf"),
    }
    if size_only:
        result["builds"] = builds
        return result
    result["cache"] = {"full": cache_numbers(work)}
    result["plain_pelican"] = plain_pelican(work)
    builds["nothing changed"] = run_build(work)
    added = answers.write(dumps, [*kept[-(OBSERVATIONS - 1) :], NEW_DAY], runs=[NEW_DAY + timedelta(days=1)])
    builds["one new day"] = run_build(work)
    builds["one new day"]["answers_added"] = len(added)
    result["cache"]["one new day"] = cache_numbers(work)
    result["builds"] = builds
    return result


def size_table(result: dict) -> str:
    """The site's bytes by kind, per paper: where each KB a paper goes."""
    site, papers = result["site"], result["papers"]
    lines = ["| kind | KB per paper | MB |", "| --- | ---: | ---: |"]
    for kind, size in site["kinds"].items():
        lines.append(f"| {kind} | {size / 1e3 / papers:.2f} | {size / 1e6:,.1f} |")
    lines.append(f"| **all** | **{site['bytes'] / 1e3 / papers:.2f}** | **{site['bytes'] / 1e6:,.1f}** |")
    return "\n".join(lines)


def tables(result: dict) -> str:
    """The numbers as Markdown: the site and its stores, the builds, and each build's stages."""
    site, kept, cache = result["site"], result["kept_answers"], result["cache"]
    papers = result["papers"]
    plain = result["plain_pelican"]
    builds = result["builds"]
    lines = [
        "| days | papers | site MB | KB per paper | files | largest file | kept answers | workflow cache MB |",
        "| ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
        f"| {result['days']:,} | {papers:,} | {site['bytes'] / 1e6:,.0f} | {site['bytes'] / 1e3 / papers:.1f} "
        f"| {site['files']:,} | `{site['largest']['name']}` {site['largest']['bytes'] / 1e6:.1f} MB "
        f"| {kept['bytes'] / 1e6:,.0f} MB in {kept['files']:,} files "
        f"| {_cache_cell(cache['full'])} (after a new day {_cache_cell(cache['one new day'])}) |",
        "",
        "| build | time s | x plain Pelican's full build | peak RSS MB |",
        "| --- | ---: | ---: | ---: |",
    ]
    for kind in BUILDS:
        build = builds[kind]
        what = f"{kind} (its {build['answers_added']} answers)" if kind == "one new day" else kind
        lines.append(
            f"| {what} | {build['seconds']:.1f} | {build['seconds'] / plain['seconds']:.2f}x "
            f"| {build['rss'] / 2**20:,.0f} |"
        )
    lines.append(f"| *plain Pelican, full* | {plain['seconds']:.1f} | 1.00x | {plain['rss'] / 2**20:,.0f} |")
    names = list(dict.fromkeys(stage_name(label) for kind in BUILDS for label, _ in builds[kind]["stages"]))
    if names:
        lines += ["", "| stage | " + " | ".join(f"{kind} s" for kind in BUILDS) + " |", "| --- |" + " ---: |" * 3]
        for name in names:
            cells = []
            for kind in BUILDS:
                seconds = [s for label, s in builds[kind]["stages"] if stage_name(label) == name]
                cells.append(f"{sum(seconds):.1f}" if seconds else "")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cache_cell(cache: dict[str, int | None]) -> str:
    """The files' MB, and the archive's MB as actions/cache stores it when it could be measured."""
    archive = f", archive {cache['archive'] / 1e6:,.0f}" if cache["archive"] is not None else ""
    return f"{cache['bytes'] / 1e6:,.0f}{archive}"


def main(argv: list[str]) -> None:
    summary = __doc__.split("\n", 1)[0].split(": ", 1)[1]  # the docstring's first line says what it does
    parser = argparse.ArgumentParser(prog="python -m bench.years", description=summary)
    parser.add_argument("days", nargs="?", type=int, default=DAYS, help=f"days of answers (default {DAYS:,})")
    parser.add_argument("--size", action="store_true", help="stop after the full build and its size")
    args = parser.parse_args(argv)
    if args.days < 1:
        parser.error("DAYS must be at least 1")
    days, size_only = args.days, args.size
    RESULTS.mkdir(parents=True, exist_ok=True)
    print(f"bench.years: {days:,} days ...", file=sys.stderr, flush=True)
    result = bench_years(days, size_only=size_only)
    full = result["builds"]["full"]
    print(f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; full build {full['seconds']:.0f} s\n")
    if size_only:
        site = result["site"]
        print(f"{result['papers']:,} papers, {site['bytes'] / 1e6:,.1f} MB in {site['files']:,} files\n")
    else:
        print(tables(result) + "\n")
    print(size_table(result))
    (RESULTS / ("years-size.json" if size_only else "years.json")).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
