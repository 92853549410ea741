"""share-overflow (error): the shares out of one touchpoint add up to more than 1.

``share`` is the fraction of customers at a touchpoint who continue to a target; together they
can be at most 1 (the rest drop off).

Passing::

    next:
      - {to: pay, share: 0.7}
      - {to: abandon, share: 0.3}

Failing::

    next:                              # shares out of 'cart' add up to 1.2
      - {to: pay, share: 0.7}
      - {to: abandon, share: 0.5}
"""

from journeymap.findings import ERROR, Diagnostic
from journeymap.model.format import edge, format_number

ID = "share-overflow"
SEVERITY = ERROR
BREAKS = None  # its errors leave the rest sound: every warning rule still runs


def check(journey):
    for i, touchpoint in enumerate(journey.model.touchpoints):
        flows = [edge(item) for item in touchpoint.next if edge(item).share is not None]
        total = sum(flow.share for flow in flows)
        if total > 1 + 1e-9:
            parts = ", ".join(f"{flow.to} {format_number(flow.share)}" for flow in flows)
            yield Diagnostic.at(journey.key_at("touchpoints", i, "next"), SEVERITY, ID,
                                f"shares out of '{touchpoint.id}' add up to {round(total, 6):g}, more than 1 ({parts})")
