"""A page opened in Chromium with what went wrong recorded: script errors, console errors, Content
Security Policy violations, requests to another host, and dialogs (dismissed, as an injected alert's)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

# Added before any script of the page runs: a violation is recorded even if nothing logs it.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`), true);
"""
LOCAL_SCHEMES = ("data", "blob", "about")


@dataclass
class Watched:
    """An open page and what it did wrong so far."""

    page: Any
    problems: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def violations(self) -> list[str]:
        return [f"violation: {v}" for v in self.page.evaluate("window.__cspViolations")]


@contextmanager
def open_page(
    browser: Any, url: str, *, width: int = 1280, scheme: str = "light", wait_until: str = "networkidle"
) -> Iterator[Watched]:
    """`url` loaded in a fresh context of `width` pixels and colour `scheme`; closed on leaving."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    context.add_init_script(RECORD_VIOLATIONS)
    watched = Watched(context.new_page())

    def console(message: Any) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            watched.problems.append(f"console {message.type}: {message.text}")

    def request(request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in LOCAL_SCHEMES and parts.hostname != "127.0.0.1":
            watched.problems.append(f"request to another host: {request.url}")

    def dialog(dialog: Any) -> None:
        watched.dialogs.append(dialog.message)
        dialog.dismiss()

    watched.page.on("console", console)
    watched.page.on("pageerror", lambda error: watched.problems.append(f"script error: {error}"))
    watched.page.on("request", request)
    watched.page.on("dialog", dialog)
    try:
        watched.page.goto(url, wait_until=wait_until)
        yield watched
    finally:
        context.close()
