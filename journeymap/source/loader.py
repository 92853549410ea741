"""Bytes -> strict UTF-8 text -> plain data with positions, within the input limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journeymap.findings import ERROR, Diagnostic, Position
from journeymap.source.positions import SourceError, SourceMap, parse
from journeymap.source.regular import read_regular, special_kind

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32", b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16",
}


@dataclass
class SourceFile:
    """One YAML file read into plain data, with its positions and the findings of reading it."""

    path: str
    data: Any = None
    sourcemap: SourceMap | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.sourcemap is not None and not any(d.severity == ERROR for d in self.diagnostics)


def probe(path: Path) -> str:
    """'file', 'folder', 'missing', 'special' (a FIFO, socket or device: see regular.py) or 'invalid'
    (a name no file system accepts: NUL, far too long)."""
    try:
        if "\0" in str(path):
            return "invalid"
        if path.is_file():
            return "file"
        return "folder" if path.is_dir() else "special" if special_kind(path) else "missing"
    except (OSError, ValueError):
        return "invalid"


def decode(raw: bytes, file: str) -> str:
    """Strict UTF-8 (a BOM is allowed); anything else is an `encoding` error at the first bad byte."""
    for bom, name in _BOMS.items():
        if raw.startswith(bom):
            raise SourceError("encoding", Position(file), f"the file is {name}-encoded; save it as UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if nul != -1 and nul < exc.start:
            raise _nul_error(raw, nul, file) from None
        bad = raw[exc.start:exc.start + 1].hex()
        raise SourceError("encoding", byte_position(raw, exc.start, file),
                          f"not UTF-8: byte 0x{bad} cannot start a character here "
                          "(the file may be Latin-1 or Windows-1252); save it as UTF-8") from None
    if nul != -1:
        raise _nul_error(raw, nul, file)
    return text


def _nul_error(raw: bytes, index: int, file: str) -> SourceError:
    return SourceError("encoding", byte_position(raw, index, file),
                       "the file contains a NUL byte: it is binary, or UTF-16/32 without a BOM; save it as UTF-8 text")


def byte_position(raw: bytes, index: int, file: str) -> Position:
    """Line and column (in characters) of a byte offset."""
    line_start = raw.rfind(b"\n", 0, index) + 1
    prefix = raw[line_start:index].decode("utf-8", errors="replace")
    return Position(file, raw.count(b"\n", 0, index) + 1, len(prefix) + 1)


def read_source(path: Path, display: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
                content: bytes | None = None) -> SourceFile:
    """Read and parse one YAML file (or `content`, the bytes it is about to hold); problems become
    diagnostics, never exceptions."""
    source = SourceFile(display)
    try:
        size = path.stat().st_size if content is None else len(content)
        if size > max_bytes:
            raise SourceError("input-limit", Position(display),
                              f"the file is {_size(size)}, over the {_size(max_bytes)} limit (see --max-size)")
        raw = read_bounded(path, display, max_bytes) if content is None else _bounded(content, display, max_bytes)
        text = decode(raw, display)
        source.data, source.sourcemap, problems = parse(text, display)
    except SourceError as exc:
        source.diagnostics.append(Diagnostic.at(exc.position, ERROR, exc.rule, exc.message))
        return source
    source.diagnostics.extend(Diagnostic.at(where, ERROR, rule, message) for where, rule, message in problems)
    return source


def read_bounded(path: Path, display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, reading at most one byte past the limit; SourceError `input-limit` when over it
    (the size is checked on what is read, not on a stat that a growing file can outrun)."""
    return _bounded(read_regular(path, max_bytes + 1), display, max_bytes)


def _bounded(raw: bytes, display: str, max_bytes: int) -> bytes:
    if len(raw) > max_bytes:
        raise SourceError("input-limit", Position(display), f"the file is over the {_size(max_bytes)} limit")
    return raw


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB".replace(".0 ", " ")
    if n >= 1024:
        return f"{n / 1024:.1f} KiB".replace(".0 ", " ")
    return f"{n} bytes"
