"""How big and how fast the search is at 1,000, 5,000 and 20,000 papers.

    python -m bench.search_size [N ...]

Synthetic papers in the real shape (titles and abstracts of about 1.5 KB drawn
from the shipped dumps by a word-level Markov chain with a fixed seed; most
papers get a made-up name, as real ones do, so the vocabulary grows with N).
For each N: lunr.py build time, bytes per paper raw and gzipped, what a first
query downloads (gzipped), and lunr.js load and query times under node.
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
from generator.enrich.listings import code_listing
from generator.model import Digest, EnrichedPaper, Org, Source, TopicRef
from generator.outputs.search import (
    LUNR_JS,
    SearchData,
    analyze,
    field_terms,
    first_query_paths,
    gzipped_size,
    search_data,
    search_docs,
)
from generator.urls import URLS

ROOT = Path(__file__).resolve().parent.parent
NODE_SCRIPT = ROOT / "tests" / "js" / "lunr_query.mjs"
SEARCH_JS = ROOT / "themes" / "digest" / "static" / "js" / "search.js"
TOPIC_WORDS = "Agents Audio Benchmarks Code Diffusion Efficiency Math Medicine Multimodal Reasoning Retrieval Robotics"
TOPICS = [f"Topic {word}" for word in (TOPIC_WORDS + " Safety Speech Video Vision").split()]
ORGS = [f"Org{i}" for i in range(300)]
SIZES = (1_000, 5_000, 20_000)
QUERIES = ("length generalization", "diffusion video", "gen*", "title:transformer", "+reasoning -vision", "agent")


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


def run_node(index_json: Path, queries: list[str]) -> dict[str, Any]:
    """lunr.js under node: read + load times of the index, time and hits of each query."""
    done = subprocess.run(
        ["node", str(NODE_SCRIPT), str(index_json)],
        input=json.dumps(queries),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout)


def recall(digest: Digest, index_json: Path, sample: int = 200, seed: int = 1) -> dict[str, float]:
    """Share of sampled papers ranked first by their exact title, and found by 3 key abstract words."""
    docs = search_docs(digest)
    terms = field_terms(docs)
    picked = random.Random(seed).sample(range(len(docs)), min(sample, len(docs)))
    titles = [re.sub(r"[:*~^+]", " ", docs[n].title) for n in picked]
    keys = []
    for n in picked:
        words = re.split(r"[\s-]+", docs[n].abstract)
        surface = {}
        for word in reversed(words):  # the first way each term is written
            if re.fullmatch(r"\w+", word) and len(stems := analyze(word)) == 1:
                surface[stems[0]] = word
        keys.append(" ".join(["+" + surface[t] for t in terms[n]["terms"] if t in surface][:3]))
    out = run_node(index_json, titles + keys)["results"]
    first = sum(r["hits"][0][0] == str(n) for r, n in zip(out[: len(picked)], picked, strict=True))
    found = sum(str(n) in [h[0] for h in r["hits"]] for r, n in zip(out[len(picked) :], picked, strict=True))
    return {"title_first": first / len(picked), "key_terms_top10": found / len(picked)}


def first_query_bytes(data: SearchData) -> dict[str, int]:
    """Gzipped bytes a first query downloads: lunr.js, search.js, the index, top-10 shards (worst case)."""
    sizes = {path: gzipped_size(data.text(path)) for path in first_query_paths(len(data.files) - 1)}
    sizes["lunr.min.js"] = gzipped_size((ROOT / LUNR_JS).read_bytes())
    sizes["search.js"] = gzipped_size(SEARCH_JS.read_bytes())
    return sizes


def measure(papers: int, seed: int = 7) -> dict[str, Any]:
    """Every search number for a digest of `papers` synthetic papers."""
    digest = synthetic_digest(papers, seed)
    started = time.perf_counter()
    data = search_data(digest)
    build_s = time.perf_counter() - started
    index = data.text(URLS.search_index)
    raw = sum(len(text.encode()) for _, text in data.files)
    gz = sum(gzipped_size(text) for _, text in data.files)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.json"
        path.write_text(index, encoding="utf-8")
        node = run_node(path, list(QUERIES))
        found = recall(digest, path)
    first = first_query_bytes(data)
    return {
        "papers": papers,
        "build_s": round(build_s, 2),
        "index_raw": len(index.encode()),
        "index_gz": gzipped_size(index),
        "all_raw_per_paper": round(raw / papers, 1),
        "all_gz_per_paper": round(gz / papers, 1),
        "index_gz_per_paper": round(gzipped_size(index) / papers, 1),
        "first_query_gz": sum(first.values()),
        "node_read_ms": round(node["read_ms"], 1),
        "node_load_ms": round(node["load_ms"], 1),
        "node_query_ms": {r["query"]: round(r.get("ms", -1), 2) for r in node["results"]},
        **found,
    }


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        "| papers | lunr.py build s | index KB (gz) | all files B/paper raw (gz) | first query KB gz "
        "| node parse+load ms | first query ms | slowest query ms | title ranks it first | found by 3 key words |"
    )
    lines = [head, "|" + " --- |" * 10]
    for r in rows:
        times = list(r["node_query_ms"].values())
        lines.append(
            f"| {r['papers']:,} | {r['build_s']} | {r['index_raw'] / 1e3:,.0f} ({r['index_gz'] / 1e3:,.0f}) "
            f"| {r['all_raw_per_paper']:,.0f} ({r['all_gz_per_paper']:,.0f}) | {r['first_query_gz'] / 1e3:,.0f} "
            f"| {r['node_read_ms'] + r['node_load_ms']:,.0f} | {times[0]} | {max(times)} "
            f"| {r['title_first']:.1%} | {r['key_terms_top10']:.1%} |"
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
