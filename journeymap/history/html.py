"""The trend report: a map's history as small multiples, one self-contained HTML page.

One line chart per KPI that moved (its target drawn), the friction of the top touchpoints, each
persona's remembered experience (peak-end), and a marker at each commit where an opportunity
became `done`. Every point is a commit, labelled on the axis by its short hash (and its date where
that changes). Commits where the map had errors are gaps in every line and a hatched band with
their error count. No script, no outside request.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from journeymap import __version__
from journeymap.history.report import (feedback_moved, feedback_series, kpi_series, markers, money_series,
                                      remembered_series, top_touchpoints)
from journeymap.i18n.catalog import counted_label, labels
from journeymap.i18n.numbers import localized_number, money, money_short, written_date
from journeymap.model.format import format_number
from journeymap.render.options import css_page_size
from journeymap.render.tables import with_unit
from journeymap.render.templates import asset, environment
from journeymap.runtime import gc_paused

WIDTH, HEIGHT, PAD_LEFT, PAD_TOP, PAD_BOTTOM = 420, 160, 46, 12, 36
HASH_WIDTH, DATE_WIDTH = 40, 60     # how wide an axis label is: a short hash at 9 px, a date at 10 px


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
    commits = [f"{p.commit[:7]} · {p.date[:10]}" for p in points]
    every = kpi_series(history)
    moved = [s for s in every if len({v for v in s["values"] if v is not None}) > 1]
    charts = [_chart(_kpi_title(s, t), s["values"], xs, lang, target=s["target"], markers=marker_x, unit=s["unit"],
                     commits=commits)
              for s in moved]
    at_stake = money_series(history)
    if len({v for v in at_stake if v is not None}) > 1:
        currency = next(p.currency for p in reversed(points) if p.at_stake is not None)
        charts.insert(0, _chart(t["value.total"], at_stake, xs, lang, markers=marker_x, commits=commits,
                                formatter=lambda value: money(Decimal(repr(round(value, 2))), currency, lang),
                                tick_formatter=lambda value: money_short(value, currency, lang)))
    newest = next((p for p in reversed(points) if p.valid), None)
    friction = [{**_chart(name_of(history, node), [p.friction.get(node) if p.valid else None for p in points], xs,
                          lang, low=0.0, high=1.0, markers=marker_x, commits=commits),
                 "why": _hotspot_now(newest, node, lang, t)}
                for node in top_touchpoints(history)]
    remembered = [_chart(s["name"], s["values"], xs, lang, low=-2.0, high=2.0, markers=marker_x, commits=commits,
                         ticks=(-2.0, 0.0, 2.0), signed=True)
                  for s in remembered_series(history)]
    heard = [_chart(f"{s['name']} · {_rows(s, lang)}", s["emotions"], xs, lang, low=-2.0, high=2.0,
                    markers=marker_x, commits=commits, ticks=(-2.0, 0.0, 2.0), signed=True)
             for s in feedback_series(history) if feedback_moved(s)]
    gaps = [{"x": xs[i], "errors": p.errors, "finding": p.first_finding} for i, p in enumerate(points) if not p.valid]
    return {
        "lang": lang, "t": t, "title": history.title or history.map, "map": history.map,
        "points": [{"date": _day(p.date, lang), "commit": p.commit[:7], "subject": p.subject, "valid": p.valid,
                    "errors": p.errors, "warnings": p.warnings, "finding": p.first_finding} for p in points],
        "count": len(points), "invalid": len(gaps), "shallow": history.shallow,
        "kpi_charts": charts, "unmoved": len(every) - len(moved), "friction_charts": friction,
        "remembered_charts": remembered,
        "feedback_charts": heard, "feedback_unmoved": len([s for s in feedback_series(history) if not feedback_moved(s)]),
        "markers": [{**m, "x": x, "line": _marker_line(m, lang, t)} for m, x in zip(found, marker_x)],
        "gaps": gaps, "axis": _axis(points, xs, lang), "width": WIDTH, "height": HEIGHT,
        "plot": {"left": PAD_LEFT, "top": PAD_TOP, "bottom": HEIGHT - PAD_BOTTOM, "right": WIDTH - 8},
    }


def _rows(series: dict, lang: str) -> str:
    """'12 → 20 comments': the rows linked at the first and the last point that has them."""
    known = [rows for rows in series["rows"] if rows is not None]
    return (f"{localized_number(format_number(known[0]), lang)} → {localized_number(format_number(known[-1]), lang)} "
            f"{counted_label(lang, 'voc.rows', known[-1])}")


def _hotspot_now(point, node: str, lang: str, t) -> str:
    """'Hotspot #2 now: friction 0.49 × 16,900 contacts' where the touchpoint is one at the newest commit."""
    if point is None or node not in point.hotspot_rank:
        return ""
    return t["trend.hotspot_now"].format(rank=point.hotspot_rank[node], why=point.hotspot_why.get(lang, {}).get(node, ""))


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


def _axis(points, xs, lang: str) -> list[dict]:
    """A label per commit: its short hash, and its date under it where the date changes (commits of one
    day share theirs). A hash that would touch the one before is left out (the first and the last
    always stay), and so is a date."""
    chosen: list[int] = []
    for i in range(len(xs)):
        if chosen and _extent(xs[i], HASH_WIDTH)[0] < _extent(xs[chosen[-1]], HASH_WIDTH)[1]:
            if i != len(xs) - 1 or len(chosen) == 1:
                continue
            chosen.pop()
        chosen.append(i)
    labels, last_date, date_end = [], None, float("-inf")
    for i in chosen:
        date = points[i].date[:10]
        left, right = _extent(xs[i], DATE_WIDTH)
        dated = date != last_date and left >= date_end
        if dated:
            last_date, date_end = date, right
        labels.append({"x": xs[i], "label": points[i].commit[:7], "anchor": _anchor(xs[i], HASH_WIDTH),
                       "date": _day(date, lang) if dated else "",
                       "date_anchor": _anchor(xs[i], DATE_WIDTH)})
    return labels


def _day(iso: str, lang: str) -> str:
    """A commit's day as the language writes dates: 2026-03-30, 30.03.2026."""
    return written_date(dt.date.fromisoformat(iso[:10]), lang)


