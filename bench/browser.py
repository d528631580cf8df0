"""The search page of a built site in headless Chromium: how soon a cold first query's results show, and
Lighthouse's performance score of the page with a query (issue 12's targets).

    python -m bench.browser SITE   (a built site's folder: its search page, served on loopback)

`results_after_load`: ms from the page's load event to its first result on screen, best of RUNS cold
runs (a fresh browser context each) per query. `lighthouse_scores`: the `lighthouse` npm package
(pinned in bench/lighthouse/, installed by `make bench` only) on Debian's Chromium, mobile and
desktop presets, performance only. The site is served on 127.0.0.1 as GitHub Pages serves it, text
gzip-compressed (generator/preview.py, which the browser tests use too, says why). Both are timings of
a shared machine: they belong here, not in tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench.search_size import FIRST_QUERY, QUERIES
from generator.preview import served
from generator.urls import URLS
from tests.support.paths import CHROMIUM

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
BROWSER_QUERIES = (*QUERIES, FIRST_QUERY)
LIGHTHOUSE_QUERIES = ("length generalization", "agent", "gen*", FIRST_QUERY)
PRESETS = ("mobile", "desktop")  # mobile is Lighthouse's default: a phone, slow 4G, CPU slowed 4x
RUNS = 3
# Lighthouse's score varies from run to run with the machine; its documentation advises the median of
# several runs ("Lighthouse Variability"). Each query and preset is run this many times: the median
# run is the record, the lowest score is kept beside it.
LIGHTHOUSE_RUNS = 3
# Lighthouse's own measures of a page, in its report's audits: what a score is made of.
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
}
# search.html's results list: its first result, and its results once a query is done (not aria-busy).
FIRST_RESULT = "#search-page-results .search-result"
SETTLED = "#search-page-results:not([aria-busy]) .search-result"
_WATCH = f"""new MutationObserver((_, observer) => {{  // when the first result is on screen
  if (document.querySelector({json.dumps(FIRST_RESULT)})) {{
    window.__shown = performance.now();
    observer.disconnect();
  }}
}}).observe(document, {{ childList: true, subtree: true }});"""


def search_url(base: str, query: str) -> str:
    return f"{base}/{URLS.search}?q={quote(query)}"


def results_after_load(site: Path, queries: Iterable[str], runs: int = RUNS) -> dict[str, float]:
    """Per query, ms from the search page's load to its first result on screen: the best of `runs` cold runs."""
    from playwright.sync_api import sync_playwright  # a test dependency: only this step needs it

    best: dict[str, float] = {}
    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for query in queries:
                times = []
                for _ in range(runs):
                    context = browser.new_context()
                    page = context.new_page()
                    page.add_init_script(_WATCH)
                    page.goto(search_url(base, query))
                    page.wait_for_selector(SETTLED)
                    page.wait_for_load_state("networkidle")
                    load = "performance.getEntriesByType('navigation')[0].loadEventEnd"
                    times.append(page.evaluate(f"() => window.__shown - {load}"))
                    context.close()
                best[query] = round(min(times))
        finally:
            browser.close()
    return best


def lighthouse(url: str, preset: str) -> dict[str, Any]:
    """One Lighthouse run: the performance score (0-100) and its metrics as Lighthouse shows them."""
    if not LIGHTHOUSE.is_file():
        raise SystemExit(f"{LIGHTHOUSE} is missing: `make bench` installs it (npm ci --prefix bench/lighthouse)")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [
            "node",
            str(LIGHTHOUSE),
            url,
            f"--chrome-path={CHROMIUM}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            "--only-categories=performance",
            "--output=json",
            f"--output-path={report}",
            "--quiet",
            "--no-enable-error-reporting",
            *(["--preset=desktop"] if preset == "desktop" else []),
        ]
        subprocess.run(command, check=True, cwd=ROOT, capture_output=True, timeout=300)
        data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    return {
        "score": round(data["categories"]["performance"]["score"] * 100),
        **{short: audits[name]["displayValue"] for name, short in METRICS.items()},
    }


def median_run(url: str, preset: str, runs: int = LIGHTHOUSE_RUNS) -> dict[str, Any]:
    """The median of `runs` Lighthouse runs by score, with every run's score ("scores") beside it."""
    done = sorted((lighthouse(url, preset) for _ in range(runs)), key=lambda run: run["score"])
    return {**done[len(done) // 2], "scores": [run["score"] for run in done]}


def lighthouse_scores(site: Path, queries: Iterable[str] = LIGHTHOUSE_QUERIES) -> dict[str, dict[str, Any]]:
    """Lighthouse on the search page with each query, both presets: {query: {preset: median run}}."""
    out: dict[str, dict[str, Any]] = {}
    with served(site) as base:
        for query in queries:
            out[query] = {preset: median_run(search_url(base, query), preset) for preset in PRESETS}
    return out


def measure(site: Path) -> dict[str, Any]:
    """Both: {"results_ms": {query: ms}, "lighthouse": {query: {preset: run}}}."""
    return {"results_ms": results_after_load(site, BROWSER_QUERIES), "lighthouse": lighthouse_scores(site)}


def table(numbers: dict[str, Any]) -> str:
    """Markdown: per query, results after load and each preset's median score (with its LCP, TBT and
    CLS, and the lowest of the runs)."""
    lines = [
        f"| query | results after load, ms (best of {RUNS}) | Lighthouse mobile, median of {LIGHTHOUSE_RUNS}"
        f" | Lighthouse desktop, median of {LIGHTHOUSE_RUNS} |",
        "| --- | ---: | ---: | ---: |",
    ]
    scores = numbers["lighthouse"]
    for query in dict.fromkeys([*numbers["results_ms"], *scores]):
        ms = numbers["results_ms"].get(query)
        runs = [scores[query][p] if query in scores else None for p in PRESETS]
        shown = [
            f"{r['score']} (LCP {r['LCP']}, TBT {r['TBT']}, CLS {r['CLS']}; lowest {min(r['scores'])})" if r else ""
            for r in runs
        ]
        lines.append(f"| `{query}` | {'' if ms is None else ms} | {' | '.join(shown)} |")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        raise SystemExit("usage: python -m bench.browser SITE")
    numbers = measure(Path(argv[0]))
    print(json.dumps(numbers), file=sys.stderr)
    print(table(numbers))


if __name__ == "__main__":
    main(sys.argv[1:])
