"""BibTeX: every paper's entry on its page and in its month's `.bib` part, all parsed with bibtexparser.

Every file holds exactly the entries it should, every field reads back as the paper's
text, keys are distinct and stay the same when dumps are added, and hostile text never
leaves its field.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser.bparser import BibTexParser

from generator.config import TOPICS_FILE, load_config
from generator.enrich.digest import enrich
from generator.enrich.listings import code_listing
from generator.enrich.topics import load_taxonomy
from generator.inputs.ingest import ingest_files
from generator.inputs.merge import slugify
from generator.inputs.parse import parse_dump
from generator.model import Digest, EnrichedPaper, HubFields, Source
from generator.outputs.bibtex import bib_entry, bib_key, bib_keys, bibtex_entries
from generator.urls import URLS
from tests.support.papers_data import read_bibtex, read_gzipped, read_index, read_papers, shown_entry
from tests.support.paths import ROOT, SHIPPED_DUMPS, fixture_dump
from tests.support.projects import build_site

SITE = "https://example.github.io/digest/"
KEY = re.compile(r"[a-z0-9]+_[0-9a-f]{6}")
# The LaTeX a field may hold, back to the characters it prints: written here, not taken from the module.
UNESCAPES = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\textless{}": "<",
    r"\textgreater{}": ">",
    r"\textbar{}": "|",
    r"\&": "&",
    r"\%": "%",
    r"\$": "$",
    r"\#": "#",
    r"\_": "_",
}
_LATEX = re.compile("|".join(re.escape(command) for command in UNESCAPES))


def unescape(value: str) -> str:
    """A field's value as the text it prints; any other backslash or brace is left as is, to fail."""
    return _LATEX.sub(lambda match: UNESCAPES[match.group()], value)


def title_of(entry: dict[str, str]) -> str:
    """The printed title: without the brace pair that keeps its capitals."""
    value = entry["title"]
    assert value.startswith("{") and value.endswith("}"), value
    return unescape(value[1:-1])


def fold(text: str) -> str:
    return " ".join("".join(" " if ord(c) < 32 or 127 <= ord(c) < 160 else c for c in text).split())


def parse_bib(text: str, caplog: pytest.LogCaptureFixture | None = None) -> list[dict[str, str]]:
    """Every entry bibtexparser reads, in order; it must log no complaint on the way."""
    if caplog is not None:
        caplog.clear()
    entries = bibtexparser.loads(text, parser=BibTexParser(common_strings=True)).entries
    if caplog is not None:
        complaints = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
        assert not complaints, complaints
    return entries


def paper(
    title: str = "A Title",
    *,
    slug: str | None = None,
    abstract: str = "An abstract.",
    arrived: str = "2025-12-09",
    day: date | None = None,
    arxiv_id: str | None = None,
    author_names: tuple[str, ...] = (),
) -> EnrichedPaper:
    slug = slug or slugify(title)
    return EnrichedPaper(
        key=slug,
        slug=slug,
        title=title,
        abstract=abstract,
        sources=(Source("d.json", 1, date.fromisoformat(arrived)),),
        date=day,
        hub=HubFields(arxiv_id=arxiv_id, author_names=author_names),
        authors=len(author_names) or None,
        url=URLS.paper(slug),
    )


def digest_of(papers: list[EnrichedPaper]) -> Digest:
    return Digest(papers={p.slug: p for p in papers}, topics=(), orgs=(), with_code=code_listing((), 25))


def shipped_papers(dumps: list[Path]) -> dict[str, EnrichedPaper]:
    config = load_config(ROOT / "digest.toml")
    taxonomy = load_taxonomy(ROOT / "content" / TOPICS_FILE)
    return dict(enrich(ingest_files(dumps, config).papers, taxonomy, config.build.per_page).digest.papers)


# The built site (the shipped dumps, no site URL): every entry parses, and agrees with the JSON records


@pytest.fixture(scope="module")
def records(site_dir: Path) -> dict[str, dict]:
    return {r["slug"]: r for r in read_papers(site_dir)}


@pytest.fixture(scope="module")
def per_paper(site_dir: Path, records: dict[str, dict]) -> dict[str, dict[str, str]]:
    """The entry each paper's page shows, parsed, by slug."""
    found = {}
    for slug in records:
        entries = parse_bib(shown_entry(site_dir / URLS.paper(slug)))
        assert len(entries) == 1, (slug, entries)
        found[slug] = entries[0]
    return found


