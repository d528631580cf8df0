"""The home page and its numbered pages: every paper by arrival, in stable pages.

Pelican's paginator numbers pages from the newest paper, so one new paper would
shift every page. This Pelican plugin (passed as a module in PLUGINS) writes them
instead, paginated like every list by arrival (generator/enrich/listings.py): the
front page `index.html` holds the newest papers, `page/<k>.html` the oldest
papers k*P-P+1 .. k*P, P being digest.toml's home_papers.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from generator.enrich.listings import home_listing, list_pages
from generator.model import arrival_order


def write_home(generator: Any, writer: Any) -> None:
    settings = generator.settings
    papers = settings["DIGEST_VIEWS"].digest.papers
    ordered = tuple(sorted(papers, key=lambda slug: arrival_order(papers[slug])))
    home = home_listing(ordered, settings["HOME_PAPERS"])
    template = generator.get_template("index")
    for page in list_pages(home):
        writer.write_file(
            page.url,
            template,
            generator.context,
            listing=home,
            listing_page=page,
            template_name="index",
            page_name=page.url.rsplit(".", 1)[0],
            url=page.url,
            relative_urls=settings["RELATIVE_URLS"],
        )


def register() -> None:
    signals.article_writer_finalized.connect(write_home)
