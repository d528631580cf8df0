"""The For you page of a built site in headless Chromium (issue 25, item 3): what its first answer
downloads, gzipped, and how soon its first results show.

    python -m bench.foryou SITE      (a built site's folder, served on loopback as GitHub Pages serves it)
    python -m bench.foryou --build N (build a project of N synthetic papers first, in bench/results/)

A reader who follows a topic, an organisation (when the papers name one) and a search with a -word, and
has saved five papers of the newest days (the synthetic dumps are text dumps: no author names and no
organisations, so neither is followed there). Per cold
run (a fresh browser context, the storage set before the page loads): `bytes_gz`, every response's
bytes on the wire until the first results show (the page, CSS, scripts, lunr.js, the search head, the
store files of the last 30 days, the term shards the queries need), and `results_ms`, ms from the
page's load event to its first ranked paper on screen. The best of RUNS, and every run.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

from generator.preview import served
from generator.urls import URLS
from tests.support.papers_data import read_index, read_papers
from tests.support.paths import CHROMIUM

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3
BYTES_KB = 300  # the targets at 20,000 papers
RESULTS_MS = 500
FIRST_ITEM = ".foryou__item"
_WATCH = f"""new MutationObserver((_, observer) => {{  // when the first ranked paper is on screen
  if (document.querySelector({json.dumps(FIRST_ITEM)})) {{
    window.__shown = performance.now();
    observer.disconnect();
  }}
}}).observe(document, {{ childList: true, subtree: true }});"""


def reader(site: Path) -> dict[str, Any]:
    """The follows and saved papers of the measured reader, from the site's own data."""
    index = read_index(site)
    papers = read_papers(site)  # every record read whole, as docs/data.md says a reader does
    papers.sort(key=lambda p: (p["arrived"], p["url"]))
    newest = papers[-200:]
    topic = next(t["slug"] for p in reversed(newest) for t in p["topics"])
    title = index["topics"][topic]["title"]
    org = next((p["org"] for p in reversed(newest) if p["org"]), None)  # synthetic dumps name none
    follows = {
        f"topic:{title.lower()}": {"kind": "topic", "name": title, "slug": topic, "url": URLS.topic(topic)},
        "search:language models -survey": {"kind": "search", "name": "language models -survey"},
    }
    if org:
        follows[f"org:{org['name'].lower()}"] = {"kind": "org", "name": org["name"], "slug": org["slug"]}
    for f in follows.values():
        f["since"] = "2025-01-01T00:00:00Z"
    saved = {
        p["slug"]: {"title": p["title"], "url": p["url"], "arrived": p["arrived"], "saved": "2025-01-01T00:00:00Z"}
        for p in newest[-50::10]
    }
    return {"paper-digest:follows": {"v": 1, "follows": follows}, "paper-digest:saved": {"v": 1, "papers": saved}}


def measure(site: Path, runs: int = RUNS) -> dict[str, Any]:
    """{"bytes_gz", "results_ms", "items", "runs": [...]}: the best of `runs` cold runs of For you."""
    from playwright.sync_api import sync_playwright  # a test dependency: only this step needs it

    storage = reader(site)
    init = "".join(f"localStorage.setItem({json.dumps(k)}, {json.dumps(json.dumps(v))});" for k, v in storage.items())
    done = []
    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for _ in range(runs):
                context = browser.new_context()
                context.add_init_script(
                    f"if (!sessionStorage.getItem('set')) {{ {init} sessionStorage.setItem('set', '1'); }}"
                )
                page = context.new_page()
                page.add_init_script(_WATCH)
                wire: list[int] = []
                page.on("requestfinished", lambda request, wire=wire: wire.append(request.sizes()["responseBodySize"]))
                page.goto(f"{base}/{URLS.foryou}")
                page.wait_for_selector(FIRST_ITEM)
                load = "performance.getEntriesByType('navigation')[0].loadEventEnd"
                ms = page.evaluate(f"() => window.__shown - {load}")
                shown = page.evaluate("() => window.__shown")
                # Only what was fetched before the results showed: the first answer.
                fetched = page.evaluate(
                    "(until) => [performance.getEntriesByType('navigation')[0],"
                    " ...performance.getEntriesByType('resource')]"
                    ".filter(e => e.responseEnd <= until).reduce((n, e) => n + e.encodedBodySize, 0)",
                    shown,
                )
                items = page.locator(FIRST_ITEM).count()
                done.append({"results_ms": round(ms), "bytes_gz": fetched, "requests": len(wire), "items": items})
                context.close()
        finally:
            browser.close()
    best = min(done, key=lambda run: run["results_ms"])
    return {
        "results_ms": best["results_ms"],
        "bytes_gz": max(run["bytes_gz"] for run in done),
        "items": best["items"],
        "runs": done,
    }


def table(numbers: dict[str, Any]) -> str:
    """The runs as a Markdown table, for bench/RESULTS.md."""
    runs = ", ".join(f"{run['results_ms']:,}" for run in numbers["runs"])
    return "\n".join(
        [
            f"| first answer, KB gz | first results after load, ms (best of {RUNS}) | every run, ms | papers shown |",
            "| ---: | ---: | ---: | ---: |",
            f"| {numbers['bytes_gz'] / 1e3:.1f} | {numbers['results_ms']:,} | {runs} | {numbers['items']} |",
        ]
    )


def verdict(numbers: dict[str, Any], papers: int) -> list[str]:
    kb = numbers["bytes_gz"] / 1e3
    return [
        f"For you's first answer at {papers:,}: {kb:.1f} KB gz (target {BYTES_KB} KB):"
        f" {'met' if kb <= BYTES_KB else 'MISSED'}",
        f"For you's first results after load at {papers:,}: {numbers['results_ms']} ms (target {RESULTS_MS} ms):"
        f" {'met' if numbers['results_ms'] <= RESULTS_MS else 'MISSED'}",
    ]


def build_site(papers: int) -> Path:
    """A project of `papers` synthetic papers, built in bench/results/work-foryou-N; its site."""
    import subprocess

    from bench.__main__ import RESULTS, project

    work = RESULTS / f"work-foryou-{papers}"
    shutil.rmtree(work, ignore_errors=True)
    spare = project(work, papers)
    dumps = work / "content" / "dumps"
    dumps.mkdir(parents=True)
    for path in spare[:-1]:
        shutil.move(str(path), dumps / path.name)
    subprocess.run([str(Path(sys.executable).with_name("paper-digest")), "build"], cwd=work, check=True)
    return work / "output"


def main(argv: list[str]) -> None:
    if argv[:1] == ["--build"]:
        papers = int(argv[1]) if len(argv) > 1 else 20_000
        site = build_site(papers)
    else:
        site = Path(argv[0])
        papers = json.loads((site / URLS.search_index).read_text("utf-8"))["papers"]
    numbers = measure(site)
    print(json.dumps(numbers, indent=2))
    print(table(numbers))
    print("\n".join(verdict(numbers, papers)))


if __name__ == "__main__":
    main(sys.argv[1:])
