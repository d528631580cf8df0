"""Reading the built site's HTML in tests: one parser (lxml), a few questions asked of it.

    doc = parse(site / URLS.paper(slug))          # a page, or parse("<p>html text</p>")
    [abstract] = select(doc, "//div[has-class('abstract')]")
    text(abstract)                                # its text, whitespace folded
    links(doc, URLS.paper(slug))                  # every <a href>, relative ones as site paths
    list_pages(site, URLS.top)                    # top.html, top/page/2.html, ...

`select` takes XPath (cssselect is not installed), with one extension:
`has-class('name')`, true when the element's class attribute lists `name`.

(Not tests/html.py: the tests folder is on sys.path, where that name would hide the
standard library's `html` from everything imported after it.)
"""

from __future__ import annotations

import posixpath
from itertools import count, takewhile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
from lxml.html import HtmlElement

from generator.urls import URLS

__all__ = ["HtmlElement", "fragment", "links", "list_pages", "parse", "select", "site_path", "text"]

_UTF8 = lxml.html.HTMLParser(encoding="utf-8")


def _has_class(context: Any, name: str) -> bool:
    return name in (context.context_node.get("class") or "").split()


_EXTENSIONS = {(None, "has-class"): _has_class}


def parse(source: Path | str) -> HtmlElement:
    """The <html> element of a page: `source` is the path of a UTF-8 file, or HTML text."""
    if isinstance(source, Path):
        return lxml.html.document_fromstring(source.read_bytes(), parser=_UTF8)
    return lxml.html.document_fromstring(source)


def fragment(source: str) -> HtmlElement:
    """A piece of HTML (a feed entry's summary, say), parsed inside a <div>."""
    return lxml.html.fragment_fromstring(source, create_parent="div")


def select(el: HtmlElement, xpath: str) -> list:
    """What an XPath expression finds, in document order: elements, or strings for
    @attributes and text(). `//x` searches the whole document, `.//x` only inside `el`."""
    return el.xpath(xpath, extensions=_EXTENSIONS, smart_strings=False)


def text(el: HtmlElement) -> str:
    """The text of an element and everything in it, whitespace folded to single spaces."""
    return " ".join(el.text_content().split())


def site_path(page: str, href: str) -> str:
    """A relative `href` of the page at site path `page` as a site path
    ("../papers/a.html" on "topics/x.html" -> "papers/a.html"); any other URL unchanged."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("/", "#", "?")):
        return href
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href))


def links(el: HtmlElement, page: str | None = None) -> list[str]:
    """The href of every <a> in `el`, in document order; given the site path of the
    page they are on, relative hrefs come back as site paths (see `site_path`)."""
    hrefs = select(el, "descendant-or-self::a/@href")
    return hrefs if page is None else [site_path(page, href) for href in hrefs]


def list_pages(site: Path, first: str) -> list[str]:
    """Every built page of the list at `first`, in reading order: a list by arrival (a topic,
    With code) is its front page, then numbered pages M .. 1 (page 1 holds its oldest papers);
    a ranked list (Top) is page 1, 2, ... as Pelican numbers them."""
    base = first.removesuffix(".html")

    def exists(path: str) -> bool:
        return (site / path).is_file()

    numbered = list(takewhile(exists, (URLS.numbered_page(base, n) for n in count(1))))
    if numbered:
        return [first, *reversed(numbered)]
    return list(takewhile(exists, (URLS.list_page(base, n) for n in count(1))))
