"""Semantic diff of two versions of a map: what changed for the customer, not which lines changed.

Touchpoints are matched by id (a removed and an added touchpoint with the same name count as a
renamed id); pains and gains by id, else by text, else by position (a reworded one). Every change
says whether it is a regression: friction rising at a touchpoint, or an error that the old version
did not have. Errors the new version no longer has are listed as fixed. Each change carries the
names of the ids it mentions, as the text says them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from journeymap.model.format import (emotion_for, format_number, gain_id, gain_text, note_text, pain_id, pain_severity,
                                     pain_text, passes)
from journeymap.compare.diff_names import known_as, named

from journeymap.compare.value_diff import value_changes

FRICTION_EPSILON = 0.005
HOTSPOT_RANKS = 5


@dataclass(frozen=True)
class Change:
    """One semantic change. `kind` is a stable id (see docs/ci.md); `better` is True, False or None."""

    kind: str
    subject: str
    before: str | None
    after: str | None
    touchpoint: str | None = None
    better: bool | None = None
    regression: bool = False
    note: str = ""
    unit: str | None = None   # a KPI's unit (kpi-changed only)
    # role -> how a reader knows the id in that role: "touchpoint", "subject", "persona", "phase",
    # "before"/"after" (phases of a moved touchpoint), "source"/"target" (an observed flow)
    names: dict[str, str] = field(default_factory=dict, hash=False)


@dataclass
class MapDiff:
    old: str
    new: str
    changes: list[Change] = field(default_factory=list)
    status: str = "changed"           # changed | unchanged | added | removed | broken

    @property
    def regressions(self) -> int:
        return sum(1 for c in self.changes if c.regression)


@dataclass(frozen=True)
class Side:
    """One version of a map: the validation (journey may be None) and its analysis."""

    path: str
    journey: object | None
    analysis: object | None
    diagnostics: list


def load_side(spec: str, today=None, *, allow_outside: bool = False) -> Side | None:
    """A map version from a file or `REV:path` (None when REV has no such file; FileNotFoundError for a
    missing plain file). A revision's map reads files only inside that revision's tree."""
    from journeymap.analysis.run import analyze
    from journeymap.source.revisions import checkout, file_at, split_revision
    from journeymap.rules.pipeline import validate_file

    revision, path = split_revision(spec)
    real = file_at(revision, path) if revision else Path(path)
    if not real.is_file():
        if revision:
            return None
        raise FileNotFoundError(spec)
    result = validate_file(real, spec, today=today, allow_outside=allow_outside,
                           root=checkout(revision) if revision else None)
    journey = None if result.has_errors else result.journey
    return Side(spec, journey, analyze(journey) if journey else None, result.diagnostics)


def diff_sides(old: Side | None, new: Side | None) -> MapDiff:
    """All changes from old to new (either side may be missing: a map added or removed)."""
    result = MapDiff(old.path if old else "", new.path if new else "")
    if old is None or new is None:
        result.status = "added" if old is None else "removed"
        return result
    result.changes.extend(_new_errors(old, new))
    result.changes.extend(_fixed_errors(old, new))
    if old.journey is None or new.journey is None:
        result.status = "fixed" if new.journey is not None else "broken"
        return result
    result.changes.extend(_definitions(old.journey.model, new.journey.model))
    result.changes.extend(_touchpoints(old, new))
    result.changes.extend(_opportunities(old.journey.model, new.journey.model))
    pairs = match_touchpoints(by_id(old.journey), by_id(new.journey)).pairs
    result.changes.extend(Change(**fields) for fields in value_changes(old, new, pairs))
    result.changes.extend(observed_changes(old.journey, new.journey))
    before, after = known_as(old.journey.model), known_as(new.journey.model)
    result.changes = [named(change, before, after) for change in result.changes]
    if not result.changes:
        result.status = "unchanged"
    return result


def diffs_since(revision: str, paths, today=None, *, allow_outside: bool = False) -> list[MapDiff]:
    """The diff of every map under paths (default: here) that changed since revision, added and removed
    maps included (GitProblem when git cannot read the revision)."""
    from journeymap.runtime import one_map_at_a_time
    from journeymap.source.discover import MAP_SUFFIXES, NoMaps, find_maps
    from journeymap.source.revisions import from_root, maps_at, repo_relative

    try:
        current = {repo_relative(display): display for _, display, _ in find_maps(paths or (".",))}
    except NoMaps:
        current = {}
    before = maps_at(revision, list(paths), MAP_SUFFIXES)
    diffs = []
    for key in one_map_at_a_time(sorted(current.keys() | before.keys())):
        old = (load_side(f"{revision}:{current.get(key) or from_root(key)}", today, allow_outside=allow_outside)
               if key in before else None)
        new = load_side(current[key], today, allow_outside=allow_outside) if key in current else None
        result = diff_sides(old, new)
        if result.status != "unchanged":
            diffs.append(result)
    return diffs


def _new_errors(old: Side, new: Side):
    for d in _errors_only_in(new, old):
        yield Change("error-added", f"{d.file}:{d.line}:{d.column}", None, f"{d.message} [{d.rule}]",
                     regression=True)


def _fixed_errors(old: Side, new: Side):
    for d in _errors_only_in(old, new):
        yield Change("error-fixed", f"{d.file}:{d.line}:{d.column}", f"{d.message} [{d.rule}]", None, better=True)


def _errors_only_in(side: Side, other: Side):
    """Errors of `side` that `other` does not have (same rule and message; lines may differ)."""
    known = {(d.rule, d.message) for d in other.diagnostics if d.severity == "error"}
    return [d for d in side.diagnostics if d.severity == "error" and (d.rule, d.message) not in known]


def _definitions(old, new):
    for kind in ("personas", "phases"):
        before = {item.id: item.name for item in getattr(old, kind)}
        after = {item.id: item.name for item in getattr(new, kind)}
        singular = kind[:-1]
        for item_id in after.keys() - before.keys():
            yield Change(f"{singular}-added", item_id, None, after[item_id])
        for item_id in before.keys() - after.keys():
            yield Change(f"{singular}-removed", item_id, before[item_id], None)
        for item_id in sorted(before.keys() & after.keys()):
            if before[item_id] != after[item_id]:
                yield Change(f"{singular}-renamed", item_id, before[item_id], after[item_id])


@dataclass(frozen=True)
class Matched:
    """How the touchpoints of two versions correspond: by id, else by name (a new id)."""

    pairs: list[tuple[str, str]]     # (old id, new id): same id first, sorted, then the new ids
    added: list[str]                 # new ids with no old touchpoint (sorted)
    removed: list[str]               # old ids with no new touchpoint (sorted)
    new_ids: dict[str, str]          # old id -> new id, for a touchpoint whose id changed


def match_touchpoints(before: dict, after: dict) -> Matched:
    """before/after: id -> touchpoint. A touchpoint removed and one added with the same name are one."""
    added, removed = sorted(after.keys() - before.keys()), sorted(before.keys() - after.keys())
    new_ids = {}
    for old_id in removed:
        twin = next((a for a in added if after[a].name == before[old_id].name and a not in new_ids.values()), None)
        if twin:
            new_ids[old_id] = twin
    pairs = [(n, n) for n in sorted(before.keys() & after.keys())] + sorted(new_ids.items())
    return Matched(pairs, [a for a in added if a not in new_ids.values()], [r for r in removed if r not in new_ids],
                   new_ids)


def by_id(journey) -> dict:
    return {node: journey.graph.nodes[node]["touchpoint"] for node in journey.graph}


def _touchpoints(old: Side, new: Side):
    before, after = by_id(old.journey), by_id(new.journey)
    matched = match_touchpoints(before, after)
    for old_id, new_id in matched.new_ids.items():
        yield Change("touchpoint-id-changed", before[old_id].name, old_id, new_id, touchpoint=new_id)
    for node in matched.added:
        yield Change("touchpoint-added", node, None, after[node].name, touchpoint=node, note=f"phase {after[node].phase}")
    for node in matched.removed:
        yield Change("touchpoint-removed", node, before[node].name, None, touchpoint=node)
    for old_id, new_id in matched.pairs:
        yield from _touchpoint(old, new, before[old_id], after[new_id])


def _touchpoint(old: Side, new: Side, a, b):
    node = b.id
    if a.name != b.name:
        yield Change("touchpoint-renamed", node, a.name, b.name, touchpoint=node)
    if a.phase != b.phase:
        yield Change("touchpoint-moved", node, a.phase, b.phase, touchpoint=node)
    yield from _emotions(old, new, a, b)
    if a.effort != b.effort:
        yield Change("effort-changed", node, _num(a.effort), _num(b.effort), touchpoint=node,
                     better=_lower_better(a.effort, b.effort))
    yield from _pains(a, b)
    yield from _gains(a, b)
    yield from _texts("note", [note_text(n) for n in a.notes], [note_text(n) for n in b.notes], b.id, better=None)
    yield from _kpis(old, new, node, a.id)
    yield from _friction(old, new, node, a.id)


def _emotions(old: Side, new: Side, a, b):
    personas = [p.id for p in new.journey.model.personas if p.id in {q.id for q in old.journey.model.personas}]
    for persona in personas:
        before = emotion_for(a, persona) if passes(a, persona) else None
        after = emotion_for(b, persona) if passes(b, persona) else None
        if before != after:
            better = None if before is None or after is None else after > before
            yield Change("emotion-changed", f"{b.id}/{persona}", _num(before), _num(after), touchpoint=b.id,
                         better=better, note=persona)


def _pains(a, b):
    pairs, removed, added = paired(a.pains, b.pains, pain_id, pain_text)
    for pain in added:
        yield Change("pain-added", f"{b.id}#{_pain_key(pain)}", None, pain_text(pain), touchpoint=b.id,
                     better=False, note=f"severity {pain_severity(pain)}")
    for pain in removed:
        yield Change("pain-removed", f"{b.id}#{_pain_key(pain)}", pain_text(pain), None, touchpoint=b.id, better=True)
    for old, new in pairs:
        subject = f"{b.id}#{_pain_key(new)}"
        if pain_text(old) != pain_text(new):
            yield Change("pain-reworded", subject, pain_text(old), pain_text(new), touchpoint=b.id)
        s1, s2 = pain_severity(old), pain_severity(new)
        if s1 != s2:
            yield Change("pain-severity-changed", subject, str(s1), str(s2), touchpoint=b.id, better=s2 < s1,
                         names={"pain": pain_text(new)})


def _pain_key(pain) -> str:
    return pain_id(pain) or pain_text(pain)


def _gains(a, b):
    pairs, removed, added = paired(a.gains, b.gains, gain_id, gain_text)
    for gain in added:
        yield Change("gain-added", b.id, None, gain_text(gain), touchpoint=b.id, better=True)
    for gain in removed:
        yield Change("gain-removed", b.id, gain_text(gain), None, touchpoint=b.id, better=False)
    for old, new in pairs:
        if gain_text(old) != gain_text(new):
            yield Change("gain-reworded", b.id, gain_text(old), gain_text(new), touchpoint=b.id)


def paired(before: list, after: list, id_of, text_of) -> tuple[list[tuple], list, list]:
    """Two versions of a touchpoint's pains (or gains) as (old, new) pairs, the removed and the added.

    One with an id is matched by its id; then equal texts pair up; what is left without an id pairs
    up by position: the first old one left with the first new one left is one reworded.
    """
    new_ids = {id_of(item) for item in after} - {None}
    old_ids = {id_of(item): item for item in before if id_of(item)}
    pairs = [(old_ids[id_of(item)], item) for item in after if id_of(item) in old_ids]
    old_left = [item for item in before if id_of(item) not in new_ids or id_of(item) is None]
    new_left = [item for item in after if id_of(item) not in old_ids or id_of(item) is None]
    for item in list(new_left):
        twin = next((old for old in old_left if text_of(old) == text_of(item)), None)
        if twin is not None:
            pairs.append((twin, item))
            old_left.remove(twin)
            new_left.remove(item)
    plain_old = [item for item in old_left if id_of(item) is None]
    plain_new = [item for item in new_left if id_of(item) is None]
    for old, new in zip(plain_old, plain_new):
        pairs.append((old, new))
        old_left.remove(old)
        new_left.remove(new)
    order = {id(item): index for index, item in enumerate(after)}
    return sorted(pairs, key=lambda pair: order[id(pair[1])]), old_left, new_left


def _texts(kind: str, before: list[str], after: list[str], node: str, *, better: bool | None):
    """Sticky notes have no id: they are matched by their text."""
    for text in [t for t in after if t not in before]:
        yield Change(f"{kind}-added", node, None, text, touchpoint=node, better=better)
    for text in [t for t in before if t not in after]:
        yield Change(f"{kind}-removed", node, text, None, touchpoint=node,
                     better=None if better is None else not better)


def _kpis(old: Side, new: Side, node: str, old_node: str):
    before = {k.name: k for k in old.analysis.kpis.get(old_node, [])}
    after = {k.name: k for k in new.analysis.kpis.get(node, [])}
    for name in sorted(before.keys() | after.keys()):
        k1, k2 = before.get(name), after.get(name)
        if k1 is not None and k2 is not None and k1.value == k2.value and k1.target == k2.target:
            continue
        newest = k2 or k1
        better, note = kpi_direction(k1.value if k1 else None, k2.value if k2 else None, newest.target,
                                     newest.lower_is_better, unit=newest.unit)
        yield Change("kpi-changed", f"{node}/{name}", _num(k1.value) if k1 else None, _num(k2.value) if k2 else None,
                     touchpoint=node, better=better, note=note, unit=newest.unit)


def kpi_direction(before, after, target, lower_is_better, *, unit: str | None = None) -> tuple[bool | None, str]:
    """Better or worse, and why: toward the target is better; on target both times, the KPI's direction
    decides (a conversion further beyond its target is better); without a target, its direction."""
    if before is None or after is None or before == after:
        return None, ""
    improved = after < before if lower_is_better else after > before
    if target is None:
        return improved, "improved" if improved else "worsened"
    def on_target(value):
        return value <= target if lower_is_better else value >= target
    goal = _num(target) + (f" {unit}" if unit else "")
    if on_target(before) and on_target(after):
        return improved, f"{'further beyond' if improved else 'still on'} target {goal}"
    closer = abs(after - target) < abs(before - target)
    return closer, f"{'toward' if closer else 'away from'} target {goal}"


def _friction(old: Side, new: Side, node: str, old_node: str):
    f1, f2 = old.analysis.friction.get(old_node), new.analysis.friction.get(node)
    if f1 is None or f2 is None or not f1.by_persona or not f2.by_persona:
        return
    if abs(f2.score - f1.score) > FRICTION_EPSILON:
        rose = f2.score > f1.score
        yield Change("friction-changed", node, f"{f1.score:.2f}", f"{f2.score:.2f}", touchpoint=node,
                     better=not rose, regression=rose)
    r1 = next((h.rank for h in old.analysis.hotspots if h.touchpoint == old_node), None)
    r2 = next((h.rank for h in new.analysis.hotspots if h.touchpoint == node), None)
    if r1 != r2 and min(r1 or 99, r2 or 99) <= HOTSPOT_RANKS:
        yield Change("hotspot-rank-changed", node, _rank(r1), _rank(r2), touchpoint=node,
                     better=(r2 or 99) > (r1 or 99))


def _opportunities(old, new):
    before = {o.id: o for o in old.opportunities}
    after = {o.id: o for o in new.opportunities}
    for item_id in sorted(after.keys() - before.keys()):
        yield Change("opportunity-added", item_id, None, after[item_id].title, note=after[item_id].status)
    for item_id in sorted(before.keys() - after.keys()):
        yield Change("opportunity-removed", item_id, before[item_id].title, None)
    for item_id in sorted(before.keys() & after.keys()):
        if before[item_id].status != after[item_id].status:
            yield Change("opportunity-status-changed", item_id, before[item_id].status, after[item_id].status)


OBSERVED_SHARE_STEP = 0.05  # a change in an observed share from 5 points up is listed


def observed_changes(old, new):
    """Observed shares that moved between the versions' event logs (logs matched by their `file`)."""
    from journeymap.analysis.designed_vs_observed import compare

    before = {old.model.data[log.index].file: log.observation for log in old.observations if log.observation}
    for log in new.observations:
        file = new.model.data[log.index].file
        if log.observation is None or file not in before:
            continue
        earlier = {(f.source, f.target): f for f in compare(old, before[file].flows) if f.telling}
        for flow in compare(new, log.observation.flows):
            was = earlier.get((flow.source, flow.target))
            if was is None or not flow.telling or abs(flow.observed_share - was.observed_share) < OBSERVED_SHARE_STEP:
                continue
            better = None
            if flow.designed_share is not None:
                better = abs(flow.observed_share - flow.designed_share) < abs(was.observed_share - flow.designed_share)
            yield Change("observed-share-changed", f"{flow.source} -> {flow.target}", _percent(was.observed_share),
                         _percent(flow.observed_share), touchpoint=flow.source, better=better, note=file)


def _percent(share: float) -> str:
    return f"{format_number(round(share * 100, 1))} %"


def _num(value) -> str | None:
    return None if value is None else format_number(round(value, 4) if isinstance(value, float) else value)


def _rank(rank: int | None) -> str | None:
    return None if rank is None else f"#{rank}"


def _lower_better(before, after) -> bool | None:
    if before is None or after is None:
        return None
    return after < before

