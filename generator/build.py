"""One build, stage by stage: read -> write sources -> render -> export -> swap.

The site is built beside output/ and swapped in at the end, so a build that
fails leaves the previous site exactly as it was.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.config import Config
from generator.export import paper_record, papers_json
from generator.ingest import Ingest, ingest, read_inputs
from generator.problems import InputError, Problem
from generator.render import pelican_settings, run_pelican
from generator.write import write_if_changed, write_papers

Report = Callable[[str], None]


@dataclass
class BuildResult:
    ingest: Ingest
    output: Path
    pages: int
    seconds: float
    skipped: list[str] = field(default_factory=list)
    pelican_warnings: list[str] = field(default_factory=list)

    @property
    def papers(self) -> int:
        return len(self.ingest.papers)


def build(
    config: Config,
    dumps: list[Path],
    output: Path,
    *,
    year: int | None = None,
    skip_bad: bool = False,
    strict: bool = False,
    report: Report = lambda message: None,
) -> BuildResult:
    started = time.perf_counter()
    report(f"reading {len(dumps)} dumps")
    found = ingest(read_inputs(dumps), config, year=year)
    if found.errors and not skip_bad:
        raise InputError(list(found.errors))
    if not found.papers:
        raise InputError(list(found.errors) or [Problem.error("(input)", None, "no papers to build")])

    content = config.path(config.build.content)
    written, removed = write_papers(found.papers, content / "papers")
    report(f"wrote {written} paper sources ({removed} removed, {len(found.papers) - written} unchanged)")

    records = [paper_record(p) for p in found.papers]
    staging = output.with_name(f".{output.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        report("rendering pages with Pelican")
        settings = pelican_settings(config, content, staging, {"DIGEST": {"papers": {r["slug"]: r for r in records}}})
        warnings = run_pelican(settings, strict=strict)
        write_if_changed(staging / "papers.json", papers_json(records, config.site.url))
        pages = sum(1 for _ in staging.rglob("*.html"))
        _swap_in(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(
        ingest=found,
        output=output,
        pages=pages,
        seconds=time.perf_counter() - started,
        skipped=found.failed_files,
        pelican_warnings=warnings,
    )


def _swap_in(staging: Path, output: Path) -> None:
    """Replace output/ by the finished build with two renames."""
    retired = output.with_name(f".{output.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    if output.exists():
        output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired, ignore_errors=True)
