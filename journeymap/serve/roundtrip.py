"""A map's YAML text loaded for editing and written back with every byte the edit does not touch kept.

ruamel.yaml's round trip keeps comments, key order, quoting and flow style, but only if it is
told the file's indentation, and it parks the blank lines and comments that follow an entry on
that entry: an entry inserted after it would land below them, and a removed one would take them
along. So `Document` refuses a file it cannot write back byte for byte, and `insert_key`,
`append_item` and `remove_entry` move those lines so that they stay where they were. A
comment a change would still lose is refused by `check_comments`.
"""

from __future__ import annotations

import hashlib
import io
from collections import Counter

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, merge_attrib
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarbool import ScalarBoolean
from ruamel.yaml.scalarstring import (DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString,
                                      SingleQuotedScalarString)
from ruamel.yaml.tokens import CommentToken

WIDTH = 1_000_000_000   # no line is ever folded again
COMMON_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 4, 0), (3, 3, 0), (3, 5, 2))
_RESOLVER_1_1 = pyyaml.resolver.Resolver()   # how journeymap reads the file: YAML 1.1, as PyYAML does


LAYOUT = "this file's layout cannot be kept by the editor: "


class LayoutError(Exception):
    """The file cannot be edited without changing lines the edit does not touch (or read at all); says why."""


SETTLED_KEPT = 64
_SETTLED: dict[bytes, tuple[int, int, int]] = {}  # texts proven to write back identically -> their indentation


def warm(text: str) -> None:
    """Prove now that `text` writes back identically, so the next edit of it need not (best effort)."""
    try:
        Document(text)
    except Exception:
        pass


class Document:
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


# --------------------------------------------------------------------------- what nodes are

def is_block(node) -> bool:
    """A non-empty list or mapping written in block style (one entry per line)."""
    return isinstance(node, (CommentedMap, CommentedSeq)) and len(node) > 0 and not node.fa.flow_style()


def is_flow(node) -> bool:
    return isinstance(node, (CommentedMap, CommentedSeq)) and bool(node.fa.flow_style())


def is_block_scalar(value) -> bool:
    return isinstance(value, (FoldedScalarString, LiteralScalarString))


def uses_anchors(node, depth: int = 0) -> bool:
    """Does this part of the file use anchors, aliases or merge keys (&, *, <<), which an edit would spread?"""
    anchor = getattr(node, "anchor", None)
    if anchor is not None and getattr(anchor, "value", None) is not None:
        return True
    if getattr(node, merge_attrib, None):
        return True
    if depth < 64 and isinstance(node, CommentedMap):
        return any(uses_anchors(value, depth + 1) for value in node.values())
    if depth < 64 and isinstance(node, CommentedSeq):
        return any(uses_anchors(value, depth + 1) for value in node)
    return False


def flow_mapping(pairs) -> CommentedMap:
    mapping = CommentedMap(pairs)
    mapping.fa.set_flow_style()
    return mapping


def new_list(items, *, flow: bool) -> CommentedSeq:
    sequence = CommentedSeq(items)
    if flow:
        sequence.fa.set_flow_style()
    else:
        sequence.fa.set_block_style()
    return sequence


