"""The README's screenshot of the For you page (docs/screenshot-foryou.png), taken in Chromium from a built
site (output/, `make site`): a reader who follows a topic and a search with a -word and saved one paper.

    python -m tests.support.screenshot_foryou [SITE]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from generator.preview import served
from generator.urls import URLS
from tests.support.papers_data import read_papers
from tests.support.paths import CHROMIUM, ROOT

SHOT = ROOT / "docs" / "screenshot-foryou.png"


def take(site: Path, shot: Path = SHOT) -> None:
    from playwright.sync_api import sync_playwright

    papers = sorted(read_papers(site), key=lambda p: (p["arrived"], p["url"]))
    newest = papers[-1]["arrived"]
    saved = next(p for p in reversed(papers) if p["arrived"] == newest and p["similar"])
    follows = {
        "topic:agents": {"kind": "topic", "name": "Agents", "slug": "agents", "url": URLS.topic("agents")},
        "search:video -survey": {"kind": "search", "name": "video -survey"},
    }
    for f in follows.values():
        f["since"] = "2025-12-01T00:00:00Z"
    entry = {"title": saved["title"], "url": saved["url"], "arrived": newest, "saved": "2025-12-24T09:00:00Z"}
    values = {
        "paper-digest:follows": {"v": 1, "follows": follows},
        "paper-digest:saved": {"v": 1, "papers": {saved["slug"]: entry}},
    }
    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(viewport={"width": 1100, "height": 1000})
        page.goto(f"{base}/{URLS.foryou}")
        for key, value in values.items():
            page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, json.dumps(value)])
        page.reload()
        page.wait_for_selector(".foryou__item")
        page.screenshot(path=str(shot))
        browser.close()
    print(f"wrote {shot.relative_to(ROOT)}")


if __name__ == "__main__":
    take(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "output")
