"""conformance-below-target (warning): fewer of an event log's cases follow the designed journey than the target.

A case conforms when it starts at an entry of the map and every pair of visits it takes is a
designed ``next`` (docs/observe.md, "Conformance"). With ``rules: {conformance_target: 0.8}`` a log
whose conforming share is below 80 % is reported at its ``data:`` entry. No target, no warning.
``journeymap observe`` lists where the other cases leave the design, each at its map line.

Passing (9 of 10 checkouts go to payment as designed)::

    rules: {conformance_target: 0.8}

Failing (only 62 % of the cases follow the map)::

    data:
      - {file: events.csv, kind: events}   # 62 % of the 4,210 cases in events.csv follow the designed journey ...
    rules: {conformance_target: 0.8}
"""

from journeymap.findings import WARNING, Diagnostic
from journeymap.i18n.catalog import phrase
from journeymap.rules.observed_flow_mismatch import percent

ID = "conformance-below-target"
SEVERITY = WARNING
READS = ("model", "references", "data")  # not run while an error BREAKS one of these


def check(journey):
    target = journey.model.rules.conformance_target
    if target is None:
        return
    for log in journey.observations:
        paths = log.observation.flows.paths if log.observation is not None else None
        if paths is None or not paths.cases or paths.conformance >= target - 1e-9:
            continue
        yield Diagnostic.said(journey.at("data", log.index), SEVERITY, ID,
                              phrase(ID, rate=percent(paths.conformance), cases=paths.cases,
                                     log=journey.model.data[log.index].file, target=percent(target)))
