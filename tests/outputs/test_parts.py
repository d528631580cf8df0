"""The digest as data in parts (issue 22): no part passes its size, papers.json indexes them all,
every paper is in exactly one JSON part and one BibTeX part, its similar papers in that part's
similar file, and every paper's BibTeX is reachable from the home page by links alone, without
JavaScript.

The shipped dumps are built with a part size of 20 KB, so that their months are cut into
several parts, as a month of a large digest is at the real size.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import bibtexparser
import pytest

import generator.outputs.parts
from generator.urls import URLS
from tests.support.html_pages import links, parse
from tests.support.papers_data import read_gzipped, read_index, read_papers, shown_entry
from tests.support.projects import build_site

SMALL_PART = 20_000  # bytes of JSON a part, in these tests
MAX_FILE = 10 * 1000 * 1000  # no file of the site over 10 MB (issue 22)
_KEY = re.compile(r"@misc\{([^,\s]+),")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(generator.outputs.parts, "PART_BYTES", SMALL_PART)
        return build_site(tmp_path_factory.mktemp("parts")).output


def test_no_part_passes_the_part_size_and_no_file_10_mb(site: Path) -> None:
    index = read_index(site)
    stored = written = 0
    for part in index["parts"]:
        json_text, bib_text = read_gzipped(site / part["json"]), read_gzipped(site / part["bib"])
        assert len(json_text.encode()) <= SMALL_PART, part  # the limit is the JSON's, before gzip
        assert len(bib_text.encode()) <= SMALL_PART, part  # the same papers, in fewer bytes
        stored, written = stored + (site / part["json"]).stat().st_size, written + len(json_text.encode())
    # stored gzipped: under half the bytes (issue 22: a site's bytes are counted as stored)
    assert stored * 2 < written
    assert all(p.stat().st_size <= MAX_FILE for p in site.rglob("*") if p.is_file())
    # the shipped months are larger than a part: cut, and named as urls.py names them
    months = Counter(part["month"] for part in index["parts"])
    assert max(months.values()) > 1
    for part in index["parts"]:
        assert [part["json"], part["bib"], part["similar"]] == [
            URLS.data_part(part["key"], kind) for kind in ("json", "bib", "similar.json")
        ]
        assert part["json"].endswith(".json.gz") and part["bib"].endswith(".bib.gz")
        assert part["similar"].endswith(".similar.json.gz")


def test_the_index_lists_every_part_and_every_paper_is_in_one_json_part(site: Path) -> None:
    index = read_index(site)
    assert index["version"] == 3 and index["paper_url"] == URLS.paper("{slug}")
    listed = {name for part in index["parts"] for name in (part["json"], part["bib"], part["similar"])}
    assert {p.relative_to(site).as_posix() for p in (site / "data").iterdir()} == listed
    records = read_papers(site)
    slugs = [r["slug"] for r in records]
    pages = {p.stem for p in (site / "papers").glob("*.html")}
    assert len(slugs) == len(set(slugs)) == index["count"] == len(pages) == 185
    assert set(slugs) == pages
    for part in index["parts"]:
        papers = json.loads(read_gzipped(site / part["json"]))
        assert papers["count"] == part["count"] == len(papers["papers"]) and papers["month"] == part["month"]
        assert papers["version"] == index["version"]
        assert all(r["arrived"].startswith(part["month"]) for r in papers["papers"])  # by month of arrival
        similar = json.loads(read_gzipped(site / part["similar"]))
        assert {name: similar[name] for name in ("count", "key", "month", "version")} == {
            name: papers[name] for name in ("count", "key", "month", "version")
        }
        assert similar["similar"].keys() <= {r["slug"] for r in papers["papers"]}  # its own papers' lists
    with_lists = [r for r in records if r["similar"]]
    assert len(with_lists) > 100 and all(s["slug"] in set(slugs) for r in with_lists for s in r["similar"])


def test_every_paper_is_in_one_bib_part_as_its_page_shows_it(site: Path) -> None:
    index = read_index(site)
    seen: Counter[str] = Counter()
    for part in index["parts"]:
        text = read_gzipped(site / part["bib"])
        papers = json.loads(read_gzipped(site / part["json"]))["papers"]
        pages = [site / index["paper_url"].replace("{slug}", p["slug"]) for p in papers]
        entries = {_KEY.match(shown_entry(page)).group(1): shown_entry(page) for page in pages}
        assert text == "\n".join(entries[key] for key in sorted(entries))  # the JSON part's papers, by key
        seen.update(list(entries))
    assert len(seen) == index["count"] and set(seen.values()) == {1}


def test_every_papers_bibtex_is_reachable_by_links_alone(site: Path) -> None:
    """From the home page, following <a href> only (no script runs): every paper's entry, both on its
    page and in a gzipped .bib part."""
    todo, seen = [URLS.index], {URLS.index}
    while todo:
        page = todo.pop()
        for href in links(parse(site / page), page):
            target = href.split("#")[0]
            if target in seen or "://" in target or not (site / target).is_file():
                continue
            seen.add(target)
            if target.endswith(".html"):
                todo.append(target)
    records = read_papers(site)
    assert {r["url"] for r in records} <= seen  # every page, and so the entry each shows
    reached = [p for p in seen if p.endswith(".bib.gz")]
    found = Counter(e["ID"] for p in reached for e in bibtexparser.loads(read_gzipped(site / p)).entries)
    keys = bib_keys_of(records, site)
    assert len(set(keys)) == len(keys) == len(found) and set(found) == set(keys) and set(found.values()) == {1}


def bib_keys_of(records: list[dict], site: Path) -> list[str]:
    """Every paper's key, as its page shows it."""
    return [_KEY.match(shown_entry(site / r["url"])).group(1) for r in records]
