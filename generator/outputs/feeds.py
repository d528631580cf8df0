"""RSS 2.0 and Atom feeds of the digest, of every topic, of every organisation and of the
reader's own `[[feed]]` tables of digest.toml, and one OPML file listing them.

Feeds are data about the digest, so they are planned as frozen values first
(`plan_feeds`) and only then rendered with feedgen and written (`feed_files`).

- Every link in a feed is absolute: the site URL when one is set, else
  `LOCAL_BASE`, the address `paper-digest serve` previews the site at.
- An item's GUID is a tag: URI built from the paper's slug, which depends on
  its title alone: it is the same in every build, whatever dumps are added,
  and wherever the site is published.
- Nothing reads the clock: a feed's build date is its newest item's day, and
  feedgen's defaults (lastBuildDate, updated, generator version) are overridden.
- A feed opened in a browser is a page, not raw XML: every feed names the theme's XSLT
  stylesheet (`URLS.feed_xsl`) in an `xml-stylesheet` instruction (`with_stylesheet`), by a
  path relative to the feed, so it is same-origin wherever the site is served; feed readers
  ignore the instruction.
- A `[[feed]]` (`CustomFeed`) selects papers by phrases, topics, organisations and
  upvotes (`Selection`); the topics and organisations it names must exist, which
  only the digest can tell: `plan_feeds` checks them (`check_custom_feeds`).
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from email.utils import format_datetime
from itertools import islice

from feedgen.feed import FeedGenerator

from generator.config import CONFIG_FILE, TOPICS_FILE, ConfigError, CustomFeed, FeedConfig, SiteConfig
from generator.enrich.topics import OTHER_SLUG, phrase_regex
from generator.model import Digest, EnrichedPaper, FeedLinks, FeedRef, Listing, newest_first
from generator.urls import CUSTOM_BASE, ORG_BASE, TOPIC_BASE, URLS
from generator.words import DATE_UNKNOWN, NOT_COUNTED

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
    key: str  # MAIN_FEED, "topics/<slug>", "orgs/<page>" or "custom/<name>"
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
    if paper.hub.author_names:
        parts.append(para("Authors", ", ".join(paper.hub.author_names)))
    elif paper.authors is not None:
        parts.append(para("Authors", f"{paper.authors} author{'s' if paper.authors != 1 else ''}"))
    # Unknown is said in the words of the pages (generator/words.py), never left for a reader to guess.
    parts.append(para("Paper date", paper.date.isoformat()) if paper.date else para("", f"Paper {DATE_UNKNOWN}"))
    if paper.topics:
        parts.append(para("Topics", ", ".join(t.title for t in paper.topics)))
    if paper.upvotes is not None and paper.upvotes_counted:
        parts.append(para("Upvotes", f"{paper.upvotes} (counted {paper.upvotes_counted.isoformat()})"))
    else:
        parts.append(para("", f"Upvotes {NOT_COUNTED}"))
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


@dataclass(frozen=True)
class Selection:
    """A [[feed]]'s rules, compiled: which papers its feed holds."""

    include: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...]
    topics: frozenset[str]
    orgs: frozenset[str]  # Hub slugs, casefolded: the Hub does not tell Qwen from qwen
    authors: frozenset[str]  # names, casefolded, their white space folded: as a reader copies them
    min_upvotes: int

    @classmethod
    def of(cls, rules: CustomFeed) -> Selection:
        return cls(
            include=tuple(phrase_regex(phrase) for phrase in rules.include),
            exclude=tuple(phrase_regex(phrase) for phrase in rules.exclude),
            topics=frozenset(rules.topics),
            orgs=frozenset(org.casefold() for org in rules.orgs),
            authors=frozenset(_name_key(name) for name in rules.authors),
            min_upvotes=rules.min_upvotes,
        )

    def holds(self, paper: EnrichedPaper) -> bool:
        """Every rule given holds: an include phrase and no exclude phrase in the title or
        abstract, one of the topics, one of the organisations, enough upvotes."""
        if self.topics and not any(t.slug in self.topics for t in paper.topics):
            return False
        if self.orgs and (paper.org is None or paper.org.slug.casefold() not in self.orgs):
            return False
        # A paper whose authors are not known (a pasted one) is by none of them.
        if self.authors and not any(_name_key(name) in self.authors for name in paper.hub.author_names):
            return False
        # An unknown count never passes a threshold, as in the main feed.
        if self.min_upvotes and (paper.upvotes is None or paper.upvotes < self.min_upvotes):
            return False

        def said(regex: re.Pattern[str]) -> bool:
            return bool(regex.search(paper.title) or regex.search(paper.abstract))

        if self.include and not any(said(regex) for regex in self.include):
            return False
        return not any(said(regex) for regex in self.exclude)


def _name_key(name: str) -> str:
    """An author's name as [[feed]] `authors` compare it: any case, any run of white space."""
    return " ".join(name.split()).casefold()


def check_custom_feeds(custom: Sequence[CustomFeed], digest: Digest) -> None:
    """Raise one ConfigError naming every topic or organisation a [[feed]] names that does not exist."""
    topics = {slug: slug for slug in (*(t.slug for t in digest.topics), OTHER_SLUG)}
    orgs = {o.org.slug.casefold(): o.org.slug for o in digest.orgs if o.org}
    errors = []
    for rules in custom:
        for slug in rules.topics:
            if slug not in topics:
                hint = _hint(slug, topics, f"not a topic slug of {TOPICS_FILE}")
                errors.append(f"feed '{rules.name}': unknown topic '{slug}' ({hint})")
        for slug in rules.orgs:
            if slug.casefold() not in orgs:
                hint = _hint(slug.casefold(), orgs, "no paper of the digest is from it")
                errors.append(f"feed '{rules.name}': unknown org '{slug}' ({hint})")
    if errors:
        raise ConfigError("\n".join(f"{CONFIG_FILE}: {e}" for e in errors))


