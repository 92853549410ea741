"""A CSV file as LibreOffice Calc reads it: a headless conversion to xlsx, then its text cells and formula cells."""

from __future__ import annotations

import html
import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

from support.tools import require_tool

UTF8_CSV = "CSV:44,34,76,1"  # comma, double quote, UTF-8 (what the import dialog offers for a BOM file), from row 1


@dataclass
class Sheet:
    texts: list[str]      # the shared strings: every text cell
    formulas: list[str]   # every cell Calc evaluated as a formula
    numbers: list[str]    # the values of the cells Calc read as numbers
    rows: int


def open_in_calc(csv_file: Path, work: Path) -> Sheet:
    """Convert csv_file with `soffice --headless` (its own profile under work) and read the first sheet back."""
    require_tool("soffice")
    done = subprocess.run(["soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                           "--norestore", f"--infilter={UTF8_CSV}", "--convert-to", "xlsx", "--outdir",
                           str(work / "xlsx"), str(csv_file)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(work / "xlsx" / (csv_file.stem + ".xlsx")) as book:
        strings = book.read("xl/sharedStrings.xml").decode("utf-8")
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    cells = re.findall(r"<c ([^>]*?)(?:/>|>(.*?)</c>)", sheet)
    return Sheet(texts=[html.unescape(text) for text in re.findall(r"<t[^>]*>([^<]*)</t>", strings)],
                 formulas=[html.unescape(f) for f in re.findall(r"<f[^>]*>([^<]*)</f>", sheet)],
                 numbers=[value for attributes, body in cells if 't="n"' in attributes and "<f" not in body
                          for value in re.findall(r"<v>([^<]*)</v>", body)],
                 rows=sheet.count("<row "))
