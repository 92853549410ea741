"""The trend report: a map's history as small multiples, one self-contained HTML page.

One line chart per KPI that moved (its target drawn), the friction of the top touchpoints, and a
marker at each commit where an opportunity became `done`. Commits where the map had errors are
gaps in every line and a hatched band with their error count. No script, no outside request.
"""

from __future__ import annotations

from decimal import Decimal

from journeymap import __version__
from journeymap.history.report import kpi_series, markers, money_series, top_touchpoints
from journeymap.i18n.catalog import labels
from journeymap.i18n.numbers import localized_number, money
from journeymap.model.format import format_number
from journeymap.render.options import css_page_size
from journeymap.render.tables import with_unit
from journeymap.render.templates import asset, environment
from journeymap.runtime import gc_paused

WIDTH, HEIGHT, PAD_LEFT, PAD_TOP, PAD_BOTTOM = 420, 150, 46, 12, 26


def render_trend_html(history, *, lang: str | None = None, paper: str = "A3", portrait: bool = False) -> str:
    with gc_paused():
        language = lang or history.lang
        context = trend_context(history, language)
        context.update(style=asset("report.css") + asset("trend.css"), page_size=css_page_size(paper, portrait),
                       version=__version__)
        return environment().get_template("trend.html.j2").render(context)


def trend_context(history, lang: str) -> dict:
    t = labels(lang)
    points = history.points
    xs = _xs(len(points))
    found = markers(history)
    marker_x = [xs[next(i for i, p in enumerate(points) if p.commit == m["commit"])] for m in found]
    every = kpi_series(history)
    moved = [s for s in every if len({v for v in s["values"] if v is not None}) > 1]
    charts = [_chart(_kpi_title(s, t), s["values"], xs, lang, target=s["target"], markers=marker_x, unit=s["unit"])
              for s in moved]
    at_stake = money_series(history)
    if len({v for v in at_stake if v is not None}) > 1:
        currency = next(p.currency for p in reversed(points) if p.at_stake is not None)
        charts.insert(0, _chart(t["value.total"], at_stake, xs, lang, markers=marker_x,
                                formatter=lambda value: money(Decimal(repr(round(value, 2))), currency, lang)))
    friction = [_chart(name_of(history, node), [p.friction.get(node) if p.valid else None for p in points], xs,
                       lang, low=0.0, high=1.0, markers=marker_x)
                for node in top_touchpoints(history)]
    gaps = [{"x": xs[i], "errors": p.errors, "finding": p.first_finding} for i, p in enumerate(points) if not p.valid]
    return {
        "lang": lang, "t": t, "title": history.title or history.map, "map": history.map,
        "points": [{"date": p.date[:10], "commit": p.commit[:7], "subject": p.subject, "valid": p.valid,
                    "errors": p.errors, "warnings": p.warnings, "finding": p.first_finding} for p in points],
        "count": len(points), "invalid": len(gaps), "shallow": history.shallow,
        "kpi_charts": charts, "unmoved": len(every) - len(moved), "friction_charts": friction,
        "markers": [{**m, "x": x, "line": _marker_line(m, lang, t)} for m, x in zip(found, marker_x)],
        "gaps": gaps, "axis": _axis(points, xs), "width": WIDTH, "height": HEIGHT,
        "plot": {"left": PAD_LEFT, "top": PAD_TOP, "bottom": HEIGHT - PAD_BOTTOM, "right": WIDTH - 8},
    }


def _kpi_title(series: dict, t) -> str:
    """'wait_minutes · Waiting room (lower is better)': the direction named where lower is better."""
    title = f"{t.get('kpi.' + series['kpi'], series['kpi'])} · {series['name']}"
    return f"{title} ({t['kpi.lower_better']})" if series["better"] == "lower" else title


def name_of(history, node: str) -> str:
    return next((p.names[node] for p in reversed(history.points) if node in p.names), node)


def _xs(count: int) -> list[float]:
    span = WIDTH - 8 - PAD_LEFT - 12
    if count <= 1:
        return [PAD_LEFT + 6 + span / 2] * count
    return [round(PAD_LEFT + 6 + i * span / (count - 1), 2) for i in range(count)]


def _axis(points, xs) -> list[dict]:
    """Date labels: the first, the last and a few between, never closer than ~95 units (a date is ~60)."""
    shown: list[dict] = []
    for i, (point, x) in enumerate(zip(points, xs)):
        last = i == len(points) - 1
        if shown and x - shown[-1]["x"] < 95:
            if not last or len(shown) == 1:
                continue
            shown.pop()
        shown.append({"x": x, "label": point.date[:10], "anchor": "start" if i == 0 else "end" if last else "middle"})
    if len(points) == 1:
        shown[0]["anchor"] = "middle"
    return shown


def _chart(title: str, values, xs, lang: str, *, target=None, low=None, high=None, markers=(), unit=None,
           formatter=None) -> dict:
    known = [v for v in values if v is not None]
    floor = min(known + ([target] if target is not None else [])) if low is None else low
    ceiling = max(known + ([target] if target is not None else [])) if high is None else high
    if ceiling == floor:
        floor, ceiling = floor - 1, ceiling + 1
    top, bottom = PAD_TOP, HEIGHT - PAD_BOTTOM

    def y(value):
        return round(bottom - (value - floor) / (ceiling - floor) * (bottom - top), 2)

    segments, current = [], []
    for x, value in zip(xs, values):
        if value is None:
            if current:
                segments.append(current)
            current = []
        else:
            current.append((x, y(value)))
    if current:
        segments.append(current)
    paths = [" ".join(f"{'M' if i == 0 else 'L'}{px:g},{py:g}" for i, (px, py) in enumerate(seg)) for seg in segments]
    def figure(value):   # a value with its KPI's unit (or as money); the axis ticks stay bare
        return formatter(value) if formatter and value is not None else with_unit(_num(value, lang), unit)
    dots = [{"x": x, "y": y(v), "value": figure(v)} for x, v in zip(xs, values) if v is not None]
    first, last = (known[0], known[-1]) if known else (None, None)
    return {"title": title, "paths": paths, "dots": dots,
            "target": None if target is None else {"y": y(target), "label": figure(target)},
            "ticks": [{"y": y(v), "label": _num(v, lang)} for v in (floor, ceiling)],
            "first": figure(first), "last": figure(last), "markers": list(markers),
            "desc": ", ".join(d["value"] for d in dots)}


def _num(value, lang: str) -> str:
    if value is None:
        return "–"
    text = f"{value:,.0f}" if abs(value) >= 1000 else format_number(round(value, 2) if isinstance(value, float) else value)
    return localized_number(text, lang)


def _marker_line(marker: dict, lang: str, t) -> str:
    parts = [t["trend.marker_touchpoint"].format(
        touchpoint=item["name"], before=_fixed(item["before"], lang), after=_fixed(item["after"], lang))
        for item in marker["touchpoints"]]
    return t["trend.marker"].format(title=marker["title"], date=marker["date"], changes="; ".join(parts) or "–")


def _fixed(value, lang: str) -> str:
    return "–" if value is None else localized_number(f"{value:.2f}", lang)
