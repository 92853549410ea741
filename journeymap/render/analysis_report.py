"""The `journeymap analyze` report as aligned text tables or Markdown, from an Analysis."""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.i18n.catalog import labels
from journeymap.i18n.numbers import counted, money
from journeymap.render.hotspot_why import none_reach, why
from journeymap.render.tables import markdown_table, text_table, with_unit
from journeymap.render.value_view import figure_text, missing_by_reason, missing_text, return_text, share_text

FRICTION_HIGH, FRICTION_MEDIUM = 0.6, 0.3


@dataclass
class Section:
    title: str
    header: list[str]
    rows: list[list[str]]
    note: str = ""


def number(value: float | None, places: int = 2) -> str:
    if value is None:
        return "–"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    text = f"{value:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def fixed(value: float | None) -> str:
    """Scores 0..1 with two decimals, so columns line up."""
    return "–" if value is None else f"{value:.2f}"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def sections(analysis, names: dict[str, str], top: int) -> list[Section]:
    return [_hotspots(analysis, names, top), *value_sections(analysis, names), _curves(analysis, names),
            _funnel(analysis, names), _kpis(analysis, names),
            _groups("Channels", analysis.channels), _groups("Owners", analysis.owners),
            _opportunities(analysis), _unaddressed(analysis, names)]


def value_sections(analysis, names: dict[str, str]) -> list[Section]:
    """Money at stake per touchpoint and the opportunities by expected value; none for a map without money."""
    value = analysis.value
    if value is None:
        return []
    currency = value.currency

    def cash(amount) -> str:
        return "–" if amount is None else money(amount, currency, "en")

    rows = [[str(rank), node, names.get(node, ""), cash(figure.at_stake), figure_text(figure.volume, "en"),
             f"{share_text(figure.loss, 'en')} ({labels('en')[f'value.source.{figure.source}']})",
             cash(figure.value_per_case)] for rank, (node, figure) in enumerate(value.touchpoints.items(), start=1)]
    missing = "".join(f"\nno money figure for {', '.join(nodes)} ({missing_text(code, 'en')})"
                      for code, nodes in missing_by_reason(value).items())
    touchpoints = Section(f"Value at stake ({currency or 'no currency'}): total {cash(value.total_at_stake)}",
                          ["#", "touchpoint", "name", "at stake", "volume", "loss", "value per case"], rows,
                          "at stake = volume x loss x value per case; see docs/analysis.md" + missing)
    rows = [[str(rank) if figure.expected_value is not None else "–", opportunity, cash(figure.expected_value),
             cash(figure.cost), return_text(figure.return_, "en"), share_text(figure.effect, "en"),
             ", ".join(figure.touchpoints)]
            for rank, (opportunity, figure) in enumerate(value.opportunities.items(), start=1)]
    unknown = "".join(f"\n{o}: {'no money figure for ' + ', '.join(f.unknown) if f.unknown else 'no effect or impact'}"
                      for o, f in value.opportunities.items() if f.expected_value is None)
    opportunities = Section("Opportunities by expected value",
                            ["#", "opportunity", "expected value", "cost", "return", "effect", "addresses"], rows,
                            "expected value = at stake of the touchpoints addressed x effect; "
                            "return = expected value / cost" + unknown)
    return [touchpoints, opportunities] if value.opportunities else [touchpoints]


