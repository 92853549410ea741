"""The shape of an edit as the browser sends it (untrusted JSON): every field checked, nothing else let through.

`check_request(edit)` returns the edit with its optional fields filled in, or raises EditRefused
with a sentence a workshop facilitator can act on. The values themselves are checked in untrusted.py.
"""

from __future__ import annotations

from journeymap.model.format import DIRECTIONS, LEVELS, STATUSES
from journeymap.serve.edit.untrusted import (EditRefused, a_number, a_short_text, a_text, a_truth, a_whole_number,
                                             an_emotion, an_id, an_index, anything, nullable, one_of, shown,
                                             some_addresses, some_ids, some_ids_at_least_one, some_texts)

__all__ = ["EditRefused", "FIELDS", "check_request", "shown"]

MAX_BY = 80
KPI_NUMBER = a_number(-10 ** 15, 10 ** 15)
WIRINGS = ("insert", "branch", "none")

REQUIRED, OPTIONAL = True, False
TOUCHPOINT = (REQUIRED, an_id, "the touchpoint")
INDEX = (REQUIRED, an_index, "the position")
SEVERITY = a_whole_number(1, 5)
OPPORTUNITY = (REQUIRED, an_id, "the opportunity")
KPI_NAME = (REQUIRED, an_id, "the KPI's name")

# What `set` may change on a touchpoint, and the value each takes (null removes the key where allowed).
TOUCHPOINT_FIELDS = {
    "name": a_text, "action": nullable(a_text), "thoughts": nullable(a_text), "description": nullable(a_text),
    "channel": nullable(an_id), "owner": nullable(an_id), "effort": nullable(a_number(1, 7)),
    "moment_of_truth": a_truth, "personas": nullable(some_ids_at_least_one), "tags": nullable(some_texts),
    "backstage": nullable(some_texts),
}
# What `set-opportunity` may change, and the value each takes.
OPPORTUNITY_FIELDS = {
    "title": a_text, "addresses": some_addresses, "owner": nullable(an_id), "impact": nullable(one_of(LEVELS)),
    "cost": nullable(one_of(LEVELS)), "status": nullable(one_of(STATUSES)), "notes": nullable(a_text),
}

# op -> field -> (required, check, what the field is called in messages); optional fields default to None.
FIELDS: dict[str, dict[str, tuple]] = {
    "emotion": {"touchpoint": TOUCHPOINT, "persona": (OPTIONAL, nullable(an_id), "the persona"),
                "value": (REQUIRED, nullable(an_emotion), "the emotion"),
                "personas": (OPTIONAL, nullable(some_ids), "the map's personas")},
    "effort": {"touchpoint": TOUCHPOINT, "value": (REQUIRED, nullable(a_number(1, 7)), "the effort")},
    "name": {"touchpoint": TOUCHPOINT, "value": (REQUIRED, a_text, "the name")},
    "owner": {"touchpoint": TOUCHPOINT, "value": (REQUIRED, nullable(an_id), "the owner")},
    "add-pain": {"touchpoint": TOUCHPOINT, "text": (REQUIRED, a_text, "the pain"),
                 "severity": (OPTIONAL, nullable(SEVERITY), "the severity")},
    "edit-pain": {"touchpoint": TOUCHPOINT, "index": INDEX, "text": (OPTIONAL, nullable(a_text), "the pain"),
                  "severity": (OPTIONAL, nullable(SEVERITY), "the severity")},
    "remove-pain": {"touchpoint": TOUCHPOINT, "index": INDEX},
    "add-gain": {"touchpoint": TOUCHPOINT, "text": (REQUIRED, a_text, "the gain")},
    "edit-gain": {"touchpoint": TOUCHPOINT, "index": INDEX, "text": (REQUIRED, a_text, "the gain")},
    "remove-gain": {"touchpoint": TOUCHPOINT, "index": INDEX},
    "add-note": {"touchpoint": TOUCHPOINT, "text": (REQUIRED, a_text, "the note"),
                 "by": (OPTIONAL, nullable(a_text), "the note's author")},
    "remove-note": {"touchpoint": TOUCHPOINT, "index": INDEX},
    "set": {"touchpoint": TOUCHPOINT, "field": (REQUIRED, one_of(tuple(TOUCHPOINT_FIELDS)), "the field"),
            "value": (REQUIRED, anything, "the value")},
    "kpi": {"touchpoint": TOUCHPOINT, "name": KPI_NAME, "value": (REQUIRED, nullable(KPI_NUMBER), "the KPI's value"),
            "target": (OPTIONAL, nullable(KPI_NUMBER), "the KPI's target"),
            "better": (OPTIONAL, nullable(one_of(DIRECTIONS)), "which way is better"),
            "unit": (OPTIONAL, nullable(a_short_text(40)), "the KPI's unit")},
    "remove-kpi": {"touchpoint": TOUCHPOINT, "name": KPI_NAME},
    "add-opportunity": {"title": (REQUIRED, a_text, "the opportunity's title"),
                        "addresses": (REQUIRED, some_addresses, "what the opportunity addresses"),
                        "owner": (OPTIONAL, nullable(an_id), "the owner")},
    "set-opportunity": {"opportunity": OPPORTUNITY,
                        "field": (REQUIRED, one_of(tuple(OPPORTUNITY_FIELDS)), "the field"),
                        "value": (REQUIRED, anything, "the value")},
    "remove-opportunity": {"opportunity": OPPORTUNITY},
    "add-touchpoint": {"name": (REQUIRED, a_text, "the new step's name"),
                       "id": (OPTIONAL, nullable(an_id), "the new step's id"),
                       "phase": (REQUIRED, an_id, "the phase"),
                       "after": (OPTIONAL, nullable(an_id), "the step it follows"),
                       "wire": (OPTIONAL, nullable(one_of(WIRINGS)), "how the flow is wired")},
    "remove-touchpoint": {"touchpoint": TOUCHPOINT,
                          "rewire": (REQUIRED, a_truth, "whether flows into it are re-pointed (rewire)")},
    "move-touchpoint": {"touchpoint": TOUCHPOINT, "phase": (REQUIRED, an_id, "the phase"),
                        "after": (OPTIONAL, nullable(an_id), "the step it follows")},
    "add-phase": {"name": (REQUIRED, a_text, "the new phase's name"),
                  "id": (OPTIONAL, nullable(an_id), "the new phase's id"),
                  "after": (OPTIONAL, nullable(an_id), "the phase it follows")},
    "rename-phase": {"phase": (REQUIRED, an_id, "the phase"), "name": (REQUIRED, a_text, "the phase's name")},
    "move-phase": {"phase": (REQUIRED, an_id, "the phase"),
                   "after": (OPTIONAL, nullable(an_id), "the phase it follows")},
    "undo": {},
    "redo": {},
}


