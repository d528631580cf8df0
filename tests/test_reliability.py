"""Reliability: deterministic builds, atomic output, strict Pelican, one page per path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import generator.inputs.merge
import generator.site.writer
import generator.stages
from generator.build import build
from generator.inputs.merge import SlugClashError, slugify, title_key
from generator.problems import DigestError, InputError
from generator.site.render import RenderError
from generator.site.writer import SavePathClash
from tests.support.examples import examples
from tests.support.paths import ROOT, SHIPPED_DUMPS, fixture_dump
from tests.support.projects import build_site, project_copy
from tests.support.trees import leftovers, snapshot, tree

SMALL = [fixture_dump("full_metadata.txt"), fixture_dump("org_line.txt")]


# ------------------------------------------------------------------ determinism


def cli_build(project: Path, dumps: list[Path], site_url: str, hash_seed: str, tz: str) -> Path:
    """Build with the CLI in a fresh interpreter: its own hash seed, time zone and locale."""
    args = [sys.executable, "-m", "generator", "build", *map(str, dumps), "--config", str(project / "digest.toml")]
    args += ["-o", str(project / "output"), "--strict"]
    if site_url:
        args += ["--site-url", site_url]
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "TZ": tz, "LC_ALL": "C.UTF-8", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(args, cwd=project, env=env, capture_output=True, encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stderr
    return project / "output"


@pytest.mark.slow
@pytest.mark.parametrize("site_url", ["", "https://example.org/digest/"], ids=["relative", "published"])
def test_two_builds_are_byte_identical(tmp_path: Path, site_url: str):
    """Different folders, hash seeds, time zones and dump order: the same bytes."""
    one, two = tmp_path / "one", tmp_path / "second-build-elsewhere"
    for project in (one, two):
        project.mkdir()
        project_copy(project)
    first = cli_build(one, SHIPPED_DUMPS, site_url, "1", "UTC")
    second = cli_build(two, SHIPPED_DUMPS[::-1], site_url, "4242", "Pacific/Kiritimati")
    a, b = tree(first), tree(second)
    assert len(a) > 185
    assert sorted(a) == sorted(b)
    differ = [name for name in a if a[name] != b[name]]
    assert differ == [], f"differ between builds: {differ[:10]}"
    # No absolute path of the build machine in any output or generated source.
    for folder in (first, one / "content"):
        for name, data in tree(folder).items():
            text = data.decode("utf-8", "replace")
            for path in (str(one), str(ROOT), str(Path.home())):
                assert path not in text, f"{name} holds {path}"
    assert tree(one / "content" / "papers") == tree(two / "content" / "papers")


# ------------------------------------------------------------------ atomic output


@pytest.fixture
def good_site(tmp_path: Path):
    """A project with a finished site in output/, and its snapshot."""
    config = project_copy(tmp_path)
    output = tmp_path / "output"
    build(config, SMALL, output, strict=True)
    return config, output, snapshot(output)


@pytest.mark.slow
def test_a_bad_dump_leaves_the_previous_site(good_site):
    config, output, before = good_site
    with pytest.raises(InputError, match=r"not_utf8\.txt"):
        build(config, [*SMALL, fixture_dump("not_utf8.txt")], output, strict=True)
    assert snapshot(output) == before
    assert leftovers(output.parent) == []


@pytest.mark.slow
def test_an_exception_in_a_late_stage_leaves_the_previous_site(good_site, monkeypatch):
    config, output, before = good_site

    def broken(config, digest, records, feeds, out, kept):
        out.write("half-written.json", "{")
        raise RuntimeError("disk full")

    monkeypatch.setattr(generator.stages, "write_outputs", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        build(config, [*SMALL, fixture_dump("one_author.txt")], output, strict=True)
    assert snapshot(output) == before
    assert leftovers(output.parent) == []


@pytest.mark.slow
def test_an_interrupt_while_pelican_writes_leaves_the_previous_site(good_site, monkeypatch):
    config, output, before = good_site
    real_open = generator.site.writer.GuardedWriter._open_w
    written = []

    def open_then_interrupt(self, filename, encoding, override=False):
        if len(written) == 3:  # some pages of the new site are already on disk
            raise KeyboardInterrupt
        written.append(filename)
        return real_open(self, filename, encoding, override=override)

    monkeypatch.setattr(generator.site.writer.GuardedWriter, "_open_w", open_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        build(config, [*SMALL, fixture_dump("one_author.txt")], output, strict=True)
    assert len(written) == 3
    assert snapshot(output) == before
    assert leftovers(output.parent) == []


@pytest.mark.slow
def test_an_interrupt_between_the_two_renames_puts_the_previous_site_back(good_site, monkeypatch):
    config, output, before = good_site
    real_rename = Path.rename

    def rename(self, target):
        if self.name == ".output.building":
            raise KeyboardInterrupt
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        build(config, [*SMALL, fixture_dump("one_author.txt")], output, strict=True)
    assert snapshot(output) == before
    assert leftovers(output.parent) == []


@pytest.mark.slow
def test_a_failed_first_build_leaves_no_output_and_no_staging(tmp_path: Path, monkeypatch):
    config = project_copy(tmp_path)
    monkeypatch.setattr(generator.stages, "write_outputs", lambda config, digest, records, feeds, out, kept: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        build(config, SMALL, tmp_path / "output", strict=True)
    assert not (tmp_path / "output").exists()
    assert leftovers(tmp_path) == []


@pytest.mark.slow
def test_a_good_build_after_a_failed_one_replaces_the_site(good_site):
    config, output, before = good_site
    with pytest.raises(InputError):
        build(config, [fixture_dump("empty.txt")], output, strict=True)
    build(config, [*SMALL, fixture_dump("one_author.txt")], output, strict=True)
    after = snapshot(output)
    assert after != before and set(after) > set(before)
    assert leftovers(output.parent) == []


# ------------------------------------------------------------------ Pelican warnings


@pytest.mark.slow
def test_the_shipped_build_has_no_pelican_warnings(built_site):
    assert built_site.pelican_warnings == []


@pytest.mark.slow
def test_a_pelican_warning_fails_a_strict_build(tmp_path: Path):
    config = project_copy(tmp_path)
    (tmp_path / "content" / "pages" / "broken.md").write_text(
        "Title: Broken\nSlug: broken\n\nSee [this]({filename}missing.md).\n", encoding="utf-8"
    )
    with pytest.raises(RenderError, match=r"Pelican warned: .*missing\.md"):
        build(config, SMALL, tmp_path / "output", strict=True)
    assert not (tmp_path / "output").exists()
    result = build(config, SMALL, tmp_path / "output", strict=False)
    assert any("missing.md" in w for w in result.pelican_warnings)


# ------------------------------------------------------------------ one page per path


def test_two_papers_with_one_slug_are_refused_naming_both(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(generator.inputs.merge, "slugify", lambda title: "one-slug")
    with pytest.raises(SlugClashError) as caught:
        build_site(tmp_path, [fixture_dump("full_metadata.txt")])
    message = str(caught.value)
    assert "papers/one-slug.html" in message
    assert "'Position Coupling for Length Generalization' (full_metadata.txt:13)" in message
    assert "full_metadata.txt:" in message.split(" and ")[-1]
    assert not (tmp_path / "output").exists()


@pytest.mark.slow
def test_a_page_clashing_with_a_template_is_refused_naming_both(tmp_path: Path):
    config = project_copy(tmp_path)
    (tmp_path / "content" / "pages" / "clash.md").write_text("Title: Clash\nSlug: archive\n\nHello.\n")
    with pytest.raises(SavePathClash) as caught:
        build(config, SMALL, tmp_path / "output", strict=True)
    message = str(caught.value)
    assert message.startswith("two pages would be written to archive.html: ")
    assert "template archives.html" in message and "content/pages/clash.md" in message
    assert isinstance(caught.value, DigestError)  # the CLI shows it as one line
    assert leftovers(tmp_path) == []


@pytest.mark.slow
def test_a_page_clashing_with_a_paper_is_refused_naming_both(tmp_path: Path):
    config = project_copy(tmp_path)
    slug = slugify("Position Coupling for Length Generalization")
    (tmp_path / "content" / "pages" / "clash.md").write_text(
        f"Title: Clash\nSlug: clash\nSave_as: papers/{slug}.html\n\nHello.\n"
    )
    with pytest.raises(SavePathClash) as caught:
        build(config, SMALL, tmp_path / "output", strict=True)
    message = str(caught.value)
    assert f"papers/{slug}.html" in message
    assert f"content/papers/{slug}.md" in message and "content/pages/clash.md" in message


@pytest.mark.slow
def test_shipped_papers_have_distinct_slugs(built_site):
    slugs = [page.stem for page in (built_site.output / "papers").glob("*.html")]
    assert built_site.papers == len(slugs) == len(set(slugs)) == 185


titles = st.text(min_size=1, max_size=120)


@pytest.mark.slow
@settings(max_examples=examples(300), deadline=None)
@given(titles, titles)
def test_two_different_titles_never_share_a_slug(a: str, b: str):
    """The slug is a function of the normalised title, and tells normalised titles apart."""
    assert (slugify(a) == slugify(b)) == (title_key(a) == title_key(b))


@pytest.mark.parametrize(
    "a, b",
    [
        ("Café Models", "Cafe Models"),  # one readable slug, two titles
        ("Über Attention", "Uber Attention"),
        ("大规模模型", "小规模模型"),  # no ASCII words at all
        ("x" * 80 + " tail one", "x" * 80 + " tail two"),  # differ after the readable cut
        ("Llama 2 and 3", "Llama 23"),  # "C++"/"C" would be one paper: punctuation is ignored
        ("GPT-4", "GPT 4o"),
    ],
)
def test_titles_that_read_alike_get_distinct_slugs(a: str, b: str):
    assert title_key(a) != title_key(b)
    assert slugify(a) != slugify(b)
