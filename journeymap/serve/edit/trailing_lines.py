"""The blank and comment lines after an entry: taken off it and put back below another, so they stay in place.

ruamel.yaml parks the lines that follow an entry on that entry (or on the innermost last entry of
a block value): an entry inserted after it would land below them, and a removed one would take
them along. `detach_rest` and `attach_rest` move them.
"""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from journeymap.serve.edit.nodes import is_block, is_block_scalar, is_flow

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
        rest.extend(token_line(token) for token in collection.ca.end if token is not None)
        collection.ca.end = []
    return "".join(rest)


def attach_rest(container, key, lines: str) -> None:
    """Put lines (blank lines, comments) after an entry, below whatever already follows it."""
    if not lines:
        return
    inner, inner_key, passed = _chain(container, key)
    ends = [collection for collection in passed if collection.ca.end]
    if ends:
        ends[0].ca.end.extend(line_tokens(lines))   # the outermost one is written last
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


def token_line(token) -> str:
    value = token.value
    return " " * token.column + value if value.startswith("#") else value


def line_tokens(lines: str) -> list:
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
