"""Findings as a SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers."""

from __future__ import annotations

from urllib.parse import quote

from journeymap import __version__
from journeymap.findings import ERROR, Diagnostic
from journeymap.rules.registry import RULES
from journeymap.writer import json_text


def format_sarif(diagnostics: list[Diagnostic], files: list[str]) -> str:
    """A SARIF 2.1.0 log (for GitHub code scanning and other SARIF viewers)."""
    rule_ids = list(RULES)
    rules = []
    for rule_id, module in RULES.items():
        summary = (module.__doc__ or rule_id).strip().splitlines()[0]
        rules.append({"id": rule_id, "shortDescription": {"text": summary},
                      "defaultConfiguration": {"level": "error" if module.SEVERITY == ERROR else "warning"}})
    results = [{
        "ruleId": d.rule, "ruleIndex": rule_ids.index(d.rule) if d.rule in rule_ids else -1,
        "level": "error" if d.severity == ERROR else "warning",
        "message": {"text": d.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": quote(d.file)},
                                            "region": {"startLine": d.line, "startColumn": d.column}}}],
    } for d in diagnostics]
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "journeymap", "version": __version__, "semanticVersion": __version__,
                                "rules": rules}},
            "artifacts": [{"location": {"uri": quote(f)}} for f in files],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json_text(log)
