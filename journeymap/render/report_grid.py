"""The journey grid of the HTML report (phases as columns, lanes as rows) and its emotion curve."""

from __future__ import annotations

import datetime as dt

from journeymap.i18n.catalog import labels
from journeymap.i18n.numbers import written_date, written_number
from journeymap.model.emotion import LEVELS
from journeymap.model.format import (emotion_for, format_number, gain_text, note_by, note_text, pain_severity, pain_text,
                              passes)
from journeymap.model.voice import broken_promise, expectation_for, gap_for
from journeymap.rules.feedback_contradicts_map import contradictions
from journeymap.render.hotspot_why import why
from journeymap.render.palette import EMOTION_COLORS, EMOTION_MARKS, EMOTION_TEXT, emotion_step, emotion_word

COLUMN = 100        # curve units per touchpoint column
CURVE_HEIGHT = 170
TOP, STEP = 15, 35  # y of +2, and units per emotion step


def grid(journey, analysis, order: list[str], personas: list[dict], lang: str) -> dict:
    """Phase header cells (with spans) and one column per touchpoint, in journey order; has_notes: any sticky notes."""
    model = journey.model
    phase_names = {p.id: p for p in reversed(model.phases)}
    hotspot_rank = {h.touchpoint: (h.rank, why(h, analysis, lang)) for h in analysis.hotspots if h.friction > 0}
    lookup = _Lookup(model)
    columns = [_column(journey, analysis, node, personas, lang, hotspot_rank.get(node), lookup) for node in order]
    phases: list[dict] = []
    for column in columns:
        if phases and phases[-1]["id"] == column["phase"]:
            phases[-1]["span"] += 1
        else:
            phase = phase_names.get(column["phase"])
            phases.append({"id": column["phase"], "name": phase.name if phase else column["phase"],
                           "goal": phase.goal if phase else None, "span": 1})
    heard = analysis.voice.touchpoints if analysis.voice else {}
    against = contradicted(journey, lang) if heard else {}
    for column in columns:
        column["feedback"] = feedback_cell(heard.get(column["id"]), against.get(column["id"], []), lang)
    return {"phases": phases, "columns": columns, "has_notes": any(column["notes"] for column in columns),
            "has_feedback": any(column["feedback"] for column in columns)}


def feedback_cell(voice, contradictions: list[str], lang: str) -> dict | None:
    """What customers said at a touchpoint: linked rows, mean rating, the emotion it gives, the first quote, and
    where the map says otherwise (contradicted())."""
    figures = voice.feedback if voice is not None else None
    if not figures:
        return None
    felt = figures["emotion"]
    return {"rows": figures["rows"], "mean": None if figures["mean_rating"] is None else
            written_number(round(figures["mean_rating"], 1), lang),
            "emotion": heard_emotion(felt, lang),
            "quote": quote(figures["quotes"][0], lang) if figures["quotes"] else None,
            "quotes": [quote(q, lang) for q in figures["quotes"]], "contradicts": contradictions}


def heard_emotion(value: float | None, lang: str) -> str | None:
    """'−0.9 unhappy': the emotion feedback gives, to one place, with its word (None: no rating)."""
    return None if value is None else f"{_written_signed(round(value, 1), lang)} {emotion_word(value, lang)}"


def quote(found: dict, lang: str) -> dict:
    """A quote with its date as the language writes dates (an ISO date or time; anything else as written)."""
    date = found["date"]
    try:
        day = dt.date.fromisoformat(date[:10]) if date else None
    except ValueError:
        day = None
    return {**found, "date": written_date(day, lang) if day else date}


