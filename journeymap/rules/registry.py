"""Validation rules: one module per rule id, registered here in the order of the format spec.

Each module has `ID`, `SEVERITY`, a docstring that is its user documentation (with a passing
and a failing example), and, for rules that look at a loaded map, `check(journey)` yielding
Diagnostics. Rules of the `load` stage are reported while reading the file; their modules hold
the documentation and the rule id.
"""

from __future__ import annotations

from types import ModuleType

from journeymap.rules import (backward_flow, conformance_below_target, data_error, dead_end, detail_error,
                              duplicate_id, duplicate_key, encoding, expectation_gap, feedback_contradicts_map,
                              include_error, input_limit, kpi_below_target, no_owner, observed_flow_mismatch,
                              persona_without_touchpoints, schema, share_overflow, stale_data, unaddressed_friction,
                              unknown_reference, unmapped_events, unmapped_flow, unreachable, unused_definition,
                              yaml_syntax)

_MODULES = (
    yaml_syntax, encoding, duplicate_key, schema, duplicate_id, unknown_reference, share_overflow,
    include_error, data_error, input_limit,
    unreachable, dead_end, backward_flow, no_owner, unaddressed_friction, unused_definition,
    persona_without_touchpoints, stale_data, kpi_below_target,
    observed_flow_mismatch, unmapped_flow, unmapped_events, conformance_below_target,
    detail_error,  # the journey architecture (issue 28): a touchpoint's `detail` map
    expectation_gap, feedback_contradicts_map,  # the customer's voice (issue 29)
)
RULES: dict[str, ModuleType] = {module.ID: module for module in _MODULES}
LOAD_STAGE = frozenset(rule for rule, module in RULES.items() if getattr(module, "check", None) is None)


def map_rules() -> list[ModuleType]:
    """Rules that check a loaded map, in registry order."""
    return [module for module in _MODULES if getattr(module, "check", None) is not None]
