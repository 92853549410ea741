"""The ```mermaid fenced code blocks of a Markdown file (CommonMark fences of backticks or tildes)."""

from __future__ import annotations

import re

from journeymap.importers.source import Block

_OPEN = re.compile(r"( *)(`{3,}|~{3,})[ \t]*(.*)")


def mermaid_blocks(text: str, file: str) -> list[Block]:
    """Every fenced block whose info string starts with `mermaid`, in order; an unclosed fence runs to the end."""
    lines, blocks, index = text.split("\n"), [], 0
    while index < len(lines):
        opening = _OPEN.fullmatch(lines[index])
        if not opening or (opening.group(2)[0] == "`" and "`" in opening.group(3)):
            index += 1
            continue
        indent, fence, info = len(opening.group(1)), opening.group(2), opening.group(3).split()
        closing = re.compile(rf" *{re.escape(fence[0])}{{{len(fence)},}}[ \t]*")
        end = index + 1
        while end < len(lines) and not closing.fullmatch(lines[end]):
            end += 1
        if info and info[0].lower() == "mermaid":
            blocks.append(_block(lines[index + 1:end], indent, file, index + 2))
        index = end + 1
    return blocks


def _block(lines: list[str], indent: int, file: str, first_line: int) -> Block:
    """The block's lines with up to the fence's indent of spaces taken off each (as CommonMark does)."""
    removed = [min(indent, len(line) - len(line.lstrip(" "))) for line in lines]
    return Block("\n".join(line[cut:] for line, cut in zip(lines, removed)), file, first_line, tuple(removed))
