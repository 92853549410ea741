"""The CI summary: one Markdown section per map — status, findings, top hotspots, changes since a base.

Written for `$GITHUB_STEP_SUMMARY` and merge-request comments (`render --summary FILE.md`).
"""

from __future__ import annotations

import os
from pathlib import Path

from journeymap.compare.diff_report import MARKS, describe
from journeymap.i18n.numbers import counted, money, plural_form
from journeymap.render.hotspot_why import none_reach, why
from journeymap.render.tables import markdown_table, with_unit

MAX_CHANGES = 12
MAX_FLOWS = 8


MAX_TRENDS = 12
TREND_COMMITS = 20       # the newest commits a summary's sparklines cover (render --history N: N)


def map_section(display: str, side, outcome, change_set, *, compare_link: str | None = None,
                history=None) -> str:
    """Markdown for one map. side: diff.Side of the current version; change_set: MapDiff or None;
    compare_link: the path of its comparison report (render --compare), relative to the summary;
    history: its history.series.History, for a sparkline per KPI."""
    errors = sum(1 for d in side.diagnostics if d.severity == "error")
    warnings = sum(1 for d in side.diagnostics if d.severity == "warning")
    status = "❌ errors" if errors else {"rendered": "✅ rendered", "unchanged": "✅ unchanged"}.get(
        outcome.status if outcome else "", "⚠️ not rendered")
    lines = [f"### `{_code(display)}`", "",
             f"**{status}** · {counted(errors, 'error')}, {counted(warnings, 'warning')}", ""]
    lines += _findings(side)
    lines += _hotspots(side)
    lines += _value(side)
    lines += _observed(side)
    lines += _changes(change_set)
    lines += _trends(history)
    if compare_link:
        lines += [f"Comparison report: [{_link_text(compare_link)}]({_link_target(compare_link)})", ""]
    return "\n".join(lines)


def _link_text(path: str) -> str:
    return path.replace("\\", "/").replace("[", "(").replace("]", ")").replace("`", "'")


def _link_target(path: str) -> str:
    from urllib.parse import quote
    return quote(path.replace("\\", "/"))


def _trends(history) -> list[str]:
    """A sparkline per KPI over the newest commits: the KPIs that moved and those with a target."""
    if history is None or len(history.points) < 2:
        return []
    from journeymap.history.report import kpi_series, shallow_hint, sparkline, target_text

    def num(value):
        return "–" if value is None else f"{value:g}"
    def moved(k):
        return len({v for v in k["values"] if v is not None}) > 1
    series = kpi_series(history)
    chosen = ([k for k in series if moved(k)] + [k for k in series if not moved(k) and k["target"] is not None])
    chosen = chosen[:MAX_TRENDS]
    if not chosen:
        return []
    rows = [[k["kpi"], k["name"], sparkline(k["values"]),
             with_unit(num(next((v for v in reversed(k["values"]) if v is not None), None)), k["unit"]),
             target_text(k, num)] for k in chosen]
    hint = shallow_hint(history)
    count = len(history.points)
    last = "the last commit" if plural_form(count) == "one" else f"the last {counted(count, 'commit')}"
    return [f"KPIs over {last}:", "",
            markdown_table(["KPI", "touchpoint", "trend", "now", "target"], rows), "",
            *([f"_{hint}_", ""] if hint else [])]


def _code(text: str) -> str:
    return text.replace("`", "'")


def _findings(side) -> list[str]:
    errors = [d for d in side.diagnostics if d.severity == "error"]
    if not errors:
        return []
    rows = [[f"{d.file}:{d.line}:{d.column}", d.message, d.rule] for d in errors[:10]]
    more = [f"_… and {len(errors) - 10} more_", ""] if len(errors) > 10 else []
    return [markdown_table(["where", "error", "rule"], rows), "", *more]


def _hotspots(side) -> list[str]:
    if side.analysis is None:
        return []
    names = {t.id: t.name for t in reversed(side.journey.model.touchpoints)}
    rows = [[f"#{h.rank}", names[h.touchpoint], f"{h.friction:.2f}", f"{h.score:.2f}", why(h, side.analysis, "en")]
            for h in side.analysis.hotspots[:3] if h.friction > 0]
    if not rows:
        return [none_reach(side.analysis.hotspot_min, "en"), ""]
    return ["Top friction hotspots:", "",
            markdown_table(["rank", "touchpoint", "friction", "score", "why this rank"], rows), ""]


