"""The report's "Observed journeys" section: designed vs observed flows of each event log, as plain values."""

from __future__ import annotations

from journeymap.analysis.designed_vs_observed import compare
from journeymap.render.observations import duration

SHOWN_SHARE = 0.01   # flows the map lacks, from 1 % of the source's visits
UNMAPPED_SHOWN = 5
NBSP = "\u00a0"  # "3.5 min" never breaks between number and unit


def observed_logs(journey, order: list[str], names: dict[str, str], lang: str) -> list[dict]:
    """One entry per observed event log (a log with errors never reaches a report)."""
    tolerance = journey.model.rules.flow_tolerance
    logs = []
    for log in journey.observations:
        observation = log.observation
        if observation is None:
            continue
        flows = compare(journey, observation.flows)
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
                      for tp in order if (stats := observation.flows.touchpoints.get(tp)) is not None],
        })
    return logs


def _flow(flow, names: dict[str, str], tolerance: float) -> dict:
    off = flow.off(tolerance)
    return {"source": names.get(flow.source, flow.source), "target": names.get(flow.target, flow.target),
            "designed": None if flow.designed_share is None else 100 * flow.designed_share,
            "observed": None if flow.observed_share is None else 100 * flow.observed_share,
            "count": flow.observed, "off": off,
            "direction": None if not off else ("▲" if flow.observed_share > flow.designed_share else "▼")}


