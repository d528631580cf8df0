"""The built site's papers as data, read as a reader of papers.json reads them: the index, then its parts."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from generator.urls import URLS


def read_index(site: Path) -> dict:
    """papers.json: the count, the site's URL, the topics and the parts."""
    return json.loads((site / URLS.papers_json).read_text("utf-8"))


def read_papers(site: Path) -> list[dict]:
    """Every paper's record, from every JSON part the index lists, in the index's order."""
    return [
        record
        for part in read_index(site)["parts"]
        for record in json.loads((site / part["json"]).read_text("utf-8"))["papers"]
    ]


def read_bibtex(site: Path) -> str:
    """Every BibTeX part the index lists, one after the other."""
    return "\n".join((site / part["bib"]).read_text("utf-8") for part in read_index(site)["parts"])


_SHOWN_ENTRY = re.compile(r"<pre data-bibtex>(.*?)</pre>", re.S)


def shown_entry(page: Path) -> str:
    """The BibTeX entry a paper's page shows, as text."""
    found = _SHOWN_ENTRY.findall(page.read_text("utf-8"))
    assert len(found) == 1, (page, found)
    return html.unescape(found[0])
