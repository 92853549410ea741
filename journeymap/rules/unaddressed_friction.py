"""unaddressed-friction (warning): friction that no opportunity addresses.

A touchpoint with an emotion of -1 or lower for some persona that passes it, or a pain of
severity 4 or 5, should be named in some opportunity's ``addresses`` (the touchpoint itself or
one of its pains).

Passing::

    touchpoints:
      - {id: renew, name: "Renewal letter", phase: renew, emotion: frustrated}
    opportunities:
      - {id: monthly, title: "Offer monthly renewal", addresses: [renew]}

Failing::

    touchpoints:
      - {id: renew, name: "Renewal letter", phase: renew, emotion: frustrated}
    opportunities: []                       # nobody addresses 'renew'
"""

from journeymap.findings import WARNING, Diagnostic
from journeymap.i18n.catalog import phrase
from journeymap.model.format import emotion_for, pain_severity, pain_text, passes

ID = "unaddressed-friction"
SEVERITY = WARNING
READS = ("model", "references")  # not run while an error BREAKS one of these


def check(journey):
    model = journey.model
    addressed = {target.partition("#")[0] for o in model.opportunities for target in o.addresses}
    for i, touchpoint in enumerate(model.touchpoints):
        if touchpoint.id in addressed:
            continue
        reasons = friction_reasons(model, touchpoint)
        if reasons:
            yield Diagnostic.said(journey.key_at("touchpoints", i, "id"), SEVERITY, ID,
                                  phrase(ID, touchpoint=touchpoint.id, reasons=tuple(reasons)))


def friction_reasons(model, touchpoint) -> list:
    reasons = []
    for persona in model.personas:
        emotion = emotion_for(touchpoint, persona.id)
        if passes(touchpoint, persona.id) and emotion is not None and emotion <= -1:
            reasons.append(phrase("reason.emotion", value=emotion, persona=persona.id))
    for pain in touchpoint.pains:
        if pain_severity(pain) >= 4:
            reasons.append(phrase("reason.pain", text=pain_text(pain), severity=pain_severity(pain)))
    return reasons
