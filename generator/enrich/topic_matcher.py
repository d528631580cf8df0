"""Every rule of a taxonomy matched in one pass over a paper: an Aho-Corasick automaton.

The automaton holds, for each phrase rule, its words as they read in a normalised text
(each letter folded the way re.IGNORECASE compares it, each space or hyphen a single
space), and for each regular expression the literal text every match starts with. One
scan of a paper's normalised title and abstract finds every place a rule may match;
a phrase is then checked for its word boundaries, a regular expression is run at that
place only. What a scan finds is exactly what re.finditer finds rule by rule: the same
places, the same non-overlapping matches of each rule, in the title and the abstract
apart; a regular expression with no literal start is the only rule still run over the
whole text. The automaton is built once per taxonomy (Taxonomy.matcher), before any
worker forks, so forked workers share it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from itertools import groupby, product
from operator import itemgetter
from typing import TYPE_CHECKING

import ahocorasick_rs

if TYPE_CHECKING:
    from generator.enrich.topic_rules import Rule, Scoring, Topic

# What phrase_regex's [\s\-]+ matches: the whitespace of re (str.isspace) and the hyphen.
SEPARATORS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f -\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# Lowercase letters that re.IGNORECASE takes as one letter although lower() keeps them apart
# (re._casefix): each class folds to its first member. Tests check both lists against re.
FOLD_CLASSES = (
    "i\u0131",
    "s\u017f",
    "\xb5\u03bc",
    "\u0345\u03b9\u1fbe",
    "\u0390\u1fd3",
    "\u03b0\u1fe3",
    "\u03b2\u03d0",
    "\u03b5\u03f5",
    "\u03b8\u03d1",
    "\u03ba\u03f0",
    "\u03c0\u03d6",
    "\u03c1\u03f1",
    "\u03c2\u03c3",
    "\u03c6\u03d5",
    "\u0432\u1c80",
    "\u0434\u1c81",
    "\u043e\u1c82",
    "\u0441\u1c83",
    "\u0442\u1c84\u1c85",
    "\u044a\u1c86",
    "\u0463\u1c87",
    "\u1c88\ua64b",
    "\u1e61\u1e9b",
    "\ufb05\ufb06",
)
_FOLD = {ord(c): cls[0] for cls in FOLD_CLASSES for c in cls[1:]}
_ODD_TABLE = {**{ord(c): " " for c in SEPARATORS if c != " "}, **_FOLD}
_ODD = re.compile("[" + re.escape("".join(map(chr, _ODD_TABLE))) + "]")
_ASCII_TABLE = bytes.maketrans(
    bytes(range(ord("A"), ord("Z") + 1)) + b"".join(c.encode() for c in SEPARATORS if c < "\x80" and c != " "),
    bytes(range(ord("a"), ord("z") + 1)) + b" " * sum(1 for c in SEPARATORS if c < "\x80" and c != " "),
)
_RUN = re.compile("  +")
_PHRASE_SPLIT = re.compile(r"[\s\-]+")
_WORD_START = re.compile(r"\w")
_WORD_END = re.compile(r"\w$")
_SPECIAL = set(".^$*+?{}[]()|\\")

# What a rule is for.
INCLUDE, WEAK, EXCLUDE = 0, 1, 2


def fold(text: str) -> str:
    """Each letter as re.IGNORECASE compares it and each separator a space, one letter for one.

    Two letters match under re.IGNORECASE exactly when they fold to the same letter.
    """
    if text.isascii():
        return text.encode().translate(_ASCII_TABLE).decode()
    folded = text.replace("\u0130", "i").lower()  # the one letter whose lower() is two letters
    return _ODD.sub(lambda m: _ODD_TABLE[ord(m.group())], folded)


def normalise(text: str, longest: int = 1) -> tuple[str, list[int], list[int]]:
    """fold(text), and where its letters come from in `text`; if it has a run of more than
    `longest` separators, each run becomes a single space: letter i of the result is then letter
    i + shifts[bisect_left(spaces, i)] of `text` (`spaces`: the places of the runs in the
    result, `shifts`: what the runs before took out, from 0)."""
    folded = fold(text)
    if " " * (longest + 1) not in folded:
        return folded, [], [0]
    spaces: list[int] = []
    shifts = [0]
    parts: list[str] = []
    start = 0
    for run in _RUN.finditer(folded):
        parts.append(folded[start : run.start() + 1])
        spaces.append(run.start() - shifts[-1])
        shifts.append(shifts[-1] + run.end() - run.start() - 1)
        start = run.end()
    parts.append(folded[start:])
    return "".join(parts), spaces, shifts


def phrase_words(phrase: str) -> list[str]:
    return [w for w in _PHRASE_SPLIT.split(phrase.strip()) if w]


def literal_start(pattern: str) -> tuple[str, bool, bool]:
    """(the literal text every match of a regular expression starts with, up to its first
    separator; whether \\b comes before it; whether \\b comes right after it). The text is
    empty when none is sure: a top-level |, a group, a class, a quantified letter or an
    escape other than of punctuation ends it. The \\b flags hold only for a text that
    begins (ends) with a word letter."""
    if _top_level_alternation(pattern):
        return "", False, False
    i = 0
    while pattern.startswith("\\b", i):
        i += 2
    before = i > 0
    out: list[str] = []
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            if i + 1 >= len(pattern) or not pattern[i + 1].isascii() or pattern[i + 1].isalnum():
                break
            char, step = pattern[i + 1], 2
        elif char in _SPECIAL:
            break
        else:
            step = 1
        if char in SEPARATORS or pattern[i + step : i + step + 1] in ("?", "*", "+", "{"):
            break
        out.append(char)
        i += step
    start = "".join(out)
    after = pattern.startswith("\\b", i)
    return start, before and bool(_WORD_START.match(start)), after and bool(_WORD_END.search(start))


def _top_level_alternation(pattern: str) -> bool:
    depth, i = 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i += 1
            if pattern[i : i + 1] == "^":
                i += 1
            if pattern[i : i + 1] == "]":
                i += 1
            while i < len(pattern) and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
        i += 1
    return False


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _boundary(text: str, at: int) -> bool:
    """re's \\b at `at` in `text`."""
    before = at > 0 and _is_word(text[at - 1])
    after = at < len(text) and _is_word(text[at])
    return before != after


