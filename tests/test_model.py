"""The records between stages: each slotted record pickles (the build's caches) to an equal one."""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Iterator

from generator import model
from generator.inputs.ingest import parse_input
from generator.model import Digest
from tests.support.paths import SHIPPED_DUMPS

SLOTTED = [
    kind
    for kind in vars(model).values()
    if isinstance(kind, type) and dataclasses.is_dataclass(kind) and "__slots__" in vars(kind)
]


def reached(value: object, seen: set[int] | None = None) -> Iterator[object]:
    """`value` and every record, tuple and mapping inside it."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    yield value
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from reached(getattr(value, field.name), seen)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from reached(item, seen)


def test_every_slotted_record_pickles_to_an_equal_one(shipped_digest: Digest) -> None:
    dumps = [parse_input(path.read_bytes(), path.name) for path in SHIPPED_DUMPS]
    assert dumps
    enriched = list(shipped_digest.papers.values())
    merged = [model.Paper(**{f.name: getattr(p, f.name) for f in dataclasses.fields(model.Paper)}) for p in enriched]
    values = [*enriched, *merged, *(dump for dump, *_ in dumps if dump is not None)]
    again = pickle.loads(pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == values
    found = {type(item) for value in values for item in reached(value)}
    assert set(SLOTTED) <= found, f"no shipped value holds {set(SLOTTED) - found}"
    kinds = [type(item) for value in again for item in reached(value)]
    assert kinds == [type(item) for value in values for item in reached(value)]


def test_every_slotted_record_is_pickled_by_its_fields() -> None:
    """dataclasses' own __setstate__ looks fields up for every object: twice the time to load a build's caches."""
    assert SLOTTED and all("__reduce__" in vars(kind) for kind in SLOTTED)


def test_a_record_of_keyword_fields_pickles_by_name(shipped_digest: Digest) -> None:
    paper = next(iter(shipped_digest.papers.values()))
    assert any(field.kw_only for field in dataclasses.fields(paper))
    assert pickle.loads(pickle.dumps(paper)) == paper
