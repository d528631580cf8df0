"""What needs the whole digest: topics, similar papers, links, organisations, the lists.

`enrich` is pure: from the papers and the taxonomy it makes the `Digest` that
every output and template reads. Topics already assigned with this taxonomy
(`known_topics`, by paper_key) are reused, not scored again; so are the similar
papers of the last build (`known_similar`, for the same vocabulary), where no
paper entered or left a list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from operator import attrgetter

from generator.enrich.links import unique_links
from generator.enrich.listings import code_listing, org_listing, rising_listing, topic_listing
from generator.enrich.orgs import organisations
from generator.enrich.periods import periods
from generator.enrich.rising import gains, newest_count
from generator.enrich.similar import Document, SimilarCache, similar_lists
from generator.enrich.topics import OTHER_SLUG, Match, Taxonomy, all_topics, assign_all, paper_key, topic_abstract
from generator.enrich.vocabulary import Vocabulary
from generator.inputs.merge import check_slugs
from generator.model import Digest, EnrichedPaper, Paper, SimilarRef, TopicRef, newest_first
from generator.urls import URLS

SIMILAR_COUNT = 5


@dataclass(frozen=True)
class Enriched:
    digest: Digest
    topics: dict[str, tuple[Match, ...]]  # paper_key -> topics, to reuse in the next build
    similar: SimilarCache  # vectors and lists, to reuse in the next build with the same vocabulary


def enrich(
    papers: Sequence[Paper],
    taxonomy: Taxonomy,
    per_page: int,
    known_topics: Mapping[str, tuple[Match, ...]] | None = None,
    vocabulary: Vocabulary | None = None,
    known_similar: SimilarCache | None = None,
) -> Enriched:
    """Without a vocabulary, IDF is counted on these papers (then nothing of similar papers is reusable)."""
    check_slugs(papers)  # the digest is keyed by slug: a clash would lose a paper
    read = {p.slug: topic_abstract(p.abstract, p.hub.ai_keywords) for p in papers}  # Hub keywords count too
    matches = assign_all(taxonomy, ((p.slug, p.title, read[p.slug]) for p in papers), known=known_topics)
    documents = [Document(p.slug, p.title, p.abstract) for p in papers]
    similar, similar_cache = similar_lists(documents, vocabulary, known_similar, k=SIMILAR_COUNT)
    orgs = organisations(papers)
    titles = {t.slug: t.title for t in all_topics(taxonomy)}
    by_slug = {p.slug: p for p in papers}
    org_lists = tuple(org_listing(o.org, o.page, o.papers, per_page) for o in orgs)
    org_urls = {slug: listing.url for listing in org_lists for slug in listing.papers}

    merged = [field.name for field in fields(Paper)]  # what an enriched paper takes as it is
    enriched = {
        paper.slug: EnrichedPaper(
            **dict(zip(merged, attrgetter(*merged)(paper), strict=True)),
            url=URLS.paper(paper.slug),
            topics=tuple(
                TopicRef(m.topic, titles[m.topic], URLS.topic(m.topic), m.score, m.words) for m in matches[paper.slug]
            ),
            similar=tuple(
                SimilarRef(n.slug, by_slug[n.slug].title, URLS.paper(n.slug), n.score) for n in similar[paper.slug]
            ),
            links=unique_links(paper.abstract),
            org_url=org_urls.get(paper.slug),
        )
        for paper in papers
    }

    ordered = newest_first(enriched.values())
    topics = []
    for topic in all_topics(taxonomy):
        members = tuple(p.slug for p in ordered if any(t.slug == topic.slug for t in p.topics))
        if topic.slug != OTHER_SLUG or members:
            topics.append(topic_listing(topic.slug, topic.title, topic.description, members, per_page))
    days, weeks, months = periods(ordered)
    gained = gains(ordered, newest_count(ordered))
    risen = tuple(sorted(gained, key=lambda slug: (-gained[slug], slug)))
    digest = Digest(
        papers=enriched,
        topics=tuple(topics),
        orgs=org_lists,
        with_code=code_listing(tuple(p.slug for p in ordered if p.has_code), per_page),
        rising=rising_listing(risen, per_page),
        gains=gained,
        counted=newest_count(ordered),
        days=days,
        weeks=weeks,
        months=months,
    )
    topic_cache = {paper_key(p.title, read[p.slug]): matches[p.slug] for p in papers}
    return Enriched(digest=digest, topics=topic_cache, similar=similar_cache)