# A rule under one key of the automaton: (rule, topic, number, kind, simple?, regex or None
# for a phrase, \b before it?, \b after it?). A rule's number is its place in its topic: the
# include rules first, then the weak ones (exclude rules are not numbered).
_Entry = tuple[int, int, int, int, bool, "re.Pattern[str] | None", bool, bool]
# A match: (start, end, rule number, word), in title + "\n" + abstract.
Span = tuple[int, int, int, str]
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


class Matcher:
    """A taxonomy's rules in one automaton; scores() finds and scores every topic of a paper."""

    def __init__(self, topics: Sequence[Topic]) -> None:
        self.topics = tuple(topics)
        self.strong = tuple(len(topic.include) for topic in self.topics)  # rule numbers below are includes
        keys: dict[str, list[_Entry]] = {}
        # A phrase is also a key with runs of up to `longest` spaces between its words (few words
        # in every phrase: up to 4 spaces), so that most texts need no runs made single.
        gaps = max((len(phrase_words(r.source)) - 1 for t in self.topics for r in _rules(t) if r.phrase), default=0)
        self.longest = 4 if gaps <= 3 else 1
        # Regular expressions with no literal start, run over the whole text.
        self.scanned: list[tuple[int, int, re.Pattern[str]]] = []  # (topic, number, regex)
        self.scanned_exclude: dict[int, list[re.Pattern[str]]] = {}
        count = 0
        for t, topic in enumerate(self.topics):
            numbered: list[tuple[int, int, Rule]] = [
                *((n, INCLUDE, r) for n, r in enumerate(topic.include)),
                *((len(topic.include) + n, WEAK, r) for n, r in enumerate(topic.weak)),
                *((-1, EXCLUDE, r) for r in topic.exclude),
            ]
            for number, kind, rule in numbered:
                if rule.phrase:
                    words = phrase_words(rule.source)
                    if not words:
                        continue  # phrase_regex matches only empty text: never a word
                    key = " ".join(fold(w) for w in words)
                    source = rule.source.strip()
                    regex, before, after = None, bool(_WORD_START.match(source)), bool(_WORD_END.search(source))
                else:
                    start, before, after = literal_start(rule.source)
                    if len(start) < 2:
                        if kind == EXCLUDE:
                            self.scanned_exclude.setdefault(t, []).append(rule.regex)
                        else:
                            self.scanned.append((t, number, rule.regex))
                        continue
                    key, regex = fold(start), rule.regex
                # A phrase of one word whose matches cannot overlap (no end of it is also its start)
                # needs neither the title-abstract test nor the rule's last match: simple.
                simple = regex is None and " " not in key and not any(key[:n] == key[-n:] for n in range(1, len(key)))
                for variant in _spaced(key, self.longest):
                    keys.setdefault(variant, []).append((count, t, number, kind, simple, regex, before, after))
                count += 1
        # By key number: the include rules under each key, then the weak and exclude rules.
        self.include = tuple(tuple(e for e in entries if e[3] == INCLUDE) for entries in keys.values())
        self.others = tuple(tuple(e for e in entries if e[3] != INCLUDE) for entries in keys.values())
        self.automaton = ahocorasick_rs.AhoCorasick(
            list(keys), matchkind=ahocorasick_rs.MatchKind.Standard, implementation=ahocorasick_rs.Implementation.DFA
        )
        self.empty = not keys

    def scores(
        self, title: str, abstract: str, scoring: Scoring
    ) -> list[tuple[int, int, list[tuple[int, int, int, int]]]]:
        """(topic, score, the matches that count) for every topic the paper is in, in taxonomy
        order; words() gives a topic's words from its matches.

        The include rules are matched first: only the topics they found need their weak
        and exclude rules (a topic no include rule matched scores nothing).
        """
        text = f"{title}\n{abstract}"
        hits: list[tuple[int, int, int]] = []
        if not self.empty:
            norm, spaces, shifts = normalise(text, self.longest)
            hits = self.automaton.find_matches_as_indexes(norm, overlapping=True)
            if spaces:
                hits = [
                    (key, start + shifts[bisect_left(spaces, start)], stop + shifts[bisect_left(spaces, stop - 1)])
                    for key, start, stop in hits
                ]
        split = len(title)
        spans: list[tuple[int, int, int, int]] = []  # (topic, start, end, rule number)
        plain = text.isascii()
        others = self.others
        self._collect(hits, self.include, text, title, abstract, plain, spans, None)
        hits = [hit for hit in hits if others[hit[0]]]  # the keys of weak and exclude rules
        for topic, number, regex in self.scanned:
            if number < self.strong[topic]:
                _scan(topic, number, regex, title, abstract, spans)
        if not spans:
            return []
        topics = {span[0] for span in spans}
        excluded = self._collect(hits, self.others, text, title, abstract, plain, spans, topics)
        for topic, number, regex in self.scanned:
            if number >= self.strong[topic] and topic in topics:
                _scan(topic, number, regex, title, abstract, spans)
        if self.scanned_exclude:
            excluded.update(t for t in topics if any(r.search(text) for r in self.scanned_exclude.get(t, ())))
        spans.sort()
        result = []
        weights = (scoring.title_weight, scoring.abstract_weight, scoring.abstract_mentions)
        for topic, group in groupby(spans, itemgetter(0)):
            if topic not in excluded:
                result.append((topic, *score(list(group), self.strong[topic], split, weights)))
        return result

    def _collect(
        self,
        hits: list[tuple[int, int, int]],
        entries: tuple[tuple[_Entry, ...], ...],
        text: str,
        title: str,
        abstract: str,
        plain: bool,
        spans: list[tuple[int, int, int, int]],
        topics: set[int] | None,
    ) -> set[int]:
        """Add to `spans` the matches of the rules under the keys found (of `topics` only,
        unless None); return the topics an exclude rule matches.

        A rule's matches are those re.finditer finds in the title and in the abstract apart:
        each key is found in order, and a match never starts inside the rule's last one.
        """
        excluded: set[int] = set()
        split = len(title)
        size = len(text)
        last_end: dict[int, int] = {}  # rule -> end of its last match
        for key, start, stop in hits:
            for rule, topic, number, kind, simple, regex, before, after in entries[key]:
                if topics is not None and topic not in topics:
                    continue
                if plain:  # text[start] and text[stop - 1] are word letters where the rule has one
                    if (before and start and text[start - 1] in _ASCII_WORD) or (
                        after and stop < size and text[stop] in _ASCII_WORD
                    ):
                        continue
                elif (before and not _boundary(text, start)) or (after and not _boundary(text, stop)):
                    continue
                if simple:
                    if kind == EXCLUDE:
                        excluded.add(topic)
                    else:
                        spans.append((topic, start, stop, number))
                    continue
                if regex is None:
                    if kind == EXCLUDE:
                        excluded.add(topic)
                        continue
                    if start < split < stop or start < last_end.get(rule, 0):
                        continue  # across title and abstract, or inside the rule's last match
                    end = stop
                else:
                    if kind == EXCLUDE:
                        if regex.match(text, start):
                            excluded.add(topic)
                        continue
                    if start < last_end.get(rule, 0):
                        continue
                    if start < split:
                        hit = regex.match(title, start)
                        if hit is None:
                            continue
                        end = hit.end()
                    else:
                        hit = regex.match(abstract, start - split - 1)
                        if hit is None:
                            continue
                        end = hit.end() + split + 1
                last_end[rule] = end
                spans.append((topic, start, end, number))  # never an empty word: a literal start is no space
        return excluded


