"""A topic's score from its rules' matches in a paper (the rules are in topics.py's docstring).

A match is a Span, a plain tuple (topic, start, end, rule number) in title + "\\n" +
abstract: a paper has dozens, made in the matcher's inner loop, and sorting them as
tuples orders them by topic, then by place. A rule number below the topic's `strong`
is an include rule, the others are weak.
"""

from __future__ import annotations

from typing import NamedTuple

from generator.enrich.topic_rules import Scoring

Span = tuple[int, int, int, int]  # (topic, start, end, rule number)


class TopicScore(NamedTuple):
    """A topic a paper is in: its number in the taxonomy, its score and the matches that count.

    A named tuple, not a frozen dataclass: a paper has several, and a frozen dataclass takes
    three times as long to make (it sets each field through object.__setattr__)."""

    topic: int
    score: int
    spans: list[Span]


def counted(spans: list[Span], strong: int) -> list[Span]:
    """The matches of a topic in one text that count, from its matches sorted by start: not one
    inside a longer match of another rule, nor one at the place an earlier rule matched, except
    that a weak word never hides a strong one.

    Only matches that overlap can hide one another: each run of overlapping matches is
    compared within itself."""
    kept: list[Span] = []
    run: list[Span] = []
    reach = -1
    for span in spans:
        if span[1] >= reach:
            kept += run if len(run) < 2 else _visible(run, strong)
            run = [span]
        else:
            run.append(span)
        reach = max(reach, span[2])
    return kept + (run if len(run) < 2 else _visible(run, strong))


def _visible(run: list[Span], strong: int) -> list[Span]:
    """The matches of a run of overlapping matches that no other match of it hides."""
    out = []
    for span in run:
        _, start, end, number = span
        length, weak = end - start, number >= strong
        for _, other_start, other_end, other in run:
            if (
                other != number
                and other_start <= start
                and end <= other_end
                and (other_end - other_start > length or other < number)
                and (weak or other < strong)
            ):
                break  # hidden
        else:
            out.append(span)
    return out


def score(spans: list[Span], strong: int, split: int, scoring: Scoring) -> tuple[int, list[Span]]:
    """A topic's score and the matches that count, from its matches sorted by start (one of
    them an include rule's; `split`: where the title ends). Each rule counts title_weight in
    the title, abstract_weight per mention in the abstract, at most abstract_mentions times;
    the weak rules add at most what the include rules scored."""
    if _overlapping(spans):
        spans = counted(spans, strong)  # one match may hide another
    in_title: set[int] = set()
    mentions: dict[int, int] = {}
    for _, _, end, number in spans:
        if end <= split:
            in_title.add(number)
        else:
            mentions[number] = mentions.get(number, 0) + 1
    title_weight, abstract_weight, most = scoring.title_weight, scoring.abstract_weight, scoring.abstract_mentions
    points = [0, 0]  # weak, strong
    for number in in_title:
        points[number < strong] += title_weight
    for number, count in mentions.items():
        points[number < strong] += abstract_weight * (count if count < most else most)
    weak_score, strong_score = points
    return strong_score + min(weak_score, strong_score), spans


def _overlapping(spans: list[Span]) -> bool:
    """Whether two matches sorted by start overlap."""
    previous_end = -1
    for _, start, end, _ in spans:
        if start < previous_end:
            return True
        previous_end = end
    return False


def words(text: str, spans: list[Span]) -> tuple[str, ...]:
    """The distinct words of a topic's matches in title + "\\n" + abstract, lowercased, sorted."""
    return tuple(sorted({" ".join(text[start:end].lower().split()) for _, start, end, _ in spans}))
