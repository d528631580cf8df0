"""What was sent: the days of each letter, kept in the build cache so a day is never sent twice.

One JSON file (`SENT_RECORD` under the cache folder), `{"day": ["2026-06-12", ...],
"feed/<name>": [...]}`, each list sorted, written atomically once a letter is sent. The
Pages workflow keeps this one path in a cache of its own, so it outlives the runners.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.files import write_text
from generator.problems import DigestError

SENT_RECORD = Path("mail") / "sent.json"  # under the cache folder (.cache/)


class SentRecordError(DigestError):
    """The record cannot be read: one line naming the file."""


@dataclass(frozen=True)
class SentRecord:
    days: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # letter key -> ISO days sent, sorted

    def sent(self, key: str, day: str) -> bool:
        return day in self.days.get(key, ())

    def last(self, key: str) -> date | None:
        """The newest day sent under `key`, if any."""
        days = self.days.get(key, ())
        return date.fromisoformat(days[-1]) if days else None

    def adding(self, key: str, days: tuple[str, ...]) -> SentRecord:
        merged = dict(self.days)
        merged[key] = tuple(sorted({*merged.get(key, ()), *days}))
        return SentRecord(merged)


def load_sent(path: Path) -> SentRecord:
    """The record at `path`; an empty one when nothing was ever sent."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return SentRecord()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SentRecordError(f"{path}: cannot read what was sent: {exc}") from None
    if not isinstance(raw, dict) or not all(
        isinstance(days, list) and all(isinstance(d, str) and _is_day(d) for d in days) for days in raw.values()
    ):
        raise SentRecordError(f"{path}: not a record of sent letters (a key to a list of days)")
    return SentRecord({key: tuple(sorted(days)) for key, days in raw.items()})


def save_sent(path: Path, record: SentRecord) -> None:
    # Sorted keys and days, fixed separators: the same record gives the same bytes.
    data = {key: list(days) for key, days in sorted(record.days.items())}
    write_text(path, json.dumps(data, indent=1, sort_keys=True) + "\n")


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10
