"""The golden site: a small digest whose whole built tree is committed and compared on every run.

`tests/golden/project/` is a project of its own (settings, taxonomy, pages, eight
text dumps of every variant with hostile titles, and one Daily Papers day fetched
twice, so upvotes have a history: 16 papers); it is built
with this repository's theme and code, and the tree must equal
`tests/golden/site/` byte for byte. After a change you meant, regenerate it on
purpose with `make golden` (python -m tests.support.golden) and review the diff.
"""

from __future__ import annotations

import difflib
import shutil
import sys
import tempfile
from pathlib import Path

from generator.build import build
from generator.config import load_config
from generator.inputs.ingest import find_dumps
from generator.outputs.gzipped import SUFFIX, inflated
from generator.urls import URLS
from tests.support.paths import ROOT, TESTS
from tests.support.trees import tree

GOLDEN = TESTS / "golden"
PROJECT = GOLDEN / "project"
EXPECTED = GOLDEN / "site"
DIFF_LINES = 60  # of each differing file, in a failure message
# Copied from node_modules, not made by the build: not committed (test_search checks the copy).
NOT_OURS = frozenset({URLS.lunr_js})


def build_golden(work: Path, themes: Path = ROOT / "themes") -> Path:
    """Build the golden project in `work` (a scratch folder) with these themes; return the built site."""
    shutil.copytree(PROJECT, work, dirs_exist_ok=True)
    shutil.copytree(themes, work / "themes", dirs_exist_ok=True)
    (work / "node_modules").symlink_to(ROOT / "node_modules")
    config = load_config(work / "digest.toml")
    output = work / "output"
    build(config, find_dumps(config.path(config.build.dumps)), output, strict=True)
    return output


def comparable(files: dict[str, bytes]) -> dict[str, bytes]:
    """A tree's files as compared: a gzipped one (.gz) by what it holds, as a reader inflates it, so another
    zlib's equally valid bytes match, and a difference shows as text."""
    return {name: inflated(data).encode() if name.endswith(SUFFIX) else data for name, data in files.items()}


def differences(expected: Path, actual: Path, most: int = 5) -> list[str]:
    """What differs between two trees, readably: missing and extra files, then unified diffs."""
    want, got = comparable(tree(expected, NOT_OURS)), comparable(tree(actual, NOT_OURS))
    lines = [f"missing: {name}" for name in sorted(want.keys() - got.keys())]
    lines += [f"extra: {name}" for name in sorted(got.keys() - want.keys())]
    changed = [name for name in sorted(want.keys() & got.keys()) if want[name] != got[name]]
    for name in changed[:most]:
        diff = difflib.unified_diff(
            want[name].decode("utf-8", "replace").splitlines(),
            got[name].decode("utf-8", "replace").splitlines(),
            f"expected/{name}",
            f"built/{name}",
            lineterm="",
        )
        lines += list(diff)[:DIFF_LINES]
    if len(changed) > most:
        lines.append(f"... and {len(changed) - most} more changed files: {', '.join(changed[most:])}")
    return lines


def regenerate() -> None:
    with tempfile.TemporaryDirectory() as work:
        built = build_golden(Path(work))
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for name, data in tree(built, NOT_OURS).items():
            (EXPECTED / name).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / name).write_bytes(data)
    count = len(tree(EXPECTED, NOT_OURS))
    print(f"regenerated {EXPECTED.relative_to(ROOT)}: {count} files; review `git diff` before committing")


if __name__ == "__main__":
    sys.exit(regenerate())
