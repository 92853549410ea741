"""The validation pipeline: load -> schema -> graph -> rules -> rule settings, collecting every finding."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

from journeymap.diagnostics import ERROR, Diagnostic, sort_diagnostics
from journeymap.document import load_document
from journeymap.loader import DEFAULT_MAX_BYTES
from journeymap.runtime import gc_paused
from journeymap.suggest import did_you_mean

if TYPE_CHECKING:
    from journeymap.journey import Journey


# When an include failed, the personas or phases it would have brought are not missing twice.
_LIBRARY_KEYS_MISSING = frozenset({"missing required key 'personas'", "missing required key 'phases'"})


@dataclass
class Validation:
    """The outcome for one map file: the journey (when it could be built) and every finding."""

    path: str
    journey: Journey | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(d.severity == ERROR for d in self.diagnostics)


def validate_file(path: Path, display: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES,
                  today: dt.date | None = None) -> Validation:
    """Load and check one map; never raises for bad input."""
    with gc_paused():
        return _validate(path, display, max_bytes, today)


def _validate(path: Path, display: str | None, max_bytes: int, today: dt.date | None) -> Validation:
    document = load_document(path, display, max_bytes=max_bytes)
    result = Validation(document.path, diagnostics=list(document.diagnostics))
    if document.sourcemap is None:
        return _done(result)
    from journeymap.schema import to_model

    model, problems = to_model(document.data, document.sourcemap)
    if any(d.rule == "include-error" for d in document.diagnostics):
        problems = [p for p in problems if p.message not in _LIBRARY_KEYS_MISSING]
    result.diagnostics.extend(problems)
    if model is None or result.has_errors:
        return _done(result)
    # networkx and the rules load only for maps that passed the schema: broken input is reported fast.
    from journeymap.graph import build_graph
    from journeymap.journey import Journey
    from journeymap.rules import map_rules
    journey = Journey(document, model, build_graph(model), today or dt.date.today())
    settings_problems = list(_check_rule_settings(journey))
    findings = [d for rule in map_rules() for d in rule.check(journey)]
    result.diagnostics.extend(settings_problems + apply_rule_settings(journey, findings))
    result.journey = journey
    return _done(result)


def _done(result: Validation) -> Validation:
    result.diagnostics = sort_diagnostics(result.diagnostics)
    return result


def apply_rule_settings(journey: Journey, findings: list[Diagnostic]) -> list[Diagnostic]:
    """`rules: {disable: [...], severity: {...}}` of the map: drop or re-grade findings."""
    settings = journey.model.rules
    severity = dict(settings.severity)
    for rule in settings.disable:
        severity[rule] = "off"
    kept = []
    for finding in findings:
        level = severity.get(finding.rule, finding.severity)
        if level != "off":
            kept.append(finding.with_severity(level))
    return kept


def _check_rule_settings(journey: Journey):
    from journeymap.rules import LOAD_STAGE, RULES

    settings = journey.model.rules
    named = [(("rules", "disable", i), rule) for i, rule in enumerate(settings.disable)]
    named += [(("rules", "severity", rule), rule) for rule in settings.severity]
    for path, rule in named:
        at = journey.at(*path) if path[1] == "disable" else journey.key_at(*path)
        if rule not in RULES:
            yield Diagnostic.at(at, ERROR, "schema", f"unknown rule '{rule}'{did_you_mean(rule, RULES)}")
        elif rule in LOAD_STAGE:
            yield Diagnostic.at(at, ERROR, "schema",
                                f"rule '{rule}' cannot be changed: a map that breaks it cannot be read at all")
