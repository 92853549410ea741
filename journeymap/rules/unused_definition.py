"""unused-definition (warning): a channel or owner defined in the map that nothing refers to.

Channels are referred to by touchpoints; owners by touchpoints, opportunities and the map's
``owner``. Definitions from included libraries are exempt: a shared library holds more than one
map uses. A persona that passes no touchpoint is reported as ``persona-without-touchpoints``.

Passing::

    channels: [{id: app, name: "App"}]
    touchpoints:
      - {id: trial, name: "Books a trial", phase: join, channel: app}

Failing::

    channels: [{id: app, name: "App"}, {id: fax, name: "Fax"}]   # channel 'fax' is never used
"""

from journeymap.findings import WARNING, Diagnostic
from journeymap.i18n.catalog import phrase

ID = "unused-definition"
SEVERITY = WARNING
READS = ("model", "references")  # not run while an error BREAKS one of these


def check(journey):
    model = journey.model
    used = {
        "channels": {t.channel for t in model.touchpoints},
        "owners": {t.owner for t in model.touchpoints} | {o.owner for o in model.opportunities} | {model.owner},
    }
    for kind, names in used.items():
        for i, item in enumerate(getattr(model, kind)):
            if item.id not in names and not journey.is_included(kind, i):
                yield Diagnostic.said(journey.at(kind, i, "id"), SEVERITY, ID, phrase(f"{ID}.{kind}", id=item.id))
