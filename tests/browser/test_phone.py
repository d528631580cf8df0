"""Phones (issue 24, items 5 and 10), measured in Chromium at 390x844, light and dark.

Papers on the first screen: a short header whose navigation is one row scrolled sideways, and a whole
card above the fold. Touch: every control is at least 44 px high, or its hit area is (checked where a
finger lands, with elementFromPoint); no text under 12 px; no wrapped line starts with a "·" separator.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.urls import URLS
from tests.support.browsing import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
TARGET = 44  # px: the height of a finger's tap (WCAG 2.5.5, Apple's and Android's guides)
SMALLEST_TEXT = 12  # px
SCHEMES = ("light", "dark")

# Each measure is one pass in the page, returning plain data the tests compare.
LAYOUT = """() => {
  const box = (el) => el.getBoundingClientRect();
  const links = [...document.querySelectorAll(".site-nav li:not([hidden]) a")];
  const list = document.querySelector(".site-nav ul");
  return {
    header: box(document.querySelector(".site-header")).height,
    navRows: new Set(links.map((a) => Math.round(box(a).top))).size,
    navScrolls: getComputedStyle(list).overflowX,
    navLinks: links.length,
    firstCardBottom: box(document.querySelector("main .card")).bottom,
  };
}"""

# A control in running text (a link inside a sentence) is exempt, as WCAG 2.5.5 exempts it: an inline
# element whose block has text of its own beside it. Every other control must be TARGET high, or answer
# a tap TARGET/2 above and below its middle (a hit area enlarged by padding or a pseudo-element).
SMALL_TARGETS = """([target, scope]) => {
  const inSentence = (el) => {
    if (getComputedStyle(el).display !== "inline") return false;
    let block = el.parentElement;
    while (getComputedStyle(block).display === "inline") block = block.parentElement;
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!el.contains(node) && node.data.trim() && !node.parentElement.closest(".visually-hidden")) return true;
    }
    return false;
  };
  const answers = (el, x, y) => {
    const hit = document.elementFromPoint(x, y);
    return hit !== null && (el.contains(hit) || hit.contains(el) && hit.closest("label") === hit);
  };
  const small = [];
  for (const el of document.querySelectorAll(scope)) {
    if (!el.getClientRects().length || el.closest("[hidden], .visually-hidden") || el.matches(".skip-link")) continue;
    if (inSentence(el)) continue;
    el.scrollIntoView({block: "center", inline: "center"});
    const r = el.getBoundingClientRect();
    if (r.height >= target - 0.5) continue;
    const x = r.left + Math.min(r.width / 2, 8), y = r.top + r.height / 2, reach = target / 2 - 0.5;
    if (answers(el, x, y - reach) && answers(el, x, y + reach)) continue;
    small.push(`${el.outerHTML.slice(0, 90)}: ${r.height.toFixed(1)} px`);
  }
  window.scrollTo(0, 0);
  return small;
}"""

# Visible text under the smallest size: text nodes by their element, and pseudo-elements with text.
SMALL_TEXT = """(smallest) => {
  const shown = (el) => el.getClientRects().length && !el.closest("[hidden], .visually-hidden, .search-box__label");
  const small = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.data.trim() || !shown(el) || ["SCRIPT", "STYLE", "NOSCRIPT"].includes(el.tagName)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < smallest - 0.01) small.add(`${el.tagName.toLowerCase()}.${el.className}: ${size} px`);
  }
  for (const el of document.body.querySelectorAll("*")) {
    if (!shown(el)) continue;
    for (const pseudo of ["::before", "::after"]) {
      const style = getComputedStyle(el, pseudo);
      const text = style.content.replace(/^"|"$|^none$|^normal$/g, "").split(" / ")[0].replace(/"/g, "");
      if (text.trim() && parseFloat(style.fontSize) < smallest - 0.01)
        small.add(`${el.tagName.toLowerCase()}.${el.className}${pseudo}: ${style.fontSize}`);
    }
  }
  return [...small];
}"""

# A "·" that begins a line: in text, one whose last visible character before it (in its block) is on an
# earlier line; as a ::before, one on an element that begins a line (it is not right of the element before).
STRAY_DOTS = """() => {
  const stray = [];
  const rect = (node, i) => {
    const r = document.createRange();
    r.setStart(node, i);
    r.setEnd(node, i + 1);
    return r.getBoundingClientRect();
  };
  const blockOf = (el) => {
    while (getComputedStyle(el).display.startsWith("inline")) el = el.parentElement;
    return el;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const before = new Map();  // a block: the last visible character seen in it
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.getClientRects().length) continue;
    const block = blockOf(node.parentElement);
    for (let i = 0; i < node.data.length; i++) {
      if (!node.data[i].trim()) continue;
      const r = rect(node, i);
      if (!r.width) continue;
      const last = before.get(block);
      if (node.data[i] === "·" && (!last || last.bottom <= r.top + 1))
        stray.push(`${block.tagName.toLowerCase()}.${block.className}: ${block.textContent.trim().slice(0, 60)}`);
      before.set(block, r);
    }
  }
  for (const el of document.body.querySelectorAll("*")) {
    if (!el.getClientRects().length || !getComputedStyle(el, "::before").content.includes("·")) continue;
    const previous = el.previousElementSibling, r = el.getBoundingClientRect();
    if (!previous || previous.getBoundingClientRect().left >= r.left)
      stray.push(`${el.tagName.toLowerCase()}.${el.className}::before: ${el.textContent.trim().slice(0, 60)}`);
  }
  return stray;
}"""


def phone_pages(site_dir: Path) -> dict[str, str]:
    """The pages a reader meets on a phone: home, a paper, a topic, a day, the feeds, the archive."""

    def first(pattern: str) -> str:
        return sorted(p for p in site_dir.glob(pattern) if p.is_file())[0].relative_to(site_dir).as_posix()

    return {
        "home": URLS.index,
        "paper": first("papers/*.html"),
        "topic": first("topics/*.html"),
        "day": first(URLS.day("*")),
        "feeds": URLS.feeds,
        "archive": URLS.archive,
    }


@pytest.fixture(scope="module")
def pages(site_dir: Path) -> dict[str, str]:
    return phone_pages(site_dir)


@pytest.fixture(scope="module", params=SCHEMES)
def phone(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    """A phone-sized page in one colour scheme; each test opens its own URL in it."""
    context = browser.new_context(viewport=PHONE, color_scheme=request.param, device_scale_factor=1)
    page = context.new_page()
    yield page
    context.close()


def test_a_whole_card_shows_above_the_fold_under_a_one_row_navigation(phone: Any, site_url: str):
    phone.goto(f"{site_url}/{URLS.index}", wait_until="networkidle")
    layout = phone.evaluate(LAYOUT)
    assert layout["navRows"] == 1, layout
    assert layout["navScrolls"] == "auto", layout
    assert layout["header"] <= 130, layout
    assert layout["firstCardBottom"] <= PHONE["height"], layout


def test_every_navigation_link_is_reached_by_scrolling_and_by_keyboard(phone: Any, site_url: str):
    phone.goto(f"{site_url}/{URLS.index}", wait_until="networkidle")
    links = phone.locator(".site-nav li:not([hidden]) a")
    phone.locator("body").focus()
    phone.keyboard.press("Tab")  # the skip link
    phone.keyboard.press("Tab")  # the site's name
    for index in range(links.count()):
        phone.keyboard.press("Tab")
        focused = phone.evaluate("() => document.activeElement.textContent")
        assert focused == links.nth(index).inner_text()
        # the focused link is scrolled into the row, wholly inside the screen
        box = links.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (focused, box)
    last = links.nth(links.count() - 1)
    phone.locator(".site-nav ul").evaluate("(list) => list.scrollLeft = list.scrollWidth")
    box = last.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("kind", ["home", "paper", "topic", "day", "feeds", "archive"])
def test_every_control_is_a_finger_high(phone: Any, site_url: str, pages: dict[str, str], kind: str):
    phone.goto(f"{site_url}/{pages[kind]}", wait_until="networkidle")
    scope = "main :is(a, button, summary, input, select), nav :is(a, button), .site-footer a, .search-box input"
    assert phone.evaluate(SMALL_TARGETS, [TARGET, scope]) == []


@pytest.mark.parametrize("kind", ["home", "paper", "topic", "day", "feeds", "archive"])
def test_no_text_is_smaller_than_12_px(phone: Any, site_url: str, pages: dict[str, str], kind: str):
    phone.goto(f"{site_url}/{pages[kind]}", wait_until="networkidle")
    assert phone.evaluate(SMALL_TEXT, SMALLEST_TEXT) == []


@pytest.mark.parametrize("kind", ["home", "paper", "topic", "day", "feeds", "archive"])
def test_no_wrapped_line_starts_with_a_separator(phone: Any, site_url: str, pages: dict[str, str], kind: str):
    phone.goto(f"{site_url}/{pages[kind]}", wait_until="networkidle")
    assert phone.evaluate(STRAY_DOTS) == []


def test_the_phone_layout_passes_axe(phone: Any, site_url: str, pages: dict[str, str]):
    for kind in ("home", "paper"):
        phone.goto(f"{site_url}/{pages[kind]}", wait_until="networkidle")
        assert axe_violations(phone) == [], kind


def test_a_lists_rows_fit_the_screen(phone: Any, site_url: str, site_dir: Path, pages: dict[str, str]):
    """A list's table (partials/rows.html: rank, title, gains, upvotes, day) wraps its numbers and days on a phone."""
    month = sorted(site_dir.glob(URLS.month("*")))[0].relative_to(site_dir).as_posix()
    for path in (URLS.top, pages["topic"], month):
        phone.goto(f"{site_url}/{path}", wait_until="networkidle")
        assert phone.locator("main .rows tr td").count() > 0, path
        assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"], path
