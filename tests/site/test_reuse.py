"""Pages are reused from the previous site only when nothing they show changed."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import fields, replace
from datetime import timedelta
from pathlib import Path

import pytest

import generator.stages
from generator.build import build
from generator.config import load_config
from generator.files import link_previous, load_record
from generator.model import HUB_FIELDS, Digest, EnrichedPaper, FeedLinks, Link, SimilarRef, Source, UpvoteCount
from generator.site.reuse import KEYS_FILE, make_reuse
from generator.site.views import TEMPLATES, card
from tests.support.golden import build_golden
from tests.support.paths import ROOT, SHIPPED_DUMPS
from tests.support.projects import project_copy, small_pages
from tests.support.trees import clean_build, tree

pytestmark = pytest.mark.slow


def inodes(output: Path) -> dict[str, int]:
    """Every page's inode: a page taken from the previous site is the previous file, linked."""
    return {page.relative_to(output).as_posix(): page.stat().st_ino for page in output.rglob("*.html")}


def kind(name: str) -> str:
    """The kind of page at `name`, as the tests count them."""
    if "/page/" in f"/{name}":  # the home page's too
        return "numbered list page"
    return name.split("/")[0] if "/" in name else "top-level page"


def test_a_new_dump_gives_the_same_site_as_a_clean_build(warm_project, tmp_path):
    config, dumps, output = warm_project
    before, linked = tree(output), inodes(output)
    shutil.copy(SHIPPED_DUMPS[4], dumps / SHIPPED_DUMPS[4].name)
    result = warm_project.rebuild()
    after = tree(output)
    assert after == clean_build(tmp_path / "clean", SHIPPED_DUMPS)
    pages = sorted(name for name in after if name.endswith(".html"))
    assert sorted(load_record(config.path(config.build.cache) / KEYS_FILE)) == pages  # every page has a key
    # A new dump changes the pages that show its papers (and the papers they touch): the
    # front pages of lists, a day, its week and month, Top... Every other page is reused,
    # numbered pages of lists as well as paper pages, and a reused page never changed.
    reused = [name for name, inode in inodes(output).items() if linked.get(name) == inode]
    assert len(reused) == result.reused
    assert all(before[name] == after[name] for name in reused)
    by_kind: dict[str, int] = {}
    for name in reused:
        by_kind[kind(name)] = by_kind.get(kind(name), 0) + 1
    assert {"papers", "numbered list page", "days", "topics"} <= by_kind.keys()
    changed = [name for name in pages if before.get(name) != after[name]]
    print(f"{result.reused} of {len(pages)} pages reused ({by_kind}), {len(changed)} changed")


def test_a_new_day_renders_exactly_the_pages_that_show_it(tmp_path: Path):
    """Synthetic days, each newer than the last, as Daily Papers brings them."""
    from bench.synth import synthetic_dumps

    dumps = synthetic_dumps(200, tmp_path / "synthetic")
    config = small_pages(project_copy(tmp_path / "site"))
    output = tmp_path / "site" / "output"
    build(config, dumps[:-1], output, strict=True)
    before, linked = tree(output), inodes(output)
    result = build(config, dumps, output, strict=True)
    after = tree(output)
    clean = small_pages(project_copy(tmp_path / "clean"))
    build(clean, dumps, tmp_path / "clean" / "output", strict=True)
    assert after == tree(tmp_path / "clean" / "output")
    rendered = {name for name, inode in inodes(output).items() if linked.get(name) != inode}
    changed = {name for name in after if name.endswith(".html") and before.get(name) != after[name]}
    # Rendered: the pages that changed (the new papers', the papers they are similar to, the
    # front pages of lists, the numbered pages just older than a new one, Top...); no other.
    assert rendered == changed
    assert result.reused == result.pages - len(rendered) > 0
    assert any("/page/" in name for name in set(after) - rendered)


