"""A map's history as JSON, text, CSV and Markdown (English, like every terminal and CI output).

The HTML trend report is history/html.py. A point is a commit; a gap is a commit where the map
had errors. A marker is a commit where an opportunity became `done`, with the friction of the
touchpoints it addresses before (the previous valid point) and after (this point).
"""

from __future__ import annotations

from journeymap.analysis.value import amount
from journeymap.i18n.numbers import counted, money
from journeymap.model.format import format_number
from journeymap.render.csv_writer import Number, csv_text, number_cell
from journeymap.render.tables import with_unit
from journeymap.writer import json_text

HISTORY_FORMAT = 1
SPARKS = "▁▂▃▄▅▆▇█"
GAP = "·"


def markers(history) -> list[dict]:
    """Each commit where an opportunity's status became `done`: the before/after of what it addresses."""
    found = []
    previous = None
    for point in history.points:
        if not point.valid:
            continue
        for change in point.status_changes:
            if change["after"] != "done" or previous is None:
                continue
            touchpoints = [{"touchpoint": node, "name": point.names.get(node, node),
                            "before": previous.friction.get(node), "after": point.friction.get(node)}
                           for node in point.addresses.get(change["opportunity"], [])]
            found.append({"commit": point.commit, "date": point.date[:10], "opportunity": change["opportunity"],
                          "title": change["title"], "touchpoints": touchpoints})
        previous = point
    return found


def kpi_series(history) -> list[dict]:
    """One series per (touchpoint, KPI), in the order they first appear: a value per point (None: a gap)."""
    keys: list[tuple[str, str]] = []
    for point in history.points:
        for k in point.kpis:
            if (k.touchpoint, k.kpi) not in keys:
                keys.append((k.touchpoint, k.kpi))
    series = []
    for touchpoint, kpi in keys:
        values, targets, names, newest = [], [], {}, None
        for point in history.points:
            found = next((k for k in point.kpis if (k.touchpoint, k.kpi) == (touchpoint, kpi)), None)
            values.append(found.value if found else None)
            targets.append(found.target if found else None)
            names.update(point.names)
            newest = found or newest
        target = next((t for t in reversed(targets) if t is not None), None)
        # the newest commit's direction and unit stand for the series (as its target does)
        series.append({"touchpoint": touchpoint, "name": names.get(touchpoint, touchpoint), "kpi": kpi,
                       "values": values, "target": target, "better": newest.better, "unit": newest.unit})
    return series


def money_series(history) -> list[float | None]:
    """Total money at stake per point (None: a gap, or no money then); [] when the map never named money."""
    values = [float(p.at_stake) if p.valid and p.at_stake is not None else None for p in history.points]
    return values if any(v is not None for v in values) else []


def money_line(history, lang: str = "en") -> str | None:
    """'€276,000 → €234,000 (−€42,000)': the first and last total at stake; None without money."""
    known = [p for p in history.points if p.valid and p.at_stake is not None]
    if not known:
        return None
    first, last = known[0], known[-1]
    moved = last.at_stake - first.at_stake
    return (f"{money(first.at_stake, first.currency, lang)} → {money(last.at_stake, last.currency, lang)}"
            + (f" ({money(moved, last.currency, lang, signed=True)})" if moved else ""))


def remembered_series(history) -> list[dict]:
    """One series per persona, in the order they first appear: its remembered experience (peak-end,
    -2..+2) per point; None where the map had errors or the persona had no emotion to remember."""
    personas: dict[str, str] = {}
    for point in history.points:
        for persona in point.peak_end:
            personas.setdefault(persona, persona)
        personas.update({p: name for p, name in point.personas.items() if p in personas})
    return [{"persona": persona, "name": name,
             "values": [p.peak_end.get(persona) if p.valid else None for p in history.points]}
            for persona, name in personas.items()]


def feedback_series(history) -> list[dict]:
    """One series per touchpoint a feedback file ever linked rows to, in the order they first appear: the emotion
    its rows' ratings give (-2..+2) and its rows, per point; None where the map had errors or no row was linked."""
    nodes: list[str] = []
    for point in history.points:
        nodes += [node for node in point.feedback if node not in nodes]
    return [{"touchpoint": node, "name": next((p.names[node] for p in reversed(history.points) if node in p.names), node),
             "emotions": [p.feedback[node][1] if p.valid and node in p.feedback else None for p in history.points],
             "rows": [p.feedback[node][0] if p.valid and node in p.feedback else None for p in history.points]}
            for node in nodes]


