"""The value/cost matrix of the opportunity portfolio: where each opportunity stands, as plain numbers for an SVG template.

Only opportunities with an expected value and a cost in money, in the portfolio's main currency,
have a place on its two money axes; the page lists the others below the chart.
"""

from __future__ import annotations

import math

WIDTH, HEIGHT = 720, 420
LEFT, RIGHT, TOP, BOTTOM = 96, 24, 16, 56
NEAR = 14            # px: points closer than this share one label


def nice_ticks(largest: float, count: int = 4) -> list[float]:
    """0 and round steps (1, 2 or 5 times a power of ten) up to at least `largest`."""
    if largest <= 0:
        return [0.0, 1.0]
    raw = largest / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    steps = math.ceil(largest / step - 1e-9)
    return [i * step for i in range(steps + 1)]


def matrix(opportunities, currency: str | None, site) -> dict | None:
    """Axes, ticks and points of the chart (numbered as the table below it), or None when nothing can be placed."""
    placed = [(number, o) for number, o in enumerate(opportunities, start=1)
              if o.expected_value is not None and o.cost is not None and not isinstance(o.cost, str)
              and o.map.currency == currency]
    if not placed:
        return None
    x_ticks = nice_ticks(max(float(o.cost) for _, o in placed))
    y_ticks = nice_ticks(max(float(o.expected_value) for _, o in placed))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(value: float) -> float:
        return round(LEFT + plot_w * value / x_ticks[-1], 1)

    def y(value: float) -> float:
        return round(TOP + plot_h * (1 - value / y_ticks[-1]), 1)

    even = min(x_ticks[-1], y_ticks[-1])   # where expected value = cost: above the line an opportunity pays back
    points = [{"number": number, "title": o.title, "x": x(float(o.cost)), "y": y(float(o.expected_value)),
               "expected_value": site.money(o.expected_value, currency), "cost": site.money(o.cost, currency)}
              for number, o in placed]
    return {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "top": TOP, "bottom": HEIGHT - BOTTOM,
        "x_ticks": [{"at": x(t), "label": site.money(t, currency)} for t in x_ticks],
        "y_ticks": [{"at": y(t), "label": site.money(t, currency)} for t in y_ticks],
        "even": {"x": x(even), "y": y(even)},
        "points": points,
        "labels": labels(points),
        "left_out": len(opportunities) - len(placed),
    }


def labels(points: list[dict]) -> list[dict]:
    """One label per cluster of points closer than a label is wide ('3, 4' for two at the same place), beside the
    first point, to its left near the right edge."""
    clusters: list[list[dict]] = []
    for point in points:
        near = next((c for c in clusters if abs(c[0]["x"] - point["x"]) < NEAR and abs(c[0]["y"] - point["y"]) < NEAR),
                    None)
        if near is None:
            clusters.append([point])
        else:
            near.append(point)
    found = []
    for cluster in clusters:
        first = cluster[0]
        left = first["x"] > WIDTH - RIGHT - 60
        found.append({"text": ", ".join(str(p["number"]) for p in cluster), "y": first["y"] - 7,
                      "x": first["x"] - 8 if left else first["x"] + 8, "anchor": "end" if left else "start"})
    return found
