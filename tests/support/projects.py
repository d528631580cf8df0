"""Throwaway projects: our config, theme, pages and dumps copied into a temporary folder, and built."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

from generator.build import BuildResult, build
from generator.config import Config, load_config
from tests.support.paths import ROOT, SHIPPED_DUMPS, SHIPPED_STORE

# A digest.toml with few papers a page, so that every kind of list has numbered pages.
SMALL_PAGES = {"per_page = 100": "per_page = 3", "home_papers = 50": "home_papers = 4"}


def project_copy(tmp: Path, fetched: bool = False) -> Config:
    """A throwaway project: our config, theme, pages and text dumps, with content/ in tmp; with
    `fetched`, the shipped fetched days (content/dumps/hf/) too. Without them a test's own
    fetched days are the only ones, and a build of the folder is the five text dumps'."""
    for part in ("themes", "content/pages"):
        shutil.copytree(ROOT / part, tmp / part)
    ignore = None if fetched else shutil.ignore_patterns(SHIPPED_STORE.name)
    shutil.copytree(ROOT / "content" / "dumps", tmp / "content" / "dumps", ignore=ignore)
    for name in ("digest.toml", "content/topics.toml", "content/vocabulary.tsv"):
        if (ROOT / name).exists():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / name, tmp / name)
    if (ROOT / "node_modules").exists():
        (tmp / "node_modules").symlink_to(ROOT / "node_modules")
    return load_config(tmp / "digest.toml")


def build_site(tmp: Path, dumps: list[Path] | None = None, **kwargs) -> BuildResult:
    config = project_copy(tmp)
    return build(config, dumps or SHIPPED_DUMPS, tmp / "output", strict=True, **kwargs)


def small_pages(config: Config) -> Config:
    """The project's digest.toml with few papers a page."""
    text = config.file.read_text(encoding="utf-8")
    for old, new in SMALL_PAGES.items():
        assert old in text
        text = text.replace(old, new)
    config.file.write_text(text, encoding="utf-8")
    return load_config(config.file)


class WarmProject(NamedTuple):
    """A small-paged project built once, its caches warm: what incremental builds start from."""

    config: Config
    dumps: Path
    output: Path

    def rebuild(self) -> BuildResult:
        """The project built again from its dumps folder, its digest.toml read afresh."""
        return build(load_config(self.config.file), sorted(self.dumps.glob("*.txt")), self.output, strict=True)


def warm_project(root: Path, dumps: list[Path]) -> WarmProject:
    config = small_pages(project_copy(root))
    folder = root / "dumps"
    folder.mkdir()
    for path in dumps:
        shutil.copy(path, folder / path.name)
    build(config, sorted(folder.glob("*.txt")), root / "output", strict=True)
    return WarmProject(config, folder, root / "output")
