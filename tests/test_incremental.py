"""Caching never changes the result: every rebuild equals a clean build of the same input.

The projects here have short pages (SMALL_PAGES), so that every kind of list has numbered
pages: a rebuild takes most list pages, like paper pages, from the previous site.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import generator.stages
from generator.build import build
from generator.config import load_config
from generator.outputs.kept import FILE as KEPT_FILE
from generator.site.writer import SavePathClash
from tests.support.paths import SHIPPED_DUMPS
from tests.support.projects import WarmProject, project_copy, small_pages
from tests.support.trees import clean_build, tree

pytestmark = pytest.mark.slow


def rebuild(warm_project: WarmProject) -> tuple[dict[str, bytes], bool]:
    """The project built again: its output's files, and whether the build found it up to date."""
    result = warm_project.rebuild()
    return tree(warm_project.output), result.up_to_date


def test_nothing_changed_does_nothing(warm_project):
    before = tree(warm_project.output)
    after, up_to_date = rebuild(warm_project)
    assert up_to_date and after == before


@pytest.mark.parametrize("workers", [1, 2])
def test_adding_a_dump(warm_project, tmp_path, workers):
    config, dumps, output = warm_project
    if workers > 1:  # the pages, and the keys of those taken, shared by two rendering processes
        config.file.write_text(config.file.read_text("utf-8").replace("workers = 0", f"workers = {workers}"), "utf-8")
        build(load_config(config.file), sorted(dumps.glob("*.txt")), output, strict=True)
    shutil.copy(SHIPPED_DUMPS[4], dumps / SHIPPED_DUMPS[4].name)
    after, up_to_date = rebuild(warm_project)
    assert not up_to_date
    assert after == clean_build(tmp_path / "clean", SHIPPED_DUMPS)


@pytest.mark.parametrize(
    ("old", "new"),
    [("We-Math: Does Your", "We-Math: Does Our"), ("Jul 1, 2024 9\n", "Jul 1, 2024 90\n")],
    ids=["title", "upvotes"],
)
def test_editing_a_dump(warm_project, tmp_path, old, new):
    edited = warm_project.dumps / SHIPPED_DUMPS[0].name
    text = edited.read_text(encoding="utf-8")
    assert text.count(old) == 1
    edited.write_text(text.replace(old, new), encoding="utf-8")
    after, _ = rebuild(warm_project)
    reference = tmp_path / "reference"
    reference.mkdir()
    for path in sorted(warm_project.dumps.glob("*.txt")):
        shutil.copy(path, reference / path.name)
    assert after == clean_build(tmp_path / "clean", sorted(reference.glob("*.txt")))


def test_removing_a_dump(warm_project, tmp_path):
    (warm_project.dumps / SHIPPED_DUMPS[3].name).unlink()
    after, _ = rebuild(warm_project)
    assert after == clean_build(tmp_path / "clean", SHIPPED_DUMPS[:3])


def test_editing_topics(warm_project, tmp_path):
    config = warm_project[0]
    topics = (config.root / "content" / "topics.toml").read_text(encoding="utf-8")
    edited = topics.replace('title = "Computer vision"', 'title = "Vision and video"', 1)
    assert edited != topics
    (config.root / "content" / "topics.toml").write_text(edited, encoding="utf-8")
    after, up_to_date = rebuild(warm_project)
    assert not up_to_date
    assert after == clean_build(tmp_path / "clean", SHIPPED_DUMPS[:4], topics=edited)


def test_two_rendering_processes_write_the_same_site_as_one(tmp_path, monkeypatch):
    from dataclasses import replace

    import generator.outputs.kept

    # Every share that forks at scale forks here: the search analyses (made on both cores before the search
    # data's own process takes one), as at 1,000 papers and more.
    monkeypatch.setattr(generator.outputs.kept, "PARALLEL_FROM", 2)
    outputs = []
    for workers in (1, 2):
        config = project_copy(tmp_path / str(workers))
        config = replace(config, build=replace(config.build, workers=workers))
        build(config, SHIPPED_DUMPS, tmp_path / str(workers) / "output", strict=True)
        outputs.append(tree(tmp_path / str(workers) / "output"))
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 250


