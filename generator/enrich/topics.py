"""Topics: a user-edited taxonomy (content/topics.toml) and the papers each topic holds.

A topic has include rules (specific phrases or regular expressions, case-insensitive),
optional weak rules (generic words) and optional exclude rules. A rule matched in the
title counts `title_weight`; in the abstract it counts `abstract_weight` per mention,
at most `abstract_mentions` times. A match inside a longer match of another rule of the
topic counts only as the longer one, and words two rules match count once, but a weak
word never hides an include phrase. Weak rules count only for a topic that an include
rule matched, and add at most what the include rules scored: a generic word never puts
a paper in a topic. A paper's topics are those scoring at least `min_score`, best
first, at most `max_topics`. A paper whose best score is below `min_score` keeps its
single best topic; a paper that no include rule matches goes to "Other". Every topic
remembers the words that matched, so a page can say why a paper is where it is.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.config import ConfigError
from generator.parallel import chunked_map, default_workers

TOPICS_FILE = "topics.toml"
OTHER_SLUG = "other"
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_WORD_RE = re.compile(r"\w+")
# Letters that break the cheap tests of a casefolded text (see _folded); tests recompute the list.
_UNFOLDED = re.compile(
    "[\u0130\u0131\u01f0\u0345\u0390\u03b0\u1e96-\u1e99\u1f50\u1f52\u1f54\u1f56"
    "\u1fb6\u1fb7\u1fc6\u1fc7\u1fd2\u1fd3\u1fd6\u1fd7\u1fe2-\u1fe4\u1fe6\u1fe7\u1ff6\u1ff7]"
)
_TOPIC_KEYS = (
    "slug",
    "title",
    "description",
    "include",
    "include_regex",
    "weak",
    "weak_regex",
    "exclude",
    "exclude_regex",
)
_SCORING_KEYS = ("title_weight", "abstract_weight", "abstract_mentions", "min_score", "max_topics")


class TopicsError(ConfigError):
    """topics.toml is not a valid taxonomy; one line per problem, naming the topic."""


@dataclass(frozen=True)
class Rule:
    """One include, weak or exclude rule: a phrase (whole words) or a regular expression."""

    source: str
    regex: re.Pattern[str]
    # A casefolded word every match contains: a cheap test that skips most regex scans.
    needle: str = ""
    # For a phrase of plain ASCII words: each is a whole word of any text it matches,
    # a cheaper and stricter test than the needle.
    # Derived from `source`, and left out of repr: a set's order changes with the hash seed, and the
    # repr keys the topics cache (taxonomy_key), which must be the same in every process.
    words: frozenset[str] = field(default=frozenset(), repr=False)

    def find(self, text: str, folded: str | None = None) -> list[str]:
        """The distinct matched words, lowercased, in order of first appearance.

        `folded` is text.casefold(), or None when it cannot be trusted to hold the needle.
        """
        return list(dict.fromkeys(word for _, _, word in self.spans(text, folded)))

    def spans(
        self, text: str, folded: str | None = None, words: frozenset[str] | None = None
    ) -> list[tuple[int, int, str]]:
        """Every match as (start, end, lowercased word), in order.

        `folded` as for find(); `words` is _words(folded), or None to skip that test.
        """
        if folded is not None:
            if self.words and words is not None:
                if not self.words <= words:
                    return []
            elif self.needle and self.needle not in folded:
                return []
        found = []
        for match in self.regex.finditer(text):
            word = " ".join(match.group().lower().split())
            if word:
                found.append((match.start(), match.end(), word))
        return found


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


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Topic, ...] = ()
    scoring: Scoring = field(default_factory=Scoring)
    other: Topic = field(
        default_factory=lambda: Topic(OTHER_SLUG, "Other", "Papers that match no topic of the taxonomy.", ())
    )


@dataclass(frozen=True)
class Match:
    """A paper in a topic: its score and the words that put it there."""

    topic: str
    score: int
    words: tuple[str, ...]


def phrase_regex(phrase: str) -> re.Pattern[str]:
    """A phrase as whole words, any run of spaces or hyphens between them."""
    words = [re.escape(w) for w in re.split(r"[\s\-]+", phrase.strip()) if w]
    body = r"[\s\-]+".join(words)
    start = r"\b" if re.match(r"\w", phrase.strip()) else ""
    end = r"\b" if re.search(r"\w$", phrase.strip()) else ""
    return re.compile(f"{start}{body}{end}", re.IGNORECASE)


def phrase_words(phrase: str) -> frozenset[str]:
    """The casefolded words of a phrase made of plain ASCII words; empty for any other phrase."""
    words = [w for w in re.split(r"[\s\-]+", phrase.strip()) if w]
    if not all(w.isascii() and _WORD_RE.fullmatch(w) for w in words):
        return frozenset()
    return frozenset(w.casefold() for w in words)


def phrase_needle(phrase: str) -> str:
    """The longest ASCII word of a phrase, casefolded: every match of the phrase holds it."""
    words = [w for w in re.split(r"[\s\-]+", phrase.strip()) if w.isascii()]
    return max(words, key=len, default="").casefold()


def load_taxonomy(path: Path) -> Taxonomy:
    """Read topics.toml (no file: no topics, every paper in Other); raise TopicsError."""
    if not path.exists():
        return Taxonomy()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TopicsError(f"{path.name}: not valid TOML: {exc}") from None
    return parse_taxonomy(raw, path.name)


def parse_taxonomy(raw: dict[str, Any], name: str = TOPICS_FILE) -> Taxonomy:
    errors: list[str] = []
    scoring = Scoring()
    topics: list[Topic] = []
    for key, value in raw.items():
        if key == "scoring":
            scoring = _scoring(value, errors)
        elif key == "topic":
            if not isinstance(value, list):
                errors.append("'topic' must be an array of tables ([[topic]])")
                continue
            for index, table in enumerate(value, 1):
                topic = _topic(table, index, errors)
                if topic is not None:
                    topics.append(topic)
        else:
            errors.append(f"unknown key '{key}' (known: scoring, topic)")
    seen: set[str] = set()
    for topic in topics:
        if topic.slug in seen:
            errors.append(f"topic '{topic.slug}': slug used by two topics")
        seen.add(topic.slug)
    if errors:
        raise TopicsError("\n".join(f"{name}: {e}" for e in errors))
    return Taxonomy(topics=tuple(topics), scoring=scoring)


def _scoring(raw: Any, errors: list[str]) -> Scoring:
    if not isinstance(raw, dict):
        errors.append("'scoring' must be a table")
        return Scoring()
    values = {}
    for key, value in raw.items():
        if key not in _SCORING_KEYS:
            errors.append(f"unknown key 'scoring.{key}' (known: {', '.join(_SCORING_KEYS)})")
        elif not isinstance(value, int) or isinstance(value, bool) or value < 1:
            errors.append(f"'scoring.{key}' must be a whole number of at least 1, not {value!r}")
        else:
            values[key] = value
    return Scoring(**values)


def _topic(raw: Any, index: int, errors: list[str]) -> Topic | None:
    if not isinstance(raw, dict):
        errors.append(f"topic #{index}: must be a table")
        return None
    slug = raw.get("slug")
    name = f"topic '{slug}'" if isinstance(slug, str) and slug else f"topic #{index}"
    before = len(errors)
    for key in raw:
        if key not in _TOPIC_KEYS:
            errors.append(f"{name}: unknown key '{key}' (known: {', '.join(_TOPIC_KEYS)})")
    for key in ("slug", "title", "description"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            errors.append(f"{name}: '{key}' must be a non-empty string")
    if isinstance(slug, str) and slug and not _SLUG_RE.match(slug):
        errors.append(f"{name}: slug must be lowercase letters, digits and single hyphens")
    if slug in (OTHER_SLUG, "index"):
        errors.append(f"{name}: the slug '{slug}' is reserved (Other holds papers that match no topic)")
    rules: dict[str, list[Rule]] = {}
    for key in ("include", "include_regex", "weak", "weak_regex", "exclude", "exclude_regex"):
        rules[key] = _rules(raw.get(key, []), key, name, errors)
    if not (raw.get("include") or raw.get("include_regex")):
        errors.append(f"{name}: needs at least one 'include' or 'include_regex' rule")
    if len(errors) > before:
        return None
    return Topic(
        slug=slug,
        title=raw["title"].strip(),
        description=" ".join(raw["description"].split()),
        include=tuple(rules["include"] + rules["include_regex"]),
        exclude=tuple(rules["exclude"] + rules["exclude_regex"]),
        weak=tuple(rules["weak"] + rules["weak_regex"]),
    )


def _rules(raw: Any, key: str, name: str, errors: list[str]) -> list[Rule]:
    if not isinstance(raw, list) or not all(isinstance(r, str) and r.strip() for r in raw):
        errors.append(f"{name}: '{key}' must be a list of non-empty strings")
        return []
    rules = []
    for source in raw:
        if key.endswith("_regex"):
            try:
                regex = re.compile(source, re.IGNORECASE)
            except re.error as exc:
                errors.append(f"{name}: bad regular expression {source!r} in '{key}': {exc}")
                continue
            if regex.match(""):
                errors.append(f"{name}: regular expression {source!r} in '{key}' matches empty text")
                continue
            rules.append(Rule(source=source, regex=regex))
        else:
            rules.append(
                Rule(
                    source=source, regex=phrase_regex(source), needle=phrase_needle(source), words=phrase_words(source)
                )
            )
    return rules


def _folded(text: str) -> str | None:
    """text.casefold() for the cheap tests, unless it holds a letter that re.IGNORECASE
    matches to an ASCII letter that casefold() does not fold to (U+0130, U+0131), or one whose
    casefold() is not a word character where the letter is, or the reverse (_UNFOLDED)."""
    return None if _UNFOLDED.search(text) else text.casefold()


def _words(folded: str | None) -> frozenset[str] | None:
    """The words of a casefolded text, for Rule.words."""
    return None if folded is None else frozenset(_WORD_RE.findall(folded))


def _counted(
    strong: tuple[Rule, ...], weak: tuple[Rule, ...], text: str, folded: str | None, words: frozenset[str] | None
) -> list[tuple[int, bool, str]]:
    """The matches of a topic's rules in one text that count, as (rule number, strong?, word).

    A match inside a longer match of another rule does not count ("language models"
    inside "large language models"), nor one that an earlier rule matched at the same
    place, except that a weak word never hides a strong one.
    """
    found = [
        (start, end, number, number < len(strong), word)
        for number, rule in enumerate((*strong, *weak))
        for start, end, word in rule.spans(text, folded, words)
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


def _prepare(text: str) -> tuple[str | None, frozenset[str] | None]:
    """A text's casefolded form and words, computed once for every rule's cheap tests."""
    folded = _folded(text)
    return folded, _words(folded)


def score_topic(
    topic: Topic,
    title: str,
    abstract: str,
    scoring: Scoring,
    prepared: tuple[tuple[str | None, frozenset[str] | None], ...] | None = None,
) -> Match | None:
    """How well a paper fits a topic; None when it does not (or an exclude rule matches).

    Each rule counts title_weight when it is in the title and abstract_weight for each
    mention in the abstract, at most abstract_mentions times. Weak rules count only when
    an include rule matched, and add at most as much as the include rules scored.
    """
    text = f"{title}\n{abstract}"
    if any(rule.regex.search(text) for rule in topic.exclude):
        return None
    (title_folded, title_words), (abstract_folded, abstract_words) = prepared or (_prepare(title), _prepare(abstract))
    scores = {True: 0, False: 0}  # strong?: score
    words: dict[str, None] = {}
    places = (
        (title, title_folded, title_words, scoring.title_weight, 1),
        (abstract, abstract_folded, abstract_words, scoring.abstract_weight, scoring.abstract_mentions),
    )
    for place, folded, place_words, weight, most in places:
        mentions: dict[tuple[int, bool], int] = {}
        for number, is_strong, word in _counted(topic.include, topic.weak, place, folded, place_words):
            mentions[number, is_strong] = mentions.get((number, is_strong), 0) + 1
            words.setdefault(word, None)
        for (_, is_strong), count in mentions.items():
            scores[is_strong] += weight * min(count, most)
    if not scores[True]:
        return None
    score = scores[True] + min(scores[False], scores[True])
    return Match(topic=topic.slug, score=score, words=tuple(sorted(words)))


def assign(taxonomy: Taxonomy, title: str, abstract: str) -> tuple[Match, ...]:
    """A paper's topics, best first (ties in taxonomy order); Other when none match."""
    order = {t.slug: i for i, t in enumerate(taxonomy.topics)}
    prepared = (_prepare(title), _prepare(abstract))
    found = [m for t in taxonomy.topics if (m := score_topic(t, title, abstract, taxonomy.scoring, prepared))]
    if not found:
        return (Match(topic=OTHER_SLUG, score=0, words=()),)
    found.sort(key=lambda m: (-m.score, order[m.topic]))
    kept = [m for m in found if m.score >= taxonomy.scoring.min_score] or found[:1]
    return tuple(kept[: taxonomy.scoring.max_topics])


