"""What each template of the theme reads: the tripwire of the page keys (reuse.py).

A page's key holds its view (reuse.PageViews): what its template shows of the digest, as
our theme's templates read it. READS lists, for each template file, every variable it
reads that is not a setting, and every attribute it reads of a variable or of DIGEST
("paper.title", "DIGEST.papers"). When a build starts, `keyed_templates` parses the theme: a
page template whose files (itself and what it extends, includes and imports) read nothing
READS does not list keeps its view. One that reads more, in a theme edited to show, say,
a paper's similar papers on its cards, has no key: its pages are rendered every time.

READS is checked against our theme by tests/site/test_reuse.py: a template edited to read more
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
    "archives.html": "DIGEST.months DIGEST.parts DIGEST.periods day_period.count day_period.title day_period.url "
    "month.count month.days month.key month.title month.url part.bib part.json part.month week.key week.url",
    "article.html": "DIGEST.bibtex DIGEST.papers article article.content article.slug paper.abstract paper.arrived "
    "paper.authors paper.date paper.hub paper.kinds_of_links paper.org paper.org_url paper.slug paper.title "
    "paper.upvote_history paper.upvotes paper.upvotes_counted run.count run.first run.last seen.counted "
    "seen.day url.split",
    "base.html": "nav_current",
    "feeds.html": "DIGEST.feeds feed.atom feed.items feed.rss feed.title",
    "index.html": "DIGEST.papers DIGEST.periods DIGEST.updated day_period.count day_period.key day_period.title "
    "day_period.url listing listing.count listing.papers listing.url listing_page "
    "listing_page.number listing_page.start listing_page.stop listing_page.url open_section.day paper.arrived",
    "listing.html": "DIGEST.counted DIGEST.gains DIGEST.listings DIGEST.papers listing.count listing.description "
    "listing.kind listing.papers listing.per_page listing.title listing.url listing_page.number listing_page.start "
    "listing_page.stop listing_page.url page page.listing page.page_number",
    "orgs_index.html": "DIGEST.orgs org_listing.count org_listing.org org_listing.title org_listing.url",
    "page.html": "page page.content page.slug page.title",
    "period.html": "DIGEST.papers DIGEST.periods day_period.count day_period.papers day_period.title day_period.url "
    "page page.period paper.title paper.url period.count period.days period.key period.kind "
    "period.newer period.older period.papers period.title period.within up.key up.title",
    "saved.html": "",
    "foryou.html": "",
    "search.html": "DIGEST.topics topic.slug topic.title",
    "top.html": "DIGEST.papers article.slug articles articles_page articles_page.number articles_page.object_list "
    "articles_page.start_index articles_paginator articles_paginator.num_pages",
    "topics_index.html": "DIGEST.topics topic.count topic.description topic.title topic.url",
    "partials/canonical.html": "output_file",
    "partials/code_badge.html": "paper paper.code_links paper.title",
    "partials/facts.html": "paper.upvotes paper.upvotes_counted",
    "partials/feed_links.html": "DIGEST.feeds page_feed page_feed.atom page_feed.rss page_feed.title",
    "partials/feed_list.html": "DIGEST.feeds page_feed page_feed.atom page_feed.rss page_feed.title",
    "partials/holdings.html": "held.days held.fetched_days held.fetched_papers held.first held.newest held.orgs "
    "held.papers held.pasted_dumps held.pasted_papers held.topics held.with_code",
    "partials/listing_pagination.html": "listing listing.key listing.pages listing.url listing_page "
    "listing_page.newer listing_page.number listing_page.older listing_page.url",
    "partials/pagination.html": "articles_next_page articles_next_page.url articles_page articles_page.has_next "
    "articles_page.has_previous articles_page.number articles_page.url articles_paginator "
    "articles_paginator.num_pages articles_paginator.page articles_previous_page articles_previous_page.url "
    "next_label prev_label",
    "partials/paper_card.html": "heading paper paper.abstract paper.arrived paper.authors paper.code_links "
    "paper.date paper.org paper.org_url paper.title paper.topics paper.upvotes paper.url teaser",
    "partials/paper_head.html": "DIGEST.papers article article.slug article.url paper.date paper.hub paper.title",
    "partials/paper_topics.html": "paper paper.similar paper.topics "
    "similar_paper.title similar_paper.url topic.matched topic.title topic.url",
    "partials/search_box.html": "",
    "partials/follow.html": "listing listing.kind listing.org listing.slug listing.title listing.url",
    "partials/subscribe.html": "DIGEST.feeds own_feed.atom own_feed.rss own_feed.title page_feed",
    "partials/topic_chips.html": "paper paper.topics topic.title topic.url",
    "partials/page_feed.html": "DIGEST.feeds DIGEST.listings feed_listing.kind feed_listing.slug feed_topic page "
    "page.listing",
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
