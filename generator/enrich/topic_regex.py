"""What a rule's regular expression is sure to match, read with re's own parser.

Two readings: the whole words a regular expression stands for, when it is only a word
between \\b and \\b with optional parts (`\\bLLMs?\\b` is the words "llm" and "llms"), so
that the rule becomes phrases; and the literal text every match of any other regular
expression starts with, which the automaton looks for before the expression is run at
that place. Both read re's parse tree (re._parser), never the pattern's characters.
"""

from __future__ import annotations

import re
import re._constants as sre
import re._parser
from dataclasses import dataclass
from itertools import product

from generator.enrich.topic_folding import SEPARATORS

# More words than this and a regular expression stays one (a phrase per word is a key).
MOST_WORDS = 32

_BOUNDARY = (sre.AT, sre.AT_BOUNDARY)


@dataclass(frozen=True)
class LiteralStart:
    """The text every match starts with, up to its first separator ("" when none is sure),
    and whether \\b comes right before and right after it (only for a text that begins,
    or ends, with a word letter)."""

    text: str
    boundary_before: bool = False
    boundary_after: bool = False


def is_word_letter(char: str) -> bool:
    """re's \\w for text."""
    return char.isalnum() or char == "_"


def literal_start(regex: re.Pattern[str]) -> LiteralStart:
    """The literal start of a regular expression: the letters it must match first, one by one."""
    items = list(re._parser.parse(regex.pattern, regex.flags))
    unicode_words = not regex.flags & (re.ASCII | re.LOCALE)  # \b as is_word_letter sees it
    at = 0
    while at < len(items) and items[at] == _BOUNDARY:
        at += 1
    letters: list[str] = []
    while at < len(items) and items[at][0] is sre.LITERAL and chr(items[at][1]) not in SEPARATORS:
        letters.append(chr(items[at][1]))
        at += 1
    text = "".join(letters)
    before = unicode_words and at > len(letters) and bool(text) and is_word_letter(text[0])
    after = unicode_words and at < len(items) and items[at] == _BOUNDARY and bool(text) and is_word_letter(text[-1])
    return LiteralStart(text, before, after)


def whole_words(regex: re.Pattern[str]) -> tuple[str, ...]:
    """The words a regular expression \\b(word)\\b matches, when the word is made of letters,
    optional parts (?) and alternatives (|) only and every way of reading it is a whole word
    (word letters only); () for any other regular expression.

    Such an expression matches, at a word's start, the whole word or nothing: exactly what
    the phrases of its words match, so it can be a rule of phrases."""
    if regex.flags & (re.ASCII | re.LOCALE) or not regex.flags & re.IGNORECASE:
        return ()  # a phrase is case-insensitive, and its \b is re's for text
    items = list(re._parser.parse(regex.pattern, regex.flags))
    if len(items) < 3 or items[0] != _BOUNDARY or items[-1] != _BOUNDARY:
        return ()
    words = _spellings(items[1:-1])
    if words is None or not all(word and all(map(is_word_letter, word)) for word in words):
        return ()
    return tuple(sorted(set(words), key=words.index))


def _spellings(items: list[tuple[object, object]]) -> list[str] | None:
    """Every text a sequence of parse items matches; None when that is not a short list of
    literal texts."""
    choices: list[list[str]] = []
    count = 1
    for op, value in items:
        if op is sre.LITERAL:
            choice: list[str] | None = [chr(value)]
        elif op is sre.MAX_REPEAT and value[:2] == (0, 1):
            inner = _spellings(list(value[2]))
            choice = None if inner is None else [*inner, ""]
        elif op is sre.BRANCH:
            branches = [_spellings(list(branch)) for branch in value[1]]
            choice = None if None in branches else [text for texts in branches for text in texts]
        elif op is sre.SUBPATTERN and value[0] is None and value[1:3] == (0, 0):
            choice = _spellings(list(value[3]))
        else:
            choice = None
        count *= len(choice or ())
        if not choice or count > MOST_WORDS:
            return None
        choices.append(choice)
    return ["".join(parts) for parts in product(*choices)]
