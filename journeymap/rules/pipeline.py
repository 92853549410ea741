"""The validation pipeline: load -> schema -> graph -> rules -> rule settings, collecting every finding."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from journeymap.findings import ERROR, Diagnostic, sort_diagnostics
from journeymap.source.document import Document, load_document
from journeymap.source.loader import DEFAULT_MAX_BYTES
from journeymap.source.project import Project
from journeymap.runtime import gc_paused
from journeymap.suggest import did_you_mean, listing

if TYPE_CHECKING:
    from journeymap.model.journey import Journey


# When a library is lost, the personas or phases it would have brought are not missing twice.
_LIBRARY_KEYS_MISSING = frozenset({"missing required key 'personas'", "missing required key 'phases'"})


@dataclass
class Validation:
    """The outcome for one map file: the journey (when it could be built) and every finding."""

    path: str
    journey: Journey | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    warnings_skipped: bool = False  # errors left parts unsound, so some warning rules did not run
    document: Document | None = None  # the merged plain data and its positions, schema errors or not

    @property
    def has_errors(self) -> bool:
        return any(d.severity == ERROR for d in self.diagnostics)


def validate_file(path: Path, display: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES,
                  today: dt.date | None = None, allow_outside: bool = False, root: Path | None = None,
                  engine: str = "duckdb", content: bytes | None = None,
                  buffers: Mapping[Path, bytes] | None = None) -> Validation:
    """Load and check one map; never raises for bad input.

    The map reads files only inside its project (project.py): `root`, by default the git work
    tree that holds it; `allow_outside` lifts that. `engine` reads its event logs (observe/).
    `content`: check these bytes as the map's text instead of the file's (an edit before it is written);
    `buffers`: the same for included files, by resolved path (libraries open, unsaved, in an editor).
    """
    project = Project.of(path, allow_outside=allow_outside, root=root)
    with gc_paused():
        return _validate(path, display, max_bytes, today, project, engine, content, buffers)


def _read_observations(journey: Journey, engine: str) -> list:
    """The map's event logs, observed by the evidence stage (imported only when a rule asks)."""
    from journeymap.evidence.observe.run import observe
    return observe(journey, engine)


def _read_surveys(journey: Journey) -> list:
    """The map's `data:` CSV files, read by the evidence stage (imported only when a rule asks)."""
    from journeymap.evidence.survey import read_surveys
    return read_surveys(journey)


def _read_feedback(journey: Journey) -> list:
    """The map's feedback files, read by the evidence stage (imported only when a rule asks)."""
    from journeymap.evidence.feedback.read import read_feedback
    return read_feedback(journey)


def _validate(path: Path, display: str | None, max_bytes: int, today: dt.date | None, project: Project,
              engine: str, content: bytes | None, buffers: Mapping[Path, bytes] | None) -> Validation:
    document = load_document(path, display, max_bytes=max_bytes, project=project, content=content, buffers=buffers)
    result = Validation(document.path, diagnostics=list(document.diagnostics), document=document)
    if document.sourcemap is None:
        result.warnings_skipped = True
        return _done(result)
    from journeymap.model.typed import to_model

    model, problems, salvage = to_model(document.data, document.sourcemap)
    if document.library_lost:
        problems = [p for p in problems if p.message not in _LIBRARY_KEYS_MISSING]
    if model is None:
        result.diagnostics.extend(problems)
        result.warnings_skipped = True
        return _done(result)
    # the rules load only for maps that have something left to check.
    from journeymap.model.flows import Flows
    from journeymap.model.journey import Journey
    journey = Journey(document, model, Flows.of(model), today or dt.date.today(), salvage,
                      read_observations=partial(_read_observations, engine=engine), read_surveys=_read_surveys, read_feedback=_read_feedback)
    result.diagnostics.extend(problems)
    _run_rules(journey, result)
    result.diagnostics.extend(_check_rule_settings(journey))  # a misspelt setting leaves the map itself sound
    if not journey.is_partial:
        result.journey = journey
    return _done(result)


def _run_rules(journey: Journey, result: Validation) -> None:
    """The error rules always; a warning rule only when no error left what it READS unsound."""
    from journeymap.rules.registry import RULES, map_rules

    rules = map_rules()
    result.diagnostics.extend(_findings(journey, [rule for rule in rules if rule.SEVERITY == ERROR]))
    unsound = {RULES[d.rule].BREAKS for d in result.diagnostics if d.severity == ERROR and d.rule in RULES}
    warning_rules = [rule for rule in rules if rule.SEVERITY != ERROR]
    runnable = [rule for rule in warning_rules if not unsound.intersection(rule.READS)]
    result.warnings_skipped = len(runnable) < len(warning_rules)
    result.diagnostics.extend(_findings(journey, runnable))


def _findings(journey: Journey, rules) -> list[Diagnostic]:
    return apply_rule_settings(journey, [d for rule in rules for d in rule.check(journey)])


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
    from journeymap.rules.registry import LOAD_STAGE, RULES

    settings = journey.model.rules
    named = [(("rules", "disable", i), rule) for i, rule in enumerate(settings.disable)]
    named += [(("rules", "severity", rule), rule) for rule in settings.severity]
    for path, rule in named:
        at = journey.at(*path) if path[1] == "disable" else journey.key_at(*path)
        if rule not in RULES:
            changeable = [name for name in RULES if name not in LOAD_STAGE]
            hint = did_you_mean(rule, RULES) or f"; {listing(changeable, 'rule', 'rules a map can change')}"
            yield Diagnostic.at(at, ERROR, "schema", f"unknown rule '{rule}'{hint}")
        elif rule in LOAD_STAGE:
            yield Diagnostic.at(at, ERROR, "schema",
                                f"rule '{rule}' cannot be changed: a map that breaks it cannot be read at all")
