"""Defense in depth (issue 16): a Content-Security-Policy and a referrer policy on every page, and
no referrer sent to another host: the pages' policy is no-referrer, or the link says rel="noreferrer"
(and rel="noopener" where it would open a new window).

Without a browser, every built page is read (tests/support/html_pages.py): the policy is there and
allows no inline script or style, and nothing in the markup would need it to. In a browser
(Debian's Chromium, the `browser` fixture), one page of every type is loaded and the search
box is used: the policy must block nothing and nothing may log an error.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.preview import served
from generator.urls import URLS
from tests.support.browser_pages import open_page
from tests.support.golden import EXPECTED as GOLDEN_SITE
from tests.support.html_pages import HtmlElement, parse, select

CSP = "//head/meta[@http-equiv='Content-Security-Policy']"
REFERRER = "//head/meta[@name='referrer']"
# What a policy in a <meta> must come before: anything it would govern.
GOVERNED = "//head/script | //head/link | //head/style"
# JSON-LD is a data block: the browser never runs it, and script-src does not apply to it.
INLINE_SCRIPT = "//script[not(@src) and not(@type='application/ld+json')]"
# A directive not given is default-src's (CSP 3): the pages write only those that differ.
FALLS_BACK = {"script-src", "style-src", "connect-src", "img-src", "object-src", "font-src", "frame-src"}


def policy(doc: HtmlElement) -> dict[str, list[str]]:
    """The directives of the page's one CSP <meta>: name -> source list."""
    [meta] = select(doc, CSP)
    directives = {}
    for part in meta.get("content", "").split(";"):
        if words := part.split():
            directives[words[0].lower()] = words[1:]
    return directives


def own_host(doc: HtmlElement) -> str:
    """The site's host when the build has an absolute site URL (as the stylesheet's link shows), else ""."""
    stylesheets = select(doc, "//head/link[@rel='stylesheet']/@href")
    return urlsplit(stylesheets[0]).netloc if stylesheets else ""


def effective(directives: dict[str, list[str]], name: str) -> list[str] | None:
    """The sources a directive allows: its own, or default-src's when it has none and falls back to it."""
    if name in directives:
        return directives[name]
    return directives.get("default-src") if name in FALLS_BACK else None


def page_problems(doc: HtmlElement) -> list[str]:
    problems = []
    csp = select(doc, CSP)
    if len(csp) != 1:
        return [f"{len(csp)} Content-Security-Policy <meta>"]
    directives = policy(doc)
    for name, allowed in (("script-src", ["'self'"]), ("style-src", ["'self'"]), ("object-src", ["'none'"])):
        if effective(directives, name) != allowed:
            problems.append(f"{name} is {effective(directives, name)}")
    for name, sources in directives.items():
        if {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(sources):
            problems.append(f"{name} allows {sources}")
    head = list(select(doc, "//head")[0])
    if any(head.index(el) < head.index(csp[0]) for el in select(doc, GOVERNED)):
        problems.append("the policy comes after a script or stylesheet it should govern")
    referrer = [m.get("content") for m in select(doc, REFERRER)]
    if referrer not in (["no-referrer"], ["strict-origin-when-cross-origin"]):
        problems.append("no referrer policy")
    for script in select(doc, INLINE_SCRIPT):
        problems.append(f"inline <script type={script.get('type')!r}>")
    if select(doc, "//style"):
        problems.append("a <style> element")
    for el in select(doc, "//*[@style]"):
        problems.append(f"style attribute on <{el.tag}>")
    for el in doc.iter():
        handlers = [name for name in el.attrib if name.lower().startswith("on")]
        if handlers:
            problems.append(f"handler attribute {handlers} on <{el.tag}>")
    host = own_host(doc)
    for a in select(doc, "//a[@href]"):
        parts = urlsplit(a.get("href").strip())
        outside = parts.scheme in ("http", "https") and parts.netloc != host
        rel = set((a.get("rel") or "").split())
        if outside and referrer != ["no-referrer"] and "noreferrer" not in rel:
            problems.append(f"outside link sends a referrer: {a.get('href')} rel={a.get('rel')!r}")
        if outside and a.get("target") and "noopener" not in rel:
            problems.append(f"outside link opens a window without noopener: {a.get('href')}")
    for form in select(doc, "//form[@action]"):
        parts = urlsplit(form.get("action"))
        # the one form allowed elsewhere: a GET of Hugging Face's own search, for readers without JavaScript
        to_hf_search = form.get("action") == URLS.hf_search and (form.get("method") or "get").lower() == "get"
        if parts.netloc and parts.netloc != host and not to_hf_search:
            problems.append(f"a form posts to another host: {form.get('action')}")
    return problems


def site_problems(site: Path) -> list[str]:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10, f"no site in {site}"
    problems = []
    for page in pages:
        name = page.relative_to(site).as_posix()
        problems += [f"{name}: {problem}" for problem in page_problems(parse(page))]
    return problems


@pytest.mark.slow
def test_every_shipped_page_has_the_policy_and_nothing_inline(site_dir: Path):
    problems = site_problems(site_dir)
    assert not problems, "\n".join(problems[:20])


def test_every_golden_page_has_the_policy_and_nothing_inline():
    # The golden site has hostile titles and abstracts: none turns into markup the policy would block.
    problems = site_problems(GOLDEN_SITE)
    assert not problems, "\n".join(problems[:20])


def test_the_checks_see_what_they_look_for():
    good = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy'"
        " content=\"default-src 'self'; object-src 'none'\">"
        "<meta name='referrer' content='no-referrer'>"
        "<script type='application/ld+json'>{}</script><script type='module' src='x.js'></script></head>"
        "<body><a href='https://example.org/' rel='nofollow'>x</a>"
        "<a href='a.html'>y</a></body></html>"
    )
    assert page_problems(parse(good)) == []
    # a page whose policy sends referrers: each link to another host says noreferrer itself
    referring = good.replace("content='no-referrer'", "content='strict-origin-when-cross-origin'")
    assert page_problems(parse(referring.replace("rel='nofollow'", "rel='nofollow noreferrer'"))) == []
    bad = {
        "inline <script": good.replace("</body>", "<script>alert(1)</script></body>"),
        "handler attribute": good.replace("<a href='a.html'", "<a onclick='x()' href='a.html'"),
        "style attribute": good.replace("<a href='a.html'", "<a style='color:red' href='a.html'"),
        "<style>": good.replace("</head>", "<style>a{}</style></head>"),
        "outside link sends a referrer": referring,
        "without noopener": good.replace("rel='nofollow'", "rel='nofollow' target='_blank'"),
        "no referrer policy": good.replace("content='no-referrer'", "content='unsafe-url'"),
        "script-src is": good.replace("default-src 'self'", "default-src 'self'; script-src 'self' 'unsafe-inline'"),
        "style-src is": good.replace("default-src 'self'", "default-src *"),
        "comes after": good.replace("<meta http-equiv", "<link rel='stylesheet' href='s.css'><meta http-equiv"),
        "0 Content-Security-Policy": good.replace("http-equiv=", "data-x="),
        "another host": good.replace("</body>", "<form action='https://example.org/'></form></body>"),
    }
    for expected, html in bad.items():
        assert any(expected in problem for problem in page_problems(parse(html))), expected


