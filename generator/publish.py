"""What a published site needs besides its pages: .nojekyll, sitemap.xml, robots.txt, JSON-LD.

- `.nojekyll` is always written: GitHub Pages must serve the output as is.
- `sitemap.xml` and `robots.txt` need absolute URLs, so they are written only
  when the site has a URL (`--site-url`, or site.url in digest.toml; `make publish`).
- Each paper page's schema.org ScholarlyArticle is a plain dict here; the
  template serializes it with Jinja's `tojson`, never by joining strings.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from generator.write import write_if_changed

if TYPE_CHECKING:
    from generator.build import Digest

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Pages that are not content: never listed in the sitemap.
NOT_IN_SITEMAP = {"404.html"}


def scholarly_article(record: dict[str, Any], site_url: str, site_title: str) -> dict[str, Any]:
    """schema.org ScholarlyArticle of one paper, as JSON-ready data."""
    day = record["date"] or record["first_seen"]
    article: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "name": record["title"],
        "headline": record["title"],
        "abstract": record["abstract"],
        "datePublished": day,
        "isPartOf": {"@type": "WebSite", "name": site_title},
        "interactionStatistic": {
            "@type": "InteractionCounter",
            "interactionType": "https://schema.org/LikeAction",
            "userInteractionCount": record["upvotes"],
        },
    }
    if site_url:
        root = site_url.rstrip("/") + "/"
        article["url"] = root + record["url"]
        article["mainEntityOfPage"] = root + record["url"]
        article["isPartOf"]["url"] = root
    if record.get("org"):
        article["sourceOrganization"] = {"@type": "Organization", "name": record["org"]["name"]}
    topics = record.get("topics") or []
    if topics:
        article["about"] = [{"@type": "Thing", "name": t["title"]} for t in topics]
    return article


def publish_context(digest: Digest) -> dict[str, Any]:
    """Template data for the paper pages' structured metadata."""
    config = digest.config
    return {
        "scholarly": {
            slug: scholarly_article(record, config.site.url, config.site.title)
            for slug, record in digest.records.items()
        }
    }


def sitemap_xml(pages: list[str], site_url: str) -> str:
    """A sitemap of these pages (paths relative to the site root), in the order given."""
    root = site_url.rstrip("/") + "/"
    urlset = ET.Element("urlset", xmlns=SITEMAP_NS)
    for page in pages:
        ET.SubElement(ET.SubElement(urlset, "url"), "loc").text = root + quote(page)
    ET.indent(urlset)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(urlset, encoding="unicode") + "\n"


def robots_txt(site_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url.rstrip('/')}/sitemap.xml\n"


def built_pages(site: Path) -> list[str]:
    """Every HTML page of the built site but the error page, as sorted root-relative paths."""
    pages = (p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    return sorted(p for p in pages if p not in NOT_IN_SITEMAP)


def write_publish_files(digest: Digest, site: Path) -> list[str]:
    """Write .nojekyll always; sitemap.xml and robots.txt when the site has a URL. Return what was written."""
    write_if_changed(site / ".nojekyll", "")
    written = [".nojekyll"]
    site_url = digest.config.site.url
    if site_url:
        write_if_changed(site / "sitemap.xml", sitemap_xml(built_pages(site), site_url))
        write_if_changed(site / "robots.txt", robots_txt(site_url))
        written += ["sitemap.xml", "robots.txt"]
    return written
