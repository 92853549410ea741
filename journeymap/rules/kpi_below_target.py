"""kpi-below-target (warning): a KPI is worse than its target.

Direction-aware: for ``ces``, ``churn``, ``ttr_hours`` and ``cost`` lower is better, so "below
target" means above the target number; any other KPI is higher-is-better unless its mapping says
``better: lower`` (a waiting time, a count of complaints). The ``unit`` it declares follows each
number in the message. Where ``data:``
survey responses give an nps, csat or ces for the touchpoint, the computed value is compared
with the declared target.

Passing::

    kpis:
      churn: {value: 0.1, target: 0.2}

Failing::

    kpis:
      churn: {value: 0.42, target: 0.2}     # churn 0.42 is worse than its target 0.2 (lower is better)
      wait_minutes: {value: 35, target: 10, better: lower, unit: min}   # 35 min ... target 10 min
"""

from journeymap.findings import WARNING, Diagnostic
from journeymap.evidence.kpis import touchpoint_kpis
from journeymap.i18n.catalog import Term, phrase, plural_key

ID = "kpi-below-target"
SEVERITY = WARNING
READS = ("model", "data")  # not run while an error BREAKS one of these


def check(journey):
    index = {t.id: i for i, t in reversed(list(enumerate(journey.model.touchpoints)))}
    for touchpoint, kpis in touchpoint_kpis(journey).items():
        for kpi in kpis:
            if kpi.meets_target is False:
                basis = (phrase(plural_key("kpi.computed", kpi.responses, table="messages"), responses=kpi.responses)
                         if kpi.source == "computed" else "")
                better = phrase("better.lower" if kpi.lower_is_better else "better.higher")
                yield Diagnostic.said(journey.at("touchpoints", index[touchpoint], "kpis", kpi.name), SEVERITY, ID,
                                      phrase(ID, kpi=Term(f"kpi.{kpi.name}", kpi.name), value=round(kpi.value, 2),
                                             basis=basis, touchpoint=touchpoint, target=kpi.target, better=better,
                                             unit=f" {kpi.unit}" if kpi.unit else ""))
