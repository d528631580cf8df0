"""Feeds: RSS 2.0 and Atom of the digest, of every topic and organisation, and the OPML file listing them;
the stylesheet that shows a feed opened in a browser, and the Subscribe control of each page."""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest

from generator.build import BuildResult, build
from generator.config import load_config, with_site_url
from generator.model import EnrichedPaper, Org
from generator.outputs.feeds import LOCAL_BASE, atom_xml, feed_links, opml_xml, paper_guid, rss_xml, with_stylesheet
from generator.urls import URLS
from generator.words import DATE_UNKNOWN, NOT_COUNTED
from tests.support.feed_papers import SITE, plan, record
from tests.support.html_pages import fragment, select, text
from tests.support.html_pages import parse as parse_html
from tests.support.papers_data import read_index, read_papers
from tests.support.paths import ROOT, SHIPPED_DUMPS, fixture_dump
from tests.support.projects import project_copy


def published_build(tmp: Path, dumps: list[Path], feeds: str = "") -> BuildResult:
    """A build published at SITE; `feeds` replaces the [feeds] table of digest.toml."""
    config = project_copy(tmp)
    if feeds:
        toml = tmp / "digest.toml"
        text = re.sub(r"\[feeds\]\n(?:[^\[\n].*\n)*", f"[feeds]\n{feeds}\n", toml.read_text("utf-8"))
        toml.write_text(text, "utf-8")
        config = load_config(toml)
    return build(with_site_url(config, SITE), dumps, tmp / "output", strict=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return published_build(tmp_path_factory.mktemp("feeds"), SHIPPED_DUMPS).output


@pytest.fixture(scope="module")
def records(site: Path) -> dict[str, dict]:
    return {r["slug"]: r for r in read_papers(site)}


def feed_files(site: Path) -> list[Path]:
    return sorted((site / "feeds").rglob("*.xml"))


def parse(path: Path) -> feedparser.FeedParserDict:
    return feedparser.parse(path.read_bytes())


def record_day(record: dict) -> str:
    """A feed item's day: the day its paper arrived in the digest."""
    return record["arrived"]


@pytest.mark.slow
def test_every_feed_parses_cleanly(site: Path) -> None:
    files = feed_files(site)
    assert site / "feeds/all.rss.xml" in files and site / "feeds/all.atom.xml" in files
    for path in files:
        parsed = parse(path)
        assert not parsed.bozo, f"{path.name}: {parsed.get('bozo_exception')}"
        assert parsed.version == ("rss20" if path.name.endswith(".rss.xml") else "atom10"), path
        assert parsed.entries, path


@pytest.mark.slow
def test_main_feed_holds_the_newest_papers_newest_first(site: Path, records: dict[str, dict]) -> None:
    for name in ("all.rss.xml", "all.atom.xml"):
        entries = parse(site / "feeds" / name).entries
        assert len(entries) == min(50, len(records))
        days = [e.published_parsed[:3] for e in entries]
        assert days == sorted(days, reverse=True)
        assert date(*days[0]).isoformat() == max(record_day(r) for r in records.values())
        # nothing left out is newer than the oldest item kept
        kept = {e.link.removeprefix(SITE) for e in entries}
        oldest_kept = min(date(*d).isoformat() for d in days)
        assert all(record_day(r) <= oldest_kept for r in records.values() if r["url"] not in kept)
        # every paper of the newest day reaches a subscriber, whatever its own date
        newest = max(record_day(r) for r in records.values())
        assert {r["url"] for r in records.values() if record_day(r) == newest} <= kept


@pytest.mark.slow
def test_items_carry_title_link_abstract_date_and_a_stable_guid(site: Path, records: dict[str, dict]) -> None:
    by_url = {r["url"]: r for r in records.values()}
    titles = read_index(site)["topics"]  # a topic's title is named once, in the index
    for name in ("all.rss.xml", "all.atom.xml"):
        for entry in parse(site / "feeds" / name).entries:
            record = by_url[entry.link.removeprefix(SITE)]
            assert entry.title == record["title"]
            assert entry.summary_detail.type == "text/html"
            # HTML whose text is escaped: the abstract, then what a reader wants at a glance
            paragraphs = [text(p) for p in select(fragment(entry.summary), "//p")]
            assert paragraphs[0] == " ".join(record["abstract"].split())
            topics = ", ".join(titles[t["slug"]]["title"] for t in record["topics"])
            assert f"Topics: {topics}" in paragraphs
            if record["upvotes"] is not None:
                assert f"Upvotes: {record['upvotes']} (counted {record['upvotes_counted']})" in paragraphs
            else:  # unknown, in the pages' words (generator/words.py)
                assert f"Upvotes {NOT_COUNTED}" in paragraphs
            date_said = f"Paper date: {record['date']}" if record["date"] else f"Paper {DATE_UNKNOWN}"
            assert date_said in paragraphs
            if record["authors"] is not None:
                assert any(p.startswith("Authors: ") for p in paragraphs)
            assert entry.id == paper_guid(record["slug"]) == f"tag:paper-digest,2025:papers/{record['slug']}"
            assert date(*entry.published_parsed[:3]).isoformat() == record_day(record)
            # Atom categories carry the topic's slug (and title as label); RSS ones its title
            terms = [t["slug"] if name.endswith("atom.xml") else titles[t["slug"]]["title"] for t in record["topics"]]
            assert [t.term for t in entry.get("tags", [])] == terms


@pytest.mark.slow
def test_every_item_link_resolves_to_a_built_page(site: Path) -> None:
    for path in feed_files(site):
        parsed = parse(path)
        links = [parsed.feed.link] + [e.link for e in parsed.entries]
        for link in links:
            assert link.startswith(SITE), link
            assert (site / link.removeprefix(SITE)).is_file(), f"{path.name}: {link}"


@pytest.mark.slow
def test_feed_dates_come_from_the_newest_item_not_the_clock(site: Path) -> None:
    for path in feed_files(site):
        parsed = parse(path)
        newest = max(e.published_parsed for e in parsed.entries)
        assert parsed.feed.updated_parsed == newest, path
        text = path.read_text("utf-8")
        assert "python-feedgen" not in text and "feedgen" not in text


@pytest.mark.slow
def test_topic_feeds_exist_for_every_topic(site: Path, records: dict[str, dict]) -> None:
    topics = {t["slug"] for r in records.values() for t in r.get("topics", [])}
    built = {p.name.removesuffix(".rss.xml") for p in (site / "feeds" / "topics").glob("*.rss.xml")}
    assert built == topics
    for slug in topics:
        members = [r for r in records.values() if slug in {t["slug"] for t in r.get("topics", [])}]
        entries = parse(site / "feeds" / "topics" / f"{slug}.atom.xml").entries
        assert len(entries) == min(50, len(members))
        assert all(slug in [t.term for t in e.tags] for e in entries)


@pytest.mark.slow
def test_opml_lists_every_feed(site: Path) -> None:
    opml = ET.fromstring((site / "feeds.opml").read_bytes())
    urls = {o.get("xmlUrl") for o in opml.iter("outline")}
    atoms = {SITE + p.relative_to(site).as_posix() for p in feed_files(site) if p.name.endswith(".atom.xml")}
    assert urls == atoms
    assert all(o.get("type") == "rss" and o.get("htmlUrl", "").startswith(SITE) for o in opml.iter("outline"))


@pytest.mark.slow
def test_pages_name_their_feeds_for_autodiscovery(site: Path) -> None:
    for page in [
        site / "index.html",
        site / "archive.html",
        site / "404.html",
        *sorted(site.glob("papers/*.html"))[:5],
    ]:
        doc = parse_html(page)
        # one feed in the head, in Atom (every page pays for it, issue 22); both formats in the footer
        discovered = [
            (link.get("type"), link.get("title"), resolved(site, page, link.get("href")))
            for link in select(doc, "//head/link[@rel='alternate']")
        ]
        assert discovered == [("application/atom+xml", "Paper Digest", SITE + URLS.feed("all", "atom"))]
        footer = {resolved(site, page, a.get("href")) for a in select(doc, "//footer//a")}
        assert {SITE + URLS.feed("all", "rss"), SITE + URLS.feed("all", "atom")} <= footer, "the footer shows the feed"
        assert SITE + URLS.feeds in footer, "and every feed"


@pytest.mark.slow
def test_topic_pages_name_their_own_feed_for_autodiscovery(site: Path) -> None:
    feeds = {p.name.removesuffix(".atom.xml") for p in (site / "feeds" / "topics").glob("*.atom.xml")}
    pages = [p for p in sorted((site / "topics").glob("*.html")) if p.stem in feeds]
    assert pages
    for page in pages:
        hrefs = select(parse_html(page), "//head/link[@rel='alternate'][@type='application/atom+xml']/@href")
        assert [resolved(site, page, href) for href in hrefs] == [f"{SITE}feeds/topics/{page.stem}.atom.xml"]


@pytest.mark.slow
def test_topic_pages_offer_their_own_feed(site: Path) -> None:
    pages = sorted((site / "topics").glob("*.html")) if (site / "topics").is_dir() else []
    feeds = {p.name.removesuffix(".rss.xml") for p in (site / "feeds" / "topics").glob("*.rss.xml")}
    for page in pages:
        if page.stem in feeds:
            rss = {
                resolved(site, page, a.get("href"))
                for a in select(parse_html(page), "//a[@type='application/rss+xml']")
            }
            assert f"{SITE}feeds/topics/{page.stem}.rss.xml" in rss, page


# Text is data: titles with &, < and any letters survive, in both formats.

HOSTILE = "Tom & Jerry <script>alert(1)</script> </title> ]]> — Ünïcødé 数学 “quotes” 😀"


def test_titles_with_markup_and_non_ascii_survive_intact() -> None:
    feeds = plan([record("x", "2025-12-01", title=HOSTILE, topics=("vision",))])
    for xml in (rss_xml(feeds[0]), atom_xml(feeds[0]), rss_xml(feeds[1])):
        parsed = feedparser.parse(xml.encode("utf-8"))
        assert not parsed.bozo
        assert parsed.entries[0].title == HOSTILE
        assert "<script>" not in xml  # escaped, never markup
    assert not feedparser.parse(opml_xml(feeds, "Digest & Co").encode()).bozo


@pytest.mark.slow
def test_hostile_dumps_build_valid_feeds(tmp_path: Path) -> None:
    dumps = [fixture_dump(n) for n in ("markup_in_text.txt", "hostile_text.txt", "non_ascii.txt")]
    site = published_build(tmp_path, dumps).output
    titles = {r["title"] for r in read_papers(site)}
    for path in feed_files(site):
        parsed = parse(path)
        assert not parsed.bozo, path
        assert {e.title for e in parsed.entries} <= titles
    assert {e.title for e in parse(site / "feeds/all.atom.xml").entries} == titles


def test_order_count_and_min_upvotes() -> None:
    papers = [record(f"p{i}", f"2025-12-{i + 1:02d}", upvotes=i) for i in range(20)]
    papers.append(record("early-but-popular", "2025-12-12", upvotes=99))
    papers.append(record("never-counted", "2025-12-13", upvotes=None))
    [main] = plan(papers, items=5)
    assert [i.guid.rpartition("/")[2] for i in main.items] == ["p19", "p18", "p17", "p16", "p15"]
    assert main.updated == date(2025, 12, 20)
    [main] = plan(papers, items=50, min_upvotes=12)
    # an unknown count is not shown to reach the threshold: left out
    assert {i.guid.rpartition("/")[2] for i in main.items} == {f"p{i}" for i in range(12, 20)} | {"early-but-popular"}
    days = [i.day for i in main.items]
    assert days == sorted(days, reverse=True)


def test_topic_feeds_only_hold_their_papers() -> None:
    papers = [
        record("a", "2025-12-01", topics=("vision",)),
        record("b", "2025-12-02", topics=("vision", "agents")),
        record("c", "2025-12-03"),
    ]
    feeds = {f.key: f for f in plan(papers, min_upvotes=0)}
    assert sorted(feeds) == ["all", "topics/agents", "topics/vision"]
    assert [i.guid[-1] for i in feeds["topics/vision"].items] == ["b", "a"]
    assert feeds["topics/vision"].page == SITE + "topics/vision.html"
    assert feeds["topics/agents"].updated == date(2025, 12, 2)
    assert feeds["all"].items[1].categories == (("vision", "Vision"), ("agents", "Agents"))


def test_guids_do_not_change_when_dumps_are_added(tmp_path: Path) -> None:
    def guids(papers: list[EnrichedPaper]) -> dict[str, str]:
        [main] = plan(papers)
        return {i.link: i.guid for i in main.items}

    few = [record("a", "2025-12-01"), record("b", "2025-12-02")]
    more = [*few, record("c", "2025-12-03"), record("d", "2025-11-03")]
    assert guids(few).items() <= guids(more).items()
    # and they do not depend on where the site lives
    [local] = plan(few, site_url="")
    assert [i.guid for i in local.items] == [i.guid for i in plan(few)[0].items]
    assert local.items[0].link.startswith(LOCAL_BASE)


def test_feeds_are_byte_identical_across_builds() -> None:
    papers = [record(f"p{i}", f"2025-12-{i + 1:02d}", topics=("vision",)) for i in range(5)]
    first = [rss_xml(f) + atom_xml(f) for f in plan(papers)]
    second = [rss_xml(f) + atom_xml(f) for f in plan(list(reversed(papers)))]
    assert first == second


@pytest.mark.slow
def test_feed_settings_from_digest_toml(tmp_path: Path) -> None:
    site = published_build(tmp_path, SHIPPED_DUMPS, feeds="items = 7\nmin_upvotes = 2").output
    entries = parse(site / "feeds/all.rss.xml").entries
    assert len(entries) == 7
    upvotes = {r["url"]: r["upvotes"] for r in read_papers(site)}
    assert all(upvotes[e.link.removeprefix(SITE)] >= 2 for e in entries)
    for path in (site / "feeds" / "topics").glob("*.rss.xml"):
        assert len(parse(path).entries) <= 7


@pytest.mark.slow
def test_local_build_feeds_point_at_the_preview_server(site_dir: Path) -> None:
    parsed = parse(site_dir / "feeds/all.rss.xml")
    assert not parsed.bozo
    assert all(e.link.startswith(LOCAL_BASE) for e in parsed.entries)
    assert all((site_dir / e.link.removeprefix(LOCAL_BASE)).is_file() for e in parsed.entries)


# Organisations' feeds, and every list of feeds by name


def test_organisations_get_feeds_by_name_in_the_opml_and_the_feed_links() -> None:
    papers = [
        record("a", "2025-12-01", org=Org("zeta", "Zeta Lab")),
        record("b", "2025-12-02", org=Org("Alpha-AI", "alpha AI")),
        record("c", "2025-12-03", org=Org("zeta", "Zeta Lab")),
        record("d", "2025-12-04", org=Org("mid", "Middle Institute"), topics=("vision",)),
    ]
    feeds = plan(papers)
    keys = [f.key for f in feeds]
    orgs = [key for key in keys if key.startswith("orgs/")]
    assert keys == ["all", "topics/vision", *orgs]  # after the topics, before any [[feed]]
    titles = [f.title for f in feeds if f.key in orgs]
    assert titles == ["alpha AI · Digest & Co", "Middle Institute · Digest & Co", "Zeta Lab · Digest & Co"]
    zeta = next(f for f in feeds if f.title.startswith("Zeta"))
    assert [i.guid[-1] for i in zeta.items] == ["c", "a"]  # its papers only, newest first
    assert zeta.page == SITE + zeta.key + ".html"  # the organisation's page: the feed's key is its page's
    opml = ET.fromstring(opml_xml(feeds, "Digest & Co"))
    assert [o.get("title") for o in opml.iter("outline")][2:] == titles
    links = feed_links(feeds)
    assert [ref.title for ref in links.orgs.values()] == titles
    assert all(ref.atom == URLS.feed(f"orgs/{page}", "atom") for page, ref in links.orgs.items())
    for feed in feeds:
        assert not feedparser.parse(rss_xml(feed).encode()).bozo
        assert not feedparser.parse(atom_xml(feed).encode()).bozo


def test_topic_feeds_come_by_name_whatever_their_slugs_with_other_last() -> None:
    papers = [record(s, "2025-12-01", topics=(s,)) for s in ("other", "vision", "b-agents", "code")]
    titles = [f.title.partition(" · ")[0] for f in plan(papers) if f.key.startswith("topics/")]
    assert titles == ["B-Agents", "Code", "Vision", "Other"]


# A feed opened in a browser: the stylesheet it names


def test_every_feed_names_the_stylesheet_by_a_path_relative_to_itself() -> None:
    papers = [record("a", "2025-12-01", topics=("vision",), org=Org("zeta", "Zeta Lab"))]
    for feed in plan(papers):
        for path, xml in ((feed.rss_path, rss_xml(feed)), (feed.atom_path, atom_xml(feed))):
            declaration, instruction, _ = xml.split("\n", 2)
            assert declaration.startswith("<?xml ")
            href = re.fullmatch(r'<\?xml-stylesheet type="text/xsl" href="([^"]+)"\?>', instruction)[1]
            assert not href.startswith(("/", "http:", "https:"))  # same origin wherever the site is served
            assert posixpath.normpath(posixpath.join(posixpath.dirname(path), href)) == URLS.feed_xsl
            assert not feedparser.parse(xml.encode()).bozo  # readers are not bothered by it
            assert ET.fromstring(xml.encode()).tag in ("rss", "{http://www.w3.org/2005/Atom}feed")


def test_the_stylesheet_goes_only_after_an_xml_declaration() -> None:
    assert with_stylesheet("<?xml version='1.0'?>\n<rss/>", "feeds/all.rss.xml").splitlines()[1] == (
        '<?xml-stylesheet type="text/xsl" href="../theme/feed.xsl"?>'
    )
    with pytest.raises(ValueError, match="no XML declaration"):
        with_stylesheet("<rss/>", "feeds/all.rss.xml")


def policy_of(content: str) -> dict[str, set[str]]:
    return {words[0]: set(words[1:]) for part in content.split(";") if (words := part.split())}


def test_the_stylesheet_keeps_the_site_s_policy_and_loads_only_the_site_s_files() -> None:
    xsl = ET.parse(ROOT / "themes/digest/static/feed.xsl").getroot()
    out = [e for e in xsl.iter() if not e.tag.startswith("{http://www.w3.org/1999/XSL/Transform}")]
    [meta] = [e for e in out if e.tag == "meta" and e.get("http-equiv") == "Content-Security-Policy"]
    base = (ROOT / "themes/digest/templates/base.html").read_text("utf-8")
    every_page = re.search(r'http-equiv="?Content-Security-Policy"? content="([^"]+)"', base)[1]
    site = policy_of(re.sub(r"\{%.*?%\}", "", every_page))  # what every page has (the search page adds a host)
    mine = policy_of(meta.get("content"))
    assert mine.keys() == site.keys() and all(mine[name] <= site[name] for name in mine)  # as strict or stricter
    assert not [e.tag for e in out if e.tag in ("script", "style", "iframe", "img", "object")]
    assert not [e.tag for e in out if e.get("style") or any(a.startswith("on") for a in e.attrib)]
    # what it loads: the site's own stylesheet and icon, named from the site's root; the rest are the feed's links
    loaded = [e.get("href") for e in out if e.tag == "link"]
    assert loaded == ["{$root}theme/css/digest.css", "{$root}theme/favicon.svg"]
    assert loaded == ["{$root}" + URLS.css, "{$root}" + URLS.favicon]
    anchors = {e.get("href") for e in out if e.tag == "a"}
    assert anchors == {"{$root}index.html", "{$root}feeds.html", "{$page}", "{link}", "{atom:link/@href}"}
    assert "{$root}" + URLS.index in anchors and "{$root}" + URLS.feeds in anchors


# Subscribe where you are: each page's own feed


def resolved(site: Path, page: Path, href: str) -> str:
    """A link of a built page as a browser reads it: absolute, against the page's published address."""
    return urljoin(SITE + page.relative_to(site).as_posix(), href)


def subscribe_href(site: Path, page: Path) -> str:
    [button] = select(parse_html(page), "//main//a[has-class('subscribe__button')]")
    return resolved(site, page, button.get("href"))


@pytest.mark.slow
def test_subscribe_on_a_topic_or_organisation_page_is_its_own_feed(site: Path) -> None:
    assert subscribe_href(site, site / URLS.index) == SITE + URLS.feed("all", "atom")
    for kind in ("topics", "orgs"):
        feeds = sorted((site / "feeds" / kind).glob("*.atom.xml"))
        assert feeds, kind
        for feed in feeds:
            page = site / kind / feed.name.replace(".atom.xml", ".html")
            href = subscribe_href(site, page)
            assert href == SITE + feed.relative_to(site).as_posix(), page
            assert parse(feed).feed.link == SITE + page.relative_to(site).as_posix()  # and the feed follows the page
            rss = feed.with_name(feed.name.replace(".atom.xml", ".rss.xml"))
            links = {resolved(site, page, a.get("href")) for a in select(parse_html(page), "//a[@href]")}
            assert SITE + rss.relative_to(site).as_posix() in links


@pytest.mark.slow
def test_the_feeds_page_lists_topics_and_organisations_by_name(site: Path) -> None:
    doc = parse_html(site / URLS.feeds)
    sections = {text(h): h for h in select(doc, "//main//h2")}
    assert list(sections) == ["The whole digest", "By topic", "By organisation"]

    def listed(heading: str) -> list[str]:
        return [text(b) for b in select(sections[heading], "following-sibling::ul[1]/li/bdi")]

    topics, orgs = listed("By topic"), listed("By organisation")
    assert topics[-1].startswith("Other ·") and topics[:-1] == sorted(topics[:-1], key=str.casefold)
    assert orgs == sorted(orgs, key=str.casefold) and len(orgs) == len(list((site / "feeds/orgs").glob("*.atom.xml")))
    opml = [o.get("title") for o in ET.fromstring((site / "feeds.opml").read_bytes()).iter("outline")]
    assert opml[1 : 1 + len(topics) + len(orgs)] == topics + orgs
