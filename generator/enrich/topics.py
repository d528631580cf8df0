"""Topics: a user-edited taxonomy (content/topics.toml) and the papers each topic holds.

A topic has include rules (phrases or regular expressions, case-insensitive) and
optional exclude rules. A rule matched in the title counts `title_weight`, one
matched in the abstract counts `abstract_weight`; a paper's topics are those
scoring at least `min_score`, best first, at most `max_topics`. A paper whose
best score is below `min_score` keeps its single best topic; a paper that
matches nothing goes to "Other". Every topic remembers the words that matched,
so a page can say why a paper is where it is.
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
_TOPIC_KEYS = ("slug", "title", "description", "include", "include_regex", "exclude", "exclude_regex")
_SCORING_KEYS = ("title_weight", "abstract_weight", "min_score", "max_topics")


class TopicsError(ConfigError):
    """topics.toml is not a valid taxonomy; one line per problem, naming the topic."""


@dataclass(frozen=True)
class Rule:
    """One include or exclude rule: a phrase (whole words) or a regular expression."""

    source: str
    regex: re.Pattern[str]
    # A casefolded word every match contains: a cheap test that skips most regex scans.
    needle: str = ""

    def find(self, text: str, folded: str | None = None) -> list[str]:
        """The distinct matched words, lowercased, in order of first appearance.

        `folded` is text.casefold(), or None when it cannot be trusted to hold the needle.
        """
        if self.needle and folded is not None and self.needle not in folded:
            return []
        seen: dict[str, None] = {}
        for match in self.regex.finditer(text):
            seen.setdefault(" ".join(match.group().lower().split()), None)
        return [word for word in seen if word]


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str
    description: str
    include: tuple[Rule, ...]
    exclude: tuple[Rule, ...] = ()


@dataclass(frozen=True)
class Scoring:
    title_weight: int = 3
    abstract_weight: int = 1
    min_score: int = 2
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
    for key in ("include", "include_regex", "exclude", "exclude_regex"):
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
            rules.append(Rule(source=source, regex=phrase_regex(source), needle=phrase_needle(source)))
    return rules


def _folded(text: str) -> str | None:
    """text.casefold() for needle tests, unless it holds the two letters that
    re.IGNORECASE matches to i/I but casefold() does not fold to them."""
    return None if "\u0130" in text or "\u0131" in text else text.casefold()


def score_topic(
    topic: Topic, title: str, abstract: str, scoring: Scoring, folded: tuple[str | None, str | None] | None = None
) -> Match | None:
    """How well a paper fits a topic; None when it does not (or an exclude rule matches)."""
    text = f"{title}\n{abstract}"
    if any(rule.regex.search(text) for rule in topic.exclude):
        return None
    title_folded, abstract_folded = folded or (_folded(title), _folded(abstract))
    score, words = 0, {}
    for rule in topic.include:
        in_title = rule.find(title, title_folded)
        in_abstract = rule.find(abstract, abstract_folded)
        if in_title:
            score += scoring.title_weight
        if in_abstract:
            score += scoring.abstract_weight
        for word in in_title + in_abstract:
            words.setdefault(word, None)
    if not score:
        return None
    return Match(topic=topic.slug, score=score, words=tuple(sorted(words)))


def assign(taxonomy: Taxonomy, title: str, abstract: str) -> tuple[Match, ...]:
    """A paper's topics, best first (ties in taxonomy order); Other when none match."""
    order = {t.slug: i for i, t in enumerate(taxonomy.topics)}
    folded = (_folded(title), _folded(abstract))
    found = [m for t in taxonomy.topics if (m := score_topic(t, title, abstract, taxonomy.scoring, folded))]
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
