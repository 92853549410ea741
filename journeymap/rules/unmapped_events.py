"""unmapped-events (warning): more than 5 % of an event log's events belong to no touchpoint.

An event belongs to the touchpoint whose ``events`` list names it. Events no touchpoint names are
counted, never dropped silently: past 5 % of the log, the map likely misses a touchpoint or an
event name. Reported at the log's ``file``, with the most frequent names.

Passing::

    touchpoints:
      - {id: cart, name: "Cart", phase: buy, events: [cart_viewed, cart_updated]}

Failing::

    touchpoints:                       # 31 % of the events belong to no touchpoint (cart_updated, ...)
      - {id: cart, name: "Cart", phase: buy, events: [cart_viewed]}
"""

from journeymap.findings import WARNING, Diagnostic
from journeymap.i18n.catalog import phrase
from journeymap.rules.observed_flow_mismatch import percent

ID = "unmapped-events"
SEVERITY = WARNING
READS = ("model", "data")  # not run while an error BREAKS one of these
MAX_SHARE = 0.05
SHOWN = 3


def check(journey):
    for log in journey.observations:
        observation = log.observation
        if observation is None or not observation.events:
            continue
        unmapped = 1 - observation.mapped_share
        if unmapped > MAX_SHARE + 1e-9:
            names = ", ".join(name for name, _ in observation.unmapped[:SHOWN])
            yield Diagnostic.said(journey.at("data", log.index, "file"), SEVERITY, ID,
                                  phrase(ID, share=percent(unmapped), names=names,
                                         log=journey.model.data[log.index].file))
