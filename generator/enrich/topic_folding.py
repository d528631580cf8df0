"""Text as re.IGNORECASE compares it: each letter folded, each space or hyphen a space.

Two letters match under re.IGNORECASE exactly when they fold to the same letter, so a
rule's words folded and a paper's text folded can be compared letter by letter (by the
automaton of topic_automaton.py). Folding keeps one letter for one letter, so a place in
the folded text is the same place in the paper; only normalise() takes letters out, and
says where.
"""

from __future__ import annotations

import re
import re._casefix
from bisect import bisect_left
from dataclasses import dataclass

# What phrase_regex's [\s\-]+ matches: the whitespace of re (str.isspace) and the hyphen.
SEPARATORS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f -\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# Lowercase letters that re.IGNORECASE takes as one letter although lower() keeps them apart,
# read from re's own table (each lowercase letter -> the others of its class): each class
# folds to its first letter.
FOLD_CLASSES = tuple(
    sorted({"".join(sorted(map(chr, (lower, *others)))) for lower, others in re._casefix._EXTRA_CASES.items()})
)
_FOLD = {ord(letter): cls[0] for cls in FOLD_CLASSES for letter in cls[1:]}
_NON_ASCII_TABLE = {**{ord(c): " " for c in SEPARATORS if c != " "}, **_FOLD}
_NON_ASCII = re.compile("[" + re.escape("".join(map(chr, _NON_ASCII_TABLE))) + "]")
_ASCII_SEPARATORS = bytes(ord(c) for c in SEPARATORS if c < "\x80" and c != " ")
_ASCII_TABLE = bytes.maketrans(
    bytes(range(ord("A"), ord("Z") + 1)) + _ASCII_SEPARATORS,
    bytes(range(ord("a"), ord("z") + 1)) + b" " * len(_ASCII_SEPARATORS),
)
_SPACE_RUN = re.compile("  +")


def fold(text: str) -> str:
    """Each letter as re.IGNORECASE compares it and each separator a space, one letter for one."""
    if text.isascii():
        return text.encode().translate(_ASCII_TABLE).decode()
    folded = text.replace("\u0130", "i").lower()  # the one letter whose lower() is two letters
    return _NON_ASCII.sub(lambda m: _NON_ASCII_TABLE[ord(m.group())], folded)


@dataclass(frozen=True, slots=True)
class Normalised:
    """A text folded, with each run of separators longer than some length made a single space.

    Letter i of `text` is letter i + shifts[bisect_left(spaces, i)] of the original:
    `spaces` are the places of the shortened runs in `text`, `shifts` what the runs before
    each took out, from 0.
    """

    text: str
    spaces: tuple[int, ...] = ()
    shifts: tuple[int, ...] = (0,)

    def original(self, place: int) -> int:
        """Where letter `place` of the normalised text is in the original."""
        return place + self.shifts[bisect_left(self.spaces, place)]


def normalise(text: str, longest: int = 1) -> Normalised:
    """fold(text), each run of more than `longest` separators made a single space."""
    folded = fold(text)
    if " " * (longest + 1) not in folded:
        return Normalised(folded)
    spaces: list[int] = []
    shifts = [0]
    parts: list[str] = []
    start = 0
    for run in _SPACE_RUN.finditer(folded):
        parts.append(folded[start : run.start() + 1])
        spaces.append(run.start() - shifts[-1])
        shifts.append(shifts[-1] + run.end() - run.start() - 1)
        start = run.end()
    parts.append(folded[start:])
    return Normalised("".join(parts), tuple(spaces), tuple(shifts))
