"""RSS 2.0 and Atom feeds of the digest and of every topic, and one OPML file listing them.

Feeds are data about the digest, so they are planned as frozen values first
(`plan_feeds`) and only then rendered with feedgen and written (`write_feeds`).

- Every link in a feed is absolute: the site URL when one is set, else
  `LOCAL_BASE`, the address `paper-digest serve` previews the site at.
- An item's GUID is a tag: URI built from the paper's slug, which depends on
  its title alone: it is the same in every build, whatever dumps are added,
  and wherever the site is published.
- Nothing reads the clock: a feed's build date is its newest item's day, and
  feedgen's defaults (lastBuildDate, updated, generator version) are overridden.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from email.utils import format_datetime
from pathlib import Path

from feedgen.feed import FeedGenerator

from generator.config import FeedConfig, SiteConfig
from generator.files import write_text
from generator.model import Digest, EnrichedPaper, FeedLinks, FeedRef, newest_first
from generator.urls import TOPIC_BASE, URLS

LOCAL_BASE = "http://localhost:8000/"
GUID_PREFIX = "tag:paper-digest,2025:"
MAIN_FEED = "all"
GENERATOR = "paper-digest"
# Characters XML 1.0 cannot carry at all; a dump could hold them, lxml would refuse them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FeedItem:
    guid: str
    title: str
    link: str  # absolute URL of the paper page
    description: str  # HTML: the abstract, then authors, topics, upvotes and code, all escaped text
    day: date  # the day the paper arrived in the digest: what a subscriber has not yet seen
    categories: tuple[tuple[str, str], ...] = ()  # (topic slug, topic title)


@dataclass(frozen=True)
class Feed:
    key: str  # MAIN_FEED, or "topics/<slug>"
    title: str
    description: str
    page: str  # absolute URL of the HTML page the feed follows
    base: str  # absolute site URL, ending in /
    site_title: str
    items: tuple[FeedItem, ...]
    updated: date  # the newest item's day (the digest's newest day for an empty feed)
    language: str = "en"

    @property
    def rss_path(self) -> str:
        return URLS.feed(self.key, "rss")

    @property
    def atom_path(self) -> str:
        return URLS.feed(self.key, "atom")


def site_base(site_url: str) -> str:
    """The absolute URL every feed link starts with, ending in /."""
    return site_url.rstrip("/") + "/" if site_url else LOCAL_BASE


def paper_guid(slug: str) -> str:
    # An identifier, not a link: it must never change, even if the page's URL does.
    return f"{GUID_PREFIX}papers/{slug}"


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def item_html(paper: EnrichedPaper) -> str:
    """The body of a paper's feed item: every piece of text escaped, so readers show it as text."""

    def para(label: str, value: str) -> str:
        return f"<p>{label}: {html.escape(value, quote=False)}</p>" if label else f"<p>{html.escape(value)}</p>"

    parts = [para("", paper.abstract)]
    if paper.author_names:
        parts.append(para("Authors", ", ".join(paper.author_names)))
    elif paper.authors is not None:
        parts.append(para("Authors", f"{paper.authors} author{'s' if paper.authors != 1 else ''}"))
    if paper.date:
        parts.append(para("Paper date", paper.date.isoformat()))
    if paper.topics:
        parts.append(para("Topics", ", ".join(t.title for t in paper.topics)))
    if paper.upvotes is not None and paper.upvotes_counted:
        parts.append(para("Upvotes", f"{paper.upvotes} (counted {paper.upvotes_counted.isoformat()})"))
    for link in paper.code_links:
        href = html.escape(link, quote=True)
        parts.append(f'<p>Code: <a href="{href}">{html.escape(link, quote=False)}</a></p>')
    return "\n".join(parts)


def feed_item(paper: EnrichedPaper, base: str) -> FeedItem:
    return FeedItem(
        guid=paper_guid(paper.slug),
        title=xml_text(paper.title),
        link=base + paper.url,
        description=xml_text(item_html(paper)),
        day=paper.arrived,
        categories=tuple((t.slug, xml_text(t.title)) for t in paper.topics),
    )


