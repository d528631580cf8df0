"""The per-paper outputs kept between builds (outputs/kept.py): taken when their inputs are the same,
never trusted otherwise, and giving the bytes a clean build gives."""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import replace
from pathlib import Path

import pytest

from generator import parallel
from generator.model import Digest
from generator.outputs import kept as kept_module
from generator.outputs.bibtex import bibtex_entries
from generator.outputs.kept import FILE, KeptOutputs, load_values, save_values
from generator.outputs.recent import recent_data
from generator.outputs.search import analyse, search_data, search_docs

SITE_URL = "https://example.org/digest/"


def older(digest: Digest) -> Digest:
    """The digest as it was the day before its newest day."""
    newest = max(p.arrived for p in digest.papers.values())
    return replace(digest, papers={slug: p for slug, p in digest.papers.items() if p.arrived < newest})


def run(digest: Digest, path: Path) -> tuple[KeptOutputs, tuple[object, ...]]:
    """What a build makes of the digest with the store in `path` (then saved, as a build saves it)."""
    kept = KeptOutputs(path)
    made = (
        search_data(digest, kept.analyses).files,
        recent_data(digest, kept.analyses).files,
        bibtex_entries(digest, SITE_URL, kept.value),
    )
    kept.save()
    return kept, made


def clean(digest: Digest) -> tuple[object, ...]:
    return search_data(digest).files, recent_data(digest).files, bibtex_entries(digest, SITE_URL)


def test_a_new_day_computes_its_papers_only_and_writes_what_a_clean_build_writes(
    shipped_digest: Digest, tmp_path: Path
) -> None:
    path = tmp_path / FILE
    yesterday = older(shipped_digest)
    first, made = run(yesterday, path)
    assert first.computed == 2 * len(yesterday.papers)  # an analysis and an entry a paper
    assert made == clean(yesterday)
    second, made = run(shipped_digest, path)
    assert 0 < second.computed == 2 * (len(shipped_digest.papers) - len(yesterday.papers))
    assert made == clean(shipped_digest)


def test_nothing_changed_computes_nothing_and_writes_no_store(shipped_digest: Digest, tmp_path: Path) -> None:
    path = tmp_path / FILE
    run(shipped_digest, path)
    written = path.stat().st_mtime_ns
    again, made = run(shipped_digest, path)
    assert again.computed == 0 and made == clean(shipped_digest)
    assert path.stat().st_mtime_ns == written


def test_the_store_keeps_exactly_the_papers_of_the_last_build(shipped_digest: Digest, tmp_path: Path) -> None:
    path = tmp_path / FILE
    run(shipped_digest, path)
    yesterday = older(shipped_digest)
    assert len(load_values(path)) == 2 * len(shipped_digest.papers)
    run(yesterday, path)  # the newest day's papers removed: they drop out
    assert len(load_values(path)) == 2 * len(yesterday.papers)


def test_a_changed_text_is_analysed_again(shipped_digest: Digest, tmp_path: Path) -> None:
    path = tmp_path / FILE
    run(shipped_digest, path)
    slug, paper = next(iter(shipped_digest.papers.items()))
    edited = replace(
        shipped_digest, papers={**shipped_digest.papers, slug: replace(paper, abstract="Quantum sorbets.")}
    )
    again, made = run(edited, path)
    assert again.computed == 1  # its analysis; its BibTeX entry has no abstract
    assert made == clean(edited)


def test_an_entry_is_made_again_for_another_site_url(shipped_digest: Digest, tmp_path: Path) -> None:
    path = tmp_path / FILE
    run(shipped_digest, path)
    kept = KeptOutputs(path)
    entries = bibtex_entries(shipped_digest, "https://elsewhere.example/", kept.value)
    assert entries == bibtex_entries(shipped_digest, "https://elsewhere.example/")
    assert kept.computed == len(shipped_digest.papers)


def _damaged(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _checked(path: Path, value: object) -> None:
    """`value` pickled and checked as the store is: it passes the checksum."""
    body = pickle.dumps(value)
    path.write_bytes(hashlib.sha256(body).digest() + body)


@pytest.mark.parametrize(
    "spoil",
    [
        _damaged,
        lambda path: path.write_bytes(path.read_bytes()[:-100]),  # half-written
        lambda path: path.write_bytes(b"not a store"),
        lambda path: _checked(path, {**pickle.loads(path.read_bytes()[32:]), "format": kept_module.FORMAT + 1}),
        lambda path: _checked(path, {**pickle.loads(path.read_bytes()[32:]), "code": "other code"}),
        lambda path: _checked(path, ["a list"]),
    ],
    ids=["damaged", "truncated", "not a store", "other format", "other code", "not a dict"],
)
def test_a_damaged_or_foreign_store_is_ignored(shipped_digest: Digest, tmp_path: Path, spoil) -> None:
    path = tmp_path / FILE
    run(shipped_digest, path)
    spoil(path)
    assert load_values(path) == {}
    again, made = run(shipped_digest, path)
    assert again.computed == 2 * len(shipped_digest.papers) and made == clean(shipped_digest)
    assert len(load_values(path)) == 2 * len(shipped_digest.papers)  # written afresh


def test_a_kept_value_is_taken_by_its_key_alone(shipped_digest: Digest, tmp_path: Path) -> None:
    """A store is trusted when it passes its checks: what it holds under a key is what a build takes."""
    path = tmp_path / FILE
    docs = search_docs(shipped_digest)
    run(shipped_digest, path)
    values = load_values(path)
    first, second = analyse(docs[:2])
    swapped = {key: (second if value == first else value) for key, value in values.items()}
    save_values(path, swapped)
    assert KeptOutputs(path).analyses(docs[:1]) == [second]


def test_many_new_analyses_are_made_on_two_cores_as_on_one(
    shipped_digest: Digest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shares: list[int] = []

    def chunked_map(task, items, workers):
        shares.append(workers)
        return parallel.chunked_map(task, items, workers)

    monkeypatch.setattr(kept_module, "chunked_map", chunked_map)
    monkeypatch.setattr(kept_module, "PARALLEL_FROM", 10)
    docs = search_docs(shipped_digest)
    one, two = KeptOutputs(tmp_path / "one"), KeptOutputs(tmp_path / "two", workers=2)
    assert two.analyses(docs) == one.analyses(docs) == analyse(docs)
    assert shares == [2, 1] and one.computed == two.computed == len(docs)  # two first, as the line reads
    assert two.analyses(docs[:20]) == analyse(docs[:20]) and shares[-1] == 1  # none new: nothing to share
