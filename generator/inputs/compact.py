"""Turn a store of fetched days kept one file per answer into the store `paper-digest fetch` keeps now.

Before, every answer of a day was a file of its own: 8 copies of one answer that differ in
a few counts. Now a day's first answer stays the file it is, untouched, and each later one
becomes a line of the day's `changes.jsonl` (inputs/observations.py). A later answer is
turned into a line only when the line gives its bytes back exactly, checked before the file
goes; one that no line gives back stays a file. The changes file is written first and the
files removed after it, and a file wins over a line of the same fetch time, so a compaction
stopped halfway leaves every answer readable; run again, it finishes. Run on a compact
store it changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from generator.files import write_bytes
from generator.inputs.observations import CHANGES, FOLDER, change_line, read_day
from generator.problems import Problem


@dataclass(frozen=True)
class Compacted:
    """What compacting did: days and answers seen, answers kept as lines, files removed, and what cannot be read."""

    days: int = 0
    answers: int = 0
    lines: int = 0
    removed: int = 0
    problems: tuple[Problem, ...] = ()

    def __add__(self, other: Compacted) -> Compacted:
        return Compacted(
            self.days + other.days,
            self.answers + other.answers,
            self.lines + other.lines,
            self.removed + other.removed,
            self.problems + other.problems,
        )


def compact_day(day_folder: Path) -> Compacted:
    """Keep the day's later answers as lines of what changed; a day with an answer that cannot be read is left as is."""
    kept, problems = read_day(day_folder)
    if problems:
        return Compacted(days=1, answers=len(kept), problems=tuple(problems))
    lines: list[bytes] = []
    removed = []
    for before, after in pairwise(kept):
        line = change_line(before.body, after.body, after.observation.fetched)
        if line is None:
            if after.observation.line:  # it was read from a line, so a line gives it back
                raise AssertionError(f"{after.observation.where} cannot be kept as a line again")
            continue
        lines.append(line)
        if not after.observation.line:
            removed.append(after.observation.path)
    changes = day_folder / CHANGES
    if lines:
        write_bytes(changes, b"".join(lines))  # first: until the files go, a file wins over its line
    elif changes.exists():  # every later answer stays a file: the changes file would hold nothing
        changes.unlink()
    for path in removed:
        path.unlink()
    return Compacted(days=1, answers=len(kept), lines=len(lines), removed=len(removed))


def compact_store(folder: Path) -> Compacted:
    """Compact every fetched day under `<folder>/hf/` (`folder` is the dumps folder)."""
    done = Compacted()
    for day_folder in sorted(path for path in (folder / FOLDER).glob("*/") if path.is_dir()):
        done += compact_day(day_folder)
    return done


def store_bytes(folder: Path) -> tuple[int, int]:
    """The bytes and the number of files under `<folder>/hf/`."""
    sizes = [path.stat().st_size for path in (folder / FOLDER).rglob("*") if path.is_file()]
    return sum(sizes), len(sizes)
