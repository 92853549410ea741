"""`journeymap observe` output: the observed figures and designed vs observed, as text, JSON, CSV or Markdown."""

from __future__ import annotations

from journeymap.analysis.designed_vs_observed import compare
from journeymap.evidence.observe.result import ObservedFlows
from journeymap.i18n.numbers import counted
from journeymap.render.csv_writer import Number, csv_text
from journeymap.render.observed_cases import case_figures, cases_text
from journeymap.writer import json_text

OBSERVE_FORMAT = 1
TOP_UNMAPPED = 10
SHOWN_SHARE = 0.01  # text and Markdown list flows the map lacks from 1 % of the source's visits


def observed_maps(items, *, variants: int = 10) -> list[dict]:
    """items: (display, journey, observed logs, persona or None) -> the JSON-ready figures; `variants`: how many
    variants to list per log (and per persona)."""
    return [{"file": display, "logs": [_log(journey, log, persona, variants) for log in logs]}
            for display, journey, logs, persona in items]


def _log(journey, log, persona: str | None, variants: int) -> dict:
    source = journey.model.data[log.index]
    if log.observation is None:
        return {"file": source.file, "problems": [d.as_dict() for d in log.problems]}
    observation = log.observation
    flows = observation.personas.get(persona, ObservedFlows()) if persona else observation.flows
    return {
        "file": source.file, "persona": persona,
        "cases": observation.cases, "events": observation.events, "mapped_events": observation.mapped_events,
        "mapped_share": round(observation.mapped_share, 4), "events_without_case": observation.events_without_case,
        "unmapped": [{"event": name, "events": count} for name, count in observation.unmapped[:TOP_UNMAPPED]],
        "touchpoints": [{"touchpoint": tp, **vars(stats)} for tp, stats in _in_map_order(journey, flows)],
        "flows": [_flow(flow) for flow in compare(journey, flows)],
        **case_figures(journey, flows, variants),
        "personas": {} if persona else {name: case_figures(journey, figures, variants)
                                        for name, figures in observation.personas.items()},
    }


def _in_map_order(journey, flows: ObservedFlows):
    order = {t.id: i for i, t in reversed(list(enumerate(journey.model.touchpoints)))}
    return sorted(flows.touchpoints.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))


def _flow(flow) -> dict:
    low, high = flow.interval or (None, None)
    return {"from": flow.source, "to": flow.target, "designed": flow.designed, "designed_share": flow.designed_share,
            "observed": flow.observed, "observed_share": _rounded(flow.observed_share),
            "observed_share_low": _rounded(low), "observed_share_high": _rounded(high), "visits": flow.visits}


def _rounded(share: float | None) -> float | None:
    return None if share is None else round(share, 4)


def render_json(maps: list[dict]) -> str:
    return json_text({"journeymap_observe": OBSERVE_FORMAT, "maps": maps})


OBSERVE_COLUMNS = ("map", "log", "persona", "from", "to", "designed", "designed_share", "observed", "observed_share",
                   "visits", "observed_share_low", "observed_share_high")


def render_csv(maps: list[dict]) -> str:
    """One row per flow, by the one CSV writer (map and log paths are user text: defused like every text cell)."""
    return csv_text(OBSERVE_COLUMNS, (
        [entry["file"], log["file"], log["persona"] or "", flow["from"], flow["to"], "yes" if flow["designed"] else "no",
         _share(flow["designed_share"]), flow["observed"], _share(flow["observed_share"]), flow["visits"],
         _share(flow["observed_share_low"]), _share(flow["observed_share_high"])]
        for entry in maps for log in entry["logs"] for flow in log.get("flows", [])))


def _share(value) -> Number:
    return Number("" if value is None else f"{value:g}")


def render_text(maps: list[dict], *, markdown: bool = False) -> str:
    lines: list[str] = []
    for entry in maps:
        for log in entry["logs"]:
            lines += _log_text(entry["file"], log, markdown) + [""]
    return "\n".join(lines)


def _log_text(map_file: str, log: dict, markdown: bool) -> list[str]:
    persona = f", persona {log['persona']}" if log.get("persona") else ""
    head = f"{map_file}: {log['file']}{persona}"
    lines = [f"## {head}" if markdown else head, ""]
    if "problems" in log:
        return lines + [f"cannot observe: {p['message']}" for p in log["problems"]]
    unmapped = ", ".join(f"{u['event']} {u['events']:,}" for u in log["unmapped"][:5])
    lines.append(f"{counted(log['cases'], 'case')}, {counted(log['events'], 'event')}, "
                 f"{100 * log['mapped_share']:.1f} % mapped to "
                 f"touchpoints" + (f" (not mapped: {unmapped})" if unmapped else ""))
    if log["events_without_case"]:
        lines.append(f"left out, without a case id: {counted(log['events_without_case'], 'event')}")
    lines += ["", *_table(["touchpoint", "reach", "visits", "starts", "drop-offs", "median to next", "p90 to next"],
                          [[t["touchpoint"], f"{t['reach']:,}", f"{t['visits']:,}", f"{t['starts']:,}",
                            f"{t['dropoffs']:,}", duration(t["median_seconds_to_next"]),
                            duration(t["p90_seconds_to_next"])] for t in log["touchpoints"]], markdown)]
    extra = [f for f in log["flows"] if not f["designed"]]
    shown = [f for f in extra if (f["observed_share"] or 0) >= SHOWN_SHARE]
    for title, chosen in (("designed flows", [f for f in log["flows"] if f["designed"]]),
                          ("observed, not in the map", shown)):
        if chosen:
            lines += ["", f"### {title}" if markdown else f"{title}:", *_table(
                ["from", "to", "designed", "observed", "95 % interval", "count"],
                [[f["from"], f["to"], share(f["designed_share"]) if f["designed"] else "—", share(f["observed_share"]),
                  _interval(f), f"{f['observed']:,}"] for f in chosen], markdown, left=2)]
    if len(shown) < len(extra):
        lines += ["", f"{counted(len(extra) - len(shown), 'more flow')} not in the map, each below "
                      f"{100 * SHOWN_SHARE:.0f} % of its source's visits (all of them: --format json or csv)"]
    never = [f"{f['from']} → {f['to']}" for f in log["flows"] if f["designed"] and not f["observed"]]
    if never:
        lines += ["", f"designed, never observed: {', '.join(never)}"]
    lines += cases_text(log, _table, duration, markdown=markdown)
    for persona, figures in log["personas"].items():
        lines += cases_text(figures, _table, duration, markdown=markdown, title=f" of persona {persona}")
    return lines


def _table(header: list[str], rows: list[list[str]], markdown: bool, *, left: int = 1) -> list[str]:
    if markdown:
        return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + \
               ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    fit = lambda row: "  ".join(str(c).ljust(w) if i < left else str(c).rjust(w)
                                for i, (c, w) in enumerate(zip(row, widths))).rstrip()
    return ["  " + fit(header)] + ["  " + fit(row) for row in rows]


def share(value) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"


def _interval(flow: dict) -> str:
    low, high = flow["observed_share_low"], flow["observed_share_high"]
    return "—" if low is None else f"{100 * low:.1f}–{100 * high:.1f} %"


def duration(seconds, lang: str = "en", *, space: str = " ") -> str:
    """42 s, 3.5 min, 2.1 h, 4.0 d (a decimal comma in German), or — for none."""
    from journeymap.i18n.numbers import localized_number

    if seconds is None:
        return "—"
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{localized_number(f'{seconds / size:.1f}', lang)}{space}{unit}"
    return f"{seconds:.0f}{space}s"
