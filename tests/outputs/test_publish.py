"""Publishing: a build at a GitHub Pages subpath whose every link works, and the Pages workflow."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from click.testing import CliRunner

from generator.build import build
from generator.cli import main
from generator.config import with_site_url
from generator.outputs.gzipped import MAGIC, inflated, stored
from generator.outputs.publish import publish_files, sitemap_files
from generator.urls import URLS
from tests.support.html_pages import HtmlElement, parse, select
from tests.support.papers_data import read_gzipped, read_papers
from tests.support.paths import ROOT, SHIPPED_DUMPS, fixture_dump
from tests.support.projects import project_copy

SITE = "https://example.github.io/digest/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("published")
    return build(with_site_url(project_copy(tmp), SITE), SHIPPED_DUMPS, tmp / "output", strict=True).output


def page_urls(doc: HtmlElement) -> list[str]:
    """Every href and src of a page, in document order."""
    return select(doc, "//@href | //@src")


def meta(doc: HtmlElement) -> dict[str, str]:
    """A page's <meta> by name or property: content."""
    return {m.get("name") or m.get("property"): m.get("content", "") for m in select(doc, "//meta[@name or @property]")}


def canonical(doc: HtmlElement) -> list[str]:
    return select(doc, "//link[@rel='canonical']/@href")


def broken_links(site: Path, base: str) -> list[str]:
    """Every internal href/src of every page that does not resolve to a built file under `base`."""
    problems = []
    for path in sorted(site.rglob("*.html")):
        page_url = base + path.relative_to(site).as_posix()
        for link in page_urls(parse(path)):
            url = urljoin(page_url, link)
            parts = urlsplit(url)
            if "localhost" in url or "127.0.0.1" in url:
                problems.append(f"{path.name}: {link} points to localhost")
            if parts.scheme not in ("http", "https") or not url.startswith(urljoin(base, "/")):
                continue  # mailto:, another host
            if not url.startswith(base):
                problems.append(f"{path.name}: {link} leaves the site's prefix {base}")
                continue
            target = site / unquote(parts.path.removeprefix(urlsplit(base).path))
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{path.name}: {link} -> {target.relative_to(site)} is not built")
    return problems


@pytest.mark.slow
def test_every_internal_link_resolves_under_the_prefix(site: Path) -> None:
    kinds = {URLS.day("*"), URLS.week("*"), URLS.month("*"), URLS.rising}
    assert all(list(site.glob(kind)) for kind in kinds)  # every kind of page is checked
    assert broken_links(site, SITE) == []


def test_the_link_checker_finds_a_broken_link(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.html").write_text(
        '<a href="../b.html">b</a><a href="/c.html">root</a><img src="http://localhost:8000/i.png">'
        '<a href="https://other.org/">fine</a><a href="#top">fine</a>',
        "utf-8",
    )
    assert len(broken_links(tmp_path, SITE)) == 3


@pytest.mark.slow
def test_published_pages_link_relatively_and_name_their_absolute_url(site: Path) -> None:
    # Links between pages are relative (the site's URL on every link was a fifth of its bytes, issue 22);
    # what needs the absolute URL has it: the canonical link. Nothing points at a local server.
    paper = next(site.glob(URLS.paper("*")))
    for path in [site / URLS.index, paper]:
        doc = parse(path)
        links = [link for link in page_urls(doc) if not urlsplit(link).scheme]
        assert links and not any(link.startswith("/") for link in links), path.name
        assert not any("localhost" in link for link in page_urls(doc)), path.name
        assert canonical(doc) == [SITE + path.relative_to(site).as_posix()]


@pytest.mark.slow
def test_output_has_what_pages_needs(site: Path) -> None:
    for name in (URLS.nojekyll, URLS.not_found, URLS.sitemap, URLS.robots, URLS.opml):
        assert (site / name).is_file(), name
    robots = (site / URLS.robots).read_text("utf-8")
    assert f"Sitemap: {SITE}{URLS.sitemap}" in robots.splitlines()


