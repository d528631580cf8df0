"""Every URL of the site, spelled once.

Pelican's settings, the generated list pages, the templates (as `URLS`), the
feeds, the search data (which tells search.js where its files are) and the
tests all take their paths from here. Paths are relative to the site root.
"""

from __future__ import annotations

from dataclasses import dataclass

PAPER = "papers/{slug}.html"
PAGE = "{slug}.html"  # hand-written pages of content/pages (about.html)
# A numbered page of a list. Lists by arrival (home, topics, organisations, with code)
# count them from the oldest papers, so page n keeps its papers as new ones arrive;
# Top and Rising (ranked lists) count them from the first, as Pelican does (n > 1).
PAGE_N = "{base}/page/{number}.html"
TOPIC_BASE = "topics/{slug}"
CUSTOM_BASE = "custom/{name}"  # the key of a reader's own feed ([[feed]] in digest.toml): feeds/custom/<name>
ORG_BASE = "orgs/{slug}"
CODE_BASE = "with-code"
RISING_BASE = "rising"
DAY = "days/{key}.html"  # key: 2025-12-24
WEEK = "weeks/{key}.html"  # key: 2025-W52 (ISO week)
MONTH = "months/{key}.html"  # key: 2025-12
# A part of the digest as data (papers.json is their index): key 2025-12, the papers that arrived that month,
# or 2025-12-2 for a month's second part when it outgrows one file; format json or bib; gzipped (outputs/gzipped.py).
DATA_PART = "data/{key}.{format}.gz"
FEED = "feeds/{key}.{format}.xml"  # key: "all", "topics/<slug>", "orgs/<page>" or "custom/<name>"; format: rss or atom
# The search data's numbered files, as search.js reads them: a run of # is the number, zero-padded. Stored
# gzipped, as every file search.js and foryou.js fetch but the first (outputs/gzipped.py; load.js inflates them).
SEARCH_STORE = "search/store-####.json.gz"  # what results are sorted and filtered by, for SHARD_SIZE papers
SEARCH_TERMS = "search/terms/####.json.gz"  # one term shard: the postings of a run of sorted index terms
SEARCH_PAPER = "search/papers/#####.json.gz"  # FRAGMENTS result fragments: what a result shows, and its abstract
FORYOU_TERMS = "foryou/terms/####.json.gz"  # one term shard of the last 30 days' index (outputs/recent.py)
# A part of the sitemap, gzipped (outputs/publish.py): sitemap.xml is their index.
SITEMAP_PART = "sitemaps/####.xml.gz"


# Other sites' pages of a paper, by its arXiv id.
ARXIV_ABS = "https://arxiv.org/abs/{id}"
ARXIV_PDF = "https://arxiv.org/pdf/{id}"
HF_PAPER = "https://huggingface.co/papers/{id}"
HF_SEARCH = "https://huggingface.co/papers"  # Hugging Face's own search of papers: ?q=


