"""The wall poster: the whole journey on one sheet (or a few, split by phase), an HTML page Chromium prints.

The journey grid, its emotion curves and the hotspots are the report's (report_grid, the
analysis); this module picks what a wall sheet shows, words it in the poster's language and lets
poster_layout decide the type size and the sheets.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

from journeymap.i18n.catalog import labels
from journeymap.i18n.numbers import figure, localized_number, written_date
from journeymap.model.emotion import LEVELS
from journeymap.render import report_grid
from journeymap.render.html import journey_order, persona_styles
from journeymap.render.options import css_page_size
from journeymap.render.poster_layout import CURVE_FLOOR_EM, LANE_HEAD_EM, MARGIN_EM, Frame, plan
from journeymap.render.templates import asset, environment

# The lanes below the touchpoint names, top to bottom; a lane no touchpoint fills is left out.
LANES = ("action", "thoughts", "curve", "friction", "pains", "gains", "opportunities", "kpis", "backstage", "notes")
SEVERITY_STEPS = 5       # a pain's severity, 1..5, as filled dots of five
DASH_SCALE = 2.5         # the report's dash patterns, stretched for the poster's thicker lines
NUDGE = 3                # curve units (of 170) between the lines of personas who feel the same


def render_poster(journey, analysis, *, paper: str = "A1", portrait: bool = False, lang: str | None = None) -> str:
    """The poster as one HTML document: one page per sheet, on the paper given."""
    context = poster_context(journey, analysis, lang or journey.model.lang, paper, portrait)
    return environment().get_template("poster.html.j2").render(context)


def poster_context(journey, analysis, lang: str, paper: str, portrait: bool) -> dict:
    """Everything the template shows, as plain values."""
    model, text = journey.model, labels(lang)
    personas = [{**persona, "poster_dash": _dash(persona["dash"])} for persona in persona_styles(model, analysis.persona)]
    grid = report_grid.grid(journey, analysis, journey_order(journey, analysis.persona), personas, lang)
    columns = [_column(column, lang, text) for column in grid["columns"]]
    _place_in_phases(columns)
    ranked = sorted(({**column["hotspot"], "name": column["name"]} for column in columns if column["hotspot"]),
                    key=lambda hotspot: hotspot["rank"])
    context = {
        "lang": lang, "t": text, "title": model.title, "owner": model.owner, "variant": model.variant,
        "date": written_date(journey.today, lang), "persona_filter": personas[0]["name"] if analysis.persona else None,
        "personas": personas, "lanes": _lanes(columns, analysis), "hotspots": ranked,
        "hotspot_rule": text["note.hotspot_min"].format(minimum=localized_number(f"{analysis.hotspot_min:.2f}", lang)),
        "levels": _levels(lang), "has_mot": any(column["moment_of_truth"] for column in columns),
        "page_size": css_page_size(paper, portrait), "margin_em": MARGIN_EM, "lane_head_em": LANE_HEAD_EM,
        "curve_floor_em": CURVE_FLOOR_EM, "style": asset("poster.css"),
    }
    phases = {phase["id"]: phase for phase in grid["phases"]}
    layout = plan([_paragraphs(column, context["lanes"], text, phases[column["phase"]]) for column in columns],
                  [phase["span"] for phase in grid["phases"]], _frame(context, grid["phases"]),
                  paper=paper, portrait=portrait)
    sheets = [_sheet(journey, analysis, columns[start:stop], personas, phases, lang) for start, stop in layout.sheets]
    for number, sheet in enumerate(sheets, 1):
        sheet["label"] = _sheet_label(number, len(sheets), sheet["phases"], text)
    return {**context, "sheets": sheets, "body_pt": layout.body_pt, "width_mm": layout.width_mm,
            "height_mm": layout.height_mm}


def _lanes(columns: list[dict], analysis) -> list[str]:
    """The lanes some touchpoint fills (the curve: some persona feels something somewhere)."""
    felt = any(curve.points for curve in analysis.emotion_curves)
    return [lane for lane in LANES if (felt if lane == "curve" else any(column[lane] for column in columns))]


def _column(column: dict, lang: str, text: dict) -> dict:
    """A touchpoint's column as the poster words it: every figure localized, every KPI judged, a hotspot
    (every one the analysis lists, report_grid marks) with its rank and why."""
    meta = " · ".join(part for part in (column["channel"], column["owner"]) if part)
    hotspot = {"rank": column["hotspot"], "why": column["hotspot_why"]} if column["hotspot"] else None
    return {
        **column, "meta": meta, "hotspot": hotspot,
        "thoughts": f"{text['quote.open']}{column['thoughts']}{text['quote.close']}" if column["thoughts"] else None,
        "kpis": [_kpi(kpi, lang, text) for kpi in column["kpis"]],
        "pains": [{**pain, "dots": "●" * pain["severity"] + "○" * (SEVERITY_STEPS - pain["severity"])}
                  for pain in column["pains"]],
        "opportunities": [{"title": o["title"], "status": text["status." + o["status"]]} for o in column["opportunities"]],
        "notes": [f"{note['text']} ({note['by']})" if note["by"] else note["text"] for note in column["notes"]],
        "friction": None if column["friction"] is None else {
            "text": localized_number(f"{column['friction']:.2f}", lang), "bar": round(column["friction"] * 100)},
    }


def _kpi(kpi: dict, lang: str, text: dict) -> dict:
    """'CSAT 72 %' and 'target ≥ 80 %', met or missed in the KPI's own direction (lower is better for some)."""
    unit = f" {kpi['unit']}" if kpi["unit"] else ""
    target = None
    if kpi["target"] is not None:
        sign = "≤" if kpi["lower_is_better"] else "≥"
        target = f"{text['poster.target']} {sign} {figure(kpi['target'], lang)}{unit}"
    return {"name": text.get("kpi." + kpi["name"], kpi["name"]), "value": figure(kpi["value"], lang) + unit,
            "target": target, "meets": kpi["meets"],
            "verdict": None if kpi["meets"] is None else text["kpi.met" if kpi["meets"] else "kpi.missed"]}


