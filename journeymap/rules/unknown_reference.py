"""unknown-reference (error): a reference names an id that does not exist.

Checked: a touchpoint's ``phase``, ``channel``, ``owner``, ``personas``, the persona ids of an
``emotion`` or ``expectation`` mapping, the competitor ids of its ``benchmark``, ``next`` targets; an opportunity's ``owner`` and ``addresses``
(``touchpoint`` or ``touchpoint#pain``); the personas of an event log's ``segments``. The message
suggests the closest existing id, or lists the ids there are when none is close (the first
eight, then how many more).
(The map's top-level ``owner`` may be free text and is not checked.)

Passing::

    phases: [{id: purchase, name: "Purchase"}]
    touchpoints:
      - {id: pay, name: "Pays", phase: purchase}

Failing::

    touchpoints:
      - {id: pay, name: "Pays", phase: purchse}   # unknown phase 'purchse' (did you mean 'purchase'?)
      - {id: leave, name: "Leaves", phase: after} # unknown phase 'after'; the only phase is purchase
"""

from journeymap.findings import ERROR, Diagnostic
from journeymap.model.format import Edge, pain_id
from journeymap.suggest import did_you_mean_or_list

ID = "unknown-reference"
SEVERITY = ERROR
BREAKS = "references"  # its errors leave this unsound for the warning rules that READS it


def check(journey):
    model = journey.model
    known = {kind: journey.known_ids(kind)
             for kind in ("personas", "phases", "channels", "owners", "touchpoints", "competitors")}
    for i, touchpoint in enumerate(model.touchpoints):
        yield from _touchpoint(journey, known, i, touchpoint)
    pains = {t.id: [pain_id(p) for p in t.pains if pain_id(p)] + sorted(journey.cut_pain_ids(i))
             for i, t in enumerate(model.touchpoints)}
    for i, opportunity in enumerate(model.opportunities):
        if opportunity.owner is not None:
            yield from _ref(journey, ("opportunities", i, "owner"), "owner", opportunity.owner, known["owners"])
        for k, target in enumerate(opportunity.addresses):
            yield from _address(journey, ("opportunities", i, "addresses", k), target, known["touchpoints"], pains)
    for i, source in enumerate(model.data):
        for value, persona in getattr(source, "segments", {}).items():
            yield from _ref(journey, ("data", i, "segments", value), "persona", persona, known["personas"])


def _touchpoint(journey, known, i, touchpoint):
    base = ("touchpoints", i)
    yield from _ref(journey, base + ("phase",), "phase", touchpoint.phase, known["phases"])
    for key, kind in (("channel", "channels"), ("owner", "owners")):
        if getattr(touchpoint, key) is not None:
            yield from _ref(journey, base + (key,), key, getattr(touchpoint, key), known[kind])
    for k, persona in enumerate(touchpoint.personas or []):
        yield from _ref(journey, base + ("personas", k), "persona", persona, known["personas"])
    for key in ("emotion", "expectation"):
        yield from _keys(journey, base + (key,), getattr(touchpoint, key), "persona", known["personas"])
    yield from _keys(journey, base + ("benchmark",), touchpoint.benchmark, "competitor", known["competitors"])
    for k, item in enumerate(touchpoint.next):
        path = base + ("next", k) + (("to",) if isinstance(item, Edge) else ())
        target = item.to if isinstance(item, Edge) else item
        yield from _ref(journey, path, "touchpoint", target, known["touchpoints"])


def _keys(journey, path, mapping, kind, known):
    """The keys of a mapping by id (an emotion per persona, a benchmark per competitor) that name nothing."""
    if not isinstance(mapping, dict) or known is None:
        return
    for name in mapping:
        if name not in known:
            hint = did_you_mean_or_list(name, known, kind, kind + "s")
            yield Diagnostic.at(journey.key_at(*path, name), SEVERITY, ID, f"unknown {kind} '{name}'{hint}")


def _ref(journey, path, kind, name, known):
    if known is not None and name not in known:
        yield Diagnostic.at(journey.at(*path), SEVERITY, ID,
                            f"unknown {kind} '{name}'{did_you_mean_or_list(name, known, kind, kind + 's')}")


def _address(journey, path, target, touchpoints, pains):
    touchpoint, _, pain = target.partition("#")
    if touchpoint not in touchpoints:
        hint = did_you_mean_or_list(touchpoint, touchpoints, "touchpoint", "touchpoints")
        yield Diagnostic.at(journey.at(*path), SEVERITY, ID, f"unknown touchpoint '{touchpoint}'{hint}")
    elif pain and touchpoint in pains and pain not in pains[touchpoint]:
        hint = (did_you_mean_or_list(pain, pains[touchpoint], f"pain of '{touchpoint}'", f"pains of '{touchpoint}'")
                if pains[touchpoint] else f" (touchpoint '{touchpoint}' has no pain with an id)")
        yield Diagnostic.at(journey.at(*path), SEVERITY, ID, f"unknown pain '{target}'{hint}")