def feedback_moved(series: dict) -> bool:
    """Did the touchpoint's feedback move: its emotion or its rows, between the points that have it?"""
    return len({(rows, emotion) for rows, emotion in zip(series["rows"], series["emotions"]) if rows is not None}) > 1


def rows_text(series: dict) -> str:
    """'12 → 20 comments': the first and last rows linked."""
    known = [rows for rows in series["rows"] if rows is not None]
    return f"{known[0]} → {counted(known[-1], 'comment')}"


def target_text(series: dict, figure) -> str:
    """A series' target with its unit, and '(lower is better)' where it is: '10 min (lower is better)'."""
    text = with_unit(figure(series["target"]), series["unit"])
    return f"{text} (lower is better)" if series["better"] == "lower" and series["target"] is not None else text


def top_touchpoints(history, count: int = 5) -> list[str]:
    """The touchpoints with the most friction at any point, most first."""
    worst: dict[str, float] = {}
    for point in history.valid_points:
        for node, value in point.friction.items():
            worst[node] = max(worst.get(node, 0.0), value)
    return [node for node, value in sorted(worst.items(), key=lambda item: (-item[1], item[0])) if value > 0][:count]


def sparkline(values: list[float | None], low: float | None = None, high: float | None = None) -> str:
    """▁▂▃▄▅▆▇█ from the lowest to the highest value (or over low..high); · where a point has no value."""
    known = [v for v in values if v is not None]
    if not known:
        return GAP * len(values)
    low = min(known) if low is None else low
    high = max(known) if high is None else high
    span = high - low
    return "".join(GAP if v is None else SPARKS[0 if span == 0 else round((v - low) / span * (len(SPARKS) - 1))]
                   for v in values)


def to_dict(history) -> dict:
    points = []
    for p in history.points:
        points.append({
            "commit": p.commit, "date": p.date, "author": p.author, "subject": p.subject, "path": p.path,
            "valid": p.valid, "errors": p.errors, "warnings": p.warnings, "first_finding": p.first_finding,
            "reused": p.reused,
            "friction": {node: round(value, 4) for node, value in sorted(p.friction.items())},
            "hotspot_rank": dict(sorted(p.hotspot_rank.items())),
            "hotspot_why": dict(sorted(p.hotspot_why.get("en", {}).items())),
            "kpis": [{"touchpoint": k.touchpoint, "kpi": k.kpi, "value": _round(k.value), "target": _round(k.target),
                      "on_target": k.on_target, "better": k.better, "unit": k.unit} for k in p.kpis],
            "peak_end": {persona: _round(value) for persona, value in sorted(p.peak_end.items())},
            "opportunities": dict(sorted(p.opportunities.items())),
            "status_changes": p.status_changes,
            **({"at_stake": amount(p.at_stake), "currency": p.currency} if p.at_stake is not None else {}),
            **({"feedback": {node: {"rows": rows, "emotion": _round(emotion)}
                                for node, (rows, emotion) in sorted(p.feedback.items())}} if p.feedback else {}),
        })
    return {"journeymap_history": HISTORY_FORMAT, "map": history.map, "title": history.title,
            "shallow": history.shallow, "points": points,
            "markers": [{**m, "touchpoints": [{**t, "before": _round(t["before"]), "after": _round(t["after"])}
                                              for t in m["touchpoints"]]} for m in markers(history)]}


def _round(value):
    return round(value, 4) if isinstance(value, float) else value


def render_json(history) -> str:
    return json_text(to_dict(history), sort_keys=True) + "\n"


def shallow_hint(history) -> str | None:
    if not history.shallow:
        return None
    count = len(history.points)
    return (f"this is a shallow clone: {counted(count, 'point')} found in the history it has; "
            "fetch the whole history for the trend (git fetch --unshallow, or fetch-depth: 0 in "
            "actions/checkout)")


