"""The reference the shipped search data must answer like: lunr.py's own, unsharded index.

Test code, not the build's: the build weighs terms itself (generator/outputs/search_index.py)
and the tests compare its answers with this index's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lunr.builder import Builder
from lunr.pipeline import Pipeline
from lunr.token import Token

from generator.outputs.search import PIPELINE, SearchDoc
from generator.outputs.search_index import FIELDS, analyze
from generator.spelling import british


def spelling(token: Token, i: int, tokens: list[Token]) -> Token:
    """search-spelling.js's "spelling" in lunr.py: a query word in the one spelling the index has."""
    return token.update(lambda text, metadata: british(text))


if "spelling" not in Pipeline.registered_functions:
    Pipeline.register_function(spelling, "spelling")


def field_terms(docs: Sequence[SearchDoc]) -> list[dict[str, list[str]]]:
    """The analysed terms of every field of every paper (for lunr.py's own builder)."""
    return [{name: analyze(text) for (name, _), text in zip(FIELDS, doc.texts(), strict=True)} for doc in docs]


def index_builder(terms: Sequence[Mapping[str, list[str]]], refs: Sequence[str]) -> Builder:
    """lunr.py's builder with every paper added, over pre-analysed terms (its indexing pipeline is empty)."""
    builder = Builder()
    builder.search_pipeline.add(*(Pipeline.registered_functions[name] for name in PIPELINE))
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for ref, fields in zip(refs, terms, strict=True):
        builder.add({"ref": ref, **fields})
    return builder
