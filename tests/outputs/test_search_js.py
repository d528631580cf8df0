"""The front end's own tests and shape: the node unit tests of the search engine and controller (tests/js,
node's built-in runner), search.html preloading every module the search box imports, and no JavaScript
file of the theme over 500 lines."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from generator.urls import URLS
from tests.support.paths import ROOT

JS = ROOT / "themes" / "digest" / "static" / "js"
MAX_LINES = 500
# A static import's module, or a dynamic one's (what search.js loads on first use).
IMPORT = re.compile(r'^import\s[^;]*?from\s+"\./([\w.-]+)";|\bimport\("\./([\w.-]+)"\)', re.MULTILINE | re.DOTALL)


def test_node_unit_tests_pass() -> None:
    done = subprocess.run(
        ["node", "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON", "--test", "tests/js/"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^# pass [1-9]", done.stdout, re.MULTILINE), done.stdout  # tests ran


def imports(name: str) -> set[str]:
    """The theme's modules `name` imports, and theirs."""
    found: set[str] = set()
    todo = [name]
    while todo:
        for static, dynamic in IMPORT.findall((JS / todo.pop()).read_text(encoding="utf-8")):
            module = static or dynamic
            if module not in found:
                found.add(module)
                todo.append(module)
    return found


def test_search_page_preloads_every_module_of_the_search_box() -> None:
    preloaded = {Path(path).name for path in URLS.search_modules}
    assert len(preloaded) == len(URLS.search_modules)
    assert preloaded == imports(Path(URLS.search_js).name)
    assert all(f"theme/js/{name}" in URLS.search_modules for name in preloaded)


def test_reading_list_shares_the_dom_helpers() -> None:
    assert "dom.js" in imports(Path(URLS.reading_js).name)


def test_no_javascript_file_is_over_500_lines() -> None:
    lengths = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in JS.glob("*.js")}
    lengths.pop("lunr.min.js", None)  # not ours: npm's, copied at build time
    assert lengths
    assert {name: n for name, n in lengths.items() if n > MAX_LINES} == {}