@pytest.mark.slow
def test_sitemap_lists_every_page_but_the_error_page_and_the_readers_own_pages(site: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    parts = [e.text for e in ET.fromstring((site / URLS.sitemap).read_bytes()).findall("s:sitemap/s:loc", ns)]
    assert parts == [SITE + URLS.sitemap_part(1)]
    part = ET.fromstring(read_gzipped(site / URLS.sitemap_part(1)).encode())
    locs = [e.text for e in part.findall("s:url/s:loc", ns)]
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert locs == [SITE + p for p in pages if p not in (URLS.not_found, URLS.saved, URLS.foryou)]


@pytest.mark.slow
def test_404_page_works_from_any_depth(site: Path) -> None:
    doc = parse(site / URLS.not_found)
    links = page_urls(doc)
    assert links and all(link.startswith((SITE, "#")) for link in links)
    assert meta(doc).get("robots") == "noindex" and not canonical(doc)


@pytest.mark.slow
def test_every_page_has_its_canonical_link(site: Path) -> None:
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel != URLS.not_found:
            assert canonical(parse(path)) == [SITE + rel], rel


def authors(doc: HtmlElement) -> list[str]:
    return [m.get("content") for m in select(doc, "//head/meta[@name='citation_author']")]


@pytest.mark.slow
def test_paper_pages_carry_citation_tags_once(site: Path) -> None:
    records = read_papers(site)
    for record in records:
        doc = parse(site / record["url"])
        head = meta(doc)
        assert head["citation_title"] == record["title"]
        if record["date"]:  # the paper's own date, never the day it arrived
            assert head["citation_publication_date"] == record["date"].replace("-", "/")
        else:
            assert "citation_publication_date" not in head
        assert authors(doc) == (record["author_names"] or [])  # each author once, in order
        # a link preview reads the title, the description and the canonical link: nothing says them again
        assert not [name for name in head if name.startswith("og:")] and not select(doc, "//script[not(@src)]")
        assert head["description"] and canonical(doc) == [SITE + record["url"]]


@pytest.mark.slow
def test_hostile_titles_stay_text_in_metadata(tmp_path: Path) -> None:
    dumps = [fixture_dump(n) for n in ("markup_in_text.txt", "hostile_text.txt", "non_ascii.txt")]
    site = build(with_site_url(project_copy(tmp_path), SITE), dumps, tmp_path / "output", strict=True).output
    for record in read_papers(site):
        doc = parse(site / record["url"])
        assert meta(doc)["citation_title"] == record["title"]
        assert authors(doc) == (record["author_names"] or [])
        assert not select(doc, "//script[not(@src)]")  # nothing broke out of an attribute into markup
    assert broken_links(site, SITE) == []


@pytest.mark.slow
def test_local_build_has_relative_links_and_no_absolute_extras(site_dir: Path) -> None:
    assert (site_dir / URLS.nojekyll).is_file() and (site_dir / URLS.not_found).is_file()
    assert not (site_dir / URLS.sitemap).exists() and not (site_dir / URLS.robots).exists()
    doc = parse(site_dir / URLS.index)
    assert not canonical(doc)
    assert all(not link.startswith("http://localhost") for link in page_urls(doc))


def test_publish_needs_a_site_url(tmp_path: Path) -> None:
    (tmp_path / "digest.toml").write_text('[site]\nurl = ""\n', "utf-8")
    result = CliRunner().invoke(main, ["build", "--publish", "--config", str(tmp_path / "digest.toml")])
    assert result.exit_code == 1
    assert "--publish needs the site's URL" in result.output


# The GitHub Pages workflow


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text("utf-8"))


def test_workflow_triggers(workflow: dict) -> None:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the bare key `on` as true
    assert on["push"]["branches"] == ["main"]
    assert "pull_request" in on and "workflow_dispatch" in on
    assert on["schedule"][0]["cron"]