def _scan(
    topic: int,
    number: int,
    regex: re.Pattern[str],
    title: str,
    abstract: str,
    spans: list[tuple[int, int, int, int]],
) -> None:
    """A regular expression with no literal start, run over the title and the abstract."""
    for place, offset in ((title, 0), (abstract, len(title) + 1)):
        for hit in regex.finditer(place):
            word = " ".join(hit.group().lower().split())
            if word:
                spans.append((topic, hit.start() + offset, hit.end() + offset, number))


def _rules(topic: Topic) -> tuple[Rule, ...]:
    return (*topic.include, *topic.weak, *topic.exclude)


def _spaced(key: str, longest: int) -> list[str]:
    """A key with each single space between its words as a run of 1 to `longest` spaces."""
    words = key.split(" ")
    return [
        "".join(w + " " * n for w, n in zip(words, (*runs, 0), strict=True))
        for runs in product(range(1, longest + 1), repeat=len(words) - 1)
    ]


def counted(spans: list[tuple[int, int, int, int]], strong: int) -> list[tuple[int, int, int, int]]:
    """The matches of a topic in one text that count, from its matches sorted by start: not one
    inside a longer match of another rule, nor one at the place an earlier rule matched, except
    that a weak word (a rule number of at least `strong`) never hides a strong one.

    Only matches that overlap can hide one another: each run of overlapping matches is
    compared within itself."""
    kept: list[tuple[int, int, int, int]] = []
    run: list[tuple[int, int, int, int]] = []
    reach = -1
    for span in spans:
        if span[1] >= reach:
            if len(run) > 1:
                kept += _visible(run, strong)
            else:
                kept += run
            run = [span]
        else:
            run.append(span)
        if span[2] > reach:
            reach = span[2]
    if len(run) > 1:
        kept += _visible(run, strong)
    else:
        kept += run
    return kept


