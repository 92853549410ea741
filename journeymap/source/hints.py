"""Plain-language hints for the common YAML mistakes: a tab, a line out of line, a ': ' in a value, a missing '- '."""

from __future__ import annotations

import re
from typing import NamedTuple

from journeymap.i18n.numbers import plural_form

TAB_HINT = "tab character used for indentation; YAML indents with spaces — replace the tab with spaces"
# What libyaml (and PyYAML's Python parser) say when a line does not fit the indentation around it.
_OUT_OF_LINE = ("mapping values are not allowed", "did not find expected key", "did not find expected '-' indicator",
                "expected <block end>")
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # the line breaks the YAML parser counts
_KEY = re.compile(r"""("[^"]*"|'[^']*'|[^\s"'#:\-?{}\[\],&*!|>%@`][^#:]*?|-[^\s#:][^#:]*?)[ \t]*:(?=\s|$)""")


class Hint(NamedTuple):
    """A parser error reworded: 1-based line and column, and the message."""

    line: int
    column: int
    message: str


class _Line(NamedTuple):
    """What a line of YAML starts with: a '- ' (its column, or 0) and then a key (its text and column)."""

    number: int
    indent: int  # column of the first character
    dash: int  # column of a leading '- ', 0 when there is none
    key: str | None
    key_column: int  # column of the key (or of whatever follows the '- ')
    opens_block: bool = False  # 'key:' and nothing after it: its value is on the lines below


def split_lines(text: str) -> list[str]:
    return _BREAKS.split(text)


def reworded(lines: list[str], place: tuple[int, int], context: str | None, began: tuple[int, int] | None,
             problem: str | None) -> Hint:
    """The parser error at place (1-based line, column) as a finding: a plain-language hint for the common
    mistakes, else the parser's own words with where the unclosed thing (context) began."""
    hint = syntax_hint(lines, place[0], place[1], problem)
    if hint:
        return hint
    if context and began and began[0] != place[0]:
        context += f" that starts at line {began[0]}, column {began[1]}"
    message = "; ".join(p for p in (context, problem) if p) or "not valid YAML"
    line = lines[place[0] - 1] if 1 <= place[0] <= len(lines) else ""
    if line[place[1] - 1:place[1]] == "\t" or "found character '\\t'" in message:
        message += " (YAML does not allow tabs here; replace the tab with spaces)"
    return Hint(place[0], place[1], message)


def syntax_hint(lines: list[str], line: int, column: int, problem: str | None) -> Hint | None:
    """A plain-language finding for the parser error at line:col (1-based), or None to keep the parser's words."""
    if not 1 <= line <= len(lines):
        return None
    tab = _tab(lines[line - 1], column)
    if tab:
        return Hint(line, tab, TAB_HINT)
    problem = problem or ""
    if not any(words in problem for words in _OUT_OF_LINE):
        return None
    text = lines[line - 1]
    if "mapping values" in problem:
        colon = _colon_in_value(text, column)
        if colon:
            return Hint(line, column, f"{colon} (YAML parser: {problem})")
    return _out_of_line(lines, line, problem)


def _tab(text: str, column: int) -> int:
    """Column of the tab the parser stopped at when it stands in the line's indentation (after any '- '), else 0."""
    if column > len(text) or text[column - 1] != "\t":
        return 0
    return column if not text[:column - 1].strip(" \t-") else 0


def _colon_in_value(text: str, column: int) -> str:
    """'a value with ': ' in it must be in quotes ...' when the ':' at column follows a key on the same line."""
    parsed = _read(0, text)
    if parsed is None or parsed.key is None or column <= parsed.key_column + len(parsed.key):
        return ""
    key_end = text.index(":", parsed.key_column - 1 + len(parsed.key)) + 1
    value = text[key_end:].split(" #", 1)[0].strip()
    if not value or (value[0] in "\"'{["):
        return ""
    quote = '"' if '"' not in value else "'" if "'" not in value else ""
    fix = f"write {parsed.key}: {quote}{value}{quote}" if quote else "put the value in quotes"
    return f"a value with ': ' in it must be in quotes: {fix}"


