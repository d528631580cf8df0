"""Synthetic Daily Papers API answers in the recorded mid-2026 format, kept as `paper-digest fetch` keeps them.

Each answer has the shape of `tests/fixtures/hf-api/daily_papers_limit30_2026-06-12_raw.json`,
a raw body of the API: the same keys in the same order, optional fields about as often
(organisation, repository and stars, project page, media), minified with non-ASCII left
unescaped. Titles, abstracts and AI summaries are walks of the shipped dumps' Markov chains
(bench/synth.py); keywords are phrases of the shipped abstracts, drawn by frequency.

Daily Papers lists weekdays: about 30 papers a weekday, none or a few on a weekend day.
Each day is observed 8 times: by the daily run of the day after it, then again by each of
the 7 runs after that, with upvotes, comments and stars rising and the papers sorted by
upvotes, as an answer to a date query is. Each is kept by `save_observation`, as the fetch
keeps it: the first as a file, the later ones as lines of what changed, and a refetch whose
answer is unchanged (an empty day) not at all. Everything about a day is drawn from a generator
seeded with the seed and the day, so a day is the same in any range of days. Every title
is distinct: it begins with a name coined from the paper's day and place.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from bench.synth import SHIPPED, markov_chains, walk_words
from generator.inputs.observations import Observation, save_observation  # as `paper-digest fetch` keeps an answer
from generator.inputs.parse import parse_dump

OBSERVATIONS = 8  # the first fetch, and the daily refetches after it
RUN_STARTS = time(6, 18)  # the workflow's cron is 06:17 UTC
WEEKDAY_PAPERS = (30, 9)  # mean and standard deviation
WEEKDAY_RANGE = (5, 99)  # below the fetch's limit of 100 a request
WEEKEND_EMPTY = 0.85  # share of weekend days without papers; the others have 1 to 4
ABSTRACT_CHARS = (900, 1950, 1550)  # triangular: low, high, mode
# Share of the final count at each observation: upvotes come early, stars keep coming.
UPVOTE_SHARE = (0.6, 0.78, 0.88, 0.93, 0.96, 0.98, 0.99, 1.0)
STAR_SHARE = (0.35, 0.5, 0.62, 0.72, 0.8, 0.88, 0.95, 1.0)
# How often a paper has each optional field, as in the recorded answer.
ORGANIZATION, GITHUB, PROJECT_PAGE, MEDIA = 16 / 30, 16 / 30, 13 / 30, 2 / 30
CLAIMED_AUTHOR = 21 / 202
SUMMARY_MODEL = "Qwen/Qwen2.5-Coder-32B-Instruct"
ORGANIZATIONS = 300
KEYWORD_POOL = 4000
SEED = 11

_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
# fmt: off
_FIRST = (
    "Wei", "Yu", "Jing", "Xin", "Hao", "Lei", "Yang", "Chen", "Ming", "Jun", "Li", "Rui", "Tao", "Kai", "Ana",
    "Maria", "Lucas", "Sofia", "Elena", "David", "Sara", "Omar", "Ahmed", "Fatima", "Priya", "Arjun", "Rahul",
    "Aditi", "Hiroshi", "Yuki", "Kenji", "Min-jun", "Ji-woo", "Seo-yeon", "Ivan", "Olga", "Nikolai", "Anna", "Tom",
    "Emily", "James", "Laura", "Pierre", "Camille", "Jonas", "Lena", "Matteo", "Giulia", "Pablo", "Lucia", "Kofi",
    "Amara", "Mehmet", "Elif", "Noah", "Mia", "Raphaël", "Zoë"
)
_LAST = (
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu",
    "Guo", "Lin", "He", "Gao", "Luo", "Kim", "Lee", "Park", "Choi", "Tanaka", "Suzuki", "Sato", "Singh", "Kumar",
    "Sharma", "Patel", "Gupta", "Smith", "Johnson", "Brown", "Garcia", "Martin", "Müller", "Schmidt", "Rossi",
    "Bianchi", "Dubois", "Moreau", "Ivanov", "Petrov", "Nguyen", "Tran", "Silva", "Santos", "Kowalski", "Nowak",
    "Okafor", "Mensah", "Yilmaz", "Demir", "Cohen", "Levi"
)
_ORG_KINDS = ("University", "AI", "Lab", "Research", "Institute of Technology", "AI Lab", "Labs", "Academy")
_STOP = frozenset((
    "a", "an", "the", "of", "for", "and", "or", "in", "on", "at", "to", "with", "by", "from", "via", "is", "are",
    "be", "as", "that", "this", "these", "those", "we", "our", "it", "its", "which", "while", "can", "not", "into",
    "than", "then", "over", "under", "both", "such", "more", "most", "also", "has", "have", "been", "using",
    "based", "their", "they", "them", "his", "her", "may", "might", "any", "all", "each", "every", "some", "many",
    "much", "very", "well", "thus", "therefore", "however", "including", "various", "during", "across", "between",
    "within", "without", "through", "among", "per", "et", "al", "show", "shows", "achieves", "beyond", "ever",
    "other", "own", "new", "could", "would", "should", "will", "must", "does", "do", "did", "being", "were", "was",
    "had", "having", "here", "there", "when", "where", "what", "how", "why", "who", "whose", "only", "even", "just",
    "so", "yet", "up", "out", "one", "two", "three", "first", "second"
))
# fmt: on
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]")


def days_ending(last: date, days: int) -> list[date]:
    """`days` consecutive days, oldest first, the last one `last`."""
    return [last - timedelta(days=n) for n in range(days - 1, -1, -1)]


def coined(number: int) -> str:
    """A pronounceable name, distinct for each number (bijective numeration in syllables, at least two)."""
    number += len(_SYLLABLES) + 1
    parts = []
    while number:
        number, digit = divmod(number - 1, len(_SYLLABLES))
        parts.append(_SYLLABLES[digit])
    return "".join(reversed(parts)).capitalize()


def fetched_at(day: date, observation: int) -> datetime:
    """When the run `observation + 1` days after `day` fetched it: the new day first, then refetches, older first."""
    run = datetime.combine(day + timedelta(days=observation + 1), RUN_STARTS, tzinfo=UTC)
    return run + timedelta(seconds=1 if observation == 0 else 3 + OBSERVATIONS - 1 - observation)


def run_of(day: date, observation: int) -> date:
    """The day of the workflow run that makes `observation` of `day`."""
    return day + timedelta(days=observation + 1)


def keyword_pool(abstracts: Iterable[str], size: int = KEYWORD_POOL) -> Counter[str]:
    """The commonest phrases of the abstracts that read as keywords, with their counts.

    Two or three words without a stop word ("neural networks", "in-context learning"), or one
    word with a hyphen or two capitals ("zero-shot", "LLMs").
    """
    counts: Counter[str] = Counter()
    for abstract in abstracts:
        words = [w.strip(".,;:()[]\"'") for w in abstract.split()]
        usable = [bool(_WORD.fullmatch(w)) and w.casefold() not in _STOP for w in words]
        for start, word in enumerate(words):
            if usable[start] and ("-" in word or sum(c.isupper() for c in word) >= 2):
                counts[word] += 1
            if word[:1].isupper() and not word[1:2].isupper():
                continue  # a sentence's first word
            for length in (2, 3):
                if all(usable[start : start + length]) and start + length <= len(words):
                    counts[" ".join(words[start : start + length])] += 1
    return Counter({phrase: count for phrase, count in counts.most_common(size) if count > 1})


@dataclass
class _Paper:
    """One paper of a day: its item (set to each observation's counts in turn) and its counts at each observation."""

    item: dict[str, Any]
    upvotes: list[int]
    comments: list[int]
    stars: list[int] | None


class DailyPapers:
    """Synthetic answers, day by day. The text chains are read once, on first use."""

    def __init__(self, seed: int = SEED) -> None:
        self.seed = seed

    @cached_property
    def _chains(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        return markov_chains()

    @cached_property
    def _keywords(self) -> tuple[list[str], list[int]]:
        abstracts = []
        for path in SHIPPED:
            dump, _ = parse_dump(path.read_bytes(), path.name)
            abstracts += [entry.abstract for entry in dump.entries] if dump else []
        pool = keyword_pool(abstracts)
        return list(pool), list(itertools.accumulate(pool.values()))

    @cached_property
    def _organizations(self) -> tuple[list[dict[str, str]], list[float]]:
        rng = random.Random(f"{self.seed}:organizations")
        found = []
        for number in range(ORGANIZATIONS):
            name = coined(10_000_000 + number)
            found.append(
                {
                    "_id": _hex(rng),
                    "name": name.lower() if rng.random() < 0.6 else f"{name}-{rng.choice(('AI', 'Lab', 'NLP'))}",
                    "fullname": f"{name} {rng.choice(_ORG_KINDS)}",
                    "avatar": f"https://cdn-avatars.huggingface.co/v1/production/uploads/{_hex(rng)}/{_token(rng)}.png",
                }
            )
        return found, list(itertools.accumulate(1 / (rank + 1) for rank in range(ORGANIZATIONS)))

    def paper_count(self, day: date, rng: random.Random) -> int:
        if day.weekday() >= 5:
            return 0 if rng.random() < WEEKEND_EMPTY else rng.randint(1, 4)
        low, high = WEEKDAY_RANGE
        return max(low, min(high, round(rng.gauss(*WEEKDAY_PAPERS))))

    def answers(self, day: date) -> list[bytes]:
        """The day's answer at each of its observations: bytes as the API sends them."""
        rng = random.Random(f"{self.seed}:{day.isoformat()}")
        papers = [self._paper(day, place, rng) for place in range(self.paper_count(day, rng))]
        _make_each_observation_differ(papers)
        bodies = []
        for observation in range(OBSERVATIONS):
            for paper in papers:
                paper.item["paper"]["upvotes"] = paper.upvotes[observation]
                paper.item["numComments"] = paper.comments[observation]
                if paper.stars is not None:
                    paper.item["paper"]["githubStars"] = paper.stars[observation]
            ordered = sorted(papers, key=lambda p: -p.item["paper"]["upvotes"])  # stable: ties keep their place
            text = json.dumps([p.item for p in ordered], ensure_ascii=False, separators=(",", ":"))
            bodies.append(text.encode("utf-8"))
        return bodies

    def write(self, folder: Path, days: Iterable[date], runs: Iterable[date]) -> list[Observation]:
        """Keep in `folder` (the dumps folder) what the daily runs on `runs` fetched of `days`, as the fetch keeps it.

        Returns the answers saved: an answer equal to the one before it is not saved again.
        """
        runs = set(runs)
        written = []
        for day in days:
            if not any(run_of(day, n) in runs for n in range(OBSERVATIONS)):
                continue
            for observation, body in enumerate(self.answers(day)):
                if run_of(day, observation) in runs:
                    saved = save_observation(folder, day, body, fetched_at(day, observation))
                    written += [saved] if saved else []
        return written

    def _paper(self, day: date, place: int, rng: random.Random) -> _Paper:
        abstracts, titles = self._chains
        published = day - timedelta(days=rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 9, 12, 14)))
        arxiv_id = f"{day:%y%m}.{day.day * 100 + place + 1:05d}"
        name = coined((day - date(2000, 1, 1)).days * 100 + place)
        title = f"{name}: {' '.join(walk_words(titles, rng, rng.randint(35, 85)))}"
        abstract = _sentence(walk_words(abstracts, rng, int(rng.triangular(*ABSTRACT_CHARS))))
        authors = [_author(rng, day) for _ in range(max(1, min(40, round(rng.lognormvariate(math.log(6), 0.6)))))]
        participating = rng.random() < 0.5
        submitter = _user(rng, authors[0]["name"] if participating else rng.choice(_FIRST) + " " + rng.choice(_LAST))
        has_repo, has_page = rng.random() < GITHUB, rng.random() < PROJECT_PAGE
        organization = self._organization(rng) if rng.random() < ORGANIZATION else None
        media = [f"https://cdn-uploads.huggingface.co/production/uploads/{_hex(rng)}/{_token(rng)}.png"]
        has_media = rng.random() < MEDIA
        handle = submitter["user"].lower()

        paper: dict[str, Any] = {"id": arxiv_id, "authors": authors}
        if has_media:
            paper["mediaUrls"] = media
        paper |= {
            "publishedAt": f"{published}T00:00:00.000Z",
            "submittedOnDailyAt": f"{day}T00:00:00.000Z",
            "title": title,
            "submittedOnDailyBy": {key: submitter[key] for key in _DAILY_BY_KEYS},
            "summary": abstract,
            "upvotes": 0,
            "discussionId": _hex(rng),
        }
        if has_page:
            paper["projectPage"] = f"https://{handle}.github.io/{name.lower()}/"
        if has_repo:
            paper |= {"githubRepo": f"https://github.com/{handle}/{name}", "githubRepoAddedBy": "user"}
        paper |= {
            "ai_summary": _sentence(walk_words(abstracts, rng, rng.randint(130, 250))),
            "ai_keywords": self._keyword_list(rng),
            "ai_summary_model": SUMMARY_MODEL,
        }
        if has_repo:
            paper["githubStars"] = 0
        if organization:
            paper["organization"] = organization

        item: dict[str, Any] = {"paper": paper, "publishedAt": f"{published - timedelta(days=1)}T20:00:00.000Z"}
        item |= {"title": title, "summary": abstract}
        if has_media:
            item["mediaUrls"] = media
        item |= {
            "thumbnail": f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{arxiv_id}.png",
            "numComments": 0,
            "submittedBy": submitter["by"],
        }
        if organization:
            item["organization"] = organization
        item["isAuthorParticipating"] = participating

        upvotes = rng.lognormvariate(math.log(8), 1.1)
        comments = rng.choice((1, 1, 2, 2, 2, 3, 4))
        stars = rng.lognormvariate(math.log(20), 1.6) if has_repo else None
        return _Paper(
            item=item,
            upvotes=[round(upvotes * share) for share in UPVOTE_SHARE],
            comments=[1 + round((comments - 1) * share) for share in UPVOTE_SHARE],
            stars=[round(stars * share) for share in STAR_SHARE] if stars is not None else None,
        )

    def _organization(self, rng: random.Random) -> dict[str, str]:
        organizations, weights = self._organizations
        return dict(rng.choices(organizations, cum_weights=weights)[0])

    def _keyword_list(self, rng: random.Random) -> list[str]:
        pool, weights = self._keywords
        chosen = rng.choices(pool, cum_weights=weights, k=rng.randint(6, 14))
        return list(dict.fromkeys(chosen))  # a keyword once, in the order drawn


