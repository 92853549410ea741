"""The value/cost matrix of the opportunity portfolio: the report's chart (render/value_chart.py) over every map.

The chart has one money axis, so it holds the opportunities with an expected value in the
portfolio's main currency; the page counts the others below it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from journeymap.render.value_chart import matrix_of


@dataclass(frozen=True)
class Figures:
    """An opportunity's money as the chart reads it."""

    expected_value: Decimal
    cost: Decimal | None          # the cost as an amount; None for a level


def portfolio_matrix(opportunities, currency: str | None, lang: str) -> tuple[dict | None, int]:
    """The chart of the opportunities with an expected value in `currency`, and how many others were left out."""
    pairs = [(o, Figures(Decimal(o.expected_value), None if isinstance(o.cost, str) or o.cost is None
                         else Decimal(o.cost)))
             for o in opportunities if o.expected_value is not None and o.map.currency == currency]
    return matrix_of(pairs, currency, lang), len(opportunities) - len(pairs)
