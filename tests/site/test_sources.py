"""Sources: the generated Markdown renders back to exactly the dump's text."""

from __future__ import annotations

import html
import re
from datetime import date

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model import Org, Paper, Source
from generator.site.sources import abstract_markdown, escape_markdown, paper_markdown
from tests.support.examples import examples

TRICKY = [
    "G_F and Li_2 with a_b_c",
    "*bold* and **strong** and _em_",
    "1. not a list",
    "# not a heading",
    "- not a bullet",
    "> not a quote",
    "<script>alert(1)</script> & &amp; &lt;",
    "[link](http://example.com) ![img](x.png)",
    "`code` and ``more``",
    "$textbf{specialist} and textbf{generalist}$ \\textbf{L}azy",
    "trailing backslash \\",
    "    indented? no, folded",
    "a | table | row",
    "<http://example.com/autolink>",
    "=== x",
    "| a | b |",
    "12) not a list either",
    "1986. A fine year",
    "+ plus - minus * star",
    "&#x27; &#39; &nbsp;",
]


def render(source: str) -> str:
    return markdown.markdown(source, output_format="html5")


def visible(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_text)).strip()


@pytest.mark.parametrize("text", TRICKY)
def test_escaped_markdown_renders_to_the_same_text(text):
    assert visible(render(escape_markdown(text))) == " ".join(text.split())


@pytest.mark.slow
@settings(max_examples=examples(1000), deadline=None)
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1).map(lambda s: " ".join(s.split()))
)
def test_any_single_line_text_survives_markdown(text):
    if text:
        assert visible(render(escape_markdown(text))) == text


MARKUP = st.text(alphabet=st.sampled_from(list("\\`*_{}[]()>#+-.!<&;=|~:/0123456789 abcxyz")), min_size=1)


@pytest.mark.slow
@settings(max_examples=examples(1000), deadline=None)
@given(MARKUP.map(lambda s: " ".join(s.split())))
def test_markup_heavy_text_survives_markdown(text):
    if text:
        assert visible(render(escape_markdown(text))) == text
        assert visible(render(abstract_markdown(text))) == text


def test_urls_become_links_and_the_residue_stays_text():
    abstract = (
        "Code: https://github.com/Rain-Bus/MSGCoOp{https://github.com/Rain-Bus/MSGCoOp}. More at https://x.github.io."
    )
    out = render(abstract_markdown(abstract))
    assert re.findall(r'href="([^"]+)"', out) == ["https://github.com/Rain-Bus/MSGCoOp", "https://x.github.io"]
    assert visible(out) == abstract


def test_paper_markdown_holds_what_pelican_needs_and_the_arrival_day():
    paper = Paper(
        key="k",
        slug="a-paper-abc123",
        title="A: Paper",
        abstract="Text.",
        sources=(Source("a.txt", 13, date(2025, 12, 12)),),
        authors=3,
        org=Org("kaist-ai", "KAIST AI"),
        date=date(2024, 7, 1),
    )
    header = paper_markdown(paper).split("\n\n")[0].splitlines()
    assert header == [
        "Title: A: Paper",
        "Slug: a-paper-abc123",
        "Date: 2025-12-12",  # Pelican's date of the page: the day it arrived, not the paper's own
    ]
