"""What Mermaid does to a diagram's text before its journey lexer sees it, keeping every offset traceable.

Mermaid 11 (`preprocess.ts`, `Diagram.fromText`): front matter `---` ... `---` is cut off (its
`title` becomes the diagram title), `%%{...}%%` directives are removed, lines that start with
`%%` are removed, leading whitespace is trimmed, entities `#35;` / `#amp;` are protected from the
`#` comment rule, and a newline is appended. Removed text is kept here (as comments) so nothing of
it is lost, and `CleanText.origin` maps an offset of the cleaned text back to the original.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

# JavaScript's \s (the lexer's whitespace), and its "." (everything but line terminators).
JS_SPACE_CHARS = ("\t\n\v\f\r \u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
                  + "\u2028\u2029\u202f\u205f\u3000\ufeff")
JS_SPACE = "[" + re.escape(JS_SPACE_CHARS) + "]"
JS_INLINE_SPACE = "[" + re.escape(JS_SPACE_CHARS.replace("\n", "").replace("\r", "")) + "]"
JS_DOT = r"[^\n\r\u2028\u2029]"

# Entities survive the lexer's `#` comment rule as same-length placeholders (Mermaid uses ﬂ°° ... ¶ß).
ENTITY_START, ENTITY_END = "\ue000", "\ue001"

_FRONT_MATTER = re.compile(rf"({JS_INLINE_SPACE}*)-{{3}}{JS_SPACE}*[\n\r](.*?)[\n\r]\1-{{3}}{JS_SPACE}*[\n\r]+", re.S)
_DIRECTIVE = re.compile(rf"%{{2}}\{{{JS_SPACE}*(?:(\w+){JS_SPACE}*:|(\w+)){JS_SPACE}*"
                        rf"(?:(\w+)|((?:(?!\}}%{{2}}){JS_DOT}|\r?\n)*))?{JS_SPACE}*(?:\}}%{{2}})?", re.I | re.A)
_COMMENT_LINE = re.compile(rf"(?:^|(?<=[\u2028\u2029])){JS_SPACE}*%%(?!\{{)([^\n]+)\n?", re.M)
_LEADING_SPACE = re.compile(rf"{JS_SPACE}+")
_STYLES = [re.compile(rf"{word}{JS_DOT}*:[^{re.escape(JS_SPACE_CHARS)}]*#{JS_DOT}*;") for word in ("style", "classDef")]
_ENTITY = re.compile(r"#(\w+);", re.A)


@dataclass(frozen=True)
class Removed:
    """Text Mermaid takes out before lexing: a comment line, a directive or the front matter."""

    kind: str      # "comment", "directive", "front-matter"
    offset: int    # in the original text
    text: str


@dataclass
class CleanText:
    """Text after Mermaid's clean-up; runs of it map back to offsets of the original text."""

    text: str
    starts: list[int] = field(default_factory=lambda: [0])
    origins: list[int] = field(default_factory=lambda: [0])

    def origin(self, offset: int) -> int:
        run = bisect_right(self.starts, offset) - 1
        return self.origins[run] + offset - self.starts[run]

    def without(self, spans: list[tuple[int, int]]) -> "CleanText":
        """This text with the (sorted, disjoint) spans cut out."""
        if not spans:
            return self
        pieces, starts, origins, kept, position = [], [], [], 0, 0
        for start, end in [*spans, (len(self.text), len(self.text))]:
            if start > position:
                pieces.append(self.text[position:start])
                self._map_run(position, start, kept, starts, origins)
                kept += start - position
            position = max(position, end)
        return CleanText("".join(pieces), starts or [0], origins or [self.origin(len(self.text))])

    def _map_run(self, start: int, end: int, at: int, starts: list[int], origins: list[int]) -> None:
        """Record where the kept run [start, end) of this text came from, run by run."""
        first = bisect_right(self.starts, start) - 1
        boundaries = [start] + [s for s in self.starts[first + 1:bisect_right(self.starts, end - 1)]]
        for boundary in boundaries:
            starts.append(at + boundary - start)
            origins.append(self.origin(boundary))


@dataclass
class Prepared:
    """A diagram's text as Mermaid's lexer reads it, with what was taken out of it."""

    clean: CleanText
    removed: list[Removed]
    front_matter: str | None = None   # the YAML between the `---` lines
    front_matter_offset: int = 0


def prepare(text: str) -> Prepared:
    """Mermaid's clean-up of one diagram (line ends are already `\\n`): what its journey lexer reads."""
    return protect(clean_up(text))


def clean_up(text: str) -> Prepared:
    """Front matter, directives, `%%` lines and leading space taken out (enough to tell the diagram type)."""
    clean, removed, front, front_offset = CleanText(text), [], None, 0
    match = _FRONT_MATTER.match(text)
    if match:
        front, front_offset = match.group(2), match.start(2)
        removed.append(Removed("front-matter", match.start(), match.group().rstrip()))
        clean = clean.without([(0, match.end())])
    clean = _cut(clean, _DIRECTIVE, "directive", removed, 0)
    clean = _cut(clean, _COMMENT_LINE, "comment", removed, 1)
    leading = _LEADING_SPACE.match(clean.text)
    if leading:
        clean = clean.without([leading.span()])
    return Prepared(clean, sorted(removed, key=lambda r: r.offset), front, front_offset)


def protect(prepared: Prepared) -> Prepared:
    """Mermaid's encodeEntities (entities kept from the `#` comment rule) and the newline it appends."""
    clean = prepared.clean
    for pattern in _STYLES:   # `style x:#f00;` loses its ';' (it is CSS, not an entity), first style, then classDef
        clean = clean.without([(m.end() - 1, m.end()) for m in pattern.finditer(clean.text)])
    text = _ENTITY.sub(lambda m: ENTITY_START + m.group(1) + ENTITY_END, clean.text) + "\n"
    return Prepared(CleanText(text, clean.starts, clean.origins), prepared.removed, prepared.front_matter,
                    prepared.front_matter_offset)


def _cut(clean: CleanText, pattern: re.Pattern, kind: str, removed: list[Removed], group: int) -> CleanText:
    """Cut out every match; keep its text (the group) and where it was (a comment: at its `%%`)."""
    spans = []
    for match in pattern.finditer(clean.text):
        if match.end() > match.start():
            spans.append(match.span())
            at = match.start(1) - 2 if group else match.start()
            removed.append(Removed(kind, clean.origin(at), match.group(group)))
    return clean.without(spans)


def _after_comments(clean_text: str) -> str:
    """The text from its first word on, past whitespace and `%%` comment lines (as Mermaid's detection sees it)."""
    position = 0
    while True:
        space = _LEADING_SPACE.match(clean_text, position)
        position = space.end() if space else position
        if not clean_text.startswith("%%", position) or clean_text.find("\n", position) == -1:
            return clean_text[position:position + 200]
        position = clean_text.index("\n", position) + 1


def is_journey(clean_text: str) -> bool:
    """Mermaid's type detection, `/^\\s*journey/` once comments are gone: case-sensitive, no word end."""
    return _after_comments(clean_text).startswith("journey")


def first_word(clean_text: str) -> str:
    """The diagram type a diagram that is no journey starts with, for the error message."""
    words = _after_comments(clean_text).split()
    return words[0][:40] if words else ""
