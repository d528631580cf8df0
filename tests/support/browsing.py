"""A browser context whose problems are recorded, and axe: what the reading list's, follows' and For you's
browser tests share."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from tests.support.paths import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


class Browsing:
    """A browser context with its pages' problems recorded: console errors, script errors, foreign requests."""

    def __init__(self, browser, *, init: str = "", scheme: str = "light", **options) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme, **options)
        if init:
            self.context.add_init_script(init)
        self.problems: list[str] = []
        self.page = self.new_page()

    def new_page(self):
        page = self.context.new_page()
        page.on("console", lambda m: self.problems.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("request", self.request)
        return page

    def request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob", "about") and parts.hostname != "127.0.0.1":
            self.problems.append(f"request to another host: {request.url}")

    def open(self, url: str):
        self.page.goto(url, wait_until="load")
        return self.page

    def put(self, key: str, value: object) -> None:
        """Store a value as the page would: JSON, or a string as it is."""
        text = value if isinstance(value, str) else json.dumps(value)
        self.page.evaluate("([key, text]) => localStorage.setItem(key, text)", [key, text])

    def storage(self, key: str):
        text = self.page.evaluate("(key) => localStorage.getItem(key)", key)
        return None if text is None else json.loads(text)

    def __enter__(self) -> Browsing:
        return self

    def __exit__(self, *exc) -> None:
        self.context.close()


def axe_violations(page, exclude: str = "") -> list[dict]:
    """axe's violations on the page, all of it or but what `exclude` (a CSS selector) selects."""
    page.evaluate(AXE.read_text("utf-8"))  # not a <script>: the policy allows none inline
    return page.evaluate(
        "async (exclude) => (await axe.run(exclude ? {exclude: [exclude]} : document,"
        " {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))",
        exclude,
    )