def _read(number: int, text: str) -> _Line | None:
    """What the line starts with; None for a blank or comment line (they take no part in indentation)."""
    body = text.lstrip(" ")
    if not body.strip() or body.startswith("#"):
        return None
    indent = len(text) - len(body) + 1
    dash = 0
    if body.startswith("-") and body[1:2] in ("", " "):
        dash = indent
        body = body[1:].lstrip(" ")
        key_column = len(text) - len(body) + 1
    else:
        key_column = indent
    match = _KEY.match(body)
    if not match:
        return _Line(number, indent, dash, None, key_column)
    rest = body[match.end():].strip()
    return _Line(number, indent, dash, match.group(1).strip(), key_column, not rest or rest.startswith("#"))


def _previous(lines: list[str], line: int) -> _Line | None:
    for number in range(line - 1, 0, -1):
        parsed = _read(number, lines[number - 1])
        if parsed is not None:
            return parsed
    return None


def _enclosing(lines: list[str], start: _Line) -> list[_Line]:
    """start and each line above it that is indented less than everything after it: the blocks around start."""
    chain, threshold = [start], start.indent
    for number in range(start.number - 1, 0, -1):
        parsed = _read(number, lines[number - 1])
        if parsed is not None and parsed.indent < threshold:
            chain.append(parsed)
            threshold = parsed.indent
            if threshold == 1:
                break
    return chain


def _out_of_line(lines: list[str], line: int, problem: str) -> Hint | None:
    here = _read(line, lines[line - 1])
    above = _previous(lines, line)
    if here is None or above is None or (here.key is None and not here.dash):
        return None
    odd_one = _odd_one_out(lines, here, above, problem)
    if odd_one:
        return odd_one
    if here.dash:
        without = _first_entry_without_dash(lines, here)
        if without:
            first, container = without
            example = entry_example(lines, first.number, first.key_column)
            return Hint(first.number, first.key_column, missing_dash(container, [first.number], example, dash=(
                here.dash, here.number)) + f" (YAML parser, at line {here.number}: {problem})")
        anchors = [(n.dash, n) for n in _enclosing(lines, above) if n.dash]
        return _misaligned(here.dash, anchors, here, problem, item=True)
    anchors = [(n.key_column, n) for n in _enclosing(lines, above) if n.key]
    return _misaligned(here.key_column, anchors, here, problem, item=False)


def _first_entry_without_dash(lines: list[str], item: _Line) -> tuple[_Line, str] | None:
    """The first entry of item's list when it lacks the '- ' that item has (the parser read it as a mapping
    and stops at item), with the key of the list (touchpoints)."""
    block = []
    for number in range(item.number - 1, 0, -1):
        line = _read(number, lines[number - 1])
        if line is None:
            continue
        if line.indent >= item.dash:
            block.append(line)
            continue
        first = block[-1] if block else None
        if not line.opens_block or line.key_column >= item.dash or first is None or first.dash or \
                first.key is None or first.indent <= item.dash:
            return None
        return None if any(b.dash == item.dash for b in block) else (first, line.key)
    return None


def _odd_one_out(lines: list[str], here: _Line, above: _Line, problem: str) -> Hint | None:
    """The line above is the one out of line when the lines on both sides of it agree: 'name:' in column 1
    between two keys in column 5 ends the block early, and the parser only notices at the next line."""
    column = here.dash or here.key_column
    before = _previous(lines, above.number)
    if above.dash or above.key is None or above.indent >= column or before is None or here.dash:
        return None
    if before.key is None or before.key_column != column:
        return None
    return Hint(above.number, above.indent,
                f"this line is indented differently from the lines around it: '{above.key}:' starts in column "
                f"{above.indent}, '{before.key}:' on line {before.number} and '{here.key}:' on line {here.number} "
                f"in column {column}; line up '{above.key}:' with them "
                f"(YAML parser, at line {here.number}: {problem})")