def render_text(history) -> str:
    lines = [f"History of {history.map}: {counted(len(history.points), 'point')} "
             "(commits that changed the map, its includes or its data)", ""]
    for p in history.points:
        head = f"{p.date[:10]}  {p.commit[:7]}  "
        if not p.valid:
            lines.append(f"{head}✖ {counted(p.errors, 'error')}: {p.first_finding}  ({p.subject})")
            continue
        top = min(p.hotspot_rank.items(), key=lambda item: item[1], default=None)
        hot = f"top hotspot '{p.names.get(top[0], top[0])}': {_why(p, top[0])}" if top else "no hotspot"
        lines.append(f"{head}{counted(p.warnings, 'warning')}, {hot}  ({p.subject})")
    every = kpi_series(history)
    series = [s for s in every if len({v for v in s["values"] if v is not None}) > 1]
    if every:
        lines += ["", "KPIs that moved (oldest → newest; · where the map had errors)"]
        if not series:
            lines.append("  none")
        for s in series:
            known = [v for v in s["values"] if v is not None]
            target = f", target {target_text(s, _num)}" if s["target"] is not None else ""
            ends = [with_unit(_num(known[i]), s["unit"]) if known else "–" for i in (0, -1)]
            lines.append(f"  {s['kpi']} at '{s['name']}': {sparkline(s['values'])}  {ends[0]} → {ends[1]}{target}")
    if len(every) > len(series):
        lines.append(f"  ({counted(len(every) - len(series), 'KPI')} did not move)")
    money_moved = money_line(history)
    if money_moved:
        lines += ["", f"Money at stake (oldest → newest): {sparkline(money_series(history))}  {money_moved}"]
    lines += _feedback_lines(history)
    top = top_touchpoints(history)
    if top:
        lines += ["", "Friction of the top touchpoints"]
        for node in top:
            values = [p.friction.get(node) if p.valid else None for p in history.points]
            name = next((p.names[node] for p in reversed(history.points) if node in p.names), node)
            known = [v for v in values if v is not None]
            lines.append(f"  '{name}': {sparkline(values)}  {known[0]:.2f} → {known[-1]:.2f}")
    remembered = [r for r in remembered_series(history) if any(v is not None for v in r["values"])]
    if remembered:
        lines += ["", "Remembered experience per persona (peak-end, -2..+2)"]
        for r in remembered:
            first, last = _ends(r["values"])
            lines.append(f"  '{r['name']}': {sparkline(r['values'], -2, 2)}  {first} → {last}")
    found = markers(history)
    if found:
        lines += ["", "Delivered (an opportunity became done)"]
        lines += [f"  {marker_text(m)}" for m in found]
    return "\n".join(lines) + "\n"


def _feedback_lines(history) -> list[str]:
    """What customers said per touchpoint, where it moved: its emotion's sparkline, first and last, and its rows."""
    every = feedback_series(history)
    if not every:
        return []
    moved = [s for s in every if feedback_moved(s)]
    lines = ["", "Feedback per touchpoint (the emotion its ratings give, -2..+2; oldest → newest)"]
    lines += [f"  '{s['name']}': {sparkline(s['emotions'], -2, 2)}  {' → '.join(_emotion_ends(s['emotions']))} "
              f"({rows_text(s)})" for s in moved] or ["  none moved"]
    if len(every) > len(moved):
        lines.append(f"  ({counted(len(every) - len(moved), 'touchpoint')} did not move)")
    return lines


def _emotion_ends(values: list[float | None]) -> tuple[str, str]:
    return _ends(values) if any(v is not None for v in values) else ("–", "–")


def _why(point, node: str) -> str:
    """Why the touchpoint ranks where it does at this point: 'friction 0.88 × 14,600 contacts'."""
    return point.hotspot_why.get("en", {}).get(node) or f"friction {point.friction.get(node, 0):.2f}"


def marker_text(marker: dict) -> str:
    parts = [f"{t['touchpoint']} friction {_fixed(t['before'])} → {_fixed(t['after'])}" for t in marker["touchpoints"]]
    return f"{marker['title']} done on {marker['date']}: {'; '.join(parts) or 'no touchpoint'}"


def _ends(values: list[float | None]) -> tuple[str, str]:
    """The first and last remembered experience, signed as the emotion scale is: -0.5, 0, +1.5."""
    known = [v for v in values if v is not None]
    return tuple(("+" if v > 0 else "") + format_number(round(v, 2)) for v in (known[0], known[-1]))