def _value(side) -> list[str]:
    """Money at stake: the total, the top touchpoints, and the opportunity with the largest expected value."""
    value = side.analysis.value if side.analysis is not None else None
    if value is None:
        return []
    names = {t.id: t.name for t in reversed(side.journey.model.touchpoints)}
    titles = {o.id: o.title for o in side.journey.model.opportunities}
    missing = len(value.missing)
    lines = [f"Money at stake: **{money(value.total_at_stake, value.currency, 'en')}**"
             + (f" ({counted(missing, 'touchpoint')} without a figure)" if missing else ""), ""]
    rows = [[f"#{rank}", names[node], money(figure.at_stake, value.currency, "en")]
            for rank, (node, figure) in enumerate(list(value.touchpoints.items())[:3], start=1)]
    if rows:
        lines += [markdown_table(["rank", "touchpoint", "at stake"], rows), ""]
    best = next(((o, f) for o, f in value.opportunities.items() if f.expected_value is not None), None)
    if best:
        lines += [f"Largest expected value: {titles[best[0]]}, "
                  f"{money(best[1].expected_value, value.currency, 'en')}.", ""]
    return lines


def _observed(side) -> list[str]:
    """Per event log: its size, then the designed shares it contradicts and the flows the map lacks."""
    if side.analysis is None:
        return []
    from journeymap.analysis.designed_vs_observed import compare
    journey = side.journey
    names = {t.id: t.name for t in reversed(journey.model.touchpoints)}
    tolerance = journey.model.rules.flow_tolerance
    lines = []
    for log in journey.observations:
        observation = log.observation
        if observation is None:
            continue
        lines += [f"Observed in `{_code(journey.model.data[log.index].file)}`: {counted(observation.cases, 'case')}, "
                  f"{counted(observation.events, 'event')}, {100 * observation.mapped_share:.1f} % of them at a "
                  "touchpoint.", ""]
        flows = [f for f in compare(journey, observation.flows) if f.off(tolerance) or f.lacking]
        rows = [[f"{names[f.source]} → {names.get(f.target, f.target)}",
                 f"{100 * f.designed_share:.0f} %" if f.designed_share is not None else
                 ("designed" if f.designed else "not in the map"),
                 f"{100 * f.observed_share:.1f} %"] for f in flows[:MAX_FLOWS]]
        if rows:
            more = [f"_… and {len(flows) - MAX_FLOWS} more flows_", ""] if len(flows) > MAX_FLOWS else []
            lines += [f"Flows the log contradicts (designed share off by more than {100 * tolerance:.0f} points, "
                      "or not in the map):", "", markdown_table(["flow", "designed", "observed"], rows), "", *more]
    return lines


def _changes(change_set) -> list[str]:
    if change_set is None:
        return []
    if change_set.status == "added":
        return ["New map since the base revision.", ""]
    if not change_set.changes:
        return ["No changes for the customer since the base revision.", ""]
    rows = [[MARKS[c.better] + (" **regression**" if c.regression else ""), describe(c)]
            for c in change_set.changes[:MAX_CHANGES]]
    more = [f"_… and {len(change_set.changes) - MAX_CHANGES} more changes_", ""] \
        if len(change_set.changes) > MAX_CHANGES else []
    return ["Changes since the base revision:", "", markdown_table(["", "change"], rows), "", *more]


def summary(sections: list[str], *, base: str | None, totals: dict) -> str:
    head = ["## journeymap", "",
            f"{counted(totals['maps'], 'map')} · {totals['rendered']} rendered · {totals['unchanged']} unchanged · "
            f"{totals['failed']} with errors" + (f" · compared with `{_code(base)}`" if base else ""), ""]
    return "\n".join(head + sections) + "\n"


def write_summary(target: Path, jobs, outcomes, base: str | None, sides, compared: dict[str, str],
                  history_count: int | None = None) -> None:
    """The summary of a render for the maps of jobs; sides loads a map version (build.versions.SideCache)."""
    from journeymap.compare.diff import diff_sides
    from journeymap.runtime import one_map_at_a_time
    from journeymap.writer import write_atomic

    sections = []
    for job, outcome in one_map_at_a_time(zip(jobs, outcomes)):
        side = sides(job.display)
        change_set = diff_sides(sides(f"{base}:{job.display}"), side) if base else None
        link = compared.get(job.display)
        link = os.path.relpath(link, target.resolve().parent if target.parent else ".") if link else None
        sections.append(map_section(job.display, side, outcome, change_set, compare_link=link,
                                    history=summary_history(job.display, history_count)))
    totals = {"maps": len(outcomes), **{s: sum(1 for o in outcomes if o.status == s)
                                        for s in ("rendered", "unchanged", "failed")}}
    write_atomic(target, summary(sections, base=base, totals=totals))


def summary_history(display: str, count: int | None):
    """The map's newest commits for the summary's sparklines; None outside git or without commits."""
    from journeymap.history.series import history
    from journeymap.source.revisions import GitProblem

    try:
        return history(display, max_count=count or TREND_COMMITS)
    except GitProblem:
        return None