def _anchor(x: float, width: float) -> str:
    """Centred under its point, unless that would run off the chart."""
    if x - width / 2 < 0:
        return "start"
    return "end" if x + width / 2 > WIDTH else "middle"


def _extent(x: float, width: float) -> tuple[float, float]:
    """Where a label of this width starts and ends, with a little room after it."""
    left = {"start": x, "middle": x - width / 2, "end": x - width}[_anchor(x, width)]
    return left, left + width + 4


def _chart(title: str, values, xs, lang: str, *, target=None, low=None, high=None, markers=(), unit=None,
           commits=(), ticks=None, signed: bool = False, formatter=None, tick_formatter=None) -> dict:
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
    def number(value):   # an emotion is signed: +1.5
        return ("+" if signed and value is not None and value > 0 else "") + _num(value, lang)

    def figure(value):   # a value with its KPI's unit (or as money); the axis ticks stay bare
        return formatter(value) if formatter and value is not None else with_unit(number(value), unit)
    dots = [{"x": x, "y": y(v), "value": figure(v), "commit": commit}
            for x, v, commit in zip(xs, values, commits or [""] * len(xs)) if v is not None]
    first, last = (known[0], known[-1]) if known else (None, None)
    return {"title": title, "paths": paths, "dots": dots,
            "target": None if target is None else {"y": y(target), "label": figure(target)},
            "ticks": [{"y": y(v), "label": (tick_formatter or number)(v)} for v in (ticks or (floor, ceiling))],
            # money is wider than the margin left of the chart: its ticks stand inside, above and below the line
            "ticks_inside": tick_formatter is not None,
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
    return t["trend.marker"].format(title=marker["title"], date=_day(marker["date"], lang),
                                    changes="; ".join(parts) or "–")


def _fixed(value, lang: str) -> str:
    return "–" if value is None else localized_number(f"{value:.2f}", lang)
