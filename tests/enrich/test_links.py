"""Link finding and cleaning over every URL the shipped dumps hold, as typed there."""

from __future__ import annotations

import re

import pytest

from generator.enrich.links import classify, clean_url, find_links, unique_links
from generator.site.sources import abstract_markdown
from tests.support.paths import SHIPPED_DUMPS

# (as the dump types it, the clean URL, its kind). Every URL of the five dumps is here.
REAL_CASES = [
    ("https://aka.ms/orca-lm),", "https://aka.ms/orca-lm", "project"),
    ("https://anypattern.github.io", "https://anypattern.github.io", "project"),
    ("https://embodied-codebook.github.io.", "https://embodied-codebook.github.io", "project"),
    ("https://github.com/AuroraLHL/OptMATH.", "https://github.com/AuroraLHL/OptMATH", "code"),
    ("https://github.com/Cliffia123/LegoGCD.", "https://github.com/Cliffia123/LegoGCD", "code"),
    (
        "https://github.com/DavidFanzz/Generalist_or_Specialist.",
        "https://github.com/DavidFanzz/Generalist_or_Specialist",
        "code",
    ),
    ("https://github.com/FlagOpen/RoboOS", "https://github.com/FlagOpen/RoboOS", "code"),
    ("https://github.com/FreedomIntelligence/Med-MAT.", "https://github.com/FreedomIntelligence/Med-MAT", "code"),
    ("https://github.com/GitGyun/chameleon.", "https://github.com/GitGyun/chameleon", "code"),
    ("https://github.com/Haochen-Wang409/HPM.", "https://github.com/Haochen-Wang409/HPM", "code"),
    ("https://github.com/JasonKyng/NAGL.", "https://github.com/JasonKyng/NAGL", "code"),
    ("https://github.com/JunhaoSu0/MAN.", "https://github.com/JunhaoSu0/MAN", "code"),
    ("https://github.com/LeapLabTHU/Model-Assembling.", "https://github.com/LeapLabTHU/Model-Assembling", "code"),
    ("https://github.com/NYUSHCS/GraphFM.", "https://github.com/NYUSHCS/GraphFM", "code"),
    ("https://github.com/NikosEfth/crafting-shifts", "https://github.com/NikosEfth/crafting-shifts", "code"),
    ("https://github.com/OPTML-Group/Unlearn-Sparse.", "https://github.com/OPTML-Group/Unlearn-Sparse", "code"),
    (
        "https://github.com/Rain-Bus/MSGCoOp{https://github.com/Rain-Bus/MSGCoOp}.",
        "https://github.com/Rain-Bus/MSGCoOp",
        "code",
    ),
    ("https://github.com/RuoyuChen10/LIMA.", "https://github.com/RuoyuChen10/LIMA", "code"),
    ("https://github.com/SJShin-AI/UDIM.", "https://github.com/SJShin-AI/UDIM", "code"),
    ("https://github.com/We-Math/We-Math.", "https://github.com/We-Math/We-Math", "code"),
    (
        "https://github.com/XiaofengLin7/debunking-sft-generalization.",
        "https://github.com/XiaofengLin7/debunking-sft-generalization",
        "code",
    ),
    (
        "https://github.com/ZHUANGHP/Analytic-continual-learning.",
        "https://github.com/ZHUANGHP/Analytic-continual-learning",
        "code",
    ),
    ("https://github.com/bdsp-core/ECGFounder", "https://github.com/bdsp-core/ECGFounder", "code"),
    ("https://github.com/casiatao/UNIP.", "https://github.com/casiatao/UNIP", "code"),
    ("https://github.com/cuong-dm/IGNITE", "https://github.com/cuong-dm/IGNITE", "code"),
    (
        "https://github.com/davidbrandfonbrener/color-filter-olmo",
        "https://github.com/davidbrandfonbrener/color-filter-olmo",
        "code",
    ),
    ("https://github.com/eric11eca/disco", "https://github.com/eric11eca/disco", "code"),
    ("https://github.com/imagination-research/lbt.", "https://github.com/imagination-research/lbt", "code"),
    (
        "https://github.com/killingbear999/chemical-reactor-foundation-model.",
        "https://github.com/killingbear999/chemical-reactor-foundation-model",
        "code",
    ),
    ("https://github.com/liangchen527/ITTA.", "https://github.com/liangchen527/ITTA", "code"),
    ("https://github.com/mashijie1028/Happy-CGCD.", "https://github.com/mashijie1028/Happy-CGCD", "code"),
    ("https://github.com/mashijie1028/ProtoGCD.", "https://github.com/mashijie1028/ProtoGCD", "code"),
    ("https://github.com/minyoungkim21/niwmeta.", "https://github.com/minyoungkim21/niwmeta", "code"),
    ("https://github.com/n3il666/Meta-DMoE.", "https://github.com/n3il666/Meta-DMoE", "code"),
    ("https://github.com/owenzx/data4comp", "https://github.com/owenzx/data4comp", "code"),
    (
        "https://github.com/shlomenu/symbolically_synthesized_networks",
        "https://github.com/shlomenu/symbolically_synthesized_networks",
        "code",
    ),
    ("https://github.com/weilllllls/OnPro.", "https://github.com/weilllllls/OnPro", "code"),
    ("https://github.com/xyfJASON/HCL", "https://github.com/xyfJASON/HCL", "code"),
    ("https://gitlab.com/huutan86/contrimix", "https://gitlab.com/huutan86/contrimix", "code"),
    (
        "https://huggingface.co/datasets/davidbrandfonbrener/color-filtered-c4",
        "https://huggingface.co/datasets/davidbrandfonbrener/color-filtered-c4",
        "dataset",
    ),
    ("https://lego-grasp.github.io/", "https://lego-grasp.github.io/", "project"),
    ("https://llm-stacking.github.io/{https://llm-stacking.github.io/}.", "https://llm-stacking.github.io/", "project"),
    (
        "https://lucky-light-sun.github.io/proj/shortcut-learning-in-grps/.",
        "https://lucky-light-sun.github.io/proj/shortcut-learning-in-grps/",
        "project",
    ),
    ("https://phyworld.github.io", "https://phyworld.github.io", "project"),
    # no scheme in the dump: still a code link, shown as typed
    ("github.com/edwardjhu/TP4.", "https://github.com/edwardjhu/TP4", "code"),
]