@pytest.mark.slow
def test_every_paper_page_shows_its_entry_and_no_bib_file_is_beside_it(site_dir: Path, records: dict) -> None:
    pages = {p.stem for p in (site_dir / "papers").glob("*.html")}
    assert pages == set(records)
    assert not list((site_dir / "papers").glob("*.bib"))  # the month's part holds it (a page per paper is enough)
    assert len(records) > 100


@pytest.mark.slow
def test_every_bib_file_parses_to_one_entry_with_the_papers_fields(
    site_dir: Path, records: dict[str, dict], per_paper: dict[str, dict[str, str]], caplog: pytest.LogCaptureFixture
) -> None:
    for slug, record in records.items():
        parse_bib(shown_entry(site_dir / URLS.paper(slug)), caplog)
        entry = per_paper[slug]
        assert entry["ENTRYTYPE"] == "misc"
        assert KEY.fullmatch(entry["ID"]), entry["ID"]
        assert title_of(entry) == fold(record["title"])
        assert "abstract" not in entry  # the page's text, and the JSON record's
        assert entry["note"] == f"Listed on Hugging Face Daily Papers, {record['arrived']}"
        if record["date"]:
            assert entry["year"] == record["date"][:4]
            assert entry["month"] == date.fromisoformat(record["date"]).strftime("%B")
        else:
            assert "year" not in entry and "month" not in entry
        if record["author_names"]:
            assert entry["author"] == " and ".join(record["author_names"])
        else:
            assert "author" not in entry
        # text dumps and no site URL: no arXiv id, no absolute page to point to
        assert "eprint" not in entry and "url" not in entry
        assert "howpublished" not in entry  # Hugging Face lists papers, it does not publish them


@pytest.mark.slow
def test_shipped_papers_without_a_date_have_no_year(records: dict[str, dict], per_paper: dict) -> None:
    undated = [slug for slug, record in records.items() if not record["date"]]
    assert undated, "the shipped dumps have no paper without a date: this test checks nothing"
    assert all("year" not in per_paper[slug] for slug in undated)


@pytest.mark.slow
def test_the_bib_parts_hold_every_entry_once_by_key(
    site_dir: Path, records: dict[str, dict], per_paper: dict[str, dict[str, str]], caplog: pytest.LogCaptureFixture
) -> None:
    entries = parse_bib(read_bibtex(site_dir), caplog)
    keys = [e["ID"] for e in entries]
    assert len(entries) == len(records)
    assert len(set(keys)) == len(keys)
    assert {e["ID"]: e for e in entries} == {e["ID"]: e for e in per_paper.values()}
    # byte for byte: each part is its papers' entries as their pages show them, by key, a blank line between them
    for part in read_index(site_dir)["parts"]:
        papers = json.loads(read_gzipped(site_dir / part["json"]))["papers"]
        shown = {per_paper[p["slug"]]["ID"]: shown_entry(site_dir / URLS.paper(p["slug"])) for p in papers}
        assert read_gzipped(site_dir / part["bib"]) == "\n".join(shown[key] for key in sorted(shown))


# Keys


def test_keys_are_a_function_of_the_title_alone() -> None:
    one = paper("Attention Is All You Need")
    assert bib_key(one) == f"attentionall_{one.slug[-6:]}"
    known = replace(
        one,
        hub=HubFields(arxiv_id="1706.03762", author_names=("Ashish Vaswani", "Noam Shazeer")),
        date=date(2017, 6, 12),
        sources=(Source("later.json", 3, date(2026, 1, 5)),),
    )
    assert bib_key(known) == bib_key(one)  # a later dump adding what was unknown renames nothing
    assert bib_key(paper("The Art of Войны: A Study")) == f"artvoiny_{slugify('The Art of Войны: A Study')[-6:]}"
    assert bib_key(paper("!!!")) == f"paper_{slugify('!!!')}"  # no word: the slug is the hash
    not_a_slug = hashlib.sha1(b"not-a-slug").hexdigest()[:6]  # no hash at its end: the slug hashed
    assert bib_key(paper("x", slug="not-a-slug")) == f"notslug_{not_a_slug}"


