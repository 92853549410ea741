"""Mermaid `journey` diagrams parsed as Mermaid parses them: a typed result with source positions.

The grammar (`journey.jison`): `journey`, then lines of `title TEXT`, `accTitle: TEXT`,
`accDescr: TEXT` or `accDescr { ... }`, `section TEXT`, and tasks `NAME: SCORE[: ACTOR, ...]`.
Texts are kept as Mermaid's parser holds them (untrimmed, entities such as `#35;` as written);
journeymap.importers.mapping decides what they become in a map. A syntax error is one
`mermaid-syntax` finding at the token Mermaid would stop at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from journeymap.findings import ERROR, Diagnostic, Position
from journeymap.importers.mermaid_lexer import Token, tokens
from journeymap.importers.mermaid_text import ENTITY_END, ENTITY_START, JS_SPACE_CHARS, Prepared
from journeymap.importers.source import Block

SYNTAX = "mermaid-syntax"
TOP, END = ("top",), ("end",)
_RESTORE = str.maketrans({ENTITY_START: "#", ENTITY_END: ";"})


@dataclass(frozen=True)
class Setting:
    """`title`, `accTitle` or `accDescr` (the last of each kind counts, as in Mermaid)."""

    keyword: str
    text: str
    position: Position
    from_next_line: bool = False   # `title` alone on its line: Mermaid reads the next line as the title


@dataclass(frozen=True)
class Section:
    name: str
    position: Position
    from_next_line: bool = False   # `section` alone on its line names the section after the next line


@dataclass(frozen=True)
class Task:
    name: str
    score_text: str                # the field after the first ':', as Mermaid's Number() reads it
    actors: tuple[str, ...]        # trimmed; `Task: 5:` has one empty actor, `Task: 5` none
    section: int | None            # index into Diagram.sections; None before the first section
    position: Position
    score_position: Position
    ignored: str | None = None     # fields after the actors, which Mermaid ignores


@dataclass(frozen=True)
class Comment:
    """A `%%` or `#` comment, a directive or the front matter, and the statement it belongs to."""

    kind: str                      # "comment", "directive", "front-matter"
    text: str
    position: Position
    anchor: tuple                  # TOP, END, ("setting", i), ("section", i), ("task", i)


@dataclass
class Diagram:
    position: Position             # of the `journey` keyword
    settings: list[Setting] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    front_title: str | None = None       # `title:` of the front matter (a `title` line wins over it)
    front_settings: tuple[str, ...] = ()  # its other keys, which only Mermaid uses


class _SyntaxProblem(Exception):
    def __init__(self, token: Token, message: str):
        super().__init__(message)
        self.token, self.message = token, message


def raw(text: str) -> str:
    """Cleaned text back as written (entity placeholders become `#...;` again)."""
    return text.translate(_RESTORE)


def parse(prepared: Prepared, block: Block) -> tuple[Diagram | None, Diagnostic | None]:
    """The diagram, or the syntax error Mermaid would stop at."""
    clean = prepared.clean
    where = lambda offset: block.position(clean.origin(offset))  # noqa: E731
    stream = _Statements(tokens(clean.text))
    try:
        diagram = stream.read(where)
    except _SyntaxProblem as problem:
        return None, Diagnostic.at(where(problem.token.start), ERROR, SYNTAX, problem.message)
    if prepared.front_matter is not None:
        problem = _front_matter(prepared, block, diagram)
        if problem:
            return None, problem
    removed = [(r.offset, r.kind, raw(r.text)) for r in prepared.removed]
    found = [(clean.origin(t.start), "comment", raw(t.text)) for t in stream.comments]
    spans = [(clean.origin(start), clean.origin(max(end - 1, start)) + 1, anchor)
             for start, end, anchor in stream.spans]
    diagram.comments = _anchored(sorted(removed + found, key=lambda c: c[0]), spans, block)
    return diagram, None


class _Statements:
    """The grammar over the token stream; records each statement's span for placing comments."""

    def __init__(self, stream: Iterator[Token]):
        self.stream, self.comments, self.spans = stream, [], []   # spans: (start, end, anchor), cleaned offsets

    def next(self) -> Token:
        for token in self.stream:
            if token.kind == "comment":
                self.comments.append(token)
            else:
                return token
        raise AssertionError("the lexer always ends with EOF")

    def read(self, where) -> Diagram:
        token = self.next()
        while token.kind == "NEWLINE":
            token = self.next()
        if token.kind != "journey":
            raise _SyntaxProblem(token, "a journey diagram must start with the word 'journey'")
        diagram = Diagram(where(token.start))
        self.spans.append((token.start, token.end, TOP))
        while (token := self.next()).kind != "EOF":
            if token.kind != "NEWLINE":
                self.statement(token, diagram, where)
        return diagram

    def statement(self, token: Token, diagram: Diagram, where) -> None:
        kind, end = token.kind, token.end
        if kind == "title":
            diagram.settings.append(Setting("title", raw(token.text[6:]), where(token.start), token.text[5] == "\n"))
            anchor = ("setting", len(diagram.settings) - 1)
        elif kind in ("acc_title", "acc_descr"):
            value = self.next()
            keyword = "accTitle" if kind == "acc_title" else "accDescr"
            if value.kind == "UNCLOSED":
                raise _SyntaxProblem(token, f"'{keyword}:' has no text after it")
            diagram.settings.append(Setting(keyword, raw(value.text).strip(JS_SPACE_CHARS), where(token.start)))
            anchor, end = ("setting", len(diagram.settings) - 1), value.end
        elif kind == "acc_descr_multiline_value":
            diagram.settings.append(Setting("accDescr", raw(token.text).strip(JS_SPACE_CHARS), where(token.start)))
            anchor = ("setting", len(diagram.settings) - 1)
        elif kind == "section":
            diagram.sections.append(Section(raw(token.text[8:]), where(token.start), token.text[7] == "\n"))
            anchor = ("section", len(diagram.sections) - 1)
        elif kind == "taskName":
            seen = len(self.comments)
            data = self.next()
            if data.kind != "taskData":
                found = self.comments[seen] if len(self.comments) > seen else data   # `Task #1: 5`: a comment
                raise _SyntaxProblem(found, _no_score(raw(token.text).strip(JS_SPACE_CHARS), found))
            diagram.tasks.append(_task(token, data, diagram, where))
            anchor, end = ("task", len(diagram.tasks) - 1), data.end
        else:
            raise _SyntaxProblem(token, _unexpected(token))
        self.spans.append((token.start, end, anchor))


