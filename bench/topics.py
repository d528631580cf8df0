"""`python -m bench.topics [papers]`: seconds to assign topics to synthetic papers on one core.

The papers are bench/synth.py's (titles and ~1.5 KB abstracts drawn from the shipped
dumps), parsed once; only the assignment is timed, in this process (workers=1), with
the shipped taxonomy built before the clock starts.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench.synth import synthetic_dumps
from generator.enrich.topics import assign_all, load_taxonomy
from generator.inputs.parse import parse_dump

ROOT = Path(__file__).resolve().parent.parent


def synthetic_papers(papers: int, seed: int = 7) -> list[tuple[str, str, str]]:
    """(slug, title, abstract) for `papers` synthetic papers."""
    with tempfile.TemporaryDirectory() as folder:
        triples = []
        for path in synthetic_dumps(papers, Path(folder), seed):
            dump, _ = parse_dump(path.read_bytes(), path.name)
            assert dump is not None
            triples += [(f"{path.stem}-{i}", e.title, e.abstract) for i, e in enumerate(dump.entries)]
    return triples


def time_topics(papers: int = 20_000, repeat: int = 5, workers: int = 1) -> tuple[float, float]:
    """The best of `repeat` (wall, CPU) seconds of assign_all over `papers` synthetic papers, on
    `workers` cores (0: as the build does, both cores for large digests; the CPU seconds are then
    this process's only).

    On a machine other work keeps busy, the CPU seconds are the steadier number."""
    triples = synthetic_papers(papers)
    taxonomy = load_taxonomy(ROOT / "content" / "topics.toml")
    assign_all(taxonomy, triples[:10], workers=1)  # anything built once per taxonomy is built here
    wall = cpu = float("inf")
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        assign_all(taxonomy, triples, workers=workers)
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - started_cpu)
    return wall, cpu


def main(argv: list[str]) -> None:
    papers = int(argv[0]) if argv else 20_000
    wall, cpu = time_topics(papers)
    print(f"topics: {papers} papers in {wall:.3f} s wall, {cpu:.3f} s CPU (one core, best of 5)")
    wall, _ = time_topics(papers, workers=0)
    print(f"topics: {papers} papers in {wall:.3f} s wall as the build runs them (both cores, best of 5)")


if __name__ == "__main__":
    main(sys.argv[1:])
