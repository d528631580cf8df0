"""The "Top papers" pages: the most upvoted papers, most first, paginated.

Pelican's direct templates only list articles in the home order, so this
Pelican plugin (passed as a module in PLUGINS) writes `top.html` itself, with
the same pagination settings as every other list (`PAGINATED_TEMPLATES["top"]`),
in the order `model.top_order` gives the digest's papers, the first TOP_PAPERS
(digest.toml's top_papers) of them. The cap keeps Top's pages few and its count
fixed once the digest is larger: a new paper re-ranks the pages below it, and
ranking all of 20,000 papers would re-render 800 pages every day.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from pelican import signals

from generator.model import top_order


class UnreadArticle(NamedTuple):
    """A paper whose source Pelican did not read this build."""

    slug: str


def write_top(generator: Any, writer: Any) -> None:
    save_as = generator.settings.get("TOP_SAVE_AS")
    if not save_as:
        return
    papers = generator.settings["DIGEST_VIEWS"].digest.papers
    # The digest's papers, not Pelican's articles: Pelican reads only the sources of pages it
    # renders (selection.py). A paper it did not read is on Top by its slug, all its view (views.py) needs.
    read = {article.slug: article for article in generator.articles}
    ranked = sorted(papers.values(), key=top_order)[: generator.settings["TOP_PAPERS"]]
    ranked = [read.get(paper.slug) or UnreadArticle(paper.slug) for paper in ranked]
    writer.write_file(
        save_as,
        generator.get_template("top"),
        generator.context,
        articles=ranked,
        blog=True,
        template_name="top",
        page_name=save_as.rsplit(".", 1)[0],
        url=generator.settings.get("TOP_URL", save_as),
        paginated={"articles": ranked},
        relative_urls=generator.settings["RELATIVE_URLS"],
    )


def register() -> None:
    signals.article_writer_finalized.connect(write_top)
