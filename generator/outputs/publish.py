"""What a published site needs besides its pages: .nojekyll, sitemap.xml, robots.txt.

- `.nojekyll` is always written: GitHub Pages must serve the output as is.
- `sitemap.xml` and `robots.txt` need absolute URLs, so they are written only
  when the site has a URL (`--site-url`, or site.url in digest.toml; `make publish`).
  The sitemap protocol allows 50,000 URLs and 50 MB a file (uncompressed), and a sitemap
  gzipped: the pages are listed in gzipped parts (`sitemaps/0001.xml.gz`, ..., each within
  the limits; outputs/gzipped.py), and `sitemap.xml` is a sitemap index of them, so robots.txt
  names one sitemap at any size. A URL costs about 10 bytes gzipped, 90 plain.

A paper page's head metadata is its Highwire citation tags (partials/paper_head.html): JSON-LD
and OpenGraph said the same again on every page (issue 22), and are no longer written.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape

from generator.urls import URLS

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Pages that are not content: never listed in the sitemap.
NOT_IN_SITEMAP = {URLS.not_found, URLS.saved, URLS.foryou}  # the error page; the reader's own pages


# The sitemap protocol's limits for one file (sitemaps.org): URLs, and bytes uncompressed.
SITEMAP_URLS = 50_000
SITEMAP_BYTES = 50 * 1000 * 1000
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return _XML_DECLARATION + ET.tostring(root, encoding="unicode") + "\n"


def _urlset(locs: list[str]) -> str:
    urlset = ET.Element("urlset", xmlns=SITEMAP_NS)
    for loc in locs:
        ET.SubElement(ET.SubElement(urlset, "url"), "loc").text = loc
    return _xml(urlset)


def _sitemap_index(locs: list[str]) -> str:
    index = ET.Element("sitemapindex", xmlns=SITEMAP_NS)
    for loc in locs:
        ET.SubElement(ET.SubElement(index, "sitemap"), "loc").text = loc
    return _xml(index)


def _parts(locs: list[str], max_urls: int, max_bytes: int) -> list[list[str]]:
    """The URLs cut, in order, into runs whose urlset stays within both limits."""
    # The bytes of a urlset as _xml writes it: its frame, then each <url> indented on three lines.
    frame = len(f'{_XML_DECLARATION}<urlset xmlns="{SITEMAP_NS}">\n</urlset>\n'.encode())
    parts: list[list[str]] = [[]]
    size = frame
    for loc in locs:
        entry = len(f"  <url>\n    <loc>{escape(loc)}</loc>\n  </url>\n".encode())
        if parts[-1] and (len(parts[-1]) >= max_urls or size + entry > max_bytes):
            parts.append([])
            size = frame
        parts[-1].append(loc)
        size += entry
    return parts


def sitemap_files(
    pages: list[str], site_url: str, max_urls: int = SITEMAP_URLS, max_bytes: int = SITEMAP_BYTES
) -> list[tuple[str, str]]:
    """The sitemap of these pages (paths relative to the site root), in the order given, but
    the error page and the reading list: its numbered parts (stored gzipped: their names end in .gz,
    gzipped.stored), and `sitemap.xml` as their index."""
    root = site_url.rstrip("/") + "/"
    locs = [root + quote(page) for page in pages if page not in NOT_IN_SITEMAP]
    parts = [
        (URLS.sitemap_part(number), _urlset(part)) for number, part in enumerate(_parts(locs, max_urls, max_bytes), 1)
    ]
    return [(URLS.sitemap, _sitemap_index([root + quote(path) for path, _ in parts])), *parts]


def robots_txt(site_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url.rstrip('/')}/{URLS.sitemap}\n"


def built_pages(site: Path) -> list[str]:
    """Every HTML page of the built site, as sorted root-relative paths."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def publish_files(pages: list[str], site_url: str) -> list[tuple[str, str]]:
    """.nojekyll always; the sitemap (of these pages) and robots.txt when the site has a URL."""
    files = [(URLS.nojekyll, "")]
    if site_url:
        files += [*sitemap_files(pages, site_url), (URLS.robots, robots_txt(site_url))]
    return files
