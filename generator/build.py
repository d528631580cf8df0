"""A build: read the input; unless nothing changed since the last build, run the stages.

When the dumps, the settings, the theme, the pages, the taxonomy, lunr.js and our code
are what the last build read, and output/ is as it left it, the build has nothing to do:
it says what the last one said about the input and stops, in well under a second, before
parsing a dump or importing Pelican, scikit-learn or Lunr (generator/stages.py).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.config import HAND_WRITTEN, LUNR_JS, TOPICS_FILE, VOCABULARY_FILE, Config
from generator.files import remove_tree
from generator.fingerprint import forget, input_fingerprint, input_stamps, last_build, remember, restamp
from generator.inputs.ingest import Ingest, InputFile, InputSummary, ingest_parsed, read_files
from generator.inputs.parsed import ParsedStore
from generator.lock import build_lock
from generator.model import Digest
from generator.parallel import cores
from generator.problems import InputError, Problem
from generator.progress import Progress

PARSED = "parsed.pickle"  # in the build cache: every input as parsed (inputs/parsed.py)
ONE_FILE_PER_DUMP = "parsed"  # where versions before the one store kept each dump as parsed: removed


@dataclass(frozen=True)
class Kept:
    """What a build keeps for the next one to say when nothing changed."""

    summary: InputSummary
    pages: int


@dataclass
class BuildResult:
    summary: InputSummary
    output: Path
    pages: int
    seconds: float
    pelican_warnings: list[str] = field(default_factory=list)
    up_to_date: bool = False  # nothing changed: output/ was left as it was
    reused: int = 0  # pages taken from the previous site, not rendered

    @property
    def papers(self) -> int:
        return self.summary.papers

    @property
    def skipped(self) -> list[str]:
        return self.summary.failed_files


def build(
    config: Config,
    dumps: list[Path],
    output: Path,
    *,
    year: int | None = None,
    skip_bad: bool = False,
    strict: bool = False,
    wait: bool = True,
    progress: Progress | None = None,
) -> BuildResult:
    """Build the site from the dumps into `output`; one build of a project at a time.

    With `wait=False`, a build started while another runs stops at once (BuildLocked).
    """
    started = time.perf_counter()
    progress = progress or Progress(silent=True)
    cache = config.path(config.build.cache)
    # Builds share content/, the caches and the staging folders: one at a time.
    with build_lock(cache, wait=wait, report=progress.note):
        options = {"config": repr(config), "year": year, "skip_bad": skip_bad, "strict": strict}
        stamps = input_stamps(dumps, input_paths(config), options)
        kept = last_build(cache, output, stamps=stamps)  # no input read when none was touched
        fingerprint = ""
        if not isinstance(kept, Kept):
            with progress.stage(f"reading {len(dumps):,} dumps"):
                files, unreadable = read_files(dumps)
            fingerprint = input_fingerprint([(f.name, f.data) for f in files], input_paths(config), options)
            kept = last_build(cache, output, fingerprint)
            if isinstance(kept, Kept):  # touched, not changed: the next build need not read them
                restamp(cache, output, stamps)
        if isinstance(kept, Kept):
            progress.note("nothing changed since the last build")
            return BuildResult(kept.summary, output, kept.pages, time.perf_counter() - started, up_to_date=True)
        forget(cache, output)

        found = parse_kept(config, files, unreadable, year=year, skip_bad=skip_bad, progress=progress)

        from generator.stages import run_stages  # Pelican, scikit-learn, Lunr: imported only for work

        built = run_stages(config, found, output, cache, strict, progress)
        remember(cache, output, fingerprint, Kept(found.summary(), built.pages), stamps)
    return BuildResult(
        summary=found.summary(),
        output=output,
        pages=built.pages,
        seconds=time.perf_counter() - started,
        pelican_warnings=built.pelican_warnings,
        reused=built.reused,
    )


def read_digest(config: Config, dumps: list[Path], *, year: int | None = None, skip_bad: bool = False) -> Digest:
    """The enriched digest of the dumps, without rendering or writing a site (the mail reads it).

    It parses and enriches as a build does, through the same caches, under the same lock."""
    from generator.stages import enrich_digest  # scikit-learn: imported only for work

    files, unreadable = read_files(dumps)
    with build_lock(config.path(config.build.cache)):
        return enrich_digest(config, parse_kept(config, files, unreadable, year=year, skip_bad=skip_bad))


def parse_kept(
    config: Config,
    files: list[InputFile],
    unreadable: list[Problem],
    *,
    year: int | None,
    skip_bad: bool,
    progress: Progress | None = None,
) -> Ingest:
    """The files parsed (new or changed ones only, the others from the store), dated and merged; under the lock.

    Raises InputError on errors (unless `skip_bad`) and when no paper is left.
    """
    progress = progress or Progress(silent=True)
    cache = config.path(config.build.cache)
    with progress.stage(f"parsing {len(files):,} dumps"):
        store = ParsedStore(cache / PARSED)
        parsed, problems = store.parse(files, config.build.workers or cores())
        store.save()
        remove_tree(cache / ONE_FILE_PER_DUMP)
        found = ingest_parsed(parsed, config, year=year, unreadable=unreadable + problems)
    progress.note(f"{store.parsed:,} of {len(store.used):,} inputs parsed, the others as the last build read them")
    if found.errors and not skip_bad:
        raise InputError(list(found.errors))
    if not found.papers:
        raise InputError(list(found.errors) or [Problem.error("(input)", None, "no papers to build")])
    return found


def input_paths(config: Config) -> list[Path]:
    """Everything besides the dumps that a build reads (`serve` watches them too)."""
    content = config.path(config.build.content)
    return [
        config.path(config.build.theme),
        content / HAND_WRITTEN,
        content / TOPICS_FILE,
        content / VOCABULARY_FILE,
        config.file,
        config.root / LUNR_JS,
    ]
