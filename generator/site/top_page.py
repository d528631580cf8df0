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

from typing import Any

from pelican import signals

from generator.model import top_order


def write_top(generator: Any, writer: Any) -> None:
    save_as = generator.settings.get("TOP_SAVE_AS")
    if not save_as:
        return
    papers = generator.settings["DIGEST"].papers
    ranked = sorted(generator.articles, key=lambda article: top_order(papers[article.slug]))
    ranked = ranked[: generator.settings["TOP_PAPERS"]]
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
