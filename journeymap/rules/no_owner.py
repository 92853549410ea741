"""no-owner (warning): a touchpoint has no ``owner``.

Someone has to answer for each touchpoint and its data; without an owner, friction found there
has nobody to fix it.

Passing::

    - {id: pay, name: "Pays", phase: purchase, owner: payments}

Failing::

    - {id: pay, name: "Pays", phase: purchase}         # touchpoint 'pay' has no owner
"""

from journeymap.findings import WARNING, Diagnostic
from journeymap.i18n.catalog import phrase

ID = "no-owner"
SEVERITY = WARNING
READS = ("model",)  # not run while an error BREAKS one of these


def check(journey):
    for i, touchpoint in enumerate(journey.model.touchpoints):
        if touchpoint.owner is None:
            yield Diagnostic.said(journey.key_at("touchpoints", i, "id"), SEVERITY, ID,
                                  phrase(ID, touchpoint=touchpoint.id))
