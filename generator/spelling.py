"""British and American spellings of a phrase: "generalization" is also "generalisation".

Papers are written in both; a taxonomy is written in one. Rather than fold a paper's
text (which would move the places the matcher reports, "modelling" being longer than
"modeling"), each phrase of a rule is read as all its spellings when the taxonomy is
loaded, so a rule matches either. One table, `ENDINGS`: a word that ends in one column
is also spelled with the other; `WORDS` holds the stems no ending rule can tell apart
from ordinary words ("colour" but not "flour", "centre" but not "entre").

An ending changes only after a stem of at least three letters, so short words stay as
they are ("size", "prize", "rise", "noise"). An ordinary word an ending rule also
reads ("feeling" as "feelling") gains a spelling no paper writes: it matches nothing.
Its price: more keys in the automaton (a phrase of n such words has up to 2^n
spellings, at most `MOST_SPELLINGS`).
"""

from __future__ import annotations

import re
from itertools import product

# (American ending, British ending): a word ending in either is also the other.
ENDINGS = (
    ("izations", "isations"),
    ("ization", "isation"),
    ("izing", "ising"),
    ("izers", "isers"),
    ("izer", "iser"),
    ("izes", "ises"),
    ("ized", "ised"),
    ("ize", "ise"),
    ("izable", "isable"),
    ("yzing", "ysing"),
    ("yzed", "ysed"),
    ("yzes", "yses"),
    ("yze", "yse"),
    ("eling", "elling"),
    ("eled", "elled"),
    ("eler", "eller"),
    ("elers", "ellers"),
)
# (American stem, British stem) at the start of a word: behavior, behavioral, behaviors.
WORDS = (
    ("behavior", "behaviour"),
    ("color", "colour"),
    ("neighbor", "neighbour"),
    ("favor", "favour"),
    ("labor", "labour"),
    ("humor", "humour"),
    ("center", "centre"),
    ("defense", "defence"),
    ("offense", "offence"),
    ("artifact", "artefact"),
    ("catalog", "catalogue"),
    ("dialog", "dialogue"),
    ("analog", "analogue"),
    ("gray", "grey"),
    ("aging", "ageing"),
    ("skeptic", "sceptic"),
    ("fulfill", "fulfil"),
)
MOST_SPELLINGS = 16
_WORD = re.compile(r"\w+")


def word_spellings(word: str) -> tuple[str, ...]:
    """A word's spellings, itself first (any case: the rules are case-insensitive)."""
    lower = word.lower()
    found = [word]
    ending = next(
        (
            (len(old), new)
            for american, british in ENDINGS
            for old, new in ((american, british), (british, american))
            if lower.endswith(old) and len(lower) - len(old) >= 3
        ),
        None,
    )
    if ending is not None:
        found.append(word[: len(word) - ending[0]] + ending[1])
    stem = next(
        (
            (len(old), new)
            for american, british in WORDS
            for old, new in sorted(((british, american), (american, british)), key=lambda pair: -len(pair[0]))
            if lower.startswith(old)  # the longer stem first: "fulfill" is not "fulfil" + "l"
        ),
        None,
    )
    if stem is not None:
        found.append(stem[1] + word[stem[0] :])
    return tuple(dict.fromkeys(found))


def spellings(phrase: str) -> tuple[str, ...]:
    """A phrase's spellings, itself first: each of its words in each of its spellings."""
    parts = _WORD.split(phrase)
    words = [word_spellings(word) for word in _WORD.findall(phrase)]
    found = []
    for choice in product(*words):
        text = parts[0] + "".join(w + p for w, p in zip(choice, parts[1:], strict=True))
        found.append(text)
        if len(found) == MOST_SPELLINGS:
            break
    return tuple(dict.fromkeys(found))


# Search: index and query terms meet when every word is written in one spelling before it is stemmed.
# British, as the site writes: American -ize words are nearly all -ise words too, while many -ise words
# have no -ize spelling ("supervise", "promise"), so mapping to British changes fewer words and keeps
# their wildcards ("supervis*") as they were.
SEARCH_SHORTEST_STEM = 3  # as for the taxonomy: "size", "prize" stay
# American endings whose British spelling doubles the l only after a consonant or "u": "modeling",
# "fueling", but never "feeling", "wheeled" (which would then miss "wheel").
SINGLE_L = ("eling", "eled", "eler", "elers")


def british(word: str) -> str:
    """A lowercased word in its British spelling (itself if it has none): the one spelling search
    indexes and queries, so "generalization" and "generalisation" are one term. Deterministic and
    table-driven: search.js does the same from `search_rules()`."""
    for american, british_ending in ENDINGS:
        stem = len(word) - len(american)
        if word.endswith(american) and stem >= SEARCH_SHORTEST_STEM:
            if not (american in SINGLE_L and word[stem - 1] == "e"):
                word = word[:stem] + british_ending
            break
    # The longest stem the word starts with ("fulfill", not "fulfil"; "catalogue", not "catalog").
    found = max(((s, a) for a, b in WORDS for s in (a, b) if word.startswith(s)), key=lambda p: len(p[0]), default=None)
    if found is not None and found[0] == found[1]:
        word = dict(WORDS)[found[1]] + word[len(found[1]) :]
    return word


def search_rules() -> dict[str, object]:
    """The tables `british` reads, for search.js (the search head carries them: written once, here)."""
    return {
        "endings": [list(pair) for pair in ENDINGS],
        "words": [list(pair) for pair in WORDS],
        "shortest": SEARCH_SHORTEST_STEM,
        "single_l": list(SINGLE_L),
    }
