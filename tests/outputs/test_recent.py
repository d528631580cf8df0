"""For you's data (outputs/recent.py): the last 30 days' papers and an index of them alone."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest

from generator.model import Digest
from generator.outputs import search_index
from generator.outputs.recent import DAYS, ROWS, SHARD_BYTES, recent_data, recent_docs
from generator.outputs.search import FIELDS, search_docs
from generator.outputs.search_index import analyze
from generator.urls import URLS


def files_of(digest: Digest) -> dict[str, str]:
    return dict(recent_data(digest).files)


@pytest.fixture(scope="module")
def recent(shipped_digest: Digest) -> dict[str, str]:
    return files_of(shipped_digest)


def test_rows_are_the_papers_of_the_30_days_to_the_newest(shipped_digest: Digest, recent: dict[str, str]) -> None:
    docs = search_docs(shipped_digest)
    newest = date.fromisoformat(max(doc.arrived for doc in docs))
    first = (newest - timedelta(days=DAYS - 1)).isoformat()
    kept = [doc for doc in docs if doc.arrived >= first]
    assert 0 < len(kept) < len(docs)  # the shipped dumps span more than 30 days: some are left out
    head = json.loads(recent[URLS.foryou_data])
    assert head["row"] == list(ROWS)
    assert head["newest"] == newest.isoformat()
    assert head["papers"] == len(kept)
    assert head["rows"] == [[doc.url, doc.title, doc.arrived, list(doc.topics)] for doc in kept]


def test_the_shards_hold_every_term_of_those_papers_and_only_theirs(
    shipped_digest: Digest, recent: dict[str, str]
) -> None:
    docs = recent_docs(search_docs(shipped_digest))
    head = json.loads(recent[URLS.foryou_data])
    shards = [json.loads(recent[URLS.foryou_terms(n)]) for n in range(len(head["shards"]))]
    assert len(recent) == len(shards) + 2  # the head, the shards and the vocabulary: nothing else
    assert head["shards"] == [shard["terms"][0] for shard in shards]
    terms = [term for shard in shards for term in shard["terms"]]
    assert terms == json.loads(recent[URLS.foryou_vocabulary]) == sorted(set(terms))
    # Each paper's terms, field by field, are exactly what its postings say.
    found: dict[tuple[int, int], set[str]] = {}
    for shard in shards:
        for term, fields in zip(shard["terms"], shard["postings"], strict=True):
            for f, entry in enumerate(fields):
                for paper, weight in search_index.postings_of(entry):
                    assert weight > 0
                    found.setdefault((paper, f), set()).add(term)
    for paper, doc in enumerate(docs):
        for f, text in enumerate(doc.texts()):
            assert found.get((paper, f), set()) == set(analyze(text)), (doc.url, FIELDS[f][0])
    # Cut small: a query's terms load few of their neighbours' postings (one term alone may take more).
    for n, shard in enumerate(shards):
        assert len(recent[URLS.foryou_terms(n)]) <= 2 * SHARD_BYTES or len(shard["terms"]) == 1


def test_older_papers_change_nothing_and_the_files_are_the_same_every_time(shipped_digest: Digest) -> None:
    """An incremental build writes what a clean one does: the files are the digest's last 30 days alone."""
    docs = search_docs(shipped_digest)
    newest = date.fromisoformat(max(doc.arrived for doc in docs))
    recent_only = {
        slug: paper
        for slug, paper in shipped_digest.papers.items()
        if paper.arrived >= newest - timedelta(days=DAYS - 1)
    }
    assert len(recent_only) < len(shipped_digest.papers)
    assert files_of(shipped_digest) == files_of(shipped_digest)
    assert files_of(replace(shipped_digest, papers=recent_only)) == files_of(shipped_digest)


def test_an_empty_digest_has_no_recent_papers() -> None:
    assert recent_docs([]) == []