def plain_is_text(value: str) -> bool:
    """Is this text still text when written without quotes, as journeymap (YAML 1.1) reads it?"""
    return _RESOLVER_1_1.resolve(pyyaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"


def id_scalar(value: str):
    """An id as the file should hold it: plain, unless YAML 1.1 would read it as something else (no, 1_000)."""
    return value if plain_is_text(value) else DoubleQuotedScalarString(value)


def text_scalar(value: str, like=None):
    """New text in the quoting of `like` (an existing value): its quotes, else plain if safe, else double quotes."""
    if isinstance(like, (DoubleQuotedScalarString, SingleQuotedScalarString, FoldedScalarString,
                         LiteralScalarString)):
        return type(like)(value)
    if isinstance(like, str) and plain_is_text(value):
        return value
    return DoubleQuotedScalarString(value)


def to_plain(node):
    """ruamel's values as plain Python data (what yamlsource.parse gives for the same text)."""
    if isinstance(node, dict):
        return {str(key): to_plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [to_plain(value) for value in node]
    if isinstance(node, (bool, ScalarBoolean)):
        return bool(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


# --------------------------------------------------------------------------- the lines after an entry

def _chain(container, key):
    """Down the last entries from (container, key) to a value written on one line; the block lists passed."""
    passed = []
    while is_block(container[key]):
        passed.append(container[key])
        container, key = container[key], _last_key(container[key])
    return container, key, passed


def _last_key(collection):
    return next(reversed(collection)) if isinstance(collection, CommentedMap) else len(collection) - 1


def _slot(container) -> int:
    return 2 if isinstance(container, CommentedMap) else 0


def _token(container, key):
    entry = container.ca.items.get(key)
    index = _slot(container)
    return entry[index] if entry and len(entry) > index else None


def _put_token(container, key, token) -> None:
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    while len(entry) < 4:
        entry.append(None)
    entry[_slot(container)] = token
    value = container[key]
    if token is None and is_flow(value) and value.ca.comment:
        value.ca.comment[0] = None   # a flow list keeps a second reference to the same comment


def detach_rest(container, key) -> str:
    """Take the blank lines and comment lines that follow an entry off it (its end-of-line comment stays)."""
    inner, inner_key, passed = _chain(container, key)
    rest = []
    token = _token(inner, inner_key)
    if token is not None:
        head, tail = _split(token, is_block_scalar(inner[inner_key]))
        rest.append(tail)
        if head.strip():
            token.value = head
        else:
            _put_token(inner, inner_key, None)
    value = inner[inner_key]
    ends = ([value] if isinstance(value, (CommentedMap, CommentedSeq)) else []) + list(reversed(passed))
    for collection in ends:
        rest.extend(_line(token) for token in collection.ca.end if token is not None)
        collection.ca.end = []
    return "".join(rest)


def attach_rest(container, key, lines: str) -> None:
    """Put lines (blank lines, comments) after an entry, below whatever already follows it."""
    if not lines:
        return
    inner, inner_key, passed = _chain(container, key)
    ends = [collection for collection in passed if collection.ca.end]
    if ends:
        ends[0].ca.end.extend(_line_tokens(lines))   # the outermost one is written last
        return
    token = _token(inner, inner_key)
    block_scalar = is_block_scalar(inner[inner_key])
    if token is None:
        _put_token(inner, inner_key, _after_value(lines, block_scalar))
    else:
        token.value = token.value + ("" if token.value.endswith("\n") else "\n") + lines


def _split(token, block_scalar: bool) -> tuple[str, str]:
    """A comment written after a value: (its end-of-line part, the whole lines after it)."""
    value = token.value
    if block_scalar:   # a block scalar ends its own line: everything here is whole lines
        return "", (" " * token.column + value) if value.startswith("#") else value
    end = value.find("\n")
    return (value, "") if end < 0 else (value[:end + 1], value[end + 1:])


def _line(token) -> str:
    value = token.value
    return " " * token.column + value if value.startswith("#") else value


def _line_tokens(lines: str) -> list:
    tokens = []
    for line in lines.splitlines(keepends=True):
        text = line.lstrip(" ")
        if text.startswith("#"):
            tokens.append(CommentToken(text if text.endswith("\n") else text + "\n", CommentMark(len(line) - len(text))))
        else:
            tokens.append(CommentToken("\n", CommentMark(0)))
    return tokens


def _after_value(lines: str, block_scalar: bool):
    if not block_scalar:
        return CommentToken("\n" + lines, CommentMark(0))
    text = lines.lstrip(" ")
    return CommentToken(text, CommentMark(0 if text.startswith("\n") else len(lines) - len(text)))


# --------------------------------------------------------------------------- changes that keep the layout

def insert_key(mapping: CommentedMap, position: int, key, value, *, gap: bool = False) -> None:
    """Insert key: value at position; the lines that followed the entry before it now follow the new one.

    gap: leave a blank line before the new entry (a new top-level section)."""
    if position == 0 or not is_block(mapping):
        mapping.insert(position, key, value)
        return
    previous = list(mapping)[position - 1]
    lines = detach_rest(mapping, previous)
    if gap:
        attach_rest(mapping, previous, "\n")
    mapping.insert(position, key, value)
    attach_rest(mapping, key, lines)


def append_item(sequence: CommentedSeq, value) -> None:
    """Append to a list; in a block list the lines that followed the last item now follow the new one."""
    if not is_block(sequence):
        sequence.append(value)
        return
    lines = detach_rest(sequence, len(sequence) - 1)
    sequence.append(value)
    attach_rest(sequence, len(sequence) - 1, lines)


def replace_value(mapping: CommentedMap, key, value) -> None:
    """Set mapping[key] to a new value; lines that followed the old (block) value follow the new one."""
    lines = detach_rest(mapping, key) if is_block(mapping[key]) else ""
    mapping[key] = value
    attach_rest(mapping, key, lines)


def remove_entry(container, key, carried: str = "") -> str:
    """Remove an entry, keeping the comment lines before and after it where they were.

    carried: lines from inside the entry that must stay too (what an emptied list could not place).
    Returns the lines that found no place: the container is empty now, and its caller removes it."""
    lines = _lines_before(container, key) + carried + detach_rest(container, key)
    keys = list(container) if isinstance(container, CommentedMap) else list(range(len(container)))
    position = keys.index(key)
    del container[key]
    if isinstance(container, CommentedMap):
        container.ca.items.pop(key, None)
    if not lines:
        return ""
    if position > 0:
        attach_rest(container, keys[position - 1], lines)
        return ""
    if isinstance(container, CommentedSeq) and len(container):
        entry = container.ca.items.setdefault(0, [None, None, None, None])
        entry[1] = _line_tokens(lines) + list(entry[1] or [])
        return ""
    if len(container):
        raise LayoutError(f"{LAYOUT}a comment before the first entry would be lost; make this change in the file")
    return lines


def _lines_before(container, key) -> str:
    if not isinstance(container, CommentedSeq):
        return ""
    entry = container.ca.items.get(key)
    if not entry or len(entry) < 2 or not entry[1]:
        return ""
    return "".join(_line(token) for token in entry[1] if token is not None)


# --------------------------------------------------------------------------- checks after a change

def comment_lines(text: str) -> Counter:
    """The whole-line comments of a text, each with how often it occurs."""
    return Counter(line.strip() for line in text.splitlines() if line.lstrip().startswith("#"))


def check_comments(before: str, after: str) -> None:
    """Every whole-line comment of the file must still be there after an edit."""
    lost = comment_lines(before) - comment_lines(after)
    if lost:
        comment = next(iter(lost))
        raise LayoutError(f"{LAYOUT}the comment {comment[:80]!r} would be lost; make this change in the file")
