"""The HTML report printed to PDF by headless Chromium (Debian's chromium package)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

# Chromium stamps the clock's second into the PDF's Info dictionary; nothing else in its output changes.
PRINT_TIME = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
INSTALL_HINT = "Chromium is not installed: run 'sudo apt-get install chromium' (or bash setup.sh as root)"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw")


class ChromiumNotFound(RuntimeError):
    def __init__(self):
        super().__init__(INSTALL_HINT)


class PrintFailed(RuntimeError):
    """Chromium failed or took too long."""


def chromium_path() -> str | None:
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def print_pdf(html: str, *, timeout: float = 60.0) -> bytes:
    """Print an HTML document (its @page rule sets paper and orientation) to PDF bytes."""
    chromium = chromium_path()
    if chromium is None:
        raise ChromiumNotFound()
    with tempfile.TemporaryDirectory(prefix="journeymap-print-") as folder:
        page, pdf = Path(folder) / "report.html", Path(folder) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        command = [chromium, *FLAGS, f"--user-data-dir={folder}/profile", f"--print-to-pdf={pdf}", page.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise PrintFailed(f"Chromium took longer than {timeout:g} s to print the report") from None
        if not pdf.exists() or pdf.stat().st_size == 0:
            reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise PrintFailed(f"Chromium could not print the report: {reason[-1] if reason else done.returncode}")
        return pdf.read_bytes()


def stamp_date(pdf: bytes, day: dt.date) -> bytes:
    """The PDF with its creation and change times set to midnight of `day`: the same input gives the same bytes.
    The stamp keeps its length, so the cross-reference table's byte offsets stay right."""
    stamp = day.strftime("%Y%m%d").encode("ascii") + b"000000"
    return PRINT_TIME.sub(lambda found: b"/" + found.group(1) + b" (D:" + stamp, pdf)
