"""BibTeX: every paper's entry, shown on its page and kept in its month's `.bib` (outputs/parts.py).

Every paper is a `@misc` entry, as arXiv cites its preprints: with `eprint`,
`archivePrefix` and the abstract page when the arXiv id is known, else the paper's
page on the site (when the site has a URL). No `howpublished`: Hugging Face lists
papers, it does not publish them. Authors, year and month appear only
when a dump gives them (the year is the paper's own, never the day it arrived);
the day it was listed is in `note`. The abstract is not: it is on the paper's page and in
its JSON record, and as arXiv's own entries have none, an entry of about 500 bytes can be
shown on every paper's page rather than fetched.

Keys are a function of the title alone, as slugs are: the first significant words
of the slug and its hash (`beyondreal_30d5a4`). Authors and dates are not in the
key because a later dump may add them to a paper (a text dump first, then the API),
and a key that changed would break every `\\cite` of it.

Text is data: it is folded to one line and every character that means something to
BibTeX or LaTeX is written as a LaTeX text command, so a title can neither close
its field (braces are never written raw, as BibTeX counts even escaped ones) nor run
a command. Non-ASCII stays UTF-8.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from urllib.parse import quote

from generator.model import Digest, EnrichedPaper
from generator.urls import URLS

NOTE = "Listed on Hugging Face Daily Papers, {day}"
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")  # BibTeX's macros

KEY_WORDS = 2  # significant title words in a key
KEY_WORDS_MAX = 24  # characters of them
KEY_HASH = 6  # hex digits of the slug's hash
# Words that say nothing about a paper: never the words of its key. Part of every key, so never
# to be changed (nor taken from a library whose list might): a changed list would rename keys.
STOP_WORDS = frozenset(
    "a an and are as at be by can do does for from how in into is it its of on or our the their this to "  # noqa: SIM905
    "toward towards via what when where which why with without you your".split()
)

# arXiv identifiers: 2512.07525, 2512.07525v2, and the old hep-th/9901001.
ARXIV_ID = re.compile(r"\d{4}\.\d{4,5}(?:v\d+)?|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?")

# Characters special to BibTeX or LaTeX, as the text commands that print them.
# Braces are never escaped as \{ and \}: BibTeX counts those too, so an unbalanced one would end the field.
LATEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",  # in LaTeX's default font encoding these three print other glyphs
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
_SPECIAL = re.compile("[" + re.escape("".join(LATEX_ESCAPES)) + "]")
# What a URL field may hold as is; anything else (braces, backslashes, spaces) is percent-encoded.
URL_SAFE = "/:?#[]@!$&'()*+,;=-._~%"


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode's category Cc, all 65 of it


def fold(text: str) -> str:
    """One line: control characters dropped, runs of whitespace one space."""
    return " ".join(_CONTROL.sub(" ", text).split())


def escape(text: str) -> str:
    """Text as a BibTeX field's value: one line, every special character a LaTeX command."""
    return _SPECIAL.sub(lambda match: LATEX_ESCAPES[match.group()], fold(text))


def bib_url(url: str) -> str:
    """A URL with nothing that BibTeX or a URL field could read as markup."""
    return quote(url, safe=URL_SAFE)


def arxiv_id(paper: EnrichedPaper) -> str | None:
    """The paper's arXiv identifier, when it has one that looks like one."""
    found = (paper.hub.arxiv_id or "").strip()
    return found if ARXIV_ID.fullmatch(found) else None


def bib_key(paper: EnrichedPaper) -> str:
    """The paper's citation key: its first significant title words and its slug's hash.

    A function of the slug alone, which is a function of the title alone: the same in
    every build, whatever other papers, authors or dates the dumps add.
    """
    *words, tag = paper.slug.split("-")
    if not re.fullmatch(f"[0-9a-f]{{{KEY_HASH}}}", tag):  # not slugify's slug: hash it whole
        words, tag = [*words, tag], hashlib.sha1(paper.slug.encode()).hexdigest()[:KEY_HASH]
    words = [w for w in (re.sub(r"[^a-z0-9]", "", w.lower()) for w in words) if w]
    significant = [w for w in words if w not in STOP_WORDS] or words
    stem = "".join(significant[:KEY_WORDS])[:KEY_WORDS_MAX] or "paper"
    return f"{stem}_{tag}"


def bib_keys(papers: Iterable[EnrichedPaper]) -> dict[str, str]:
    """Every paper's key, by slug, all distinct.

    Two papers whose keys would be one (the same first words and the same 6-digit hash:
    for 20,000 papers, well under one digest in a thousand) are both keyed by their slugs,
    which are distinct and never hold the `_` every other key has. Only then can adding a
    paper change another's key.
    """
    keys = {paper.slug: bib_key(paper) for paper in papers}
    shared = {key for key, count in Counter(keys.values()).items() if count > 1}
    return {slug: slug if key in shared else key for slug, key in keys.items()}


def bib_entry(paper: EnrichedPaper, site_url: str = "", key: str | None = None) -> str:
    """The paper as one `@misc` entry, ending with a newline."""
    fields = [("title", braced("{" + escape(paper.title) + "}"))]  # inner braces: its capitals kept
    authors = [name for name in (fold(n) for n in paper.hub.author_names) if name]
    if authors:
        fields.append(("author", braced(" and ".join(_author(name) for name in authors))))
    if paper.date:  # the month as a macro, unbraced: BibTeX styles and biblatex both know jan..dec
        fields += [("year", braced(str(paper.date.year))), ("month", MONTHS[paper.date.month - 1])]
    eprint = arxiv_id(paper)
    if eprint:
        fields += [("eprint", braced(eprint)), ("archivePrefix", braced("arXiv"))]
        fields.append(("url", braced(bib_url(URLS.arxiv_abs(eprint)))))
    elif site_url:
        fields.append(("url", braced(bib_url(f"{site_url.rstrip('/')}/{paper.url}"))))
    fields.append(("note", braced(NOTE.format(day=paper.arrived.isoformat()))))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{key or bib_key(paper)},\n{body}\n}}\n"


def braced(value: str) -> str:
    return "{" + value + "}"


def _author(name: str) -> str:
    """One name of `author`; a name BibTeX would split (a comma, a word "and") kept whole in braces."""
    text = escape(name)
    if "," in name or re.search(r"\band\b", name, re.IGNORECASE):
        return "{" + text + "}"
    return text


# Gives a value by its kind and everything it is made from, else makes it (outputs/kept.py keeps them between builds).
Keep = Callable[[str, Sequence[object], Callable[[], str]], str]


def made(_kind: str, _inputs: Sequence[object], make: Callable[[], str]) -> str:
    """The Keep of a build with nothing kept: made afresh."""
    return make()


def entry_inputs(paper: EnrichedPaper, site_url: str, key: str) -> tuple[object, ...]:
    """What an entry is a function of: every field of the paper bib_entry reads, the site's URL, the key."""
    hub = paper.hub
    return (paper.title, hub.author_names, paper.date, hub.arxiv_id, paper.url, paper.arrived, site_url, key)


def bibtex_entries(digest: Digest, site_url: str = "", keep: Keep = made) -> dict[str, str]:
    """Every paper's entry, by slug, under its distinct key; `keep` gives those a last build made."""
    keys = bib_keys(digest.papers.values())
    return {
        slug: keep("bibtex", entry_inputs(paper, site_url, keys[slug]), partial(bib_entry, paper, site_url, keys[slug]))
        for slug, paper in digest.papers.items()
    }
