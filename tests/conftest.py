"""Shared fixtures: the shipped dumps, a built site, a local server, a browser."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build import BuildResult, build
from generator.config import TOPICS_FILE, Config, load_config
from generator.enrich.digest import enrich
from generator.enrich.topics import load_taxonomy
from generator.inputs.ingest import ingest_files
from generator.model import Digest
from generator.preview import served

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_DUMPS = sorted((ROOT / "content" / "dumps").glob("*.txt"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"


def fixture_dump(name: str) -> Path:
    return FIXTURES / "dumps" / name


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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The shipped dumps built once per test session (and per xdist worker)."""
    return build_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def shipped_digest() -> Digest:
    """The shipped dumps, enriched with the shipped taxonomy: what every output reads."""
    config = load_config(ROOT / "digest.toml")
    taxonomy = load_taxonomy(ROOT / "content" / TOPICS_FILE)
    return enrich(ingest_files(SHIPPED_DUMPS, config).papers, taxonomy, config.build.per_page).digest


@pytest.fixture(scope="session")
def site_dir(built_site: BuildResult) -> Path:
    return built_site.output


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """The built site served on localhost; yields its base URL (no trailing slash)."""
    with served(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright; never a downloaded browser.

    A missing Chromium fails the test, never skips it: `make test-fast` leaves the browser tests out.
    """
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is not installed (apt-get install chromium; .ci/run does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()
