"""The stages of a build with work to do: enrich -> write sources -> render -> outputs -> swap.

The whole digest is read and enriched before anything is written (topic pages,
similar papers and the search index all see every paper). The site is built
beside output/ and swapped in at the end, so a build that fails leaves the
previous site exactly as it was.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.config import TOPICS_FILE, VOCABULARY_FILE, Config
from generator.enrich.digest import SIMILAR_COUNT, enrich
from generator.enrich.similar import cache_key
from generator.enrich.similar_cache import load_similar_cache, save_similar_cache
from generator.enrich.topics import load_taxonomy, taxonomy_key
from generator.enrich.vocabulary import load_vocabulary
from generator.files import (
    Output,
    SiteFiles,
    discard_tree,
    load_pickle,
    load_record,
    make_folder,
    remove_tree,
    save_pickle,
    save_record,
)
from generator.inputs.ingest import Ingest
from generator.model import Digest
from generator.outputs.bibtex import bibtex_entries
from generator.outputs.export import paper_records
from generator.outputs.feeds import Feed, feed_files, feed_links, plan_feeds
from generator.outputs.gzipped import packer
from generator.outputs.kept import FILE as KEPT_FILE
from generator.outputs.kept import KeptOutputs
from generator.outputs.parts import data_files, plan_parts
from generator.outputs.publish import built_pages, publish_files
from generator.outputs.recent import recent_data
from generator.outputs.search import index_files, lunr_js, paper_files, search_docs
from generator.parallel import default_workers, forked
from generator.progress import Progress
from generator.site.reader import convert_all
from generator.site.render import run_pelican
from generator.site.reuse import KEYS_FILE, make_reuse
from generator.site.selection import (
    SOURCES_FILE,
    Recorded,
    SourceKeys,
    every_template_keyed,
    load_recorded,
    record_sources,
    save_recorded,
    select_sources,
)
from generator.site.settings import pelican_settings
from generator.site.sources import write_sources
from generator.urls import URLS

OUTPUTS_RECORD = "outputs.json"  # in the build cache: the hash of every output file in output/
TRASH = "trash"  # in the build cache: replaced sites, deleted in the background


@dataclass(frozen=True)
class Built:
    pages: int
    reused: int  # pages taken from the previous site, not rendered
    pelican_warnings: list[str]


def run_stages(config: Config, found: Ingest, output: Path, cache: Path, strict: bool, progress: Progress) -> Built:
    """Build the site of `found` beside `output`, then swap it in."""
    lunr_js(config.root)  # fail now, not after rendering, when lunr.js is not installed
    kept = KeptOutputs(cache / KEPT_FILE, render_workers(config, len(found.papers)))  # what the last build computed
    with progress.stage(f"enriching {len(found.papers):,} papers: topics, similar papers, lists"):
        digest = enrich_digest(config, found)
        feeds = plan_feeds(digest, config.site, config.feeds, config.custom_feeds)
        digest = replace(digest, feeds=feed_links(feeds))
        # The data parts and BibTeX entries before rendering: the archive links the parts, a paper page shows its entry.
        records = paper_records(digest)
        digest = replace(
            digest, parts=plan_parts(digest, records), bibtex=bibtex_entries(digest, config.site.url, kept.value)
        )
    staging = output.with_name(f".{output.name}.building")
    remove_tree(staging)
    make_folder(staging)
    try:
        # Its own function: what rendering held (every source's text, every page's view: 76 MB at 20,000
        # papers) is freed before the outputs are made.
        pages = render_pages(config, digest, output, staging, cache, strict, progress)
        with progress.stage("writing search, feeds, JSON, BibTeX and sitemap"):
            outputs_last = load_record(cache / OUTPUTS_RECORD) if output.is_dir() else {}
            outputs = SiteFiles(staging, output, outputs_last, render_workers(config, len(digest.papers)))
            count = write_outputs(config, digest, records, feeds, outputs, kept)
        progress.note(f"{len(outputs.keys):,} search, feed and BibTeX files ({outputs.linked:,} unchanged, linked)")
        progress.note(f"{kept.computed:,} of {len(kept.used):,} per-paper outputs computed, the others kept")
        _swap_in(staging, output, cache / TRASH)
    except BaseException:
        remove_tree(staging)
        raise
    save_record(cache / KEYS_FILE, output, pages.keys)
    save_recorded(cache / SOURCES_FILE, pages.sources)
    save_record(cache / OUTPUTS_RECORD, output, outputs.keys)
    kept.save()
    return Built(pages=count, reused=pages.reused, pelican_warnings=pages.warnings)


@dataclass(frozen=True)
class Pages:
    """What rendering leaves for the build's records: each page's key and each source's, what was reused."""

    keys: dict[str, str]  # every page of the site: its key (site/reuse.py)
    sources: dict[str, Recorded]  # every generated source: its key and pages (site/selection.py)
    reused: int  # pages taken from the previous site, not rendered
    warnings: list[str]


