"""Where the repository, the shipped dumps, the test fixtures and Chromium are."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
SHIPPED_DUMPS = sorted((ROOT / "content" / "dumps").glob("*.txt"))  # the five text dumps
SHIPPED_STORE = ROOT / "content" / "dumps" / "hf"  # the shipped fetched days, as `make fetch` keeps them
FIXTURES = TESTS / "fixtures"
RECORDED_ANSWERS = FIXTURES / "hf-api"
CHROMIUM = "/usr/bin/chromium"


def fixture_dump(name: str) -> Path:
    return FIXTURES / "dumps" / name
