"""The command line: thin wrappers that turn our errors into one-line messages."""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator import __version__
from generator.config import CONFIG_FILE, VOCABULARY_FILE, Config, load_config, with_site_url
from generator.days import DayError, days_to_fetch, parse_day
from generator.inputs.daily_api import API
from generator.inputs.dates import GIVEN, STATED
from generator.inputs.ingest import Ingest, InputSummary, dump_name, find_dumps, ingest_files
from generator.inputs.merge import title_key
from generator.inputs.observations import newest_saved_day
from generator.problems import INTERRUPTED, DigestError, InputError
from generator.progress import Progress

if TYPE_CHECKING:  # imported where a build runs: its imports may be interrupted (build)
    from generator.build import BuildResult


def _config(path: str | None) -> Config:
    try:
        return load_config(Path(path) if path else None)
    except DigestError as exc:
        raise click.ClickException(str(exc)) from None


def _dump_paths(config: Config, dumps: tuple[str, ...]) -> list[Path]:
    paths = [Path(d) for d in dumps] or find_dumps(config.path(config.build.dumps))
    if not paths:
        raise click.ClickException(f"no dumps: none given and none in {config.build.dumps}/")
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise click.ClickException("no such dump: " + ", ".join(missing))
    return paths


def _input_problems(exc: InputError, outcome: str) -> click.ClickException:
    """Each problem of the input on its own line (file:line); then one line counting them and what was not done."""
    for problem in exc.problems:
        click.echo(str(problem), err=True)
    return click.ClickException(f"{len(exc.problems)} problem(s) in the input; {outcome}")


def year_lines(found: Ingest | InputSummary, most: int = 3) -> list[str]:
    """What was inferred about capture years: one line per year and way, however many dumps share it."""
    groups: dict[tuple[int, str], list[str]] = {}
    for name, year in sorted(found.years.items()):
        if year.how not in (STATED, GIVEN) and year.year is not None:
            groups.setdefault((year.year, year.how), []).append(name)
    lines = []
    for (year, how), names in sorted(groups.items()):
        if len(names) == 1:
            lines.append(f"{names[0]}: capture year {year} ({how})")
        else:
            shown = ", ".join(names[:most]) + (f" and {len(names) - most} more" if len(names) > most else "")
            lines.append(f"{len(names)} dumps: capture year {year} ({how}): {shown}")
    return lines


def _echo_years(found: Ingest | InputSummary) -> None:
    for line in year_lines(found):
        click.echo(line, err=True)


