"""The figures across journeys: owners, channels, opportunities, hotspots and totals, from the valid maps only.

An owner or channel is one across maps when its id is the same (a shared include library defines
it once). Money (at stake, and the `cost` KPIs, which are in the map's currency) is added up per
currency: amounts in different currencies are never summed. The key "" holds the amounts of maps
that name no currency.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from journeymap.site.journeys import SiteMap

CENT = Decimal("0.01")


@dataclass
class Group:
    """An owner or a channel across every valid map."""

    id: str | None
    name: str
    touchpoints: int = 0
    volume: Decimal | None = None
    cost: dict[str, Decimal] = field(default_factory=dict)
    cost_per_contact: dict[str, Decimal] = field(default_factory=dict)
    friction: float | None = None
    at_stake: dict[str, Decimal] = field(default_factory=dict)
    journeys: list[str] = field(default_factory=list)      # files of the maps it appears in


@dataclass(frozen=True)
class Opportunity:
    map: SiteMap
    id: str
    title: str
    status: str | None
    owner: str | None               # the owner's name
    cost: Decimal | str | None
    expected_value: Decimal | None
    return_: Decimal | None
    journeys: tuple[SiteMap, ...]   # its map, then the maps whose touchpoints zoom into it (nearest first)


@dataclass(frozen=True)
class Hotspot:
    map: SiteMap
    touchpoint: str
    name: str
    rank: int
    friction: float
    score: float
    volume: Decimal | None
    at_stake: Decimal | None


def add(total: dict[str, Decimal], currency: str | None, amount: Decimal | None) -> None:
    """Add an amount to a per-currency total (under "" for a map without a currency); None adds nothing."""
    if amount is not None:
        total[currency or ""] = total.get(currency or "", Decimal(0)) + Decimal(amount)


def main_currency(maps: list[SiteMap]) -> str | None:
    """The currency most valid maps use (ties: alphabetical): the one lists are sorted by."""
    counts = Counter(m.currency for m in maps if m.valid and m.currency)
    return min(counts, key=lambda code: (-counts[code], code)) if counts else None


def groups(maps: list[SiteMap], key: str) -> list[Group]:
    """Owners (key='owner') or channels (key='channel') across the valid maps, most money at stake first."""
    found: dict[str | None, Group] = {}
    members: dict[str | None, list] = {}
    for site_map in (m for m in maps if m.valid):
        defined = site_map.owners if key == "owner" else site_map.channels
        for group, name in defined.items():
            found.setdefault(group, Group(group, name))
            _note_journey(found[group], site_map)
        for touchpoint in site_map.touchpoints.values():
            group = getattr(touchpoint, key)
            found.setdefault(group, Group(group, "" if group is None else group))
            _note_journey(found[group], site_map)
            members.setdefault(group, []).append((site_map, touchpoint))
    for group, row in found.items():
        _sum_up(row, members.get(group, []))
    money = main_currency(maps)
    return sorted(found.values(), key=lambda g: (-g.at_stake.get(money, 0), -(g.volume or 0), g.id is None,
                                                 g.name.casefold(), g.id or ""))


def _note_journey(group: Group, site_map: SiteMap) -> None:
    if site_map.file not in group.journeys:
        group.journeys.append(site_map.file)


def _sum_up(group: Group, members: list) -> None:
    """A group's figures over its touchpoints in every map: the definitions of analysis/breakdown.py, across maps
    (cost per contact = cost / contacts over the touchpoints that have both, per currency)."""
    volumes = [t.volume for _, t in members if t.volume is not None]
    scored = [t.friction for _, t in members if t.friction is not None]
    paid: dict[str, Decimal] = {}
    paid_volume: dict[str, Decimal] = {}
    group.touchpoints = len(members)
    group.volume = sum(volumes, Decimal(0)) if volumes else None
    group.friction = statistics.fmean(scored) if scored else None
    for site_map, touchpoint in members:
        add(group.at_stake, site_map.currency, touchpoint.at_stake)
        add(group.cost, site_map.currency, touchpoint.cost)
        if touchpoint.cost is not None and touchpoint.volume is not None:
            add(paid, site_map.currency, touchpoint.cost)
            add(paid_volume, site_map.currency, touchpoint.volume)
    group.cost_per_contact = {code: (paid[code] / volume).quantize(CENT)
                              for code, volume in paid_volume.items() if volume}


def opportunities(maps: list[SiteMap], parents: dict[str, list[SiteMap]]) -> list[Opportunity]:
    """Every opportunity of the valid maps, highest expected value first (those without one last)."""
    rows = []
    for site_map in (m for m in maps if m.valid):
        for o in site_map.opportunities:
            rows.append(Opportunity(site_map, o.id, o.title, o.status, site_map.owners.get(o.owner, o.owner),
                                    o.cost, o.expected_value, o.return_,
                                    (site_map, *ancestors(site_map, parents))))
    money = main_currency(maps)
    return sorted(rows, key=lambda o: (o.expected_value is None, o.map.currency != money, -(o.expected_value or 0),
                                       -(o.return_ or 0), o.title.casefold(), o.map.file, o.id))


def ancestors(site_map: SiteMap, parents: dict[str, list[SiteMap]]) -> list[SiteMap]:
    """The maps whose touchpoints lead down to this one by `detail`, nearest first, each once."""
    found: list[SiteMap] = []
    waiting = list(parents.get(site_map.file, []))
    while waiting:
        parent = waiting.pop(0)
        if parent is site_map or parent in found:
            continue
        found.append(parent)
        waiting.extend(parents.get(parent.file, []))
    return found


def hotspots(maps: list[SiteMap]) -> list[Hotspot]:
    """The hotspots of every valid map, by hotspot score (friction weighted by contacts), highest first."""
    rows = [Hotspot(m, h.touchpoint, m.touchpoints[h.touchpoint].name if h.touchpoint in m.touchpoints
                    else h.touchpoint, h.rank, h.friction, h.score, h.volume,
                    m.touchpoints[h.touchpoint].at_stake if h.touchpoint in m.touchpoints else None)
            for m in maps if m.valid for h in m.hotspots]
    return sorted(rows, key=lambda h: (-h.score, -h.friction, h.map.file, h.touchpoint))


def totals(maps: list[SiteMap], opportunity_rows: list[Opportunity]) -> dict:
    """Sums over the valid maps: money at stake, expected value and the opportunities' costs, per currency."""
    at_stake: dict[str, Decimal] = {}
    expected: dict[str, Decimal] = {}
    cost: dict[str, Decimal] = {}
    for site_map in (m for m in maps if m.valid):
        add(at_stake, site_map.currency, site_map.at_stake)
    for o in opportunity_rows:
        add(expected, o.map.currency, o.expected_value)
        add(cost, o.map.currency, o.cost if not isinstance(o.cost, str) else None)
    return {"maps": len(maps), "valid": sum(1 for m in maps if m.valid),
            "invalid": sum(1 for m in maps if not m.valid),
            "at_stake": at_stake, "expected_value": expected, "cost": cost}
