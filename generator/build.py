"""One build, stage by stage: read -> enrich -> write sources -> render -> outputs -> swap.

The whole digest is read and enriched before anything is written (topic pages,
similar papers and the search index all see every paper). The site is built
beside output/ and swapped in at the end, so a build that fails leaves the
previous site exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.config import Config
from generator.enrich import enrichment
from generator.export import paper_record, papers_json
from generator.feeds import feeds_context, write_feeds
from generator.fingerprint import forget, input_fingerprint, is_up_to_date, remember
from generator.ingest import Ingest, ingest, read_inputs
from generator.model import Paper
from generator.parallel import default_workers
from generator.problems import InputError, Problem
from generator.publish import publish_context, write_publish_files
from generator.reader import convert_all
from generator.render import pelican_settings, run_pelican
from generator.search_index import lunr_js, write_search
from generator.topics import TOPICS_FILE, load_taxonomy, taxonomy_key
from generator.write import load_pickle, save_pickle, sync_folder, write_if_changed, write_papers

Report = Callable[[str], None]


@dataclass
class Digest:
    """The whole enriched digest, as every output stage and template sees it."""

    config: Config
    ingest: Ingest
    # slug -> the paper's record (export.paper_record plus what enrichment adds)
    records: dict[str, dict[str, Any]]
    # extra template context: DIGEST.papers is `records`; enrichment adds more keys
    context: dict[str, Any] = field(default_factory=dict)
    # generated Markdown besides the papers: content folder -> (file name, text)
    sources: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # generated sources written by this build (new or changed): Pelican has not read them
    changed: list[Path] = field(default_factory=list)

    @property
    def papers(self) -> tuple[Paper, ...]:
        return self.ingest.papers

    def template_context(self) -> dict[str, Any]:
        return {"papers": self.records, **self.context}


@dataclass
class BuildResult:
    ingest: Ingest
    output: Path
    pages: int
    seconds: float
    skipped: list[str] = field(default_factory=list)
    pelican_warnings: list[str] = field(default_factory=list)
    up_to_date: bool = False  # nothing changed: output/ was left as it was

    @property
    def papers(self) -> int:
        return len(self.ingest.papers)


def enrich(digest: Digest) -> Digest:
    """Add what needs the whole digest: topics, similar papers, organisations."""
    content = digest.config.path(digest.config.build.content)
    taxonomy = load_taxonomy(content / TOPICS_FILE)
    # Topics of papers whose text and taxonomy did not change come from the last build.
    cache = digest.config.path(digest.config.build.cache) / "topics" / f"{taxonomy_key(taxonomy)}.pickle"
    extra = enrichment(digest.papers, taxonomy, digest.config.build.per_page, load_pickle(cache))
    save_pickle(cache, extra.topics)
    for slug, fields in extra.records.items():
        digest.records[slug].update(fields)
    digest.context.update(extra.context)
    digest.sources.update(extra.sources)
    return digest


def write_sources(digest: Digest, content: Path) -> str:
    """Generated Markdown for Pelican: one file per paper."""
    written, removed = write_papers(digest.papers, content / "papers", digest.changed)
    unchanged = len(digest.papers) - written
    for folder, files in sorted(digest.sources.items()):  # list pages: topics, organisations, ...
        sync_folder(content / folder, files, digest.changed)
    return f"wrote {written} paper sources ({removed} removed, {unchanged} unchanged)"


def write_outputs(digest: Digest, site: Path) -> None:
    """What the site has besides Pelican's pages: the JSON export, index, feeds."""
    write_if_changed(site / "papers.json", papers_json(digest.records.values(), digest.config.site.url))
    write_feeds(digest, site)
    write_search(digest.records.values(), site, digest.config.root)
    write_publish_files(digest, site)  # last: its sitemap lists every page written before it


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
    inputs = read_inputs(dumps)
    found = ingest(inputs, config, year=year)
    if found.errors and not skip_bad:
        raise InputError(list(found.errors))
    if not found.papers:
        raise InputError(list(found.errors) or [Problem.error("(input)", None, "no papers to build")])

    lunr_js(config.root)  # fail now, not after rendering, when lunr.js is not installed
    cache = config.path(config.build.cache)
    options = {"config": repr(config), "year": year, "skip_bad": skip_bad, "strict": strict}
    fingerprint = input_fingerprint(inputs, _input_paths(config), options)
    if is_up_to_date(cache, output, fingerprint):
        report("nothing changed since the last build")
        pages = sum(1 for _ in output.rglob("*.html"))
        return BuildResult(found, output, pages, time.perf_counter() - started, found.failed_files, [], up_to_date=True)
    forget(cache, output)

    digest = enrich(Digest(config=config, ingest=found, records={p.slug: paper_record(p) for p in found.papers}))
    digest.context.update({**feeds_context(digest), **publish_context(digest)})
    content = config.path(config.build.content)
    report(write_sources(digest, content))

    staging = output.with_name(f".{output.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        report("rendering pages with Pelican")
        settings = pelican_settings(config, content, staging, {"DIGEST": digest.template_context()})
        workers = render_workers(config, len(found.papers))
        if workers > 1:  # convert new sources once, on every core, not once per rendering process
            paths = [os.path.abspath(path) for path in digest.changed]  # as Pelican names them
            settings["DIGEST_CONVERTED"] = convert_all(paths, settings["MARKDOWN"], workers)
        warnings = run_pelican(settings, strict=strict, workers=workers)
        write_outputs(digest, staging)
        pages = sum(1 for _ in staging.rglob("*.html"))
        _swap_in(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    remember(cache, output, fingerprint)
    return BuildResult(
        ingest=found,
        output=output,
        pages=pages,
        seconds=time.perf_counter() - started,
        skipped=found.failed_files,
        pelican_warnings=warnings,
    )


def render_workers(config: Config, papers: int) -> int:
    """Processes for rendering: as set, else both cores once forking pays for itself."""
    return config.build.workers or default_workers(papers)


def _input_paths(config: Config) -> list[Path]:
    """Everything besides the dumps that a build reads."""
    root = config.root
    return [
        config.path(config.build.theme),
        config.path(config.build.content) / "pages",
        config.path(config.build.content) / "topics.toml",
        root / "digest.toml",
        root / "node_modules" / "lunr" / "lunr.min.js",
    ]


def _swap_in(staging: Path, output: Path) -> None:
    """Replace output/ by the finished build with two renames."""
    retired = output.with_name(f".{output.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    if output.exists():
        output.rename(retired)
    try:
        staging.rename(output)
    except BaseException:  # interrupted between the renames: put the previous site back
        if retired.exists() and not output.exists():
            retired.rename(output)
        raise
    shutil.rmtree(retired, ignore_errors=True)
