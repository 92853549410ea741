"""A comparison as JSON, as terminal text and as Markdown (English, like every terminal and CI output).

The HTML report is compare/html.py. JSON numbers are rounded to 4 decimals; pairs are
[as-is, to-be]; docs/compare.md describes every key.
"""

from __future__ import annotations

import dataclasses

from journeymap.i18n.numbers import counted
from journeymap.model.format import format_number
from journeymap.compare.diff_report import MARKS
from journeymap.compare.value_diff import cash, moved_text
from journeymap.render.tables import markdown_table, with_unit
from journeymap.writer import json_text

COMPARE_FORMAT = 1


def to_dict(comparison) -> dict:
    data = {
        "journeymap_compare": COMPARE_FORMAT,
        "before": dataclasses.asdict(comparison.before),
        "after": dataclasses.asdict(comparison.after),
        "counts": comparison.counts(),
        "touchpoints": [dataclasses.asdict(t) for t in comparison.touchpoints],
        "hotspots": {"before": comparison.hotspots[0], "after": comparison.hotspots[1]},
        "personas": [dataclasses.asdict(p) for p in comparison.personas],
        "pains": {"removed": [dataclasses.asdict(p) for p in comparison.pains_removed],
                  "added": [dataclasses.asdict(p) for p in comparison.pains_added]},
        "opportunities": [dataclasses.asdict(o) for o in comparison.opportunities],
        "kpis": [dataclasses.asdict(k) for k in comparison.kpis],
        "funnel": dataclasses.asdict(comparison.funnel) if comparison.funnel else None,
        "observed": [dataclasses.asdict(o) for o in comparison.observed],
    }
    data = _rounded(data)
    if comparison.money is not None:
        data["money"] = [row.as_dict() for row in comparison.money]
    if comparison.feedback is not None:
        data["feedback"] = [row.as_dict() for row in comparison.feedback]
    return data


def _rounded(value):
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(item) for item in value]
    return value


def render_json(comparison) -> str:
    return json_text(to_dict(comparison), sort_keys=True) + "\n"


# ------------------------------------------------------------------------------------ text

def side_words(comparison) -> tuple[str, str]:
    """as-is / to-be when either map says which it is (the other is the complement), else before / after."""
    before, after = comparison.before.variant, comparison.after.variant
    return (before or ("as-is" if after == "to-be" else "before"),
            after or ("to-be" if before == "as-is" else "after"))


def render_text(comparison) -> str:
    c = comparison
    names = c.names
    words = side_words(c)
    lines = [f"{words[0]}: {c.before.title} ({c.before.map})",
             f"{words[1]}:  {c.after.title} ({c.after.map})", ""]
    lines += [f"better: {better_line(c) or 'nothing'}", f"worse:  {worse_line(c) or 'nothing'}", ""]
    moved = [t for t in c.touchpoints if t.better is not None]
    if moved:
        lines.append("Friction (0..1; lower is better)")
        for t in moved:
            # a touchpoint that is a hotspot in neither version gets no "(hotspot – → –)"
            ranks = "" if t.hotspot_rank == (None, None) else \
                f"  (hotspot {_rank(t.hotspot_rank[0])} → {_rank(t.hotspot_rank[1])})"
            lines.append(f"  {MARKS[t.better]} '{t.name}': {_fixed(t.friction[0])} → {_fixed(t.friction[1])}{ranks}")
        lines.append("")
    if c.money:
        lines.append("Money at stake")
        for row in c.money:
            moved = f" ({moved_text(row)})" if moved_text(row) else ""
            lines.append(f"  {MARKS[row.better]} {_money_subject(row, c)}: {cash(row.amounts[0], row.currency) or '–'}"
                         f" → {cash(row.amounts[1], row.currency) or '–'}{moved}")
        lines.append("")
    lines += _hotspot_lines(c, words)
    lines.append("Remembered experience (peak-end, -2 .. +2)")
    for p in c.personas:
        mark = {"better": MARKS[True], "worse": MARKS[False]}.get(p.remembered, MARKS[None])
        lines.append(f"  {mark} {p.name}: {_num(p.peak_end[0])} → {_num(p.peak_end[1])} ({p.remembered})")
    lines.append("")
    for title, pains, mark, side in (("Pains removed", c.pains_removed, MARKS[True], c.names_before),
                                     ("Pains added", c.pains_added, MARKS[False], names)):
        if pains:
            lines.append(title)
            lines += [f"  {mark} '{side.get(p.touchpoint, p.touchpoint)}': {p.text} (severity {p.severity})" for p in pains]
            lines.append("")
    if c.opportunities:
        lines.append("Opportunities")
        for o in c.opportunities:
            lines.append(f"  {'✓' if o.outcome == 'delivered' else '○'} {o.title}: {o.outcome}"
                         f" ({o.status[0] or '–'} → {o.status[1] or '–'})")
        lines.append("")
    changed = [k for k in c.kpis if k.value[0] != k.value[1]]
    if changed:
        lines.append("KPIs that changed")
        for k in changed:
            target = f", target {with_unit(_num(k.target), k.unit)}" if k.target is not None else ""
            lines.append(f"  {MARKS[k.better]} {k.kpi} at '{names.get(k.touchpoint, k.touchpoint)}': "
                         f"{with_unit(_num(k.value[0]), k.unit)} → {with_unit(_num(k.value[1]), k.unit)}{target}")
        lines.append("")
    heard = [row for row in c.feedback or [] if row.moved]
    if heard:
        lines.append("Feedback (the emotion its ratings give, -2 .. +2)")
        lines += [f"  {MARKS[row.better]} '{names.get(row.touchpoint, row.touchpoint)}': {feedback_text(row)}"
                  for row in heard]
        lines.append("")
    structure = [t for t in c.touchpoints if t.status in ("added", "removed", "moved", "id-changed")]
    if structure:
        lines.append("Touchpoints")
        for t in structure:
            lines.append(f"  ~ '{t.name}': {_structure(t, c.phase_names)}")
        lines.append("")
    if c.observed:
        lines.append("Observed in the event logs")
        lines += [f"  {MARKS[o.better]} {o.flow}: {o.share[0]} → {o.share[1]} (in {o.log})" for o in c.observed]
    return "\n".join(lines).rstrip("\n") + "\n"


