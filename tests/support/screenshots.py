"""The README's screenshots, taken in Chromium from a built site (output/, `make site`):

- docs/screenshot-home.png and docs/screenshot-phone.png: the first screen of the home page on a desktop
  (1280 x 900) and on a phone (390 x 844);
- docs/screenshot-saved.png: the Saved page with three saved papers;
- docs/screenshot-foryou.png: For you, for a reader who follows a topic and a search with a -word and
  saved one paper.

    python -m tests.support.screenshots [SITE]
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.preview import served
from generator.urls import URLS
from tests.support.papers_data import read_papers
from tests.support.paths import CHROMIUM, ROOT

DOCS = ROOT / "docs"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SINCE = "2025-12-01T00:00:00Z"


def saved_entry(paper: dict[str, Any]) -> dict[str, str]:
    saved = f"{paper['arrived']}T18:00:00Z"  # the evening of the day it was listed
    return {"title": paper["title"], "url": paper["url"], "arrived": paper["arrived"], "saved": saved}


def newest_first(site: Path) -> list[dict[str, Any]]:
    return sorted(read_papers(site), key=lambda p: (p["arrived"], p["url"]), reverse=True)


def foryou_storage(papers: list[dict[str, Any]]) -> dict[str, Any]:
    saved = next(p for p in papers if p["arrived"] == papers[0]["arrived"] and p["similar"])
    follows = {
        "topic:agents": {"kind": "topic", "name": "Agents", "slug": "agents", "url": URLS.topic("agents")},
        "search:video -survey": {"kind": "search", "name": "video -survey"},
    }
    for follow in follows.values():
        follow["since"] = SINCE
    return {
        "paper-digest:follows": {"v": 1, "follows": follows},
        "paper-digest:saved": {"v": 1, "papers": {saved["slug"]: saved_entry(saved)}},
    }


def saved_storage(papers: list[dict[str, Any]]) -> dict[str, Any]:
    return {"paper-digest:saved": {"v": 1, "papers": {p["slug"]: saved_entry(p) for p in papers[:3]}}}


# (file, page, viewport, what the browser stores first, what shows once the page has drawn)
Shot = tuple[str, str, dict[str, int], Callable[[list[dict[str, Any]]], dict[str, Any]] | None, str]
SHOTS: tuple[Shot, ...] = (
    ("screenshot-home.png", URLS.index, DESKTOP, None, ".card"),
    ("screenshot-phone.png", URLS.index, PHONE, None, ".card"),
    ("screenshot-saved.png", URLS.saved, DESKTOP, saved_storage, "[data-reading-items] li"),
    ("screenshot-foryou.png", URLS.foryou, {"width": 1100, "height": 1000}, foryou_storage, ".foryou__item"),
)


def take(site: Path, folder: Path = DOCS) -> None:
    from playwright.sync_api import sync_playwright

    papers = newest_first(site)
    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        for name, url, viewport, storage, ready in SHOTS:
            page = browser.new_page(viewport=viewport, device_scale_factor=1)
            page.goto(f"{base}/{url}")
            if storage:
                for key, value in storage(papers).items():
                    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, json.dumps(value)])
                page.reload()
            page.wait_for_selector(ready)
            page.screenshot(path=str(folder / name))
            page.close()
            print(f"wrote {folder / name}")
        browser.close()


if __name__ == "__main__":
    take(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "output")
