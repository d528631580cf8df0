"""What stands for a page's view in its keys (site/views.py, view_hash): equal for equal values only."""

from __future__ import annotations

import pickle
from dataclasses import replace
from datetime import date

import pytest

from generator.site.render import Rendered
from generator.site.sources import markdown_source, source_metadata
from generator.site.views import view_hash as _hash
from generator.site.writer import SavePathClash


def test_equal_views_hash_alike_whatever_objects_hold_them(shipped_digest):
    papers = list(shipped_digest.papers.values())[:20]
    copies = pickle.loads(pickle.dumps(papers))  # equal values, other objects (strings not interned)
    assert [_hash(p) for p in papers] == [_hash(p) for p in copies]


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Another title"},
        {"abstract": "Another abstract."},
        {"upvote_history": ()},
        {"authors": ("Someone Else",)},
        {"slug": "another-slug"},
    ],
    ids=lambda change: next(iter(change)),
)
def test_a_changed_field_changes_the_hash(shipped_digest, change):
    paper = next(iter(shipped_digest.papers.values()))
    assert _hash(replace(paper, **change)) != _hash(paper)


def test_types_and_nesting_are_told_apart():
    values = ("1", 1, 1.0, True, None, (1,), [1], ((1,),), {"1": 1}, date(2024, 1, 1), "2024-01-01")
    assert len({_hash(value) for value in values}) == len(values)


def test_a_source_header_reads_back_as_written():
    meta = {"Title": "A  title\nover lines", "Slug": "a-b", "Page_number": 3}
    assert source_metadata(markdown_source(meta, "Body: not a header")) == {
        "title": "A title over lines",
        "slug": "a-b",
        "page_number": "3",
    }


def test_one_page_from_sources_read_by_two_processes_is_a_clash_naming_both():
    first = Rendered(sources={"papers/x.html": ("papers/x.md", "article.html")})
    then = Rendered(sources={"papers/x.html": ("lists/y.md", "listing.html")})
    with pytest.raises(SavePathClash, match=r"papers/x\.html: content/papers/x\.md and content/lists/y\.md"):
        first + then
