"""dead-end (warning): a touchpoint has no ``next`` and is not in the last phase.

Only where the map has flows and every touchpoint's phase exists. Customers who reach it go
nowhere: add where they go next, or move it to the last phase. The last phase is the last one
that has touchpoints.

Passing::

    - {id: buy, name: "Buys", phase: purchase, next: [unbox]}
    - {id: unbox, name: "Unboxes", phase: use}          # last phase: may end here

Failing::

    - {id: buy, name: "Buys", phase: purchase}          # dead end before the last phase
    - {id: unbox, name: "Unboxes", phase: use}
"""

from journeymap.findings import WARNING, Diagnostic
from journeymap.i18n.catalog import phrase

ID = "dead-end"
SEVERITY = WARNING
READS = ("model", "references")  # not run while an error BREAKS one of these


def check(journey):
    flows = journey.flows
    if not flows.has_flows() or not flows.phases_known():
        return  # no flows, or an unknown phase (an unknown-reference error) leaves no order to check
    last = flows.last_phase_index()
    for step in flows.steps.values():
        if not step.touchpoint.next and step.phase_index < last:
            yield Diagnostic.said(journey.key_at("touchpoints", step.index, "id"), SEVERITY, ID,
                                  phrase(ID, touchpoint=step.id))
