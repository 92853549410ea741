"""The pages a server sends: the report itself (plus the live script), a map's findings, the index, the projector.

Every page is the existing templates with autoescape on; the data the scripts need travels as
`<script type="application/json">` through `tojson`, like the report's own persona filter data.
"""

from __future__ import annotations

from journeymap.i18n.catalog import labels
from journeymap.model.emotion import LEVELS, WORDS
from journeymap.model.format import (KpiTarget, edge, emotion_for, gain_text, kpi_unit, kpi_value, note_by, note_text,
                                     pain_id, pain_severity, pain_text, passes)
from journeymap.render.html import script_hash
from journeymap.render.templates import asset, environment


# The served pages' script, in the order it runs: live updates first, then the editor, then the projector's keys.
# One inline script (its hash is the page's Content-Security-Policy), kept in files of a readable size.
SCRIPTS = ("serve.js", "serve_dialog.js", "serve_touchpoint.js", "serve_structure.js", "serve_projector.js")
# The report's own words the editor's menus show (the emotion scale, levels and statuses of opportunities).
REPORT_WORDS = ("emotion.frustrated", "emotion.unhappy", "emotion.neutral", "emotion.happy", "emotion.delighted",
                "level.low", "level.medium", "level.high", "status.idea", "status.planned", "status.in-progress",
                "status.done")


def serve_script() -> str:
    return "\n".join(asset(name) for name in SCRIPTS)


def served_data(key: str | None, rendered, *, edit: bool, csrf: str, lang: str,
                steps: tuple[int, int] = (0, 0)) -> dict:
    report_words = labels(lang)
    data = {"map": key, "version": rendered.version if rendered else None,
            "revision": rendered.revision if rendered else None, "events": "/events",
            "api": "/api/edit", "edit": bool(edit and rendered is not None and rendered.journey is not None),
            "csrf": csrf, "labels": {**labels(lang, "serve"), **{word: report_words[word] for word in REPORT_WORDS}}}
    if data["edit"]:
        data["state"] = editable_state(rendered.journey, lang) | dict(zip(("undo", "redo"), steps))
    return data


def editable_state(journey, lang: str = "en") -> dict:
    """What the edit dialog shows: every touchpoint's values, the opportunities, and the choices (phases, personas,
    owners, channels, the emotion scale with its words and faces)."""
    model = journey.model
    personas = [{"id": p.id, "name": p.name} for p in model.personas]
    written = _written_touchpoints(journey)
    touchpoints = {}
    for index, touchpoint in enumerate(model.touchpoints):
        if touchpoint.id not in touchpoints:
            raw = written[index] if index < len(written) and isinstance(written[index], dict) else {}
            touchpoints[touchpoint.id] = _touchpoint_state(touchpoint, raw, personas)
    words = labels(lang)
    return {"personas": personas, "owners": [{"id": o.id, "name": o.name} for o in model.owners],
            "channels": [{"id": c.id, "name": c.name} for c in model.channels],
            "phases": [{"id": p.id, "name": p.name, "included": journey.is_included("phases", index)}
                       for index, p in enumerate(model.phases)],
            "touchpoints": touchpoints,
            "opportunities": {o.id: {"title": o.title, "addresses": list(o.addresses), "owner": o.owner,
                                     "impact": o.impact, "cost": o.cost, "status": o.status, "notes": o.notes}
                              for o in model.opportunities},
            "emotions": [{"value": level.value, "word": level.word, "face": level.mark, "label": words[level.label]}
                         for level in reversed(LEVELS)]}


def _touchpoint_state(touchpoint, raw: dict, personas: list[dict]) -> dict:
    passing = [p["id"] for p in personas if passes(touchpoint, p["id"])]
    return {
        "name": touchpoint.name, "action": touchpoint.action, "thoughts": touchpoint.thoughts,
        "description": touchpoint.description, "channel": touchpoint.channel, "owner": touchpoint.owner,
        "effort": _number(touchpoint.effort), "phase": touchpoint.phase,
        "personas": [{**p, "passes": p["id"] in passing} for p in personas],
        "personas_listed": touchpoint.personas is not None,      # false: every persona passes (no `personas:`)
        "emotions": {p: _emotion(emotion_for(touchpoint, p), _written_emotion(raw, p)) for p in passing},
        "pains": [{"text": pain_text(p), "severity": pain_severity(p), "id": pain_id(p)} for p in touchpoint.pains],
        "gains": [{"text": gain_text(g)} for g in touchpoint.gains],
        "notes": [{"text": note_text(n), "by": note_by(n)} for n in touchpoint.notes],
        "backstage": list(touchpoint.backstage), "tags": list(touchpoint.tags),
        "kpis": [{"name": name, "value": _number(kpi_value(kpi)[0]), "target": _number(kpi_value(kpi)[1]),
                  "better": kpi.better if isinstance(kpi, KpiTarget) else None, "unit": kpi_unit(kpi)}
                 for name, kpi in touchpoint.kpis.items()],
        "moment_of_truth": touchpoint.moment_of_truth,
        "next": [edge(link).to for link in touchpoint.next],
    }


