"""A taxonomy's parts as data: rules, topics and scoring (read by topics.py, matched by topic_matcher.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """One include, weak or exclude rule: a phrase (whole words) or a regular expression."""

    source: str
    regex: re.Pattern[str]
    phrase: bool = False  # a phrase (phrase_regex of source), not a regular expression


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str
    description: str
    include: tuple[Rule, ...]
    exclude: tuple[Rule, ...] = ()
    # Generic words: they add to a topic that a strong (include) rule matched, never assign it alone.
    weak: tuple[Rule, ...] = ()


@dataclass(frozen=True)
class Scoring:
    title_weight: int = 3
    abstract_weight: int = 1
    abstract_mentions: int = 2  # a rule counts each mention in the abstract, up to this many
    min_score: int = 5
    max_topics: int = 3
