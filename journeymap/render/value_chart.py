"""The value/cost matrix: each opportunity a labelled point, cost left to right, expected value bottom to top.

Geometry only (numbers and label text); templates/value_matrix.html.j2 draws it as inline SVG. The
cost axis is money when opportunities give their cost as an amount, else the levels low, medium,
high; an opportunity that cannot be placed (no expected value, no cost on the axis in use) is
listed under the chart with why. Quadrants are named so the chart reads in grayscale too.
"""

from __future__ import annotations

import math
from decimal import Decimal

from journeymap.i18n.catalog import labels
from journeymap.i18n.numbers import money

WIDTH, HEIGHT = 680, 400
PLOT = {"left": 96, "right": WIDTH - 48, "top": 24, "bottom": HEIGHT - 56}
LEVEL_X = {"low": 1 / 6, "medium": 1 / 2, "high": 5 / 6}  # where each level stands on a level axis (0..1)
LABEL_CHARS = 30   # a longer title is cut with '…' beside its point (the full one is in its tooltip)
LINE = 13          # pixels between two labels that would otherwise overlap


def matrix(opportunities, value, lang: str) -> dict | None:
    """The chart of a map's opportunities; None when the map has none."""
    return matrix_of([(o, value.opportunities[o.id]) for o in opportunities], value.currency, lang)


def matrix_of(pairs, currency: str | None, lang: str) -> dict | None:
    """The chart of (opportunity, OpportunityValue) pairs, of one map or of many in one currency (the site's
    portfolio); an opportunity is anything with `title`, `status` and `cost`. None without any."""
    if not pairs:
        return None
    text = labels(lang)
    amounts = any(figure.cost is not None for _, figure in pairs)
    placed, unplaced = [], []
    for opportunity, figure in pairs:
        x = _cost_position(opportunity, figure, amounts)
        why = ("matrix.no_value" if figure.expected_value is None else
               None if x is not None else "matrix.no_amount" if amounts and opportunity.cost else "matrix.no_cost")
        if why:
            unplaced.append({"title": opportunity.title, "why": text[why]})
        else:
            placed.append((opportunity, figure, x))
    chart = {"width": WIDTH, "height": HEIGHT, "plot": PLOT, "unplaced": unplaced, "points": [],
             "desc": text["matrix.desc"], "x_title": text["matrix.x"], "y_title": text["matrix.y"]}
    if placed and _drawable(placed):
        chart.update(_geometry(placed, amounts, currency, lang, text))
    return chart


def _cost_position(opportunity, figure, amounts: bool):
    """The cost on the axis in use: an amount (float) on a money axis, a level's place on a level axis."""
    if amounts:
        return float(figure.cost) if figure.cost is not None else None
    return LEVEL_X.get(opportunity.cost) if isinstance(opportunity.cost, str) else None


def _drawable(placed) -> bool:
    """Amounts past the float range cannot be placed on a screen (they are in the tables, exactly)."""
    return all(math.isfinite(float(figure.expected_value)) and math.isfinite(x) for _, figure, x in placed)


