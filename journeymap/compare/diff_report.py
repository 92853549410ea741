"""A semantic diff as text, Markdown or JSON."""

from __future__ import annotations

import dataclasses

from journeymap.i18n.numbers import counted
from journeymap.render.tables import markdown_table, with_unit
from journeymap.writer import json_text

MARKS = {True: "▲", False: "▼", None: "~"}     # better, worse, neutral


def describe(change) -> str:
    """One readable sentence for a change, naming touchpoints, personas, phases and opportunities as the
    map names them (ids where a change carries no names)."""
    c = change
    def known(role: str, fallback) -> str:
        return f"'{c.names.get(role, fallback)}'"
    subject, at = known("subject", c.subject), known("touchpoint", c.touchpoint)
    kpi = c.subject.split("/")[-1]
    templates = {
        "error-added": f"new error at {c.subject}: {c.after}",
        "error-fixed": f"error fixed: {c.before} (was at {c.subject})",
        "persona-added": f"persona {subject} added",
        "persona-removed": f"persona {subject} removed",
        "persona-renamed": f"persona renamed: '{c.before}' → '{c.after}'",
        "phase-added": f"phase {subject} added",
        "phase-removed": f"phase {subject} removed",
        "phase-renamed": f"phase renamed: '{c.before}' → '{c.after}'",
        "touchpoint-added": f"touchpoint {at} added in phase {known('phase', c.note.removeprefix('phase '))}",
        "touchpoint-removed": f"touchpoint {at} removed",
        "touchpoint-id-changed": f"touchpoint {at} has a new id: {c.before} → {c.after}",
        "touchpoint-renamed": f"touchpoint renamed: '{c.before}' → '{c.after}'",
        "touchpoint-moved": f"touchpoint {at} moved from phase {known('before', c.before)} to "
                            f"{known('after', c.after)}",
        "emotion-changed": f"emotion at {at} for {known('persona', c.note)}: {c.before or '–'} → {c.after or '–'}",
        "effort-changed": f"effort at {at}: {c.before or '–'} → {c.after or '–'}",
        "pain-added": f"pain added at {at}: {c.after} ({c.note})",
        "pain-removed": f"pain removed at {at}: {c.before}",
        "pain-reworded": f"pain reworded at {at}: '{c.before}' → '{c.after}'",
        "pain-severity-changed": f"severity of pain {known('pain', c.subject)} at {at}: {c.before} → {c.after}",
        "gain-added": f"gain added at {at}: {c.after}",
        "gain-removed": f"gain removed at {at}: {c.before}",
        "gain-reworded": f"gain reworded at {at}: '{c.before}' → '{c.after}'",
        "note-added": f"sticky note added at {at}: {c.after}",
        "note-removed": f"sticky note removed at {at}: {c.before}",
        "kpi-changed": f"{kpi} at {at}: {with_unit(c.before, c.unit) or '–'} → {with_unit(c.after, c.unit) or '–'}"
                       + (f", {c.note}" if c.note else ""),
        "friction-changed": f"friction at {at}: {c.before} → {c.after}",
        "hotspot-rank-changed": f"hotspot rank of {at}: {c.before or 'none'} → {c.after or 'none'}",
        "opportunity-added": f"opportunity {subject} added ({c.note})",
        "opportunity-removed": f"opportunity {subject} removed",
        "opportunity-status-changed": f"opportunity {subject} status {c.before} → {c.after}",
        "observed-share-changed": f"observed share of {_flow(c)}: {c.before} → {c.after} (in {c.note})",
        "total-at-stake-changed": f"total money at stake: {c.before or '–'} → {c.after or '–'}" + _moved(c),
        "at-stake-changed": f"money at stake at {at}: {c.before or '–'} → {c.after or '–'}" + _moved(c),
        "expected-value-changed": f"expected value of opportunity {subject}: {c.before or '–'} → {c.after or '–'}"
                                  + _moved(c),
    }
    return templates.get(c.kind, f"{c.kind} {subject}: {c.before} → {c.after}")


def _moved(change) -> str:
    return f" ({change.note})" if change.note else ""


def _flow(change) -> str:
    source, _, target = change.subject.partition(" -> ")
    return f"'{change.names.get('source', source)}' → '{change.names.get('target', target)}'"


def _name(diff) -> str:
    """'maps/a.journey.yaml (since HEAD~1)' when the old side is the same file at a revision."""
    revision, _, path = diff.old.partition(":")
    if path == diff.new and revision:
        return f"{diff.new} (since {revision})"
    return diff.new if diff.old == diff.new or not diff.old else f"{diff.old} → {diff.new}"


def _heading(diff) -> str:
    if diff.status == "added":
        return f"{diff.new}: new map"
    if diff.status == "removed":
        return f"{diff.old}: map removed"
    name = _name(diff)
    if diff.status == "unchanged":
        return f"{name}: no changes for the customer"
    regressions = f", {counted(diff.regressions, 'regression')}" if diff.regressions else ""
    return f"{name}: {counted(len(diff.changes), 'change')}{regressions}"


def render_text(diffs) -> str:
    lines = []
    for diff in diffs:
        lines.append(_heading(diff))
        for change in diff.changes:
            flag = "  REGRESSION" if change.regression else ""
            lines.append(f"  {MARKS[change.better]} {describe(change)}{flag}")
    return "\n".join(lines) + "\n"


def render_markdown(diffs) -> str:
    out = ["## Journey map changes", ""]
    for diff in diffs:
        out += [f"### {_heading(diff)}", ""]
        if diff.changes:
            rows = [[MARKS[c.better] + (" **regression**" if c.regression else ""), describe(c)] for c in diff.changes]
            out += [markdown_table(["", "change"], rows), ""]
    return "\n".join(out)


def _change(change) -> dict:
    """A change as JSON: its fields and its sentence; `unit` only on a KPI's change."""
    fields = {**dataclasses.asdict(change), "text": describe(change)}
    if change.kind != "kpi-changed":
        del fields["unit"]
    return fields


def render_json(diffs) -> str:
    maps = []
    for diff in diffs:
        maps.append({"old": diff.old, "new": diff.new, "status": diff.status, "regressions": diff.regressions,
                     "changes": [_change(c) for c in diff.changes]})
    return json_text({"journeymap_diff": 1, "maps": maps}, sort_keys=True)