_DAILY_BY_KEYS = ("_id", "avatarUrl", "isPro", "fullname", "user", "type", "name")


def _make_each_observation_differ(papers: list[_Paper]) -> None:
    """One more upvote for the first paper at any observation that would repeat the one before.

    A refetch of a day with papers almost always finds some count changed; this makes it so,
    and keeps every count non-decreasing.
    """
    if not papers:
        return
    for observation in range(1, OBSERVATIONS):
        if all(_counts(p, observation) == _counts(p, observation - 1) for p in papers):
            for later in range(observation, OBSERVATIONS):
                papers[0].upvotes[later] += 1


def _counts(paper: _Paper, observation: int) -> tuple[int, ...]:
    stars = paper.stars[observation] if paper.stars is not None else -1
    return paper.upvotes[observation], paper.comments[observation], stars


def _hex(rng: random.Random) -> str:
    return f"{rng.getrandbits(96):024x}"


def _token(rng: random.Random) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    return "".join(rng.choices(alphabet, k=21))


def _sentence(words: list[str]) -> str:
    text = " ".join(words).rstrip(",;:")
    return text if text.endswith(".") else text + "."


def _author(rng: random.Random, day: date) -> dict[str, Any]:
    name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    if rng.random() >= CLAIMED_AUTHOR:
        return {"_id": _hex(rng), "name": name, "hidden": False}
    user = _user(rng, name)
    return {
        "_id": _hex(rng),
        "user": {key: user[key] for key in _DAILY_BY_KEYS},
        "name": name,
        "status": "claimed_verified",
        "statusLastChangedAt": f"{day}T{rng.randint(6, 20):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}.000Z",
        "hidden": False,
    }


def _user(rng: random.Random, name: str) -> dict[str, Any]:
    """A Hugging Face user, with the fields of both the shapes the answer holds."""
    user_id = _hex(rng)
    handle = re.sub(r"[^A-Za-z0-9]", "", name.split()[-1] + name.split()[0][:3]) + str(rng.randint(0, 99))
    avatar = (
        f"/avatars/{rng.getrandbits(128):032x}.svg"
        if rng.random() < 0.6
        else f"https://cdn-avatars.huggingface.co/v1/production/uploads/{user_id}/{_token(rng)}.png"
    )
    pro = rng.random() < 0.15
    by = {"_id": user_id, "avatarUrl": avatar, "fullname": name, "name": handle, "type": "user", "isPro": pro}
    by |= {"isHf": False, "isHfAdmin": False, "isMod": False}
    if rng.random() < 0.5:
        by["followerCount"] = rng.randint(1, 300)
    by["isUserFollowing"] = False
    return {
        "_id": user_id,
        "avatarUrl": avatar,
        "isPro": pro,
        "fullname": name,
        "user": handle,
        "type": "user",
        "name": handle,
        "by": by,
    }
