"""`python -m bench.similar [papers ...]`: the similar-papers step from scratch, timed, and how prunable it is.

For each size, a child process (so its peak RSS is the step's own) makes
bench/synth.py's papers, then times `similar_lists` with the committed
vocabulary and no cache, as a full build runs it (`workers=0`: both cores for
large digests; CPU seconds of all its processes).

`--prunable N` scores every row both ways (similar_search.py: every pair, and
the pairs MaxScore's bounds keep) in one process: CPU seconds of each, the share
of pairs the bounds could not rule out, and whether the lists are the same.
`--one-by-one N` does the same with every candidate scored term by term.
"""

from __future__ import annotations

import json
import resource
import sys
import time

import numpy as np

from bench.harness import ROOT, measure
from bench.topics import synthetic_papers
from generator.enrich.similar import (
    SCALE,
    Document,
    SimilarCache,
    _assemble,
    _top,
    block_rows,
    similar_lists,
    text_key,
)
from generator.enrich.similar_search import bounded, every_pair, term_maxima
from generator.enrich.vocabulary import load_vocabulary

SIZES = (2_000, 20_000, 100_000)


def documents(papers: int) -> list[Document]:
    return [Document(*triple) for triple in synthetic_papers(papers)]


def one(papers: int) -> dict:
    """Seconds (wall, CPU) of the step over `papers` synthetic papers, in this process."""
    docs = documents(papers)
    vocabulary = load_vocabulary(ROOT / "content" / "vocabulary.tsv")
    started, started_cpu = time.perf_counter(), _cpu()
    lists, _ = similar_lists(docs, vocabulary, k=5)
    return {
        "papers": papers,
        "seconds": time.perf_counter() - started,
        "cpu": _cpu() - started_cpu,
        "listed": sum(len(n) for n in lists.values()),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _cpu() -> float:
    """CPU seconds of this process and of the workers it forked and waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def prunable(papers: int, share: float | None = None) -> dict:
    """Both ways of scoring blocks (similar_search.py), over every row, in this process: CPU seconds,
    the share of pairs the bounded way scored, and whether both gave the same lists."""
    docs = sorted(documents(papers), key=lambda d: d.slug)
    vocabulary = load_vocabulary(ROOT / "content" / "vocabulary.tsv")
    _, stored = _assemble(docs, [text_key(d) for d in docs], vocabulary, SimilarCache(""), 1)
    matrix = stored.astype(np.float64)
    matrix.data /= SCALE
    transposed = matrix.T.tocsr()
    rows_per_block = block_rows(512, papers)
    blocks = [np.arange(start, min(start + rows_per_block, papers)) for start in range(0, papers, rows_per_block)]
    started = _cpu()
    every = [[_top(row, 5) for row in every_pair(matrix, transposed, rows)] for rows in blocks]
    every_cpu, started = _cpu() - started, _cpu()
    maxima, scored, kept = term_maxima(matrix), 0, []
    for rows in blocks:
        scores, pairs = bounded(matrix, transposed, maxima, rows, 5, share)
        scored += pairs
        kept.append([_top(row, 5) for row in scores])
    same = all(
        np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
        for x, y in zip(every, kept, strict=True)
        for a, b in zip(x, y, strict=True)
    )
    return {
        "papers": papers,
        "every_pair_cpu": every_cpu,
        "bounded_cpu": _cpu() - started,
        "candidates": scored / (papers * (papers - 1)),
        "same_lists": same,
    }


def main(argv: list[str]) -> None:
    if argv[:1] == ["--one"]:
        print(json.dumps(one(int(argv[1]))))
        return
    if argv[:1] == ["--prunable"]:
        for papers in map(int, argv[1:] or SIZES[:2]):
            print(json.dumps(prunable(papers)))
        return
    if argv[:1] == ["--one-by-one"]:  # candidates scored term by term, however many: the bounded way's own cost
        for papers in map(int, argv[1:] or SIZES[:1]):
            print(json.dumps(prunable(papers, share=1.0)))
        return
    for papers in map(int, argv or SIZES):
        measured = measure([sys.executable, "-m", "bench.similar", "--one", str(papers)], ROOT, True)
        step = json.loads(measured["output"].strip().splitlines()[-1])
        print(
            f"similar papers: {papers} papers: "
            f"{step['seconds']:.1f} s wall, {step['cpu']:.1f} s CPU, "
            f"peak RSS {measured['rss'] / 2**20:.0f} MB (the step's process: {step['rss_mb']:.0f} MB)"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