def test_workflow_builds_then_deploys_from_main_only(workflow: dict) -> None:
    jobs = workflow["jobs"]
    assert set(jobs) >= {"build", "deploy"}
    build_steps = jobs["build"]["steps"]
    uses = [s.get("uses", "").split("@")[0] for s in build_steps]
    for action in ("actions/setup-python", "actions/setup-node", "actions/configure-pages"):
        assert action in uses
    upload = next(s for s in build_steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"].rstrip("/") == "output" and "pull_request" in upload["if"]
    make = next(s for s in build_steps if "make publish" in s.get("run", ""))
    assert "steps.pages.outputs.base_url" in make["env"]["SITE_URL"]
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert workflow["permissions"] == {"contents": "read"}
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}


SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _locs(text: str, path: str) -> list[str]:
    return [e.text or "" for e in ET.fromstring(text.encode()).findall(path, SITEMAP_NS)]


def _parts_of(pages: list[str], **limits: int) -> tuple[str, dict[str, str]]:
    """sitemap_files' index, and its parts by name (their text: the site's writer gzips them)."""
    files = dict(sitemap_files(pages, SITE, **limits))
    return files.pop(URLS.sitemap), files


def test_a_small_sitemap_is_an_index_of_one_gzipped_urlset() -> None:
    index, parts = _parts_of(["index.html", "papers/a.html"])
    assert list(parts) == [URLS.sitemap_part(1)] == ["sitemaps/0001.xml.gz"]
    assert _locs(index, "s:sitemap/s:loc") == [SITE + URLS.sitemap_part(1)]
    assert _locs(parts[URLS.sitemap_part(1)], "s:url/s:loc") == [SITE + "index.html", SITE + "papers/a.html"]


def test_a_sitemap_part_is_stored_gzipped_in_a_tenth_of_its_bytes() -> None:
    pages = [URLS.paper(f"a-paper-about-{n:04d}-things") for n in range(2000)]
    name, text = sitemap_files(pages, SITE)[1]
    part = stored(name, text)
    assert isinstance(part, bytes) and part.startswith(MAGIC)
    assert len(part) * 10 < len(text.encode()) and inflated(part) == text


def test_a_large_sitemap_is_an_index_of_parts_each_within_the_limits() -> None:
    pages = [URLS.paper(f"paper-{n:04d}") for n in range(1000)] + [URLS.not_found, URLS.saved]
    max_bytes = 9_000
    index, files = _parts_of(pages, max_urls=300, max_bytes=max_bytes)
    assert ET.fromstring(index.encode()).tag == f"{{{SITEMAP_NS['s']}}}sitemapindex"
    parts = _locs(index, "s:sitemap/s:loc")
    assert parts == [SITE + name for name in files] == [SITE + URLS.sitemap_part(n) for n in range(1, len(files) + 1)]
    listed = []
    for text in files.values():
        locs = _locs(text, "s:url/s:loc")
        assert 0 < len(locs) <= 300 and len(text.encode()) <= max_bytes  # the protocol's limit is uncompressed
        listed += locs
    # every page once, in order, but the error page and the reading list
    assert listed == [SITE + page for page in pages[:1000]]
    assert len(files) > -(-1000 // 300)  # the byte limit cut it, not only the count


def test_a_sitemap_fills_each_part_to_the_url_limit() -> None:
    pages = [f"p{n}.html" for n in range(7)]
    _, files = _parts_of(pages, max_urls=3)
    assert [len(_locs(text, "s:url/s:loc")) for text in files.values()] == [3, 3, 1]


def test_robots_names_the_one_sitemap() -> None:
    pages = [f"p{n}.html" for n in range(5)]
    files = dict(publish_files(pages, SITE))
    assert f"Sitemap: {SITE}{URLS.sitemap}" in files[URLS.robots].splitlines()
    assert URLS.sitemap in files and [name for name in files if name.startswith("sitemaps/")] == [URLS.sitemap_part(1)]
