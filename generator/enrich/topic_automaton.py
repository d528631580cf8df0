"""A taxonomy's rules compiled into one Aho-Corasick automaton, and what each key of it stands for.

A key is text as it reads folded (topic_folding.fold): each phrase's words with a space
between them, and the literal start of each regular expression (topic_regex). One scan
of a paper finds every place a rule may match; the Anchors under a key say which rules
and how to check them there (topic_matcher.py). A regular expression with no literal
start is the only rule still run over the whole text (a Scanned rule). The automaton is
built once per taxonomy, before any worker forks, so forked workers share it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from itertools import product

import ahocorasick_rs

from generator.enrich.topic_folding import fold
from generator.enrich.topic_regex import is_word_letter, literal_start
from generator.enrich.topic_rules import Rule, Topic

_PHRASE_SPLIT = re.compile(r"[\s\-]+")


class Kind(Enum):
    """What a rule is for."""

    INCLUDE = "include"
    WEAK = "weak"
    EXCLUDE = "exclude"


@dataclass(frozen=True, slots=True)
class Anchor:
    """A rule under one key of the automaton: where the key is found, the rule may match."""

    rule: int  # the rule's place in the whole taxonomy: its last match is kept by it
    topic: int
    # The rule's place in its topic: the include rules first, then the weak ones (-1: exclude).
    number: int
    kind: Kind
    regex: re.Pattern[str] | None  # run where the key is found; None: a phrase, the key is its match
    boundary_before: bool  # \b must come before the key
    boundary_after: bool  # \b must come after the key
    # A phrase of one word whose matches cannot overlap (no end of it is also its start) needs
    # neither the title-abstract test nor the rule's last match.
    simple: bool


@dataclass(frozen=True, slots=True)
class Scanned:
    """A regular expression with no literal start: run over the whole text."""

    topic: int
    number: int
    regex: re.Pattern[str]


@dataclass(frozen=True)
class RulesOfKind:
    """The include, the weak or the exclude rules of a taxonomy."""

    anchors: tuple[tuple[Anchor, ...], ...]  # by key number: the rules under each key
    scanned: tuple[Scanned, ...]


@dataclass(frozen=True)
class Automaton:
    """Every rule of a taxonomy: the keys, and the rules under each."""

    search: ahocorasick_rs.AhoCorasick | None  # None: no keys
    include: RulesOfKind
    weak: RulesOfKind
    exclude: RulesOfKind
    later: tuple[bool, ...]  # by key number: whether weak or exclude rules are under it
    strong: tuple[int, ...]  # by topic: rule numbers below it are include rules
    # Each key is also a key with runs of up to `longest` spaces between its words, so that
    # most texts need no runs made single (normalise).
    longest: int


def phrase_words(phrase: str) -> list[str]:
    return [w for w in _PHRASE_SPLIT.split(phrase.strip()) if w]


def numbered_rules(topic: Topic) -> list[tuple[int, Kind, Rule]]:
    """A topic's rules with their number and kind."""
    strong = len(topic.include)
    return [
        *((n, Kind.INCLUDE, r) for n, r in enumerate(topic.include)),
        *((strong + n, Kind.WEAK, r) for n, r in enumerate(topic.weak)),
        *((-1, Kind.EXCLUDE, r) for r in topic.exclude),
    ]


def compile_topics(topics: Sequence[Topic]) -> Automaton:
    """The automaton of a taxonomy's topics, in taxonomy order."""
    # Few words in every phrase (up to 4): runs of up to 4 spaces are keys.
    gaps = max(
        (len(phrase_words(p)) - 1 for t in topics for _, _, r in numbered_rules(t) for p in r.phrases), default=0
    )
    longest = 4 if gaps <= 3 else 1
    keys: dict[str, list[Anchor]] = {}
    scanned: list[tuple[Kind, Scanned]] = []
    rule_id = 0
    for topic_number, topic in enumerate(topics):
        for number, kind, rule in numbered_rules(topic):
            anchors = _anchors(rule, rule_id, topic_number, number, kind)
            if anchors is None:
                scanned.append((kind, Scanned(topic_number, number, rule.regex)))
            for key, anchor in anchors or {}:
                for variant in _spaced(key, longest):
                    keys.setdefault(variant, []).append(anchor)
            rule_id += 1
    by_kind = {
        kind: RulesOfKind(
            anchors=tuple(tuple(a for a in anchors if a.kind is kind) for anchors in keys.values()),
            scanned=tuple(rule for rule_kind, rule in scanned if rule_kind is kind),
        )
        for kind in Kind
    }
    search = None
    if keys:
        search = ahocorasick_rs.AhoCorasick(
            list(keys), matchkind=ahocorasick_rs.MatchKind.Standard, implementation=ahocorasick_rs.Implementation.DFA
        )
    return Automaton(
        search=search,
        include=by_kind[Kind.INCLUDE],
        weak=by_kind[Kind.WEAK],
        exclude=by_kind[Kind.EXCLUDE],
        later=tuple(any(a.kind is not Kind.INCLUDE for a in anchors) for anchors in keys.values()),
        strong=tuple(len(topic.include) for topic in topics),
        longest=longest,
    )


def _anchors(rule: Rule, rule_id: int, topic: int, number: int, kind: Kind) -> list[tuple[str, Anchor]] | None:
    """(key, anchor) for each key of a rule; None for a regular expression with no literal start."""
    if rule.phrases:
        boundaries: dict[str, tuple[bool, bool]] = {}  # two phrases of a rule may fold alike: one key
        for phrase in rule.phrases:
            words = phrase_words(phrase)
            if words:  # else phrase_regex matches only empty text: never a word
                text = phrase.strip()
                boundaries.setdefault(" ".join(map(fold, words)), (is_word_letter(text[0]), is_word_letter(text[-1])))
        # Simple only if every key is: a simple match is not kept as the rule's last one.
        simple = all(map(_simple, boundaries))
        return [
            (key, Anchor(rule_id, topic, number, kind, None, before, after, simple))
            for key, (before, after) in boundaries.items()
        ]
    start = literal_start(rule.regex)
    if len(start.text) < 2:
        return None
    anchor = Anchor(rule_id, topic, number, kind, rule.regex, start.boundary_before, start.boundary_after, False)
    return [(fold(start.text), anchor)]


def _simple(key: str) -> bool:
    return " " not in key and not any(key[:n] == key[-n:] for n in range(1, len(key)))


def _spaced(key: str, longest: int) -> list[str]:
    """A key with each single space between its words as a run of 1 to `longest` spaces."""
    words = key.split(" ")
    return [
        "".join(w + " " * n for w, n in zip(words, (*runs, 0), strict=True))
        for runs in product(range(1, longest + 1), repeat=len(words) - 1)
    ]
