"""duplicate-id (error): two items of one kind share an id.

Ids must be unique among personas, phases, channels, owners, touchpoints and opportunities
(across the map and its included libraries), and among the pains and gains of one touchpoint.
Points at the second definition and names the first.

Passing::

    phases: [{id: join, name: "Join"}, {id: train, name: "Train"}]

Failing::

    phases: [{id: join, name: "Join"}, {id: join, name: "Train"}]   # duplicate phase id 'join'
"""

from journeymap.diagnostics import ERROR, Diagnostic
from journeymap.model import pain_id

ID = "duplicate-id"
SEVERITY = ERROR
KINDS = ("personas", "phases", "channels", "owners", "touchpoints", "opportunities")


def check(journey):
    for kind in KINDS:
        yield from _duplicates(journey, (kind,), [item.id for item in getattr(journey.model, kind)], kind[:-1])
    for index, touchpoint in enumerate(journey.model.touchpoints):
        for part in ("pains", "gains"):
            ids = [pain_id(item) for item in getattr(touchpoint, part)]
            yield from _duplicates(journey, ("touchpoints", index, part), ids, part[:-1])


def _duplicates(journey, prefix: tuple, ids: list, kind: str):
    first: dict[str, int] = {}
    for index, item_id in enumerate(ids):
        if item_id is None:
            continue
        if item_id in first:
            earlier = journey.at(*prefix, first[item_id], "id")
            yield Diagnostic.at(journey.at(*prefix, index, "id"), SEVERITY, ID,
                                f"duplicate {kind} id '{item_id}': first defined at {earlier.file}:{earlier.line}")
        else:
            first[item_id] = index
