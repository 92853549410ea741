"""The comparison as one self-contained HTML page: the report's style, its escaping, en/de, printed on any paper (A3 landscape unless told).

No script and no outside request: every chart is inline SVG, every bar a styled element.
"""

from __future__ import annotations

from journeymap import __version__
from journeymap.compare.report import side_words
from journeymap.compare.value_diff import cash, moved_text
from journeymap.i18n.catalog import counted_label, labels
from journeymap.i18n.numbers import localized_number
from journeymap.model.emotion import LEVELS
from journeymap.model.format import format_number
from journeymap.render.hotspot_why import none_reach, why
from journeymap.render.html import persona_styles
from journeymap.render.options import css_page_size
from journeymap.render.palette import emotion_word
from journeymap.render.templates import asset, environment
from journeymap.render.report_grid import CURVE_HEIGHT, heard_emotion, y_of
from journeymap.render.tables import with_unit
from journeymap.runtime import gc_paused

CHART_WIDTH = 760    # chart units, whatever the number of touchpoints (text keeps its size)
CHAR = 8.6           # chart units per character of a phase label
MARK = {True: "▲", False: "▼", None: "="}


def render_compare_html(comparison, old, new, *, lang: str | None = None, paper: str = "A3",
                        portrait: bool = False) -> str:
    """old, new: the diff.Side of each version (their journeys give personas, phases and names)."""
    with gc_paused():
        language = lang or new.journey.model.lang
        context = compare_context(comparison, old, new, language)
        money_style = asset("value.css") if context["money"] is not None else ""
        context.update(style=asset("report.css") + asset("compare.css") + money_style,
                       page_size=css_page_size(paper, portrait),
                       version=__version__)
        return environment().get_template("compare.html.j2").render(context)


def compare_context(c, old, new, lang: str) -> dict:
    t = labels(lang)
    names = c.names
    sides = tuple(t[f"cmp.{word}"] for word in side_words(c))
    order = [row.touchpoint for row in c.touchpoints]
    phase_of = {row.touchpoint: row.phase[1] or row.phase[0] for row in c.touchpoints}
    counts = c.counts()
    return {
        "lang": lang, "t": t, "title": c.after.title, "sides": sides, "before": c.before, "after": c.after,
        "better": [(counts[k], counted_label(lang, f"cmp.n.{k}", counts[k])) for k in
                   ("friction_better", "pains_removed", "kpis_better", "remembered_better", "opportunities_delivered",
                    *(("feedback_better",) if c.feedback is not None else ()))],
        "worse": [(counts[k], counted_label(lang, f"cmp.n.{k}", counts[k])) for k in
                  ("friction_worse", "pains_added", "kpis_worse", "remembered_worse", "opportunities_open",
                   *(("feedback_worse",) if c.feedback is not None else ()))],
        "curves": _curves(c, old, new, order, phase_of, lang),
        "friction": [_friction_row(row, c, lang) for row in c.touchpoints],
        "hotspots": [[_hotspot(h, side_names, side.analysis, lang) for h in hotspots]
                     for hotspots, side_names, side in zip(c.hotspots, (c.names_before, names), (old, new))],
        "hotspots_none": [none_reach(side.analysis.hotspot_min, lang) for side in (old, new)],
        "pains_removed": [_pain(p, c.names_before) for p in c.pains_removed],
        "pains_added": [_pain(p, names) for p in c.pains_added],
        "opportunities": [_opportunity(o, c.names_before if o.status[0] else names, c.pain_texts, t)
                          for o in c.opportunities],
        "kpis": [_kpi(k, names, t, lang) for k in c.kpis if k.value[0] != k.value[1]],
        "kpis_unchanged": [_kpi(k, names, t, lang) for k in c.kpis if k.value[0] == k.value[1]],
        "structure": [{"name": row.name, "status": t[f"cmp.tp.{row.status}"], "kind": row.status,
                       "before": c.phase_names.get(row.phase[0], row.phase[0]) if row.phase[0] else "–",
                       "after": c.phase_names.get(row.phase[1], row.phase[1]) if row.phase[1] else "–",
                       "was": row.was}
                      for row in c.touchpoints if row.status in ("added", "removed", "moved", "id-changed")],
        "funnel": _funnel(c, names, lang),
        "observed": [{"flow": " → ".join(names.get(n.strip(), n.strip()) for n in o.flow.split("->")),
                      "before": o.share[0], "after": o.share[1], "log": o.log, "mark": MARK[o.better]}
                     for o in c.observed],
        "money": _money(c, names, t, lang),
        "feedback": None if c.feedback is None else
        [{"touchpoint": names.get(row.touchpoint, row.touchpoint), "mark": MARK[row.better], "better": row.better,
          "emotion": [heard_emotion(e, lang) or "–" for e in row.emotion],
          "rows": ["–" if n is None else localized_number(format_number(n), lang) for n in row.rows]}
         for row in c.feedback],
    }


