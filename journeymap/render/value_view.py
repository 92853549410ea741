"""The money view of a map as people read it: touchpoints ranked by money at stake, opportunities by
expected value, the touchpoints without a figure and why, and the value/cost matrix (value_chart.py).

Every amount is written with i18n/numbers.money in the report's language; the HTML report, the analyze
text and the CI summary all read their money from here.
"""

from __future__ import annotations

from decimal import Decimal

from journeymap.i18n.catalog import labels
from journeymap.i18n.numbers import figure, localized_number, money
from journeymap.model.format import cost_level
from journeymap.render.value_chart import matrix


def missing_text(code: str, lang: str) -> str:
    """Why a touchpoint has no money figure: 'no loss: …; no volume: …' from its code ('loss-volume')."""
    text = labels(lang)
    return "; ".join(text[f"value.missing.{part}"] for part in code.split("-"))


def missing_by_reason(value) -> dict[str, list[str]]:
    """The touchpoints without a money figure, grouped by why (reasons in the order they first appear)."""
    grouped: dict[str, list[str]] = {}
    for node, code in value.missing.items():
        grouped.setdefault(code, []).append(node)
    return grouped


def share_text(share: Decimal | None, lang: str) -> str:
    """A share 0..1 as a percentage: 30 %, 12.5 % (German 12,5 %)."""
    if share is None:
        return "–"
    text = f"{float(share) * 100:.1f}".removesuffix(".0")
    return f"{localized_number(text, lang)} %"


def return_text(ratio: Decimal | None, lang: str) -> str:
    """Expected value per unit of cost: '3×', '2.55×' (German '2,55×')."""
    return "–" if ratio is None else f"{figure(float(ratio), lang)}×"


def value_context(journey, analysis, lang: str) -> dict | None:
    """Everything the report's "Value at stake" section shows, as plain text and numbers; None without money."""
    value = analysis.value
    if value is None:
        return None
    currency = value.currency
    names = {node: journey.graph.nodes[node]["touchpoint"].name for node in journey.graph}
    top = max((figure.at_stake for figure in value.touchpoints.values()), default=Decimal(0))
    return {
        "currency": currency,
        "total": money(value.total_at_stake, currency, lang),
        "touchpoints": [_touchpoint_row(rank, node, names[node], figure, top, currency, lang)
                        for rank, (node, figure) in enumerate(value.touchpoints.items(), start=1)],
        "missing": [{"why": missing_text(code, lang), "names": [names[node] for node in nodes], "ids": nodes}
                    for code, nodes in missing_by_reason(value).items()],
        "opportunities": opportunity_rows(journey, value, names, lang),
        "matrix": matrix(journey.model.opportunities, value, lang),
    }


def _touchpoint_row(rank, node, name, figure, top, currency, lang) -> dict:
    text = labels(lang)
    volume = figure_text(figure.volume, lang)
    return {"rank": rank, "id": node, "name": name, "volume": volume,
            "volume_observed": figure.volume_source == "observed",
            "loss": share_text(figure.loss, lang), "loss_source": text[f"value.source.{figure.source}"],
            "value_per_case": money(figure.value_per_case, currency, lang),
            "at_stake": money(figure.at_stake, currency, lang),
            "bar": round(float(figure.at_stake / top * 100)) if top else 0}


def figure_text(amount: Decimal, lang: str) -> str:
    """A count such as a volume, grouped: 1,000 (German 1.000)."""
    return money(amount, None, lang)


def opportunity_rows(journey, value, names: dict[str, str], lang: str) -> list[dict]:
    """The opportunities by expected value, each with its cost (an amount, or its level) and return."""
    text = labels(lang)
    model = {o.id: o for o in journey.model.opportunities}
    rows = []
    for rank, (opportunity, figure) in enumerate(value.opportunities.items(), start=1):
        source = model[opportunity]
        level = cost_level(source)
        cost = money(figure.cost, value.currency, lang) if figure.cost is not None else (
            text[f"level.{level}"] if level else "–")
        if figure.expected_value is not None:
            why = ""
        elif figure.effect is None:
            why = text["value.no_effect"]
        else:
            why = text["value.unknown"].format(touchpoints=", ".join(names.get(t, t) for t in figure.unknown))
        rows.append({"rank": rank if figure.expected_value is not None else None, "id": opportunity,
                     "title": source.title, "status": source.status,
                     "effect": share_text(figure.effect, lang),
                     "addresses": ", ".join(names.get(t, t) for t in figure.touchpoints),
                     "expected_value": money(figure.expected_value, value.currency, lang)
                     if figure.expected_value is not None else None,
                     "cost": cost, "return": return_text(figure.return_, lang), "why": why})
    return rows
