"""persona-without-touchpoints (warning): a persona of the map passes no touchpoint.

Every touchpoint restricts ``personas`` and none names this persona, so its journey is empty.
Personas from included libraries are exempt.

Passing::

    personas: [{id: lea, name: "Lea"}]
    touchpoints:
      - {id: trial, name: "Books a trial", phase: join}        # no personas list: everyone

Failing::

    personas: [{id: lea, name: "Lea"}, {id: sam, name: "Sam"}]
    touchpoints:
      - {id: trial, name: "Books a trial", phase: join, personas: [lea]}   # sam has no touchpoint
"""

from journeymap.findings import WARNING, Diagnostic
from journeymap.i18n.catalog import phrase
from journeymap.model.format import passes

ID = "persona-without-touchpoints"
SEVERITY = WARNING
READS = ("model", "references")  # not run while an error BREAKS one of these


def check(journey):
    model = journey.model
    for i, persona in enumerate(model.personas):
        if journey.is_included("personas", i):
            continue
        if not any(passes(t, persona.id) for t in model.touchpoints):
            yield Diagnostic.said(journey.at("personas", i, "id"), SEVERITY, ID, phrase(ID, persona=persona.id))