def feedback_text(row) -> str:
    """'-0.92 → +0.54 (12 → 24 comments)': a touchpoint's feedback emotion and rows, before and after."""
    emotion = [_signed_emotion(e) for e in row.emotion]
    rows = [("–" if n is None else str(n)) for n in row.rows]
    return f"{emotion[0]} → {emotion[1]} ({rows[0]} → {rows[1]} comments)"


def _signed_emotion(value: float | None) -> str:
    return "–" if value is None else ("+" if value > 0 else "") + format_number(round(value, 2))


def _money_subject(row, c) -> str:
    if row.kind == "total-at-stake-changed":
        return "total"
    if row.kind == "at-stake-changed":
        return f"'{c.names.get(row.subject, row.subject)}'"
    titles = {o.opportunity: o.title for o in c.opportunities}
    return f"expected value of '{titles.get(row.subject, row.subject)}'"


def better_line(c) -> str:
    n = c.counts()
    people = len(c.personas)
    parts = [_plural(n["friction_better"], "touchpoint", "with less friction"),
             _plural(n["pains_removed"], "pain", "removed"),
             _plural(n["kpis_better"], "KPI", "better"),
             f"remembered experience better for {n['remembered_better']} of {counted(people, 'persona')}"
             if n["remembered_better"] else "",
             _plural(n["opportunities_delivered"], "opportunity", "delivered", "opportunities"),
             _plural(n["feedback_better"], "touchpoint", "with better feedback")]
    return ", ".join(p for p in parts if p)


def worse_line(c) -> str:
    n = c.counts()
    people = len(c.personas)
    parts = [_plural(n["friction_worse"], "touchpoint", "with more friction"),
             _plural(n["pains_added"], "pain", "added"),
             _plural(n["kpis_worse"], "KPI", "worse"),
             f"remembered experience worse for {n['remembered_worse']} of {counted(people, 'persona')}"
             if n["remembered_worse"] else "",
             _plural(n["feedback_worse"], "touchpoint", "with worse feedback")]
    return ", ".join(p for p in parts if p)


def _plural(count: int, word: str, what: str, words: str | None = None) -> str:
    """'1 pain added', '3 pains added'; nothing for none."""
    return f"{counted(count, word, words)} {what}" if count else ""


def _structure(t, phase_names) -> str:
    phase = lambda p: phase_names.get(p, p)   # noqa: E731
    if t.status == "added":
        return f"added in {phase(t.phase[1])}"
    if t.status == "removed":
        return f"removed from {phase(t.phase[0])}"
    if t.status == "id-changed":
        return f"new id {t.was} → {t.touchpoint}"
    return f"moved from {phase(t.phase[0])} to {phase(t.phase[1])}"


