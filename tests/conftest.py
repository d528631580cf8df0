"""Shared fixtures: a throwaway project, a built site, the shipped digest, a local server, a browser.

Helpers that are not fixtures live in tests/support/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from generator.build import BuildResult
from generator.config import TOPICS_FILE, load_config
from generator.enrich.digest import enrich
from generator.enrich.topics import load_taxonomy
from generator.inputs.ingest import ingest_files
from generator.model import Digest
from generator.preview import served
from tests.support.examples import examples, sample_only
from tests.support.paths import CHROMIUM, ROOT, SHIPPED_DUMPS
from tests.support.projects import WarmProject, build_site, project_copy
from tests.support.projects import warm_project as warm_project_of

# Property tests check behaviour, never time: make bench measures speed. Hypothesis's 200 ms deadline per
# example fails them on a loaded machine (CI's, or 2 cores shared), so there is none.
settings.register_profile("digest", deadline=None)
settings.load_profile("digest")


def pytest_configure(config: pytest.Config) -> None:
    if "not slow" in (config.option.markexpr or ""):  # make test-fast: sample each property (see examples.py)
        sample_only()
        settings.register_profile("digest-fast", deadline=None, max_examples=examples(settings.default.max_examples))
        settings.load_profile("digest-fast")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throwaway project (our config, theme, pages and dumps), as the current folder: its path."""
    project_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def warm_project(tmp_path: Path) -> WarmProject:
    """A small-paged project built once from the first four shipped dumps, its caches warm."""
    return warm_project_of(tmp_path / "warm", SHIPPED_DUMPS[:4])


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
