"""Two versions of one journey set side by side: as-is and to-be, or a map before and after a change.

Pure functions over two analysed versions (diff.Side). Touchpoints are matched as `diff` matches
them (by id, else by name); every figure is the analysis's own, before and after. Each pair
of figures carries `better`: True, False, or None when it did not move (or cannot be compared).
docs/compare.md explains every part.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from journeymap.compare.diff import FRICTION_EPSILON, by_id, kpi_direction, match_touchpoints, observed_changes
from journeymap.compare.feedback_diff import FeedbackMoved, feedback_moved
from journeymap.compare.value_diff import MoneyMoved, money_moved
from journeymap.model.graph import ordered_touchpoints
from journeymap.model.format import pain_id, pain_severity, pain_text
from journeymap.render.hotspot_why import why

HOTSPOTS = 5               # hotspots listed per side
NEUTRAL_KPIS = frozenset({"volume"})   # a weight, not a quality: neither better nor worse
PEAK_END_EPSILON = 0.005   # a peak-end figure that moved less than this did not move


@dataclass(frozen=True)
class SideInfo:
    map: str
    title: str
    variant: str | None


@dataclass(frozen=True)
class TouchpointChange:
    touchpoint: str                    # the to-be id (the as-is id for a removed one)
    name: str
    status: str                        # same | added | removed | moved | renamed | id-changed
    phase: tuple[str | None, str | None]
    friction: tuple[float | None, float | None]
    hotspot_rank: tuple[int | None, int | None]
    better: bool | None
    was: str | None = None             # the as-is id when it changed


@dataclass(frozen=True)
class CurvePoint:
    touchpoint: str                    # in the to-be's ids
    emotion: float


@dataclass(frozen=True)
class PersonaChange:
    persona: str
    name: str
    before: list[CurvePoint]
    after: list[CurvePoint]
    peak_end: tuple[float | None, float | None]
    peak: tuple[str | None, str | None]          # the touchpoint of the most intense moment
    end: tuple[str | None, str | None]           # the last touchpoint
    remembered: str                              # better | worse | same | new | gone | none


@dataclass(frozen=True)
class PainChange:
    touchpoint: str
    pain: str | None
    text: str
    severity: int


@dataclass(frozen=True)
class OpportunityOutcome:
    opportunity: str
    title: str
    status: tuple[str | None, str | None]
    addresses: list[str]
    resolved: list[str]                          # the addresses whose pains are gone
    outcome: str                                 # delivered | partly | open


@dataclass(frozen=True)
class KpiChange:
    touchpoint: str
    kpi: str
    value: tuple[float | None, float | None]
    target: float | None
    on_target: tuple[bool | None, bool | None]
    better: bool | None                # the change: an improvement, a decline, or neither
    lower_is_better: bool = False      # the KPI's direction (`better: lower`, or a known KPI's)
    unit: str | None = None


@dataclass(frozen=True)
class FunnelStepChange:
    touchpoint: str
    reach: dict[str, tuple[float | None, float | None]]     # entry -> (as-is, to-be)


@dataclass(frozen=True)
class FunnelChange:
    entries: list[str]
    steps: list[FunnelStepChange]
    conversion: dict[str, tuple[float, float]]


@dataclass(frozen=True)
class ObservedChange:
    flow: str
    share: tuple[str | None, str | None]
    log: str
    better: bool | None


@dataclass(frozen=True)
class Comparison:
    before: SideInfo
    after: SideInfo
    touchpoints: list[TouchpointChange]
    hotspots: tuple[list, list]
    personas: list[PersonaChange]
    pains_removed: list[PainChange]
    pains_added: list[PainChange]
    opportunities: list[OpportunityOutcome]
    kpis: list[KpiChange]
    funnel: FunnelChange | None
    observed: list[ObservedChange]
    names: dict[str, str] = field(default_factory=dict)         # touchpoint id (either side) -> its to-be name
    names_before: dict[str, str] = field(default_factory=dict)  # as-is or compared id -> its as-is name
    phase_names: dict[str, str] = field(default_factory=dict)
    pain_texts: dict[str, str] = field(default_factory=dict)    # "touchpoint#pain" (either side) -> its text
    money: list[MoneyMoved] | None = None   # money moved (value_diff.py); None when neither version names money
    feedback: list[FeedbackMoved] | None = None   # feedback_diff.py; None when neither version reads feedback

    def counts(self) -> dict[str, int]:
        """What got better and what got worse, in one line of figures."""
        def count(items, value):
            return sum(1 for item in items if item.better is value)
        return {
            "friction_better": count(self.touchpoints, True), "friction_worse": count(self.touchpoints, False),
            "pains_removed": len(self.pains_removed), "pains_added": len(self.pains_added),
            "kpis_better": count(self.kpis, True), "kpis_worse": count(self.kpis, False),
            "remembered_better": sum(1 for p in self.personas if p.remembered == "better"),
            "remembered_worse": sum(1 for p in self.personas if p.remembered == "worse"),
            "opportunities_delivered": sum(1 for o in self.opportunities if o.outcome == "delivered"),
            "opportunities_open": sum(1 for o in self.opportunities if o.outcome != "delivered"),
            "feedback_better": count(self.feedback or [], True), "feedback_worse": count(self.feedback or [], False),
        }


def compare_sides(old, new) -> Comparison:
    """old, new: diff.Side with a journey and its analysis (neither has errors)."""
    before, after = by_id(old.journey), by_id(new.journey)
    matched = match_touchpoints(before, after)
    to_new = dict(matched.pairs)
    names = {**{n: t.name for n, t in before.items()}, **{n: t.name for n, t in after.items()}}
    phase_names = {**{p.id: p.name for p in old.journey.model.phases}, **{p.id: p.name for p in new.journey.model.phases}}
    order = _order(old.journey, new.journey, to_new)
    return Comparison(
        before=_info(old), after=_info(new),
        touchpoints=_touchpoints(old, new, before, after, matched, order),
        hotspots=(_hotspots(old.analysis), _hotspots(new.analysis)),
        personas=_personas(old, new, to_new),
        pains_removed=_pains(before, after, matched, to_new, removed=True),
        pains_added=_pains(before, after, matched, to_new, removed=False),
        opportunities=_opportunities(old, new, before, after, to_new),
        kpis=_kpis(old, new, matched, order),
        funnel=_funnel(old.analysis, new.analysis, to_new, order),
        observed=_observed(old.journey, new.journey),
        names=names, phase_names=phase_names,
        names_before={**{n: t.name for n, t in before.items()}, **{to_new[n]: t.name for n, t in before.items()
                                                                  if n in to_new}},
        pain_texts={f"{node}#{pain_id(p)}": pain_text(p) for side in (before, after) for node, t in side.items()
                    for p in t.pains if pain_id(p)},
        money=money_moved(old, new, matched.pairs)
        if old.analysis.value is not None or new.analysis.value is not None else None,
        feedback=feedback_moved(old, new, order, to_new),
    )


def _info(side) -> SideInfo:
    model = side.journey.model
    return SideInfo(side.path, model.title, model.variant)


def _order(old_journey, new_journey, to_new: dict[str, str]) -> list[str]:
    """The to-be's journey order, each removed touchpoint placed after its as-is predecessor."""
    order = list(ordered_touchpoints(new_journey.graph))
    previous = None
    for node in ordered_touchpoints(old_journey.graph):
        if node in to_new:
            previous = to_new[node]
            continue
        order.insert(order.index(previous) + 1 if previous is not None else 0, node)
        previous = node
    return order