config_option = click.option(
    "--config", "config_path", type=click.Path(dir_okay=False), help=f"Settings file [default: ./{CONFIG_FILE}]."
)
year_option = click.option("--year", type=click.IntRange(1990, 2200), help="Capture year of every dump given.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="paper-digest")
def main() -> None:
    """Turn Hugging Face Daily Papers dumps into a searchable static site.

    \b
    Example:
      paper-digest check content/dumps/*.txt
      paper-digest build --site-url https://me.github.io/digest/
    """


@main.command()
@click.argument("dumps", nargs=-1, required=True, type=click.Path(dir_okay=False))
@config_option
@year_option
def check(dumps: tuple[str, ...], config_path: str | None, year: int | None) -> None:
    """Parse dumps and print an ingest report; exit 1 on any error.

    \b
    Example:
      paper-digest check content/dumps/*.txt
    """
    config = _config(config_path)
    paths = _dump_paths(config, dumps)
    found = ingest_files(paths, config, year=year)
    click.echo(ingest_report(found, [dump_name(p) for p in paths]))
    _echo_years(found)
    if found.errors:
        sys.exit(1)


@main.command()
@click.argument("dumps", nargs=-1, type=click.Path(dir_okay=False))
@config_option
def vocabulary(dumps: tuple[str, ...], config_path: str | None) -> None:
    """Count the vocabulary of similar papers in DUMPS (default: content/dumps/) into content/vocabulary.tsv.

    Builds read it and never change it: refresh it on purpose, then commit it.

    \b
    Example:
      paper-digest vocabulary
    """
    from generator.enrich.similar import Document, paper_vocabulary
    from generator.enrich.vocabulary import format_vocabulary
    from generator.files import write_text

    config = _config(config_path)
    found = ingest_files(_dump_paths(config, dumps), config)
    counted = paper_vocabulary([Document(p.slug, p.title, p.abstract) for p in found.papers])
    path = config.path(config.build.content) / VOCABULARY_FILE
    write_text(path, format_vocabulary(counted))
    click.echo(f"{path}: {len(counted.frequencies)} terms from {counted.papers} papers")


def ingest_report(found: Ingest, names: list[str]) -> str:
    """Entries and papers per file and in total, then every problem."""
    by_name = {d.name: d for d in found.dumps}
    width = max(len(n) for n in names) if names else 4
    lines = [f"{'dump':<{width}}  entries  papers"]
    for name in names:
        dump = by_name.get(name)
        if dump is None:
            lines.append(f"{name:<{width}}  {'-':>7}  {'-':>6}  (not read)")
            continue
        distinct = len({title_key(e.title) for e in dump.entries})
        lines.append(f"{name:<{width}}  {len(dump.entries):>7}  {distinct:>6}")
    papers = len(found.papers)
    lines.append(f"{'total':<{width}}  {found.entries:>7}  {papers:>6}")
    lines.append(f"duplicates merged: {found.entries - papers}")
    lines.append(f"warnings: {len(found.warnings)}, errors: {len(found.errors)}")
    lines += [str(p) for p in found.problems]
    return "\n".join(lines)


@main.command()
@click.argument("dumps", nargs=-1, type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(file_okay=False), help="Where to write the site [default: output/].")
@click.option("--site-url", help="Absolute URL the site is published at (turns on absolute links).")
@click.option(
    "--publish", is_flag=True, help="Production build: needs a site URL (--site-url or site.url); adds sitemap, robots."
)
@click.option("--skip-bad", is_flag=True, help="Build from the readable dumps and list the others.")
@click.option("--strict", is_flag=True, help="Fail on any warning from Pelican.")
@click.option("--no-wait", is_flag=True, help="Exit 1 at once if another build of this project is in progress.")
@config_option
@year_option
def build(
    dumps: tuple[str, ...],
    output: str | None,
    site_url: str | None,
    skip_bad: bool,
    strict: bool,
    no_wait: bool,
    publish: bool,
    config_path: str | None,
    year: int | None,
) -> None:
    """Build the site from DUMPS (default: every dump in content/dumps/).

    \b
    Example:
      paper-digest build
      paper-digest build my-dumps/*.txt -o site --site-url https://me.github.io/digest/
    """
    config = _config(config_path)
    try:
        from generator.build import build as run_build  # here: its imports take a second, and may be interrupted

        config = with_site_url(config, site_url)
        if publish and not config.site.url:
            raise click.ClickException("--publish needs the site's URL: --site-url URL, or site.url in digest.toml")
        paths = _dump_paths(config, dumps)
        out = Path(output) if output else config.path(config.build.output)
        result = run_build(
            config,
            paths,
            out,
            year=year,
            skip_bad=skip_bad,
            strict=strict,
            wait=not no_wait,
            progress=Progress(),
        )
        _report_build(result)  # Ctrl-C while it prints: the site is whole, and said so as below
    except InputError as exc:
        raise _input_problems(exc, "nothing was built") from None
    except DigestError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:  # a folder we cannot write, a full disk: the system's own words
        where = f"{exc.filename}: " if exc.filename else "cannot write the site: "
        raise click.ClickException(f"{where}{exc.strerror or exc}") from None
    except KeyboardInterrupt:
        click.echo("interrupted: output/ holds the last complete site", err=True)
        sys.exit(INTERRUPTED)


def _report_build(result: BuildResult) -> None:
    _echo_years(result.summary)
    for problem in result.summary.warnings:
        click.echo(str(problem), err=True)
    for name in result.skipped:
        click.echo(f"skipped {name}", err=True)
    if result.up_to_date:
        click.echo(f"{result.output}/ is up to date: {result.papers} papers, {result.pages} pages, nothing changed")
    else:
        click.echo(
            f"built {result.papers} papers, {result.pages} pages ({result.pages - result.reused} rendered, "
            f"{result.reused} reused) into {result.output}/ in {result.seconds:.1f} s"
        )


def _day_option(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    try:
        return parse_day(value) if value is not None else None
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _api_option(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
        raise click.BadParameter(f"{value!r} is not an http(s) URL")
    return value.rstrip("/")


@main.command()
@click.option("--date", "day", metavar="DAY", callback=_day_option, help="Fetch this day (YYYY-MM-DD).")
@click.option("--since", metavar="DAY", callback=_day_option, help="Fetch every day from this one...")
@click.option("--until", metavar="DAY", callback=_day_option, help="...to this one [default: yesterday, UTC].")
@click.option(
    "--api",
    default=API,
    show_default=True,
    callback=_api_option,
    help="Host of the API: requests go to URL/api/daily_papers.",
)
@config_option
def fetch(day: date | None, since: date | None, until: date | None, api: str, config_path: str | None) -> None:
    """Save Hugging Face Daily Papers, as the API answers, in content/dumps/hf/.

    Without --date or --since: every day after the newest one saved, up to
    yesterday (UTC). A day is fetched whole, page by page, and kept as one
    answer. A day fetched again keeps its earlier answers too, so upvotes
    have a history: a later answer as what changed, a line of the day's
    changes.jsonl. An answer equal to the day's newest is not saved.

    \b
    Example:
      paper-digest fetch
      paper-digest fetch --date 2025-12-09
      paper-digest fetch --since 2025-12-01 --until 2025-12-07
    """
    from generator.inputs import hub  # here: a build never imports requests
    from generator.inputs.fetch import fetch_days

    config = _config(config_path)
    folder = config.path(config.build.dumps)
    today = datetime.now(UTC).date()
    newest = newest_saved_day(folder)
    try:
        days = days_to_fetch(day=day, since=since, until=until, newest_saved=newest, today=today)
    except DayError as exc:
        raise click.UsageError(str(exc)) from None
    if not days:
        click.echo(f"nothing to fetch: every day up to {newest} is saved (--date DAY fetches a day again)")
        return
    if len(days) > 1:
        click.echo(f"fetching {len(days)} days, {days[0]} to {days[-1]}", err=True)
    done = 0
    try:
        http = dataclasses.replace(hub.HTTP, api=api)
        for result in fetch_days(folder, days, http):
            done += 1
            what = f"saved {result.saved.where}" if result.saved else "unchanged"
            pages = f" in {result.pages} pages" if result.pages > 1 else ""
            click.echo(f"{result.day}: {result.papers} paper{'' if result.papers == 1 else 's'}{pages}, {what}")
    except (hub.FetchError, OSError) as exc:
        if isinstance(exc, hub.FetchError):
            message = str(exc)
        else:  # a folder we cannot write, a full disk: the system's own words
            message = f"{exc.filename or 'cannot save'}: {exc.strerror or exc}"
        if done:
            before = "the day before it is" if done == 1 else f"the {done} days before it are"
            message += f" (stopped at {days[done]}; {before} saved)"
        raise click.ClickException(message) from None
    except KeyboardInterrupt:
        click.echo(f"interrupted: {done} of {len(days)} days fetched and saved", err=True)
        sys.exit(INTERRUPTED)


@main.command()
@config_option
def compact(config_path: str | None) -> None:
    """Keep each fetched day's later answers as what changed, in content/dumps/hf/.

    A store kept one file per answer (before `fetch` kept later answers as
    lines of the day's changes.jsonl) becomes the store fetch keeps now: each
    day's first answer stays as it is, and a later one goes once its line is
    checked to give it back byte for byte. Running it again changes nothing.

    \b
    Example:
      paper-digest compact
    """
    from generator.inputs.compact import compact_store, store_bytes

    config = _config(config_path)
    folder = config.path(config.build.dumps)
    before, files_before = store_bytes(folder)
    try:
        done = compact_store(folder)
    except OSError as exc:
        raise click.ClickException(f"{exc.filename or 'cannot compact'}: {exc.strerror or exc}") from None
    after, files_after = store_bytes(folder)
    for problem in done.problems:
        click.echo(f"{problem} (the day is left as it was)", err=True)
    click.echo(
        f"{done.days:,} days, {done.answers:,} answers: {done.removed:,} files turned into lines of changes; "
        f"{before / 1e6:,.1f} MB in {files_before:,} files -> {after / 1e6:,.1f} MB in {files_after:,} files"
    )
    if done.problems:
        sys.exit(1)


@main.command()
@click.argument("dumps", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--site-url", help="Absolute URL the site is published at (the letter links there) [default: site.url].")
@click.option("--feed", "feed_name", metavar="NAME", help="Send the new papers of the [[feed]] of this name instead.")
@click.option(
    "--dry-run",
    "dry_run",
    metavar="FILE",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the message to FILE (.eml) instead of sending it; needs no SMTP setting.",
)
@config_option
@year_option
def email(
    dumps: tuple[str, ...],
    site_url: str | None,
    feed_name: str | None,
    dry_run: str | None,
    config_path: str | None,
    year: int | None,
) -> None:
    """Send the newest day's papers by email, most upvoted first; a day is sent once.

    SMTP settings come from the environment: SMTP_HOST, SMTP_PORT, SMTP_USERNAME,
    SMTP_PASSWORD, SMTP_SECURITY (starttls, ssl or none; default starttls), MAIL_FROM,
    MAIL_TO (comma-separated). The days sent are kept in .cache/mail/sent.json.

    \b
    Example:
      paper-digest email --site-url https://me.github.io/digest/
      paper-digest email --feed llm-agents
      paper-digest email --dry-run day.eml
    """
    from generator.build import read_digest
    from generator.outputs.mail.run import mail_digest

    config = _config(config_path)
    target = Path(dry_run) if dry_run else None
    try:
        config = with_site_url(config, site_url)
        paths = _dump_paths(config, dumps)
        mailed = mail_digest(
            config, lambda: read_digest(config, paths, year=year), os.environ, feed=feed_name, dry_run=target
        )
    except InputError as exc:
        raise _input_problems(exc, "nothing was sent") from None
    except DigestError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:  # the dry run's file, the record of what was sent: the system's own words
        raise click.ClickException(f"{exc.filename or 'cannot write'}: {exc.strerror or exc}") from None
    click.echo(mailed.summary(target))


@main.command()
@click.option("--port", default=8000, show_default=True, help="Port on localhost.")
@config_option
def serve(port: int, config_path: str | None) -> None:
    """Build, serve output/ on localhost, and rebuild when the input changes.

    \b
    Example:
      paper-digest serve --port 8000
    """
    from watchfiles import watch

    from generator.build import build as run_build
    from generator.build import input_paths
    from generator.preview import serve_folder

    config = _config(config_path)
    out = config.path(config.build.output).resolve()

    def rebuild() -> None:
        try:
            result = run_build(config, _dump_paths(config, ()), out)
            click.echo(f"built {result.papers} papers in {result.seconds:.1f} s")
        except (DigestError, click.ClickException) as exc:
            click.echo(f"build failed: {exc}", err=True)

    rebuild()
    server, url = serve_folder(out, port)
    click.echo(f"serving {out}/ at {url}/, text gzip-compressed as GitHub Pages sends it (Ctrl-C stops)")
    watched = [config.path(config.build.dumps), *input_paths(config)]
    try:
        for _changes in watch(*[p for p in watched if p.exists()]):
            rebuild()
    except KeyboardInterrupt:
        server.shutdown()
