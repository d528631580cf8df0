"""What tests compare built trees with: their files, a snapshot, what a build left behind,
and a clean build of a small-paged project. One place, so test modules never import each other."""

from __future__ import annotations

from pathlib import Path

from generator.build import build
from tests.support.projects import project_copy, small_pages


def tree(folder: Path, skip: frozenset[str] = frozenset()) -> dict[str, bytes]:
    """Every file of a tree but those named in `skip`, by path: its bytes."""
    files = (p for p in sorted(folder.rglob("*")) if p.is_file())
    return {name: p.read_bytes() for p in files if (name := p.relative_to(folder).as_posix()) not in skip}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int] | None]:
    """Every file and folder of a tree with its bytes and mtime: 'exactly as it was'."""
    out: dict[str, tuple[bytes, int] | None] = {}
    for p in sorted(folder.rglob("*")):
        rel = str(p.relative_to(folder))
        out[rel] = (p.read_bytes(), p.stat().st_mtime_ns) if p.is_file() else None
    return out


def leftovers(parent: Path) -> list[str]:
    """Staging or retired folders a build left beside output/."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".output"))


def clean_build(tmp: Path, dumps: list[Path], topics: str | None = None) -> dict[str, bytes]:
    """A small-paged project built from scratch in tmp: its output's files."""
    config = small_pages(project_copy(tmp))
    if topics is not None:
        (tmp / "content" / "topics.toml").write_text(topics, encoding="utf-8")
    build(config, dumps, tmp / "output", strict=True)
    return tree(tmp / "output")
