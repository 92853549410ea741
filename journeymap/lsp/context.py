"""What belongs at the cursor, read from the lines as typed: a half-typed map does not load, and this is the
place it is being typed, so it is read here from the text around the cursor, not from the loaded data."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The keys whose value names one id, and what it names.
VALUE_KINDS = {"phase": "phases", "channel": "channels", "owner": "owners", "to": "touchpoints"}
# The keys whose list items name ids (`addresses`: touchpoint or touchpoint#pain).
LIST_KINDS = {"personas": "personas", "next": "touchpoints", "addresses": "addresses"}
EMOTION, KPIS, SEGMENTS = "emotion", "kpis", "segments"
FEELINGS = (EMOTION, "expectation")  # an emotion word, or a mapping of persona -> emotion word
# The keys whose mapping's keys name ids (per-persona emotions and expectations, KPIs by name, benchmarks).
KEY_KINDS = {EMOTION: "personas", "expectation": "personas", KPIS: KPIS, "benchmark": "competitors"}

_PREFIX = re.compile(r"[A-Za-z0-9_#-]*$")
_WORD_AFTER = re.compile(r"[A-Za-z0-9_#-]*")
_KEY_BEFORE = re.compile(r"([A-Za-z0-9_-]+)\s*:\s*$")
_BLOCK_VALUE = re.compile(r"^(\s*)((?:-\s+)*)([A-Za-z0-9_-]+)\s*:\s*$")
_BLOCK_ITEM = re.compile(r"^(\s*)-\s+$")
_BLOCK_KEY = re.compile(r"^(\s*)$")
_PARENT = re.compile(r"^(\s*)(-\s+)?([A-Za-z0-9_-]+)\s*:\s*(#.*)?$")


@dataclass(frozen=True)
class Slot:
    """The cursor's slot: what it expects ('phases', 'touchpoints', 'addresses', 'emotion', 'kpis' ...),
    the part of it typed so far, and the column (in characters) where that part starts."""

    expects: str
    prefix: str
    start: int


@dataclass(frozen=True)
class _Where:
    """Where the cursor is: the value of `key`, an item of the list under `key`, or a key of the mapping
    under `key` (how = 'value', 'item', 'key'); `parent` holds the mapping; top: a key of the map itself."""

    how: str
    key: str | None
    parent: str | None = None
    top: bool = False


def slot(lines: list[str], line: int, column: int) -> Slot | None:
    """The slot at a cursor (0-based line, column in characters of that line), or None where no id belongs."""
    before = lines[line][:column]
    prefix = _PREFIX.search(before).group()
    start = len(before) - len(prefix)
    head = before[:start]
    if head.endswith(("'", '"')):
        head = head[:-1]
    where = _flow(head, lines, line) or _block(head, lines, line)
    expects = _expects(where, prefix) if where else None
    return Slot(expects, prefix, start) if expects else None


def word_at(text: str, column: int) -> tuple[int, str]:
    """(start, word) of the id under a column: the characters of an id on both sides of it."""
    start = column - len(_PREFIX.search(text[:column]).group())
    return start, _WORD_AFTER.match(text, start).group()


def _expects(where: _Where, prefix: str) -> str | None:
    if where.how == "value":
        if where.key in FEELINGS or where.parent in FEELINGS:
            return EMOTION
        if where.parent == SEGMENTS:
            return "personas"
        if where.key in VALUE_KINDS and not where.top:
            return VALUE_KINDS[where.key]
    elif where.how == "item" and where.key in LIST_KINDS and not where.top:
        kind = LIST_KINDS[where.key]
        return ("pains" if "#" in prefix else "touchpoints") if kind == "addresses" else kind
    elif where.how == "key":
        return KEY_KINDS.get(where.key)
    return None


def _flow(head: str, lines: list[str], line: int) -> _Where | None:
    """Inside `[...]` or `{...}` opened on this line: an item, a key or a key's value."""
    bracket = _open_bracket(head)
    if bracket is None:
        return None
    outer = _KEY_BEFORE.search(head[:bracket])
    outer_key = outer.group(1) if outer else _block_parent(lines, line, len(head) - len(head.lstrip()))[0]
    inside = head[bracket + 1:].rsplit(",", 1)[-1]
    top = outer is not None and outer.start() == 0  # `personas: [...]` of the map itself defines, not names
    if head[bracket] == "[":
        return _Where("item", outer_key, top=top)
    inner = _KEY_BEFORE.search(inside)
    if inner:
        return _Where("value", inner.group(1), parent=outer_key)
    return _Where("key", outer_key) if not inside.strip() else None


def _open_bracket(head: str) -> int | None:
    """The innermost bracket still open at the end of head (quoted text skipped)."""
    stack, quote = [], None
    for index, char in enumerate(head):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or head[index - 1] in " \t"):
            return None  # a comment
        elif char in "[{":
            stack.append(index)
        elif char in "]}" and stack:
            stack.pop()
    return stack[-1] if stack else None


def _block(head: str, lines: list[str], line: int) -> _Where | None:
    value = _BLOCK_VALUE.match(head)
    if value:
        indent, item = len(value.group(1)), bool(value.group(2))
        parent = None if item else _block_parent(lines, line, indent)[0]  # `- key:` starts a list item's mapping
        return _Where("value", value.group(3), parent=parent, top=indent == 0 and not item)
    item = _BLOCK_ITEM.match(head)
    if item:
        key, indent = _block_parent(lines, line, len(item.group(1)), item=True)
        return _Where("item", key, top=indent == 0)
    blank = _BLOCK_KEY.match(head)
    if blank and line > 0:
        key, indent = _block_parent(lines, line, len(blank.group(1)))
        return _Where("key", key, top=indent == 0)
    return None


def _block_parent(lines: list[str], line: int, indent: int, *, item: bool = False) -> tuple[str | None, int]:
    """The key of the block that holds a line indented by `indent` (a list item may stand at its key's
    indentation): (key, the key's indentation), or (None, 0)."""
    for above in range(line - 1, -1, -1):
        text = lines[above]
        stripped = text.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        own = len(text) - len(stripped)
        match = _PARENT.match(text)
        if own < indent or (item and own == indent and match and not match.group(2)):
            if not match:
                return None, own
            key_indent = own + (len(match.group(2)) if match.group(2) else 0)
            return match.group(3), key_indent
        if own == indent and item:
            continue
    return None, 0