def _rank(analysis, node: str) -> int | None:
    return next((h.rank for h in analysis.hotspots if h.touchpoint == node), None)


def _score(analysis, node: str | None) -> float | None:
    friction = analysis.friction.get(node) if node else None
    return None if friction is None or not friction.by_persona else friction.score


def _lower_is_better(before: float | None, after: float | None, epsilon: float = 0.0) -> bool | None:
    if before is None or after is None or abs(after - before) <= epsilon:
        return None
    return after < before


def _touchpoints(old, new, before, after, matched, order) -> list[TouchpointChange]:
    old_of = {b: a for a, b in matched.pairs}
    rows = []
    for node in order:
        if node in matched.removed:
            touchpoint = before[node]
            rows.append(TouchpointChange(node, touchpoint.name, "removed", (touchpoint.phase, None),
                                         (_score(old.analysis, node), None), (_rank(old.analysis, node), None), None))
            continue
        touchpoint, was = after[node], old_of.get(node)
        if was is None:
            rows.append(TouchpointChange(node, touchpoint.name, "added", (None, touchpoint.phase),
                                         (None, _score(new.analysis, node)), (None, _rank(new.analysis, node)), None))
            continue
        earlier = before[was]
        status = ("id-changed" if was != node else "moved" if earlier.phase != touchpoint.phase
                  else "renamed" if earlier.name != touchpoint.name else "same")
        friction = (_score(old.analysis, was), _score(new.analysis, node))
        rows.append(TouchpointChange(node, touchpoint.name, status, (earlier.phase, touchpoint.phase), friction,
                                     (_rank(old.analysis, was), _rank(new.analysis, node)),
                                     _lower_is_better(*friction, FRICTION_EPSILON), was if was != node else None))
    return rows


