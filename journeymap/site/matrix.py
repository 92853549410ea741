"""The value/cost matrix of the opportunity portfolio: the report's chart (render/value_chart.py) over every map.

The chart has one money axis, so it holds the opportunities with an expected value in the
portfolio's main currency; the page counts the others below it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from journeymap.render.value_chart import matrix


@dataclass(frozen=True)
class Placed:
    """An opportunity as the chart reads one (id, title, cost, status), unique across maps."""

    id: str
    title: str
    cost: Decimal | str | None
    status: str | None


@dataclass(frozen=True)
class Figures:
    expected_value: Decimal
    cost: Decimal | None          # the cost as an amount; None for a level


@dataclass(frozen=True)
class PortfolioValue:
    """What the chart reads of a map's money view, for the opportunities of every map."""

    currency: str | None
    opportunities: dict[str, Figures]


def portfolio_matrix(opportunities, currency: str | None, lang: str) -> tuple[dict | None, int]:
    """The chart of the opportunities with an expected value in `currency`, and how many others were left out."""
    chosen = [(str(number), o) for number, o in enumerate(opportunities, start=1)
              if o.expected_value is not None and o.map.currency == currency]
    value = PortfolioValue(currency, {key: Figures(Decimal(o.expected_value),
                                                   None if isinstance(o.cost, str) or o.cost is None
                                                   else Decimal(o.cost))
                                      for key, o in chosen})
    placed = [Placed(key, o.title, o.cost, o.status) for key, o in chosen]
    return (matrix(placed, value, lang) if placed else None), len(opportunities) - len(chosen)
