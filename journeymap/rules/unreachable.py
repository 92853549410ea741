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

from journeymap.findings import WARNING, Diagnostic
from journeymap.i18n.catalog import phrase

ID = "unreachable"
SEVERITY = WARNING
READS = ("model", "references")  # not run while an error BREAKS one of these


def check(journey):
    flows = journey.flows
    if not flows.has_flows() or not flows.phases_known():
        return  # no flows, or an unknown phase (an unknown-reference error) leaves no order to check
    entries = flows.entries()
    reached = flows.reachable_from(entries)
    for step in flows.steps.values():
        if step.id not in reached:
            yield Diagnostic.said(journey.key_at("touchpoints", step.index, "id"), SEVERITY, ID,
                                  phrase(ID, touchpoint=step.id, entries=", ".join(entries)))
