"""One build, stage by stage: read -> enrich -> write sources -> render -> outputs -> swap.

The whole digest is read and enriched before anything is written (topic pages,
similar papers and the search index all see every paper). The site is built
beside output/ and swapped in at the end, so a build that fails leaves the
previous site exactly as it was.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.config import Config
from generator.enrich.digest import enrich
from generator.enrich.topics import TOPICS_FILE, load_taxonomy, taxonomy_key
from generator.files import load_pickle, make_folder, remove_tree, save_pickle, write_text
from generator.fingerprint import forget, input_fingerprint, is_up_to_date, remember
from generator.inputs.ingest import Ingest, ingest, read_inputs
from generator.lock import build_lock
from generator.model import Digest
from generator.outputs.bibtex import write_bibtex
from generator.outputs.export import papers_json
from generator.outputs.feeds import Feed, feed_links, plan_feeds, write_feeds
from generator.outputs.publish import write_publish_files
from generator.outputs.search import LUNR_JS, lunr_js, write_search
from generator.parallel import default_workers
from generator.problems import InputError, Problem
from generator.progress import Progress
from generator.site.reader import convert_all
from generator.site.render import run_pelican
from generator.site.reuse import Reuse, chrome_key, load_known, save_known
from generator.site.settings import HAND_WRITTEN, pelican_settings
from generator.site.sources import write_sources
from generator.urls import URLS


@dataclass
class BuildResult:
    ingest: Ingest
    output: Path
    pages: int
    seconds: float
    skipped: list[str] = field(default_factory=list)
    pelican_warnings: list[str] = field(default_factory=list)
    up_to_date: bool = False  # nothing changed: output/ was left as it was
    reused: int = 0  # paper pages taken from the previous site, not rendered

    @property
    def papers(self) -> int:
        return len(self.ingest.papers)


def enrich_digest(config: Config, found: Ingest) -> Digest:
    """Add what needs the whole digest: topics, similar papers, organisations, lists."""
    taxonomy = load_taxonomy(config.path(config.build.content) / TOPICS_FILE)
    # Topics of papers whose text and taxonomy did not change come from the last build.
    cache = config.path(config.build.cache) / "topics" / f"{taxonomy_key(taxonomy)}.pickle"
    enriched = enrich(found.papers, taxonomy, config.build.per_page, load_pickle(cache))
    save_pickle(cache, enriched.topics)
    return enriched.digest


def write_outputs(config: Config, digest: Digest, feeds: list[Feed], site: Path) -> None:
    """What the site has besides Pelican's pages: the JSON export, search, feeds."""
    write_text(site / URLS.papers_json, papers_json(digest, config.site.url))
    write_feeds(feeds, site, config.site.title)
    write_search(digest, site, config.root)
    write_bibtex(digest, site, config.site.url)
    write_publish_files(site, config.site.url)  # last: its sitemap lists every page written before it


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
    with progress.stage(f"reading {len(dumps):,} dumps"):
        inputs, unreadable = read_inputs(dumps)
        found = ingest(inputs, config, year=year, unreadable=unreadable)
    if found.errors and not skip_bad:
        raise InputError(list(found.errors))
    if not found.papers:
        raise InputError(list(found.errors) or [Problem.error("(input)", None, "no papers to build")])

    lunr_js(config.root)  # fail now, not after rendering, when lunr.js is not installed
    cache = config.path(config.build.cache)
    # Builds share content/, the caches and the staging folders: one at a time.
    with build_lock(cache, wait=wait, report=progress.note):
        options = {"config": repr(config), "year": year, "skip_bad": skip_bad, "strict": strict}
        fingerprint = input_fingerprint(inputs, input_paths(config), options)
        return _build_locked(config, found, output, cache, fingerprint, strict, started, progress)


def _build_locked(
    config: Config,
    found: Ingest,
    output: Path,
    cache: Path,
    fingerprint: str,
    strict: bool,
    started: float,
    progress: Progress,
) -> BuildResult:
    if is_up_to_date(cache, output, fingerprint):
        progress.note("nothing changed since the last build")
        pages = sum(1 for _ in output.rglob("*.html"))
        return BuildResult(found, output, pages, time.perf_counter() - started, found.failed_files, [], up_to_date=True)
    forget(cache, output)

    with progress.stage(f"enriching {len(found.papers):,} papers: topics, similar papers, lists"):
        digest = enrich_digest(config, found)
        feeds = plan_feeds(digest, config.site, config.feeds, config.custom_feeds)
        digest = replace(digest, feeds=feed_links(feeds))
    content = config.path(config.build.content)
    with progress.stage("writing the Markdown sources"):
        changed, summary = write_sources(digest, content)
    progress.note(summary)

    staging = output.with_name(f".{output.name}.building")
    remove_tree(staging)
    make_folder(staging)
    try:
        settings = pelican_settings(config, content, staging, digest)
        theme = config.path(config.build.theme)
        previous = load_known(cache) if output.is_dir() else {}
        settings["DIGEST_REUSE"] = Reuse(str(output), chrome_key(settings, theme), previous)
        workers = render_workers(config, len(found.papers))
        if workers > 1 and changed:  # convert new sources once, on every core, not once per rendering process
            with progress.stage(f"converting {len(changed):,} changed sources to HTML"):
                paths = [os.path.abspath(path) for path in changed]  # as Pelican names them
                settings["DIGEST_CONVERTED"] = convert_all(paths, settings["MARKDOWN"], workers)
        with progress.stage(f"rendering pages with Pelican ({workers} process{'es' if workers > 1 else ''})"):
            rendered = run_pelican(settings, strict=strict, workers=workers)
        with progress.stage("writing search, feeds, JSON, BibTeX and sitemap"):
            write_outputs(config, digest, feeds, staging)
        pages = sum(1 for _ in staging.rglob("*.html"))
        _swap_in(staging, output)
    except BaseException:
        remove_tree(staging)
        raise
    save_known(cache, output, rendered.keys)
    remember(cache, output, fingerprint)
    return BuildResult(
        ingest=found,
        output=output,
        pages=pages,
        seconds=time.perf_counter() - started,
        skipped=found.failed_files,
        pelican_warnings=rendered.warnings,
        reused=rendered.reused,
    )


def render_workers(config: Config, papers: int) -> int:
    """Processes for rendering: as set, else both cores once forking pays for itself."""
    return config.build.workers or default_workers(papers)


def input_paths(config: Config) -> list[Path]:
    """Everything besides the dumps that a build reads (`serve` watches them too)."""
    content = config.path(config.build.content)
    return [
        config.path(config.build.theme),
        content / HAND_WRITTEN,
        content / TOPICS_FILE,
        config.file,
        config.root / LUNR_JS,
    ]


def _swap_in(staging: Path, output: Path) -> None:
    """Replace output/ by the finished build with two renames."""
    retired = output.with_name(f".{output.name}.old")
    remove_tree(retired)
    if output.exists():
        output.rename(retired)
    try:
        staging.rename(output)
    except BaseException:  # interrupted between the renames: put the previous site back
        if retired.exists() and not output.exists():
            retired.rename(output)
        raise
    remove_tree(retired)
