"""The topic scoring as it was before the one-pass matcher: each topic, each rule, one regex scan.

A test oracle only (tests/test_topic_matcher.py): generator.enrich.topics.assign must give
exactly what this gives. It is the code of commit dd8afe6 without its cheap pre-tests
(needles and word sets), which a test of that commit showed never change a match.
"""

from __future__ import annotations

from generator.enrich.topics import OTHER_SLUG, Match, Rule, Scoring, Taxonomy, Topic


def spans(rule: Rule, text: str) -> list[tuple[int, int, str]]:
    found = []
    for match in rule.regex.finditer(text):
        word = " ".join(match.group().lower().split())
        if word:
            found.append((match.start(), match.end(), word))
    return found


def counted(strong: tuple[Rule, ...], weak: tuple[Rule, ...], text: str) -> list[tuple[int, bool, str]]:
    found = [
        (start, end, number, number < len(strong), word)
        for number, rule in enumerate((*strong, *weak))
        for start, end, word in spans(rule, text)
    ]
    return [
        (number, is_strong, word)
        for start, end, number, is_strong, word in found
        if not any(
            other != number
            and o_start <= start
            and end <= o_end
            and (o_end - o_start > end - start or other < number)
            and (o_strong or not is_strong)
            for o_start, o_end, other, o_strong, _ in found
        )
    ]


def score_topic(topic: Topic, title: str, abstract: str, scoring: Scoring) -> Match | None:
    text = f"{title}\n{abstract}"
    if any(rule.regex.search(text) for rule in topic.exclude):
        return None
    scores = {True: 0, False: 0}
    words: dict[str, None] = {}
    places = (
        (title, scoring.title_weight, 1),
        (abstract, scoring.abstract_weight, scoring.abstract_mentions),
    )
    for place, weight, most in places:
        mentions: dict[tuple[int, bool], int] = {}
        for number, is_strong, word in counted(topic.include, topic.weak, place):
            mentions[number, is_strong] = mentions.get((number, is_strong), 0) + 1
            words.setdefault(word, None)
        for (_, is_strong), count in mentions.items():
            scores[is_strong] += weight * min(count, most)
    if not scores[True]:
        return None
    score = scores[True] + min(scores[False], scores[True])
    return Match(topic=topic.slug, score=score, words=tuple(sorted(words)))


def assign(taxonomy: Taxonomy, title: str, abstract: str) -> tuple[Match, ...]:
    order = {t.slug: i for i, t in enumerate(taxonomy.topics)}
    found = [m for t in taxonomy.topics if (m := score_topic(t, title, abstract, taxonomy.scoring))]
    if not found:
        return (Match(topic=OTHER_SLUG, score=0, words=()),)
    found.sort(key=lambda m: (-m.score, order[m.topic]))
    kept = [m for m in found if m.score >= taxonomy.scoring.min_score] or found[:1]
    return tuple(kept[: taxonomy.scoring.max_topics])