def contradicted(journey, lang: str) -> dict[str, list[str]]:
    """touchpoint -> what the map says where its feedback contradicts it (feedback-contradicts-map): '+1 happy',
    or 'Lena: +1 happy' per persona."""
    t = labels(lang)
    names = {p.id: p.name.split(",")[0] for p in reversed(journey.model.personas)}
    found: dict[str, list[str]] = {}
    for c in contradictions(journey):
        felt = f"{signed(round(c.felt, 2))} {emotion_word(c.felt, lang)}"
        text = t["voc.contradicts"].format(felt=felt) if c.persona is None else \
            t["voc.contradicts.persona"].format(felt=felt, persona=names.get(c.persona, c.persona))
        found.setdefault(c.touchpoint, []).append(text)
    return found


class _Lookup:
    """Channels, owners and opportunities by id, built once per report (not once per column)."""

    def __init__(self, model):
        self.channels = {c.id: c for c in reversed(model.channels)}
        self.owners = {o.id: o for o in reversed(model.owners)}
        self.opportunities: dict[str, list[dict]] = {}
        for o in model.opportunities:
            for touchpoint in dict.fromkeys(t.partition("#")[0] for t in o.addresses):
                self.opportunities.setdefault(touchpoint, []).append(
                    {"title": o.title, "status": o.status, "impact": o.impact})


def _column(journey, analysis, node, personas, lang, hotspot_rank, lookup: _Lookup) -> dict:
    touchpoint = journey.graph.nodes[node]["touchpoint"]
    channel = lookup.channels.get(touchpoint.channel)
    owner = lookup.owners.get(touchpoint.owner)
    figure = analysis.friction[node]
    return {
        "id": node, "name": touchpoint.name, "phase": touchpoint.phase,
        "channel": channel.name if channel else touchpoint.channel,
        "channel_kind": channel.kind if channel else None,
        "action": touchpoint.action, "thoughts": touchpoint.thoughts, "description": touchpoint.description,
        "moment_of_truth": touchpoint.moment_of_truth, "tags": touchpoint.tags,
        "effort": format_number(touchpoint.effort) if touchpoint.effort is not None else None,
        "emotions": [_emotion(touchpoint, p, lang, journey.model.rules.expectation_gap)
                     for p in personas if passes(touchpoint, p["id"])],
        "expects": touchpoint.expects,
        "pains": sorted(({"text": pain_text(p), "severity": pain_severity(p), "severe": pain_severity(p) >= 4}
                         for p in touchpoint.pains), key=lambda p: -p["severity"]),
        "gains": [gain_text(g) for g in touchpoint.gains],
        "backstage": touchpoint.backstage,
        "notes": [{"text": note_text(n), "by": note_by(n)} for n in touchpoint.notes],
        "opportunities": lookup.opportunities.get(node, []),
        "kpis": [_kpi(k) for k in analysis.kpis.get(node, [])],
        "owner": owner.name if owner else touchpoint.owner,
        "friction": figure.score if figure.by_persona else None,
        "hotspot": hotspot_rank[0] if hotspot_rank else None,
        "hotspot_why": hotspot_rank[1] if hotspot_rank else None,
    }


def _emotion(touchpoint, persona: dict, lang: str, limit: float) -> dict:
    value = emotion_for(touchpoint, persona["id"])
    chip = {"persona": persona["name"], "persona_id": persona["id"], "value": None,
            "expected": _expected(touchpoint, persona["id"], lang, limit)}
    if value is None:
        return chip
    step = emotion_step(value)
    chip.update(value=value, number=signed(value),
                word=emotion_word(value, lang), background=EMOTION_COLORS[step], color=EMOTION_TEXT[step],
                mark=EMOTION_MARKS[step])
    return chip


def _expected(touchpoint, persona: str, lang: str, limit: float) -> dict | None:
    """What this persona expects here, and the gap to what it feels (None: no expectation)."""
    value = expectation_for(touchpoint, persona)
    if value is None:
        return None
    gap = gap_for(touchpoint, persona)
    return {"number": signed(value), "word": emotion_word(value, lang),
            "gap": None if gap is None else signed(gap), "broken": broken_promise(gap, limit)}


def _written_signed(value: float, lang: str) -> str:
    """+1,5 or −0.5: a figure in the report's language, with its sign and a real minus."""
    number = written_number(value, lang).replace("-", "−")
    return f"+{number}" if value > 0 else number