def _fixed(value) -> str:
    return "–" if value is None else f"{value:.2f}"


def _num(value) -> str:
    return "–" if value is None else format_number(round(value, 4) if isinstance(value, float) else value)


CSV_COLUMNS = ("commit", "date", "subject", "valid", "errors", "warnings", "measure", "id", "name", "value", "target",
               "on_target")


def render_csv(history) -> str:
    """One row per figure per commit (long format, for a spreadsheet's pivot table), by the one CSV writer."""
    return csv_text(CSV_COLUMNS, _csv_rows(history))


def _csv_rows(history):
    """Subjects, names, ids, titles and findings come from commits and pull requests: the writer defuses them."""
    for p in history.points:
        base = [p.commit, p.date, p.subject, p.valid, p.errors, p.warnings]
        if not p.valid:
            yield [*base, "first_finding", "", "", p.first_finding, "", ""]
            continue
        for node, value in sorted(p.friction.items()):
            yield [*base, "friction", node, p.names.get(node, node), number_cell(value, 4), "", ""]
        for node, rank in sorted(p.hotspot_rank.items()):
            yield [*base, "hotspot_rank", node, p.names.get(node, node), rank, "", ""]
        for k in p.kpis:
            yield [*base, f"kpi:{k.kpi}", k.touchpoint, p.names.get(k.touchpoint, k.touchpoint), _figure(k.value),
                   _figure(k.target) if k.target is not None else "", "" if k.on_target is None else k.on_target]
        for persona, value in sorted(p.peak_end.items()):
            yield [*base, "peak_end", persona, p.personas.get(persona, persona), _figure(value), "", ""]
        for item, status in sorted(p.opportunities.items()):
            yield [*base, "opportunity_status", item, p.opportunity_titles.get(item, item), status, "", ""]
        for node, (rows, emotion) in sorted(p.feedback.items()):
            yield [*base, "feedback_rows", node, p.names.get(node, node), rows, "", ""]
            yield [*base, "feedback_emotion", node, p.names.get(node, node), _figure(emotion), "", ""]
        if p.at_stake is not None:
            yield [*base, "at_stake", p.currency or "", "", Number(str(amount(p.at_stake))), "", ""]


def _figure(value):
    """A figure as _num() writes it, marked as a number for the CSV writer (– for none stays text)."""
    return "–" if value is None else Number(_num(value))


def render_markdown(history) -> str:
    from journeymap.render.tables import markdown_table

    lines = [f"## History of `{history.map}`", "",
             f"{counted(len(history.points), 'point')}, {sum(1 for p in history.points if not p.valid)} with errors.",
             ""]
    hint = shallow_hint(history)
    if hint:
        lines += [f"_{hint}_", ""]
    rows = [[s["kpi"], s["name"], sparkline(s["values"]),
             with_unit(_num(next((v for v in s["values"] if v is not None), None)), s["unit"]),
             with_unit(_num(next((v for v in reversed(s["values"]) if v is not None), None)), s["unit"]),
             target_text(s, _num)]
            for s in kpi_series(history)]
    if rows:
        lines += [markdown_table(["KPI", "touchpoint", "trend", "first", "last", "target"], rows), ""]
    money_moved = money_line(history)
    if money_moved:
        lines += [f"Money at stake: {sparkline(money_series(history))} {money_moved}", ""]
    heard = [[s["name"], sparkline(s["emotions"], -2, 2), *_emotion_ends(s["emotions"]), rows_text(s)]
             for s in feedback_series(history)]
    if heard:
        lines += [markdown_table(["touchpoint", "feedback emotion", "first", "last", "comments"], heard), ""]
    remembered = [[r["name"], sparkline(r["values"], -2, 2), *_ends(r["values"])]
                  for r in remembered_series(history) if any(v is not None for v in r["values"])]
    if remembered:
        lines += [markdown_table(["persona", "remembered (peak-end)", "first", "last"], remembered), ""]
    found = markers(history)
    if found:
        lines += ["Delivered:", ""] + [f"- {marker_text(m)}" for m in found] + [""]
    return "\n".join(lines)
