"""A small digest for the mail tests: one newest day of papers, hostile titles among them."""

from __future__ import annotations

from dataclasses import replace

from generator.enrich.listings import code_listing, topic_listing
from generator.enrich.periods import periods
from generator.model import Digest, EnrichedPaper, HubFields, newest_first
from tests.support.feed_papers import record

SITE = "https://example.github.io/digest/"
NEWEST, OLDER = "2026-06-12", "2026-06-11"
HOSTILE_TITLES = (
    "<script>window.pwned = 1</script> Agents",
    "Tables </td></tr></table><b>broken</b>",
    "*md* _emphasis_ [a link](https://evil.example/) & more",
)
LEAD = "First sentence about agents, e.g. Tool use in 3 settings. Second one ends here! Third is left out."


def newest_day_papers() -> list[EnrichedPaper]:
    """Five papers of the newest day (upvotes 40, 5, 0, unknown, 3) and one of the day before (100)."""
    papers = [
        record("hostile-script", NEWEST, 40, HOSTILE_TITLES[0], topics=("agents",), abstract=LEAD),
        replace(
            record("named-authors", NEWEST, 5, "Five named authors", abstract="One sentence only."),
            hub=HubFields(author_names=("Ada", "Bo", "Cy", "Di", "Ed"), github_repo="https://github.com/o/r"),
        ),
        record("zero-upvotes", NEWEST, 0, HOSTILE_TITLES[1], abstract="Zero is a count. It is shown."),
        replace(record("never-counted", NEWEST, None, HOSTILE_TITLES[2], abstract="Not counted."), authors=3),
        record("older-agents", OLDER, 100, "Older agents paper", topics=("agents",), abstract="Agents, older."),
        record("three-upvotes", NEWEST, 3, "Agents with three upvotes", topics=("agents",), abstract="Agents."),
    ]
    return papers


def digest_of(papers: list[EnrichedPaper]) -> Digest:
    """The digest of these papers: its days, weeks and months, and the topics they name."""
    ordered = newest_first(papers)
    days, weeks, months = periods(papers)
    topics = sorted({t.slug: t for p in papers for t in p.topics}.values(), key=lambda t: t.slug)
    return Digest(
        papers={p.slug: p for p in ordered},
        topics=tuple(
            topic_listing(t.slug, t.title, f"About {t.title}.", tuple(p.slug for p in ordered if t in p.topics), 25)
            for t in topics
        ),
        orgs=(),
        with_code=code_listing((), 25),
        days=days,
        weeks=weeks,
        months=months,
    )
