"""The search data: lunr.py's index, packed, loads in lunr.js and answers as lunr.py does."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from lunr.stemmer import PorterStemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS

from generator.enrich.listings import code_listing
from generator.model import Digest, EnrichedPaper, Source
from generator.outputs.export import dumps_json
from generator.outputs.search import (
    LUNR_JS,
    SHARD_SIZE,
    SearchError,
    analyze,
    field_terms,
    index_builder,
    lunr_js,
    pack,
    search_data,
    search_docs,
    snippet,
    top_terms,
)
from generator.urls import URLS
from tests.conftest import ROOT

NODE_SCRIPT = ROOT / "tests" / "js" / "lunr_query.mjs"
QUERIES = [
    "length generalization",
    "transformer",
    "reasoning math",
    "diffusion video",
    "gen*",
    "title:transformer",
    "+length -vision",
    "multimodal large language models",
    "continual learning",
    "agent^10 benchmark",
    "reinforc~1",
    "topics:reasoning",
]


def run_node(pack_json: str, queries: list[str], tmp_path: Path, vectors: bool = False) -> dict[str, Any]:
    index = tmp_path / "index.json"
    index.write_text(pack_json, encoding="utf-8")
    command = ["node", str(NODE_SCRIPT), str(index), *(["--vectors"] if vectors else [])]
    done = subprocess.run(command, input=json.dumps(queries), capture_output=True, text=True, check=True, cwd=ROOT)
    assert not done.stderr, done.stderr  # no warning, and search.js set nothing up under node
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def shipped(shipped_digest: Digest) -> dict[str, Any]:
    docs = search_docs(shipped_digest)
    refs = [doc.url for doc in docs]
    builder = index_builder(field_terms(docs), refs)
    packed = dumps_json(pack(builder, refs))
    return {"docs": docs, "refs": refs, "pack": packed, "index": builder.build()}


def test_analyze_matches_lunr_js_pipeline() -> None:
    # split on whitespace and hyphens, ASCII trimmer (lunr.js \W), stop words out, Porter stems
    assert analyze("Length-Generalization of the (Transformers), e.g.") == ["length", "gener", "transform", "e.g"]
    assert analyze("") == []
    assert analyze("café naïve") == ["caf", "naïv"]


def test_snippet_cuts_at_a_word() -> None:
    text = "word " * 100
    cut = snippet(text, 50)
    assert cut.endswith("…") and len(cut) <= 51 and "  " not in cut
    assert snippet("short  text\n") == "short text"


def test_top_terms_prefers_rare_repeated_terms() -> None:
    abstracts = [["model", "model", "zorbnet", "zorbnet", "data"], ["model", "data"], ["model", "vision"]]
    assert top_terms(abstracts, 1) == [["zorbnet"], ["data"], ["vision"]]


def test_missing_lunr_js_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(SearchError, match=r"make site"):
        lunr_js(tmp_path)


def test_field_vectors_in_lunr_js_are_lunr_py_s(shipped: dict[str, Any], tmp_path: Path) -> None:
    """lunr.js rescores the packed term frequencies: every field vector equals lunr.py's."""
    out = run_node(shipped["pack"], [], tmp_path, vectors=True)
    serialized = shipped["index"].serialize()
    term_of = {posting["_index"]: term for term, posting in serialized["invertedIndex"]}
    number = {ref: str(n) for n, ref in enumerate(shipped["refs"])}
    assert len(out["vectors"]) == len(serialized["fieldVectors"])
    for field_ref, elements in serialized["fieldVectors"]:
        field, _, ref = field_ref.partition("/")
        ours = sorted((term_of[elements[i]], elements[i + 1]) for i in range(0, len(elements), 2))
        assert sorted(map(tuple, out["vectors"][f"{field}/{number[ref]}"])) == ours, field_ref


def test_lunr_js_gives_lunr_py_s_top_hit(shipped: dict[str, Any], tmp_path: Path) -> None:
    out = run_node(shipped["pack"], QUERIES, tmp_path)
    for query, result in zip(QUERIES, out["results"], strict=True):
        assert "error" not in result, (query, result)
        expected = shipped["index"].search(query)
        assert expected, query
        best = expected[0]["score"]
        tied = {hit["ref"] for hit in expected if abs(hit["score"] - best) < 1e-9}
        ref, score = result["hits"][0]
        assert shipped["refs"][int(ref)] in tied, query
        assert score == pytest.approx(best, abs=1e-9), query


def surface(text: str, term: str) -> str:
    """A word of the text as written that lunr indexes as `term` (what a reader would type)."""
    word = next(word for word in re.split(r"[\s-]+", text) if analyze(word) == [term])
    return re.sub(r"^\W+|\W+$", "", word, flags=re.ASCII)


