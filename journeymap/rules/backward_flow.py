"""backward-flow (warning): an edge goes to an earlier phase without ``loop: true``.

Journeys run left to right through the phases. A return to an earlier phase is either a
mistake or an intended loop (a repeat purchase): say so with ``loop: true``.

Passing::

    next:
      - {to: browse, loop: true, label: "buys again"}

Failing::

    next: [browse]        # 'renew' -> 'browse' goes back from phase 'Renew' to 'Discover'
"""

from journeymap.findings import WARNING, Diagnostic
from journeymap.i18n.catalog import phrase
from journeymap.model.format import Edge

ID = "backward-flow"
SEVERITY = WARNING
READS = ("model", "references")  # not run while an error BREAKS one of these


def check(journey):
    steps = journey.flows.steps
    names = {phase.id: phase.name for phase in journey.model.phases}
    for flow in journey.flows.flows:
        here, there = steps[flow.source], steps[flow.target]
        if flow.loop or there.phase_index >= here.phase_index:
            continue
        if here.touchpoint.phase not in names or there.touchpoint.phase not in names:
            continue  # an unknown phase has no place in the order; unknown-reference reports it
        item = here.touchpoint.next[flow.index]
        path = ("touchpoints", here.index, "next", flow.index) + (("to",) if isinstance(item, Edge) else ())
        yield Diagnostic.said(journey.at(*path), SEVERITY, ID,
                              phrase(ID, source=flow.source, target=flow.target,
                                     from_phase=names[here.touchpoint.phase], to_phase=names[there.touchpoint.phase]))
