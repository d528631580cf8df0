"""Every rule of a taxonomy matched in one pass over a paper, with the compiled automaton.

One scan of a paper's normalised title and abstract (topic_folding) finds every key
(topic_automaton); where a key is found, a phrase is checked for its word boundaries and
a regular expression is run at that place only. What a scan finds is exactly what
re.finditer finds rule by rule (tests/support/topic_oracle.py): the same places, the same
non-overlapping matches of each rule, in the title and the abstract apart. The matches
are then scored topic by topic (topic_scoring).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from generator.enrich.topic_automaton import Anchor, Automaton, RulesOfKind, Scanned, compile_topics
from generator.enrich.topic_folding import normalise
from generator.enrich.topic_regex import is_word_letter
from generator.enrich.topic_rules import Scoring, Topic
from generator.enrich.topic_scoring import Span, TopicScore, score

Hit = tuple[int, int, int]  # (key number, start, end) in title + "\n" + abstract
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


@dataclass(frozen=True, slots=True)
class _Paper:
    title: str
    abstract: str
    text: str  # title + "\n" + abstract
    ascii: bool


class Matcher:
    """A taxonomy's rules in one automaton; scores() finds and scores every topic of a paper."""

    def __init__(self, topics: Sequence[Topic]) -> None:
        self.topics = tuple(topics)
        self.automaton: Automaton = compile_topics(self.topics)

    def scores(self, title: str, abstract: str, scoring: Scoring) -> list[TopicScore]:
        """Every topic the paper is in, in taxonomy order; topic_scoring.words() gives a topic's
        words from its matches.

        The include rules are matched first: only the topics they found need their weak
        and exclude rules (a topic no include rule matched scores nothing).
        """
        automaton = self.automaton
        text = f"{title}\n{abstract}"
        paper = _Paper(title, abstract, text, text.isascii())
        hits = self._hits(text)
        spans = _spans(hits, automaton.include, paper, None)
        if not spans:
            return []
        topics = {span[0] for span in spans}
        later = automaton.later
        hits = [hit for hit in hits if later[hit[0]]]  # the keys of weak and exclude rules
        spans += _spans(hits, automaton.weak, paper, topics)
        excluded = _excluded(hits, automaton.exclude, paper, topics) if hits or automaton.exclude.scanned else set()
        spans.sort()
        found = []
        for topic, group in groupby(spans, itemgetter(0)):
            if topic not in excluded:
                points, counted = score(list(group), automaton.strong[topic], len(title), scoring)
                found.append(TopicScore(topic, points, counted))
        return found

    def _hits(self, text: str) -> list[Hit]:
        """Every key found in the text, overlapping ones too, at its places in the text."""
        if self.automaton.search is None:
            return []
        normalised = normalise(text, self.automaton.longest)
        hits = self.automaton.search.find_matches_as_indexes(normalised.text, overlapping=True)
        if normalised.spaces:
            place = normalised.original
            return [(key, place(start), place(end - 1) + 1) for key, start, end in hits]
        return hits


def _spans(hits: list[Hit], rules: RulesOfKind, paper: _Paper, topics: set[int] | None) -> list[Span]:
    """The matches of the include or weak rules (of `topics` only, unless None).

    A rule's matches are those re.finditer finds in the title and in the abstract apart:
    each key is found in order, and a match never starts inside the rule's last one.
    """
    spans: list[Span] = []
    last_end: dict[int, int] = {}  # rule -> end of its last match
    anchors, text, size, ascii_text = rules.anchors, paper.text, len(paper.text), paper.ascii
    # The boundary test is written out here, not called: this loop runs some 25 times a paper.
    for key, start, stop in hits:
        for anchor in anchors[key]:
            if topics is not None and anchor.topic not in topics:
                continue
            if ascii_text:  # text[start] and text[stop - 1] are word letters where the rule has one
                if (anchor.boundary_before and start and text[start - 1] in _ASCII_WORD) or (
                    anchor.boundary_after and stop < size and text[stop] in _ASCII_WORD
                ):
                    continue
            elif not _bounded(anchor, text, start, stop):
                continue
            if anchor.simple:
                spans.append((anchor.topic, start, stop, anchor.number))
            elif (end := _end(anchor, paper, start, stop, last_end)) is not None:
                spans.append((anchor.topic, start, end, anchor.number))
    for rule in rules.scanned:
        if topics is None or rule.topic in topics:
            spans += _scan(rule, paper)
    return spans


def _end(anchor: Anchor, paper: _Paper, start: int, stop: int, last_end: dict[int, int]) -> int | None:
    """The end of the rule's match found at `start` (its key ends at `stop`), None if none;
    the match is kept as the rule's last one."""
    if start < last_end.get(anchor.rule, 0):
        return None  # inside the rule's last match
    split = len(paper.title)
    if anchor.regex is None:
        if start < split < stop:
            return None  # a phrase across title and abstract
        end = stop
    elif start < split:
        hit = anchor.regex.match(paper.title, start)
        if hit is None:
            return None
        end = hit.end()
    else:
        hit = anchor.regex.match(paper.abstract, start - split - 1)
        if hit is None:
            return None
        end = hit.end() + split + 1
    last_end[anchor.rule] = end
    return end  # never an empty word: a key is no space


def _excluded(hits: list[Hit], rules: RulesOfKind, paper: _Paper, topics: set[int]) -> set[int]:
    """The topics of `topics` an exclude rule matches (in the whole text)."""
    excluded = {rule.topic for rule in rules.scanned if rule.topic in topics and rule.regex.search(paper.text)}
    for key, start, stop in hits:
        for anchor in rules.anchors[key]:
            if (
                anchor.topic in topics
                and _bounded(anchor, paper.text, start, stop)
                and (anchor.regex is None or anchor.regex.match(paper.text, start))
            ):
                excluded.add(anchor.topic)
    return excluded


def _scan(rule: Scanned, paper: _Paper) -> list[Span]:
    """The matches of a regular expression with no literal start, in the title and the abstract."""
    spans = []
    for place, offset in ((paper.title, 0), (paper.abstract, len(paper.title) + 1)):
        for hit in rule.regex.finditer(place):
            if hit.group().strip():  # a match of spaces only is no word
                spans.append((rule.topic, hit.start() + offset, hit.end() + offset, rule.number))
    return spans


def _bounded(anchor: Anchor, text: str, start: int, end: int) -> bool:
    """Whether the word boundaries the anchor needs are at start and end."""
    return (not anchor.boundary_before or _boundary(text, start)) and (
        not anchor.boundary_after or _boundary(text, end)
    )


def _boundary(text: str, at: int) -> bool:
    """re's \\b at `at` in `text`."""
    before = at > 0 and is_word_letter(text[at - 1])
    after = at < len(text) and is_word_letter(text[at])
    return before != after