def _written_touchpoints(journey) -> list:
    """The touchpoints as the file writes them (words where it has words), beside the typed ones."""
    data = journey.document.data
    touchpoints = data.get("touchpoints") if isinstance(data, dict) else None
    return touchpoints if isinstance(touchpoints, list) and not journey.is_partial else []


def _written_emotion(raw: dict, persona: str):
    emotion = raw.get("emotion")
    return emotion.get(persona) if isinstance(emotion, dict) else emotion


def _emotion(value, written) -> dict:
    """An emotion as {value, word}: word is the one the file uses there (null where it writes a number)."""
    return {"value": _number(value), "word": written if isinstance(written, str) and written in WORDS else None}


def _number(value):
    """A number for JSON: 2.0 as 2."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def report_page(key: str, rendered, *, edit: bool, csrf: str, lang: str | None,
                steps: tuple[int, int] = (0, 0)) -> str:
    """The report with the live script; steps: how many edits undo and redo can take now."""
    from journeymap.render.html import ReportOptions, render_html

    language = lang or rendered.journey.model.lang
    served = {"script": serve_script(), "style": asset("serve.css"),
              "data": served_data(key, rendered, edit=edit, csrf=csrf, lang=language, steps=steps)}
    return render_html(rendered.journey, rendered.analysis, rendered.diagnostics, diagram_svg=rendered.svg,
                       options=ReportOptions(lang=lang), served=served)


def findings_page(key: str, rendered, *, csrf: str, lang: str | None) -> str:
    language = lang or "en"
    return _page("serve_findings.html.j2", language, key, rendered, csrf=csrf, title=rendered.title,
                 findings=rendered.findings)


def index_page(entries: list[dict], *, csrf: str, lang: str | None) -> str:
    language = lang or "en"
    return _page("serve_index.html.j2", language, None, None, csrf=csrf, title=labels(language, "serve")["index"],
                 maps=entries)


def projector_page(key: str, rendered, *, csrf: str, lang: str | None, edit: bool = False,
                   steps: tuple[int, int] = (0, 0)) -> str:
    """Large type, one screen at a time: the hotspots first, then one phase per screen."""
    from journeymap.model.graph import ordered_touchpoints
    from journeymap.render.html import report_context

    journey = rendered.journey
    language = lang or journey.model.lang
    order = ordered_touchpoints(journey.graph)
    context = report_context(journey, rendered.analysis, rendered.diagnostics, language)
    columns = {c["id"]: c for c in context["grid"]["columns"]}
    phases = []
    for phase in journey.model.phases:
        touchpoints = [columns[n] for n in order if n in columns and columns[n]["phase"] == phase.id]
        if touchpoints:
            phases.append({"name": phase.name, "goal": phase.goal, "touchpoints": touchpoints})
    return _page("projector.html.j2", language, key, rendered, csrf=csrf, title=journey.model.title,
                 hotspots=context["hotspots"][:5], hotspots_none=context["hotspots_none"], phases=phases,
                 rt=context["t"], edit=edit, steps=steps)


def _page(template: str, lang: str, key, rendered, *, csrf: str, edit: bool = False,
          steps: tuple[int, int] = (0, 0), **values) -> str:
    script = serve_script()
    data = served_data(key, rendered, edit=edit, csrf=csrf, lang=lang, steps=steps)
    return environment().get_template(template).render(
        lang=lang, s=labels(lang, "serve"), style=asset("report.css"), serve_style=asset("serve.css"),
        script=script,
        script_hash=script_hash(script), data=data, **values)
