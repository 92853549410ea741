"""unreachable (warning): no entry touchpoint leads to this touchpoint.

Only where the map has flows (some ``next``) and every touchpoint's phase exists. Entries are
the touchpoints of the first phase that has touchpoints and no incoming edge (``loop`` edges
aside). A touchpoint that no path of ``next`` edges reaches from an entry is probably missing
from someone's ``next``.

Passing::

    - {id: browse, name: "Browses", phase: discover, next: [buy]}
    - {id: buy, name: "Buys", phase: purchase}

Failing::

    - {id: browse, name: "Browses", phase: discover, next: [buy]}
    - {id: buy, name: "Buys", phase: purchase}
    - {id: gift, name: "Buys a gift card", phase: purchase}   # nothing leads here
"""

import networkx as nx

from journeymap.findings import WARNING, Diagnostic
from journeymap.model.graph import entry_touchpoints, has_flows, phases_known
from journeymap.i18n.catalog import phrase

ID = "unreachable"
SEVERITY = WARNING
READS = ("model", "references")  # not run while an error BREAKS one of these


def check(journey):
    graph = journey.graph
    if not has_flows(graph) or not phases_known(graph):
        return  # no flows, or an unknown phase (an unknown-reference error) leaves no order to check
    entries = entry_touchpoints(graph)
    reached = set(entries)
    for entry in entries:
        reached |= nx.descendants(graph, entry)
    for node in sorted(set(graph) - reached, key=lambda n: graph.nodes[n]["index"]):
        index = graph.nodes[node]["index"]
        yield Diagnostic.said(journey.key_at("touchpoints", index, "id"), SEVERITY, ID,
                              phrase(ID, touchpoint=node, entries=", ".join(entries)))