def test_nothing_changed_parses_nothing_and_says_what_the_last_build_said(warm_project, monkeypatch):
    import generator.build

    config, dumps, output = warm_project
    first = build(config, sorted(dumps.glob("*.txt")), output, strict=True)
    monkeypatch.setattr(generator.build, "ingest_parsed", lambda *args, **kwargs: pytest.fail("parsed the dumps"))
    again = build(config, sorted(dumps.glob("*.txt")), output, strict=True)
    assert again.up_to_date
    assert (again.papers, again.pages, again.summary) == (first.papers, first.pages, first.summary)


def test_nothing_changed_never_imports_pelican_or_scikit_learn(warm_project):
    import subprocess
    import sys

    config, dumps, _output = warm_project
    check = (
        "import sys; from pathlib import Path; from generator.build import build; from generator.config import "
        f"load_config; r = build(load_config(Path({str(config.file)!r})), sorted(Path({str(dumps)!r}).glob('*.txt')), "
        f"Path({str(_output)!r}), strict=True); assert r.up_to_date; "
        "print(sorted(m for m in ('pelican', 'sklearn', 'lunr', 'feedgen') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, encoding="utf-8", check=True)
    assert done.stdout.strip() == "[]"


def test_adding_synthetic_papers_to_the_shipped_ones(warm_project, tmp_path):
    from bench.synth import synthetic_dumps

    added = synthetic_dumps(100, tmp_path / "synthetic")
    for path in added:
        shutil.copy(path, warm_project.dumps / path.name)
    after, _ = rebuild(warm_project)
    every = [*SHIPPED_DUMPS[:4], *added]
    assert after == clean_build(tmp_path / "clean", every)


def _edit(root: Path, name: str) -> None:
    """One edit of an input that is not a dump, the same in the warm_project and the clean reference."""
    if name == "theme":
        path, old, new = root / "themes" / "digest" / "templates" / "article.html", "Find this paper", "Find it"
    elif name == "settings":
        path, old, new = root / "digest.toml", 'title = "', 'title = "Our '
    elif name == "per_page":
        path, old, new = root / "digest.toml", "per_page = 3", "per_page = 4"
    elif name == "vocabulary":
        path = root / "content" / "vocabulary.tsv"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        old, new = "".join(lines[2:400]), ""  # forget some terms: they weigh as the rarest now
    else:
        path, old, new = root / "content" / "pages" / "about.md", "\n", "\n\nOne more line.\n"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("what", ["theme", "settings", "per_page", "vocabulary", "pages"])
def test_editing_an_input_besides_the_dumps(warm_project, tmp_path, what):
    config, dumps, output = warm_project
    _edit(config.root, what)
    after = build(load_config(config.file), sorted(dumps.glob("*.txt")), output, strict=True)
    assert not after.up_to_date
    reference = tmp_path / "clean"
    reference_config = small_pages(project_copy(reference))
    _edit(reference, what)
    build(load_config(reference_config.file), SHIPPED_DUMPS[:4], reference / "output", strict=True)
    assert tree(output) == tree(reference / "output")


def test_outputs_a_new_dump_leaves_unchanged_are_linked_from_the_previous_site(warm_project):
    _config, dumps, output = warm_project
    outputs = ("data/*", "search/**/*.json.gz", "feeds/**/*.xml", "papers.json")
    before = {p: (p.read_bytes(), p.stat().st_ino) for pattern in outputs for p in output.glob(pattern)}
    shutil.copy(SHIPPED_DUMPS[4], dumps / SHIPPED_DUMPS[4].name)
    rebuild(warm_project)
    kept = changed = 0
    for path, (data, inode) in before.items():
        if path.exists() and path.read_bytes() == data:
            assert path.stat().st_ino == inode, f"{path} is unchanged but was written again"
            kept += 1
        elif path.exists():
            assert path.stat().st_ino != inode, f"{path} changed through a link to the previous site"
            changed += 1
    # the search fragments of papers already there (two a file), at least
    assert kept > 40 and changed > 0


def test_a_rebuild_reads_only_the_sources_of_pages_it_renders(warm_project, tmp_path, monkeypatch):
    """One paper's upvotes edited: its page, and the lists that show its card, are rendered from
    their sources; every other generated source is left unread, its page linked (site/selection.py)."""
    selections, select = [], generator.stages.select_sources

    def recording(*args, **kwargs):
        selections.append(select(*args, **kwargs))
        return selections[-1]

    monkeypatch.setattr(generator.stages, "select_sources", recording)
    edited = warm_project.dumps / SHIPPED_DUMPS[0].name
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("Jul 1, 2024 9\n", "Jul 1, 2024 90\n"), encoding="utf-8")
    after, _ = rebuild(warm_project)
    [selection] = selections
    papers = sorted((warm_project.config.root / "content" / "papers").glob("*.md"))
    read_papers = [path for path in selection.read if path.startswith("papers/")]
    assert 1 <= len(read_papers) <= 3 and len(papers) > 50
    assert len(selection.skipped) > len(papers)  # list pages too
    assert all(after[name] for name in selection.skipped)
    assert after == clean_build(tmp_path / "clean", sorted(warm_project.dumps.glob("*.txt")))


