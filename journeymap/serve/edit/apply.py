"""`journeymap serve --edit`: one browser edit applied to a map's YAML text, touching only the lines it must.

An edit is a JSON object with an "op" (docs/workshops.md, "What an edit changes in the file"):

    {"op": "emotion", "touchpoint": ID, "persona": ID | null, "value": -2..2 | word | null,
     "personas": [ID, ...]}                          (persona, personas optional)
    {"op": "effort", "touchpoint": ID, "value": 1..7 | null}
    {"op": "name", "touchpoint": ID, "value": TEXT}
    {"op": "owner", "touchpoint": ID, "value": ID | null}
    {"op": "add-pain", "touchpoint": ID, "text": TEXT, "severity": 1..5}      (severity optional, 3)
    {"op": "edit-pain", "touchpoint": ID, "index": N, "text": TEXT, "severity": 1..5}   (one or both)
    {"op": "remove-pain", "touchpoint": ID, "index": N}
    {"op": "add-gain", "touchpoint": ID, "text": TEXT}
    {"op": "edit-gain", "touchpoint": ID, "index": N, "text": TEXT}
    {"op": "remove-gain", "touchpoint": ID, "index": N}
    {"op": "add-note", "touchpoint": ID, "text": TEXT, "by": TEXT | null}     (by optional)
    {"op": "remove-note", "touchpoint": ID, "index": N}
    {"op": "add-opportunity", "title": TEXT, "addresses": ["touchpoint" | "touchpoint#pain-id", ...],
     "owner": ID | null}                             (owner optional)
    {"op": "set", "touchpoint": ID, "field": F, "value": V}      (fields.py: every field of a touchpoint)
    {"op": "kpi", "touchpoint": ID, "name": KPI, "value": N | null, "target", "better", "unit"}, "remove-kpi"
    {"op": "set-opportunity", "opportunity": ID, "field": F, "value": V}, "remove-opportunity"
    {"op": "add-touchpoint" | "remove-touchpoint" | "move-touchpoint", ...}          (touchpoints.py)
    {"op": "add-phase" | "rename-phase" | "move-phase", ...}                          (phases.py)

Emotion: `persona: null` sets (or, with `value: null`, removes) the one emotion every persona shares.
With a persona, a per-persona mapping gets that persona's entry set, added or removed; a shared
single value becomes a mapping (written `{a: -1, b: 1}` on its line) that keeps the old value for
the other personas who pass the touchpoint: its own `personas:` list, else the edit's `personas`
(the map's persona ids after includes, which only the serve layer knows). A touchpoint only that
persona passes keeps a single value. A mapping left empty is removed.

`index` counts a touchpoint's pains (gains) in file order from 0. A pain written as text stays
text while its severity is 3 (the default); another severity makes it `{text, severity}`; a
mapping keeps its `id` and other keys. Opportunities address touchpoints and pains by id; a pain
written as text has no id, so address its touchpoint (which addresses all of its friction).

The written text is the input with only the edited lines changed; everything else (comments,
blank lines, key order, quoting, flow style, line endings, the final newline, the editor modeline)
stays byte for byte. A file ruamel.yaml cannot write back unchanged, an edit that would lose a
comment, or one that would change any other value of the map as journeymap reads it (YAML 1.1),
is refused (EditRefused), and nothing is written.
"""


from __future__ import annotations

from dataclasses import dataclass, field

from journeymap.serve.edit import emotion, fields, gains, kpis, notes, opportunities, pains, phases, touchpoints
from journeymap.serve.edit.checks import check_comments, check_data
from journeymap.serve.edit.editable_map import EditableMap
from journeymap.serve.edit.request import EditRefused, check_request
from journeymap.serve.edit.round_trip import LayoutError, RoundTripText

__all__ = ["Applied", "EditRefused", "apply_edit", "edit_text"]

OPERATIONS = {
    "emotion": emotion.set_emotion, "effort": fields.set_effort, "name": fields.set_name, "owner": fields.set_owner,
    "set": fields.set_field, "kpi": kpis.set_kpi, "remove-kpi": kpis.remove_kpi,
    "add-pain": pains.add_pain, "edit-pain": pains.edit_pain, "remove-pain": pains.remove_pain,
    "add-gain": gains.add_gain, "edit-gain": gains.edit_gain, "remove-gain": gains.remove_gain,
    "add-note": notes.add_note, "remove-note": notes.remove_note,
    "add-opportunity": opportunities.add_opportunity, "set-opportunity": opportunities.set_opportunity,
    "remove-opportunity": opportunities.remove_opportunity,
    "add-touchpoint": touchpoints.add_touchpoint, "remove-touchpoint": touchpoints.remove_touchpoint,
    "move-touchpoint": touchpoints.move_touchpoint,
    "add-phase": phases.add_phase, "rename-phase": phases.rename_phase, "move-phase": phases.move_phase,
}


@dataclass
class Applied:
    """An edit made: the new text, what it did (summary phrases, summary.py), what the answer adds (a new id)."""

    text: str
    said: list = field(default_factory=list)
    answer: dict = field(default_factory=dict)


def apply_edit(text: str, edit: dict) -> str:
    """The map text after one edit; raises EditRefused for a malformed edit or an unknown target."""
    return edit_text(text, edit).text


def edit_text(text: str, edit: dict, *, phases: list[str] | None = None) -> Applied:
    """One edit applied to a map's text. phases: the map's phase ids after includes, in order, if known."""
    request = check_request(edit)
    if request["op"] not in OPERATIONS:
        raise EditRefused(f"'{request['op']}' is made by the server, from the edits it wrote")
    try:
        loaded = RoundTripText(text)
        editable = EditableMap(loaded, phases=phases)
        steps = OPERATIONS[request["op"]](editable, request)
        if not steps:
            return Applied(text, [], editable.answer)
        result = loaded.dump()
        check_comments(text, result)
        check_data(text, result, steps)
    except LayoutError as exc:
        raise EditRefused(str(exc)) from None
    except EditRefused:
        raise
    except Exception as exc:   # a bug must not reach the browser as a traceback; the file is not written
        raise EditRefused(f"the editor could not make this change (internal error: {type(exc).__name__}); "
                          "the file was not changed") from exc
    return Applied(result, editable.said, editable.answer)