# --- in a browser -----------------------------------------------------------------------------


# Runs before any script of the page, injected by the DevTools protocol (not subject to the policy).
def one_of(site_dir: Path, pattern: str, but: str = "") -> str:
    found = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.glob(pattern))
    found = [path for path in found if path != but]
    assert found, f"the build has no {pattern}"
    return found[0]


def page_types(site_dir: Path) -> dict[str, str]:
    """One page of every type, by name: its site path (and query)."""
    return {
        "home": URLS.index,
        "home-page-2": URLS.list_page("index", 2),
        "top": URLS.top,
        "archive": URLS.archive,
        "search": f"{URLS.search}?q=reasoning",
        "paper": one_of(site_dir, URLS.paper("*")),
        "topic": one_of(site_dir, URLS.topic("*"), but=URLS.topics),
        "topics": URLS.topics,
        "orgs": URLS.orgs,
        "org": one_of(site_dir, URLS.org("*"), but=URLS.orgs),
        "with-code": URLS.with_code,
        "about": URLS.page("about"),
        "404": URLS.not_found,
    }


@pytest.mark.browser
@pytest.mark.slow
def test_no_page_type_breaks_the_policy(browser, site_url: str, site_dir: Path):
    report = {}
    for name, path in page_types(site_dir).items():
        with open_page(browser, f"{site_url}/{path}") as watched:
            page = watched.page
            assert page.evaluate("document.querySelector('meta[http-equiv=Content-Security-Policy]') !== null")
            if name == "search":  # search.js loads lunr.min.js and the index, then draws the results
                page.locator("#search-page-results .search-result").first.wait_for(timeout=10_000)
            if name == "home":  # the search box: "/" focuses it, typing runs a search
                page.keyboard.press("/")
                page.keyboard.type("reasoning")
                page.locator("#search-results li").first.wait_for(timeout=10_000)
                assert page.evaluate("typeof lunr") == "function", "lunr.min.js did not load"
            page.wait_for_load_state("networkidle")
            problems = watched.problems + watched.violations()
        if problems:
            report[name] = problems
    assert not report, report


@pytest.mark.browser
@pytest.mark.slow
def test_the_browser_reports_a_violation_when_there_is_one(browser, site_dir: Path, tmp_path: Path):
    # The check above could pass by seeing nothing: an inline style and script on a copy of the home page must show.
    home = (site_dir / URLS.index).read_text(encoding="utf-8")
    broken = home.replace("<main ", '<main style="color: red" ').replace("</body>", "<script>1</script></body>")
    (tmp_path / URLS.index).write_text(broken, encoding="utf-8")  # alone: its stylesheet and scripts are 404s
    with served(tmp_path) as url, open_page(browser, f"{url}/{URLS.index}") as watched:
        seen = watched.violations()
    assert any("style-src" in v for v in seen), seen
    assert any("script-src" in v for v in seen), seen
    assert any("Content Security Policy" in p for p in watched.problems), watched.problems
