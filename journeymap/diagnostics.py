"""Findings as values: Diagnostic, positions, sorting and the text/json/github output formats."""

from __future__ import annotations

import json
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


def format_text(diagnostic: Diagnostic) -> str:
    d = diagnostic
    return f"{d.file}:{d.line}:{d.column}: {d.severity}: {d.message} [{d.rule}]"


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(diagnostic: Diagnostic) -> str:
    """A GitHub Actions workflow command, escaped as GitHub documents it."""
    d = diagnostic
    command = "error" if d.severity == ERROR else "warning"
    properties = ",".join(
        f"{name}={_github_property(str(value))}"
        for name, value in (("file", d.file), ("line", d.line), ("col", d.column), ("title", d.rule))
    )
    return f"::{command} {properties}::{_github_data(d.message)}"


def format_json(diagnostics: list[Diagnostic], files: list[str]) -> str:
    """The documented, stable JSON report (see docs/cli.md)."""
    report = {
        "journeymap_report": 1,
        "files": files,
        "diagnostics": [d.as_dict() for d in diagnostics],
        "summary": {"errors": count(diagnostics, ERROR), "warnings": count(diagnostics, WARNING)},
    }
    return json.dumps(report, indent=2, ensure_ascii=False, sort_keys=True)


def format_sarif(diagnostics: list[Diagnostic], files: list[str]) -> str:
    """A SARIF 2.1.0 log (for GitHub code scanning and other SARIF viewers)."""
    from urllib.parse import quote

    from journeymap import __version__
    from journeymap.rules import RULES

    rule_ids = list(RULES)
    rules = []
    for rule_id, module in RULES.items():
        summary = (module.__doc__ or rule_id).strip().splitlines()[0]
        rules.append({"id": rule_id, "shortDescription": {"text": summary},
                      "defaultConfiguration": {"level": "error" if module.SEVERITY == ERROR else "warning"}})
    results = [{
        "ruleId": d.rule, "ruleIndex": rule_ids.index(d.rule) if d.rule in rule_ids else -1,
        "level": "error" if d.severity == ERROR else "warning",
        "message": {"text": d.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": quote(d.file)},
                                            "region": {"startLine": d.line, "startColumn": d.column}}}],
    } for d in diagnostics]
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "journeymap", "version": __version__, "semanticVersion": __version__,
                                "rules": rules}},
            "artifacts": [{"location": {"uri": quote(f)}} for f in files],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)
