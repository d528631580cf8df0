"""How big and how fast the search is at 1,000, 5,000 and 20,000 papers.

    python -m bench.search_size [N ...]

Synthetic papers in the real shape (titles and abstracts of about 1.5 KB drawn
from the shipped dumps by a word-level Markov chain with a fixed seed; most
papers get a made-up name, as real ones do, so the vocabulary grows with N).
For each N: the search data's build time, its bytes, what a cold first query
downloads (gzipped: the search page, CSS, lunr.js, search.js, the head, the term
shards its words need and the fragments of its top 10 results) for each of
QUERIES, and the query times of search.js's Searcher under node.
`measure(n)` and `synthetic_digest(n)` are importable for `make bench`.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from bench.synth import markov_chains, walk_words
from generator.config import LUNR_JS
from generator.enrich.listings import code_listing
from generator.model import Digest, EnrichedPaper, Org, Source, TopicRef
from generator.outputs.search import (
    FRAGMENTS,
    SearchData,
    SearchDoc,
    gzipped_size,
    search_data,
    search_docs,
)
from generator.outputs.search_index import analyze
from generator.urls import URLS

ROOT = Path(__file__).resolve().parent.parent
NODE_SCRIPT = ROOT / "tests" / "js" / "lunr_query.mjs"
THEME = ROOT / "themes" / "digest" / "static"
# search.js and the modules it imports: each its own download.
SEARCH_JS = [THEME / "js" / Path(path).name for path in (URLS.search_js, *URLS.search_modules)]
TOPIC_WORDS = "Agents Audio Benchmarks Code Diffusion Efficiency Math Medicine Multimodal Reasoning Retrieval Robotics"
TOPICS = [f"Topic {word}" for word in (TOPIC_WORDS + " Safety Speech Video Vision").split()]
ORGS = [f"Org{i}" for i in range(300)]
SIZES = (1_000, 5_000, 20_000)
QUERIES = ("length generalization", "diffusion video", "gen*", "title:transformer", "+reasoning -vision", "agent")
# The query of `make bench`'s "first query" column: two of the commonest words, the largest download.
FIRST_QUERY = "language models"


def _name(rng: random.Random) -> str:
    syllables = ("ka", "lo", "mi", "ra", "ven", "tor", "zu", "pex", "qua", "dri", "lum", "sol", "nex", "ti")
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()


def synthetic_digest(papers: int, seed: int = 7) -> Digest:
    """A digest of `papers` synthetic papers with distinct titles, some organisations and topics."""
    rng = random.Random(seed)
    abstracts, titles = markov_chains()
    found = {}
    for number in range(papers):
        name = _name(rng) if rng.random() < 0.6 else ""
        title = walk_words(titles, rng, rng.randint(40, 90))
        abstract = walk_words(abstracts, rng, 1500)
        if name:
            title.insert(0, f"{name}:")
            for _ in range(3):
                abstract.insert(rng.randrange(len(abstract)), name)
        slug = f"{'-'.join(title[:8]).lower()}-{number:06x}"
        day = date(rng.randint(2020, 2025), rng.randint(1, 12), rng.randint(1, 28))
        found[slug] = EnrichedPaper(
            key=slug,
            slug=slug,
            title=" ".join(title) + f" ({number})",
            abstract=" ".join(abstract),
            sources=(Source("synthetic.txt", number + 1, day),),
            date=day,
            org=Org("o", rng.choice(ORGS)) if rng.random() < 0.4 else None,
            url=URLS.paper(slug),
            topics=tuple(TopicRef("t", t, URLS.topic("t"), 1, ()) for t in rng.sample(TOPICS, rng.randint(0, 3))),
        )
    return Digest(papers=found, topics=(), orgs=(), with_code=code_listing((), 25))


def run_node(index_json: Path, queries: list[Any]) -> dict[str, Any]:
    """search.js's Searcher under node on a site's search files, each query cold: its time, hits and files."""
    done = subprocess.run(
        ["node", "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON", str(NODE_SCRIPT), str(index_json)],
        input=json.dumps(queries),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout)


def rarest_words(doc: SearchDoc, spread: dict[str, int]) -> str:
    """The two rarest plain words of an abstract, both required: what a reader who remembers them types."""
    words = {}
    for word in reversed(re.split(r"[\s-]+", doc.abstract)):
        word = re.sub(r"^\W+|\W+$", "", word, flags=re.ASCII)
        if re.fullmatch(r"\w+", word) and len(terms := analyze(word)) == 1:
            words[terms[0]] = word
    rarest = sorted(words, key=lambda term: (spread.get(term, 0), term))[:2]
    return " ".join("+" + words[term] for term in rarest)


def recall(digest: Digest, index_json: Path, sample: int = 200, seed: int = 1) -> dict[str, float]:
    """Share of sampled papers ranked first by their exact title, and found by their two rarest abstract words."""
    docs = search_docs(digest)
    spread = {}
    for doc in docs:
        for term in set(analyze(doc.abstract)):
            spread[term] = spread.get(term, 0) + 1
    picked = random.Random(seed).sample(range(len(docs)), min(sample, len(docs)))
    titles = [re.sub(r"[:*~^+-]", " ", docs[n].title) for n in picked]
    rare = [rarest_words(docs[n], spread) for n in picked]
    out = run_node(index_json, titles + rare)["results"]
    first = sum(bool(r["hits"]) and r["hits"][0][0] == str(n) for r, n in zip(out[: len(picked)], picked, strict=True))
    found = sum(str(n) in [h[0] for h in r["hits"]] for r, n in zip(out[len(picked) :], picked, strict=True))
    return {"title_first": first / len(picked), "rare_words_top10": found / len(picked)}


def page_bytes() -> dict[str, int]:
    """Gzipped bytes of what every cold query loads besides search data: the search page (as the golden
    site has it), the CSS, lunr.js and search.js with its modules."""
    return {
        "search.html": gzipped_size((ROOT / "tests" / "golden" / "site" / URLS.search).read_bytes()),
        "digest.css": gzipped_size((THEME / "css" / "digest.css").read_bytes()),
        "lunr.min.js": gzipped_size((ROOT / LUNR_JS).read_bytes()),
        "search.js": sum(gzipped_size(path.read_bytes()) for path in SEARCH_JS),  # with its modules
    }


def fragment_files(hits: list[Any]) -> list[str]:
    """The files of fragments that show these hits ([ref, score]), each once (a file holds FRAGMENTS papers)."""
    return list(dict.fromkeys(URLS.search_paper(int(ref) // FRAGMENTS) for ref, _ in hits))


def first_query_bytes(data: SearchData, result: dict[str, Any], shown: int = 10) -> int:
    """Gzipped bytes of a cold first query's search data: the head, the files it loaded, its top fragments."""
    paths = [URLS.search_index, *result["files"], *fragment_files(result["hits"][:shown])]
    return sum(gzipped_size(data.text(path)) for path in paths)


