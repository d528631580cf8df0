"""The built site's papers as data, read as a reader of papers.json reads them: the index, then its parts.

The parts are written small (docs/data.md, format version 3): a field that says nothing is left
out, a listing is grouped by capture day, upvotes are one map from day to count, and what repeats
in a record is a short array. `read_papers` reads them back as docs/data.md says a reader does, into
records with every field named: the form every test of the built site reads, so a fact lost by the
small form fails the tests that look for it.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from generator.model import HUB_FIELDS
from generator.outputs.gzipped import inflated
from generator.urls import URLS

FORMAT_VERSION = 3  # the version these readers know (docs/data.md)
# What a missing field of a record means: null, or an empty list, or false (docs/data.md).
_LISTS = ("links", "topics", "similar", "author_names", "ai_keywords")
_MISSING: dict[str, Any] = {
    **dict.fromkeys(("date", "upvotes", "authors", "org", *HUB_FIELDS)),
    **{name: [] for name in _LISTS},
    "listed": {},
    "upvote_history": {},
    "has_code": False,
}


def read_gzipped(path: Path) -> str:
    """The text of a file the site stores gzipped (a data part, a search file): as a reader gunzips it."""
    return inflated(path.read_bytes())


def read_index(site: Path) -> dict:
    """papers.json: the version, the count, the site's URL, the topics and the parts."""
    index = json.loads((site / URLS.papers_json).read_text("utf-8"))
    assert index["version"] == FORMAT_VERSION, index["version"]
    return index


def read_parts(site: Path) -> list[dict]:
    """Every JSON part the index lists, as written, in the index's order."""
    return [json.loads(read_gzipped(site / part["json"])) for part in read_index(site)["parts"]]


def read_similar(site: Path) -> dict[str, list]:
    """Every paper's similar papers as written, `[[slug, score], ...]`, from every part's similar file; by slug."""
    found: dict[str, list] = {}
    for part in read_index(site)["parts"]:
        lists = json.loads(read_gzipped(site / part["similar"]))["similar"]
        assert not found.keys() & lists.keys(), "a paper in two parts"
        found.update(lists)
    return found


def read_papers(site: Path) -> list[dict]:
    """Every paper's record, from every JSON part the index lists, in the index's order, each read whole, with
    its similar papers from its part's similar file."""
    paper_url = read_index(site)["paper_url"]
    similar = read_similar(site)
    records = [record for part in read_parts(site) for record in part["papers"]]
    assert all("similar" not in record for record in records), "similar papers are in the similar files alone"
    assert similar.keys() <= {record["slug"] for record in records}, "similar papers of a paper with no record"
    return [read_record({**record, "similar": similar.get(record["slug"], [])}, paper_url) for record in records]


def read_record(written: dict, paper_url: str) -> dict:
    """A record as written in a part, every field named: missing ones as what they mean, arrays as objects;
    its page's URL from papers.json's `paper_url`."""
    record = {**_MISSING, **written, "url": paper_url.replace("{slug}", written["slug"])}
    history = record.pop("upvote_history")
    record["upvote_history"] = [{"day": day, "count": count} for day, count in history.items()]
    record["upvotes_counted"] = next(reversed(history), None)
    listed = record.pop("listed")
    record["sources"] = [{"captured": day, "counted": counted} for day in listed for counted in listed[day]]
    record["links"] = [{"url": url, "kind": kind} for url, kind in record["links"]]
    record["topics"] = [{"slug": slug, "score": score, "matched": matched} for slug, score, matched in record["topics"]]
    record["similar"] = [{"slug": slug, "score": score} for slug, score in record["similar"]]
    return record


def read_bibtex(site: Path) -> str:
    """Every BibTeX part the index lists, one after the other."""
    return "\n".join(read_gzipped(site / part["bib"]) for part in read_index(site)["parts"])


_SHOWN_ENTRY = re.compile(r"<pre data-bibtex>(.*?)</pre>", re.S)


def shown_entry(page: Path) -> str:
    """The BibTeX entry a paper's page shows, as text."""
    found = _SHOWN_ENTRY.findall(page.read_text("utf-8"))
    assert len(found) == 1, (page, found)
    return html.unescape(found[0])