def render_pages(
    config: Config, digest: Digest, output: Path, staging: Path, cache: Path, strict: bool, progress: Progress
) -> Pages:
    """Write the Markdown sources, then have Pelican render into `staging` the pages whose sources or views
    changed; the others are linked from `output`, the last build's site."""
    content = config.path(config.build.content)
    with progress.stage("writing the Markdown sources"):
        written = write_sources(digest, content)
    progress.note(written.summary)
    settings = pelican_settings(config, content, staging, digest)
    theme = config.path(config.build.theme)
    previous = load_record(cache / KEYS_FILE) if output.is_dir() else {}
    reuse = make_reuse(settings, theme, output, previous)
    workers = render_workers(config, len(digest.papers))
    with progress.stage("choosing the sources Pelican reads"):
        keys = SourceKeys(reuse.chrome, settings["DIGEST_VIEWS"], written.texts)
        last = load_recorded(cache / SOURCES_FILE) if output.is_dir() else {}
        keyed = every_template_keyed(reuse)
        selection = select_sources(keys, reuse, last, staging, keyed, workers)
    progress.note(f"{len(selection.skipped):,} pages of unchanged sources taken from the last build, unread")
    # The folders Pelican reads are chrome (in every page's key): set after the key is made.
    settings = {**selection.settings(settings), "DIGEST_REUSE": reuse}
    changed = written.changed
    # Convert new sources once, on every core, not once per rendering process (each process reads every
    # source when a template may read them all; else each its own share: render.py).
    if workers > 1 and changed and selection.everything:
        with progress.stage(f"converting {len(changed):,} changed sources to HTML"):
            paths = [os.path.abspath(path) for path in changed]  # as Pelican names them
            settings["DIGEST_CONVERTED"] = convert_all(paths, settings["MARKDOWN"], workers)
    with progress.stage(f"rendering pages with Pelican ({workers} process{'es' if workers > 1 else ''})"):
        rendered = run_pelican(settings, strict=strict, workers=workers)
    made = record_sources(keys, selection, rendered.sources, rendered.keys, last, workers)
    return Pages(
        keys={**rendered.keys, **selection.keys},
        sources=made,
        reused=rendered.reused + len(selection.skipped),
        warnings=rendered.warnings,
    )


def enrich_digest(config: Config, found: Ingest) -> Digest:
    """Add what needs the whole digest: topics, similar papers, organisations, lists."""
    taxonomy = load_taxonomy(config.path(config.build.content) / TOPICS_FILE)
    # Topics of papers whose text and taxonomy did not change come from the last build.
    cache = config.path(config.build.cache) / "topics" / f"{taxonomy_key(taxonomy)}.pickle"
    # Similar papers are updated, not recomputed, when the committed vocabulary weighs terms.
    vocabulary = load_vocabulary(config.path(config.build.content) / VOCABULARY_FILE)
    cache_folder = config.path(config.build.cache)
    known = load_similar_cache(cache_folder, cache_key(vocabulary, SIMILAR_COUNT)) if vocabulary else None
    enriched = enrich(found.papers, taxonomy, config.build.per_page, load_pickle(cache), vocabulary, known)
    save_pickle(cache, enriched.topics)
    if vocabulary is not None:
        save_similar_cache(cache_folder, enriched.similar)
    return enriched.digest


def write_outputs(
    config: Config, digest: Digest, records: dict[str, str], feeds: list[Feed], out: SiteFiles, kept: KeptOutputs
) -> int:
    """What the site has besides Pelican's pages: the data parts (JSON, BibTeX), search, feeds, sitemap;
    what is per paper taken from `kept` where the last build computed it. Returns the number of pages
    (HTML files) of the site.

    The search index (its weights and term shards) is made and written by a forked process, on the other core,
    while this one writes the rest: at 1,000 days a new day's search data was 3.4 s of the stage's 6.4 on one
    core, the index about half of it."""
    site_url = config.site.url
    docs = search_docs(digest)
    kept.analyses(docs)  # the new ones on both cores (a full build's), before the search data takes one

    def search(files: SiteFiles) -> None:
        files.write_all(packed(index_files(docs, kept.analyses)))

    def others(files: SiteFiles) -> None:
        files.write(URLS.lunr_js, lunr_js(config.root).read_bytes())
        # Each kind made when the one before is written: memory holds one kind's text at a time.
        kinds: tuple[Callable[[], Iterable[tuple[str, str]]], ...] = (
            lambda: feed_files(feeds, config.site.title),
            lambda: paper_files(docs),
            lambda: recent_data(digest, kept.analyses, docs).files,
            lambda: data_files(digest, records, site_url),
        )
        files.write_all(packed(text for make in kinds for text in make()))

    if out.workers > 1:
        before = set(kept.made)

        def share(write: Callable[[SiteFiles], None]) -> tuple[dict[str, str], int, dict[str, Any]]:
            own = out.apart()  # each share packs on its own core
            write(own)
            return own.keys, own.linked, {key: value for key, value in kept.made.items() if key not in before}

        for keys, linked, made in forked([lambda: share(others), lambda: share(search)]):
            out.absorb(keys, linked)
            kept.absorb(made)
    else:
        others(out)
        search(out)
    pages = built_pages(out.site)  # Pelican's pages: every page, as no output is one
    out.write_all(packed(publish_files(pages, site_url)))
    return len(pages)


def packed(files: Iterable[tuple[str, str]]) -> Iterator[Output]:
    """Each file with how the site stores it (gzipped.packer)."""
    return ((name, text, *packer(name)) for name, text in files)


def render_workers(config: Config, papers: int) -> int:
    """Processes for rendering: as set, else both cores once forking pays for itself."""
    return config.build.workers or default_workers(papers)


def _swap_in(staging: Path, output: Path, trash: Path) -> None:
    """Replace output/ by the finished build with two renames; the old site goes to the trash."""
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
    discard_tree(retired, trash)