def _misaligned(column: int, anchors: list[tuple[int, _Line]], here: _Line, problem: str, *,
                item: bool) -> Hint | None:
    """The hint for a key (or a list item's '- ') in a column that no line above it uses, naming the nearest
    columns used on either side of it."""
    latest: dict[int, _Line] = {}  # one line per column: the nearest above
    for col, line in anchors:
        latest.setdefault(col, line)
    if not latest or column in latest:
        return None
    left = [col for col in latest if col < column]
    right = [col for col in latest if col > column]
    named = sorted(([max(left)] if left else []) + ([min(right)] if right else []), key=lambda c: abs(c - column))
    if len(named) > 1 and abs(named[0] - column) == 1 and abs(named[1] - column) >= 3:
        named = named[:1]  # one column off is a slip of the thumb; naming the far block too only confuses
    what = "'- '" if item else f"'{here.key}:'"
    if item:
        others = " and ".join(f"the '- ' on line {latest[col].number} in column {col}" for col in named)
        start = (f"this list item is indented differently from the list above it: its '- ' starts in column "
                 f"{column}, {others}")
    else:
        others = " and ".join(f"'{latest[col].key}:' on line {latest[col].number} in column {col}" for col in named)
        keys = "key" if plural_form(len(named)) == "one" else "keys"
        start = (f"this line is indented differently from the {keys} above it: "
                 f"{what} starts in column {column}, {others}")
    if len(named) > 1:
        fix = f"line up {what} with the one it belongs with"
    else:
        fix = "line up the two" if item else f"line up {what} with '{latest[named[0]].key}:'"
    return Hint(here.number, column, f"{start}; {fix} (YAML parser: {problem})")


# --- a list of mappings written without '- ' ----------------------------------------------------

def entry_starts(keys: list[str | None]) -> list[int]:
    """Indexes of the keys that begin a new entry of a list written without '- ': where the mapping's first
    key comes again and at least one more key of the first entry comes again with it (a key written twice
    by mistake starts no entry)."""
    if len(keys) < 4 or keys[0] is None:
        return []
    starts = [i for i in range(1, len(keys)) if keys[i] == keys[0]]
    bounds = [0, *starts, len(keys)]
    entries = [set(keys[begin:end]) for begin, end in zip(bounds, bounds[1:])]
    return starts if starts and all(len(entry & entries[0]) >= 2 for entry in entries[1:]) else []


def missing_dash(container: str | None, entry_lines: list[int], example: str, *,
                 dash: tuple[int, int] | None = None) -> str:
    """The message for entries written without '- ': entry_lines are those lines, example the first of them
    with its '- '; dash is (column, line) of a '- ' the list already has."""
    singular, plural = _nouns(container)
    lines = _join([str(n) for n in entry_lines])
    look = (f"line {lines} looks like a new {singular}" if len(entry_lines) == 1
            else f"lines {lines} look like new {plural}") if dash else f"lines {lines} look like {plural}"
    start = f"each {singular} starts with '- ' (a list item); {look} without '- '"
    example = example if len(example) <= 40 else example[:39] + "…"
    if dash and len(entry_lines) == 1:
        return f"{start}: write '{example}' with the '-' in column {dash[0]}, as on line {dash[1]}"
    if dash:
        return (f"{start}: begin each with '- ', the '-' in column {dash[0]} as on line {dash[1]} "
                f"(line {entry_lines[0]}: '{example}')")
    return f"{start}: begin each with '- ' (line {entry_lines[0]}: '{example}')"


def entry_example(lines: list[str], line: int, column: int) -> str:
    """'- id: pay': the entry's first line as it would read with its '- '."""
    text = lines[line - 1] if 1 <= line <= len(lines) else ""
    return "- " + text[column - 1:].split(" #", 1)[0].rstrip()


def names_a_list(key: object) -> bool:
    """A key in the plural (touchpoints, opportunities), the kind a list of entries stands under."""
    return isinstance(key, str) and _nouns(key)[0] != f"entry of '{key}'"


def _nouns(container: str | None) -> tuple[str, str]:
    if container and container.endswith("ies"):
        return container[:-3] + "y", container
    if container and container.endswith("sses"):
        return container[:-2], container
    if container and container.endswith("s") and not container.endswith(("ss", "is", "us")):
        return container[:-1], container
    return (f"entry of '{container}'", f"entries of '{container}'") if container else ("entry", "entries")


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
