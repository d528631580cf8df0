"""The vocabulary of similar papers: how many papers hold each term, committed as content/vocabulary.tsv.

A term's weight (its IDF) comes from this file, not from the digest being
built, so the score of two papers depends on those two papers alone: a new
paper never changes the score of two others, and similar papers can be updated
paper by paper (generator/enrich/similar.py). The file is source, refreshed on
purpose (`paper-digest vocabulary`), never by a build.

IDF is scikit-learn's smoothed one: idf(t) = ln((1 + N) / (1 + df(t))) + 1, N the
papers counted. A term not in the file counts as df = 0, the largest IDF,
ln(1 + N) + 1: unknown words are rare words. To keep the file small, terms held
by a single paper are left out (they then count as df = 0, a difference of ln 2).

Format: UTF-8, one `term<TAB>df` a line, sorted by term, after two header lines
`# paper-digest vocabulary` and `# papers<TAB>N`.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from generator.config import ConfigError
from generator.enrich.stop_words import STOP_WORDS

HEADER = "# paper-digest vocabulary"
PAPERS = "# papers\t"
MIN_PAPERS = 2  # terms held by fewer papers are left out of the file


# A word: a letter, then letters, digits or hyphens (in the text lowercased).
WORD = re.compile(r"\b[a-zA-Z][a-zA-Z0-9-]+\b")


def analyze(text: str) -> list[str]:
    """Text -> its terms: its lowercase words but English stop words, then each two neighbouring ones.

    Exactly the terms of scikit-learn's `TfidfVectorizer(stop_words="english", ngram_range=(1, 2),
    token_pattern=WORD)` analyzer, which the committed vocabulary was counted with (the tests compare
    them), without importing scikit-learn: 0.8 s of every build's start.
    """
    words = [word for word in WORD.findall(text.lower()) if word not in STOP_WORDS]
    return words + [f"{first} {second}" for first, second in pairwise(words)]


@dataclass(frozen=True, eq=False)
class Vocabulary:
    papers: int  # N: how many papers were counted
    frequencies: Mapping[str, int]  # term -> how many of them hold it (df)

    def idf(self, term: str) -> float:
        return math.log((1 + self.papers) / (1 + self.frequencies.get(term, 0))) + 1

    @property
    def key(self) -> str:
        """Changes whenever any weight changes."""
        return hashlib.sha256(format_vocabulary(self).encode()).hexdigest()[:20]


def count_vocabulary(texts: Iterable[str], min_papers: int = MIN_PAPERS) -> Vocabulary:
    """The vocabulary of these texts (one per paper): terms held by at least `min_papers` of them."""
    counts: Counter[str] = Counter()
    papers = 0
    for text in texts:
        papers += 1
        counts.update(set(analyze(text)))
    return Vocabulary(papers, {term: df for term, df in counts.items() if df >= min_papers})


def format_vocabulary(vocabulary: Vocabulary) -> str:
    lines = [HEADER, f"{PAPERS}{vocabulary.papers}"]
    lines += [f"{term}\t{vocabulary.frequencies[term]}" for term in sorted(vocabulary.frequencies)]
    return "\n".join(lines) + "\n"


def parse_vocabulary(text: str, source: str) -> Vocabulary:
    """The vocabulary in `text`; a bad line raises ConfigError naming `source` and the line."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) < 2 or lines[0] != HEADER or not lines[1].startswith(PAPERS):
        raise ConfigError(f"{source}:1: error: not a vocabulary (it starts with {HEADER!r}, then {PAPERS!r}N)")
    papers = _count(lines[1][len(PAPERS) :], source, 2)
    frequencies: dict[str, int] = {}
    for number, line in enumerate(lines[2:], start=3):
        term, tab, df = line.partition("\t")
        if not tab or not term:
            raise ConfigError(f"{source}:{number}: error: expected term<TAB>papers, got {line!r}")
        if term in frequencies:
            raise ConfigError(f"{source}:{number}: error: {term!r} is listed twice")
        frequencies[term] = _count(df, source, number)
        if frequencies[term] > papers:
            raise ConfigError(f"{source}:{number}: error: {term!r} is in more papers than the {papers} counted")
    return Vocabulary(papers, frequencies)


def _count(text: str, source: str, number: int) -> int:
    if not text.isdigit():
        raise ConfigError(f"{source}:{number}: error: expected a count of papers, got {text!r}")
    return int(text)


def load_vocabulary(path: Path) -> Vocabulary | None:
    """The committed vocabulary, or None when there is none (then IDF is fitted on the digest itself)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return parse_vocabulary(text, str(path))