def _paragraphs(column: dict, lanes: list[str], text: dict, phase: dict) -> dict:
    """A column's words row by row, styled as poster.css sets them: what the layout estimates heights from."""
    head = [(f"▲ {text['hotspot.mark']} #{column['hotspot']['rank']} {column['hotspot']['why']}", "mark")] \
        if column["hotspot"] else []
    head += [(column["name"], "name"), (column["meta"], "meta")]
    if column["moment_of_truth"]:
        head.append((f"★ {text['moment_of_truth']}", "mot"))
    words = {
        "action": [column["action"]], "thoughts": [column["thoughts"]], "friction": ["0.00"],
        "pains": [(f"{p['dots']} {p['text']}", "box-bold" if p["severe"] else "box") for p in column["pains"]],
        "gains": [f"+ {gain}" for gain in column["gains"]],
        "opportunities": [(f"{o['title']} {o['status']}", "box") for o in column["opportunities"]],
        "kpis": [" ".join(filter(None, ("✔", k["name"], k["value"], k["target"], "·", k["verdict"])))
                 for k in column["kpis"]],
        "backstage": column["backstage"], "notes": [(note, "box") for note in column["notes"]],
    }
    found = {"span": column["phase_size"], "phase": [(f"{phase['name']} →", "phase"), (phase["goal"], "meta")],
             "touchpoint": head}
    found.update({lane: words[lane] for lane in lanes if lane != "curve"})
    return {row: cells if row == "span" else [p for p in cells if p and (isinstance(p, str) or p[0])]
            for row, cells in found.items()}