def signed(value: float) -> str:
    """+1, 0, −2: an emotion or a gap as the report writes it, with a real minus sign."""
    number = format_number(value)
    return number.replace("-", "−") if value <= 0 else f"+{number}"


def _kpi(kpi) -> dict:
    return {"name": kpi.name, "value": kpi.value, "target": kpi.target, "meets": kpi.meets_target,
            "lower_is_better": kpi.lower_is_better, "source": kpi.source, "responses": kpi.responses,
            "unit": kpi.unit}


def y_of(emotion: float) -> float:
    return TOP + (2 - emotion) * STEP


def curve(journey, emotion_curves, order: list[str], personas: list[dict], lang: str) -> dict:
    """SVG geometry: one polyline per persona through its emotion curve as the analysis found it
    (analysis/curves.py), x at the column centres."""
    column_of = {node: index for index, node in enumerate(order)}
    curve_of = {emotion_curve.persona: emotion_curve for emotion_curve in emotion_curves}
    lines = []
    for index, persona in enumerate(personas):
        points = [_curve_point(journey, point, column_of[point.touchpoint], lang)
                  for point in curve_of[persona["id"]].points]
        path = " ".join(f"{'M' if i == 0 else 'L'}{p['x']:g},{p['y']:g}" for i, p in enumerate(points))
        lines.append({**persona, "points": points, "path": path,
                      "expected": _expected_marks(journey, order, persona["id"], lang, (index, len(personas)))})
    levels = [{"value": level.value, "y": y_of(level.value), "word": labels(lang)[level.label]}
              for level in reversed(LEVELS)]
    return {"width": max(1, len(order)) * COLUMN, "height": CURVE_HEIGHT, "lines": lines, "levels": levels,
            "has_expectations": any(line["expected"] for line in lines),
            "broken_key": labels(lang)["voice.key.broken"].format(
                limit=written_number(abs(journey.model.rules.expectation_gap), lang))}


def _expected_marks(journey, order: list[str], persona: str, lang: str, place: tuple[int, int]) -> list[dict]:
    """A persona's expectation beside its curve: a short bar at each touchpoint it passes with an expectation,
    and, where the gap is a broken promise, the drop from the bar down to what it felt. place: (index, count)
    of the persona; each has its own slice of the bar, so personas expecting the same stay apart."""
    index, count = place
    slice_width = COLUMN * 0.6 / count
    limit, marks = journey.model.rules.expectation_gap, []
    for column, node in enumerate(order):
        touchpoint = journey.graph.nodes[node]["touchpoint"]
        expected = expectation_for(touchpoint, persona)
        if expected is None or not passes(touchpoint, persona):
            continue
        felt, gap = emotion_for(touchpoint, persona), gap_for(touchpoint, persona)
        x1 = column * COLUMN + COLUMN * 0.2 + index * slice_width
        x, x2 = x1 + slice_width / 2, x1 + slice_width
        marks.append({"x": f"{x:g}", "x1": f"{x1:g}", "x2": f"{x2:g}",
                      "left": x2 / (len(order) * COLUMN) * 100, "y": f"{y_of(expected):g}",
                      "top": y_of(expected) / CURVE_HEIGHT * 100,
                      "felt_y": None if felt is None else f"{y_of(felt):g}", "touchpoint": touchpoint.name,
                      "value": signed(expected), "word": emotion_word(expected, lang),
                      "gap": None if gap is None else signed(gap), "broken": broken_promise(gap, limit)})
    return marks


def _curve_point(journey, point, column: int, lang: str) -> dict:
    value, touchpoint = point.emotion, journey.graph.nodes[point.touchpoint]["touchpoint"]
    return {"x": column * COLUMN + COLUMN / 2, "y": y_of(value), "touchpoint": touchpoint.name,
            "value": format_number(value), "word": emotion_word(value, lang)}
