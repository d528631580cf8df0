"""Find the URLs in an abstract and clean them of what the copy left on them.

Abstracts end URLs with sentence punctuation (`.../We-Math.`) and sometimes
LaTeX residue (`https://github.com/x/y{https://github.com/x/y}.`). The span of
a link covers only the clean URL; the rest stays text, so the reader still
sees exactly what the dump says.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from generator.model import Link

URL_RE = re.compile(
    r"https?://[^\s<>\"]+"
    # a code host named without its scheme ("at github.com/x/y."): a link too, shown as typed
    r"|(?<![\w@./:-])(?:www\.)?(?:github\.com|gitlab\.com|huggingface\.co)/[^\s<>\"]+",
    re.IGNORECASE,
)
# LaTeX residue and other characters that never belong to a URL in an abstract.
_CUT_AT = re.compile(r"[{}\\|^`]")
_TRAILING = ".,;:!?'*"
_PAIRS = {")": "(", "]": "["}

CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org")


def find_links(text: str) -> list[Link]:
    """Every URL in the text, cleaned, with its span; in order, repeats included."""
    return list(_find_links(text))


# Cached: a build asks for each abstract's links twice (its enriched paper and its
# Markdown source); at 20,000 papers one pass costs ~1 s.
@lru_cache(maxsize=1 << 16)
def _find_links(text: str) -> tuple[Link, ...]:
    lowered = text.lower()
    # Every match has "http" or ".co" in it (no other character matches these letters
    # ignoring case: tests/enrich/test_links.py checks), and most abstracts have neither: a
    # substring test is a fifth of the time of the case-blind regex's scan.
    if "http" not in lowered and ".co" not in lowered:
        return ()
    links = []
    for match in URL_RE.finditer(text):
        raw = match.group()
        scheme = "" if raw.lower().startswith(("http://", "https://")) else "https://"
        url = clean_url(scheme + raw)
        if url is None:
            continue
        start = match.start()
        links.append(Link(url=url, start=start, end=start + len(url) - len(scheme), kind=classify(url)))
    return tuple(links)


def clean_url(raw: str) -> str | None:
    """The URL without residue or trailing punctuation; None if nothing is left."""
    cut = _CUT_AT.search(raw)
    url = raw[: cut.start()] if cut else raw
    while url:
        last = url[-1]
        if last in _TRAILING or (last in _PAIRS and url.count(last) > url.count(_PAIRS[last])):
            url = url[:-1]
        else:
            break
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or "." not in parts.hostname:
        return None
    return url


# What a Hugging Face URL is, by its first path segment; any other /<owner>/<name> is a model.
HUB_KINDS = {"datasets": "dataset", "spaces": "demo", "papers": "other", "collections": "other", "blog": "other"}


def classify(url: str) -> str:
    """code (a repository), dataset, model or demo (Hugging Face Hub), project (a project page), or other."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = [p for p in parts.path.split("/") if p]
    if host == "huggingface.co":
        if not path:
            return "other"
        kind = HUB_KINDS.get(path[0])
        return kind or ("model" if len(path) >= 2 else "other")
    if host in CODE_HOSTS:
        return "code" if path else "other"
    if host.endswith((".github.io", ".gitlab.io", ".pages.dev", ".netlify.app", ".vercel.app")):
        return "project"
    if host.startswith(("arxiv.org", "doi.org", "openreview.net", "aclanthology.org")):
        return "other"
    return "project"


def unique_links(text: str) -> tuple[Link, ...]:
    """The distinct clean URLs of a text, first occurrence first."""
    seen: set[str] = set()
    out = []
    for link in find_links(text):
        if link.url not in seen:
            seen.add(link.url)
            out.append(link)
    return tuple(out)