def plan_feeds(digest: Digest, site: SiteConfig, settings: FeedConfig) -> list[Feed]:
    """The main feed, then one feed per topic (by slug): each its newest `settings.items` papers."""
    base = site_base(site.url)
    ordered = newest_first(digest.papers.values())
    newest = ordered[0].arrived if ordered else date(1970, 1, 1)

    def feed(key: str, feed_title: str, about: str, page: str, chosen: list[EnrichedPaper]) -> Feed:
        entries = tuple(feed_item(p, base) for p in chosen[: settings.items])
        updated = max((e.day for e in entries), default=newest)
        return Feed(
            key,
            xml_text(feed_title),
            xml_text(about),
            base + page,
            base,
            xml_text(site.title),
            entries,
            updated,
            site.language,
        )

    # An unknown count never passes a threshold: it is not shown to be high enough.
    main = [p for p in ordered if not settings.min_upvotes or (p.upvotes or 0) >= settings.min_upvotes]
    about = site.description + (
        f" Papers with at least {settings.min_upvotes} upvotes." if settings.min_upvotes else ""
    )
    feeds = [feed(MAIN_FEED, site.title, about, URLS.index, main)]
    for topic in sorted(digest.topics, key=lambda t: t.slug):
        chosen = [digest.papers[slug] for slug in topic.papers]
        feeds.append(feed(topic.key, f"{topic.title} · {site.title}", topic.description, topic.url, chosen))
    return feeds


def _stamp(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def _generator(feed: Feed, self_path: str) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(f"{GUID_PREFIX}{feed.key}")
    fg.title(feed.title)
    fg.subtitle(feed.description)  # also RSS <description>
    fg.author({"name": feed.site_title})
    fg.link(href=feed.base + self_path, rel="self")
    fg.link(href=feed.page, rel="alternate")  # after self: feedgen makes the last link RSS's <link>
    fg.language(feed.language)
    fg.generator(GENERATOR)  # feedgen's default names its own version
    fg.updated(_stamp(feed.updated))  # also RSS lastBuildDate: never the clock
    fg.pubDate(_stamp(feed.updated))
    for item in feed.items:
        fe = fg.add_entry(order="append")
        fe.id(item.guid)
        fe.guid(item.guid, permalink=False)
        fe.title(item.title)
        fe.link(href=item.link)
        # RSS <description> is HTML to every reader: its text was escaped by item_html.
        fe.summary(item.description, type="html")
        fe.published(_stamp(item.day))
        fe.updated(_stamp(item.day))
        for slug, label in item.categories:
            fe.category(term=slug, label=label)
    return fg


def rss_xml(feed: Feed) -> str:
    fg = _generator(feed, feed.rss_path)
    return fg.rss_str(pretty=True, encoding="UTF-8").decode("utf-8")


def atom_xml(feed: Feed) -> str:
    fg = _generator(feed, feed.atom_path)
    return fg.atom_str(pretty=True, encoding="UTF-8").decode("utf-8")


def opml_xml(feeds: list[Feed], title: str) -> str:
    """OPML 2.0 naming each feed once (its Atom version), so a reader subscribes to all in one step."""
    opml = ET.Element("opml", version="2.0")
    head = ET.SubElement(opml, "head")
    ET.SubElement(head, "title").text = xml_text(f"{title}: every feed")
    newest = max((f.updated for f in feeds), default=date(1970, 1, 1))
    ET.SubElement(head, "dateModified").text = format_datetime(_stamp(newest))
    body = ET.SubElement(opml, "body")
    for feed in feeds:
        ET.SubElement(
            body,
            "outline",
            type="rss",
            text=feed.title,
            title=feed.title,
            xmlUrl=feed.base + feed.atom_path,
            htmlUrl=feed.page,
        )
    ET.indent(opml)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(opml, encoding="unicode") + "\n"


def feed_links(feeds: list[Feed]) -> FeedLinks:
    """How pages name the feeds: paths relative to the site root."""
    refs = {f.key: FeedRef(f.title, f.rss_path, f.atom_path, len(f.items)) for f in feeds}
    main = refs.pop(MAIN_FEED)
    topics = {key.removeprefix(TOPIC_BASE.format(slug="")): ref for key, ref in refs.items()}
    return FeedLinks(main=main, topics=topics, opml=URLS.opml)


def write_feeds(feeds: list[Feed], site: Path, site_title: str) -> int:
    """Write every feed (RSS and Atom) and the OPML file into the site; return the number of files."""
    for feed in feeds:
        write_text(site / feed.rss_path, rss_xml(feed))
        write_text(site / feed.atom_path, atom_xml(feed))
    write_text(site / URLS.opml, opml_xml(feeds, site_title))
    return 2 * len(feeds) + 1
