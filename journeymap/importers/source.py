"""Reading an import's input file within the loader's limits, and positions inside it."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from journeymap.findings import ERROR, Diagnostic, Position
from journeymap.source.loader import DEFAULT_MAX_BYTES, decode, read_bounded
from journeymap.source.positions import MAX_SCALAR_CHARS

INPUT_LIMIT = "input-limit"


@dataclass(frozen=True)
class Block:
    """One Mermaid diagram's text (lines end in `\\n`) and where it sits in its file."""

    text: str
    file: str
    first_line: int = 1                # the file's line number of the text's first line
    indents: tuple[int, ...] = ()      # characters taken off the start of each line (a Markdown fence's indent)

    @cached_property
    def _line_starts(self) -> list[int]:
        starts, at = [0], self.text.find("\n")
        while at != -1:
            starts.append(at + 1)
            at = self.text.find("\n", at + 1)
        return starts

    def position(self, offset: int) -> Position:
        """The file position of an offset in this text."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect_right(self._line_starts, offset) - 1
        indent = self.indents[index] if index < len(self.indents) else 0
        return Position(self.file, self.first_line + index, offset - self._line_starts[index] + 1 + indent)


def read_text(path: Path, display: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The file as text with `\\n` line ends (Mermaid ignores CR); SourceError for `encoding` and `input-limit`."""
    return decode(read_bounded(path, display, max_bytes), display).replace("\r\n", "\n").replace("\r", "\n")


def long_line(block: Block) -> Diagnostic | None:
    """The first line longer than one value may be (the loader's limit for a YAML value), as an input-limit error."""
    start = 0
    for index, line in enumerate(block.text.split("\n")):
        if len(line) > MAX_SCALAR_CHARS:
            where = block.position(start)
            return Diagnostic.at(where, ERROR, INPUT_LIMIT,
                                 f"line {where.line} is {len(line):,} characters long, over the "
                                 f"{MAX_SCALAR_CHARS:,} a line of a Mermaid diagram may have here")
        start += len(line) + 1
    return None
