"""What a paper page says of the times the paper was seen on Hugging Face Daily Papers (article.html).

"Listed" means listed: a paper is on one day page of the digest, the day it arrived
(enrich/periods.py), and only that day is said "Listed", with its link, once: in the page's
facts. Every other observation (a later pasted page, a day fetched again) counted its upvotes
on a day, and each count is said once already: a history of one count is the facts' upvotes
"(counted <day>)", a longer one the upvote chart's caption (every count with its day). What is
left to say is an observation that gave no count: "Seen again on <day>, upvotes not counted".
"""

from __future__ import annotations

from datetime import date

from generator.model import Paper


def sightings(paper: Paper) -> tuple[date, ...]:
    """The days, oldest first, the paper was seen again after its listing without its upvotes counted."""
    counted = {count.day for count in paper.upvote_history}
    return tuple(sorted({source.counted_on for source in paper.sources} - {paper.arrived} - counted))