def _hotspot_lines(c, words) -> list[str]:
    """Each version's hotspots, each with why it ranks there."""
    lines = []
    for word, hotspots, names in zip(words, c.hotspots, (c.names_before, c.names)):
        lines.append(f"Hotspots, {word}")
        lines += [f"  #{h['rank']} '{names.get(h['touchpoint'], h['touchpoint'])}': {h['why']}" for h in hotspots]
        lines += [] if hotspots else ["  none: no touchpoint reaches analysis.hotspot_min"]
    return lines + [""]


def _fixed(value) -> str:
    return "–" if value is None else f"{value:.2f}"


def _num(value) -> str:
    return "–" if value is None else format_number(round(value, 4) if isinstance(value, float) else value)


def _rank(rank) -> str:
    return f"#{rank}" if rank else "–"


# -------------------------------------------------------------------------------- markdown

def render_markdown(comparison) -> str:
    c = comparison
    names = c.names
    lines = [f"## {c.before.title} → {c.after.title}", "",
             f"`{c.before.map}` ({side_words(c)[0]}) → `{c.after.map}` ({side_words(c)[1]})", "",
             f"- **Better:** {better_line(c) or 'nothing'}", f"- **Worse:** {worse_line(c) or 'nothing'}", ""]
    moved = [t for t in c.touchpoints if t.better is not None]
    if moved:
        rows = [[MARKS[t.better], t.name, _fixed(t.friction[0]), _fixed(t.friction[1]),
                 f"{_rank(t.hotspot_rank[0])} → {_rank(t.hotspot_rank[1])}"] for t in moved]
        lines += [markdown_table(["", "touchpoint", "friction before", "friction after", "hotspot rank"], rows), ""]
    if c.money:
        rows = [[MARKS[row.better], _money_subject(row, c), cash(row.amounts[0], row.currency) or "–",
                 cash(row.amounts[1], row.currency) or "–", moved_text(row)] for row in c.money]
        lines += ["Money at stake:", "", markdown_table(["", "what", "before", "after", "moved"], rows), ""]
    rows = [[word, f"#{h['rank']}", side.get(h["touchpoint"], h["touchpoint"]), h["why"]]
            for word, hotspots, side in zip(side_words(c), c.hotspots, (c.names_before, names)) for h in hotspots]
    if rows:
        lines += ["Hotspots:", "", markdown_table(["version", "rank", "touchpoint", "why this rank"], rows), ""]
    rows = [[{"better": MARKS[True], "worse": MARKS[False]}.get(p.remembered, MARKS[None]), p.name,
             _num(p.peak_end[0]), _num(p.peak_end[1]), p.remembered] for p in c.personas]
    lines += ["Remembered experience (peak-end):", "",
              markdown_table(["", "persona", "before", "after", "verdict"], rows), ""]
    pains = [[MARKS[True], c.names_before.get(p.touchpoint, p.touchpoint), p.text, "removed"] for p in c.pains_removed]
    pains += [[MARKS[False], names.get(p.touchpoint, p.touchpoint), p.text, "added"] for p in c.pains_added]
    if pains:
        lines += [markdown_table(["", "touchpoint", "pain", ""], pains), ""]
    changed = [k for k in c.kpis if k.value[0] != k.value[1]]
    if changed:
        rows = [[MARKS[k.better], names.get(k.touchpoint, k.touchpoint), k.kpi,
                 *(with_unit(_num(v), k.unit) for v in (*k.value, k.target))] for k in changed]
        lines += [markdown_table(["", "touchpoint", "KPI", "before", "after", "target"], rows), ""]
    heard = [[MARKS[row.better], names.get(row.touchpoint, row.touchpoint), *map(_signed_emotion, row.emotion),
              f"{row.rows[0] if row.rows[0] is not None else '–'} → {row.rows[1] if row.rows[1] is not None else '–'}"]
             for row in c.feedback or [] if row.moved]
    if heard:
        lines += [markdown_table(["", "touchpoint", "feedback before", "feedback after", "comments"], heard), ""]
    if c.opportunities:
        rows = [[o.title, o.outcome, f"{o.status[0] or '–'} → {o.status[1] or '–'}"] for o in c.opportunities]
        lines += [markdown_table(["opportunity", "outcome", "status"], rows), ""]
    return "\n".join(lines)
