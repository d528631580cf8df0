"""What the digest holds, counted for the About page: papers, the days they arrived on, and where
they came from (days fetched from the Daily Papers API, pages pasted as text).

Counted by the build from the digest itself, never written by hand, so the About page says what
this site holds whatever dumps it was built from. A paper listed both by a fetched day and by a
pasted page counts in both; `papers` counts it once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.inputs.observations import FOLDER
from generator.model import Digest

_FETCHED = FOLDER + "/"  # how a fetched day's answer names its dump: hf/<DAY>/<FETCHED>.json


@dataclass(frozen=True)
class Holdings:
    papers: int
    days: int  # days papers arrived on
    first: date | None  # the oldest of them; None when there are no papers
    newest: date | None
    fetched_days: int  # Daily Papers days fetched from the API
    fetched_papers: int  # papers one of them lists
    pasted_dumps: int  # pages pasted as text dumps
    pasted_papers: int  # papers one of them lists
    topics: int  # topics with papers
    orgs: int  # organisations with a page
    with_code: int  # papers with a code link


def holdings(digest: Digest) -> Holdings:
    fetched_days: set[date] = set()
    pasted: set[str] = set()
    fetched_papers = pasted_papers = 0
    for paper in digest.papers.values():
        dumps = [source.dump for source in paper.sources]
        fetched = [source.captured for source in paper.sources if source.dump.startswith(_FETCHED)]
        fetched_days.update(fetched)
        pasted.update(name for name in dumps if not name.startswith(_FETCHED))
        fetched_papers += bool(fetched)
        pasted_papers += len(fetched) < len(dumps)
    arrivals = {paper.arrived for paper in digest.papers.values()}
    return Holdings(
        papers=len(digest.papers),
        days=len(arrivals),
        first=min(arrivals, default=None),
        newest=max(arrivals, default=None),
        fetched_days=len(fetched_days),
        fetched_papers=fetched_papers,
        pasted_dumps=len(pasted),
        pasted_papers=pasted_papers,
        topics=sum(1 for topic in digest.topics if topic.count),
        orgs=len(digest.orgs),
        with_code=digest.with_code.count,
    )
