"""What a letter says, as frozen values: its papers ranked by upvotes, each cut to a few lines.

A letter is the newest day of the digest, or the papers a `[[feed]]` selects that arrived
after the last day sent for it. The feed's selection is `outputs.feeds.Selection`, the one
its RSS and Atom feeds use, so a letter and a feed never disagree on what a rule holds.
Nothing here reads the clock or renders: message.py turns a `Letter` into bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from generator.config import CustomFeed
from generator.model import Digest, EnrichedPaper, top_order
from generator.outputs.feeds import Selection, check_custom_feeds
from generator.problems import DigestError

DAY_KEY = "day"  # the record's key of the day letter; a feed's is FEED_KEY with its name
FEED_KEY = "feed/{name}"
LEAD_SENTENCES = 2  # of an abstract
CATCH_UP_DAYS = 7  # the most days one day letter holds: the newest, and those runs missed before it
NAMED_AUTHORS = 3  # then "et al."
# A sentence ends at . ! or ? (and a closing quote or bracket) followed by space and a
# capital, digit or opening mark. The abbreviations below never end one: abstracts often
# write "e.g. GPT-4" or "Smith et al. Transformers", where the capital would mislead.
_SENTENCE_END = re.compile(r"(?<=[.!?])([\"')\]]?)\s+(?=[A-Z0-9\"'(\[])")
_ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "etc.", "vs.", "cf.", "Fig.", "Eq.", "Sec.", "No.")


class LetterError(DigestError):
    """Why no letter can be written: one line for the person running the command."""


@dataclass(frozen=True)
class LetterPaper:
    rank: int  # 1 for the most upvoted
    title: str
    url: str  # absolute: the paper's page on the site
    upvotes: int | None  # None: never counted (shown as such, never as 0)
    lead: str  # the first sentences of the abstract
    authors: str | None  # "A, B, C et al.", "5 authors", or None when no source names them
    code: tuple[str, ...]  # code links: the Hub's GitHub repository, then the abstract's
    arrived: date  # shown when a letter holds several days


@dataclass(frozen=True)
class Letter:
    key: str  # DAY_KEY or FEED_KEY: what the record of sent letters files it under
    subject: str
    heading: str
    days: tuple[str, ...]  # the days whose papers it holds, ISO, newest first
    site_title: str
    site_url: str  # absolute, ending in /
    page_url: str  # absolute: the day's page, or the feeds page for a feed
    papers: tuple[LetterPaper, ...]
    language: str = "en"  # of the site: the HTML part's lang


def lead_sentences(text: str, count: int = LEAD_SENTENCES) -> str:
    """The first `count` sentences of `text`, its spacing folded; all of it when it has fewer."""
    text = " ".join(text.split())
    cuts = [m.end(1) for m in _SENTENCE_END.finditer(text) if not text[: m.start()].endswith(_ABBREVIATIONS)]
    return text[: cuts[count - 1]] if len(cuts) >= count else text  # a closing quote or bracket kept


def author_line(paper: EnrichedPaper, named: int = NAMED_AUTHORS) -> str | None:
    names = paper.hub.author_names
    if names:
        return ", ".join(names[:named]) + (" et al." if len(names) > named else "")
    if paper.authors is not None:
        return f"{paper.authors} author{'' if paper.authors == 1 else 's'}"
    return None


def ranked(papers: list[EnrichedPaper], base: str) -> tuple[LetterPaper, ...]:
    """Most upvotes first, never counted last (the Top page's order)."""
    return tuple(
        LetterPaper(
            rank=rank,
            title=paper.title,
            url=base + paper.url,
            upvotes=paper.upvotes,
            lead=lead_sentences(paper.abstract),
            authors=author_line(paper),
            code=paper.code_links,
            arrived=paper.arrived,
        )
        for rank, paper in enumerate(sorted(papers, key=top_order), 1)
    )


def day_letter(
    digest: Digest, base: str, site_title: str, after: date | None = None, most_days: int = CATCH_UP_DAYS
) -> Letter:
    """The newest day of the digest, with the days before it that came after `after` (the last
    day sent), so a day a run missed is sent with the next: at most `most_days` days in all.
    With no `after` (nothing sent yet) or nothing after it, the newest day alone."""
    if not digest.days:
        raise LetterError("the digest has no day with papers: nothing to send")
    newer = [d for d in digest.days[:most_days] if after is not None and date.fromisoformat(d.key) > after]
    days = newer or [digest.days[0]]
    papers = ranked([digest.papers[slug] for day in days for slug in day.papers], base)
    heading = days[0].title if len(days) == 1 else f"{days[-1].title} to {days[0].title}"
    return Letter(
        key=DAY_KEY,
        subject=f"{site_title}: {heading} ({_count(len(papers))})",
        heading=heading,
        days=tuple(day.key for day in days),
        site_title=site_title,
        site_url=base,
        page_url=base + days[0].url,
        papers=papers,
    )


def feed_letter(
    digest: Digest, rules: CustomFeed, after: date | None, most: int, base: str, site_title: str, feeds_page: str
) -> Letter:
    """The papers of a [[feed]] that arrived after `after` (the last day sent for it); the
    first time, those of the digest's newest day. At most `most`, the newest days kept."""
    check_custom_feeds([rules], digest)
    if not digest.days:
        raise LetterError("the digest has no day with papers: nothing to send")
    since = after or date.fromisoformat(digest.days[0].key) - _ONE_DAY
    selection = Selection.of(rules)
    chosen = [p for p in digest.papers.values() if p.arrived > since and selection.holds(p)]
    chosen = sorted(chosen, key=lambda p: -p.arrived.toordinal())[:most]
    days = tuple(sorted({p.arrived.isoformat() for p in chosen}, reverse=True))
    span = days[0] if len(days) == 1 else f"{days[-1]} to {days[0]}" if days else "no new papers"
    return Letter(
        key=feed_key(rules.name),
        subject=f"{rules.title} · {site_title}: {span} ({_count(len(chosen))})",
        heading=f"{rules.title}: {span}",
        days=days,
        site_title=site_title,
        site_url=base,
        page_url=base + feeds_page,
        papers=ranked(chosen, base),
    )


def feed_key(name: str) -> str:
    return FEED_KEY.format(name=name)


def find_feed(feeds: tuple[CustomFeed, ...], name: str) -> CustomFeed:
    for rules in feeds:
        if rules.name == name:
            return rules
    known = ", ".join(f.name for f in feeds) or "none: add a [[feed]] table to digest.toml"
    raise LetterError(f"--feed {name}: no [[feed]] of that name (known: {known})")


def _count(papers: int) -> str:
    return f"{papers} paper{'' if papers == 1 else 's'}"


_ONE_DAY = timedelta(days=1)
