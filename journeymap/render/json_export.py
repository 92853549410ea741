"""The `json` export: the validated model, its analysis and the findings, for other tools (docs/exports.md)."""

from __future__ import annotations

import math
import re

from journeymap.writer import json_text

EXPORT_FORMAT = 1
_SURROGATE = re.compile("[\ud800-\udfff]")


def export_data(journey, analysis, diagnostics=()) -> dict:
    """The export as plain JSON-ready data."""
    from journeymap.analysis.run import to_dict

    return {
        "journeymap_export": EXPORT_FORMAT,
        # warnings=False: pydantic cannot tell which side of a scalar-or-mapping union it serialises
        # and warns, although the output is right (the value is dumped as it is).
        "model": _finite(journey.model.model_dump(mode="json", warnings=False)),
        "analysis": _finite(to_dict(analysis)),
        "findings": [d.as_dict() for d in diagnostics],
    }


def render_json(journey, analysis, diagnostics=()) -> str:
    """Sorted keys, two-space indent, UTF-8 text as it is (a lone surrogate as its \\u escape)."""
    text = json_text(export_data(journey, analysis, diagnostics), sort_keys=True)
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


def _finite(value):
    """NaN and infinities (possible in KPIs without a range) are not JSON: null instead."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value
