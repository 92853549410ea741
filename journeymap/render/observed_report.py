"""The report's "Observed journeys" section: designed vs observed flows, conformance, variants and time to outcome
of each event log, as plain values for the template."""

from __future__ import annotations

from journeymap.analysis.conformance import UNDESIGNED, conformance
from journeymap.analysis.designed_vs_observed import compare
from journeymap.evidence.observe.result import ObservedFlows
from journeymap.render.observations import duration

SHOWN_SHARE = 0.01   # flows the map lacks, from 1 % of the source's visits
UNMAPPED_SHOWN = 5
VARIANTS_SHOWN = 10
DEVIATIONS_SHOWN = 10  # the most frequent; `journeymap observe` lists them all
NBSP = "\u00a0"  # "3.5 min" never breaks between number and unit


def observed_logs(journey, order: list[str], names: dict[str, str], lang: str) -> list[dict]:
    """One entry per observed event log (a log with errors never reaches a report)."""
    tolerance = journey.model.rules.flow_tolerance
    personas = {persona.id: persona.name for persona in journey.model.personas}
    logs = []
    for log in journey.observations:
        observation = log.observation
        if observation is None:
            continue
        flows = compare(journey, observation.flows)
        groups = [(None, None, observation.flows)] + [(persona, personas.get(persona, persona), figures)
                                                      for persona, figures in observation.personas.items()]
        logs.append({
            "file": journey.model.data[log.index].file, "cases": observation.cases, "events": observation.events,
            "mapped": 100 * observation.mapped_share,
            "unmapped_events": observation.unmapped[:UNMAPPED_SHOWN],
            "designed": [_flow(f, names, tolerance) for f in flows if f.designed],
            "unmapped": [_flow(f, names, tolerance) for f in flows if not f.designed
                         and (f.observed_share or 0) >= SHOWN_SHARE],
            "times": [{"name": names[tp], "reach": stats.reach,
                       "median": duration(stats.median_seconds_to_next, lang, space=NBSP),
                       "p90": duration(stats.p90_seconds_to_next, lang, space=NBSP)}
                      for tp, stats in ((tp, observation.flows.touchpoints.get(tp)) for tp in order) if stats],
            "conformance": _conformance(journey, observation.flows, names),
            "conformance_by_persona": [{"persona": name, "id": persona, **_rate(figures)}
                                       for persona, name, figures in groups[1:] if figures.paths.cases],
            "variants": [{"persona": name, "id": persona, "rows": _variants(figures, names)}
                         for persona, name, figures in groups if figures.paths.variants],
            "outcomes": [_outcomes(persona, name, figures, lang) for persona, name, figures in groups
                         if figures.paths.cases],
        })
    return logs


def _flow(flow, names: dict[str, str], tolerance: float) -> dict:
    off = flow.off(tolerance)
    low, high = flow.interval or (None, None)
    return {"source": names.get(flow.source, flow.source), "target": names.get(flow.target, flow.target),
            "designed": None if flow.designed_share is None else 100 * flow.designed_share,
            "observed": None if flow.observed_share is None else 100 * flow.observed_share,
            "low": None if low is None else 100 * low, "high": None if high is None else 100 * high,
            "count": flow.observed, "off": off,
            "direction": None if not off else ("▲" if flow.observed_share > flow.designed_share else "▼")}


def _rate(flows: ObservedFlows) -> dict:
    paths = flows.paths
    return {"cases": paths.cases, "conforming": paths.conforming,
            "rate": None if paths.conformance is None else 100 * paths.conformance}


def _conformance(journey, flows: ObservedFlows, names: dict[str, str]) -> dict:
    checked = conformance(journey, flows)
    return {**_rate(flows), "more": max(0, len(checked.deviations) - DEVIATIONS_SHOWN), "deviations": [
        {"kind": d.kind, "source": names.get(d.touchpoint, d.touchpoint),
         "target": names.get(d.target, d.target) if d.kind == UNDESIGNED else None, "cases": d.cases,
         "line": journey.at("touchpoints", d.touchpoint_index).line} for d in checked.deviations[:DEVIATIONS_SHOWN]]}


def _variants(flows: ObservedFlows, names: dict[str, str]) -> list[dict]:
    cases = flows.paths.cases
    return [{"steps": [names.get(tp, tp) for tp in variant.path], "cases": variant.cases,
             "share": 100 * variant.cases / cases} for variant in flows.paths.variants[:VARIANTS_SHOWN]]


def _outcomes(persona, name, flows: ObservedFlows, lang: str) -> dict:
    paths = flows.paths
    return {"persona": name, "id": persona, "rows": [
        {"reached": reached, "cases": outcome.cases, "median": duration(outcome.median_seconds, lang, space=NBSP),
         "p90": duration(outcome.p90_seconds, lang, space=NBSP)}
        for reached, outcome in ((True, paths.reached), (False, paths.not_reached)) if outcome.cases]}
