"""The one CSV writer: every CSV the tool writes (render -f csv, history, observe) is made here (docs/exports.md).

Written so that Excel, LibreOffice and Numbers open it as it is: UTF-8 with a byte order mark
(else Excel guesses a legacy code page and breaks umlauts), CRLF line ends, commas, quoting by
Python's csv module, numbers with a decimal dot. Every cell is text unless it is made a number
here (an int, a float or number_cell()); a text cell that starts with `=`, `+`, `-`, `@`, a tab
or a carriage return gets a leading apostrophe, so a spreadsheet shows it as text instead of
running it as a formula (CSV injection). Text is defused by default, so a caller cannot forget it.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable

from journeymap.model.format import format_number

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What number_cell() writes; a "number" that is anything else is treated as text (and defused).
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?(e[-+][0-9]+)?")


class Number(str):
    """A cell written as a number (`-2`, `0.4500`): the one kind of text cell that keeps its leading minus."""


def text_cell(value: str | None) -> str:
    """User text, defused: a leading apostrophe where a spreadsheet would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def number_cell(value: float | None, places: int | None = None) -> Number:
    """A number with a decimal dot (fixed places if given); empty when unknown or not finite."""
    if value is None or not math.isfinite(value):
        return Number("")
    if places is not None:
        return Number(f"{value:.{places}f}")
    return Number(format_number(round(float(value), 4)))


def cell(value) -> str:
    """One cell as written: numbers as they are, booleans as true/false, everything else as defused text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(number_cell(value))
    if isinstance(value, Number) and NUMBER.fullmatch(value):
        return str(value)
    return text_cell(value)


def csv_text(header: Iterable, rows: Iterable[Iterable]) -> str:
    """The CSV file's text: the byte order mark, then the header and the rows, CRLF after each."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n")
    writer.writerow([cell(value) for value in header])
    writer.writerows([cell(value) for value in row] for row in rows)
    return BOM + buffer.getvalue()


def csv_bytes(header: Iterable, rows: Iterable[Iterable]) -> bytes:
    """csv_text() as UTF-8 (a lone surrogate from a broken file name becomes `?` rather than an error)."""
    return csv_text(header, rows).encode("utf-8", errors="replace")
