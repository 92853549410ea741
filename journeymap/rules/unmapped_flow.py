"""unmapped-flow (warning): customers take a step in the event log that the map does not have.

An observed transition from a touchpoint to another that is not in its ``next``, taken by at least
5 % of the visits there (and the touchpoint has at least 30 visits), is reported at the touchpoint.
Add the ``next`` (the journey really goes there), or find out why customers go there.

Passing::

    - id: checkout
      next: [payment, hotline]          # 12 % of checkout visits go on to the hotline

Failing::

    - id: checkout                      # 12 % of the visits at 'checkout' go on to 'hotline'
      next: [payment]
"""

from journeymap.findings import WARNING, Diagnostic
from journeymap.i18n.catalog import phrase
from journeymap.rules.observed_flow_mismatch import percent

ID = "unmapped-flow"
SEVERITY = WARNING
READS = ("model", "references", "data")  # not run while an error BREAKS one of these


def check(journey):
    from journeymap.analysis.designed_vs_observed import compare

    for log in journey.observations:
        if log.observation is None:
            continue
        for flow in compare(journey, log.observation.flows):
            if flow.lacking:
                yield Diagnostic.said(journey.key_at("touchpoints", flow.touchpoint_index, "id"), SEVERITY, ID,
                                      phrase(ID, source=flow.source, target=flow.target, visits=flow.visits,
                                             observed=percent(flow.observed_share),
                                             log=journey.model.data[log.index].file))
