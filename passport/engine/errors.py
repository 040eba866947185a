"""The engine's exceptions and the problems they carry.

Every problem names its place as ``PATH:LINE: message`` so that an author can jump to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        where = f"{self.path}:{self.line}" if self.line > 0 else self.path
        return f"{where}: {prefix}{self.message}"


class PassportError(Exception):
    """Base class of the engine's errors."""


class InvalidFileError(PassportError):
    """A file was rejected as a whole; ``problems`` lists every reason found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.errors))

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)


class StandardError(InvalidFileError):
    """A standard file is not valid; nothing of it was loaded."""


class AnswersError(InvalidFileError):
    """An answers file (or answers given in code) is not valid for the standard."""


class ConditionError(PassportError):
    """A condition does not parse or does not fit the indicators it names."""

    def __init__(self, message: str, column: int = 0) -> None:
        self.column = column
        super().__init__(message)