def paper_key(title: str, abstract: str) -> str:
    """What a paper's topics depend on besides the taxonomy: its title and abstract."""
    return hashlib.sha1(f"{title}\0{abstract}".encode()).hexdigest()


def taxonomy_key(taxonomy: Taxonomy) -> str:
    """Changes whenever the taxonomy or the code that applies it changes."""
    return hashlib.sha256(repr(taxonomy).encode() + Path(__file__).read_bytes()).hexdigest()[:20]


def assign_all(
    taxonomy: Taxonomy,
    papers: Iterable[tuple[str, str, str]],
    workers: int = 0,
    known: Mapping[str, tuple[Match, ...]] | None = None,
) -> dict[str, tuple[Match, ...]]:
    """slug -> topics, for (slug, title, abstract) triples; both cores for large digests.

    `known` maps paper_key -> topics already assigned with this taxonomy: only the
    other papers are scored.
    """
    known = known or {}
    items = [(slug, paper_key(title, abstract), title, abstract) for slug, title, abstract in papers]
    todo = [item for item in items if item[1] not in known]
    found = chunked_map(
        lambda chunk: [assign(taxonomy, title, abstract) for _, _, title, abstract in chunk],
        todo,
        workers or default_workers(len(todo)),
    )
    fresh = {key: matches for (_, key, _, _), matches in zip(todo, found, strict=True)}
    return {slug: known[key] if key in known else fresh[key] for slug, key, _, _ in items}


def all_topics(taxonomy: Taxonomy) -> tuple[Topic, ...]:
    return (*taxonomy.topics, taxonomy.other)