def check_request(edit) -> dict:
    """The edit with every field checked and the optional ones filled in (None); or EditRefused."""
    if not isinstance(edit, dict):
        raise EditRefused(f"an edit must be a JSON object with an 'op', got {shown(edit)}")
    op = edit.get("op")
    if not isinstance(op, str):
        raise EditRefused(f"an edit needs an 'op' that says what to change ({', '.join(FIELDS)}), got {shown(op)}")
    if op not in FIELDS:
        raise EditRefused(f"unknown edit {op[:40]!r}; the editor knows: {', '.join(FIELDS)}")
    fields = FIELDS[op]
    unknown = sorted(str(key)[:40] for key in edit if key != "op" and key not in fields)
    if unknown:
        raise EditRefused(f"the '{op}' edit has no field {unknown[0]!r}; its fields are: "
                          f"{', '.join(fields) or 'none'}")
    request = {"op": op}
    for name, (required, check, what) in fields.items():
        if name not in edit:
            if required:
                raise EditRefused(f"the '{op}' edit needs {what} (field '{name}')")
            request[name] = None
            continue
        request[name] = check(edit[name], what)
    return _checked_together(request)


def _checked_together(request: dict) -> dict:
    """What one field means for another: the value a `set` field takes, a pain edit that changes something."""
    op = request["op"]
    if op == "edit-pain" and request["text"] is None and request["severity"] is None:
        raise EditRefused("the 'edit-pain' edit needs a new text or a new severity")
    if op == "set":
        field = request["field"]
        request["value"] = TOUCHPOINT_FIELDS[field](request["value"], f"the {field.replace('_', ' ')}")
    if op == "set-opportunity":
        field = request["field"]
        request["value"] = OPPORTUNITY_FIELDS[field](request["value"], f"the opportunity's {field}")
    if op == "kpi" and request["value"] is None and any(request[k] is not None for k in ("target", "better", "unit")):
        raise EditRefused("a KPI with a target, a direction or a unit needs a value (null removes the KPI)")
    if op == "add-touchpoint" and request["after"] is None and request["wire"] not in (None, "none"):
        raise EditRefused(f"wiring the new step into the flow ('{request['wire']}') needs the step it follows "
                          "(field 'after')")
    return request


def the_by(value) -> str | None:
    """Who makes an edit, as the page sends it (the name typed once; optional)."""
    return nullable(a_short_text(MAX_BY))(value, "who makes the edit (by)")