@pytest.mark.slow
def test_keys_stay_the_same_when_dumps_are_added() -> None:
    first = shipped_papers(SHIPPED_DUMPS[:2])
    every = shipped_papers(SHIPPED_DUMPS)
    assert len(every) > len(first) > 10
    before, after = bib_keys(first.values()), bib_keys(every.values())
    assert set(before) < set(after)
    assert {slug: after[slug] for slug in before} == before
    assert len(set(after.values())) == len(after)


def test_keys_stay_the_same_when_a_later_dump_adds_authors_date_and_arxiv_id(tmp_path: Path) -> None:
    """A paper pasted from the page first, then fetched from the API: its key does not move."""
    shutil.copy(fixture_dump("titles_and_abstracts_only.txt"), tmp_path / "pasted.txt")
    fetched = tmp_path / "hf" / "2025-03-12" / "2025-03-13T070000Z.json"
    fetched.parent.mkdir(parents=True)
    item = {"id": "2503.01234", "title": "First Title", "summary": "Longer.", "publishedAt": "2025-03-10T12:00:00Z"}
    item["authors"] = [{"name": "Ada Lovelace"}, {"name": "Alan Turing"}]
    fetched.write_text(json.dumps([{"paper": item}]), "utf-8")
    config = load_config(ROOT / "digest.toml")
    pasted = {p.slug: p for p in ingest_files([tmp_path / "pasted.txt"], config, year=2025).papers}
    both = {p.slug: p for p in ingest_files([tmp_path / "pasted.txt", fetched], config, year=2025).papers}
    slug = slugify("First Title")
    assert (pasted[slug].hub.author_names, pasted[slug].date, pasted[slug].hub.arxiv_id) == ((), None, None)
    assert (both[slug].hub.author_names, both[slug].date, both[slug].hub.arxiv_id) == (
        ("Ada Lovelace", "Alan Turing"),
        date(2025, 3, 10),
        "2503.01234",
    )
    assert bib_key(both[slug]) == bib_key(pasted[slug]) == f"firsttitle_{slug[-6:]}"


def test_keys_that_would_clash_are_the_slugs() -> None:
    one = paper("Deep Nets", slug="deep-nets-abcdef")
    two = paper("Deep Nets for X", slug="deep-nets-for-x-abcdef")
    other = paper("Something Else")
    assert bib_key(one) == bib_key(two) == "deepnets_abcdef"
    keys = bib_keys([one, two, other])
    assert keys == {one.slug: one.slug, two.slug: two.slug, other.slug: bib_key(other)}
    entries = bibtex_entries(digest_of([one, two, other]))  # the entries say so too
    for p in (one, two, other):
        assert parse_bib(entries[p.slug])[0]["ID"] == keys[p.slug]


# Entries


def test_an_api_paper_cites_its_arxiv_eprint_and_authors(caplog: pytest.LogCaptureFixture) -> None:
    api = paper(
        "Beyond Real: Imaginary Extension of RoPE",
        abstract="Rotary Position Embeddings (RoPE)\nare a standard.",
        day=date(2025, 12, 8),
        arxiv_id="2512.07525",
        author_names=("Xiaoran Liu", "Yuerong Song", "Zoë Ø'Brien"),
    )
    text = bib_entry(api, SITE)
    assert text == (
        f"@misc{{beyondreal_{api.slug[-6:]},\n"
        "  title = {{Beyond Real: Imaginary Extension of RoPE}},\n"
        "  author = {Xiaoran Liu and Yuerong Song and Zoë Ø'Brien},\n"
        "  year = {2025},\n"
        "  month = dec,\n"
        "  eprint = {2512.07525},\n"
        "  archivePrefix = {arXiv},\n"
        "  url = {https://arxiv.org/abs/2512.07525},\n"
        "  note = {Listed on Hugging Face Daily Papers, 2025-12-09}\n"
        "}\n"
    )
    (entry,) = parse_bib(text, caplog)
    assert entry["eprint"] == "2512.07525"
    assert entry["archiveprefix"] == "arXiv"
    assert entry["author"] == "Xiaoran Liu and Yuerong Song and Zoë Ø'Brien"
    assert entry["url"] == URLS.arxiv_abs("2512.07525")
    assert (entry["year"], entry["month"]) == ("2025", "December")
    assert "howpublished" not in entry


