"""`journeymap observe` output about cases as wholes: variants, conformance (each deviation at its map line), time to
outcome; as JSON-ready values and as text or Markdown lines."""

from __future__ import annotations

from journeymap.analysis.conformance import UNDESIGNED, conformance
from journeymap.evidence.observe.result import ObservedFlows, Outcome
from journeymap.i18n.numbers import counted

ARROW = " → "
DEVIATIONS_SHOWN = 10   # text and Markdown list the most frequent; JSON lists all


def case_figures(journey, flows: ObservedFlows, top: int) -> dict:
    """The variants (top of them), conformance and time to outcome of the cases behind `flows`."""
    paths = flows.paths
    checked = conformance(journey, flows)
    return {
        "variants": [{"path": list(v.path), "cases": v.cases, "share": _ratio(v.cases, paths.cases)}
                     for v in paths.variants[:top]],
        "conformance": {"cases": checked.cases, "conforming": checked.conforming,
                        "rate": _ratio(checked.conforming, checked.cases),
                        "deviations": [_deviation(journey, d) for d in checked.deviations]},
        "time_to_outcome": {"reached": _outcome(paths.reached), "not_reached": _outcome(paths.not_reached)},
    }


def _deviation(journey, deviation) -> dict:
    where = {"from": deviation.touchpoint, "to": deviation.target} if deviation.kind == UNDESIGNED \
        else {"touchpoint": deviation.touchpoint}
    return {"kind": deviation.kind, **where, "cases": deviation.cases,
            "line": journey.at("touchpoints", deviation.touchpoint_index).line}


def _outcome(outcome: Outcome) -> dict:
    return {"cases": outcome.cases, "median_seconds": outcome.median_seconds, "p90_seconds": outcome.p90_seconds}


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def cases_text(figures: dict, table, duration, *, markdown: bool, title: str = "") -> list[str]:
    """The case figures of one log (or persona) as lines; `table` and `duration` are observations.py's."""
    heading = (lambda text: f"### {text}") if markdown else (lambda text: f"{text}:")
    checked = figures["conformance"]
    lines: list[str] = []
    if figures["variants"]:
        lines += ["", heading(f"variants{title}, most frequent first"), *table(
            ["path", "cases", "share"],
            [[ARROW.join(v["path"]), f"{v['cases']:,}", _percent(v["share"])] for v in figures["variants"]],
            markdown)]
    if checked["cases"]:
        lines += ["", f"conformance{title}: {_percent(checked['rate'])} of {counted(checked['cases'], 'case')} "
                      "follow the designed journey"]
        shown = checked["deviations"][:DEVIATIONS_SHOWN]
        if shown:
            lines += [*table(["deviation", "where", "cases", "map line"],
                             [[d["kind"], _where(d), f"{d['cases']:,}", str(d["line"])] for d in shown], markdown, left=2)]
        if len(shown) < len(checked["deviations"]):
            lines.append(f"  {counted(len(checked['deviations']) - len(shown), 'more deviation')}, each in as many "
                         "cases or fewer (all of them: --format json)")
    outcomes = figures["time_to_outcome"]
    if outcomes["reached"]["cases"] or outcomes["not_reached"]["cases"]:
        lines += ["", heading(f"time to outcome{title}, from the first to the last mapped event"), *table(
            ["outcome", "cases", "median", "p90"],
            [[label, f"{o['cases']:,}", duration(o["median_seconds"]), duration(o["p90_seconds"])]
             for label, o in (("reached an end", outcomes["reached"]), ("no end", outcomes["not_reached"]))],
            markdown)]
    return lines


def _where(deviation: dict) -> str:
    if deviation["kind"] == UNDESIGNED:
        return f"{deviation['from']}{ARROW}{deviation['to']}"
    return f"starts at {deviation['touchpoint']}"


def _percent(value) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"