@dataclass(frozen=True)
class SiteUrls:
    """The pages and files of the site; templates read them as `URLS`."""

    index: str = "index.html"
    top: str = "top.html"
    archive: str = "archive.html"
    search: str = "search.html"
    not_found: str = "404.html"
    topics: str = "topics/index.html"
    orgs: str = "orgs/index.html"
    with_code: str = f"{CODE_BASE}.html"
    rising: str = f"{RISING_BASE}.html"
    papers_json: str = "papers.json"  # the index of the data parts (DATA_PART), each as JSON and BibTeX
    feeds: str = "feeds.html"  # every feed, to subscribe to
    saved: str = "saved.html"  # the reader's reading list (kept in the browser)
    foryou: str = "foryou.html"  # the reader's new papers, ranked by their follows (kept in the browser)
    opml: str = "feeds.opml"
    sitemap: str = "sitemap.xml"
    robots: str = "robots.txt"
    nojekyll: str = ".nojekyll"
    theme: str = "theme"  # the theme's static files
    css: str = "theme/css/digest.css"
    site_js: str = "theme/js/site.js"  # every page's one script: it imports search_js, reading_js and follows_js
    search_js: str = "theme/js/search.js"
    # The modules search.js imports, each once: search.html preloads them with it (other pages load the engine on
    # first use, the rest after search.js).
    search_modules: tuple[str, ...] = (
        "theme/js/search-address.js",
        "theme/js/search-box.js",
        "theme/js/search-controller.js",
        "theme/js/search-dropdown.js",
        "theme/js/search-engine.js",
        "theme/js/search-page.js",
        "theme/js/search-result.js",
        "theme/js/search-shards.js",
        "theme/js/search-sorts.js",
        "theme/js/search-spelling.js",
        "theme/js/search-text.js",
        "theme/js/dom.js",
        "theme/js/load.js",
    )
    reading_js: str = "theme/js/reading.js"  # the reading list: Save, read marks, Copy BibTeX
    follows_js: str = "theme/js/follows.js"  # Follow on authors, topics, organisations, searches
    foryou_js: str = "theme/js/foryou.js"  # the For you page
    lunr_js: str = "theme/js/lunr.min.js"
    favicon: str = "theme/favicon.svg"
    feed_xsl: str = "theme/feed.xsl"  # what shows a feed opened in a browser as a page (outputs/feeds.py)
    search_index: str = "search/index.json"  # the head: what every query loads first
    search_vocabulary: str = "search/terms.json.gz"  # every index term: fuzzy and infix wildcard queries only
    search_words: str = "search/words.json.gz"  # words to suggest ("did you mean"): on no hits only
    foryou_data: str = "foryou/recent.json"  # For you's first file: the last 30 days' papers and their index's head
    foryou_vocabulary: str = "foryou/terms.json.gz"  # that index's terms: fuzzy and infix wildcard queries only
    hf_search: str = HF_SEARCH

    @staticmethod
    def paper(slug: str) -> str:
        return PAPER.format(slug=slug)

    @staticmethod
    def data_part(key: str, format: str) -> str:
        return DATA_PART.format(key=key, format=format)

    @staticmethod
    def page(slug: str) -> str:
        return PAGE.format(slug=slug)

    @staticmethod
    def list_page(base: str, number: int) -> str:
        """Page `number` of a ranked list (Top, Rising) whose first page is `<base>.html`.

        As Pelican names them: page 1 is `<base>.html`, page n of `index.html` is `page/<n>.html`.
        """
        if number == 1:
            return f"{base}.html"
        return SiteUrls.numbered_page(base, number)

    @staticmethod
    def numbered_page(base: str, number: int) -> str:
        """Numbered page `number` of the list at `<base>.html`; in a list by arrival page 1 holds the oldest papers."""
        return PAGE_N.format(base=base.removesuffix("index"), number=number).lstrip("/")

    @staticmethod
    def topic(slug: str) -> str:
        return SiteUrls.list_page(TOPIC_BASE.format(slug=slug), 1)

    @staticmethod
    def org(page: str) -> str:
        return SiteUrls.list_page(ORG_BASE.format(slug=page), 1)

    @staticmethod
    def day(key: str) -> str:
        return DAY.format(key=key)

    @staticmethod
    def week(key: str) -> str:
        return WEEK.format(key=key)

    @staticmethod
    def month(key: str) -> str:
        return MONTH.format(key=key)

    @staticmethod
    def feed(key: str, format: str) -> str:
        return FEED.format(key=key, format=format)

    @staticmethod
    def arxiv_abs(arxiv_id: str) -> str:
        return ARXIV_ABS.format(id=arxiv_id)

    @staticmethod
    def arxiv_pdf(arxiv_id: str) -> str:
        return ARXIV_PDF.format(id=arxiv_id)

    @staticmethod
    def hf_paper(arxiv_id: str) -> str:
        return HF_PAPER.format(id=arxiv_id)

    @staticmethod
    def search_store(number: int) -> str:
        return _numbered(SEARCH_STORE, number)

    @staticmethod
    def search_terms(number: int) -> str:
        return _numbered(SEARCH_TERMS, number)

    @staticmethod
    def search_paper(number: int) -> str:
        return _numbered(SEARCH_PAPER, number)

    @staticmethod
    def foryou_terms(number: int) -> str:
        return _numbered(FORYOU_TERMS, number)

    @staticmethod
    def sitemap_part(number: int) -> str:
        return _numbered(SITEMAP_PART, number)


def _numbered(pattern: str, number: int) -> str:
    """A numbered file's path: the pattern's run of # replaced by the number, zero-padded to its width."""
    width = pattern.count("#")
    return pattern.replace("#" * width, f"{number:0{width}d}")


URLS = SiteUrls()
