"""A feed opened in Chromium is a page: what the feed is, the address to copy into a reader, and
its newest papers (themes/digest/static/feed.xsl), over the loopback preview server as GitHub
Pages would serve it. And a topic's or an organisation's Subscribe leads to that page of its own feed.

Chromium 143+ marks XSLT deprecated and adds a banner of its own (`xslt-warning-banner`) to a page
an XSLT made, with an inline style and handler: the page's policy blocks those, which Chromium
reports as violations. They are the browser's, not ours: `own_problems` leaves out exactly those,
after checking that nothing the stylesheet wrote has an inline style or handler.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

from generator.outputs.feeds import LOCAL_BASE
from generator.urls import URLS
from tests.support.browser_pages import Watched, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BANNER = "xslt-warning-banner"
# What Chromium says of its own banner once the page's policy blocks its inline style and handler.
NOT_FOUND = "the server responded with a status of 404"
BANNER_PROBLEMS = ("Applying inline style violates", "Executing inline event handler violates")


def own_problems(watched: Watched) -> list[str]:
    """What went wrong on the page, but the browser's own XSLT banner being blocked by our policy, and
    the one request Chromium makes itself for a feed: /favicon.ico, for the XML document before
    the stylesheet turns it into a page that names the site's icon."""
    page = watched.page
    inline = page.evaluate(
        f"""() => [...document.querySelectorAll("*")].filter(e => !e.closest("{BANNER}"))
          .filter(e => e.hasAttribute("style") || [...e.attributes].some(a => a.name.startsWith("on")))
          .map(e => e.tagName)"""
    )
    assert inline == [], "the stylesheet wrote inline style or handlers"
    banner = page.locator(BANNER).count() > 0
    problems = watched.problems + [v for v in watched.violations() if "inline" not in v or not banner]
    problems = [p for p in problems if not (banner and any(text in p for text in BANNER_PROBLEMS))]
    missing = [p for p in problems if NOT_FOUND in p]
    if missing and page.evaluate("fetch('/favicon.ico').then(r => r.status)") == 404:
        problems.remove(missing[0])  # Chromium's own guess; the page itself names theme/favicon.svg
    return problems


def feed_path(site_dir: Path, kind: str) -> str:
    """A feed of the built site: the main one, or the first topic's or organisation's."""
    if kind == "all":
        return URLS.feed("all", "atom")
    first = sorted((site_dir / "feeds" / kind).glob("*.atom.xml"))[0]
    return first.relative_to(site_dir).as_posix()


@pytest.mark.parametrize("kind", ["topics", "orgs", "all"])
@pytest.mark.parametrize("format", ["rss", "atom"])
def test_a_feed_opened_in_the_browser_is_a_page_with_its_address(
    browser, site_url: str, site_dir: Path, kind: str, format: str
) -> None:
    path = feed_path(site_dir, kind).replace(".atom.xml", f".{format}.xml")
    parsed = feedparser.parse((site_dir / path).read_bytes())
    loaded = []
    # "load", not "networkidle": Chromium keeps a request for the stylesheet of an XSLT page open
    with open_page(browser, f"{site_url}/{path}", wait_until="load") as watched:
        page = watched.page
        page.on("response", lambda response: loaded.append((urlsplit(response.url).path, response.status)))
        page.reload(wait_until="load")
        assert page.locator("h1").inner_text() == parsed.feed.title
        assert page.title() == f"{parsed.feed.title} ({'Atom' if format == 'atom' else 'RSS'} feed)"
        # the address to copy is the feed's own (a local build's feeds name the preview's address)
        address = page.locator(".feed-address").inner_text()
        assert address == LOCAL_BASE + path
        assert "feed reader" in page.locator("main").inner_text()
        # its newest papers, linked
        items = page.locator(".feed-item a")
        assert items.count() == len(parsed.entries) > 0
        assert items.first.inner_text() == parsed.entries[0].title
        assert items.first.get_attribute("href") == parsed.entries[0].link
        # the site's own stylesheet, found from the feed's folder, and nothing from elsewhere
        fetched = {path for path, status in loaded if status in (200, 304)}  # 304: reloaded, unchanged
        assert {"/" + URLS.css, "/" + URLS.feed_xsl} <= fetched
        assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomStyle") == "solid"
        assert page.locator(".site-name a").first.get_attribute("href").endswith(URLS.index)
        assert own_problems(watched) == []


@pytest.mark.parametrize("kind", ["topics", "orgs"])
def test_subscribe_on_a_topic_or_organisation_page_opens_its_own_feed(
    browser, site_url: str, site_dir: Path, kind: str
) -> None:
    feed = feed_path(site_dir, kind)
    listing = feed.removeprefix("feeds/").removesuffix(".atom.xml") + ".html"
    title = feedparser.parse((site_dir / feed).read_bytes()).feed.title
    with open_page(browser, f"{site_url}/{listing}") as watched:
        page = watched.page
        page.locator("main .subscribe__button").click()
        page.wait_for_url(f"**/{feed}", wait_until="load")
        assert page.locator("h1").inner_text() == title
        assert page.locator(".feed-address").inner_text() == LOCAL_BASE + feed
        assert own_problems(watched) == []
