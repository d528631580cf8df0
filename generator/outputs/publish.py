"""What a published site needs besides its pages: .nojekyll, sitemap.xml, robots.txt, JSON-LD.

- `.nojekyll` is always written: GitHub Pages must serve the output as is.
- `sitemap.xml` and `robots.txt` need absolute URLs, so they are written only
  when the site has a URL (`--site-url`, or site.url in digest.toml; `make publish`).
- Each paper page's schema.org ScholarlyArticle is a plain dict here; the
  template (filter `json_ld`) serializes it with Jinja's `tojson`, never by joining strings.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import quote

from generator.model import EnrichedPaper
from generator.urls import URLS

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Pages that are not content: never listed in the sitemap.
NOT_IN_SITEMAP = {URLS.not_found, URLS.saved}  # the error page; the reader's own list


def scholarly_article(paper: EnrichedPaper, site_url: str, site_title: str) -> dict[str, Any]:
    """schema.org ScholarlyArticle of one paper, as JSON-ready data."""
    article: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "name": paper.title,
        "headline": paper.title,
        "abstract": paper.abstract,
        "isPartOf": {"@type": "WebSite", "name": site_title},
    }
    if paper.date:  # never the day it arrived
        article["datePublished"] = paper.date.isoformat()
    if paper.upvotes is not None:  # unknown is left out, never 0
        article["interactionStatistic"] = {
            "@type": "InteractionCounter",
            "interactionType": "https://schema.org/LikeAction",
            "userInteractionCount": paper.upvotes,
        }
    if paper.hub.author_names:
        article["author"] = [{"@type": "Person", "name": name} for name in paper.hub.author_names]
    if paper.hub.arxiv_id:
        article["sameAs"] = URLS.arxiv_abs(paper.hub.arxiv_id)
    if site_url:
        root = site_url.rstrip("/") + "/"
        article["url"] = root + paper.url
        article["mainEntityOfPage"] = root + paper.url
        article["isPartOf"]["url"] = root
    if paper.org:
        article["sourceOrganization"] = {"@type": "Organization", "name": paper.org.name}
    if paper.topics:
        article["about"] = [{"@type": "Thing", "name": t.title} for t in paper.topics]
    return article


def sitemap_xml(pages: list[str], site_url: str) -> str:
    """A sitemap of these pages (paths relative to the site root) but the error page and the
    reading list, in the order given."""
    root = site_url.rstrip("/") + "/"
    urlset = ET.Element("urlset", xmlns=SITEMAP_NS)
    for page in (p for p in pages if p not in NOT_IN_SITEMAP):
        ET.SubElement(ET.SubElement(urlset, "url"), "loc").text = root + quote(page)
    ET.indent(urlset)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(urlset, encoding="unicode") + "\n"


def robots_txt(site_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url.rstrip('/')}/{URLS.sitemap}\n"


def built_pages(site: Path) -> list[str]:
    """Every HTML page of the built site, as sorted root-relative paths."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def publish_files(pages: list[str], site_url: str) -> list[tuple[str, str]]:
    """.nojekyll always; sitemap.xml (of these pages) and robots.txt when the site has a URL."""
    files = [(URLS.nojekyll, "")]
    if site_url:
        files += [(URLS.sitemap, sitemap_xml(pages, site_url)), (URLS.robots, robots_txt(site_url))]
    return files
