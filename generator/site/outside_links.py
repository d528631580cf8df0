"""A Markdown extension: a link to another host gets rel="noopener noreferrer".

Hand-written pages (content/pages/) link out in plain Markdown; like every
outside link of the theme, theirs give the other host neither a handle on our
window nor the reader's page as referrer. Links within the site are relative.
"""

from __future__ import annotations

from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

OUTSIDE_REL = ("noopener", "noreferrer")


class OutsideLinks(Treeprocessor):
    def run(self, root: Element) -> None:
        for link in root.iter("a"):
            if urlsplit(link.get("href", "")).scheme in ("http", "https"):
                rel = link.get("rel", "").split()
                link.set("rel", " ".join(dict.fromkeys([*rel, *OUTSIDE_REL])))


class OutsideLinksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(OutsideLinks(md), "outside_links", 0)
