"""Every built page is valid HTML to the W3C Nu HTML Checker: the golden site and the shipped digest."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.golden import EXPECTED
from tests.support.vnu import check_html

SHOWN = 40


def assert_valid(folder: Path) -> None:
    errors = check_html(folder)
    shown = "\n".join(errors[:SHOWN])
    more = f"\n... and {len(errors) - SHOWN} more" if len(errors) > SHOWN else ""
    assert not errors, f"vnu found {len(errors)} HTML errors:\n{shown}{more}"


@pytest.mark.slow
def test_the_golden_site_is_valid_html() -> None:
    assert_valid(EXPECTED)


@pytest.mark.slow
def test_the_shipped_digest_is_valid_html(site_dir: Path) -> None:
    assert_valid(site_dir)