def _hint(word: str, known: dict[str, str], otherwise: str) -> str:
    """'did you mean' the closest known word (`known` maps how it is compared to how it is spelled)."""
    close = difflib.get_close_matches(word, sorted(known), n=1)
    return f"did you mean '{known[close[0]]}'?" if close else otherwise


def custom_about(rules: CustomFeed, digest: Digest) -> str:
    """A [[feed]]'s description, said from its rules."""
    titles = {t.slug: t.title for t in digest.topics}
    names = {o.org.slug.casefold(): o.org.name for o in digest.orgs if o.org}

    def either(words: Sequence[str]) -> str:
        return " or ".join(words)

    parts = []
    if rules.include:
        parts.append("mentioning " + either([f'"{p}"' for p in rules.include]))
    if rules.exclude:
        parts.append("not mentioning " + either([f'"{p}"' for p in rules.exclude]))
    if rules.topics:
        parts.append("in " + either([titles.get(t, "Other") for t in rules.topics]))
    if rules.orgs:
        parts.append("from " + either([names.get(o.casefold(), o) for o in rules.orgs]))
    if rules.authors:
        parts.append("by " + either(list(rules.authors)))
    if rules.min_upvotes:
        parts.append(f"with at least {rules.min_upvotes} upvotes")
    return "Papers " + ", ".join(parts) + "."


def by_name(listings: Sequence[Listing]) -> list[Listing]:
    """Lists as a reader looks for them: by name, whatever the case; Other, the rest, last."""
    return sorted(listings, key=lambda t: (t.slug == OTHER_SLUG and t.kind == "topic", t.title.casefold(), t.slug))


def plan_feeds(digest: Digest, site: SiteConfig, settings: FeedConfig, custom: Sequence[CustomFeed] = ()) -> list[Feed]:
    """The main feed, then one feed per topic and one per organisation page (each by name),
    then the [[feed]]s (in file order): each its newest `settings.items` papers. Raise
    ConfigError if a [[feed]] names a topic or organisation the digest does not have."""
    check_custom_feeds(custom, digest)
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
    # A topic's or an organisation's feed follows its page: the key of its page is the key of its feed.
    for listing in (*by_name(digest.topics), *by_name(digest.orgs)):
        chosen = [digest.papers[slug] for slug in listing.papers]
        feeds.append(feed(listing.key, f"{listing.title} · {site.title}", listing.description, listing.url, chosen))
    for rules in custom:
        selection = Selection.of(rules)
        chosen = list(islice((p for p in ordered if selection.holds(p)), settings.items))
        about = custom_about(rules, digest)
        # No page lists a [[feed]]'s papers: the feeds page, which lists the feed, stands for it.
        feeds.append(
            feed(CUSTOM_BASE.format(name=rules.name), f"{rules.title} · {site.title}", about, URLS.feeds, chosen)
        )
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


def with_stylesheet(xml: str, path: str) -> str:
    """feedgen's XML for the file at `path`, with the instruction that shows it as a page in a browser.

    feedgen cannot write a processing instruction, so it goes in here, after the XML
    declaration, the one place one may stand before the root. The stylesheet is named
    relative to the feed: a browser applies only a same-origin XSLT, and a relative path is
    same-origin on the published site, on a preview and under any folder the site is served from.
    """
    declaration, newline, rest = xml.partition("\n")
    if not declaration.startswith("<?xml ") or not newline:
        raise ValueError(f"{path}: feedgen wrote no XML declaration line")
    href = posixpath.relpath(URLS.feed_xsl, posixpath.dirname(path))
    return f'{declaration}\n<?xml-stylesheet type="text/xsl" href="{html.escape(href)}"?>\n{rest}'


def rss_xml(feed: Feed) -> str:
    fg = _generator(feed, feed.rss_path)
    return with_stylesheet(fg.rss_str(pretty=True, encoding="UTF-8").decode("utf-8"), feed.rss_path)


def atom_xml(feed: Feed) -> str:
    fg = _generator(feed, feed.atom_path)
    return with_stylesheet(fg.atom_str(pretty=True, encoding="UTF-8").decode("utf-8"), feed.atom_path)


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

    def under(base: str) -> dict[str, FeedRef]:
        return {key.removeprefix(base): ref for key, ref in refs.items() if key.startswith(base)}

    topics, orgs = under(TOPIC_BASE.format(slug="")), under(ORG_BASE.format(slug=""))
    custom = under(CUSTOM_BASE.format(name=""))
    return FeedLinks(main=refs[MAIN_FEED], topics=topics, opml=URLS.opml, custom=custom, orgs=orgs)


def feed_files(feeds: list[Feed], site_title: str) -> list[tuple[str, str]]:
    """Every feed (RSS and Atom) and the OPML file that lists them."""
    files = [
        (path, xml(feed)) for feed in feeds for path, xml in ((feed.rss_path, rss_xml), (feed.atom_path, atom_xml))
    ]
    return [*files, (URLS.opml, opml_xml(feeds, site_title))]
