"""Throwaway projects: our config, theme, pages and dumps copied into a temporary folder, and built."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

from generator.build import BuildResult, build
from generator.config import Config, load_config
from tests.support.paths import ROOT, SHIPPED_DUMPS

# A digest.toml with few papers a page, so that every kind of list has numbered pages.
SMALL_PAGES = {"per_page = 25": "per_page = 3", "home_papers = 25": "home_papers = 4"}


def project_copy(tmp: Path) -> Config:
    """A throwaway project: our config, theme, pages and dumps, with content/ in tmp."""
    for part in ("themes", "content/pages", "content/dumps"):
        shutil.copytree(ROOT / part, tmp / part)
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
