"""duplicate-id (error): two items of one kind share an id.

Ids must be unique among personas, phases, channels, owners, touchpoints, opportunities and competitors
(across the map and its included libraries), and among the pains and gains of one touchpoint.
An event name of an event log (``events:``) belongs to one touchpoint only.
Points at the second definition and names the first.

Passing::

    phases: [{id: join, name: "Join"}, {id: train, name: "Train"}]

Failing::

    phases: [{id: join, name: "Join"}, {id: join, name: "Train"}]   # duplicate phase id 'join'
"""

from journeymap.findings import ERROR, Diagnostic
from journeymap.model.format import pain_id

ID = "duplicate-id"
SEVERITY = ERROR
BREAKS = "model"  # its errors leave this unsound for the warning rules that READS it
KINDS = ("personas", "phases", "channels", "owners", "touchpoints", "opportunities", "competitors")


def check(journey):
    for kind in KINDS:
        yield from _duplicates(journey, journey.ids(kind), kind[:-1])
    for index, touchpoint in enumerate(journey.model.touchpoints):
        for part in ("pains", "gains"):
            items = [(journey.file_path(("touchpoints", index, part, k)), pain_id(item))
                     for k, item in enumerate(getattr(touchpoint, part))]
            yield from _duplicates(journey, items, part[:-1])
    yield from _claims(journey)


def _claims(journey):
    """An event name belongs to one touchpoint: a second claim is a duplicate."""
    first: dict[str, tuple[str, tuple]] = {}
    for index, touchpoint in enumerate(journey.model.touchpoints):
        for k, event in enumerate(touchpoint.events):
            path = ("touchpoints", index, "events", k)
            if event in first:
                owner, earlier = first[event][0], journey.at(*first[event][1])
                yield Diagnostic.at(journey.at(*path), SEVERITY, ID,
                                    f"event '{event}' already belongs to touchpoint '{owner}' "
                                    f"({earlier.file}:{earlier.line}); an event means one touchpoint")
            else:
                first[event] = (touchpoint.id, path)


def _duplicates(journey, items: list[tuple[tuple, str | None]], kind: str):
    """items: (path in the file, id) in file order."""
    sourcemap = journey.document.sourcemap
    first: dict[str, tuple] = {}
    for path, item_id in items:
        if item_id is None:
            continue
        if item_id in first:
            earlier = sourcemap.value(first[item_id] + ("id",))
            yield Diagnostic.at(sourcemap.value(path + ("id",)), SEVERITY, ID,
                                f"duplicate {kind} id '{item_id}': first defined at {earlier.file}:{earlier.line}")
        else:
            first[item_id] = path
