"""A buffer's text and its two ways of counting places: YAML's 1-based line and column (in characters, as the
loader reports positions) and the protocol's 0-based line and UTF-16 code unit."""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

# The line breaks the YAML parser counts (source/hints.py) and the three the protocol counts: a map
# holding U+2028 has more YAML lines than editor lines, so every place goes through a text offset.
YAML_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
EDITOR_BREAKS = re.compile("\r\n|[\r\n]")
# The characters of an id, a key or a word: where a finding's underline ends.
TOKEN = re.compile(r"[^\s,\[\]{}:#\"']+")


class Place(NamedTuple):
    """A protocol position: 0-based line and UTF-16 code unit."""

    line: int
    character: int


def utf16_units(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


class Lines:
    """One text with the offsets where its YAML lines and its editor lines start."""

    def __init__(self, text: str):
        self.text = text
        self.yaml_starts = [0] + [match.end() for match in YAML_BREAKS.finditer(text)]
        self.editor_starts = [0] + [match.end() for match in EDITOR_BREAKS.finditer(text)]

    def offset(self, line: int, column: int) -> int:
        """The offset of a YAML position (1-based line and column), held within its line."""
        index = min(max(line, 1), len(self.yaml_starts)) - 1
        start, end = self.yaml_starts[index], self._yaml_end(index)
        return min(start + max(column, 1) - 1, end)

    def yaml_position(self, offset: int) -> tuple[int, int]:
        """The 1-based YAML line and column of an offset."""
        index = bisect.bisect_right(self.yaml_starts, offset) - 1
        return index + 1, offset - self.yaml_starts[index] + 1

    def place(self, offset: int) -> Place:
        """The protocol position of an offset."""
        offset = min(max(offset, 0), len(self.text))
        index = bisect.bisect_right(self.editor_starts, offset) - 1
        return Place(index, utf16_units(self.text[self.editor_starts[index]:offset]))

    def offset_at(self, line: int, character: int) -> int:
        """The offset of a protocol position; one past the end of its line (or of the text, or inside a
        character's two UTF-16 units) is held at the nearest place that exists."""
        if line < 0:
            return 0
        if line >= len(self.editor_starts):
            return len(self.text)
        start, end = self.editor_starts[line], self._editor_end(line)
        row = self.text[start:end]
        if row.isascii():
            return start + min(max(character, 0), len(row))
        units = 0
        for index, char in enumerate(row):
            units += 2 if ord(char) > 0xFFFF else 1
            if units > character:
                return start + index
        return end

    def editor_line(self, line: int) -> str:
        """The text of a protocol line without its break ('' past the end)."""
        if not 0 <= line < len(self.editor_starts):
            return ""
        return self.text[self.editor_starts[line]:self._editor_end(line)]

    def token_end(self, offset: int) -> int:
        """Where the id, key or word starting at offset ends (past a quoted value's closing quote)."""
        quote = self.text[offset:offset + 1]
        if quote in ("'", '"'):
            close = self.text.find(quote, offset + 1, self._line_end_at(offset))
            return close + 1 if close != -1 else self._line_end_at(offset)
        match = TOKEN.match(self.text, offset)
        return match.end() if match else offset

    def _yaml_end(self, index: int) -> int:
        if index + 1 < len(self.yaml_starts):
            return YAML_BREAKS.search(self.text, self.yaml_starts[index]).start()
        return len(self.text)

    def _editor_end(self, index: int) -> int:
        if index + 1 < len(self.editor_starts):
            return EDITOR_BREAKS.search(self.text, self.editor_starts[index]).start()
        return len(self.text)

    def _line_end_at(self, offset: int) -> int:
        match = YAML_BREAKS.search(self.text, offset)
        return match.start() if match else len(self.text)
