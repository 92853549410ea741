"""Money at stake per touchpoint, and what each opportunity is expected to recover (docs/analysis.md).

loss(t)           = kpis.churn, else 1 - kpis.conversion, else the observed drop-off share at t
                    (dropoffs / visits in the event logs; none where the journey ends), else no figure
value_per_case(t) = mean clv of the personas passing t that have one, weighted by their share
                    (equal weights when any of them has no share)
at_stake(t)       = volume(t) x loss(t) x value_per_case(t), volume = kpis.volume; in a map without any
                    kpis.volume, the observed reach (as the hotspots do: log counts and monthly volumes
                    do not mix)
expected_value(o) = sum over the distinct touchpoints o addresses of at_stake(t) x effect(o)
return(o)         = expected_value(o) / cost(o), when the cost is an amount
Figures are computed in decimals and each money figure is rounded to cents once, at the end: no float
noise. A touchpoint without one of the inputs gets no figure and is listed in `missing` with why.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from typing import Callable

from journeymap.model.format import cost_amount, effect, passes

CENT = Decimal("0.01")
_WORKING = 60  # digits while computing: far beyond the 17 of any number read from YAML

# Why a touchpoint has no figure: which inputs are missing, in the order of the formula.
INPUTS = ("loss", "volume", "clv")


@dataclass(frozen=True)
class TouchpointValue:
    """The money at stake at one touchpoint (money in the map's currency, rounded to cents)."""

    loss: Decimal             # the share of cases lost here, 0..1 (exact, not rounded)
    value_per_case: Decimal
    at_stake: Decimal
    volume: Decimal
    source: str               # where the loss comes from: churn, conversion or observed
    volume_source: str = "declared"  # declared (kpis.volume) or observed (reach in the event logs)


@dataclass(frozen=True)
class OpportunityValue:
    """What an opportunity is expected to recover; None where an input is missing (never guessed)."""

    expected_value: Decimal | None
    cost: Decimal | None      # the cost as an amount; None for a level (low/medium/high) or no cost
    return_: Decimal | None   # expected_value / cost, to 2 places
    effect: Decimal | None    # its `effect`, else the default of its impact; None with neither
    touchpoints: list[str] = field(default_factory=list)  # the distinct touchpoints it addresses
    unknown: list[str] = field(default_factory=list)      # of those, the ones without a figure


@dataclass(frozen=True)
class MapValue:
    """The money view of a map: touchpoints ranked by money at stake, opportunities by expected value."""

    currency: str | None
    touchpoints: dict[str, TouchpointValue]
    opportunities: dict[str, OpportunityValue]
    missing: dict[str, str]   # touchpoint id -> which inputs it lacks: 'loss', 'volume-clv', ... (INPUTS joined by -)
    total_at_stake: Decimal


def has_money(model) -> bool:
    """Does the map speak of money at all (a currency, or a persona's clv)?"""
    return model.currency is not None or any(persona.clv is not None for persona in model.personas)


def map_value(journey, kpis: dict, observed: Callable[[], object | None]) -> MapValue | None:
    """The money view of a journey; None when it has no currency and no clv (nothing to show).

    `kpis` are the touchpoints' KPIs (evidence/kpis.py); `observed()` gives the merged event-log flows
    (analysis/observed.py), asked for only when a touchpoint lacks a typed-in figure.
    """
    model = journey.model
    if not has_money(model):
        return None
    observed = functools.cache(observed)   # merged once, asked for by many touchpoints
    declared = {node: _declared(kpis.get(node, [])) for node in journey.graph}
    reach = observed if not any("volume" in figures for figures in declared.values()) else lambda: None
    with localcontext(Context(prec=_WORKING)):
        figures, missing = {}, {}
        for node in journey.graph:
            touchpoint = journey.graph.nodes[node]["touchpoint"]
            figure, lacking = _touchpoint_value(journey, touchpoint, declared[node], observed, reach)
            if figure is not None:
                figures[node] = figure
            else:
                missing[node] = "-".join(lacking)
        ranked = dict(sorted(figures.items(), key=lambda item: -item[1].at_stake))
        opportunities = {o.id: _opportunity_value(o, ranked) for o in model.opportunities}
        ordered = dict(sorted(opportunities.items(), key=lambda item: _by_expected_value(item[1])))
        total = sum((figure.at_stake for figure in ranked.values()), Decimal(0))
    return MapValue(model.currency, ranked, ordered, missing, total)


def _declared(touchpoint_kpis) -> dict[str, Decimal]:
    return {kpi.name: _decimal(kpi.value) for kpi in touchpoint_kpis if kpi.name in ("churn", "conversion", "volume")}


def _decimal(value: float) -> Decimal:
    """The number as it was written (0.7 is 0.7, not 0.6999999999999999555910790149937…)."""
    return Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)


def _touchpoint_value(journey, touchpoint, declared: dict[str, Decimal], observed, reach):
    loss, source = _loss(journey, touchpoint, declared, observed)
    volume, volume_source = _volume(touchpoint, declared, reach)
    per_case = value_per_case(journey.model.personas, touchpoint)
    lacking = [name for name, value in zip(INPUTS, (loss, volume, per_case)) if value is None]
    if lacking:
        return None, lacking
    at_stake = cents(volume * loss * per_case)
    return TouchpointValue(loss, cents(per_case), at_stake, volume, source, volume_source), []


