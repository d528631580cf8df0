"""`make bench`: build synthetic digests of 2,000, 5,000, 20,000 and 100,000 papers and measure.

For each size: a full build from scratch, a rebuild with nothing changed, and a
rebuild after one new 50-paper dump; wall seconds, peak RSS, output size, the
gzipped bytes a cold first search query downloads and its time under node; at
20,000 papers, the search page in headless Chromium (bench/browser.py: results
after the page's load, and Lighthouse's performance score with a query) and the
For you page (bench/foryou.py: its first answer's bytes and results after load);
then the targets of issues 12, 23 and 25. Two references on the same data: the floor
(plain Python reading the dumps and writing as many HTML files of the same size) and
plain Pelican (the same Markdown, its default theme and settings). Run for every size,
it also measures 1,000 days of Daily Papers (bench/years.py) against issue 23's targets
there, prints the record as Markdown and writes it to bench/RESULTS.md; `python -m bench
2000` measures one size and only prints.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

from bench import browser, foryou, years
from bench.harness import RESULTS, ROOT, folder_bytes, fresh_project, measure, plain_pelican
from bench.search_size import FIRST_QUERY, site_first_query
from bench.synth import PAPERS_PER_DUMP, synthetic_dumps
from bench.topics import time_topics
from generator.outputs.search import gzipped_size
from generator.urls import URLS

SIZES = (2_000, 5_000, 20_000, 100_000)
# Issue 23's targets: builds as a multiple of plain Pelican's full build on the same papers in the
# same run, by size; a rebuild with nothing changed in seconds; peak RSS in MB.
VS_PELICAN = {2_000: {"full": 1.5}, 20_000: {"full": 1.2, "one new dump": 0.2}}
NOTHING_CHANGED_S = 1.0
RSS_20K_MB = 1024
# At 100,000 papers: the full build as a multiple of the 20,000 one, and peak RSS.
FULL_100K_VS_20K = 5.0
RSS_100K_MB = 3072
# At 1,000 days of Daily Papers (bench/years.py): builds as a multiple of plain Pelican's full build,
# and every build's peak RSS in MB.
YEARS_VS_PELICAN = {"full": 1.5, "one new day": 0.2}
RSS_YEARS_MB = 1536
# Issue 12's: a cold first query's download, gzipped, page, CSS and JS included.
FIRST_QUERY_KB = {20_000: 150, 100_000: 300}
# And at 20,000 papers, the search page in Chromium: every query's results on screen within this many ms
# of the page's load (best of three), and Lighthouse's performance score with a query at least this.
BROWSER_PAPERS = 20_000
# Topics at 20,000 papers, in seconds, as the build assigns them (both cores).
TOPICS_S = 1.0
RESULTS_MS = 300
LIGHTHOUSE_SCORE = 95


def project(folder: Path, papers: int) -> list[Path]:
    """A fresh project with our theme and settings and `papers` synthetic papers."""
    fresh_project(folder)
    return synthetic_dumps(papers + PAPERS_PER_DUMP, folder / "spare")


def search_numbers(site: Path) -> dict[str, float]:
    """What a cold first query downloads, gzipped (the search page, CSS, JS, the index's head,
    the term shards the query needs, its first results' fragments), and its time under node
    (search.js loading those files and lunr.js scoring)."""
    query = site_first_query(site, FIRST_QUERY)
    page = sum(gzipped_size((site / path).read_bytes()) for path in (URLS.search, URLS.css))
    return {"first_query_gz": query["bytes"] + page, "query_ms": query["query_ms"]}


def floor(dumps: list[Path], out: Path, page_bytes: int, pages: int) -> float:
    """Plain Python: read every dump and write `pages` HTML files of `page_bytes` each."""
    started = time.perf_counter()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    text = "".join(p.read_text(encoding="utf-8") for p in dumps)
    body = (text * (page_bytes // max(len(text), 1) + 1))[:page_bytes]
    for number in range(pages):
        (out / f"{number}.html").write_text(body, encoding="utf-8")
    return time.perf_counter() - started


def measure_build(command: list[str], work: Path) -> dict[str, object]:
    """A build's wall seconds, peak RSS and the seconds of each stage it printed."""
    measured = measure(command, work, keep_output=True)
    measured["stages"] = years.stage_times(measured.pop("output"))
    return measured


def bench_size(papers: int) -> dict[str, object]:
    work = RESULTS / f"work-{papers}"
    spare = project(work, papers)
    dumps_dir = work / "content" / "dumps"
    dumps_dir.mkdir(parents=True)
    for path in spare[:-1]:
        shutil.move(str(path), dumps_dir / path.name)
    build = [str(Path(sys.executable).with_name("paper-digest")), "build"]
    row: dict[str, object] = {"papers": papers}
    row["full"] = measure_build(build, work)
    site = work / "output"
    row["output_bytes"] = folder_bytes(site)
    row["pages"] = sum(1 for _ in site.rglob("*.html"))
    row.update(search_numbers(site))
    if papers == BROWSER_PAPERS:
        row["browser"] = browser.measure(site)
        row["foryou"] = foryou.measure(site)
        build_wall, _ = time_topics(papers, repeat=3, workers=0)
        one_wall, one_cpu = time_topics(papers, repeat=3, workers=1)
        row["topics"] = {"build_wall": build_wall, "one_core_wall": one_wall, "one_core_cpu": one_cpu}
    row["nothing changed"] = measure_build(build, work)
    shutil.move(str(spare[-1]), dumps_dir / spare[-1].name)
    row["one new dump"] = measure_build(build, work)
    paper_pages = list((site / "papers").glob("*.html"))
    mean_page = sum(p.stat().st_size for p in paper_pages) // max(len(paper_pages), 1)
    row["floor"] = floor(sorted(dumps_dir.glob("*.txt")), work / "floor-output", mean_page, int(row["pages"]))
    row["plain pelican"] = plain_pelican(work)
    return row


def table(rows: list[dict]) -> str:
    lines = [
        "| papers | build | wall s | x floor | x plain Pelican | peak RSS MB | output MB | first query KB gz "
        "| query ms (node) |",
        "|" + " ---: |" * 9,
    ]
    for r in rows:
        for kind in ("full", "nothing changed", "one new dump"):
            m = r[kind]
            lines.append(
                f"| {r['papers']:,} | {kind} | {m['seconds']:.1f} | {m['seconds'] / r['floor']:.1f} "
                f"| {m['seconds'] / r['plain pelican']['seconds']:.2f} | {m['rss'] / 2**20:.0f} "
                f"| {r['output_bytes'] / 1e6:.1f} | {r['first_query_gz'] / 1e3:.0f} | {r['query_ms']:.0f} |"
            )
        lines.append(
            f"| {r['papers']:,} | *floor* | {r['floor']:.1f} | 1.0 | | | | | |\n"
            f"| {r['papers']:,} | *plain Pelican* | {r['plain pelican']['seconds']:.1f} "
            f"| {r['plain pelican']['seconds'] / r['floor']:.1f} | 1.00 | {r['plain pelican']['rss'] / 2**20:.0f} "
            "| | | |"
        )
    return "\n".join(lines)


def target_line(what: str, value: float, limit: float, unit: str, at_least: bool = False) -> str:
    """One target, met or MISSED, with the number measured."""
    status = "met" if (value >= limit if at_least else value <= limit) else "MISSED"
    return f"{what}: {value:.2f}{unit} (target {'≥' if at_least else ''}{limit:g}{unit}): {status}"


def stage_table(rows: list[dict], kind: str) -> str:
    """Where one kind of build's time goes at each size: the seconds of each stage it printed."""
    names = list(dict.fromkeys(years.stage_name(label) for r in rows for label, _ in r[kind]["stages"]))
    lines = ["| stage | " + " | ".join(f"{r['papers']:,} s" for r in rows) + " |", "| --- |" + " ---: |" * len(rows)]
    for name in names:
        cells = [[s for label, s in r[kind]["stages"] if years.stage_name(label) == name] for r in rows]
        lines.append(f"| {name} | " + " | ".join(f"{sum(cell):.1f}" if cell else "" for cell in cells) + " |")
    return "\n".join(lines)


def verdict(rows: list[dict]) -> list[str]:
    """Each target of issues 12, 23 and 25, met or MISSED, with the number measured."""
    out = []

    def line(what: str, value: float, limit: float, unit: str, at_least: bool = False) -> None:
        out.append(target_line(what, value, limit, unit, at_least))

    by_size = {r["papers"]: r for r in rows}
    for papers, limits in VS_PELICAN.items():
        if (r := by_size.get(papers)) is not None:
            for kind, limit in limits.items():
                ratio = r[kind]["seconds"] / r["plain pelican"]["seconds"]
                line(f"{kind} at {papers:,} / plain Pelican's full build", ratio, limit, "x")
    if (r := by_size.get(20_000)) is not None:
        line("nothing changed at 20,000", r["nothing changed"]["seconds"], NOTHING_CHANGED_S, " s")
        line("peak RSS at 20,000", r["full"]["rss"] / 2**20, RSS_20K_MB, " MB")
        line("first search query at 20,000", r["first_query_gz"] / 1e3, FIRST_QUERY_KB[20_000], " KB gz")
    if (r := by_size.get(BROWSER_PAPERS)) is not None and "browser" in r:
        slowest = max(r["browser"]["results_ms"].values())
        line(f"search results after load at {BROWSER_PAPERS:,}, slowest query", slowest, RESULTS_MS, " ms")
        medians = [run for runs in r["browser"]["lighthouse"].values() for run in runs.values()]
        lowest = min(run["score"] for run in medians)
        what = f"Lighthouse performance (median of {browser.LIGHTHOUSE_RUNS}), search page with a query, lowest query"
        line(what, lowest, LIGHTHOUSE_SCORE, "", at_least=True)
        out.append(f"(the lowest single run: {min(score for run in medians for score in run['scores'])})")
    if (r := by_size.get(BROWSER_PAPERS)) is not None and "foryou" in r:
        at, numbers = f"at {BROWSER_PAPERS:,}", r["foryou"]
        line(f"For you's first answer {at}", numbers["bytes_gz"] / 1e3, foryou.BYTES_KB, " KB gz")
        line(f"For you's first results after load {at}", numbers["results_ms"], foryou.RESULTS_MS, " ms")
    if (r := by_size.get(BROWSER_PAPERS)) is not None and "topics" in r:
        topics = r["topics"]
        line(f"topics of {BROWSER_PAPERS:,} papers, as the build assigns them", topics["build_wall"], TOPICS_S, " s")
        out.append(f"(on one core: {topics['one_core_wall']:.2f} s wall, {topics['one_core_cpu']:.2f} s CPU)")
    if (r := by_size.get(100_000)) is not None:
        if 20_000 in by_size:
            ratio = r["full"]["seconds"] / by_size[20_000]["full"]["seconds"]
            line("full at 100,000 / full at 20,000", ratio, FULL_100K_VS_20K, "x")
        line("peak RSS at 100,000", r["full"]["rss"] / 2**20, RSS_100K_MB, " MB")
        line("first search query at 100,000", r["first_query_gz"] / 1e3, FIRST_QUERY_KB[100_000], " KB gz")
    return out


def years_verdict(result: dict) -> list[str]:
    """Issue 23's targets at bench.years' days, met or MISSED, with the numbers measured."""
    builds, plain = result["builds"], result["plain_pelican"]["seconds"]
    checks = [
        *(
            (f"{kind} / plain Pelican's full build", builds[kind]["seconds"] / plain, limit, "x")
            for kind, limit in YEARS_VS_PELICAN.items()
        ),
        ("nothing changed", builds["nothing changed"]["seconds"], NOTHING_CHANGED_S, " s"),
        ("peak RSS, every build", max(b["rss"] for b in builds.values()) / 2**20, RSS_YEARS_MB, " MB"),
    ]
    return [target_line(f"{what} at {result['days']:,} days", *numbers) for what, *numbers in checks]


RECORD = ROOT / "bench" / "RESULTS.md"
RECORD_INTRO = """\
# Benchmark record

Written by `make bench` (`python -m bench`, every size); do not edit by hand. What is
measured and why the numbers are what they are: [docs/performance.md](../docs/performance.md).
Synthetic dumps in the real format (text drawn from the shipped abstracts, about 1.5 KB
each, 50 papers a dump); "x plain Pelican" is against plain Pelican with its default
theme on the same Markdown in the same run; "first query" is everything a cold first
search for `language models` downloads, gzipped: the search page, CSS, scripts, the
index's head, the term shards and the first ten results' fragments.
"""


def report(rows: list[dict]) -> str:
    """The run as Markdown: the machine, the builds, the search page, the targets."""
    parts = [RECORD_INTRO, f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}.\n", table(rows)]
    for kind in ("full", "one new dump"):
        parts += [f"\nWhere a build's time goes, {kind} (each stage's seconds, as the build prints them):\n"]
        parts.append(stage_table(rows, kind))
    for row in rows:
        if "browser" in row:
            parts.append(f"\nThe search page at {row['papers']:,} papers, in headless Chromium:\n")
            parts.append(browser.table(row["browser"]))
        if "foryou" in row:
            parts.append(f"\nThe For you page at {row['papers']:,} papers, in headless Chromium (`bench/foryou.py`):\n")
            parts.append(foryou.table(row["foryou"]))
    parts.append("\nAgainst the targets:\n")
    parts.extend(f"- {line}" for line in verdict(rows))
    return "\n".join(parts) + "\n"


def main(argv: list[str]) -> None:
    """Every size by default, and then the record in bench/RESULTS.md; the sizes named, printed only."""
    sizes = [int(arg) for arg in argv] or list(SIZES)
    RESULTS.mkdir(parents=True, exist_ok=True)
    rows = []
    for papers in sizes:
        print(f"bench: {papers:,} papers ...", file=sys.stderr, flush=True)
        rows.append(bench_size(papers))
    text = report(rows)
    if not argv:  # the record holds a decade's shape too: bench.years at its 1,000 days
        print(f"bench: {years.DAYS:,} days of Daily Papers ...", file=sys.stderr, flush=True)
        decade = years.bench_years()
        targets = "\n".join(f"- {line}" for line in years_verdict(decade))
        text += f"\n## {years.DAYS:,} days of Daily Papers (`python -m bench.years`)\n\n{years.tables(decade)}\n"
        text += f"\nAgainst the targets:\n\n{targets}\n"
    print(text)
    (RESULTS / "results.json").write_text(json.dumps(rows, indent=2, default=str))
    if not argv:
        RECORD.write_text(text, encoding="utf-8")
        print(f"bench: the record is in {RECORD.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
