"""Pelican's settings, derived from digest.toml, the URL table and the digest."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined

from generator.config import HAND_WRITTEN, Config
from generator.enrich import periods
from generator.model import Digest, arrival_order
from generator.site import home_pages, top_page
from generator.site.chart import upvote_caption, upvote_chart, upvote_runs
from generator.site.dedent import DedentExtension
from generator.site.reader import READER_VERSION, DigestMarkdownReader
from generator.site.sightings import sightings
from generator.site.sources import GENERATED, PAPERS
from generator.site.views import Views
from generator.urls import PAGE, PAGE_N, PAPER, URLS
from generator.words import DATE_UNKNOWN, NOT_COUNTED

LIST_FOLDERS = [folder for folder in GENERATED if folder != PAPERS]


def show_day(value: Any) -> str:
    """`Dec 12, 2025` (a date, or an ISO string), whatever the machine's locale."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return periods.show_day(value)


def show_month(value: date) -> str:
    return periods.month_title(periods.month_key(value))


def iso_day(value: Any) -> str:
    if isinstance(value, str):
        return value[:10]
    return value.strftime("%Y-%m-%d")


def pelican_settings(config: Config, content: Path, output: Path, digest: Digest) -> dict[str, Any]:
    """Every Pelican setting we rely on, derived from our own configuration and the URL table.

    Templates read their page's view (views.py, built by the writer from DIGEST_VIEWS) and the URL
    table as URLS; anything else they read fails the build (StrictUndefined).
    """
    per_page = config.build.per_page
    site_url = config.site.url.rstrip("/")
    no_page = ""  # Pelican writes nothing for a *_SAVE_AS that is empty
    page_n = PAGE_N.format(base="{base_name}", number="{number}")

    settings: dict[str, Any] = {
        "PATH": str(content),
        "ARTICLE_PATHS": [PAPERS],
        "PAGE_PATHS": [HAND_WRITTEN, *LIST_FOLDERS],
        "STATIC_PATHS": [],
        "IGNORE_FILES": [".*", "dumps", "*.toml"],
        "OUTPUT_PATH": str(output),
        "THEME": str(config.path(config.build.theme).resolve()),
        "THEME_STATIC_DIR": URLS.theme,
        "SITENAME": config.site.title,
        "SITE_DESCRIPTION": config.site.description,
        # What a card, a page and a feed say of an unknown paper date or upvote count (generator/words.py).
        "DATE_UNKNOWN": DATE_UNKNOWN,
        "NOT_COUNTED": NOT_COUNTED,
        # Links between pages are relative ("../topics/x.html"), also on a published site: the site's URL on
        # every link of every page was a fifth of its bytes (issue 22). PUBLISHED_URL is the site's URL where
        # only an absolute one will do (canonical, the error page served at any path); "" unpublished.
        "SITEURL": site_url,
        "RELATIVE_URLS": True,
        "PUBLISHED_URL": site_url,
        "DEFAULT_LANG": config.site.language,
        "TIMEZONE": "UTC",
        "LOCALE": ("C",),
        "ARTICLE_URL": PAPER,
        "ARTICLE_SAVE_AS": PAPER,
        "PAGE_URL": PAGE,
        "PAGE_SAVE_AS": PAGE,
        "ARTICLE_ORDER_BY": lambda article: arrival_order(digest.papers[article.slug]),
        # The home page is written by generator/site/home_pages.py, in stable pages.
        "DIRECT_TEMPLATES": ["archives", "404", "search"],  # 404.html: GitHub Pages' error page
        "HOME_PAPERS": config.build.home_papers,
        "TOP_PAPERS": config.build.top_papers,
        "ARCHIVES_SAVE_AS": URLS.archive,
        "ARCHIVES_URL": URLS.archive,
        "SEARCH_SAVE_AS": URLS.search,  # results page of the search box (static/js/search.js)
        "404_SAVE_AS": URLS.not_found,
        # Only Top is paginated by Pelican (page 1 first): lists by arrival keep stable pages
        # (generator/enrich/listings.py), numbered from the oldest.
        "PAGINATED_TEMPLATES": {"top": per_page},
        "TOP_SAVE_AS": URLS.top,  # papers by upvotes, written by generator/site/top_page.py
        "DEFAULT_PAGINATION": per_page,
        "PAGINATION_PATTERNS": [(1, "{url}", "{save_as}"), (2, page_n, page_n)],
        "DEFAULT_CATEGORY": "papers",
        "USE_FOLDER_AS_CATEGORY": False,
        "DISPLAY_CATEGORIES_ON_MENU": False,
        "DISPLAY_PAGES_ON_MENU": False,
        "FORMATTED_FIELDS": [],  # no metadata is ever read as Markdown
        "READERS": {"md": DigestMarkdownReader},
        "MARKDOWN": {
            "extensions": ["markdown.extensions.meta", "generator.site.outside_links:OutsideLinksExtension"],
            "extension_configs": {"markdown.extensions.meta": {}},
            "output_format": "html5",
        },
        "TYPOGRIFY": False,
        "JINJA_ENVIRONMENT": {
            "autoescape": True,
            "trim_blocks": True,
            "lstrip_blocks": True,
            "extensions": [DedentExtension],  # no template's indentation on the pages
            "undefined": StrictUndefined,  # a template reading what its view does not hold fails the build
        },
        "JINJA_FILTERS": {
            "show_day": show_day,
            "iso_day": iso_day,
            "show_month": show_month,
            "upvote_chart": upvote_chart,
            "upvote_runs": upvote_runs,
            "upvote_caption": upvote_caption,
            "sightings": sightings,
        },
        "SUMMARY_MAX_LENGTH": None,
        "SLUGIFY_SOURCE": "basename",
        "OUTPUT_SOURCES": False,
        "DELETE_OUTPUT_DIRECTORY": False,
        # Pelican caches what its readers return, keyed by each source's md5: our
        # sources are rewritten only when their bytes change, so a rebuild re-reads
        # only new and changed papers. The reader's output depends on nothing else.
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CONTENT_CACHING_LAYER": "reader",
        "CHECK_MODIFIED_METHOD": "md5",
        "GZIP_CACHE": False,
        "CACHE_PATH": str(config.path(config.build.cache) / f"pelican-{READER_VERSION}"),
        "PLUGINS": [top_page, home_pages],
        # What each page shows, built by the writer (writer.py) and the plugins: never read by a template.
        "DIGEST_VIEWS": Views(digest),
        "URLS": URLS,
        # Pages and feeds we do not use: our feeds are written with feedgen.
        "CATEGORY_SAVE_AS": no_page,
        "CATEGORIES_SAVE_AS": no_page,
        "AUTHOR_SAVE_AS": no_page,
        "AUTHORS_SAVE_AS": no_page,
        "TAG_SAVE_AS": no_page,
        "TAGS_SAVE_AS": no_page,
        "YEAR_ARCHIVE_SAVE_AS": no_page,
        "MONTH_ARCHIVE_SAVE_AS": no_page,
        "DAY_ARCHIVE_SAVE_AS": no_page,
        "DRAFT_SAVE_AS": no_page,
        "DRAFT_PAGE_SAVE_AS": no_page,
        "FEED_ALL_ATOM": None,
        "FEED_ALL_RSS": None,
        "FEED_ATOM": None,
        "FEED_RSS": None,
        "CATEGORY_FEED_ATOM": None,
        "CATEGORY_FEED_RSS": None,
        "AUTHOR_FEED_ATOM": None,
        "AUTHOR_FEED_RSS": None,
        "TAG_FEED_ATOM": None,
        "TAG_FEED_RSS": None,
        "TRANSLATION_FEED_ATOM": None,
        "TRANSLATION_FEED_RSS": None,
        # No translations: Pelican would look for them with a list search per source,
        # quadratic (6 s of every rendering process at 20,000 papers).
        "ARTICLE_TRANSLATION_ID": None,
        "PAGE_TRANSLATION_ID": None,
    }
    return settings
