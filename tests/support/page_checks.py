"""Checks every HTML page journeymap writes must pass: axe-core (accessibility), the W3C Nu validator (vnu-jar),
and no script a hostile map could have smuggled in (event handlers, javascript: URLs).

axe-core and vnu-jar come from npm into .tools/web (`scripts/install.sh --for-tests`); vnu runs on
Debian's Java. Without them a test is skipped here and fails in CI, which must run every test.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from support.paths import ROOT
from support.tools import IN_CI, require_tool

AXE = ROOT / ".tools" / "web" / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / ".tools" / "web" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

EVENT_HANDLERS = """() => [...document.querySelectorAll('*')].flatMap(element =>
    [...element.attributes].filter(a => a.name.toLowerCase().startsWith('on'))
    .map(a => element.tagName + ' ' + a.name))"""
SCRIPT_URLS = """() => [...document.querySelectorAll('[href], [src], [action], [formaction]')].flatMap(element =>
    ['href', 'src', 'action', 'formaction'].map(name => (element.getAttribute(name) || '').trim().toLowerCase())
    .filter(value => value.startsWith('javascript:')))"""


def without_csp(page: Path, copy: Path) -> Path:
    """A copy of a page with its Content-Security-Policy taken out (escaping alone must hold); returns the copy."""
    html, removed = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page.read_text(encoding="utf-8"))
    assert removed == 1
    copy.write_text(html, encoding="utf-8")
    return copy


def _missing(tool: Path, name: str) -> None:
    message = f"{name} is not installed at {tool.relative_to(ROOT)} (run scripts/install.sh --for-tests)"
    if IN_CI:
        pytest.fail(f"{message}, but CI must run every test")
    pytest.skip(message)


def axe_source() -> str:
    """axe.min.js, to be evaluated in a page (of a context made with bypass_csp=True where a CSP forbids it)."""
    if not AXE.is_file():
        _missing(AXE, "axe-core")
    return AXE.read_text(encoding="utf-8")


def violations(page, axe_source: str) -> list[str]:
    """axe's violations on the page as it is now, one line per rule with the elements it hit."""
    page.evaluate(axe_source)
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)""")
    return found


def validate_html(files: list[Path]) -> dict[str, list[str]]:
    """vnu's errors per file (warnings and info left out), as 'line:col: message'."""
    if not VNU.is_file():
        _missing(VNU, "vnu-jar")
    require_tool("java")
    done = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
                          capture_output=True, text=True, timeout=300)
    found: dict[str, list[str]] = {}
    for message in json.loads(done.stderr or '{"messages": []}')["messages"]:
        where = Path(message.get("url", "").removeprefix("file:")).name or "?"
        found.setdefault(where, []).append(f"{message.get('lastLine', '?')}:{message.get('firstColumn', '?')}: "
                                           f"{message['type']}: {message['message']}")
    return found