def _hotspots(analysis, names, top) -> Section:
    rows = []
    for h in analysis.hotspots[:top]:
        figure = analysis.friction[h.touchpoint]
        volume = number(h.volume) if h.volume is not None else ("est." if h.volume_estimated else "–")
        rows.append([str(h.rank), h.touchpoint, names.get(h.touchpoint, ""), fixed(h.friction), volume,
                     fixed(h.score), why(h, analysis, "en"), ", ".join(figure.missing)])
    threshold = fixed(analysis.hotspot_min)
    note = (f"a hotspot has friction {threshold} or more (analysis.hotspot_min); "
            "score = friction (0..1) x volume weight; see docs/analysis.md")
    if not rows:
        note = none_reach(analysis.hotspot_min, "en") + "\n" + note
    volume = "volume"
    if analysis.volume_basis == "observed":
        volume = "cases"
        note += (f"\nthe map gives no kpis.volume: volume = cases that reached the touchpoint in "
                 f"{', '.join(analysis.observed_logs)}")
    return Section(f"Friction hotspots (top {top})",
                   ["#", "touchpoint", "name", "friction", volume, "score", "why this rank", "missing inputs"],
                   rows, note)


def _curves(analysis, names) -> Section:
    rows = []
    for curve in analysis.emotion_curves:
        if not curve.points:
            rows.append([curve.persona, "0", "–", "–", "–", "–", "–"])
            continue
        drop = curve.largest_drop
        rows.append([curve.persona, str(len(curve.points)), number(curve.average),
                     f"{number(curve.lowest.emotion)} at {curve.lowest.touchpoint}",
                     f"{number(drop.change)} {drop.source} -> {drop.target}" if drop else "–",
                     f"{number(curve.peak.emotion)} at {curve.peak.touchpoint}", number(curve.peak_end)])
    return Section("Emotion per persona (-2 frustrated .. +2 delighted)",
                   ["persona", "points", "average", "lowest", "largest drop", "peak", "peak-end"], rows,
                   "peak-end = (most intense + last emotion) / 2: what customers remember")


def _funnel(analysis, names) -> Section:
    funnel = analysis.funnel
    if funnel is None:
        return Section("Funnel", [], [], "no funnel: the map declares no 'share' on its flows")
    rows = [[step.touchpoint, *[percent(step.reach[e]) for e in funnel.entries], percent(step.drop_off)]
            for step in funnel.steps]
    conversion = ", ".join(f"{entry} {percent(value)}" for entry, value in funnel.conversion.items())
    note = f"end-to-end conversion per entry: {conversion}"
    if funnel.basis == "observed":
        note += (f"\nthe map declares no 'share': these shares are observed in {', '.join(funnel.logs)}; "
                 "drop-off is what leaves the designed flows")
    return Section("Funnel (share of each entry's customers who reach a touchpoint)",
                   ["touchpoint", *[f"from {e}" for e in funnel.entries], "drop-off here"], rows, note)


def _kpis(analysis, names) -> Section:
    rows = []
    for touchpoint, kpis in analysis.kpis.items():
        for kpi in kpis:
            status = {True: "met", False: "MISSED", None: ""}[kpi.meets_target]
            source = f"computed ({counted(kpi.responses, 'response')})" if kpi.source == "computed" else "declared"
            if kpi.disagrees:
                source += f"; declared {with_unit(number(kpi.declared_value), kpi.unit)} disagrees"
            rows.append([touchpoint, kpi.name, with_unit(number(kpi.value), kpi.unit),
                         with_unit(number(kpi.target), kpi.unit), status, source])
    return Section("KPIs", ["touchpoint", "kpi", "value", "target", "status", "source"], rows)


def _groups(title, groups) -> Section:
    rows = [[g.id or "(none)", g.name, str(len(g.touchpoints)), fixed(g.friction), number(g.volume),
             number(g.cost), number(g.cost_per_contact)] for g in groups]
    return Section(title, [title[:-1].lower(), "name", "touchpoints", "friction", "volume/month", "cost/month",
                           "cost/contact"], rows)


def _opportunities(analysis) -> Section:
    rows = [[str(o.rank) if o.rank else "–", o.opportunity, o.status, o.impact or "–", _cost(o.cost, analysis),
             ", ".join(o.touchpoints), fixed(o.friction_addressed), fixed(o.priority)]
            for o in analysis.coverage.opportunities]
    return Section("Opportunities in priority order",
                   ["#", "opportunity", "status", "impact", "cost (effort)", "addresses", "friction addressed", "priority"],
                   rows, "priority = impact / cost x friction addressed; done opportunities are not ranked")