def _task(name: Token, data: Token, diagram: Diagram, where) -> Task:
    """Mermaid's addTask: the fields after the name are split at ':', the actors at ','."""
    fields = raw(data.text[1:]).split(":")
    actors = tuple(actor.strip(JS_SPACE_CHARS) for actor in fields[1].split(",")) if len(fields) > 1 else ()
    indent = len(fields[0]) - len(fields[0].lstrip(JS_SPACE_CHARS)) if fields[0].strip(JS_SPACE_CHARS) else 0
    section = len(diagram.sections) - 1 if diagram.sections else None
    return Task(raw(name.text), fields[0], actors, section, where(name.start), where(data.start + 1 + indent),
                ":".join(fields[2:]) if len(fields) > 2 else None)


def _front_matter(prepared: Prepared, block: Block, diagram: Diagram) -> Diagnostic | None:
    """Front matter is YAML (Mermaid fails on bad YAML); its `title` is the diagram's title."""
    from journeymap.source.positions import SourceError, parse as parse_yaml

    start = block.position(prepared.front_matter_offset)
    try:
        data, sourcemap, _ = parse_yaml(prepared.front_matter, block.file)
    except SourceError as exc:
        where = Position(block.file, start.line + exc.position.line - 1, exc.position.column)
        return Diagnostic.at(where, ERROR, SYNTAX, f"the front matter is not valid YAML: {exc.message}")
    if isinstance(data, dict):
        title = data.get("title")
        if not isinstance(title, str) and ("title",) in sourcemap.plain_text:  # `title: no` is text to Mermaid
            title = sourcemap.plain_text[("title",)]
        diagram.front_title = title if isinstance(title, str) and title else None
        diagram.front_settings = tuple(str(key) for key in data if key != "title")
    return None


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _no_score(name: str, found: Token) -> str:
    if found.text.startswith("#"):
        return (f"task '{_short(name)}' has no score: '#' starts a comment in Mermaid, so the rest of the line is "
                "not read (write #35; for a # sign in a name)")
    if found.kind == "INVALID":
        return f"task '{_short(name)}' has no score: ';' is not allowed in a journey diagram (write #59; for it)"
    return f"task '{_short(name)}' has no score: write it as '{_short(name)}: 5' or '{_short(name)}: 5: Actor'"


def _unexpected(token: Token) -> str:
    if token.kind == "UNCLOSED":
        return "'accDescr {' is never closed: end the description with '}'"
    if token.kind == "journey":
        return ("'journey' may only start the diagram: Mermaid reads a line that begins with the word 'journey' "
                "as the diagram keyword (reword the task, e.g. 'Plan the journey')")
    if token.kind == "INVALID":
        return f"{token.text!r} is not allowed in a journey diagram (write #59; for a ';')"
    return "a task line needs its name before the ':' (NAME: SCORE: ACTOR, ...)"


def _anchored(found: list[tuple[int, str, str]], spans: list[tuple[int, int, tuple]], block: Block) -> list[Comment]:
    """Each comment belongs to the statement it ends the line of, else the next one (else the end)."""
    comments, index, statements = [], 0, spans
    for offset, kind, text in found:
        while index < len(statements) and statements[index][0] <= offset:
            index += 1
        anchor = statements[index][2] if index < len(statements) else END
        if index and kind == "comment" and _same_line(block, statements[index - 1][1], offset):
            anchor = statements[index - 1][2]
        comments.append(Comment(kind, text, block.position(offset), anchor))
    return comments


def _same_line(block: Block, end: int, offset: int) -> bool:
    return block.position(end).line == block.position(offset).line
