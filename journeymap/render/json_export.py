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
        "model": _finite(_without_unnamed_money(journey.model.model_dump(mode="json", warnings=False))),
        "analysis": _finite(to_dict(analysis)),
        "findings": [d.as_dict() for d in diagnostics],
    }


# Keys of issue 28 (money, detail links) and 29 (the customer's voice) a map may leave out: left out of the
# export too when empty, so the export of a map that uses none of them stays what it was.
_LEFT_OUT_WHEN_NONE = {"": ("currency", "competitors", "swot"), "personas": ("clv",),
                       "touchpoints": ("detail", "expectation", "expects", "benchmark", "listen"),
                       "opportunities": ("effect",)}
_EMPTY = (None, [], {})


# Settings of issue 29 left out at their defaults: the gap weighs nothing, broken promises at the usual -2.
_LEFT_OUT_AT_DEFAULT = ((("analysis", "weights"), "gap", 0), (("rules",), "expectation_gap", -2),
                        (("rules",), "feedback_min_rows", 10))


def _without_unnamed_money(model: dict) -> dict:
    for path, key, default in _LEFT_OUT_AT_DEFAULT:
        settings = model
        for part in path:
            settings = settings.get(part, {})
        if settings.get(key) == default:
            settings.pop(key, None)
    for key in _LEFT_OUT_WHEN_NONE[""]:
        if model.get(key) in _EMPTY:
            model.pop(key, None)
    for kind, keys in _LEFT_OUT_WHEN_NONE.items():
        for item in model.get(kind, []) if kind else []:
            for key in keys:
                if item.get(key) in _EMPTY:
                    item.pop(key, None)
    return model


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
