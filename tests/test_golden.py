"""The golden site: the built tree of a small digest equals the committed one, byte for byte."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from tests.support.golden import EXPECTED, ROOT, build_golden, differences
from tests.support.trees import tree


@pytest.fixture(scope="module")
def golden_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_golden(tmp_path_factory.mktemp("golden"))


def test_the_golden_site_is_built_exactly(golden_build: Path):
    assert EXPECTED.is_dir(), "no golden site: run `make golden`"
    diff = differences(EXPECTED, golden_build)
    assert not diff, "the built golden site differs (run `make golden` if you meant it):\n" + "\n".join(diff)


@pytest.mark.slow
def test_one_character_changed_in_one_template_fails_the_comparison(tmp_path: Path):
    themes = tmp_path / "themes"
    shutil.copytree(ROOT / "themes", themes)
    card = themes / "digest" / "templates" / "partials" / "paper_card.html"
    card.write_text(card.read_text("utf-8").replace("class=card>", "class=card >", 1), "utf-8")
    diff = differences(EXPECTED, build_golden(tmp_path / "work", themes))
    assert any(line.startswith("+") and "class=card >" in line for line in diff)


@pytest.mark.slow
def test_the_golden_digest_covers_what_it_should(golden_build: Path):
    files = tree(golden_build)
    assert sum(name.startswith("papers/") for name in files) >= 12
    for name in ("index.html", "top.html", "archive.html", "search.html", "404.html", "sitemap.xml", "robots.txt"):
        assert name in files
    assert b"&lt;script&gt;" in files["index.html"] + files["top.html"]  # a hostile title, shown as text


@pytest.mark.slow
def test_every_built_file_and_folder_is_readable_by_all(golden_build: Path):
    for path in [golden_build, *golden_build.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        wanted = 0o005 if path.is_dir() else 0o004
        assert mode & wanted == wanted, f"{path.relative_to(golden_build)}: mode {oct(mode)}"
