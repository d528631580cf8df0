"""The search data: lunr.py's index, packed, loads in lunr.js and answers as lunr.py does."""

from __future__ import annotations

import json
import random
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

from generator.config import LUNR_JS
from generator.enrich.listings import code_listing
from generator.model import Digest, EnrichedPaper, Source
from generator.outputs import search_index
from generator.outputs.search import (
    FRAGMENTS,
    SHARD_SIZE,
    SearchData,
    SearchError,
    lunr_js,
    search_data,
    search_docs,
)
from generator.outputs.search_index import analyze
from generator.spelling import british, search_rules
from generator.urls import URLS
from tests.support.paths import ROOT
from tests.support.search_reference import field_terms, index_builder

NODE_SCRIPT = ROOT / "tests" / "js" / "lunr_query.mjs"
NODE = ["node", "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON"]
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


def write_site(data: SearchData, folder: Path) -> Path:
    """The search files under a site folder; returns the head's path."""
    for path, text in data.files:
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
    return folder / URLS.search_index


def sorted_labels(serialized: dict[str, Any]) -> dict[str, Any]:
    """A serialised lunr index with its terms numbered in sorted order, as the shards number them.

    Numbering is only a label (lunr compares vectors entry by entry), but lunr sums a score's terms in
    that order: with the same order, the scores are equal to the last bit."""
    serialized = json.loads(json.dumps(serialized))  # a copy: lunr.py's serialisation shares its postings
    inverted = sorted(serialized["invertedIndex"])
    new = {posting["_index"]: n for n, (_, posting) in enumerate(inverted)}
    for _, posting in inverted:
        posting["_index"] = new[posting["_index"]]
    vectors = []
    for field_ref, elements in serialized["fieldVectors"]:
        pairs = sorted((new[elements[i]], elements[i + 1]) for i in range(0, len(elements), 2))
        vectors.append([field_ref, [x for pair in pairs for x in pair]])
    return {**serialized, "invertedIndex": inverted, "fieldVectors": vectors}


