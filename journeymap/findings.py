"""Findings as values: Diagnostic, positions, sorting. Imports nothing of journeymap: every stage may use it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, NamedTuple

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)


class Position(NamedTuple):
    """A 1-based place in a source file (a tuple: maps record hundreds of thousands of them)."""

    file: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Diagnostic:
    """One finding: where, how bad, which rule, and what to do about it."""

    file: str
    line: int
    column: int
    severity: str
    rule: str
    message: str
    # The message in words of no language yet (messages.Phrase), for reports in the map's
    # language; `message` is its English text. None for findings only worded in English.
    phrase: object = field(default=None, compare=False, repr=False)

    @classmethod
    def at(cls, position: Position, severity: str, rule: str, message: str) -> "Diagnostic":
        return cls(position.file, position.line, position.column, severity, rule, message)

    @classmethod
    def said(cls, position: Position, severity: str, rule: str, phrase) -> "Diagnostic":
        """A finding worded as a messages.Phrase: English message, other languages on request."""
        return cls(position.file, position.line, position.column, severity, rule, phrase.text("en"), phrase)

    def text(self, lang: str = "en") -> str:
        """The message in a report language (English where the finding has no other wording)."""
        return self.phrase.text(lang) if self.phrase is not None else self.message

    def as_dict(self) -> dict:
        """The documented JSON fields (docs/cli.md)."""
        return {"file": self.file, "line": self.line, "column": self.column, "severity": self.severity,
                "rule": self.rule, "message": self.message}

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.rule, self.message)

    def with_severity(self, severity: str) -> "Diagnostic":
        return Diagnostic(self.file, self.line, self.column, severity, self.rule, self.message, self.phrase)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file, line, column; exact duplicates removed."""
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def count(diagnostics: Iterable[Diagnostic], severity: str) -> int:
    return sum(1 for d in diagnostics if d.severity == severity)