def _frame(context: dict, phases: list[dict]) -> Frame:
    """The header and footer every sheet carries, as the layout estimates them."""
    text = context["t"]
    names = sorted((phase["name"] for phase in phases), key=len)
    label = f"{text['poster.sheet'].format(number=99, count=99)} · " + \
        text["poster.phases"].format(first=names[-1], last=names[-2] if len(names) > 1 else names[-1])
    legend = " ".join([text["legend"], text["emotion"], *(f"{l['mark']} {l['number']} {l['word']} ." for l in
                                                        context["levels"]),
                       *(f"—— {persona['name']} ." for persona in context["personas"]),
                       "●○○○○ … ●●●●●", text["poster.legend.severity"], f"✔ {text['kpi.met']} ✖ {text['kpi.missed']}",
                       "▬▬▬▬▬", text["poster.legend.friction"], f"★ {text['moment_of_truth']}"])
    hotspots = " · ".join(f"#{h['rank']} {h['name']} {h['why']}" for h in context["hotspots"])
    footer = (legend, f"▲ {text['section.hotspots']}: {hotspots} {context['hotspot_rule']}") if hotspots else (legend,)
    cards = tuple((p["name"], bool(p["share"]), p["quote"] or p["description"] or "") for p in context["personas"])
    return Frame(context["title"], cards, label, footer)


def _sheet(journey, analysis, columns: list[dict], personas: list[dict], phases: dict, lang: str) -> dict:
    """One sheet: its phases (a phase cut by the sheet's edge says so), its columns, their emotion curves."""
    ids = [column["id"] for column in columns]
    shown = set(ids)
    curves = [dataclasses.replace(curve, points=[p for p in curve.points if p.touchpoint in shown])
              for curve in analysis.emotion_curves]
    runs: list[dict] = []
    for column in columns:
        if runs and runs[-1]["id"] == column["phase"]:
            runs[-1]["span"] += 1
        else:
            phase = phases[column["phase"]]
            runs.append({"id": phase["id"], "name": phase["name"], "goal": phase["goal"], "span": 1,
                         "continued": column["in_phase"] > 0})
        runs[-1]["goes_on"] = column["in_phase"] < column["phase_size"] - 1
    return {"phases": runs, "columns": columns, "curve": _nudged(report_grid.curve(journey, curves, ids, personas, lang))}


def _nudged(curve: dict) -> dict:
    """The curve with each persona's line moved a little up or down, so that personas who feel the same
    show as parallel lines instead of one hiding the other."""
    count = len(curve["lines"])
    lines = []
    for index, line in enumerate(curve["lines"]):
        nudge = (index - (count - 1) / 2) * NUDGE
        lines.append({**line, "nudge": nudge, "points": [{**p, "y": p["y"] + nudge} for p in line["points"]]})
    return {**curve, "lines": lines}


def _place_in_phases(columns: list[dict]) -> None:
    """Each column's place in its phase (in_phase 0 starts it), so a sheet's edge can say where a phase goes on."""
    sizes = Counter(column["phase"] for column in columns)
    for index, column in enumerate(columns):
        previous = columns[index - 1] if index else None
        column["in_phase"] = previous["in_phase"] + 1 if previous and previous["phase"] == column["phase"] else 0
        column["phase_size"] = sizes[column["phase"]]


def _sheet_label(number: int, count: int, phases: list[dict], text: dict) -> str | None:
    """'Sheet 2 of 3 · phases Purchase–Delivery', or nothing on a poster of one sheet."""
    if count == 1:
        return None
    first, last = phases[0]["name"], phases[-1]["name"]
    span = text["poster.phase"].format(name=first) if len(phases) == 1 else \
        text["poster.phases"].format(first=first, last=last)
    return f"{text['poster.sheet'].format(number=number, count=count)} · {span}"


def _dash(pattern: str) -> str:
    """A persona's dash pattern, made long enough to see on a line as thick as the poster's."""
    return " ".join(f"{float(part) * DASH_SCALE:g}" for part in pattern.split())


def _levels(lang: str) -> list[dict]:
    """The emotion scale, +2 at the top: colour, mark, signed number, word."""
    text = labels(lang)
    return [{"value": level.value, "y": report_grid.y_of(level.value), "colour": level.colour,
             "text_colour": level.text_colour, "mark": level.mark, "word": text[level.label],
             "number": f"+{level.value}" if level.value > 0 else str(level.value).replace("-", "−")}
            for level in reversed(LEVELS)]
