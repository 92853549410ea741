"""Findings as text lines, GitHub workflow commands and the documented JSON report (docs/cli.md)."""

from __future__ import annotations


from journeymap.findings import ERROR, WARNING, Diagnostic, count
from journeymap.writer import json_text


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
    return json_text(report, sort_keys=True)
