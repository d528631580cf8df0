"""Author names are a search field (issue 25, item 2): `author:liu` reaches them, and only them."""

from __future__ import annotations

import json
from datetime import date

from generator.enrich.listings import code_listing
from generator.model import Digest, EnrichedPaper, HubFields, Source
from generator.outputs import search_index
from generator.outputs.search import search_data
from generator.urls import URLS

AUTHOR = [name for name, _ in search_index.FIELDS].index("author")


def _paper(slug: str, title: str, authors: tuple[str, ...]) -> EnrichedPaper:
    return EnrichedPaper(
        key=slug,
        slug=slug,
        title=title,
        abstract="a study of scaling",
        sources=(Source("d.txt", 1, date(2024, 1, 2)),),
        url=URLS.paper(slug),
        hub=HubFields(author_names=authors),
    )


def _postings(data_text: str, term: str) -> list[list[int]]:
    """The papers that hold `term`, per field, read back from the one term shard."""
    shard = json.loads(data_text)
    lists = shard["postings"][shard["terms"].index(term)]
    return [[doc for doc, _ in search_index.postings_of(entry)] for entry in lists]


def test_author_names_are_their_own_field() -> None:
    papers = {
        "a": _paper("a", "Liu on laws", ("Wei Liu", "Ana Souza")),
        "b": _paper("b", "Scaling", ("Zhang Wei",)),
        "c": _paper("c", "Pasted", ()),  # a pasted paper: no authors known, nothing indexed for them
    }
    data = search_data(Digest(papers=papers, topics=(), orgs=(), with_code=code_listing((), 25)))
    head = json.loads(data.text(URLS.search_index))
    assert head["fields"][AUTHOR] == "author"
    shard = data.text(URLS.search_terms(0))
    liu = _postings(shard, "liu")
    assert liu[AUTHOR] == [0]  # paper a, numbered by arrival then URL
    assert liu[0] == [0]  # "Liu" in a's title is the title field's too, each weighed on its own
    assert _postings(shard, "wei")[AUTHOR] == [0, 1]
    assert _postings(shard, "souza")[:AUTHOR] == [[]] * AUTHOR  # an author's name is in no other field
