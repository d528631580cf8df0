"""The HTML letter in Chromium: it renders with not one request leaving the page (every
request is routed, recorded and refused), its hostile titles show as text, nothing runs."""

from __future__ import annotations

import email
from email.message import EmailMessage
from email.policy import default

import pytest

from generator.outputs.mail.letter import day_letter
from generator.outputs.mail.message import letter_message, message_bytes
from tests.support.letters import HOSTILE_TITLES, SITE, digest_of, newest_day_papers
from tests.support.paths import ROOT

pytestmark = pytest.mark.browser


def letter_html() -> str:
    letter = day_letter(digest_of(newest_day_papers()), SITE, "Digest & Co")
    message = email.message_from_bytes(
        message_bytes(letter_message(letter, ROOT / "themes" / "digest", None, ())), policy=default
    )
    assert isinstance(message, EmailMessage)
    part = message.get_body(("html",))
    assert part is not None
    return part.get_content()


def render(browser, html: str) -> tuple[list[str], list[str], object]:
    """Open `html` as a page whose every request is recorded and refused: (requests, titles, window.pwned)."""
    context = browser.new_context()
    requests: list[str] = []

    def refuse(route) -> None:
        requests.append(route.request.url)
        route.abort()

    context.route("**/*", refuse)
    try:
        page = context.new_page()
        page.set_content(html, wait_until="load")
        page.wait_for_timeout(200)  # a late request (a lazy image, a font) would show by now
        titles = page.locator("a.title").all_inner_texts()
        return requests, titles, page.evaluate("window.pwned")
    finally:
        context.close()


def test_the_letter_renders_with_no_request_leaving_the_machine(browser) -> None:
    requests, titles, pwned = render(browser, letter_html())
    assert requests == []
    assert titles[0] == HOSTILE_TITLES[0] and HOSTILE_TITLES[1] in titles and HOSTILE_TITLES[2] in titles
    assert pwned is None  # the <script> of a title never ran


def test_the_check_sees_a_request_when_there_is_one(browser) -> None:
    """The routing catches what the letter would load: an image and a stylesheet put in for the test."""
    html = (
        letter_html()
        .replace("</head>", '<link rel="stylesheet" href="https://fonts.example/x.css"></head>')
        .replace("<body", '<body background="https://tracker.example/p.png"', 1)
    )
    requests, _, _ = render(browser, html)
    assert "https://fonts.example/x.css" in requests
