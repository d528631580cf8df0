"""The site's settings: one TOML file, checked against a typed schema at load.

Every table of digest.toml is a frozen dataclass below. Loading collects every
problem (unknown key, wrong type, bad value) and raises one `ConfigError`
listing them all, each naming its key, so a typo is never silently ignored.
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
    per_page: int = 25  # papers per page of every paginated list
    home_papers: int = 25  # papers on the first page of the home page
    workers: int = 0  # processes that render pages; 0: both cores once the digest is large


@dataclass(frozen=True)
class FeedConfig:
    items: int = 50  # newest papers in the main feed and each topic feed
    min_upvotes: int = 0  # papers below this are left out of the main feed


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


_POSITIVE = {"per_page", "home_papers", "items"}
_URL_RE = re.compile(r"^https?://[^\s/]+(/\S*)?$")


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
        elif key in ("site", "build", "feeds"):
            cls = {"site": SiteConfig, "build": BuildConfig, "feeds": FeedConfig}[key]
            sections[key] = _table(cls, key, value, errors)
        else:
            errors.append(f"unknown key '{key}' (known: site, build, feeds, dumps)")
    if errors:
        raise ConfigError("\n".join(f"{path.name}: {e}" for e in errors))
    return Config(root=root, file=path, **sections)


def with_site_url(config: Config, url: str | None) -> Config:
    if not url:
        return config
    if not _URL_RE.match(url):
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
        if key == "url" and value and not _URL_RE.match(value):
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
