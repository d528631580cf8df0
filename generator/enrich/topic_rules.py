"""A taxonomy's parts as data: rules, topics and scoring (read by topics.py, compiled by topic_automaton.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """One include, weak or exclude rule: a phrase (whole words) or a regular expression.

    `regex` is what the rule matches, rule by rule. `phrases` say the same in phrases when
    they can: a phrase rule is its own phrase, a regular expression of whole words only
    (`\\bLLMs?\\b`) is its words ("LLMs", "LLM"); other regular expressions have none.
    """

    source: str
    regex: re.Pattern[str]
    phrases: tuple[str, ...] = ()


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