def _visible(run: list[tuple[int, int, int, int]], strong: int) -> list[tuple[int, int, int, int]]:
    """The matches of a run that no other match of it hides."""
    out = []
    for span in run:
        _, start, end, number = span
        length, weak = end - start, number >= strong
        for _, o_start, o_end, other in run:
            if (
                other != number
                and o_start <= start
                and end <= o_end
                and (o_end - o_start > length or other < number)
                and (weak or other < strong)
            ):
                break
        else:
            out.append(span)
    return out


def words(text: str, spans: list[tuple[int, int, int, int]]) -> tuple[str, ...]:
    """The distinct words of a topic's matches in title + "\\n" + abstract, lowercased, sorted."""
    return tuple(sorted({" ".join(text[start:end].lower().split()) for _, start, end, _ in spans}))


def score(
    spans: list[tuple[int, int, int, int]],
    strong: int,
    split: int,
    weights: tuple[int, int, int],
    visible: bool = False,
) -> tuple[int, list[tuple[int, int, int, int]]]:
    """A topic's score and the matches that count, from its matches sorted by start (rule
    numbers below `strong` are include rules, and one of them matched). Each rule counts
    title_weight in the title, abstract_weight per mention in the abstract, at most
    abstract_mentions times; the weak rules add at most what the include rules scored.
    `visible`: the matches that would hide others are left out already."""
    title_weight, abstract_weight, most = weights
    in_title: set[int] = set()
    mentions: dict[int, int] = {}
    reach = -1
    for _, start, end, number in spans:
        if start < reach and not visible:  # two matches overlap: one may hide the other
            return score(counted(spans, strong), strong, split, weights, True)
        reach = end
        if end <= split:
            in_title.add(number)
        else:
            mentions[number] = mentions.get(number, 0) + 1
    scores = [0, 0]  # weak, strong
    for number in in_title:
        scores[number < strong] += title_weight
    for number, count in mentions.items():
        scores[number < strong] += abstract_weight * (count if count < most else most)
    return scores[1] + min(scores[0], scores[1]), spans
