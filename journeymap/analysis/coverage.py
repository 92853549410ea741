"""Which pains and hotspots opportunities address, and the order in which to take the opportunities.

An opportunity that addresses a touchpoint covers all of its pains; one that addresses
`touchpoint#pain` covers that pain (and counts for the touchpoint's hotspot).
priority = impact / cost x friction addressed, with impact and cost low=1, medium=2, high=3
(unset, or a cost written as an amount of money = medium), and friction addressed = the sum, over
the distinct touchpoints it addresses, of
their hotspot score relative to the highest score of the map (0..1 each). Opportunities with
status `done` are listed but not ranked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from journeymap.model.format import cost_level, pain_id, pain_severity, pain_text

LEVEL = {"low": 1, "medium": 2, "high": 3}


@dataclass(frozen=True)
class PainCoverage:
    touchpoint: str
    pain: str | None
    text: str
    severity: int
    addressed_by: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class HotspotCoverage:
    touchpoint: str
    rank: int
    addressed_by: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class OpportunityPriority:
    opportunity: str
    title: str
    status: str
    impact: str | None
    cost: str | float | None             # a level, or an amount of money
    touchpoints: list[str]
    friction_addressed: float
    priority: float
    rank: int | None


@dataclass(frozen=True)
class Coverage:
    pains: list[PainCoverage]
    hotspots: list[HotspotCoverage]
    opportunities: list[OpportunityPriority]


def coverage(journey, hotspots, scored) -> Coverage:
    """Pains and hotspots with the opportunities that address them; priorities from the scores of every
    touchpoint (`scored`), so an opportunity for a touchpoint below the hotspot threshold still counts."""
    model = journey.model
    whole, single = _addressing(model)
    pains = []
    for node in journey.graph:
        for pain in journey.graph.nodes[node]["touchpoint"].pains:
            by = sorted(set(whole.get(node, [])) | set(single.get((node, pain_id(pain)), [])))
            pains.append(PainCoverage(node, pain_id(pain), pain_text(pain), pain_severity(pain), by))
    touched = {**{t: list(ids) for t, ids in whole.items()}}
    for (t, _), ids in single.items():
        touched.setdefault(t, []).extend(ids)
    hotspot_rows = [HotspotCoverage(h.touchpoint, h.rank, sorted(set(touched.get(h.touchpoint, []))))
                    for h in hotspots]
    return Coverage(pains, hotspot_rows, _priorities(model, scored))


def _addressing(model):
    whole: dict[str, list[str]] = {}
    single: dict[tuple[str, str], list[str]] = {}
    for opportunity in model.opportunities:
        for target in opportunity.addresses:
            touchpoint, _, pain = target.partition("#")
            if pain:
                single.setdefault((touchpoint, pain), []).append(opportunity.id)
            else:
                whole.setdefault(touchpoint, []).append(opportunity.id)
    return whole, single


def _priorities(model, hotspots) -> list[OpportunityPriority]:
    top = max((h.score for h in hotspots), default=0.0)
    relative = {h.touchpoint: (h.score / top if top else 0.0) for h in hotspots}
    rows = []
    for opportunity in model.opportunities:
        touchpoints = sorted({target.partition("#")[0] for target in opportunity.addresses})
        addressed = sum(relative.get(t, 0.0) for t in touchpoints)
        value = LEVEL[opportunity.impact or "medium"] / LEVEL[cost_level(opportunity) or "medium"]
        rows.append([opportunity, touchpoints, addressed, value * addressed])
    ranked = sorted((r for r in rows if r[0].status != "done"), key=lambda r: (-r[3], r[0].id))
    rank = {id(r[0]): i for i, r in enumerate(ranked, start=1)}
    ordered = ranked + [r for r in rows if r[0].status == "done"]
    return [OpportunityPriority(o.id, o.title, o.status, o.impact, o.cost, touchpoints, addressed, priority,
                                rank.get(id(o))) for o, touchpoints, addressed, priority in ordered]