def _hotspots(analysis) -> list[dict]:
    """The top hotspots, each with the line that says why it ranks there (English, as in JSON and text)."""
    return [{"rank": h.rank, "touchpoint": h.touchpoint, "friction": h.friction, "score": h.score,
             "why": why(h, analysis, "en")}
            for h in analysis.hotspots[:HOTSPOTS] if h.friction > 0]


def _personas(old, new, to_new) -> list[PersonaChange]:
    curves_before = {c.persona: c for c in old.analysis.emotion_curves}
    curves_after = {c.persona: c for c in new.analysis.emotion_curves}
    names = {p.id: p.name for p in old.journey.model.personas} | {p.id: p.name for p in new.journey.model.personas}
    people = [p.id for p in new.journey.model.personas] + [p.id for p in old.journey.model.personas
                                                           if p.id not in {q.id for q in new.journey.model.personas}]
    rows = []
    for persona in people:
        b, a = curves_before.get(persona), curves_after.get(persona)
        points_before = [CurvePoint(to_new.get(p.touchpoint, p.touchpoint), p.emotion) for p in b.points] if b else []
        points_after = [CurvePoint(p.touchpoint, p.emotion) for p in a.points] if a else []
        value = (b.peak_end if b else None, a.peak_end if a else None)
        rows.append(PersonaChange(
            persona, names[persona], points_before, points_after, value,
            (to_new.get(b.peak.touchpoint, b.peak.touchpoint) if b and b.peak else None,
             a.peak.touchpoint if a and a.peak else None),
            (to_new.get(b.end.touchpoint, b.end.touchpoint) if b and b.end else None,
             a.end.touchpoint if a and a.end else None),
            _remembered(*value)))
    return rows


def _remembered(before: float | None, after: float | None) -> str:
    if before is None and after is None:
        return "none"
    if before is None:
        return "new"
    if after is None:
        return "gone"
    if abs(after - before) < PEAK_END_EPSILON:
        return "same"
    return "better" if after > before else "worse"


def _pain_key(pain) -> str:
    return pain_id(pain) or pain_text(pain)


def _pains(before, after, matched, to_new, *, removed: bool) -> list[PainChange]:
    """Pains gone in the to-be (removed=True), or new in it; a removed touchpoint's pains are all gone."""
    rows = []
    pairs = list(matched.pairs)
    pairs += [(a, None) for a in matched.removed] if removed else [(None, b) for b in matched.added]
    for old_id, new_id in pairs:
        mine = before[old_id].pains if removed and old_id else after[new_id].pains if new_id else []
        theirs = (after[new_id].pains if new_id else []) if removed else (before[old_id].pains if old_id else [])
        other = {_pain_key(p) for p in theirs}
        node = new_id or old_id
        rows += [PainChange(node, pain_id(p), pain_text(p), pain_severity(p)) for p in mine if _pain_key(p) not in other]
    return rows