def test_every_paper_is_found_by_its_title_and_its_key_terms(shipped: dict[str, Any], tmp_path: Path) -> None:
    docs = shipped["docs"]
    keywords = []
    for doc, fields in zip(docs, field_terms(docs), strict=True):
        words = [word for term in fields["terms"] if re.fullmatch(r"\w+", word := surface(doc.abstract, term))]
        keywords.append(" ".join("+" + word for word in words[:3]))
    titles = [doc.title.replace(":", " ") for doc in docs]
    out = run_node(shipped["pack"], titles + keywords, tmp_path)
    for n, result in enumerate(out["results"][: len(docs)]):
        assert result["hits"][0][0] == str(n), (docs[n].title, result["hits"][:3])
    for n, result in enumerate(out["results"][len(docs) :]):
        assert str(n) in [ref for ref, _ in result["hits"]], (docs[n].title, keywords[n])


def test_malformed_query_is_an_error_not_a_crash(shipped: dict[str, Any], tmp_path: Path) -> None:
    out = run_node(shipped["pack"], ["title:", "nosuchfield:x", "gen~x"], tmp_path)
    assert all("error" in result for result in out["results"])


def test_search_data_is_deterministic_and_sharded(shipped_digest: Digest) -> None:
    papers = shipped_digest.papers
    reordered = replace(shipped_digest, papers=dict(reversed(papers.items())))
    first, second = search_data(shipped_digest), search_data(reordered)
    assert first == second
    shards = [URLS.search_store(n) for n in range(-(-len(papers) // SHARD_SIZE))]
    assert [path for path, _ in first.files] == sorted([URLS.search_index, *shards])
    rows = [row for path in shards for row in json.loads(first.text(path))]
    assert [row[0] for row in rows] == sorted(p.url for p in papers.values())
    # [url, title, date, arrived, upvotes, topics, snippet, has_code]: unknown is "" or null, never a stand-in
    by_url = {p.url: p for p in papers.values()}
    for url, title, day, arrived, upvotes, topics, _, has_code in rows:
        paper = by_url[url]
        assert title == paper.title and topics == [t.title for t in paper.topics]
        assert day == (paper.date.isoformat() if paper.date else "")
        assert arrived == paper.arrived.isoformat() and upvotes == paper.upvotes
        assert has_code is paper.has_code
    assert any(row[7] for row in rows) and not all(row[7] for row in rows)
    packed = json.loads(first.text(URLS.search_index))
    assert packed["papers"] == len(papers) and packed["shard"] == SHARD_SIZE
    assert packed["store"].replace("####", "0000") == URLS.search_store(0)


def test_papers_without_topics_or_org_are_indexed() -> None:
    paper = EnrichedPaper(
        key="alpha",
        slug="a",
        title="Alpha",
        abstract="beta gamma",
        sources=(Source("d.txt", 1, date(2024, 1, 2)),),
        url=URLS.paper("a"),
    )
    data = search_data(Digest(papers={"a": paper}, topics=(), orgs=(), with_code=code_listing((), 25)))
    row = ["papers/a.html", "Alpha", "", "2024-01-02", None, [], "beta gamma", False]
    assert json.loads(data.text(URLS.search_store(0))) == [row]


def test_topic_titles_in_the_store_name_the_digest_s_topics(shipped_digest: Digest) -> None:
    """search.html's topic filter offers DIGEST.topics (value: slug, text: title); search.js keeps the rows
    whose topics hold that title, so a paper's topic titles must be those of its topics' listings."""
    titles = {topic.slug: topic.title for topic in shipped_digest.topics}
    assert len(set(titles.values())) == len(titles)
    for paper in shipped_digest.papers.values():
        for ref in paper.topics:
            assert titles[ref.slug] == ref.title, (paper.slug, ref.slug)


def required(query: str) -> str:
    """A plain query as lunr's syntax with every word required (stop words are not indexed: left out)."""
    return " ".join(f"+{word}" for word in query.split() if word not in STOP_WORDS)


def same_stem(word: str) -> bool:
    """A word lunr.py's query side stems as lunr.js does (they differ on a final y: LunrJsStemmer)."""
    return analyze(word) == [PorterStemmer().stem(word)]


# Plain words as the search box runs them: every word required.
ALL_WORDS = [
    "length generalization",
    "reasoning math",
    "diffusion video",
    "multimodal large language models",
    "continual learning",
    "the length of generalization",
    "transformer",
    "Length-Generalization",
]
# Words that are each in some paper but never in one paper together: any of them, and said so.
NEVER_TOGETHER = ["grokking robot", "protein grokking", "zzzqqq diffusion"]


def test_plain_words_are_all_required(shipped: dict[str, Any], tmp_path: Path) -> None:
    """The search box's plain-word query (search.js's plainSearch) finds what lunr.py finds with +word."""
    docs = shipped["docs"]
    titled = [
        " ".join(words[:2])
        for doc in docs[::9]
        if len(words := [w for w in re.findall(r"[a-z]{4,}", doc.title.lower()) if same_stem(w)]) >= 2
    ]
    queries = ALL_WORDS + titled
    out = run_node(shipped["pack"], [{"plain": q} for q in queries], tmp_path)
    for query, result in zip(queries, out["results"], strict=True):
        expected = shipped["index"].search(required(query.replace("-", " ")))
        assert result["all"], (query, result["words"])
        got = {shipped["refs"][int(ref)]: score for ref, score in result["hits"]}
        assert set(got) == {hit["ref"] for hit in expected}, query
        for hit in expected:
            assert got[hit["ref"]] == pytest.approx(hit["score"], abs=1e-9), query
    assert len(out["results"][0]["hits"]) < len(shipped["index"].search("length generalization"))


def test_words_never_together_fall_back_to_any_word(shipped: dict[str, Any], tmp_path: Path) -> None:
    out = run_node(shipped["pack"], [{"plain": q} for q in NEVER_TOGETHER], tmp_path)
    for query, result in zip(NEVER_TOGETHER, out["results"], strict=True):
        assert not shipped["index"].search(required(query)), query
        expected = {hit["ref"] for hit in shipped["index"].search(query)}
        assert expected, query
        assert not result["all"] and result["words"] == query.split()
        assert {shipped["refs"][int(ref)] for ref, _ in result["hits"]} == expected, query
    # one word, or stop words only: nothing to fall back to
    out = run_node(shipped["pack"], [{"plain": "zzzqqq"}, {"plain": "the of and"}], tmp_path)
    assert [(r["hits"], r["all"]) for r in out["results"]] == [([], True), ([], True)]


def test_the_word_being_typed_does_not_empty_the_results(shipped: dict[str, Any], tmp_path: Path) -> None:
    """While typed, the last word is required as the start of a word or as a word: every prefix of
    "length generalization" past "length " finds papers, all with "length", and the whole query
    typed finds what it finds once committed."""
    full = "length generalization"
    prefixes = [full[:k] for k in range(len("length g"), len(full) + 1)]
    queries = [{"plain": p, "typing": True} for p in prefixes] + [
        {"plain": full},
        {"plain": "length zzzq", "typing": True},
    ]
    out = run_node(shipped["pack"], queries, tmp_path)
    with_length = {hit["ref"] for hit in shipped["index"].search("+length")}
    committed = {shipped["refs"][int(ref)] for ref, _ in out["results"][-2]["hits"]}
    assert committed and committed <= with_length
    for prefix, result in zip(prefixes, out["results"][: len(prefixes)], strict=True):
        found = {shipped["refs"][int(ref)] for ref, _ in result["hits"]}
        assert result["all"] and found, prefix
        assert found <= with_length, prefix
        if len(prefix) >= len("length gen"):
            assert "length" in result["words"] and len(result["words"]) == 2, prefix
    assert {shipped["refs"][int(ref)] for ref, _ in out["results"][len(prefixes) - 1]["hits"]} == committed
    # a word that starts no term is required as it is: no paper has both, so any word, and said so
    assert not out["results"][-1]["all"]


@pytest.mark.slow
def test_built_site_has_search(site_dir: Path) -> None:
    assert (site_dir / URLS.search).is_file()
    assert (site_dir / URLS.search_index).is_file()
    assert (site_dir / URLS.lunr_js).read_bytes() == (ROOT / LUNR_JS).read_bytes()
    for page in (site_dir / URLS.index, next((site_dir / "papers").glob("*.html"))):
        doc = lxml.html.parse(str(page)).getroot()
        assert doc.xpath("//form[@class='search-box']")
        loaded = doc.xpath("//script/@src | //link/@href")
        assert any(src.endswith(URLS.search_js) for src in loaded)
        # the index and lunr.js are fetched on first use, not with the page
        assert not [src for src in loaded if src.endswith((URLS.search_index, URLS.lunr_js))]


def test_index_terms_are_the_terms_lunr_js_makes(shipped_digest: Digest) -> None:
    """Every word of the shipped dumps analyses in Python to what lunr.js's pipeline makes of it."""
    texts = (f"{p.title} {p.abstract}".lower() for p in shipped_digest.papers.values())
    words = sorted({word for text in texts for word in re.split(r"[\s\xa0-]+", text)})
    script = """
const lunr = require("./node_modules/lunr");
const words = JSON.parse(require("fs").readFileSync(0, "utf8"));
const pipeline = new lunr.Pipeline();
pipeline.add(lunr.trimmer, lunr.stopWordFilter, lunr.stemmer);
process.stdout.write(JSON.stringify(words.map((w) => pipeline.runString(w).map(String))));
"""
    done = subprocess.run(
        ["node", "-e", script], input=json.dumps(words), capture_output=True, text=True, check=True, cwd=ROOT
    )
    theirs = json.loads(done.stdout)
    differ = [(w, analyze(w), t) for w, t in zip(words, theirs, strict=True) if analyze(w) != [x for x in t if x]]
    assert not differ, differ[:20]
