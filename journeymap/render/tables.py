"""Plain-text and Markdown tables: numbers right-aligned, text left-aligned."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"^[-+−]?[\d,.]+(%| ?[a-z]{0,3})?$")


def _is_number(cell: str) -> bool:
    return bool(_NUMBER.match(cell.strip()))


def text_table(header: list[str], rows: list[list[str]], *, paint=None) -> str:
    """Aligned columns separated by two spaces; paint(row_index, column, cell) may colour a padded cell."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    numeric = [all(_is_number(row[i]) or row[i] in ("", "–") for row in rows) and rows for i in range(len(header))]
    lines = ["  ".join(_pad(h, w, bool(n)) for h, w, n in zip(header, widths, numeric)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for r, row in enumerate(rows):
        cells = []
        for c, (cell, width, is_num) in enumerate(zip(row, widths, numeric)):
            padded = _pad(cell, width, bool(is_num))
            cells.append(paint(r, c, padded) if paint else padded)
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _pad(cell: str, width: int, right: bool) -> str:
    return cell.rjust(width) if right else cell.ljust(width)


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    numeric = [all(_is_number(row[i]) or row[i] in ("", "–") for row in rows) and rows for i in range(len(header))]
    escape = lambda cell: str(cell).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")
    lines = ["| " + " | ".join(escape(h) for h in header) + " |",
             "|" + "|".join("---:" if n else "---" for n in numeric) + "|"]
    lines += ["| " + " | ".join(escape(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def with_unit(figure: str | None, unit: str | None) -> str | None:
    """A figure and its KPI's unit ('35 min'); the figure alone without a unit or when it is unknown."""
    return f"{figure} {unit}" if unit and figure not in (None, "", "–") else figure
