"""kpi-below-target (warning): a declared KPI is worse than its target.

Direction-aware: for ``ces``, ``churn``, ``ttr_hours`` and ``cost`` lower is better, so "below
target" means above the target number; for every other KPI higher is better.

Passing::

    kpis:
      churn: {value: 0.1, target: 0.2}

Failing::

    kpis:
      churn: {value: 0.42, target: 0.2}     # churn 0.42 is worse than its target 0.2 (lower is better)
"""

from journeymap.diagnostics import WARNING, Diagnostic
from journeymap.model import LOWER_IS_BETTER, format_number, kpi_value

ID = "kpi-below-target"
SEVERITY = WARNING


def misses_target(name: str, value: float, target: float) -> bool:
    return value > target if name in LOWER_IS_BETTER else value < target


def check(journey):
    for i, touchpoint in enumerate(journey.model.touchpoints):
        for name, kpi in touchpoint.kpis.items():
            value, target = kpi_value(kpi)
            if target is not None and misses_target(name, value, target):
                better = "lower" if name in LOWER_IS_BETTER else "higher"
                yield Diagnostic.at(journey.at("touchpoints", i, "kpis", name), SEVERITY, ID,
                                    f"{name} {format_number(value)} at '{touchpoint.id}' is worse than its target "
                                    f"{format_number(target)} ({better} is better)")
