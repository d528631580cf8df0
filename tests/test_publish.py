"""Publishing: a build at a GitHub Pages subpath whose every link works, and the Pages workflow."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, SHIPPED_DUMPS, fixture_dump, project_copy

from generator.build import build
from generator.cli import main
from generator.config import with_site_url

SITE = "https://example.github.io/digest/"
LINK_ATTRS = {"href", "src"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("published")
    return build(with_site_url(project_copy(tmp), SITE), SHIPPED_DUMPS, tmp / "output", strict=True).output


class _Page(HTMLParser):
    """Every href and src of a page, and its <head> metadata."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.meta: dict[str, str] = {}
        self.canonical: list[str] = []
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.links += [v for k, v in a.items() if k in LINK_ATTRS]
        if tag == "meta" and ("name" in a or "property" in a):
            self.meta[a.get("name") or a["property"]] = a.get("content", "")
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a["href"])
        self._in_jsonld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_endtag(self, tag: str) -> None:
        self._in_jsonld = False

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.jsonld.append(data)


def read_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8"))
    page.close()
    return page


def broken_links(site: Path, base: str) -> list[str]:
    """Every internal href/src of every page that does not resolve to a built file under `base`."""
    problems = []
    for path in sorted(site.rglob("*.html")):
        page_url = base + path.relative_to(site).as_posix()
        for link in read_page(path).links:
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


def test_every_internal_link_resolves_under_the_prefix(site: Path) -> None:
    assert broken_links(site, SITE) == []


def test_the_link_checker_finds_a_broken_link(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.html").write_text(
        '<a href="../b.html">b</a><a href="/c.html">root</a><img src="http://localhost:8000/i.png">'
        '<a href="https://other.org/">fine</a><a href="#top">fine</a>',
        "utf-8",
    )
    assert len(broken_links(tmp_path, SITE)) == 3


def test_published_links_are_absolute_and_never_local(site: Path) -> None:
    for path in [site / "index.html", site / "404.html", next(site.glob("papers/*.html"))]:
        for link in read_page(path).links:
            assert not link.startswith(("..", "./")), f"{path.name}: {link}"


def test_output_has_what_pages_needs(site: Path) -> None:
    for name in (".nojekyll", "404.html", "sitemap.xml", "robots.txt", "feeds.opml"):
        assert (site / name).is_file(), name
    robots = (site / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {SITE}sitemap.xml" in robots.splitlines()


def test_sitemap_lists_every_page_but_the_error_page(site: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ET.fromstring((site / "sitemap.xml").read_bytes()).findall("s:url/s:loc", ns)]
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert locs == [SITE + p for p in pages if p != "404.html"]


def test_404_page_works_from_any_depth(site: Path) -> None:
    page = read_page(site / "404.html")
    assert page.links and all(link.startswith((SITE, "#")) for link in page.links)
    assert page.meta.get("robots") == "noindex" and not page.canonical


def test_every_page_has_its_canonical_link(site: Path) -> None:
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel != "404.html":
            assert read_page(path).canonical == [SITE + rel], rel


def test_paper_pages_carry_citation_opengraph_and_json_ld(site: Path) -> None:
    records = json.loads((site / "papers.json").read_text("utf-8"))["papers"]
    for record in records:
        page = read_page(site / record["url"])
        day = record["date"] or record["first_seen"]
        assert page.meta["citation_title"] == record["title"]
        assert page.meta["citation_publication_date"] == day.replace("-", "/")
        assert page.meta["og:title"] == record["title"]
        assert page.meta["og:type"] == "article"
        assert page.meta["og:url"] == SITE + record["url"]
        [ld] = [json.loads(text) for text in page.jsonld]
        assert ld["@type"] == "ScholarlyArticle" and ld["@context"] == "https://schema.org"
        assert (ld["name"], ld["abstract"], ld["datePublished"]) == (record["title"], record["abstract"], day)
        assert ld["url"] == SITE + record["url"]


def test_hostile_titles_stay_text_in_metadata(tmp_path: Path) -> None:
    dumps = [fixture_dump(n) for n in ("markup_in_text.txt", "hostile_text.txt", "non_ascii.txt")]
    site = build(with_site_url(project_copy(tmp_path), SITE), dumps, tmp_path / "output", strict=True).output
    for record in json.loads((site / "papers.json").read_text("utf-8"))["papers"]:
        html = (site / record["url"]).read_text("utf-8")
        page = read_page(site / record["url"])
        assert page.meta["citation_title"] == record["title"]
        [ld] = [json.loads(text) for text in page.jsonld]  # one script element: nothing broke out of it
        assert ld["name"] == record["title"] and ld["abstract"] == record["abstract"]
        script = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
        assert "<" not in script and ">" not in script and "&" not in script
    assert broken_links(site, SITE) == []


def test_local_build_has_relative_links_and_no_absolute_extras(site_dir: Path) -> None:
    assert (site_dir / ".nojekyll").is_file() and (site_dir / "404.html").is_file()
    assert not (site_dir / "sitemap.xml").exists() and not (site_dir / "robots.txt").exists()
    page = read_page(site_dir / "index.html")
    assert not page.canonical
    assert all(not link.startswith("http://localhost") for link in page.links)


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
