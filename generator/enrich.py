"""What needs the whole digest: topics, similar papers, organisations, papers with code.

`enrichment` is pure: from the papers and the taxonomy it computes what each
paper's record gains (for papers.json and the templates), the extra template
context (DIGEST.topics, DIGEST.orgs, DIGEST.listings, ...) and the generated
Markdown of the list pages, by folder of content/.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.links import unique_links
from generator.listings import Listing, index_source, listing_context, listing_sources
from generator.model import Paper
from generator.orgs import newest_first, org_url, organisations
from generator.similar import Document, similar_papers
from generator.topics import OTHER_SLUG, Match, Taxonomy, all_topics, assign_all, paper_key, topic_url

SIMILAR_COUNT = 5
WITH_CODE = "with-code"


@dataclass(frozen=True)
class Enrichment:
    records: dict[str, dict[str, Any]]  # slug -> fields added to the paper's record
    context: dict[str, Any]  # extra keys of the DIGEST template variable
    sources: dict[str, list[tuple[str, str]]]  # content folder -> (file name, Markdown)
    topics: dict[str, tuple[Match, ...]]  # paper_key -> topics, to reuse in the next build


def enrichment(
    papers: Sequence[Paper],
    taxonomy: Taxonomy,
    per_page: int,
    known_topics: Mapping[str, tuple[Match, ...]] | None = None,
) -> Enrichment:
    by_slug = {p.slug: p for p in papers}
    ordered = newest_first(papers)
    matches = assign_all(taxonomy, ((p.slug, p.title, p.abstract) for p in papers), known=known_topics)
    similar = similar_papers([Document(p.slug, p.title, p.abstract) for p in papers], k=SIMILAR_COUNT)
    orgs = organisations(papers)
    titles = {t.slug: t.title for t in all_topics(taxonomy)}

    records: dict[str, dict[str, Any]] = {}
    for paper in papers:
        records[paper.slug] = {
            "day": paper.day.isoformat(),
            "topics": [
                {
                    "slug": m.topic,
                    "title": titles[m.topic],
                    "url": topic_url(m.topic),
                    "score": m.score,
                    "matched": list(m.words),
                }
                for m in matches[paper.slug]
            ],
            "similar": [
                {"slug": n.slug, "url": f"papers/{n.slug}.html", "title": by_slug[n.slug].title, "score": n.score}
                for n in similar[paper.slug]
            ],
            "has_code": any(link.kind == "code" for link in unique_links(paper.abstract)),
        }
    for org in orgs:
        for slug in org.papers:
            records[slug]["org_url"] = org_url(org)

    listings: list[Listing] = []
    topics: list[dict[str, Any]] = []
    for topic in all_topics(taxonomy):
        members = tuple(p.slug for p in ordered if any(m.topic == topic.slug for m in matches[p.slug]))
        if topic.slug == OTHER_SLUG and not members:
            continue
        listing = Listing(f"topics/{topic.slug}", "topic", topic.title, topic.description, members)
        listings.append(listing)
        topics.append(
            {
                "slug": topic.slug,
                "title": topic.title,
                "description": topic.description,
                "url": topic_url(topic.slug),
                "count": len(members),
            }
        )
    org_list = []
    for org in orgs:
        listing = Listing(
            f"orgs/{org.page}", "org", org.name, f"Papers from {org.name} ({org.slug}) in the digest.", org.papers
        )
        listings.append(listing)
        org_list.append({"slug": org.slug, "name": org.name, "url": org_url(org), "count": len(org.papers)})
    code_papers = tuple(p.slug for p in ordered if records[p.slug]["has_code"])
    listings.append(
        Listing(
            WITH_CODE,
            "code",
            "Papers with code",
            "Papers whose abstract links to their code (GitHub, GitLab, Hugging Face).",
            code_papers,
        )
    )

    sources: dict[str, list[tuple[str, str]]] = {"topics": [], "orgs": [], "code": []}
    for listing in listings:
        folder = {"topic": "topics", "org": "orgs", "code": "code"}[listing.kind]
        sources[folder].extend(listing_sources(listing, per_page))
    sources["topics"].append(index_source("topics/index", "Topics", "topics_index", "Every topic of the digest."))
    sources["orgs"].append(index_source("orgs/index", "Organisations", "orgs_index", "Every organisation."))
    context = {
        "topics": topics,
        "orgs": org_list,
        "with_code": {"url": f"{WITH_CODE}.html", "count": len(code_papers)},
        "listings": {listing.key: listing_context(listing, per_page) for listing in listings},
    }
    topic_cache = {paper_key(p.title, p.abstract): matches[p.slug] for p in papers}
    return Enrichment(records=records, context=context, sources=sources, topics=topic_cache)
