"""Papers made up for feed tests, and the feeds a digest of them plans: no build needed."""

from __future__ import annotations

from datetime import date

from generator.config import CustomFeed, FeedConfig, SiteConfig
from generator.enrich.listings import code_listing, org_listing, topic_listing
from generator.enrich.orgs import organisations
from generator.model import Digest, EnrichedPaper, Org, Source, TopicRef, UpvoteCount, newest_first
from generator.outputs.feeds import plan_feeds
from generator.urls import URLS

SITE = "https://example.github.io/digest/"


def record(
    slug: str,
    arrived: str,
    upvotes: int | None = 0,
    title: str = "A title",
    topics: tuple = (),
    abstract: str | None = None,
    org: Org | None = None,
) -> EnrichedPaper:
    """A paper that arrived on `arrived` with `upvotes` counted that day (None: never counted)."""
    day = date.fromisoformat(arrived)
    return EnrichedPaper(
        key=slug,
        slug=slug,
        title=title,
        abstract=f"Abstract of {title}\x0b with a control character." if abstract is None else abstract,
        sources=(Source("d.txt", 1, day),),
        org=org,
        date=date(2020, 1, 1),  # the paper's own date never orders a feed
        upvote_history=(UpvoteCount(day, upvotes),) if upvotes is not None else (),
        url=URLS.paper(slug),
        topics=tuple(TopicRef(s, s.title(), URLS.topic(s), 1, ()) for s in topics),
    )


def plan(
    papers: list[EnrichedPaper],
    items: int = 50,
    min_upvotes: int = 0,
    site_url: str = SITE,
    custom: tuple[CustomFeed, ...] = (),
) -> list:
    """The feeds of a digest of these papers: its topics and organisations are those the papers name."""
    ordered = newest_first(papers)
    topics = sorted({t.slug: t for p in papers for t in p.topics}.values(), key=lambda t: t.slug)
    digest = Digest(
        papers={p.slug: p for p in papers},
        topics=tuple(
            topic_listing(t.slug, t.title, f"About {t.title}.", tuple(p.slug for p in ordered if t in p.topics), 25)
            for t in topics
        ),
        orgs=tuple(org_listing(o.org, o.page, o.papers, 25) for o in organisations(papers)),
        with_code=code_listing((), 25),
    )
    site = SiteConfig(url=site_url, title="Digest & Co", description="d")
    return plan_feeds(digest, site, FeedConfig(items=items, min_upvotes=min_upvotes), custom)
