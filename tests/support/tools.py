"""The outside tools some tests need: skip locally when one is missing, but fail in CI."""

from __future__ import annotations

import os
import shutil

import pytest

from support.paths import ROOT

IN_CI = bool(os.environ.get("CI"))
MMDC = ROOT / ".tools" / "mermaid" / "node_modules" / ".bin" / "mmdc"  # scripts/install.sh puts it there


def require_tool(name: str) -> None:
    """Skip locally when a tool is missing, but fail in CI: there every tool must be installed."""
    if shutil.which(name) is None:
        if IN_CI:
            pytest.fail(f"'{name}' is not installed, but CI must run every test (see scripts/install.sh)")
        pytest.skip(f"'{name}' is not installed")


def require_mmdc() -> None:
    """The repo-local Mermaid CLI (and the Chromium it drives): skip locally when missing, fail in CI."""
    if not os.access(MMDC, os.X_OK):
        message = f"the Mermaid CLI is not installed at {MMDC.relative_to(ROOT)} (run scripts/install.sh)"
        if IN_CI:
            pytest.fail(f"{message}, but CI must run every test")
        pytest.skip(message)
    require_tool("chromium")
