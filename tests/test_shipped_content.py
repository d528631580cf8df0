"""What a newcomer's first build shows: the shipped content whole, the five text dumps and the
fetched days of content/dumps/hf/, built by the command line as `make site` builds it.

A fetched day gives what a pasted page lacks: some paper page has authors, arXiv and PDF links,
code and an AI summary. The About page says what the site holds, counted by the build.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import load_config
from generator.enrich.listings import code_listing
from generator.inputs.daily_api import paper_items
from generator.inputs.ingest import find_dumps, ingest_files
from generator.inputs.observations import find_observations, read_store
from generator.model import Digest, EnrichedPaper, HubFields, Source
from generator.site.holdings import holdings
from generator.urls import URLS
from tests.support.html_pages import HtmlElement, parse, select, text
from tests.support.papers_data import read_index, read_papers
from tests.support.paths import RECORDED_ANSWERS, ROOT, SHIPPED_DUMPS, SHIPPED_STORE
from tests.support.projects import project_copy


def test_the_shipped_days_are_the_recorded_answers_byte_for_byte_in_the_store_fetch_keeps() -> None:
    kept, problems = read_store(SHIPPED_STORE.parent)
    assert not problems
    recorded = {p.read_bytes() for p in RECORDED_ANSWERS.glob("daily_papers_*.json")}
    assert {k.body for k in kept} == recorded and len(kept) == len(recorded) == 3
    for observation in find_observations(SHIPPED_STORE.parent):
        items = paper_items(observation.path.read_bytes())  # what fetch would have agreed to keep
        days = {(i["paper"].get("submittedOnDailyAt") or i["publishedAt"])[:10] for i in items}
        assert days == {observation.day.isoformat()}, observation.where  # each is the day it is kept as
        assert observation.fetched.date() >= observation.day  # fetched on the day or after it


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The shipped project built from its folder, as a newcomer's `make site` does: the site and what it said."""
    project = tmp_path_factory.mktemp("first")
    project_copy(project, fetched=True)
    old = Path.cwd()
    try:
        os.chdir(project)
        result = CliRunner().invoke(main, ["build", "--strict"], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    return project / "output", result.stdout


@pytest.mark.slow
def test_a_first_build_holds_the_text_dumps_and_the_fetched_days(first_build: tuple[Path, str]) -> None:
    site, said = first_build
    records = read_papers(site)
    assert f"built {len(records)} papers" in said
    # A paper's slug depends on its title alone: the text dumps' papers and the fetched days' are those
    # each builds alone, and the site holds them all (a paper in both is one).
    config = load_config(ROOT / "digest.toml")
    pasted = {p.slug for p in ingest_files(SHIPPED_DUMPS, config).papers}
    fetched = {p.slug for p in ingest_files(find_dumps(SHIPPED_STORE.parent)[len(SHIPPED_DUMPS) :], config).papers}
    assert {r["slug"] for r in records} == pasted | fetched
    assert len(pasted) == 185
    assert len(fetched) == sum(len(json.loads(p.read_bytes())) for p in RECORDED_ANSWERS.glob("daily_papers_*.json"))
    newest = max(r["arrived"] for r in records)
    assert newest == max(o.day for o in find_observations(SHIPPED_STORE.parent)).isoformat() == "2026-06-12"
    assert len(SHIPPED_DUMPS) == 5


def facts(page: HtmlElement) -> dict[str, str]:
    return {text(dt): text(dt.getnext()) for dt in select(page, "//dl//dt")}


@pytest.mark.slow
def test_some_paper_page_shows_authors_arxiv_pdf_code_and_an_ai_summary(first_build: tuple[Path, str]) -> None:
    site, _ = first_build
    shown = []
    for record in read_papers(site):
        if not (record["arxiv_id"] and record["github_repo"] and record["ai_summary"] and record["author_names"]):
            continue
        page = parse(site / record["url"])
        hrefs = set(select(page, "//main//a/@href"))
        authors = facts(page).get("Authors", "")
        summary = select(page, "//main//aside[has-class('ai-summary')]")
        if (
            all(name in authors for name in record["author_names"])
            and URLS.arxiv_abs(record["arxiv_id"]) in hrefs
            and URLS.arxiv_pdf(record["arxiv_id"]) in hrefs
            and record["github_repo"] in hrefs
            and summary
            and " ".join(record["ai_summary"].split()) in text(summary[0])
        ):
            shown.append(record["slug"])
    assert len(shown) >= 10, shown


@pytest.mark.slow
def test_the_about_page_says_what_the_site_holds(first_build: tuple[Path, str]) -> None:
    site, _ = first_build
    [section] = select(parse(site / URLS.page("about")), "//main//section[has-class('holdings')]")
    said = " ".join(text(section).split())
    records = read_papers(site)
    arrived = sorted({r["arrived"] for r in records})
    assert f"{read_index(site)['count']} papers, arrived on {len(arrived)} days" in said
    assert [t.get("datetime") for t in select(section, ".//time")] == [arrived[0], arrived[-1]]
    assert "73 papers from 3 days fetched from the Daily Papers API" in said
    assert "185 papers from 5 pages pasted as text" in said


def paper(slug: str, *sources: tuple[str, str]) -> EnrichedPaper:
    return EnrichedPaper(
        key=slug,
        slug=slug,
        title=slug,
        abstract="",
        sources=tuple(Source(dump, 1, date.fromisoformat(day)) for dump, day in sources),
        hub=HubFields(),
        url=URLS.paper(slug),
    )


def test_holdings_count_fetched_and_pasted_papers_and_unknown_days_stay_unknown() -> None:
    papers = [
        paper("a", ("hf/2025-12-09/2025-12-10T061500Z.json", "2025-12-09")),
        paper("b", ("hf/2025-12-09/2025-12-10T061500Z.json", "2025-12-09"), ("x.txt", "2025-12-12")),
        paper("c", ("x.txt", "2025-12-12"), ("y.txt", "2025-12-13")),
        paper("d", ("hf/2025-12-11/2025-12-11T070000Z.json", "2025-12-11")),
    ]
    digest = Digest(papers={p.slug: p for p in papers}, topics=(), orgs=(), with_code=code_listing((), 25))
    held = holdings(digest)
    assert (held.papers, held.days, held.first, held.newest) == (4, 3, date(2025, 12, 9), date(2025, 12, 12))
    assert (held.fetched_papers, held.fetched_days, held.pasted_papers, held.pasted_dumps) == (3, 2, 2, 2)
    empty = holdings(Digest(papers={}, topics=(), orgs=(), with_code=code_listing((), 25)))
    assert (empty.papers, empty.first, empty.newest) == (0, None, None)
