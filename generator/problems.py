"""Problems found in the input: warnings keep going, errors stop the build."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

INTERRUPTED = 128 + 2  # exit status for Ctrl-C: the shell's for a process ended by SIGINT


class Severity(StrEnum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    severity: Severity
    path: str
    line: int | None
    message: str

    @classmethod
    def error(cls, path: str, line: int | None, message: str) -> Problem:
        return cls(Severity.ERROR, path, line, message)

    @classmethod
    def warning(cls, path: str, line: int | None, message: str) -> Problem:
        return cls(Severity.WARNING, path, line, message)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity.value}: {self.message}"


class DigestError(Exception):
    """An error meant for the person running the tool: one line, no traceback."""


class InputError(DigestError):
    """The input cannot be built; carries every problem that says why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