def _money(c, names: dict[str, str], t: dict, lang: str) -> list[dict] | None:
    """The money moved, in the page's language; None when neither version names money."""
    if c.money is None:
        return None
    titles = {o.opportunity: o.title for o in c.opportunities}
    subject = {"total-at-stake-changed": lambda s: t["value.total"],
               "at-stake-changed": lambda s: names.get(s, s),
               "expected-value-changed": lambda s: f"{t['col.expected_value']}: {titles.get(s, s)}"}
    return [{"mark": MARK[row.better], "what": subject[row.kind](row.subject),
             "before": cash(row.amounts[0], row.currency, lang) or "–",
             "after": cash(row.amounts[1], row.currency, lang) or "–", "moved": moved_text(row, lang)}
            for row in c.money]


def _num(value, lang: str, places: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and abs(value) < 1000:
        text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:,.0f}" if abs(value) >= 1000 else format_number(value)
    return localized_number(text, lang)


def _fixed(value, lang: str) -> str:
    return "–" if value is None else localized_number(f"{value:.2f}", lang)


def _signed(value: float, lang: str) -> str:
    return localized_number(f"{value:+.2f}", lang)


def _curves(c, old, new, order, phase_of, lang) -> dict:
    """Per persona one chart: x = the touchpoints of both versions in journey order, both curves."""
    t = labels(lang)
    persona_style = {p["id"]: p for p in persona_styles(old.journey.model, None)}
    persona_style.update({p["id"]: p for p in persona_styles(new.journey.model, None)})
    column = CHART_WIDTH / max(1, len(order))
    x = {node: round(i * column + column / 2, 2) for i, node in enumerate(order)}
    levels = [{"value": level.value, "y": y_of(level.value),
               "label": ("+" if level.value > 0 else "") + str(level.value).replace("-", "−")}
              for level in reversed(LEVELS)]
    charts = [_chart(c, p, persona_style[p.persona], x, t, lang) for p in c.personas]
    return {"width": CHART_WIDTH, "height": CURVE_HEIGHT + 28, "plot": CURVE_HEIGHT,
            "bands": _phase_bands(c, order, phase_of, column), "levels": levels, "charts": charts}


def _phase_bands(c, order, phase_of, column: float) -> list[dict]:
    """One shaded band per run of touchpoints in the same phase, its name cut to fit."""
    bands, start = [], 0
    for i, node in enumerate(order + [None]):
        if i == len(order) or (i > 0 and phase_of[node] != phase_of[order[i - 1]]):
            phase = phase_of[order[i - 1]]
            name = c.phase_names.get(phase, phase)
            width = (i - start) * column
            fits = max(1, int((width - 6) / CHAR))
            bands.append({"x": round(start * column, 2), "width": round(width, 2), "name": name,
                          "label": name if len(name) <= fits else name[:max(1, fits - 1)].rstrip() + "…",
                          "shade": len(bands) % 2 == 1})
            start = i
    return bands


def _chart(c, p, style: dict, x: dict, t, lang: str) -> dict:
    """One persona's chart: its curve before and after, its peak-end values and the verdict."""
    lines = []
    for kind, points in (("before", p.before), ("after", p.after)):
        side_names = c.names_before if kind == "before" else c.names
        placed = [{"x": x[q.touchpoint], "y": y_of(q.emotion), "name": side_names.get(q.touchpoint, q.touchpoint),
                   "value": _num(q.emotion, lang), "word": emotion_word(q.emotion, lang)}
                  for q in points if q.touchpoint in x]
        path = " ".join(f"{'M' if i == 0 else 'L'}{q['x']:g},{q['y']:g}" for i, q in enumerate(placed))
        lines.append({"kind": kind, "points": placed, "path": path})
    verdict = p.remembered
    return {
        "id": p.persona, "name": p.name, "color": style["color"], "marker": style["marker"],
        "caption": t["cmp.curve.caption"].format(persona=p.name),
        "before": lines[0], "after": lines[1],
        "peak_end": [_num(v, lang) for v in p.peak_end],
        "verdict": t[f"cmp.remembered.{verdict}"], "verdict_kind": verdict,
        "mark": {"better": "▲", "worse": "▼"}.get(verdict, "="),
        "moments": [t["cmp.peak_end_line"].format(peak=side_names.get(peak, "–") if peak else "–",
                                                  end=side_names.get(end, "–") if end else "–")
                    for peak, end, side_names in zip(p.peak, p.end, (c.names_before, c.names))],
    }