@pytest.mark.parametrize(("typed", "clean", "kind"), REAL_CASES)
def test_every_real_url_is_found_cleaned_and_classified(typed, clean, kind):
    text = f"Our code is at {typed} and more text."
    [link] = find_links(text)
    assert (link.url, link.kind) == (clean, kind)
    shown = text[link.start : link.end]
    assert clean.endswith(shown)  # the span is the clean URL as typed (maybe without https://)
    assert typed.startswith(shown)


def test_the_table_covers_every_url_of_the_shipped_dumps():
    typed = {case[0] for case in REAL_CASES}
    found = set()
    for dump in SHIPPED_DUMPS:
        text = dump.read_text(encoding="utf-8")
        found.update(re.findall(r"(?:https?://|(?<![\w/.])github\.com/)\S+", text))
    assert found == typed


def test_latex_residue_gives_one_link_and_stays_text():
    abstract = "Code: https://github.com/Rain-Bus/MSGCoOp{https://github.com/Rain-Bus/MSGCoOp}."
    assert [link.url for link in unique_links(abstract)] == ["https://github.com/Rain-Bus/MSGCoOp"]
    markdown = abstract_markdown(abstract)
    assert markdown.count("<a ") == 1


def test_schemeless_link_keeps_the_text_of_the_dump():
    markdown = abstract_markdown("Experiments at github.com/edwardjhu/TP4.")
    assert (
        '<a href="https://github.com/edwardjhu/TP4" rel="nofollow noopener noreferrer">github.com/edwardjhu/TP4</a>'
        in markdown
    )


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("https://example.org/a_(b)", "https://example.org/a_(b)"),
        ("https://example.org/a)", "https://example.org/a"),
        ("https://x.", None),
        ("https://", None),
        ("https://example.org/x\\textbf", "https://example.org/x"),
    ],
)
def test_clean_url_edge_cases(raw, clean):
    assert clean_url(raw) == clean


def test_classify():
    assert classify("https://huggingface.co/papers/2401.00001") == "other"
    assert classify("https://github.com") == "other"
    assert classify("https://arxiv.org/abs/2401.00001") == "other"
    assert classify("https://www.github.com/a/b") == "code"
    assert classify("https://huggingface.co/datasets/a/b") == "dataset"
    assert classify("https://huggingface.co/spaces/a/b") == "demo"
    assert classify("https://huggingface.co/meta-llama/Llama-3.1-8B") == "model"
    assert classify("https://huggingface.co/meta-llama") == "other"  # an organisation
    assert classify("https://example.com/project") == "project"


def test_schemeless_inside_a_longer_host_is_not_a_link():
    assert find_links("see notgithub.com/a/b and x@github.com/a") == []


@pytest.mark.slow
def test_the_quick_test_for_a_link_misses_no_text_the_pattern_matches():
    # find_links skips a text with neither "http" nor ".co" once lowercased: no character but
    # these letters (any case) matches them in the case-blind pattern.
    import sys

    from generator.enrich.links import URL_RE

    for letter in "htpco.":
        same = re.compile(re.escape(letter), re.IGNORECASE).fullmatch
        assert [hex(c) for c in range(sys.maxunicode + 1) if same(chr(c)) and chr(c).lower() != letter] == []
    for text in ("See HTTPS://Example.org/x.", "at GitHub.COM/a/b", "HuggingFace.Co/datasets/x", "www.gitlab.com/y"):
        assert URL_RE.search(text) and find_links(text)
