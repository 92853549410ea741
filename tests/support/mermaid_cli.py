"""The real Mermaid CLI (mmdc, repo-local from scripts/install.sh) with the system Chromium."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from support.tools import MMDC


def mmdc(source: str, folder: Path, name: str) -> tuple[subprocess.CompletedProcess, Path]:
    """Render Mermaid source to SVG with mmdc and the system Chromium."""
    config = folder / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": shutil.which("chromium") or "/usr/bin/chromium",
                                  "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]}))
    mmd, svg = folder / f"{name}.mmd", folder / f"{name}.svg"
    mmd.write_text(source, encoding="utf-8")
    done = subprocess.run([str(MMDC), "-q", "-i", str(mmd), "-o", str(svg), "-p", str(config)], capture_output=True,
                          text=True, timeout=180, env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"})
    return done, svg
