"""The self-contained HTML report: Jinja2 templates (autoescape on) fed only by the model and the analysis.

User text reaches the page only as template variables, which Jinja escapes; the data for the
small persona filter travels as <script type="application/json"> produced by `tojson`. The
Content-Security-Policy allows no request at all: inline styles, images as data: URLs, and the
one inline script by its hash.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from journeymap import __version__
from journeymap.model.graph import ordered_touchpoints
from journeymap.i18n.catalog import labels
from journeymap.model.format import passes
from journeymap.render import report_grid
from journeymap.render.hotspot_why import hotspot_rule, none_reach, why
from journeymap.render.observed_report import observed_logs
from journeymap.render.options import css_page_size
from journeymap.render.palette import PERSONA_COLORS, PERSONA_DASHES, PERSONA_MARKERS
from journeymap.render.templates import asset, environment
from journeymap.render.value_view import value_context
from journeymap.render.voice_view import voice_context
from journeymap.runtime import gc_paused

@dataclass(frozen=True)
class ReportOptions:
    paper: str = "A3"                # one of render.options.PAPERS
    portrait: bool = False
    lang: str | None = None          # overrides the map's `lang`


def render_html(journey, analysis, diagnostics, *, diagram_svg: bytes | None = None,
                options: ReportOptions = ReportOptions(), served: dict | None = None, trend: dict | None = None) -> str:
    """The whole report as one HTML document. served: {"script", "data"} of `journeymap serve`, which adds
    its live-update (and editing) script and lets the page talk to its own server."""
    with gc_paused():
        return _render_html(journey, analysis, diagnostics, diagram_svg, options, served, trend)


def script_hash(script: str) -> str:
    """The Content-Security-Policy source that allows this one inline script."""
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def _render_html(journey, analysis, diagnostics, diagram_svg, options, served, trend=None) -> str:
    script = asset("report.js")
    lang = options.lang or journey.model.lang
    context = report_context(journey, analysis, diagnostics, lang)
    context.update(
        script=script,
        script_hash=script_hash(script),
        style=asset("report.css") + (asset("trend.css") if trend else "")
        + (asset("value.css") if context["value"] else "") + (asset("voice.css") if context["voice"] else ""),
        trend=trend,
        page_size=css_page_size(options.paper, options.portrait),
        diagram=("data:image/svg+xml;base64," + base64.b64encode(diagram_svg).decode("ascii")) if diagram_svg else None,
        version=__version__,
        served=None if served is None else {**served, "script_hash": script_hash(served["script"])},
    )
    return environment().get_template("report.html.j2").render(context)


def report_context(journey, analysis, diagnostics, lang: str) -> dict:
    """Everything the template shows, as plain values (no markup)."""
    model = journey.model
    text = labels(lang)
    order = journey_order(journey, analysis.persona)
    personas = persona_styles(model, analysis.persona)
    names = {node: journey.graph.nodes[node]["touchpoint"].name for node in journey.graph}  # first definition wins
    return {
        "lang": lang, "t": text, "title": model.title, "description": model.description, "owner": model.owner,
        "persona_filter": analysis.persona,
        "status": _status(diagnostics), "findings": [_finding(d, lang) for d in diagnostics],
        "freshness": _freshness(journey),
        "personas": personas,
        "grid": report_grid.grid(journey, analysis, order, personas, lang),
        "curve": report_grid.curve(journey, analysis.emotion_curves, order, personas, lang),
        "hotspots": _hotspots(analysis, names, lang),
        "hotspots_none": none_reach(analysis.hotspot_min, lang),
        "hotspot_rule": hotspot_rule(analysis.hotspot_min, lang),
        "volume_observed": ", ".join(analysis.observed_logs) if analysis.volume_basis == "observed" else None,
        "emotion_summary": _emotion_summary(analysis, personas, names),
        "funnel": _funnel(analysis, names),
        "observed": observed_logs(journey, order, names, lang),
        "kpis": _kpis(analysis, names),
        "channels": analysis.channels, "owners": analysis.owners,
        "opportunities": analysis.coverage.opportunities, "names": names,
        "currency": model.currency,
        "value": value_context(journey, analysis, lang),
        "voice": voice_context(journey, analysis, order, lang),
        "unaddressed": [p for p in analysis.coverage.pains if not p.addressed_by],
        "filter_data": {"personas": [{"id": p["id"], "name": p["name"]} for p in personas]},
    }


def journey_order(journey, persona: str | None) -> list[str]:
    """The touchpoints in journey order (phases left to right), only those the persona passes when one is chosen."""
    return [node for node in ordered_touchpoints(journey.graph)
            if persona is None or passes(journey.graph.nodes[node]["touchpoint"], persona)]


def persona_styles(model, only: str | None) -> list[dict]:
    result = []
    for index, persona in enumerate(model.personas):
        if only and persona.id != only:
            continue
        result.append({
            "id": persona.id, "name": persona.name, "description": persona.description, "goals": persona.goals,
            "frustrations": persona.frustrations, "traits": persona.traits, "quote": persona.quote,
            "share": None if persona.share is None else f"{persona.share * 100:.0f} %",
            "color": PERSONA_COLORS[index % len(PERSONA_COLORS)],
            "marker": PERSONA_MARKERS[index % len(PERSONA_MARKERS)],
            "dash": PERSONA_DASHES[index % len(PERSONA_DASHES)],
        })
    return result


def _status(diagnostics) -> dict:
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = sum(1 for d in diagnostics if d.severity == "warning")
    return {"errors": errors, "warnings": warnings, "ok": errors == 0}


def _finding(d, lang: str) -> dict:
    return {"where": f"{d.file}:{d.line}:{d.column}", "severity": d.severity, "rule": d.rule,
            "message": d.text(lang)}


def _freshness(journey) -> list[dict]:
    rows = []
    limit = journey.model.analysis.stale_after_days
    for survey in journey.surveys:
        dates = [r.date for r in survey.responses if r.date is not None]
        newest = max(dates) if dates else None
        age = (journey.today - newest).days if newest else None
        rows.append({"file": survey.source.file, "kind": survey.source.kind, "responses": len(survey.responses),
                     "newest": newest.isoformat() if newest else None, "age": age,
                     "stale": age is not None and age > limit})
    return rows


def _hotspots(analysis, names: dict[str, str], lang: str) -> list[dict]:
    rows = []
    for hotspot in analysis.hotspots:
        if hotspot.friction <= 0:
            continue
        figure = analysis.friction[hotspot.touchpoint]
        rows.append({"rank": hotspot.rank, "id": hotspot.touchpoint, "name": names[hotspot.touchpoint],
                     "friction": hotspot.friction, "bar": round(hotspot.friction * 100),
                     "volume": hotspot.volume, "estimated": hotspot.volume_estimated, "score": hotspot.score,
                     "missing": figure.missing, "why": why(hotspot, analysis, lang),
                     "severe": hotspot.rank <= 3})
    return rows


def _emotion_summary(analysis, personas, names: dict[str, str]) -> list[dict]:
    style = {p["id"]: p for p in personas}
    rows = []
    for curve in analysis.emotion_curves:
        rows.append({
            "persona": style[curve.persona]["name"], "color": style[curve.persona]["color"],
            "points": len(curve.points), "average": curve.average, "peak_end": curve.peak_end,
            "lowest": (curve.lowest.emotion, names[curve.lowest.touchpoint]) if curve.lowest else None,
            "drop": (curve.largest_drop.change, names[curve.largest_drop.source], names[curve.largest_drop.target])
            if curve.largest_drop else None,
            "peak": (curve.peak.emotion, names[curve.peak.touchpoint]) if curve.peak else None,
            "end": (curve.end.emotion, names[curve.end.touchpoint]) if curve.end else None,
            "remembered_worse": curve.peak_end is not None and curve.average is not None
            and curve.peak_end < curve.average - 0.25,
        })
    return rows


def _funnel(analysis, names: dict[str, str]) -> dict | None:
    funnel = analysis.funnel
    if funnel is None:
        return None
    return {
        "entries": [names[e] for e in funnel.entries],
        "steps": [{"name": names[s.touchpoint], "reach": [s.reach[e] for e in funnel.entries],
                   "drop_off": s.drop_off} for s in funnel.steps],
        "conversion": [(names[e], funnel.conversion[e]) for e in funnel.entries],
        "observed": ", ".join(funnel.logs) if funnel.basis == "observed" else None,
    }


def _kpis(analysis, names: dict[str, str]) -> list[dict]:
    rows = []
    for touchpoint, kpis in analysis.kpis.items():
        for kpi in kpis:
            rows.append({"touchpoint": names[touchpoint], "name": kpi.name, "value": kpi.value, "target": kpi.target,
                         "meets": kpi.meets_target, "lower_is_better": kpi.lower_is_better, "unit": kpi.unit,
                         "source": kpi.source,
                         "responses": kpi.responses,
                         "newest": kpi.newest_response.isoformat() if kpi.newest_response else None,
                         "declared": kpi.declared_value, "disagrees": kpi.disagrees})
    return rows