def run_node(site: dict[str, Any], queries: list[Any], reference: bool = False) -> dict[str, Any]:
    command = [*NODE, str(NODE_SCRIPT), str(site["head"])]
    if reference:
        command += ["--reference", str(site["reference"])]
    done = subprocess.run(
        command, input=json.dumps(queries), capture_output=True, text=True, encoding="utf-8", check=True, cwd=ROOT
    )
    assert not done.stderr, done.stderr  # no warning, and the engine set nothing up under node
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def shipped(shipped_digest: Digest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The shipped dumps' search data in a site folder, and lunr.py's one index over the same papers
    (refs: the papers' numbers), serialised for lunr.js: the unsharded index the shards must answer like."""
    folder = tmp_path_factory.mktemp("site")
    docs = search_docs(shipped_digest)
    data = search_data(shipped_digest)
    numbers = [str(n) for n in range(len(docs))]
    index = index_builder(field_terms(docs), numbers).build()
    reference = folder / "reference.json"
    reference.write_text(json.dumps(sorted_labels(index.serialize())), encoding="utf-8")
    built = search_index.build([doc.texts() for doc in docs])
    return {
        "docs": docs,
        "refs": [doc.url for doc in docs],
        "data": data,
        "head": write_site(data, folder),
        "reference": reference,
        "index": index,
        "built": built,
    }


def test_analyze_matches_lunr_js_pipeline() -> None:
    # split on whitespace and hyphens, ASCII trimmer (lunr.js \W), stop words out, one spelling, Porter stems
    assert analyze("Length-Generalization of the (Transformers), e.g.") == ["length", "generalis", "transform", "e.g"]
    # British and American spellings are one term; words that only look like one keep theirs
    assert analyze("generalisation generalization generalise generalized") == ["generalis"] * 4
    assert analyze("modeling modelling colour color") == ["model", "model", "colour", "colour"]
    assert analyze("feeling wheeled supervised size") == ["feel", "wheel", "supervis", "size"]
    assert analyze("") == []
    assert analyze("café naïve") == ["caf", "naïv"]
    # a word lunr keeps whole (a URL) also gives the words inside it
    assert analyze("github.com/Rain-Bus/MSGCoOp") == [
        "github.com/rain",
        "github.com",
        "rain",
        "bus/msgcoop",
        "bu",
        "msgcoop",
    ]


def test_missing_lunr_js_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(SearchError, match=r"make site"):
        lunr_js(tmp_path)


@pytest.mark.slow
def test_every_weight_is_lunr_py_s(shipped: dict[str, Any]) -> None:
    """Every posting in the shards carries the field-vector entry of lunr.py's one index over all papers."""
    serialized = shipped["index"].serialize()
    term_of = {posting["_index"]: term for term, posting in serialized["invertedIndex"]}
    theirs = {
        (field_ref, term_of[elements[i]]): elements[i + 1]
        for field_ref, elements in serialized["fieldVectors"]
        for i in range(0, len(elements), 2)
    }
    head = json.loads(shipped["data"].text(URLS.search_index))
    ours = {}
    for number in range(len(head["shards"])):
        shard = json.loads(shipped["data"].text(URLS.search_terms(number)))
        assert shard["terms"][0] == head["shards"][number]
        for term, fields in zip(shard["terms"], shard["postings"], strict=True):
            for name, entry in zip(head["fields"], fields, strict=True):
                for doc, weight in search_index.postings_of(entry):
                    ours[(f"{name}/{doc}", term)] = weight / 1000
    assert ours == theirs
    assert json.loads(shipped["data"].text(URLS.search_vocabulary)) == sorted(term_of.values())


def hundred_queries(shipped: dict[str, Any]) -> list[str]:
    """Single words (common to rare), pairs, exact titles, wildcards, fields, presence: 100 queries."""
    built = shipped["built"]
    rng = random.Random(12)
    by_spread = sorted(range(len(built.terms)), key=lambda t: (-int(built.papers_with[t]), built.terms[t]))
    plain = [built.terms[t] for t in by_spread if re.fullmatch(r"[a-z]{3,}", built.terms[t])]
    singles = plain[:15] + rng.sample(plain[15:], 15)
    pairs = [f"{a} {b}" for a, b in zip(plain[:20:2], rng.sample(plain, 10), strict=True)]
    pairs += [f"{a} {b}" for a, b in zip(rng.sample(plain[:200], 20), rng.sample(plain[:200], 20), strict=True)]
    titles = [re.sub(r"[:*~^+-]", " ", doc.title) for doc in rng.sample(shipped["docs"], 20)]
    wildcards = ["gen*", "tra*", "rea*", "lang*", "vis*", "multi*", "*former", "lea*ing", "reinforc~1", "agnt~1"]
    syntax = ["title:transformer", "+length -vision", "topics:reasoning", "agent^10 benchmark", "org:google"]
    syntax += ["+diffusion +video", "-vision", "title:gen*", "abstract:grokking", "+reasoning -math -vision"]
    queries = singles + pairs + titles + wildcards + syntax
    assert len(queries) == 100
    return queries


@pytest.mark.slow
def test_the_ranking_is_that_of_one_unsharded_lunr_index(shipped: dict[str, Any]) -> None:
    """100 queries: the sharded search's top 10 is lunr.js's on lunr.py's whole index, same order, same scores;
    and a query loads only the shards its terms need."""
    queries = hundred_queries(shipped)
    out = run_node(shipped, queries, reference=True)
    for query, result in zip(queries, out["results"], strict=True):
        assert "error" not in result, (query, result)
        assert result["hits"] == result["reference"], query
        if "*" not in query and "~" not in query and query != "-vision":
            assert len(result["files"]) <= len(query.split()), (query, result["files"])
    assert sum(bool(r["hits"]) for r in out["results"]) >= 95


@pytest.mark.slow
def test_the_first_page_is_lunr_s_without_scoring_every_paper(shipped: dict[str, Any]) -> None:
    """firstResults (the search page's first ten, before lunr scores every paper): whenever it answers,
    the first ten of lunr's whole answer, same order, same scores; in lunr's syntax and as plain words."""
    queries = hundred_queries(shipped)
    plain = [{"plain": q, "typing": typing} for q in queries[:60] for typing in (False, True)]
    out = run_node(shipped, [*queries, *plain])["results"]
    for query, result in zip([*queries, *plain], out, strict=True):
        if result["first"] is not None:
            assert result["first"] == result["hits"][:10], query
    assert sum(r["first"] is not None for r in out) >= 100


@pytest.mark.slow
def test_lunr_scoring_in_parts_gives_the_same_answer(shipped: dict[str, Any]) -> None:
    """queryInParts (the search page's whole answer, lunr scoring a few papers at a time): every result,
    its score, its terms and the order of ties are those of lunr scoring all at once."""
    queries = hundred_queries(shipped)
    plain = [{"plain": q, "typing": typing} for q in queries[:60] for typing in (False, True)]
    out = run_node(shipped, [*queries, *plain])["results"]
    assert [query for query, r in zip([*queries, *plain], out, strict=True) if not r["same_in_parts"]] == []


@pytest.mark.slow
def test_lunr_js_gives_lunr_py_s_top_hit(shipped: dict[str, Any]) -> None:
    """The Python-built index answers in lunr.js as lunr.py's own search does."""
    out = run_node(shipped, QUERIES)
    for query, result in zip(QUERIES, out["results"], strict=True):
        assert "error" not in result, (query, result)
        expected = shipped["index"].search(query)
        assert expected, query
        best = expected[0]["score"]
        tied = {hit["ref"] for hit in expected if abs(hit["score"] - best) < 1e-9}
        ref, score = result["hits"][0]
        assert ref in tied, query
        assert score == pytest.approx(best, abs=1e-9), query


def surface_words(text: str) -> dict[str, str]:
    """The plain words of a text as written (\\w only, what a reader types), by their single term."""
    found = {}
    for word in reversed(re.split(r"[\s-]+", text)):
        word = re.sub(r"^\W+|\W+$", "", word, flags=re.ASCII)
        if re.fullmatch(r"\w+", word) and len(terms := analyze(word)) == 1:
            found[terms[0]] = word
    return found


@pytest.mark.slow
def test_every_paper_is_found_by_its_two_rarest_abstract_words(shipped: dict[str, Any]) -> None:
    built = shipped["built"]
    number = {term: n for n, term in enumerate(built.terms)}
    queries = []
    for doc in shipped["docs"]:
        words = surface_words(doc.abstract)
        rarest = sorted(words, key=lambda term: (int(built.papers_with[number[term]]), term))[:2]
        queries.append(" ".join("+" + words[term] for term in rarest))
    out = run_node(shipped, queries)
    for n, (query, result) in enumerate(zip(queries, out["results"], strict=True)):
        assert str(n) in [ref for ref, _ in result["hits"]], (shipped["docs"][n].title, query)


@pytest.mark.slow
def test_every_paper_is_found_by_its_title(shipped: dict[str, Any]) -> None:
    docs = shipped["docs"]
    titles = [re.sub(r"[:*~^+-]", " ", doc.title) for doc in docs]
    out = run_node(shipped, [{"plain": t} for t in titles] + titles)
    for n, result in enumerate(out["results"]):
        assert result["hits"][0][0] == str(n % len(docs)), (docs[n % len(docs)].title, result["hits"][:3])


@pytest.mark.slow
def test_words_inside_abstracts_find_their_papers(shipped: dict[str, Any]) -> None:
    """Issue 12's words: each stands in an abstract only."""
    queries = ["KgCoOp", "harmonic mean", "Rain-Bus", "MSGCoOp"]
    out = run_node(shipped, [{"plain": q} for q in queries])
    for query, result in zip(queries, out["results"], strict=True):
        words = [w.lower() for w in re.split(r"[\s-]+", query)]
        assert result["hits"] and result["all"], query
        for ref, _ in result["hits"]:
            assert all(w in shipped["docs"][int(ref)].abstract.lower() for w in words), query


@pytest.mark.slow
def test_a_wildcard_loads_only_the_shards_its_prefix_spans(shipped: dict[str, Any]) -> None:
    head = json.loads(shipped["data"].text(URLS.search_index))
    out = run_node(shipped, ["gen*", "reinforc~1"])
    gen, fuzzy = out["results"]
    firsts = head["shards"]
    spanned = [URLS.search_terms(n) for n in range(len(firsts)) if firsts[n] < "gen\uffff"]
    spanned = [p for p in spanned if p >= URLS.search_terms(max(n for n in range(len(firsts)) if firsts[n] <= "gen"))]
    assert gen["files"] == spanned
    assert fuzzy["files"][0] == URLS.search_vocabulary and len(fuzzy["files"]) < len(firsts)


@pytest.mark.slow
def test_malformed_query_is_an_error_not_a_crash(shipped: dict[str, Any]) -> None:
    out = run_node(shipped, ["title:", "nosuchfield:x", "gen~x"])
    assert all("error" in result for result in out["results"])


def node_module(script: str, data: Any) -> Any:
    """Run a script with the search engine's exports (static/js/search-*.js but the views) as `m` under node:
    what it writes to stdout, as JSON."""
    folder = ROOT / "themes" / "digest" / "static" / "js"
    modules = [(folder / name).as_uri() for name in ("search-shards.js", "search-engine.js", "search-text.js")]
    imports = ", ".join(f"...(await import({json.dumps(uri)}))" for uri in modules)
    code = f"const m = {{{imports}}};\nconst data = {json.dumps(data)};\n{script}"
    done = subprocess.run(
        [*NODE, "--input-type=module", "-e", code],
        capture_output=True,
        text=True,
        encoding="utf-8",  # not the locale's: under a C locale, Python would read node's output as ASCII
        check=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout)


def test_weights_and_codes_made_in_slices_are_those_made_at_once(
    shipped_digest: Digest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """build_from weighs postings a slice at a time and shards code them a slice of terms at a time (memory at
    100,000 papers): slices of a few postings give the index and the shards of one slice."""
    texts = [doc.texts() for doc in search_docs(shipped_digest)]
    whole = search_index.build(texts)
    at_once = list(search_index.shards(whole))
    monkeypatch.setattr(search_index, "_SLICE", 7)
    monkeypatch.setattr(search_index, "_CODE_SLICE", 5)
    sliced = search_index.build(texts)
    for ours, theirs in zip(sliced.fields, whole.fields, strict=True):
        assert all((getattr(ours, name) == getattr(theirs, name)).all() for name in ("term", "doc", "weight"))
    assert (sliced.papers_with == whole.papers_with).all() and sliced.terms == whole.terms
    assert list(search_index.shards(sliced)) == at_once


def test_shards_code_numbers_that_search_js_reads_back() -> None:
    """search_index.encode's codes, read by search.js's codeReader: the same numbers, one character under LAST."""
    values = [0, 1, search_index.LAST - 1, search_index.LAST, search_index.LAST * search_index.MORE]
    values += [
        search_index.LAST * search_index.MORE - 1,
        99_999,
        12_345_678,
        *random.Random(3).sample(range(10**6), 200),
    ]
    text, ends = search_index.encode(values)
    assert search_index.decode(text) == values and ends[-1] == len(text) and ends[1] - ends[0] == 1
    assert set(text) <= set(search_index.DIGITS) and json.dumps(text) == f'"{text}"'  # nothing JSON escapes
    head = {"digits": search_index.DIGITS, "last": search_index.LAST}
    script = "process.stdout.write(JSON.stringify([...m.codeReader(data.head)(data.text)]));"
    assert node_module(script, {"head": head, "text": text}) == values


@pytest.mark.slow
def test_did_you_mean_offers_the_nearest_indexed_word(shipped: dict[str, Any]) -> None:
    words = json.loads(shipped["data"].text(URLS.search_words))
    assert "transformer" in words and "trasnformer" not in words
    script = "process.stdout.write(JSON.stringify(data.q.map((w) => m.nearestWord(w, data.words))));"
    got = node_module(script, {"words": words, "q": ["trasnformer", "difusion", "reasonign", "zzzqqqxx"]})
    assert got == ["transformer", "diffusion", "reasoning", None]


def test_the_snippet_is_the_passage_with_the_query_words() -> None:
    text = " ".join(f"filler{n}" for n in range(100)) + " the harmonic mean of two scores " + "tail " * 50
    script = """
const parts = m.passage(data.text, (w) => (["harmonic", "mean"].includes(w) ? w : ""));
process.stdout.write(JSON.stringify(parts));
"""
    parts = node_module(script, {"text": text})
    shown = "".join(p["text"] for p in parts)
    assert [p["text"] for p in parts if p["mark"]] == ["harmonic", "mean"]
    assert shown.startswith("…") and shown.endswith("…") and "filler0 " not in shown
    assert len(shown.split()) <= 40


def unpacked(fragment: list[Any], head: dict[str, Any]) -> list[Any]:
    """A fragment read back as search.js's Searcher.fragment reads it, by the head's `packed`."""
    values = dict(zip(head["fragment"], fragment, strict=True))
    for name, how in head["packed"].items():
        if "around" in how:
            values[name] = how["around"][0] + values[name] + how["around"][1]
        elif isinstance(values[name], list):
            values[name] = [how["of"][place] for place in values[name]]
        elif values[name] is not None:
            values[name] = how["of"][values[name]]
    return [values[name] for name in head["fragment"]]


def card_facts(paper: EnrichedPaper) -> dict[str, Any]:
    """What a paper's list card (partials/paper_card.html) shows, as a fragment read back should say it."""
    return {
        "url": paper.url,
        "title": paper.title,
        "date": paper.date.isoformat() if paper.date else "",
        "arrived": paper.arrived.isoformat(),
        "upvotes": paper.upvotes,
        "counted": paper.upvotes_counted.isoformat() if paper.upvotes_counted else "",
        "topics": [{"title": t.title, "url": t.url} for t in paper.topics],
        "org": {"name": paper.org.name, "url": paper.org_url} if paper.org else None,
        "authors": paper.authors,
        "code": paper.code_links[0] if paper.code_links else "",
        "abstract": " ".join(paper.abstract.split()),
    }


def test_search_data_is_deterministic_and_sharded(shipped_digest: Digest) -> None:
    papers = shipped_digest.papers
    reordered = replace(shipped_digest, papers=dict(reversed(papers.items())))
    first, second = search_data(shipped_digest), search_data(reordered)
    assert first == second
    head = json.loads(first.text(URLS.search_index))
    stores = [URLS.search_store(n) for n in range(-(-len(papers) // SHARD_SIZE))]
    fragments = [URLS.search_paper(n) for n in range(-(-len(papers) // FRAGMENTS))]
    terms = [URLS.search_terms(n) for n in range(len(head["shards"]))]
    others = [URLS.search_index, URLS.search_vocabulary, URLS.search_words]
    assert [path for path, _ in first.files] == sorted([*others, *stores, *fragments, *terms])
    rows = [row for path in stores for row in json.loads(first.text(path))]
    ordered = sorted(papers.values(), key=lambda p: (p.arrived, p.url))  # numbered by arrival, then page
    # [arrived, upvotes, topics, has_code]: what results are sorted and filtered by; unknown is null, never 0
    assert head["row"] == ["arrived", "upvotes", "topics", "has_code"]
    for number, ((arrived, upvotes, topics, has_code), paper) in enumerate(zip(rows, ordered, strict=True)):
        assert topics == [t.title for t in paper.topics]
        assert arrived == paper.arrived.isoformat() and upvotes == paper.upvotes
        assert has_code is paper.has_code
        fragment = json.loads(first.text(URLS.search_paper(number // FRAGMENTS)))[number % FRAGMENTS]
        assert dict(zip(head["fragment"], unpacked(fragment, head), strict=True)) == card_facts(paper)
        packed = dict(zip(head["fragment"], fragment, strict=True))
        assert len(packed["url"]) < len(paper.url)  # written shorter
        assert all(isinstance(place, int) for place in packed["topics"])
        assert packed["org"] is None or isinstance(packed["org"], int)
    assert any(row[3] for row in rows) and not all(row[3] for row in rows)
    facts = [card_facts(p) for p in papers.values()]
    # the shipped dumps have papers with and without each fact, so each is tested both ways
    for name in ("org", "authors", "code", "counted", "date"):
        assert any(f[name] for f in facts) and not all(f[name] for f in facts), name
    # a table's entry is written once, in the head: every topic and organisation the papers have, no other
    assert head["packed"]["topics"]["of"] == sorted(
        {(t["title"], t["url"]): t for f in facts for t in f["topics"]}.values(), key=lambda t: (t["title"], t["url"])
    )
    assert len(head["packed"]["org"]["of"]) == len({(f["org"]["name"], f["org"]["url"]) for f in facts if f["org"]})
    assert head["papers"] == len(papers) and head["shard"] == SHARD_SIZE and head["per_file"] == FRAGMENTS
    assert sum(len(json.loads(first.text(path))) for path in fragments) == len(papers)  # each paper once
    assert all(path.endswith(".json.gz") for path, _ in first.files if path != URLS.search_index)  # stored gzipped
    assert head["store"].replace("####", "0000") == URLS.search_store(0)
    assert head["terms"].replace("####", "0000") == URLS.search_terms(0)
    assert head["paper"].replace("#####", "00000") == URLS.search_paper(0)


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
    row = ["2024-01-02", None, [], False]
    assert json.loads(data.text(URLS.search_store(0))) == [row]
    head = json.loads(data.text(URLS.search_index))
    # nothing known is said as unknown: "" and null, never 0 or a stand-in
    card = ["Alpha", "", "2024-01-02", None, "", [], None, None, ""]
    assert json.loads(data.text(URLS.search_paper(0))) == [["a", *card, "beta gamma"]]
    assert unpacked(json.loads(data.text(URLS.search_paper(0)))[0], head) == ["papers/a.html", *card, "beta gamma"]
    assert head["packed"]["topics"]["of"] == [] and head["packed"]["org"]["of"] == []
    assert json.loads(data.text(URLS.search_terms(0)))["terms"] == ["alpha", "beta", "gamma"]


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
    return analyze(word) == [PorterStemmer().stem(british(word))]


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


@pytest.mark.slow
def test_plain_words_are_all_required(shipped: dict[str, Any]) -> None:
    """The search box's plain-word query (search.js's plainSearch) finds what lunr.py finds with +word."""
    docs = shipped["docs"]
    titled = [
        " ".join(words[:2])
        for doc in docs[::9]
        if len(words := [w for w in re.findall(r"[a-z]{4,}", doc.title.lower()) if same_stem(w)]) >= 2
    ]
    queries = ALL_WORDS + titled
    out = run_node(shipped, [{"plain": q} for q in queries])
    for query, result in zip(queries, out["results"], strict=True):
        expected = shipped["index"].search(required(query.replace("-", " ")))
        assert result["all"], (query, result["words"])
        got = {ref: score for ref, score in result["hits"]}
        assert set(got) == {hit["ref"] for hit in expected}, query
        for hit in expected:
            assert got[hit["ref"]] == pytest.approx(hit["score"], abs=1e-9), query
    assert len(out["results"][0]["hits"]) < len(shipped["index"].search("length generalization"))


@pytest.mark.slow
def test_words_never_together_fall_back_to_any_word(shipped: dict[str, Any]) -> None:
    out = run_node(shipped, [{"plain": q} for q in NEVER_TOGETHER])
    for query, result in zip(NEVER_TOGETHER, out["results"], strict=True):
        assert not shipped["index"].search(required(query)), query
        expected = {hit["ref"] for hit in shipped["index"].search(query)}
        assert expected, query
        assert not result["all"] and result["words"] == query.split()
        assert {ref for ref, _ in result["hits"]} == expected, query
    # one word, or stop words only: nothing to fall back to
    out = run_node(shipped, [{"plain": "zzzqqq"}, {"plain": "the of and"}])
    assert [(r["hits"], r["all"]) for r in out["results"]] == [([], True), ([], True)]


@pytest.mark.slow
def test_the_word_being_typed_does_not_empty_the_results(shipped: dict[str, Any]) -> None:
    """While typed, the last word is required as the start of a word or as a word: every prefix of
    "length generalization" past "length " finds papers, all with "length", and the whole query
    typed finds what it finds once committed."""
    full = "length generalization"
    prefixes = [full[:k] for k in range(len("length g"), len(full) + 1)]
    queries = [{"plain": p, "typing": True} for p in prefixes] + [
        {"plain": full},
        {"plain": "length zzzq", "typing": True},
    ]
    out = run_node(shipped, queries)
    with_length = {hit["ref"] for hit in shipped["index"].search("+length")}
    committed = {ref for ref, _ in out["results"][-2]["hits"]}
    assert committed and committed <= with_length
    for prefix, result in zip(prefixes, out["results"][: len(prefixes)], strict=True):
        found = {ref for ref, _ in result["hits"]}
        assert result["all"] and found, prefix
        assert found <= with_length, prefix
        if len(prefix) >= len("length gen"):
            assert "length" in result["words"] and len(result["words"]) == 2, prefix
    assert {ref for ref, _ in out["results"][len(prefixes) - 1]["hits"]} == committed
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
        assert any(src.endswith(URLS.site_js) for src in loaded)  # which imports search.js
        # the index and lunr.js are fetched on first use, not with the page
        assert not [src for src in loaded if src.endswith((URLS.search_index, URLS.lunr_js))]


def test_index_terms_are_the_terms_lunr_js_makes(shipped_digest: Digest) -> None:
    """Every word of the shipped dumps analyses in Python to what lunr.js's pipeline makes of it (its own
    term: the words inside a word lunr keeps whole are indexed besides), search-spelling.js's "spelling"
    included, from the tables the head carries."""
    texts = (f"{p.title} {p.abstract}".lower() for p in shipped_digest.papers.values())
    words = sorted({word for text in texts for word in re.split(r"[\s\xa0-]+", text)})
    words += ["generalization", "modeling", "feeling", "colors", "fulfilled", "catalogue", "analyzes", "wheeled"]
    script = """
const lunr = require("./node_modules/lunr");
const { words, rules, module } = JSON.parse(require("fs").readFileSync(0, "utf8"));
import(module).then(({ british }) => {
  const pipeline = new lunr.Pipeline();
  const spelling = (token) => token.update((word) => british(rules, word));
  pipeline.add(lunr.trimmer, lunr.stopWordFilter, spelling, lunr.stemmer);
  process.stdout.write(JSON.stringify(words.map((w) => pipeline.runString(w).map(String))));
});
"""
    module = (ROOT / "themes" / "digest" / "static" / "js" / "search-spelling.js").as_uri()
    done = subprocess.run(
        [*NODE, "-e", script],
        input=json.dumps({"words": words, "rules": search_rules(), "module": module}),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        cwd=ROOT,
    )
    theirs = json.loads(done.stdout)
    ours = [[term] if (term := search_index.term_of(w)) else [] for w in words]
    differ = [(w, mine, t) for w, mine, t in zip(words, ours, theirs, strict=True) if mine != [x for x in t if x]]
    assert not differ, differ[:20]


def test_a_new_day_s_papers_take_the_next_numbers_and_leave_the_older_fragments_as_they_were(
    shipped_digest: Digest,
) -> None:
    newest = max(p.arrived for p in shipped_digest.papers.values())
    older = {slug: p for slug, p in shipped_digest.papers.items() if p.arrived < newest}
    assert 0 < len(older) < len(shipped_digest.papers)
    before, after = search_data(replace(shipped_digest, papers=older)), search_data(shipped_digest)
    for number in range(len(older) // FRAGMENTS):  # the full fragment files
        assert before.text(URLS.search_paper(number)) == after.text(URLS.search_paper(number))
    for number in range(len(older) // SHARD_SIZE):  # the full store files
        assert before.text(URLS.search_store(number)) == after.text(URLS.search_store(number))
