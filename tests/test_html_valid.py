"""Every page of the built shipped site is valid HTML to the W3C Nu HTML Checker."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.vnu import check_html

SHOWN = 40


@pytest.mark.slow
def test_shipped_digest_is_valid_html(site_dir: Path) -> None:
    errors = check_html(site_dir)
    shown = "\n".join(errors[:SHOWN])
    more = f"\n... and {len(errors) - SHOWN} more" if len(errors) > SHOWN else ""
    assert not errors, f"vnu found {len(errors)} HTML errors:\n{shown}{more}"
