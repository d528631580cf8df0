"""Synthetic dumps in the real format, with text drawn from the shipped dumps.

Words are sampled from the vocabulary of the real abstracts (a first-order
Markov chain over words, fixed seed), so tokenising, TF-IDF, topics and the
search index see text shaped like the real thing. Every title is distinct.
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from generator.inputs.parse import parse_dump

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted((ROOT / "content" / "dumps").glob("*.txt"))
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
HEADER = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\n"
    "Daily Papers\n\nbyAK and the research community\n\n"
)
PAPERS_PER_DUMP = 50
ABSTRACT_CHARS = 1500


def markov_chains() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Word successors in the shipped abstracts and titles (\"^\" starts a text)."""
    abstracts: dict[str, list[str]] = defaultdict(list)
    titles: dict[str, list[str]] = defaultdict(list)
    for path in SHIPPED:
        dump, _ = parse_dump(path.read_bytes(), path.name)
        assert dump is not None
        for entry in dump.entries:
            for chain, text in ((abstracts, entry.abstract), (titles, entry.title)):
                words = ["^", *text.split()]
                for a, b in itertools.pairwise(words):
                    chain[a].append(b)
    return abstracts, titles


def walk_words(chain: dict[str, list[str]], rng: random.Random, chars: int) -> list[str]:
    """Words drawn from the chain until they make about `chars` characters."""
    words: list[str] = []
    word, length = "^", 0
    while length < chars:
        word = rng.choice(chain.get(word) or chain["^"])
        words.append(word)
        length += len(word) + 1
    return words


def _walk(chain: dict[str, list[str]], rng: random.Random, chars: int) -> str:
    return " ".join(walk_words(chain, rng, chars))


def synthetic_dumps(papers: int, folder: Path, seed: int = 7) -> list[Path]:
    """Write `papers` distinct papers as dumps of 50 into `folder`; return the paths."""
    rng = random.Random(seed)
    abstracts, titles = markov_chains()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    first_day = date(2020, 1, 6)
    for index in range(0, papers, PAPERS_PER_DUMP):
        captured = first_day + timedelta(days=index // PAPERS_PER_DUMP)
        lines = [HEADER, f"{MONTHS[captured.month - 1]} {captured.day}\n\n"]
        for number in range(index, min(index + PAPERS_PER_DUMP, papers)):
            title = f"{_walk(titles, rng, rng.randint(40, 90))} ({number})"
            lines.append(f"{title}\n\n{_walk(abstracts, rng, ABSTRACT_CHARS)}\n\n")
            lines.append(f"  • {rng.randint(1, 20)} authors\n·\n")
            day = captured - timedelta(days=rng.randint(0, 400))
            year = f", {day.year}" if day.year != captured.year else ""
            upvotes = f" {rng.randint(1, 300)}" if rng.random() < 0.7 else ""
            lines.append(f"{MONTHS[day.month - 1]} {day.day}{year}{upvotes}\n\n")
        path = folder / f"synthetic_{index // PAPERS_PER_DUMP:05d}.txt"
        path.write_text("".join(lines), encoding="utf-8")
        paths.append(path)
    return paths
