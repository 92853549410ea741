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
from journeymap.model.graph import has_flows, last_phase_index, phases_known
from journeymap.i18n.catalog import phrase

ID = "dead-end"
SEVERITY = WARNING
READS = ("model", "references")  # not run while an error BREAKS one of these


def check(journey):
    graph = journey.graph
    if not has_flows(graph) or not phases_known(graph):
        return  # no flows, or an unknown phase (an unknown-reference error) leaves no order to check
    last = last_phase_index(graph)
    for node, data in graph.nodes(data=True):
        if not data["touchpoint"].next and data["phase_index"] < last:
            yield Diagnostic.said(journey.key_at("touchpoints", data["index"], "id"), SEVERITY, ID,
                                  phrase(ID, touchpoint=node))