def _cost(cost, analysis) -> str:
    """An opportunity's cost: its level, or its amount of money."""
    if cost is None or isinstance(cost, str):
        return cost or "–"
    return money(cost, analysis.value.currency if analysis.value else None, "en")


def _unaddressed(analysis, names) -> Section:
    rows = [[p.touchpoint, p.pain or "", p.text, str(p.severity)]
            for p in analysis.coverage.pains if not p.addressed_by]
    rows += [[h.touchpoint, "(hotspot)", f"rank {h.rank}", ""]
             for h in analysis.coverage.hotspots if not h.addressed_by and h.rank <= 5]
    return Section("Not addressed by any opportunity", ["touchpoint", "pain", "text", "severity"], rows)


def observed_sections(journey, persona: str | None = None) -> list[Section]:
    """Designed vs observed, one section per event log: every designed flow, and the flows the map lacks
    from 5 % of the source's visits."""
    from journeymap.analysis.designed_vs_observed import compare
    from journeymap.evidence.observe.result import ObservedFlows

    tolerance = journey.model.rules.flow_tolerance
    result = []
    for log in journey.observations:
        if log.observation is None:
            continue
        flows = log.observation.personas.get(persona, ObservedFlows()) if persona else log.observation.flows
        rows = []
        for flow in compare(journey, flows):
            if flow.designed or flow.lacking:
                rows.append([flow.source, flow.target, percent(flow.designed_share) if flow.designed else "not in map",
                             percent(flow.observed_share), number(flow.observed),
                             "MISMATCH" if flow.off(tolerance) else ""])
        observation = log.observation
        result.append(Section(
            f"Designed vs observed ({journey.model.data[log.index].file})",
            ["from", "to", "designed", "observed", "count", ""], rows,
            f"{counted(observation.cases, 'case')}, {counted(observation.events, 'event')}, "
            f"{percent(observation.mapped_share)} mapped; "
            f"tolerance {number(tolerance)}; details: journeymap observe"))
    return result


def render_text(analysis, names: dict[str, str], *, top: int = 5, color: bool = False,
                extra: list[Section] = ()) -> str:
    heading = f"{analysis.title} — friction analysis" + (f" for persona {analysis.persona}" if analysis.persona else "")
    out = [_bold(heading, color), ""]
    for section in [*sections(analysis, names, top), *extra]:
        out.append(_bold(section.title, color))
        if section.rows:
            out.append(text_table(section.header, section.rows, paint=_painter(section, color)))
        elif section.header:
            out.append("(none)")
        if section.note:
            out.append(section.note)
        out.append("")
    return "\n".join(out)


def render_markdown(analysis, names: dict[str, str], *, top: int = 5, extra: list[Section] = ()) -> str:
    heading = f"# {analysis.title}: friction analysis" + (f" for persona `{analysis.persona}`" if analysis.persona else "")
    out = [heading, ""]
    for section in [*sections(analysis, names, top), *extra]:
        out += [f"## {section.title}", ""]
        if section.rows:
            out += [markdown_table(section.header, section.rows), ""]
        elif section.header:
            out += ["(none)", ""]
        for line in section.note.splitlines():
            out += [f"_{line}_", ""]
    return "\n".join(out)


def _bold(text: str, color: bool) -> str:
    return f"\033[1m{text}\033[0m" if color else text


def _painter(section: Section, color: bool):
    if not color or "friction" not in section.header:
        return None
    column = section.header.index("friction")

    def paint(row: int, col: int, cell: str) -> str:
        if col != column or cell.strip() in ("–", ""):
            return cell
        value = float(cell)
        code = "31" if value >= FRICTION_HIGH else "33" if value >= FRICTION_MEDIUM else None
        return f"\033[{code}m{cell}\033[0m" if code else cell
    return paint
