"""What each template of the theme reads: the tripwire of the page keys (reuse.py).

A page's key holds its view (reuse.PageViews): what its template shows of the digest, as
our theme's templates read it. READS lists, for each template file, every variable it
reads that is not a setting, and every attribute it reads of a variable or of DIGEST
("p.title", "DIGEST.papers"). When a build starts, `keyed_templates` parses the theme: a
page template whose files (itself and what it extends, includes and imports) read nothing
READS does not list keeps its view. One that reads more, in a theme edited to show, say,
a paper's similar papers on its cards, has no key: its pages are rendered every time.

READS is checked against our theme by tests/test_reuse.py: a template edited to read more
fails it until the view in reuse.py, then READS, show that too. It cannot see a template
use what it already read in a new way (a list's count shown on its numbered pages too): the
tests comparing rebuilds with clean builds do.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path

from jinja2 import Environment, TemplateSyntaxError, nodes

# Names Jinja defines itself, read by templates but given by no page.
_JINJA = frozenset({"loop", "range", "namespace", "dict", "lipsum", "cycler", "joiner", "caller", "varargs", "kwargs"})

READS: dict[str, str] = {
    "404.html": "",
    "archives.html": "D.count D.title D.url DIGEST.months DIGEST.periods M.count M.days M.key M.title M.url",
    "article.html": "DIGEST.papers article article.content article.slug c.count c.day p.abstract p.arrived "
    "p.authors p.date p.hub p.org p.org_url p.slug p.sources p.title p.upvote_history p.upvotes p.upvotes_counted "
    "p.url",
    "base.html": "nav_current",
    "feeds.html": "DIGEST.feeds feed.atom feed.items feed.rss feed.title",
    "index.html": "D.count D.key D.title D.url DIGEST.papers DIGEST.periods DIGEST.updated L L.count L.papers "
    "L.per_page L.url LP LP.number LP.start LP.stop LP.url ns.day p.arrived",
    "listing.html": "DIGEST.counted DIGEST.gains DIGEST.listings DIGEST.papers L.count L.description L.kind L.papers "
    "L.per_page L.title L.url LP.number LP.start LP.stop LP.url page page.listing page.page_number",
    "orgs_index.html": "DIGEST.orgs o.count o.org o.title o.url",
    "page.html": "page page.content page.slug page.title",
    "period.html": "D.count D.papers D.title D.url DIGEST.papers DIGEST.periods P.count P.days P.key P.kind P.newer "
    "P.older P.papers P.title p.title p.upvotes p.url page page.period",
    "saved.html": "",
    "search.html": "DIGEST.topics t.slug t.title",
    "top.html": "DIGEST.papers article.slug articles articles_page articles_page.number articles_page.object_list "
    "articles_page.start_index articles_paginator articles_paginator.num_pages",
    "topics_index.html": "DIGEST.topics t.count t.description t.title t.url",
    "partials/canonical.html": "output_file",
    "partials/code_badge.html": "p p.code_links p.title",
    "partials/facts.html": "p.upvotes p.upvotes_counted",
    "partials/feed_links.html": "DIGEST.feeds topic_feed topic_feed.atom topic_feed.rss topic_feed.title",
    "partials/feed_list.html": "DIGEST.feeds topic_feed topic_feed.atom topic_feed.rss",
    "partials/listing_pagination.html": "L L.key L.pages L.per_page L.url LP LP.newer LP.number LP.older LP.url",
    "partials/pagination.html": "articles_next_page articles_next_page.url articles_page articles_page.has_next "
    "articles_page.has_previous articles_page.number articles_page.url articles_paginator "
    "articles_paginator.num_pages articles_paginator.page articles_previous_page articles_previous_page.url "
    "next_label prev_label",
    "partials/paper_card.html": "heading p p.abstract p.arrived p.authors p.date p.org p.org_url p.slug p.title "
    "p.upvotes p.url teaser",
    "partials/paper_head.html": "DIGEST.papers _p.abstract _p.date _p.hub _p.title _p.topics "
    "article article.slug article.url t.title",
    "partials/paper_topics.html": "p p.hub p.kinds_of_links p.similar p.topics s.title s.url t.matched t.title t.url",
    "partials/search_box.html": "",
    "partials/subscribe.html": "DIGEST.feeds own.atom own.rss own.title topic_feed",
    "partials/topic_chips.html": "p p.topics t.title t.url",
    "partials/topic_feed.html": "DIGEST.feeds DIGEST.listings feed_topic page page.listing",
}


def file_reads(source: str, settings: Collection[str]) -> tuple[frozenset[str], frozenset[str]]:
    """What one template file reads (as READS lists it) and the other templates it names.

    Settings are the chrome, in every key: only DIGEST's attributes count. A template named
    by a variable (not a constant) is named as "?", which no theme has.
    """
    env = Environment()
    ast = env.parse(source)
    stored = {node.name for node in ast.find_all(nodes.Name) if node.ctx in ("store", "param")}
    stored |= {node.name for node in ast.find_all(nodes.Macro)}
    stored |= {node.target for node in ast.find_all(nodes.Import)}
    for node in ast.find_all(nodes.FromImport):
        stored |= {name if isinstance(name, str) else name[1] for name in node.names}
    names = {node.name for node in ast.find_all(nodes.Name) if node.ctx == "load"}
    reads = {name for name in names - stored - _JINJA if name not in settings}
    for node in ast.find_all(nodes.Getattr):
        root = node.node.name if isinstance(node.node, nodes.Name) else None
        if root is not None and root not in _JINJA and (root not in settings or root == "DIGEST"):
            reads.add(f"{root}.{node.attr}")
    named = set()
    for node in ast.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
        template = node.template
        named.add(template.value if isinstance(template, nodes.Const) and isinstance(template.value, str) else "?")
    return frozenset(reads), frozenset(named)


def keyed_templates(templates: Path, page_templates: Iterable[str], settings: Collection[str]) -> frozenset[str]:
    """The page templates of the theme in `templates` whose files read only what READS lists."""
    cache: dict[str, bool] = {}

    def within(name: str, seen: frozenset[str]) -> bool:
        """Does file `name`, with every file it names, read only what READS lists?"""
        if name in seen:
            return True
        if name not in cache:
            path = templates / name
            try:
                reads, named = file_reads(path.read_text(encoding="utf-8"), settings)
            except (OSError, UnicodeDecodeError, TemplateSyntaxError):
                return False
            allowed = set(READS.get(name, "?").split())
            cache[name] = reads <= allowed and all(within(other, seen | {name}) for other in named)
        return cache[name]

    return frozenset(name for name in page_templates if name in READS and within(name, frozenset()))