def _friction_row(row, c, lang) -> dict:
    before, after = row.friction
    change = None if before is None or after is None else after - before
    t = labels(lang)
    return {
        "name": row.name, "phase": c.phase_names.get(row.phase[1] or row.phase[0], row.phase[1] or row.phase[0]),
        "before": _fixed(before, lang), "after": _fixed(after, lang),
        "before_width": round(100 * (before or 0), 1), "after_width": round(100 * (after or 0), 1),
        "has_before": before is not None, "has_after": after is not None,
        "change": _signed(change, lang) if change is not None and row.better is not None else "",
        "mark": MARK[row.better], "better": row.better,
        "rank": [f"#{r}" if r else "–" for r in row.hotspot_rank],
        "status": "" if row.status == "same" else t[f"cmp.tp.{row.status}"],
        "was_name": c.names_before.get(row.touchpoint) if row.status in ("renamed", "id-changed") else None,
    }


def _hotspot(h, names, analysis, lang) -> dict:
    """A hotspot of one side, with the line that says why it ranks there, in the page's language."""
    hotspot = next(found for found in analysis.hotspots if found.touchpoint == h["touchpoint"])
    return {"rank": h["rank"], "name": names.get(h["touchpoint"], h["touchpoint"]), "touchpoint": h["touchpoint"],
            "friction": _fixed(h["friction"], lang), "score": _fixed(h["score"], lang),
            "why": why(hotspot, analysis, lang)}


def _pain(p, names) -> dict:
    return {"touchpoint": names.get(p.touchpoint, p.touchpoint), "text": p.text, "severity": p.severity}


def _opportunity(o, names, pain_texts, t) -> dict:
    def where(address: str) -> str:
        node, _, pain = address.partition("#")
        return names.get(node, node) + (f": {pain_texts.get(address, pain)}" if pain else "")
    return {"title": o.title, "addresses": [where(a) for a in o.addresses], "resolved": len(o.resolved),
            "total": len(o.addresses), "outcome": t[f"cmp.outcome.{o.outcome}"], "kind": o.outcome,
            "status": [t[f"status.{s}"] if s else t["cmp.not_listed"] for s in o.status],
            "mark": {"delivered": "✓", "partly": "◐", "open": "○"}[o.outcome]}


def _kpi(k, names, t, lang) -> dict:
    key = f"kpi.{k.kpi}"
    return {"touchpoint": names.get(k.touchpoint, k.touchpoint), "kpi": t.get(key, k.kpi),
            "before": with_unit(_num(k.value[0], lang), k.unit), "after": with_unit(_num(k.value[1], lang), k.unit),
            "target": with_unit(_num(k.target, lang), k.unit),
            "status": [t["kpi.no_target"] if s is None else t["kpi.met"] if s else t["kpi.missed"] for s in k.on_target],
            "met": list(k.on_target), "mark": MARK[k.better], "better": k.better}


def _funnel(c, names, lang) -> dict | None:
    funnel = c.funnel
    if funnel is None:
        return None
    percent = lambda v: "–" if v is None else localized_number(f"{100 * v:.1f}", lang) + " %"   # noqa: E731
    def mark(pair):
        b, a = pair
        return "" if b is None or a is None or abs(a - b) < 0.0005 else MARK[a > b]
    return {
        "entries": [names.get(e, e) for e in funnel.entries],
        "steps": [{"name": names.get(s.touchpoint, s.touchpoint),
                   "reach": [{"before": percent(s.reach[e][0]), "after": percent(s.reach[e][1]),
                              "mark": mark(s.reach[e])} for e in funnel.entries]} for s in funnel.steps],
        "conversion": [{"before": percent(funnel.conversion[e][0]), "after": percent(funnel.conversion[e][1]),
                        "mark": mark(funnel.conversion[e])} for e in funnel.entries],
    }
