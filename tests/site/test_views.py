"""What a page shows, stated once (site/views.py): each template reads its view, and only it."""

from __future__ import annotations

import pickle
import re
from dataclasses import fields, is_dataclass, replace
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

import generator.site.views as views_module
from generator.cli import main
from generator.model import Digest, FeedLinks, FeedRef, arrival_order
from generator.site.views import Card, Row, Views, card, view_hash
from tests.support.paths import ROOT, SHIPPED_DUMPS

TEMPLATES = ROOT / "themes" / "digest" / "templates"


def test_no_template_reads_the_digest_or_the_builder_of_views():
    for path in TEMPLATES.rglob("*.html"):
        assert not re.search(r"\bDIGEST", path.read_text("utf-8")), path.name


def test_every_page_template_of_the_theme_has_a_view():
    from generator.site.views import TEMPLATES as VIEWED

    pages = {path.name for path in TEMPLATES.glob("*.html")} - {"base.html"}
    assert pages == VIEWED


def test_a_paper_has_one_card_a_build_shared_by_every_page(shipped_digest: Digest):
    views = Views(shipped_digest)
    home = views.home({"listing": shipped_digest.with_code, "listing_page": _first_page(shipped_digest.with_code)})
    slug = shipped_digest.with_code.papers[0]
    assert views.card(slug) is views.card(slug)
    assert any(shown is views.card(slug) for section in home.sections for shown in section.cards)


def _first_page(listing):
    from generator.enrich.listings import list_pages

    return list_pages(listing)[0]


def test_a_card_holds_what_the_card_shows_not_the_similar_papers_or_the_history():
    names = {f.name for f in fields(Card)}
    assert {"similar", "upvote_history", "sources", "hub", "links"}.isdisjoint(names)


def _views_of(digest: Digest) -> list[object]:
    """A view of each kind of page, built as the writer builds them (from what Pelican passes the template)."""
    from generator.enrich.listings import home_listing, list_pages

    views = Views(digest)
    slugs = tuple(digest.papers)
    topic = digest.topics[0]
    home = home_listing(slugs, 5)
    ranked = [SimpleNamespace(slug=slug) for slug in slugs[:4]]
    pages = SimpleNamespace(num_pages=2, page=lambda n: SimpleNamespace(url=f"top{n}.html"))
    top_page = SimpleNamespace(number=1, start_index=lambda: 1, object_list=ranked[:2])
    return [
        views.paper({"article": SimpleNamespace(slug=slugs[0])}),
        views.page({"page": SimpleNamespace(slug="about")}),
        *(views.listing({"page": SimpleNamespace(listing=topic.key, page_number=p.number)}) for p in list_pages(topic)),
        *(views.home({"listing": home, "listing_page": page}) for page in list_pages(home)),
        *(views.period({"page": SimpleNamespace(period=url)}) for url in digest.periods),
        views.top({"articles": ranked, "articles_page": top_page, "articles_paginator": pages}),
        views.archives({}),
        views.search({}),
        views.topics_index({}),
        views.orgs_index({}),
        views.feeds({}),
        views.nothing({}),
    ]


def _only_values(value: object) -> None:
    """Frozen dataclasses, tuples, strings, numbers, dates: values whose repr and hash are stable."""
    if is_dataclass(value):
        assert value.__dataclass_params__.frozen, type(value)  # type: ignore[attr-defined]
        for field in fields(value):
            _only_values(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            _only_values(item)
    else:
        assert not isinstance(value, (list, dict, set)), type(value)


def test_views_are_frozen_values_with_a_stable_hash(shipped_digest: Digest):
    topic = shipped_digest.topics[0]
    feeds = FeedLinks(
        main=FeedRef("Every paper", "feeds/all.rss.xml", "feeds/all.atom.xml", 50),
        topics={topic.slug: FeedRef(topic.title, "feeds/t.rss.xml", "feeds/t.atom.xml", 3)},
        opml="feeds/all.opml",
    )
    shown = _views_of(replace(shipped_digest, feeds=feeds))
    kinds = {value for name, value in vars(views_module).items() if name.endswith("View") and isinstance(value, type)}
    assert {type(view) for view in shown} == kinds  # every kind of view
    for view in shown:
        _only_values(view)
    copies = pickle.loads(pickle.dumps(shown))  # equal values, other objects
    assert [view_hash(v) for v in shown] == [view_hash(v) for v in copies]
    assert [repr(v) for v in shown] == [repr(v) for v in copies]


def test_a_changed_card_changes_its_hash(shipped_digest: Digest):
    paper = next(iter(shipped_digest.papers.values()))
    assert view_hash(card(replace(paper, title="Another title"))) != view_hash(card(paper))


@pytest.mark.slow
def test_a_template_reading_what_its_view_lacks_fails_the_build_in_one_line(project: Path):
    partial = project / "themes" / "digest" / "templates" / "partials" / "paper_card.html"
    text = partial.read_text("utf-8")
    partial.write_text(text.replace("</article>", "{{ paper.similar|length }}</article>"), "utf-8")
    result = CliRunner().invoke(main, ["build", *map(str, SHIPPED_DUMPS)], catch_exceptions=False)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    [line] = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert line.startswith("Error: template partials/paper_card.html (page "), line
    assert line.endswith("'generator.site.views.Card object' has no attribute 'similar'"), line


def test_a_row_holds_what_a_row_shows():
    assert [f.name for f in fields(Row)] == ["title", "url", "upvotes", "upvotes_counted", "arrived"]


def test_a_days_rows_say_once_the_day_they_were_counted_when_they_share_it(shipped_digest: Digest):
    views = Views(shipped_digest)
    key = next(period.key for period in shipped_digest.periods.values() if period.kind == "day")
    counted, arrived = date(2025, 12, 12), date(2025, 12, 9)
    first = Row("A", "papers/a.html", 3, counted, arrived)
    second = replace(first, title="B", url="papers/b.html")
    uncounted = replace(first, title="C", url="papers/c.html", upvotes=None, upvotes_counted=None)
    assert views._rows_of(key, (first, second, uncounted)).counted == counted  # an uncounted row says so itself
    later = replace(second, upvotes_counted=date(2025, 12, 13))
    assert views._rows_of(key, (first, later)).counted is None  # each row says its own
    assert views._rows_of(key, (uncounted,)).counted is None


def test_the_home_pages_front_page_shows_its_newest_day_as_cards_and_the_rest_as_rows(shipped_digest: Digest):
    from generator.enrich.listings import home_listing, list_pages

    papers = shipped_digest.papers
    ordered = tuple(sorted(papers, key=lambda slug: arrival_order(papers[slug])))
    home = home_listing(ordered, 50)
    front, *numbered = (Views(shipped_digest).home({"listing": home, "listing_page": p}) for p in list_pages(home))
    newest = max(paper.arrived for paper in papers.values())
    [day] = front.sections
    assert {card.arrived for card in day.cards} == {newest} and front.row_sections
    assert all(row.arrived < newest for section in front.row_sections for row in section.rows)
    assert numbered and all(not view.sections and view.row_sections for view in numbered)
