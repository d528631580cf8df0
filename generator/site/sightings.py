"""What a paper page says of the times the paper was seen on Hugging Face Daily Papers (article.html).

"Listed" means listed: a paper is on one day page of the digest, the day it arrived
(enrich/periods.py), and only that day is said "Listed", with its link. Every other
observation (a later pasted page, a day fetched again) counted its upvotes on a day: it
reads as that, with no day link, since that day's page does not list the paper. A count the
upvote chart's caption already gives (a history of two counts or more, every count with its
day) is not said twice; an observation that gave no count says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.model import Paper


@dataclass(frozen=True)
class Sighting:
    """A day the paper was seen again after its listing: `counted`, whether its upvotes were counted then."""

    day: date
    counted: bool


def sightings(paper: Paper) -> tuple[Sighting, ...]:
    """The paper's observations besides its listing, oldest first, less those the chart's caption says."""
    counted = {count.day for count in paper.upvote_history}
    in_caption = counted if len(paper.upvote_history) > 1 else set()  # article.html draws the chart from two
    days = {source.counted_on for source in paper.sources} - {paper.arrived} - in_caption
    return tuple(Sighting(day, day in counted) for day in sorted(days))
