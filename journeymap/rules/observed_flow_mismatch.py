"""observed-flow-mismatch (warning): a designed share differs from the share observed in an event log.

For every ``next`` with a ``share``, the observed share is the fraction of visits at the touchpoint
whose next touchpoint in the log is the target, and its 95 % Wilson interval says how far chance
alone could move it. The ``next`` entry is reported where the designed share lies outside that
interval and differs from the observed share by more than ``rules: {flow_tolerance: …}`` (default
0.1): 15 of 40 visits (37.5 %, interval 24–53 %) do not contradict a designed 50 %; 375 of 1,000
visits (interval 35–41 %) do.

Passing (the log shows 74 % of cart visits going on to checkout)::

    next:
      - {to: checkout, share: 0.76}

Failing (the log shows 50 %)::

    next:
      - {to: checkout, share: 0.76}    # designed at 76 % but observed at 50 % of 4,210 visits (95 % interval 48–52 %)
"""

from journeymap.findings import WARNING, Diagnostic
from journeymap.i18n.catalog import phrase

ID = "observed-flow-mismatch"
SEVERITY = WARNING
READS = ("model", "references", "data")  # not run while an error BREAKS one of these


def check(journey):
    from journeymap.analysis.designed_vs_observed import compare

    tolerance = journey.model.rules.flow_tolerance
    for log in journey.observations:
        if log.observation is None:
            continue
        for flow in compare(journey, log.observation.flows):
            if flow.off(tolerance):
                low, high = flow.interval
                yield Diagnostic.said(journey.at("touchpoints", flow.touchpoint_index, "next", flow.next_index),
                                      SEVERITY, ID, phrase(ID, source=flow.source, target=flow.target,
                                                           designed=percent(flow.designed_share),
                                                           observed=percent(flow.observed_share), visits=flow.visits,
                                                           log=journey.model.data[log.index].file,
                                                           low=percent(low), high=percent(high)))


def percent(share: float) -> int | float:
    """76 for 0.76; one decimal below 10 % (4.5), so a small share does not read as 0."""
    value = round(share * 100, 1 if share < 0.1 else 0)
    return int(value) if float(value).is_integer() else value
