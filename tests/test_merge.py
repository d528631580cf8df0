from datetime import date

from generator.inputs.merge import merge, slugify, title_key
from generator.model import Dump, Entry, Org, PartialDate


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


def test_merge_keeps_every_source_the_highest_upvotes_and_the_fullest_metadata():
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
    assert paper.first_seen == date(2025, 3, 12)


def test_papers_are_sorted_newest_first_and_undated_papers_use_the_capture_day():
    dumps = [
        Dump(
            "a.txt",
            PartialDate(12, 12),
            (
                Entry("Old", "x", 1, date=PartialDate(1, 1, 2020)),
                Entry("Undated", "x", 5),
                Entry("Recent", "x", 9, date=PartialDate(11, 1)),
            ),
        )
    ]
    papers = merge(dumps, {"a.txt": date(2025, 12, 12)})
    assert [(p.title, p.day) for p in papers] == [
        ("Undated", date(2025, 12, 12)),
        ("Recent", date(2025, 11, 1)),
        ("Old", date(2020, 1, 1)),
    ]
    assert papers[0].date is None
