"""A finding of the validate pipeline as a protocol Diagnostic: 1-based line and column (characters) become a
0-based range in UTF-16 units over the id or word there, the rule id is the code, and a "first defined at"
becomes related information pointing at the first definition."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from lsprotocol import types

from journeymap.findings import ERROR, Diagnostic
from journeymap.lsp.lines import Lines

SOURCE = "journeymap"
# Where a finding names an earlier place in its message (duplicate-id, duplicate-key): the wording of those rules.
_EARLIER = (re.compile(r"first defined at (?P<file>.+):(?P<line>\d+)$"),
            re.compile(r"\((?P<file>[^()]+):(?P<line>\d+)\); an event means one touchpoint$"),
            re.compile(r"first at line (?P<line>\d+), again at line \d+$"))
_ID_VALUE = re.compile(r"(?:^|[\s{,])id:\s*")


def uri_of(path: str) -> str:
    return Path(path).as_uri()


def to_protocol(finding: Diagnostic, lines: Callable[[str], Lines | None], uri: Callable[[str], str] = uri_of,
                ) -> types.Diagnostic:
    """The Diagnostic of one finding; `lines(file)` gives the text a file's positions count in."""
    return types.Diagnostic(
        range=span(lines(finding.file), finding.line, finding.column),
        message=finding.message,
        severity=types.DiagnosticSeverity.Error if finding.severity == ERROR else types.DiagnosticSeverity.Warning,
        code=finding.rule,
        source=SOURCE,
        related_information=_related(finding, lines, uri),
    )


def span(lines: Lines | None, line: int, column: int) -> types.Range:
    """The range of the id, key or word at a 1-based YAML position (a character wide where none starts)."""
    if lines is None:
        return types.Range(types.Position(max(line - 1, 0), 0), types.Position(max(line - 1, 0), 0))
    start = lines.offset(line, column)
    end = lines.token_end(start)
    if end == start and start < len(lines.text) and lines.text[start] not in "\r\n":
        end = start + 1
    return types.Range(_position(lines, start), _position(lines, end))


def _position(lines: Lines, offset: int) -> types.Position:
    place = lines.place(offset)
    return types.Position(place.line, place.character)


def _related(finding: Diagnostic, lines, uri) -> list[types.DiagnosticRelatedInformation] | None:
    for pattern in _EARLIER:
        match = pattern.search(finding.message)
        if match:
            file = match.groupdict().get("file") or finding.file
            earlier = int(match.group("line"))
            text = lines(file)
            column = 1
            if text is not None:  # the id after `id:` on that line, else its first word
                row = text.text[text.offset(earlier, 1):text.offset(earlier, 10**9)]
                named = _ID_VALUE.search(row)
                column = (named.end() if named else len(row) - len(row.lstrip(" -"))) + 1
            location = types.Location(uri=uri(file), range=span(text, earlier, column))
            return [types.DiagnosticRelatedInformation(location=location, message="first defined here")]
    return None
