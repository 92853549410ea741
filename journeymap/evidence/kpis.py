"""KPIs per touchpoint: declared values, values computed from survey data, and targets.

A KPI computed from `data:` responses takes the place of the declared value (the declared
target stays); a large disagreement between the two is recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from journeymap.model.format import kpi_better, kpi_unit, kpi_value

# A computed value "disagrees" with a declared one when they differ by more than 10% of the scale.
SCALE_SPAN = {"nps": 200.0, "csat": 100.0, "ces": 6.0}
DISAGREEMENT = 0.10


@dataclass(frozen=True)
class Kpi:
    """One KPI of one touchpoint as analysis and reports see it."""

    touchpoint: str
    name: str
    value: float
    target: float | None
    source: str  # "declared" or "computed"
    responses: int | None = None
    newest_response: dt.date | None = None
    declared_value: float | None = None
    disagrees: bool = False
    better: str = "higher"  # "higher" or "lower": the known KPI's direction, else the declared one
    unit: str | None = None

    @property
    def lower_is_better(self) -> bool:
        return self.better == "lower"

    @property
    def meets_target(self) -> bool | None:
        if self.target is None:
            return None
        return self.value <= self.target if self.lower_is_better else self.value >= self.target


def nps(scores: list[float]) -> int:
    """% promoters (9-10) minus % detractors (0-6), rounded to a whole number (half away from zero)."""
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return _round_half_away(100.0 * (promoters - detractors) / len(scores))


def csat(scores: list[float]) -> float:
    """% of responses that are 4 or 5."""
    return 100.0 * sum(1 for s in scores if s >= 4) / len(scores)


def ces(scores: list[float]) -> float:
    """Mean effort score."""
    return sum(scores) / len(scores)


FORMULAS = {"nps": nps, "csat": csat, "ces": ces}


def _round_half_away(value: float) -> int:
    rounded = int(abs(value) + 0.5 + 1e-9)
    return rounded if value >= 0 else -rounded


def touchpoint_kpis(journey) -> dict[str, list[Kpi]]:
    """Every touchpoint's KPIs (declared, replaced by computed where survey data exists)."""
    computed = _computed(journey)
    result: dict[str, list[Kpi]] = {}
    for touchpoint in journey.model.touchpoints:
        if touchpoint.id in result:
            continue
        kpis = {}
        for name, declared in touchpoint.kpis.items():
            value, target = kpi_value(declared)
            kpis[name] = Kpi(touchpoint.id, name, value, target, "declared",
                             better=kpi_better(name, declared), unit=kpi_unit(declared))
        for name, (value, responses, newest) in sorted(computed.get(touchpoint.id, {}).items()):
            declared = kpis.get(name)
            declared_value = declared.value if declared else None
            kpis[name] = Kpi(touchpoint.id, name, value, declared.target if declared else None, "computed",
                             responses, newest, declared_value, _disagrees(name, value, declared_value),
                             kpi_better(name, None), declared.unit if declared else None)
        result[touchpoint.id] = list(kpis.values())
    return result


def _computed(journey) -> dict[str, dict[str, tuple]]:
    """touchpoint -> kind -> (value, responses, newest date), from all data sources of that kind."""
    scores: dict[tuple[str, str], list] = {}
    for survey in journey.surveys:
        for response in survey.responses:
            scores.setdefault((response.touchpoint, survey.source.kind), []).append(response)
    result: dict[str, dict[str, tuple]] = {}
    for (touchpoint, kind), responses in sorted(scores.items()):
        values = [r.score for r in responses]
        dates = [r.date for r in responses if r.date is not None]
        result.setdefault(touchpoint, {})[kind] = (FORMULAS[kind](values), len(values), max(dates) if dates else None)
    return result


def _disagrees(name: str, computed: float, declared: float | None) -> bool:
    if declared is None:
        return False
    return abs(computed - declared) > DISAGREEMENT * SCALE_SPAN[name]