def site_first_query(site: Path, query: str, shown: int = 10) -> dict[str, Any]:
    """A cold first query on a built site: the search files it loads (head, term shards, the fragments of
    its top `shown` results) and lunr.js and search.js with its modules, their gzipped bytes, and its time
    under node."""
    node = run_node(site / URLS.search_index, [query])
    result = node["results"][0]
    fragments = fragment_files(result.get("hits", [])[:shown])
    scripts = [URLS.lunr_js, URLS.search_js, *URLS.search_modules]
    paths = [URLS.search_index, *result.get("files", []), *fragments, *scripts]
    return {
        "paths": paths,
        "bytes": sum(gzipped_size((site / p).read_bytes()) for p in paths if (site / p).is_file()),
        "load_ms": node["read_ms"] + node["load_ms"],
        "query_ms": result.get("ms", float("nan")),
    }


def measure(papers: int, seed: int = 7) -> dict[str, Any]:
    """Every search number for a digest of `papers` synthetic papers."""
    digest = synthetic_digest(papers, seed)
    started = time.perf_counter()
    data = search_data(digest)
    build_s = time.perf_counter() - started
    raw = sum(len(text.encode()) for _, text in data.files)
    gz = sum(gzipped_size(text) for _, text in data.files)
    fixed = sum(page_bytes().values())
    with tempfile.TemporaryDirectory() as tmp:
        for path, text in data.files:
            (Path(tmp) / path).parent.mkdir(parents=True, exist_ok=True)
            (Path(tmp) / path).write_text(text, encoding="utf-8")
        head = Path(tmp) / URLS.search_index
        node = run_node(head, list(QUERIES))
        found = recall(digest, head)
    first = {r["query"]: fixed + first_query_bytes(data, r) for r in node["results"]}
    return {
        "papers": papers,
        "build_s": round(build_s, 2),
        "head_gz": gzipped_size(data.text(URLS.search_index)),
        "files": len(data.files),
        "all_raw_per_paper": round(raw / papers, 1),
        "all_gz_per_paper": round(gz / papers, 1),
        "page_gz": fixed,
        "first_query_gz": first,
        "node_query_ms": {r["query"]: round(r.get("ms", -1), 1) for r in node["results"]},
        **found,
    }


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        "| papers | build s | files | all files B/paper raw (gz) | first query KB gz, median (max) of the queries "
        "| node query ms, median (max) | title ranks it first | found by its 2 rarest words |"
    )
    lines = [head, "|" + " --- |" * 8]
    for r in rows:
        sizes = sorted(r["first_query_gz"].values())
        times = sorted(r["node_query_ms"].values())
        lines.append(
            f"| {r['papers']:,} | {r['build_s']} | {r['files']:,} "
            f"| {r['all_raw_per_paper']:,.0f} ({r['all_gz_per_paper']:,.0f}) "
            f"| {sizes[len(sizes) // 2] / 1e3:,.0f} ({sizes[-1] / 1e3:,.0f}) "
            f"| {times[len(times) // 2]} ({times[-1]}) | {r['title_first']:.1%} | {r['rare_words_top10']:.1%} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    sizes = [int(arg) for arg in argv] or list(SIZES)
    rows = []
    for n in sizes:
        rows.append(measure(n))
        print(json.dumps(rows[-1]), file=sys.stderr)
    print(table(rows))


if __name__ == "__main__":
    main(sys.argv[1:])
