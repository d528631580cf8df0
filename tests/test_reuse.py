"""Paper pages are reused from the previous site only when nothing they show changed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.build import build
from generator.config import load_config
from generator.site.reuse import KEYS_FILE, Reuse, load_known, take_previous
from tests.conftest import SHIPPED_DUMPS, project_copy
from tests.test_incremental import clean_build, tree

pytestmark = pytest.mark.slow


@pytest.fixture
def project(tmp_path: Path):
    root = tmp_path / "reuse"
    config = project_copy(root)
    dumps = root / "dumps"
    dumps.mkdir()
    for path in SHIPPED_DUMPS[:4]:
        shutil.copy(path, dumps / path.name)
    first = build(config, sorted(dumps.glob("*.txt")), root / "output", strict=True)
    assert first.reused == 0
    return config, dumps, root / "output"


def rebuild(project):
    config, dumps, output = project
    return build(load_config(config.file), sorted(dumps.glob("*.txt")), output, strict=True)


def test_a_new_dump_gives_the_same_site_as_a_clean_build(project, tmp_path):
    config, dumps, output = project
    before = tree(output)
    shutil.copy(SHIPPED_DUMPS[4], dumps / SHIPPED_DUMPS[4].name)
    result = rebuild(project)
    after = tree(output)
    assert after == clean_build(tmp_path / "clean", SHIPPED_DUMPS)
    papers = [name for name in after if name.startswith("papers/") and name.endswith(".html")]
    assert sorted(load_known(config.path(config.build.cache))) == sorted(papers)
    # With the committed vocabulary a new paper changes only the pages of papers it touches:
    # every other paper page is reused, and a reused page is never one whose bytes changed.
    changed = [name for name in papers if before.get(name) != after[name]]
    assert 0 < result.reused <= len(papers) - len(changed)
    print(f"{result.reused} of {len(papers)} paper pages reused, {len(changed)} changed")


def test_a_change_no_paper_page_shows_reuses_every_paper_page(project):
    config, _dumps, output = project
    about = config.path(config.build.content) / "pages" / "about.md"
    about.write_text(about.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    before = {page.name: page.stat().st_ino for page in (output / "papers").glob("*.html")}
    result = rebuild(project)
    assert result.reused == len(before) > 0
    assert {page.name: page.stat().st_ino for page in (output / "papers").glob("*.html")} == before  # the same files
    assert b"One more line." in (output / "about.html").read_bytes()


def test_a_site_setting_renders_every_paper_page(project):
    config, _dumps, _output = project
    config.file.write_text(config.file.read_text("utf-8").replace('title = "', 'title = "New '), "utf-8")
    result = rebuild(project)
    assert result.reused == 0


def test_a_page_changed_by_hand_in_output_is_rendered_again(project, tmp_path):
    _config, dumps, output = project
    page = sorted((output / "papers").glob("*.html"))[0]
    page.write_bytes(page.read_bytes().replace(b"Abstract", b"Tampered"))
    shutil.copy(SHIPPED_DUMPS[4], dumps / SHIPPED_DUMPS[4].name)
    rebuild(project)
    assert tree(output) == clean_build(tmp_path / "clean", SHIPPED_DUMPS)


def test_a_theme_change_renders_every_page(project):
    config, _dumps, output = project
    template = config.path(config.build.theme) / "templates" / "article.html"
    template.write_text(template.read_text("utf-8").replace("Find this paper", "Find it"), "utf-8")
    result = rebuild(project)
    assert result.reused == 0
    assert all(b"Find it" in page.read_bytes() for page in (output / "papers").glob("*.html"))


def test_a_damaged_record_means_no_reuse_and_the_same_site(project, tmp_path):
    config, dumps, output = project
    (config.path(config.build.cache) / KEYS_FILE).write_text('{"pages": {"papers/x.html": 3', "utf-8")
    shutil.copy(SHIPPED_DUMPS[4], dumps / SHIPPED_DUMPS[4].name)
    result = rebuild(project)
    assert result.reused == 0
    assert tree(output) == clean_build(tmp_path / "clean", SHIPPED_DUMPS)


def test_a_page_is_taken_only_with_its_key_size_and_time(tmp_path: Path):
    previous = tmp_path / "old"
    (previous / "papers").mkdir(parents=True)
    page = previous / "papers" / "a.html"
    page.write_text("<p>a</p>", "utf-8")
    stat = page.stat()
    reuse = Reuse(str(previous), "chrome", {"papers/a.html": ("k", stat.st_size, stat.st_mtime_ns)})
    target = tmp_path / "new" / "papers" / "a.html"
    assert not take_previous(reuse, "papers/a.html", "other key", str(target))
    assert not take_previous(reuse, "papers/b.html", "k", str(target))
    assert take_previous(reuse, "papers/a.html", "k", str(target))
    assert target.read_text("utf-8") == "<p>a</p>"
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert not take_previous(reuse, "papers/a.html", "k", str(tmp_path / "other.html"))
