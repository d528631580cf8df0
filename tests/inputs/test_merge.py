import json
from dataclasses import asdict, fields
from datetime import date

from generator.inputs.merge import merge, merge_hub, slugify, title_key
from generator.model import HUB_FIELDS, LONGEST, Dump, Entry, HubFields, Org, PartialDate, UpvoteCount
from generator.outputs.export import hub_json


def test_title_key_ignores_case_spacing_and_punctuation():
    assert title_key("We-Math:  Does Your Model?") == title_key("we math does your MODEL")
    assert title_key("Ωmega Über") == "ωmega über"


def test_slug_is_readable_stable_and_distinct():
    slug = slugify("We-Math: Does Your Large Multimodal Model Achieve Human-like Mathematical Reasoning?")
    assert slug.startswith("we-math-does-your-large-multimodal-model")
    assert len(slug) <= 72 + 7
    assert slug == slugify("we-math: does your large multimodal model achieve human-like mathematical reasoning")
    assert slugify("Über Models") != slugify("Uber Models")
    assert slugify("日本語") != slugify("中文")
    assert slugify("<script>") == slugify("script")


def test_merge_keeps_every_source_every_upvote_count_and_the_fullest_metadata():
    bare = Entry(title="Pointer Networks", abstract="short", line=20)
    full = Entry(
        title="Pointer  networks",
        abstract="short",
        line=13,
        authors=3,
        org=Org("g", "Google"),
        date=PartialDate(6, 9, 2015),
        upvotes=4,
    )
    later = Entry(title="POINTER NETWORKS", abstract="short", line=7, upvotes=9, date=PartialDate(6, 9, 2015))
    dumps = [
        Dump("a.txt", PartialDate(3, 12), (bare,)),
        Dump("b.txt", PartialDate(12, 12), (full,)),
        Dump("c.txt", PartialDate(12, 24), (later,)),
    ]
    captured = {"a.txt": date(2025, 3, 12), "b.txt": date(2025, 12, 12), "c.txt": date(2025, 12, 24)}
    [paper] = merge(dumps, captured)
    assert paper.title == "Pointer  networks"
    assert (paper.authors, paper.org, paper.date, paper.upvotes) == (3, Org("g", "Google"), date(2015, 6, 9), 9)
    assert [(s.dump, s.line) for s in paper.sources] == [("a.txt", 20), ("b.txt", 13), ("c.txt", 7)]
    assert paper.arrived == date(2025, 3, 12)
    # a.txt shows no count: unknown, not 0; the newest count is the paper's
    assert paper.upvote_history == (UpvoteCount(date(2025, 12, 12), 4), UpvoteCount(date(2025, 12, 24), 9))
    assert paper.upvotes_counted == date(2025, 12, 24)


def test_the_newest_count_wins_even_when_it_is_lower():
    one = Entry("P", "x", 1, date=PartialDate(6, 9, 2015), upvotes=12)
    two = Entry("P", "x", 1, date=PartialDate(6, 9, 2015), upvotes=3)
    dumps = [Dump("a.txt", PartialDate(12, 12), (one,)), Dump("b.txt", PartialDate(12, 24), (two,))]
    [paper] = merge(dumps, {"a.txt": date(2025, 12, 12), "b.txt": date(2025, 12, 24)})
    assert paper.upvotes == 3 and [c.count for c in paper.upvote_history] == [12, 3]


def test_a_paper_no_dump_counts_has_unknown_upvotes():
    dumps = [Dump("a.txt", PartialDate(12, 12), (Entry("P", "x", 1),))]
    [paper] = merge(dumps, {"a.txt": date(2025, 12, 12)})
    assert paper.upvotes is None and paper.upvotes_counted is None and paper.upvote_history == ()


def test_papers_are_sorted_by_arrival_and_an_undated_paper_keeps_no_date():
    dumps = [
        Dump(
            "a.txt",
            PartialDate(12, 12),
            (
                Entry("Old", "x", 1, date=PartialDate(1, 1, 2020)),
                Entry("Undated", "x", 5),
            ),
        ),
        Dump("b.txt", PartialDate(12, 24), (Entry("Recent", "x", 9, date=PartialDate(11, 1)),)),
    ]
    papers = merge(dumps, {"a.txt": date(2025, 12, 12), "b.txt": date(2025, 12, 24)})
    assert [(p.title, p.arrived, p.date) for p in papers] == [
        ("Recent", date(2025, 12, 24), date(2025, 11, 1)),
        ("Old", date(2025, 12, 12), date(2020, 1, 1)),
        ("Undated", date(2025, 12, 12), None),  # never the capture day as its date
    ]


def test_hub_fields_merge_field_by_field_the_first_given_or_the_longest():
    pasted = HubFields()
    early = HubFields(arxiv_id="2512.07525", author_names=("A",), github_stars=5, ai_keywords=("rope",))
    later = HubFields(arxiv_id="2512.99999", author_names=("A", "B"), github_stars=9, ai_summary="Later.")
    assert merge_hub([pasted, early, later]) == HubFields(
        arxiv_id="2512.07525", author_names=("A", "B"), github_stars=5, ai_summary="Later.", ai_keywords=("rope",)
    )
    assert merge_hub([pasted, pasted]) == HubFields()
    assert [f.name for f in fields(HubFields) if f.metadata.get("merge") == LONGEST] == ["author_names"]


def test_a_paper_and_papers_json_carry_every_hub_field():
    hub = HubFields(**{f.name: ("x",) if f.default == () else f"value of {f.name}" for f in fields(HubFields)})
    entry = Entry(title="One", abstract="", line=1, hub=hub)
    [paper] = merge([Dump("d.txt", PartialDate(1, 2), (entry,))], {"d.txt": date(2025, 1, 2)})
    assert paper.hub == hub
    exported = hub_json(paper.hub)
    assert list(exported) == list(HUB_FIELDS)
    assert exported == json.loads(json.dumps(asdict(hub)))  # every value, as JSON has it