def test_a_paper_without_date_authors_or_arxiv_id_points_to_its_page(caplog: pytest.LogCaptureFixture) -> None:
    bare = paper("Robust Manipulation", arrived="2025-03-12")
    (published,) = parse_bib(bib_entry(bare, SITE), caplog)
    assert published["url"] == SITE + URLS.paper(bare.slug)
    assert "howpublished" not in published  # Hugging Face is not the publisher
    assert published["note"] == "Listed on Hugging Face Daily Papers, 2025-03-12"  # the day it arrived...
    assert not {"year", "month", "author", "eprint", "archiveprefix"} & published.keys()  # ...never its year
    (local,) = parse_bib(bib_entry(bare, ""), caplog)
    assert "url" not in local and "howpublished" not in local


def test_an_arxiv_id_that_is_not_one_is_not_cited() -> None:
    odd = paper("Odd", arxiv_id="2512.07525}, note = {x", author_names=("A B",))
    (entry,) = parse_bib(bib_entry(odd, SITE))
    assert "eprint" not in entry and entry["url"] == SITE + URLS.paper(odd.slug)
    assert "eprint" in parse_bib(bib_entry(replace(odd, hub=replace(odd.hub, arxiv_id="hep-th/9901001v2"))))[0]


HOSTILE_TITLES = [
    "}",
    "{",
    "Closing } early }}}, author = {Mallory}, title = {Owned",
    "@misc{x, title = {Injected}}\n@misc{y,",
    r"\input{/etc/passwd} \def\x{y} \\ \end{document}",
    "100% of $x^2$ & #1 a_b ~c | <b> \\",
    "Line\nbreaks\r\n\tand \x00 control \x1b[31m characters\x7f",
    "Ωmega: Über-Modelle für 日本語 — “quotes” ``TeX''",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_text_stays_in_its_field(title: str, caplog: pytest.LogCaptureFixture) -> None:
    hostile = paper(
        title,
        abstract=f"Abstract: {title}",
        arxiv_id="2512.07525",
        author_names=(title, "Smith, John", "Barnes and Noble", "Ada Lovelace"),
        day=date(2024, 2, 29),
    )
    text = bib_entry(hostile, SITE) + "\n" + bib_entry(paper("Next Paper"), SITE)
    first, second = parse_bib(text, caplog)
    assert title_of(first) == fold(title)
    assert set(first) == {"ENTRYTYPE", "ID", "title", "author", "year", "month", "eprint", "archiveprefix", "url"} | {
        "note"
    }
    names = unescape(first["author"])
    assert names.endswith(" and {Smith, John} and {Barnes and Noble} and Ada Lovelace"), names
    assert title_of(second) == "Next Paper"
    # nothing of the input is a command: every backslash starts one of ours
    assert not re.search(r"\\(?!text[a-z]+\{\}|[&%$#_])", text)
    # and no character special to BibTeX or LaTeX is left raw in the text fields
    raw = [_LATEX.sub("", first["title"][1:-1])]
    raw += [re.sub(r"^\{|\}$", "", name) for name in _LATEX.sub("", first["author"]).split(" and ")]
    assert not set("\\{}&%$#_~^<>|") & set("".join(raw)), raw


@pytest.mark.slow
def test_hostile_dump_titles_parse_whole(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    dump = fixture_dump("hostile_text.txt")
    titles = {fold(e.title) for e in parse_dump(dump.read_bytes(), dump.name)[0].entries}
    site = build_site(tmp_path, [dump]).output
    pages = sorted((site / "papers").glob("*.html"))
    assert len(pages) == len(titles) == 3
    found = set()
    for path in pages:
        (entry,) = parse_bib(shown_entry(path), caplog)
        found.add(title_of(entry))
    assert found == titles
    everything = parse_bib(read_bibtex(site), caplog)
    assert {title_of(e) for e in everything} == titles


def test_bibtex_entries_are_every_paper_once() -> None:
    papers = [paper("Zebra Finches"), paper("Aardvark Tunnels", day=date(2024, 1, 2)), paper("Middle Ground")]
    entries = bibtex_entries(digest_of(papers), SITE)
    assert set(entries) == {p.slug for p in papers}
    assert {slug: parse_bib(text)[0]["ID"] for slug, text in entries.items()} == {p.slug: bib_key(p) for p in papers}
    assert bibtex_entries(digest_of(list(reversed(papers))), SITE) == entries  # another order in, the same out