def _loss(journey, touchpoint, declared, observed) -> tuple[Decimal | None, str]:
    if "churn" in declared:
        return declared["churn"], "churn"
    if "conversion" in declared:
        return 1 - declared["conversion"], "conversion"
    flows = _observed_flows(touchpoint, observed)
    seen = flows.touchpoints.get(touchpoint.id) if flows else None
    # where the journey ends, every case ends: that is arriving, not a loss
    if seen is None or not seen.visits or not journey.graph.out_degree(touchpoint.id):
        return None, ""
    return Decimal(seen.dropoffs) / Decimal(seen.visits), "observed"


def _volume(touchpoint, declared, reach) -> tuple[Decimal | None, str]:
    if "volume" in declared:
        return declared["volume"], "declared"
    flows = _observed_flows(touchpoint, reach)
    if flows is None:
        return None, ""
    seen = flows.touchpoints.get(touchpoint.id)
    return Decimal(seen.reach if seen else 0), "observed"


def _observed_flows(touchpoint, observed):
    """The event-log flows, for a touchpoint that claims events (others have no observed figure)."""
    if not touchpoint.events:
        return None
    basis = observed()
    return basis.flows if basis is not None else None


def value_per_case(personas, touchpoint) -> Decimal | None:
    """The mean clv of the personas passing the touchpoint that have one, weighted by share (exact)."""
    valued = [p for p in personas if p.clv is not None and passes(touchpoint, p.id)]
    if not valued:
        return None
    shares = [_decimal(p.share) if p.share is not None else None for p in valued]
    if None in shares or not sum(shares):
        shares = [Decimal(1)] * len(valued)
    return sum(_decimal(p.clv) * share for p, share in zip(valued, shares)) / sum(shares)


def _opportunity_value(opportunity, touchpoints: dict[str, TouchpointValue]) -> OpportunityValue:
    addressed = list(dict.fromkeys(target.partition("#")[0] for target in opportunity.addresses))
    unknown = [t for t in addressed if t not in touchpoints]
    share = effect(opportunity)
    share = _decimal(share) if share is not None else None
    amount = cost_amount(opportunity)
    amount = _decimal(amount) if amount is not None else None
    expected = None
    if share is not None and not unknown:
        expected = cents(sum((touchpoints[t].at_stake * share for t in addressed), Decimal(0)))
    back = cents(expected / amount) if expected is not None and amount else None
    return OpportunityValue(expected, cents(amount) if amount is not None else None, back, share, addressed, unknown)


def _by_expected_value(figure: OpportunityValue):
    return (figure.expected_value is None, -(figure.expected_value or 0))


def cents(amount: Decimal) -> Decimal:
    """Rounded to cents, halves up (as money is rounded on an invoice), at any size."""
    return amount.quantize(CENT, ROUND_HALF_UP, Context(prec=max(_WORKING, amount.adjusted() + 3)))


def by_owner(journey, value: MapValue | None) -> dict[str | None, Decimal]:
    """Money at stake per owner id (None: touchpoints without an owner), in the order owners first appear."""
    return _by(journey, value, "owner")


def by_channel(journey, value: MapValue | None) -> dict[str | None, Decimal]:
    """Money at stake per channel id (None: touchpoints without a channel)."""
    return _by(journey, value, "channel")


def _by(journey, value: MapValue | None, key: str) -> dict[str | None, Decimal]:
    totals: dict[str | None, Decimal] = {}
    if value is None:
        return totals
    for node in journey.graph:
        if node in value.touchpoints:
            group = getattr(journey.graph.nodes[node]["touchpoint"], key)
            totals[group] = totals.get(group, Decimal(0)) + value.touchpoints[node].at_stake
    return totals


def to_dict(value: MapValue) -> dict:
    """The JSON of the money view: amounts as numbers in the currency (whole amounts as integers)."""
    return {
        "currency": value.currency,
        "touchpoints": {node: {"loss": _share(figure.loss), "value_per_case": amount(figure.value_per_case),
                               "at_stake": amount(figure.at_stake), "volume": amount(figure.volume),
                               "loss_source": figure.source, "volume_source": figure.volume_source}
                        for node, figure in value.touchpoints.items()},
        "opportunities": {opportunity: {"expected_value": amount(figure.expected_value), "cost": amount(figure.cost),
                                        "return": amount(figure.return_), "effect": _share(figure.effect),
                                        "unknown": figure.unknown}
                          for opportunity, figure in value.opportunities.items()},
        "missing": dict(value.missing),
        "total_at_stake": amount(value.total_at_stake),
    }


def amount(figure: Decimal | None) -> int | float | None:
    """A Decimal as a JSON number without float noise: 252000 (whole), 833.33 (cents)."""
    if figure is None:
        return None
    if figure == figure.to_integral_value() or abs(figure) >= 10 ** 15:  # past 15 digits cents are noise anyway
        return int(figure)
    return float(figure)


def _share(figure: Decimal | None) -> float | None:
    return None if figure is None else round(float(figure), 4)
