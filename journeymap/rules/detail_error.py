"""detail-error (error): a touchpoint's ``detail`` link cannot be followed.

``detail`` names another map that zooms into the touchpoint (the journey architecture: "Pays" →
the payment journey). It is checked like an ``include``: the path is relative to the map, must
stay inside the project (the git work tree holding the map; ``--allow-outside`` lifts that), and
must name a file that is a journey map (a mapping with ``journeymap`` and ``touchpoints``, not a
library of personas). A chain of detail links that leads back to the map is a cycle; the message
names it. Reported at the ``detail`` value.

Passing::

    touchpoints:
      - {id: pay, name: "Pays", phase: buy, detail: payment.journey.yaml}

Failing::

    touchpoints:
      - {id: pay, name: "Pays", phase: buy, detail: ../../elsewhere.journey.yaml}
      # cannot follow detail '../../elsewhere.journey.yaml': it is outside the project, …
      - {id: card, name: "Card", phase: buy, detail: shop.journey.yaml}
      # detail cycle: payment.journey.yaml -> shop.journey.yaml -> payment.journey.yaml
"""

from journeymap.findings import ERROR, Diagnostic
from journeymap.source.detail import cycle, follow, shown

ID = "detail-error"
SEVERITY = ERROR
BREAKS = None  # the map itself stays sound: every warning rule still runs


def check(journey):
    project, base_dir, own = journey.document.project, journey.base_dir, journey.document.real_path
    followed: dict[str, object] = {}
    for i, touchpoint in enumerate(journey.model.touchpoints):
        if touchpoint.detail is None:
            continue
        entry = touchpoint.detail
        if entry not in followed:
            followed[entry] = _problem(entry, base_dir, project, own)
        if followed[entry]:
            yield Diagnostic.at(journey.at("touchpoints", i, "detail"), SEVERITY, ID, followed[entry])


def _problem(entry: str, base_dir, project, own) -> str | None:
    target = follow(entry, base_dir, project)
    if target.path is None:
        return f"cannot follow detail '{entry}': {target.problem}"
    chain = cycle(own, target.path, project)
    return f"detail cycle: {shown(chain, base_dir)}" if chain else None
