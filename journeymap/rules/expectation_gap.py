"""expectation-gap (warning): a touchpoint falls so far short of what customers expect that it breaks a promise.

gap = ``emotion`` - ``expectation``, per persona who passes the touchpoint and has both. A gap of
``rules: {expectation_gap: …}`` or less (default -2) is reported at the touchpoint's ``emotion`` key,
with every persona whose gap reaches it.

Passing::

    - id: order
      expects: "Coffee ready when I walk in"
      expectation: happy
      emotion: neutral                  # gap -1: a disappointment, not a broken promise

Failing::

    - id: order
      expects: "Coffee ready when I walk in"
      expectation: happy
      emotion: frustrated               # gap -3 for every persona: a broken promise
"""

from journeymap.findings import WARNING, Diagnostic
from journeymap.i18n.catalog import phrase
from journeymap.model.format import emotion_for, passes
from journeymap.model.voice import broken_promise, expectation_for, gap_for

ID = "expectation-gap"
SEVERITY = WARNING
READS = ("model", "references")  # not run while an error BREAKS one of these


def check(journey):
    model = journey.model
    limit = model.rules.expectation_gap
    for i, touchpoint in enumerate(model.touchpoints):
        if touchpoint.expectation is None or touchpoint.emotion is None:
            continue
        broken = tuple(_persona_gap(touchpoint, persona.id) for persona in model.personas
                       if passes(touchpoint, persona.id) and broken_promise(gap_for(touchpoint, persona.id), limit))
        if broken:
            yield Diagnostic.said(journey.key_at("touchpoints", i, "emotion"), SEVERITY, ID,
                                  phrase(ID, touchpoint=touchpoint.id, gaps=broken, limit=limit))


def _persona_gap(touchpoint, persona: str):
    return phrase("gap.persona", persona=persona, emotion=emotion_for(touchpoint, persona),
                  expected=expectation_for(touchpoint, persona), gap=gap_for(touchpoint, persona))
