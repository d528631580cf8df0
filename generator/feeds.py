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
from typing import TYPE_CHECKING, Any

from feedgen.feed import FeedGenerator

from generator.write import write_if_changed

if TYPE_CHECKING:
    from generator.build import Digest

LOCAL_BASE = "http://localhost:8000/"
GUID_PREFIX = "tag:paper-digest,2025:"
OPML_PATH = "feeds.opml"
GENERATOR = "paper-digest"
# Characters XML 1.0 cannot carry at all; a dump could hold them, lxml would refuse them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FeedItem:
    guid: str
    title: str
    link: str  # absolute URL of the paper page
    description: str
    day: date  # the paper's date, else the day it was captured
    categories: tuple[tuple[str, str], ...] = ()  # (topic slug, topic title)


@dataclass(frozen=True)
class Feed:
    key: str  # "all", or "topics/<slug>"
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
        return f"feeds/{self.key}.rss.xml"

    @property
    def atom_path(self) -> str:
        return f"feeds/{self.key}.atom.xml"


def site_base(site_url: str) -> str:
    """The absolute URL every feed link starts with, ending in /."""
    return site_url.rstrip("/") + "/" if site_url else LOCAL_BASE


def record_day(record: dict[str, Any]) -> date:
    return date.fromisoformat(record["date"] or record["first_seen"])


def newest_first(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Newest day first; on one day the most upvoted first, then by slug (never by chance)."""
    return sorted(records, key=lambda r: (-record_day(r).toordinal(), -r["upvotes"], r["slug"]))


def paper_guid(slug: str) -> str:
    return f"{GUID_PREFIX}papers/{slug}"


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def feed_item(record: dict[str, Any], base: str) -> FeedItem:
    topics = record.get("topics") or []
    return FeedItem(
        guid=paper_guid(record["slug"]),
        title=xml_text(record["title"]),
        link=base + record["url"],
        description=xml_text(record["abstract"]),
        day=record_day(record),
        categories=tuple((t["slug"], xml_text(t["title"])) for t in topics),
    )


def topic_list(context: dict[str, Any], records: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The digest's topics (from enrichment), each with the slugs of its papers; [] before topics exist."""
    topics: dict[str, dict[str, Any]] = {}
    for topic in context.get("topics") or []:
        papers = {p if isinstance(p, str) else p["slug"] for p in topic.get("papers") or []}
        topics[topic["slug"]] = {**topic, "papers": papers}
    for record in records.values():
        for t in record.get("topics") or []:
            topic = topics.setdefault(t["slug"], {**t, "papers": set()})
            topic["papers"].add(record["slug"])
    return [topics[slug] for slug in sorted(topics)]


def plan_feeds(
    records: dict[str, dict[str, Any]],
    context: dict[str, Any],
    *,
    site_url: str,
    title: str,
    description: str,
    items: int,
    min_upvotes: int = 0,
    language: str = "en",
) -> list[Feed]:
    """The main feed, then one feed per topic (by slug): each its newest `items` papers."""
    base = site_base(site_url)
    ordered = newest_first(list(records.values()))
    newest = record_day(ordered[0]) if ordered else date(1970, 1, 1)

    def feed(key: str, feed_title: str, about: str, page: str, chosen: list[dict[str, Any]]) -> Feed:
        entries = tuple(feed_item(r, base) for r in chosen[:items])
        updated = max((e.day for e in entries), default=newest)
        return Feed(
            key, xml_text(feed_title), xml_text(about), base + page, base, xml_text(title), entries, updated, language
        )

    main = [r for r in ordered if r["upvotes"] >= min_upvotes]
    about = description + (f" Papers with at least {min_upvotes} upvotes." if min_upvotes else "")
    feeds = [feed("all", title, about, "index.html", main)]
    for topic in topic_list(context, records):
        chosen = [r for r in ordered if r["slug"] in topic["papers"]]
        about = topic.get("description") or f"Papers on {topic['title']} from {title}."
        page = topic.get("url") or f"topics/{topic['slug']}.html"
        feeds.append(feed(f"topics/{topic['slug']}", f"{topic['title']} · {title}", about, page, chosen))
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
        # RSS <description> is HTML to every reader: escape the abstract so it shows as text.
        fe.summary(html.escape(item.description, quote=False), type="html")
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


def feeds_of(digest: Digest) -> list[Feed]:
    config = digest.config
    return plan_feeds(
        digest.records,
        digest.context,
        site_url=config.site.url,
        title=config.site.title,
        description=config.site.description,
        items=config.feeds.items,
        min_upvotes=config.feeds.min_upvotes,
        language=config.site.language,
    )


def feeds_context(digest: Digest) -> dict[str, Any]:
    """What templates need to name the feeds: paths relative to the site root."""
    entries = {
        f.key: {"title": f.title, "rss": f.rss_path, "atom": f.atom_path, "items": len(f.items)}
        for f in feeds_of(digest)
    }
    main = entries.pop("all")
    topics = {key.removeprefix("topics/"): value for key, value in entries.items()}
    return {"feeds": {"main": main, "topics": topics, "opml": OPML_PATH}}


def write_feeds(digest: Digest, site: Path) -> int:
    """Write every feed (RSS and Atom) and the OPML file into the site; return the number of files."""
    feeds = feeds_of(digest)
    for feed in feeds:
        write_if_changed(site / feed.rss_path, rss_xml(feed))
        write_if_changed(site / feed.atom_path, atom_xml(feed))
    write_if_changed(site / OPML_PATH, opml_xml(feeds, digest.config.site.title))
    return 2 * len(feeds) + 1