def test_a_page_clashing_with_an_unread_source_is_refused_naming_both(warm_project):
    """A hand-written page added to the path of a paper's page whose source is not read this build."""
    output = warm_project.output
    name = sorted((output / "papers").glob("*.html"))[0].name
    pages = warm_project.config.root / "content" / "pages"
    (pages / "clash.md").write_text(f"Title: Clash\nSlug: clash\nSave_as: papers/{name}\n\nHello.\n")
    with pytest.raises(SavePathClash) as caught:
        rebuild(warm_project)
    message = str(caught.value)
    assert f"content/papers/{name.removesuffix('.html')}.md (unchanged, not read)" in message
    assert "content/pages/clash.md" in message


def test_nothing_changed_reads_no_input_when_their_stamps_are_the_last_builds(warm_project, monkeypatch):
    """Stamps (size, modification time, inode) stand for the bytes, unless a file changed just before
    the last build took them: then, and after any edit, the inputs are read and hashed again."""
    import generator.build
    import generator.fingerprint

    monkeypatch.setattr(generator.fingerprint, "RACY_NS", 0)  # the warm project's files are seconds old
    assert rebuild(warm_project)[1]  # read and hashed once more: its stamps are now recorded
    read_files = generator.build.read_files
    monkeypatch.setattr(generator.build, "read_files", lambda *args: pytest.fail("read the dumps"))
    assert rebuild(warm_project)[1]
    edited = warm_project.dumps / SHIPPED_DUMPS[0].name
    text = edited.read_text(encoding="utf-8")
    same_size = text.replace("Jul 1, 2024 9\n", "Jul 1, 2024 8\n")
    assert same_size != text and len(same_size) == len(text)
    edited.write_text(same_size, encoding="utf-8")
    monkeypatch.setattr(generator.build, "read_files", read_files)
    assert not rebuild(warm_project)[1]


def test_stamps_of_a_file_changed_just_before_they_were_taken_are_not_trusted(warm_project, monkeypatch):
    import generator.build

    # The warm project's dumps were written seconds ago, its last build stamped them at once: racy.
    read = []
    read_files = generator.build.read_files
    monkeypatch.setattr(generator.build, "read_files", lambda paths: read.append(paths) or read_files(paths))
    assert rebuild(warm_project)[1]
    assert read


@pytest.mark.parametrize("spoil", ["damaged", "missing"])
def test_a_new_dump_with_the_kept_outputs_damaged_or_missing_builds_the_clean_site(warm_project, tmp_path, spoil):
    config, dumps, _output = warm_project
    store = config.path(config.build.cache) / KEPT_FILE
    assert store.is_file()  # the warm build kept its per-paper outputs
    if spoil == "damaged":
        store.write_bytes(store.read_bytes()[:-1] + b"?")
    else:
        store.unlink()
    shutil.copy(SHIPPED_DUMPS[4], dumps / SHIPPED_DUMPS[4].name)
    after, up_to_date = rebuild(warm_project)
    assert not up_to_date
    assert after == clean_build(tmp_path / "clean", SHIPPED_DUMPS)
    assert store.is_file()  # written afresh
