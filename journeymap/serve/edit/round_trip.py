"""A map's YAML text loaded for editing and written back with every byte the edit does not touch kept.

ruamel.yaml's round trip keeps comments, key order, quoting and flow style, but only if it is
told the file's indentation, and it parks the blank lines and comments that follow an entry on
that entry: an entry inserted after it would land below them, and a removed one would take them
along. So `RoundTripText` refuses a file it cannot write back byte for byte, and the changes in
entries.py move those lines so that they stay where they were. A comment a change would still
lose is refused by `check_comments` (checks.py).
"""

from __future__ import annotations

import hashlib
import io
from collections import Counter

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from journeymap.serve.edit.nodes import is_block

WIDTH = 1_000_000_000   # no line is ever folded again
COMMON_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 4, 0), (3, 3, 0), (3, 5, 2))


LAYOUT = "this file's layout cannot be kept by the editor: "


class LayoutError(Exception):
    """The file cannot be edited without changing lines the edit does not touch (or read at all); says why."""


SETTLED_KEPT = 64
_SETTLED: dict[bytes, tuple[int, int, int]] = {}  # texts proven to write back identically -> their indentation


def warm(text: str) -> None:
    """Prove now that `text` writes back identically, so the next edit of it need not (best effort)."""
    try:
        RoundTripText(text)
    except Exception:
        pass


class RoundTripText:
    """One YAML document as ruamel's round-trip tree, with what is needed to write it back identically.

    ruamel.yaml writes a document-start line (---) before the comments above it and drops an
    end line (...); lines up to a `---` that only comments precede, and from a final `...` on,
    hold no data, so they are kept aside as text and put back around the written document."""

    def __init__(self, text: str):
        self.bom = "\ufeff" if text.startswith("\ufeff") else ""
        body = text[len(self.bom):]
        self.newline = _newline(body)
        self.prefix, self.body, self.suffix = _markers(body.replace("\r\n", "\n"))
        self.final_newline = self.body.endswith("\n")
        self.yaml = _yaml()
        try:
            self.data = self.yaml.load(self.body)
        except YAMLError as exc:
            raise LayoutError(f"the map file is not YAML the editor can read ({_first_line(exc)}); "
                              "fix it in the file first") from None
        self._settle_layout()

    def dump(self) -> str:
        """The document as text, in the file's line endings, byte-order mark and final newline."""
        text = self.prefix + self._dump_body() + self.suffix
        return self.bom + text.replace("\n", self.newline)

    def _settle_layout(self) -> None:
        """Find the indentation that writes the unchanged file back byte for byte; refuse if none does.
        A text settled before (the server warms the text it just wrote) is not written out again."""
        if not isinstance(self.data, (CommentedMap, CommentedSeq)):
            raise LayoutError("the map file holds no mapping of keys (it is empty, or a single value)")
        key = hashlib.sha256(self.body.encode("utf-8")).digest()
        if key in _SETTLED:
            mapping, sequence, offset = _SETTLED[key]
            self.yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
            return
        first_difference = None
        for mapping, sequence, offset in _indent_candidates(self.data):
            self.yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
            written = self._dump_body()
            if written == self.body:
                _SETTLED[key] = (mapping, sequence, offset)
                while len(_SETTLED) > SETTLED_KEPT:
                    del _SETTLED[next(iter(_SETTLED))]
                return
            first_difference = first_difference or _first_difference(self.body, written, self.prefix.count("\n"))
        raise LayoutError(f"{LAYOUT}{first_difference} when written back; edit this file in a text editor")

    def _dump_body(self) -> str:
        stream = io.StringIO()
        try:
            self.yaml.dump(self.data, stream)
        except Exception as exc:   # ruamel cannot write some layouts back at all
            return f"<not writable: {exc}>"
        text = stream.getvalue()
        return text if self.final_newline or not text.endswith("\n") else text[:-1]


def _markers(body: str) -> tuple[str, str, str]:
    """(comment lines up to and including a leading ---, the document, a final ... and what follows)."""
    lines = body.splitlines(keepends=True)
    content = [number for number, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")]
    if not content:
        return "", body, ""
    first, last = content[0], content[-1]
    start = first + 1 if lines[first].rstrip("\n").rstrip() == "---" and first != last else 0
    end = last if lines[last].rstrip("\n").rstrip() == "..." and last != first else len(lines)
    return "".join(lines[:start]), "".join(lines[start:end]), "".join(lines[end:])


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    yaml.allow_unicode = True
    return yaml


def _newline(body: str) -> str:
    """'\\r\\n' or '\\n', the file's line ending; a file that mixes them, or uses bare '\\r', is refused."""
    crlf = body.count("\r\n")
    if crlf == 0 and "\r" not in body:
        return "\n"
    if crlf == body.count("\r") == body.count("\n"):
        return "\r\n"
    raise LayoutError(f"{LAYOUT}it mixes line endings (\\r\\n and \\n, or bare \\r); save it with one kind")


def _first_line(exc: Exception) -> str:
    """What is wrong and where: 'found duplicate key "id" ... at line 3'."""
    problem, mark = getattr(exc, "problem", None), getattr(exc, "problem_mark", None)
    if problem and mark is not None:
        context = getattr(exc, "context", None)
        if context and str(problem).startswith("but "):
            problem = f"{context} {problem}"
        return f"{' '.join(str(problem).split())[:200]} at line {mark.line + 1}"
    return " ".join(str(exc).split())[:200]


def _first_difference(original: str, written: str, offset: int = 0) -> str:
    before, after = original.split("\n"), written.split("\n")
    for number, (old, new) in enumerate(zip(before, after), start=1 + offset):
        if old != new:
            return f"line {number} would change from {old.rstrip()[:80]!r} to {new.rstrip()[:80]!r}"
    return f"the file would change from line {min(len(before), len(after)) + offset} on"


def _indent_candidates(data) -> list[tuple[int, int, int]]:
    """The indentation seen in the file first (mapping, sequence, offset), then common ones."""
    mappings: Counter = Counter()
    sequences: Counter = Counter()
    _observe_indents(data, mappings, sequences)
    mapping = mappings.most_common(1)[0][0] if mappings else 2
    seen = [(mapping, sequence, offset) for (sequence, offset), _ in sequences.most_common(2)]
    if not seen:
        seen = [(mapping, mapping + 2, mapping), (mapping, mapping, 0)]
    return list(dict.fromkeys(seen + list(COMMON_INDENTS)))


def _observe_indents(node, mappings: Counter, sequences: Counter, depth: int = 0) -> None:
    if depth > 64 or not isinstance(node, (CommentedMap, CommentedSeq)):
        return
    children = list(node.items()) if isinstance(node, CommentedMap) else list(enumerate(node))
    for key, value in children:
        if isinstance(node, CommentedMap) and is_block(value):
            column = node.lc.key(key)[1]
            if isinstance(value, CommentedMap):
                mappings[value.lc.key(next(iter(value)))[1] - column] += 1
            else:
                sequences[(value.lc.item(0)[1] - column, value.lc.col - column)] += 1
        _observe_indents(value, mappings, sequences, depth + 1)