def _opportunities(old, new, before, after, to_new) -> list[OpportunityOutcome]:
    """Every opportunity of either version; delivered when every pain it addresses is gone in the to-be."""
    earlier = {o.id: o for o in old.journey.model.opportunities}
    later = {o.id: o for o in new.journey.model.opportunities}
    rows = []
    for item_id in [o.id for o in old.journey.model.opportunities] + [o.id for o in new.journey.model.opportunities
                                                                        if o.id not in earlier]:
        b, a = earlier.get(item_id), later.get(item_id)
        addresses = list((b or a).addresses)
        resolved = [address for address in addresses if _resolved(address, before, after, to_new)]
        outcome = "delivered" if len(resolved) == len(addresses) else "partly" if resolved else "open"
        rows.append(OpportunityOutcome(item_id, (a or b).title, (b.status if b else None, a.status if a else None),
                                       addresses, resolved, outcome))
    return rows


def _resolved(address: str, before, after, to_new) -> bool:
    """`tp#pain`: that pain existed in the as-is and is gone in the to-be; `tp`: all its as-is pains are gone
    (or the touchpoint itself is gone)."""
    node, _, pain = address.partition("#")
    if node not in before:
        return False
    earlier = before[node]
    later = after.get(to_new.get(node, ""))
    remaining = {_pain_key(p) for p in later.pains} if later else set()
    if pain:
        known = {_pain_key(p) for p in earlier.pains}
        return pain in known and pain not in remaining
    if later is None:
        return True
    return bool(earlier.pains) and not ({_pain_key(p) for p in earlier.pains} & remaining)


def _kpis(old, new, matched, order) -> list[KpiChange]:
    position = {node: i for i, node in enumerate(order)}
    rows = []
    pairs = list(matched.pairs) + [(a, None) for a in matched.removed] + [(None, b) for b in matched.added]
    for old_id, new_id in sorted(pairs, key=lambda pair: position[pair[1] or pair[0]]):
        kb = {k.name: k for k in old.analysis.kpis.get(old_id, [])} if old_id else {}
        ka = {k.name: k for k in new.analysis.kpis.get(new_id, [])} if new_id else {}
        for name in sorted(kb.keys() | ka.keys()):
            k1, k2 = kb.get(name), ka.get(name)
            newest = k2 or k1
            value = (k1.value if k1 else None, k2.value if k2 else None)
            rows.append(KpiChange(new_id or old_id, name, value, newest.target,
                                  (k1.meets_target if k1 else None, k2.meets_target if k2 else None),
                                  None if name in NEUTRAL_KPIS else
                                  kpi_direction(*value, newest.target, newest.lower_is_better)[0],
                                  newest.lower_is_better, newest.unit))
    return rows


def _funnel(old_analysis, new_analysis, to_new, order) -> FunnelChange | None:
    """Reach from each entry both versions have, at every touchpoint either version's funnel reaches."""
    if old_analysis.funnel is None or new_analysis.funnel is None:
        return None
    entries = [e for e in new_analysis.funnel.entries
               if e in {to_new.get(x, x) for x in old_analysis.funnel.entries}]
    if not entries:
        return None
    old_entry = {to_new.get(x, x): x for x in old_analysis.funnel.entries}
    reach_before = {to_new.get(s.touchpoint, s.touchpoint): s.reach for s in old_analysis.funnel.steps}
    reach_after = {s.touchpoint: s.reach for s in new_analysis.funnel.steps}
    steps = []
    for node in order:
        reach = {}
        for entry in entries:
            b = reach_before[node].get(old_entry[entry]) if node in reach_before else None
            a = reach_after[node].get(entry) if node in reach_after else None
            reach[entry] = (b, a)
        if any((b or 0) > 0 or (a or 0) > 0 for b, a in reach.values()):
            steps.append(FunnelStepChange(node, reach))
    conversion = {e: (old_analysis.funnel.conversion[old_entry[e]], new_analysis.funnel.conversion[e]) for e in entries}
    return FunnelChange(entries, steps, conversion)


def _observed(old_journey, new_journey) -> list[ObservedChange]:
    return [ObservedChange(c.subject, (c.before, c.after), c.note, c.better)
            for c in observed_changes(old_journey, new_journey)]
