"""OUT/portfolio.json: the site's figures for other tools, strict JSON, the same bytes for the same maps (docs/site.md)."""

from __future__ import annotations

from decimal import Decimal

from journeymap.writer import json_text

PORTFOLIO_FORMAT = 1


def amount(value) -> int | float | None:
    """Money or a figure as a JSON number, rounded to the cent, without float noise (252000, 12.5)."""
    if value is None:
        return None
    cents = Decimal(value).quantize(Decimal("0.01"))
    return int(cents) if cents == cents.to_integral_value() else float(cents)


def amounts(per_currency: dict[str, Decimal]) -> dict[str, int | float]:
    """{"EUR": 252000}: money added up across maps per currency ("" for maps without one; never summed across)."""
    return {code: amount(value) for code, value in sorted(per_currency.items())}


def portfolio_data(site) -> dict:
    return {
        "journeymap_portfolio": PORTFOLIO_FORMAT,
        "currency": site.currency,
        "maps": [{"file": m.file, "title": m.title, "valid": m.valid, "report": m.page if m.valid else None,
                  "errors": m.errors, "warnings": m.warnings, "owner": m.owner, "currency": m.currency,
                  "at_stake": amount(m.at_stake) if m.valid else None} for m in site.maps],
        "owners": [_group(g) for g in site.owners],
        "channels": [_group(g) for g in site.channels],
        "opportunities": [{"id": o.id, "map": o.map.file, "title": o.title, "currency": o.map.currency,
                           "expected_value": amount(o.expected_value),
                           "cost": o.cost if isinstance(o.cost, str) else amount(o.cost),
                           "return": None if o.return_ is None else float(round(Decimal(o.return_), 4)),
                           "status": o.status, "owner": o.owner, "journeys": [m.file for m in o.journeys]}
                          for o in site.opportunities],
        "hotspots": [{"map": h.map.file, "touchpoint": h.touchpoint, "name": h.name, "rank": h.rank,
                      "friction": round(h.friction, 4), "score": round(h.score, 4), "volume": amount(h.volume),
                      "currency": h.map.currency, "at_stake": amount(h.at_stake)} for h in site.hotspots],
        "totals": {"maps": site.totals["maps"], "valid": site.totals["valid"], "invalid": site.totals["invalid"],
                   "at_stake": amounts(site.totals["at_stake"]),
                   "expected_value": amounts(site.totals["expected_value"]), "cost": amounts(site.totals["cost"])},
    }


def _group(group) -> dict:
    return {"id": group.id, "name": group.name, "touchpoints": group.touchpoints, "volume": amount(group.volume),
            "cost": amounts(group.cost), "cost_per_contact": amounts(group.cost_per_contact),
            "friction": None if group.friction is None else round(group.friction, 4),
            "at_stake": amounts(group.at_stake), "journeys": group.journeys}


def portfolio_json(site) -> str:
    return json_text(portfolio_data(site)) + "\n"