def test_a_change_only_one_page_shows_reuses_every_other_page(warm_project):
    config, _dumps, output = warm_project
    about = config.path(config.build.content) / "pages" / "about.md"
    about.write_text(about.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    before = inodes(output)
    result = warm_project.rebuild()
    assert result.reused == len(before) - 1 == result.pages - 1
    after = inodes(output)
    assert {name for name in after if after[name] != before[name]} == {"about.html"}  # the same files but one
    assert b"One more line." in (output / "about.html").read_bytes()


def test_a_site_setting_renders_every_page(warm_project):
    config, _dumps, _output = warm_project
    config.file.write_text(config.file.read_text("utf-8").replace('title = "', 'title = "New '), "utf-8")
    result = warm_project.rebuild()
    assert result.reused == 0


def test_a_page_changed_by_hand_in_output_is_rendered_again(warm_project, tmp_path):
    _config, dumps, output = warm_project
    paper = sorted((output / "papers").glob("*.html"))[0]
    paper.write_bytes(paper.read_bytes().replace(b"Abstract", b"Tampered"))
    numbered = sorted((output / "topics").rglob("page/1.html"))[0]  # a page a new dump leaves as it is
    numbered.write_bytes(numbered.read_bytes().replace(b"</main>", b"Tampered</main>"))
    shutil.copy(SHIPPED_DUMPS[4], dumps / SHIPPED_DUMPS[4].name)
    warm_project.rebuild()
    assert tree(output) == clean_build(tmp_path / "clean", SHIPPED_DUMPS)


def test_a_theme_change_renders_every_page(warm_project):
    config, _dumps, output = warm_project
    template = config.path(config.build.theme) / "templates" / "partials" / "rows.html"
    template.write_text(template.read_text("utf-8").replace("class=rows", 'class="rows rows--new"'), "utf-8")
    result = warm_project.rebuild()
    assert result.reused == 0
    assert all(b"rows--new" in page.read_bytes() for page in (output / "topics").rglob("page/*.html"))


def test_templates_from_elsewhere_give_no_page_a_key(tmp_path: Path):
    """Templates overridden from another folder are not in the chrome: their pages are always rendered."""
    theme = ROOT / "themes" / "digest"
    assert make_reuse({}, theme, tmp_path, {}).templates == TEMPLATES
    assert make_reuse({"THEME_TEMPLATES_OVERRIDES": [str(tmp_path)]}, theme, tmp_path, {}).templates == frozenset()


def test_a_damaged_record_means_no_reuse_and_the_same_site(warm_project, tmp_path):
    config, dumps, output = warm_project
    (config.path(config.build.cache) / KEYS_FILE).write_text('{"pages": {"papers/x.html": 3', "utf-8")
    shutil.copy(SHIPPED_DUMPS[4], dumps / SHIPPED_DUMPS[4].name)
    result = warm_project.rebuild()
    assert result.reused == 0
    assert tree(output) == clean_build(tmp_path / "clean", SHIPPED_DUMPS)


def test_a_page_is_taken_only_with_its_key_size_and_time(tmp_path: Path):
    previous = tmp_path / "old"
    (previous / "papers").mkdir(parents=True)
    page = previous / "papers" / "a.html"
    page.write_text("<p>a</p>", "utf-8")
    stat = page.stat()
    record = {"papers/a.html": ("k", stat.st_size, stat.st_mtime_ns)}
    target = tmp_path / "new" / "papers" / "a.html"
    assert not link_previous(previous, "papers/a.html", record, "other key", target)
    assert not link_previous(previous, "papers/b.html", record, "k", target)
    assert link_previous(previous, "papers/a.html", record, "k", target)
    assert target.read_text("utf-8") == "<p>a</p>"
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert not link_previous(previous, "papers/a.html", record, "k", tmp_path / "other.html")


# The safeguard of the keys: a page's key holds all its template shows. Change, in every
# paper, each field a card leaves out (views.Card), and in every feed its
# number of items (shown on the feeds page only): every page whose key stays the same must
# stay the same, byte for byte, and that is every page but the paper pages and the feeds page.
def _hidden_fields_changed(p: EnrichedPaper) -> EnrichedPaper:
    history = p.upvote_history  # an older count: the newest is shown
    return replace(
        p,
        sources=(*p.sources, Source("zz-later.txt", 7, p.arrived + timedelta(days=3))),
        upvote_history=(UpvoteCount(history[0].day - timedelta(days=30), 1), *history) if history else (),
        similar=(SimilarRef("zz-other", "Another paper", "papers/zz-other.html", 0.5), *p.similar),
        topics=tuple(replace(t, score=t.score + 5, matched=(*t.matched, "zz word")) for t in p.topics),
        links=(*p.links, Link("https://example.org/zz-data", 0, 0, "dataset")),
        hub=replace(  # every Hub field but the repository, shown among the code links
            p.hub,
            author_names=(*p.hub.author_names, "Zed Changed"),
            arxiv_id="2501.99999",
            github_stars=(p.hub.github_stars or 0) + 3,
            project_page="https://example.org/zz-warm_project",
            ai_summary="A summary that changed.",
            ai_keywords=("changed",),
        ),
    )


def _feed_counts_changed(feeds: FeedLinks) -> FeedLinks:
    def more(ref):
        return replace(ref, items=ref.items + 100)

    return replace(
        feeds,
        main=more(feeds.main),
        topics={slug: more(ref) for slug, ref in feeds.topics.items()},
        custom={name: more(ref) for name, ref in feeds.custom.items()},
    )


def test_the_safeguard_changes_every_field_a_card_leaves_out_and_only_those(shipped_digest: Digest):
    changed, hub_changed = set(), set()
    for p in shipped_digest.papers.values():
        other = _hidden_fields_changed(p)
        changed |= {f.name for f in fields(p) if getattr(other, f.name) != getattr(p, f.name)}
        hub_changed |= {name for name in HUB_FIELDS if getattr(other.hub, name) != getattr(p.hub, name)}
        assert card(other) == card(p)
    # Every field of a paper a card shows nothing of, or only a part of (the newest count, the first code link)
    assert changed == {"sources", "upvote_history", "similar", "topics", "links", "hub"}
    assert hub_changed == set(HUB_FIELDS) - {"github_repo"}  # a new Hub field is changed here too


def test_a_page_shows_nothing_its_key_leaves_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    real_enrich, real_feed_links = generator.stages.enrich_digest, generator.stages.feed_links

    def enrich_changed(*args, **kwargs) -> Digest:
        digest = real_enrich(*args, **kwargs)
        return replace(digest, papers={slug: _hidden_fields_changed(p) for slug, p in digest.papers.items()})

    def built(work: Path) -> tuple[dict[str, str], dict[str, bytes]]:
        """The golden site, built from scratch in `work`: each page's key, each file's bytes."""
        shutil.rmtree(work, ignore_errors=True)  # the same folder: settings name it, so the chrome does
        output = build_golden(work)
        config = load_config(work / "digest.toml")
        record = json.loads((config.path(config.build.cache) / KEYS_FILE).read_bytes())["files"]
        return {name: key for name, (key, _size, _mtime) in record.items()}, tree(output)

    keys, files = built(tmp_path / "golden")
    monkeypatch.setattr(generator.stages, "enrich_digest", enrich_changed)
    monkeypatch.setattr(generator.stages, "feed_links", lambda feeds: _feed_counts_changed(real_feed_links(feeds)))
    changed_keys, changed_files = built(tmp_path / "golden")
    assert keys.keys() == changed_keys.keys() == {name for name in files if name.endswith(".html")}
    kept = {name for name in keys if keys[name] == changed_keys[name]}
    papers = {name for name in keys if name.startswith("papers/")}
    # About counts where papers came from (partials/holdings.html): a source added shows there too
    assert set(keys) - kept == papers | {"feeds.html", "about.html"}
    assert len(kept) > 50
    assert [name for name in sorted(kept) if files[name] != changed_files[name]] == []
    assert all(files[name] != changed_files[name] for name in papers | {"feeds.html", "about.html"})
