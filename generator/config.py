"""The site's settings: one TOML file, checked against a typed schema at load.

Every table of digest.toml is a frozen dataclass below. Loading collects every
problem (unknown key, wrong type, bad value) and raises one `ConfigError`
listing them all, each naming its key, so a typo is never silently ignored.
The reader's own feeds are `[[feed]]` tables (`CustomFeed`), each problem naming
its feed; the topics and organisations they name are checked once the digest is
known, when the feeds are planned (generator/outputs/feeds.py).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any, get_type_hints

from generator.problems import DigestError

CONFIG_FILE = "digest.toml"
# What else a build reads, besides the dumps:
TOPICS_FILE = "topics.toml"  # in content/: the taxonomy
VOCABULARY_FILE = "vocabulary.tsv"  # in content/: how many papers hold each term (similar papers)
HAND_WRITTEN = "pages"  # in content/: about.md and any page you add
LUNR_JS = Path("node_modules") / "lunr" / "lunr.min.js"  # where npm installs it, under the project root


class ConfigError(DigestError):
    pass


@dataclass(frozen=True)
class SiteConfig:
    title: str = "Paper Digest"
    description: str = "Papers from Hugging Face Daily Papers, searchable and subscribable."
    url: str = ""  # absolute URL the site is published at; empty: relative links only
    language: str = "en"


@dataclass(frozen=True)
class BuildConfig:
    dumps: str = "content/dumps"
    content: str = "content"
    output: str = "output"
    theme: str = "themes/digest"
    cache: str = ".cache"
    per_page: int = 100  # papers per page of every paginated list
    home_papers: int = 50  # papers on each page of the home page
    top_papers: int = 1000  # papers on the Top pages: the most upvoted
    workers: int = 0  # processes that render pages; 0: both cores once the digest is large


@dataclass(frozen=True)
class FeedConfig:
    items: int = 50  # newest papers in the main feed and each topic feed
    min_upvotes: int = 0  # papers below this are left out of the main feed


@dataclass(frozen=True)
class CustomFeed:
    """One `[[feed]]` table: a feed of the papers its rules select, beside the main and topic feeds.

    A paper is in it when an `include` phrase matches its title or abstract (if any are
    given), no `exclude` phrase does, it has one of the `topics`, is from one of the
    `orgs` and by one of the `authors` (if given), and its known upvotes reach `min_upvotes` (if above 0).
    """

    name: str  # lowercase letters, digits and hyphens: its files are feeds/custom/<name>.{rss,atom}.xml
    title: str
    include: tuple[str, ...] = ()  # words or phrases, matched as topics match them (whole words, any case)
    exclude: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()  # topic slugs of topics.toml (or "other")
    orgs: tuple[str, ...] = ()  # Hub organisation slugs, as in Org.slug
    authors: tuple[str, ...] = ()  # author names as Hugging Face gives them (any case); pasted papers have none
    min_upvotes: int = 0


@dataclass(frozen=True)
class DumpConfig:
    """What the user states about one dump: its capture year, or the whole day."""

    year: int | None = None
    captured: date | None = None


@dataclass(frozen=True)
class Config:
    site: SiteConfig = field(default_factory=SiteConfig)
    build: BuildConfig = field(default_factory=BuildConfig)
    feeds: FeedConfig = field(default_factory=FeedConfig)
    dumps: dict[str, DumpConfig] = field(default_factory=dict)
    custom_feeds: tuple[CustomFeed, ...] = ()  # the [[feed]] tables, in file order
    root: Path = Path(".")
    file: Path = Path(CONFIG_FILE)  # where the settings were read from (or would be)

    def path(self, relative: str) -> Path:
        return self.root / relative

    def stated_years(self, override: int | None = None) -> dict[str, int]:
        """Capture years the user stated: `--year` wins over digest.toml."""
        years = {}
        for name, dump in self.dumps.items():
            year = dump.captured.year if dump.captured else dump.year
            if year is not None:
                years[name] = year
        return {name: override for name in years} if override else years


_POSITIVE = {"per_page", "home_papers", "top_papers", "items"}
# No white space, quote, <, >, = or backtick: pages write URLs under the site's unquoted (base.html).
_URL_RE = re.compile(r"^https?://[^\s/\"'<>=`]+(/[^\s\"'<>=`]*)?$")
_FEED_NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FEED_KEYS = tuple(f.name for f in fields(CustomFeed))
_FEED_LISTS = ("include", "exclude", "topics", "orgs", "authors")
_RESERVED_FEED_NAMES = ("all",)  # the main feed's name: one feed called "all" is enough
_KNOWN = "site, build, feeds, feed, dumps"


def load_config(path: Path | None = None, root: Path | None = None) -> Config:
    """Read digest.toml (defaults if absent); raise ConfigError listing all problems."""
    root = root or (path.parent if path else Path("."))
    path = path or root / CONFIG_FILE
    if not path.exists():
        return Config(root=root, file=path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    errors: list[str] = []
    sections: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "dumps":
            sections["dumps"] = _dumps(value, errors)
        elif key == "feed":
            sections["custom_feeds"] = _custom_feeds(value, errors)
        elif key == "feeds" and isinstance(value, list):
            errors.append("'feeds' must be a table ([feeds]); your own feeds are [[feed]] tables")
        elif key in ("site", "build", "feeds"):
            cls = {"site": SiteConfig, "build": BuildConfig, "feeds": FeedConfig}[key]
            sections[key] = _table(cls, key, value, errors)
        else:
            errors.append(f"unknown key '{key}' (known: {_KNOWN})")
    if errors:
        raise ConfigError("\n".join(f"{path.name}: {e}" for e in errors))
    return Config(root=root, file=path, **sections)


def with_site_url(config: Config, url: str | None) -> Config:
    if not url:
        return config
    if not _URL_RE.fullmatch(url):
        raise ConfigError(f"--site-url: {url!r} is not an http(s) URL")
    return replace(config, site=replace(config.site, url=url))


def _table(cls: type, name: str, raw: Any, errors: list[str]) -> Any:
    if not isinstance(raw, dict):
        errors.append(f"'{name}' must be a table")
        return cls()
    hints = get_type_hints(cls)
    known = {f.name for f in fields(cls)}
    values = {}
    for key, value in raw.items():
        where = f"{name}.{key}"
        if key not in known:
            errors.append(f"unknown key '{where}' (known: {', '.join(sorted(known))})")
            continue
        problem = _check(where, key, hints[key], value)
        if problem:
            errors.append(problem)
        else:
            values[key] = value
    return cls(**values)


def _check(where: str, key: str, hint: Any, value: Any) -> str | None:
    if hint is int or hint == int | None:
        if not isinstance(value, int) or isinstance(value, bool):
            return f"'{where}' must be a whole number, not {value!r}"
        if key in _POSITIVE and value < 1:
            return f"'{where}' must be at least 1, not {value}"
        if key in ("min_upvotes", "workers") and value < 0:
            return f"'{where}' must not be negative"
        if key == "year" and not 1990 <= value <= 2200:
            return f"'{where}' is not a plausible year: {value}"
    elif hint is str:
        if not isinstance(value, str):
            return f"'{where}' must be a string, not {value!r}"
        if key == "url" and value and not _URL_RE.fullmatch(value):
            return f"'{where}' must be an http(s) URL, not {value!r}"
    elif hint == date | None and not isinstance(value, date):
        return f"'{where}' must be a date like 2025-12-12, not {value!r}"
    return None


def _dumps(raw: Any, errors: list[str]) -> dict[str, DumpConfig]:
    if not isinstance(raw, dict):
        errors.append("'dumps' must be a table of dump file names")
        return {}
    out = {}
    for name, table in raw.items():
        dump = _table(DumpConfig, f'dumps."{name}"', table, errors)
        if dump.year and dump.captured and dump.year != dump.captured.year:
            errors.append(f"'dumps.\"{name}\"': year {dump.year} contradicts captured {dump.captured}")
        out[name] = dump
    return out


def _custom_feeds(raw: Any, errors: list[str]) -> tuple[CustomFeed, ...]:
    if not isinstance(raw, list):
        errors.append("'feed' must be an array of tables: write each feed as [[feed]]")
        return ()
    feeds: list[CustomFeed] = []
    for index, table in enumerate(raw, 1):
        feed = _custom_feed(table, index, errors)
        if feed is None:
            continue
        if any(f.name == feed.name for f in feeds):
            errors.append(f"feed '{feed.name}': name used by two feeds")
            continue
        feeds.append(feed)
    return tuple(feeds)


def _custom_feed(raw: Any, index: int, errors: list[str]) -> CustomFeed | None:
    """One [[feed]] table, or None (its problems added to `errors`, each naming the feed)."""
    if not isinstance(raw, dict):
        errors.append(f"feed #{index}: must be a table ([[feed]])")
        return None
    name = raw.get("name")
    label = f"feed {name!r}" if isinstance(name, str) and name.strip() else f"feed #{index}"
    before = len(errors)

    def problem(message: str) -> None:
        errors.append(f"{label}: {message}")

    for key in raw:
        if key not in _FEED_KEYS:
            problem(f"unknown key '{key}' (known: {', '.join(sorted(_FEED_KEYS))})")
    for key in ("name", "title"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            problem(f"'{key}' must be a non-empty string")
    if isinstance(name, str) and name.strip() and not _FEED_NAME_RE.match(name):
        problem("'name' must be lowercase letters, digits and single hyphens (it names the feed's files)")
    if name in _RESERVED_FEED_NAMES:
        problem(f"the name '{name}' is reserved (the feed of all papers)")
    lists: dict[str, tuple[str, ...]] = {}
    for key in _FEED_LISTS:
        value = raw.get(key, [])
        # A phrase of nothing but spaces and hyphens has no word to match: it would match everything.
        if not isinstance(value, list) or not all(isinstance(v, str) and re.search(r"[^\s\-]", v) for v in value):
            problem(f'\'{key}\' must be a list of non-empty strings, like ["word", "a phrase"], not {value!r}')
        else:
            lists[key] = tuple(v.strip() for v in value)
    upvotes = raw.get("min_upvotes", 0)
    bad_upvotes = _check("min_upvotes", "min_upvotes", int, upvotes)
    if bad_upvotes:
        problem(bad_upvotes)
    elif not (any(raw.get(key) for key in _FEED_LISTS) or upvotes):
        problem(f"needs at least one rule: {', '.join(_FEED_LISTS)} or min_upvotes")
    if len(errors) > before:
        return None
    return CustomFeed(name=name, title=raw["title"].strip(), min_upvotes=upvotes, **lists)