def _geometry(placed, amounts: bool, currency, lang, text) -> dict:
    width, height = PLOT["right"] - PLOT["left"], PLOT["bottom"] - PLOT["top"]
    y_step, y_top = nice_scale(max(float(figure.expected_value) for _, figure, _ in placed))
    if amounts:
        x_step, x_top = nice_scale(max(x for _, _, x in placed))
        x_of = lambda x: PLOT["left"] + x / x_top * width  # noqa: E731
        x_ticks = [{"x": round(x_of(v), 1), "label": money(_whole(v), currency, lang)} for v in _steps(x_step, x_top)]
    else:
        x_of = lambda x: PLOT["left"] + x * width  # noqa: E731
        x_ticks = [{"x": round(x_of(at), 1), "label": text[f"level.{level}"]} for level, at in LEVEL_X.items()]
    y_of = lambda y: PLOT["bottom"] - y / y_top * height  # noqa: E731
    points = [{"x": round(x_of(x), 1), "y": round(y_of(float(figure.expected_value)), 1), "done": o.status == "done",
               "label": _short(o.title),
               "title": f"{o.title}: {money(figure.expected_value, currency, lang)}"}
              for o, figure, x in placed]
    middle_x, middle_y = PLOT["left"] + width / 2, PLOT["top"] + height / 2
    # on a level axis the quick wins are the low column: medium cost is no quick win
    shade_x = middle_x if amounts else PLOT["left"] + width / 3
    quadrants = [
        {"x": PLOT["left"] + 6, "y": PLOT["top"] + 14, "anchor": "start", "label": text["matrix.quick_wins"]},
        {"x": PLOT["right"] - 6, "y": PLOT["top"] + 14, "anchor": "end", "label": text["matrix.big_bets"]},
        {"x": PLOT["left"] + 6, "y": PLOT["bottom"] - 8, "anchor": "start", "label": text["matrix.fill_ins"]},
        {"x": PLOT["right"] - 6, "y": PLOT["bottom"] - 8, "anchor": "end", "label": text["matrix.reconsider"]},
    ]
    _place_labels(points, quadrants)
    return {
        "points": points, "x_ticks": x_ticks,
        "y_ticks": [{"y": round(y_of(v), 1), "label": money(_whole(v), currency, lang)} for v in _steps(y_step, y_top)],
        "middle": {"x": round(middle_x, 1) if amounts else None, "y": round(middle_y, 1)},
        "quadrants": quadrants, "legend": text["matrix.legend"],
        "quick_wins": {"x": PLOT["left"], "y": PLOT["top"], "width": round(shade_x - PLOT["left"], 1),
                       "height": round(middle_y - PLOT["top"], 1)},
    }


def nice_scale(top: float) -> tuple[float, float]:
    """(step, end) of an axis from 0 past `top` in 4-5 round steps (1, 2, 2.5 or 5 times a power of ten)."""
    top = top if top > 0 else 1.0
    raw = top / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return step, step * math.ceil(top / step - 1e-9)


def _steps(step: float, end: float) -> list[float]:
    return [step * i for i in range(round(end / step) + 1)]


def _whole(amount: float) -> Decimal:
    """A tick's amount without float noise (250000.00000000003 is 250000)."""
    return Decimal(repr(round(amount, 2)))


def _short(title: str) -> str:
    return title if len(title) <= LABEL_CHARS else title[:LABEL_CHARS - 1].rstrip() + "…"


def _place_labels(points: list[dict], quadrants: list[dict]) -> None:
    """Each label beside its point (left of it in the right part of the chart), at the nearest height where it
    overlaps no label placed before it and no quadrant name; labels are placed from the top of the chart down."""
    right_part = PLOT["left"] + (PLOT["right"] - PLOT["left"]) * 0.6
    taken = [_box(q["x"], q["y"], q["label"], q["anchor"] == "end") for q in quadrants]
    for point in sorted(points, key=lambda p: (p["y"], p["x"])):
        left = point["x"] > right_part
        x = point["x"] - 9 if left else point["x"] + 9
        for shift in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5):
            y = point["y"] + 4 + shift * LINE
            box = _box(x, y, point["label"], left)
            if PLOT["top"] + 10 <= y <= PLOT["bottom"] - 3 and not any(_overlap(box, other) for other in taken):
                break
        else:
            y, box = point["y"] + 4, _box(x, point["y"] + 4, point["label"], left)
        taken.append(box)
        point.update(lx=round(x, 1), ly=round(y, 1), anchor="end" if left else "start")


def _box(x: float, y: float, label: str, ends_at_x: bool) -> tuple[float, float, float]:
    """(left, right, baseline) of a label of about 6.2 units per character."""
    width = 6.2 * len(label)
    return (x - width, x, y) if ends_at_x else (x, x + width, y)


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1] and abs(a[2] - b[2]) < LINE
