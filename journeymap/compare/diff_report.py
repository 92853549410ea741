"""A semantic diff as text, Markdown or JSON."""

from __future__ import annotations

import dataclasses

from journeymap.render.tables import markdown_table, with_unit
from journeymap.writer import json_text

MARKS = {True: "▲", False: "▼", None: "~"}     # better, worse, neutral


def describe(change) -> str:
    """One readable sentence for a change."""
    c = change
    subject = f"'{c.subject}'"
    templates = {
        "error-added": f"new error at {c.subject}: {c.after}",
        "error-fixed": f"error fixed: {c.before} (was at {c.subject})",
        "persona-added": f"persona {subject} added: {c.after}",
        "persona-removed": f"persona {subject} removed ({c.before})",
        "persona-renamed": f"persona {subject} renamed: {c.before} → {c.after}",
        "phase-added": f"phase {subject} added: {c.after}",
        "phase-removed": f"phase {subject} removed ({c.before})",
        "phase-renamed": f"phase {subject} renamed: {c.before} → {c.after}",
        "touchpoint-added": f"touchpoint {subject} added: {c.after} ({c.note})",
        "touchpoint-removed": f"touchpoint {subject} removed ({c.before})",
        "touchpoint-id-changed": f"touchpoint {subject} has a new id: {c.before} → {c.after}",
        "touchpoint-renamed": f"touchpoint {subject} renamed: {c.before} → {c.after}",
        "touchpoint-moved": f"touchpoint {subject} moved from phase {c.before} to {c.after}",
        "emotion-changed": f"emotion at '{c.touchpoint}' for {c.note}: {c.before or '–'} → {c.after or '–'}",
        "effort-changed": f"effort at {subject}: {c.before or '–'} → {c.after or '–'}",
        "pain-added": f"pain added at '{c.touchpoint}': {c.after} ({c.note})",
        "pain-removed": f"pain removed at '{c.touchpoint}': {c.before}",
        "pain-severity-changed": f"pain {subject} severity {c.before} → {c.after}",
        "gain-added": f"gain added at '{c.touchpoint}': {c.after}",
        "gain-removed": f"gain removed at '{c.touchpoint}': {c.before}",
        "note-added": f"sticky note added at '{c.touchpoint}': {c.after}",
        "note-removed": f"sticky note removed at '{c.touchpoint}': {c.before}",
        "kpi-changed": f"{c.subject.split('/')[-1]} at '{c.touchpoint}': "
                       f"{with_unit(c.before, c.unit) or '–'} → {with_unit(c.after, c.unit) or '–'}"
                       + (f", {c.note}" if c.note else ""),
        "friction-changed": f"friction at {subject}: {c.before} → {c.after}",
        "hotspot-rank-changed": f"hotspot rank of {subject}: {c.before or 'none'} → {c.after or 'none'}",
        "opportunity-added": f"opportunity {subject} added: {c.after} ({c.note})",
        "opportunity-removed": f"opportunity {subject} removed ({c.before})",
        "opportunity-status-changed": f"opportunity {subject} status {c.before} → {c.after}",
        "observed-share-changed": f"observed share of {c.subject}: {c.before} → {c.after} (in {c.note})",
        "total-at-stake-changed": f"total money at stake: {c.before or '–'} → {c.after or '–'}" + _moved(c),
        "at-stake-changed": f"money at stake at {subject}: {c.before or '–'} → {c.after or '–'}" + _moved(c),
        "expected-value-changed": f"expected value of opportunity {subject}: {c.before or '–'} → {c.after or '–'}"
                                  + _moved(c),
    }
    return templates.get(c.kind, f"{c.kind} {subject}: {c.before} → {c.after}")


def _moved(change) -> str:
    return f" ({change.note})" if change.note else ""


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
    regressions = f", {diff.regressions} regression{'s' if diff.regressions != 1 else ''}" if diff.regressions else ""
    return f"{name}: {len(diff.changes)} change{'s' if len(diff.changes) != 1 else ''}{regressions}"


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
