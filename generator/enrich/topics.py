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

Every rule of every topic is matched in one pass over a paper (topic_matcher.Matcher, an
Aho-Corasick automaton built once per taxonomy by topic_automaton.py), with the same result
as matching rule by rule (tests/support/topic_oracle.py): 20,000 papers take about 1.2 s of one core
instead of about 29 s (python -m bench.topics). A regular expression that is only whole
words (`\bLLMs?\b`) is read as its phrases when it is loaded, and every phrase as all its
British and American spellings (generator/spelling.py): the text is never rewritten.
"""

from __future__ import annotations

import hashlib
import re
import sys
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from pathlib import Path
from typing import Any

from generator import spelling
from generator.config import TOPICS_FILE, ConfigError
from generator.enrich import topic_automaton, topic_folding, topic_matcher, topic_regex, topic_rules, topic_scoring
from generator.enrich.topic_matcher import Matcher
from generator.enrich.topic_regex import whole_words
from generator.enrich.topic_rules import Rule, Scoring, Topic
from generator.parallel import chunked_map, default_workers
from generator.spelling import spellings

OTHER_SLUG = "other"
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
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
class Taxonomy:
    topics: tuple[Topic, ...] = ()
    scoring: Scoring = field(default_factory=Scoring)
    other: Topic = field(
        default_factory=lambda: Topic(OTHER_SLUG, "Other", "Papers that match no topic of the taxonomy.", ())
    )

    @cached_property
    def matcher(self) -> Matcher:
        """Every rule of every topic in one automaton, built on first use (not part of eq or repr)."""
        return Matcher(self.topics)


@dataclass(frozen=True)
class Match:
    """A paper in a topic: its score and the words that put it there."""

    topic: str
    score: int
    words: tuple[str, ...]


def phrase_regex(phrase: str, *others: str) -> re.Pattern[str]:
    """A phrase as whole words, any run of spaces or hyphens between them; with `others`,
    any of its spellings (which begin and end as it does: with a word letter or not)."""
    bodies = [r"[\s\-]+".join(re.escape(w) for w in re.split(r"[\s\-]+", p.strip()) if w) for p in (phrase, *others)]
    body = bodies[0] if len(bodies) == 1 else f"(?:{'|'.join(bodies)})"
    start = r"\b" if re.match(r"\w", phrase.strip()) else ""
    end = r"\b" if re.search(r"\w$", phrase.strip()) else ""
    return re.compile(f"{start}{body}{end}", re.IGNORECASE)


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
            words = whole_words(regex)
            spelled = tuple(dict.fromkeys(s for word in words for s in spellings(word)))
            if len(spelled) > len(words):  # a British or American spelling the expression lacks
                regex = re.compile(r"\b(?:" + "|".join(map(re.escape, spelled)) + r")\b", re.IGNORECASE)
            rules.append(Rule(source=source, regex=regex, phrases=spelled))
        else:
            phrases = spellings(source)
            rules.append(Rule(source=source, regex=phrase_regex(*phrases), phrases=phrases))
    return rules


def assign(taxonomy: Taxonomy, title: str, abstract: str) -> tuple[Match, ...]:
    """A paper's topics, best first (ties in taxonomy order); Other when none match."""
    found = taxonomy.matcher.scores(title, abstract, taxonomy.scoring)
    if not found:
        return (Match(topic=OTHER_SLUG, score=0, words=()),)
    found.sort(key=attrgetter("score"), reverse=True)  # stable: ties stay in taxonomy order
    kept = [m for m in found if m.score >= taxonomy.scoring.min_score] or found[:1]
    text = f"{title}\n{abstract}"
    return tuple(
        Match(topic=taxonomy.topics[m.topic].slug, score=m.score, words=topic_scoring.words(text, m.spans))
        for m in kept[: taxonomy.scoring.max_topics]
    )


def topic_abstract(abstract: str, keywords: Sequence[str] = ()) -> str:
    """The abstract as the rules read it: Hugging Face's `ai_keywords` of the paper after it, so
    that each keyword a rule matches counts as a mention in the abstract (up to
    abstract_mentions, like any other). A semicolon between them: no phrase runs across two."""
    return abstract + "".join(f"\n; {keyword}" for keyword in keywords)


def paper_key(title: str, abstract: str) -> str:
    """What a paper's topics depend on besides the taxonomy: its title and abstract."""
    return hashlib.sha1(f"{title}\0{abstract}".encode()).hexdigest()


def taxonomy_key(taxonomy: Taxonomy) -> str:
    """Changes whenever the taxonomy or the code that applies it changes."""
    modules = (
        sys.modules[__name__],
        topic_rules,
        topic_regex,
        topic_folding,
        topic_automaton,
        topic_matcher,
        topic_scoring,
        spelling,
    )
    code = b"".join(Path(module.__file__).read_bytes() for module in modules)
    return hashlib.sha256(repr(taxonomy).encode() + code).hexdigest()[:20]


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
    if todo:
        taxonomy.matcher  # built here, once: forked workers inherit it  # noqa: B018
    found = chunked_map(
        lambda chunk: [assign(taxonomy, title, abstract) for _, _, title, abstract in chunk],
        todo,
        workers or default_workers(len(todo)),
    )
    fresh = {key: matches for (_, key, _, _), matches in zip(todo, found, strict=True)}
    return {slug: known[key] if key in known else fresh[key] for slug, key, _, _ in items}


def all_topics(taxonomy: Taxonomy) -> tuple[Topic, ...]:
    return (*taxonomy.topics, taxonomy.other)
