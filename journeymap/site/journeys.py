"""One journey of the site: its figures read back from its JSON export, or, for a map with errors, its findings."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path


@dataclass(frozen=True)
class TouchpointFigures:
    """What the cross-journey pages add up for one touchpoint (the first definition of its id)."""

    id: str
    name: str
    owner: str | None
    channel: str | None
    friction: float | None          # None when no persona passes it (it counts in no mean)
    volume: Decimal | None          # contacts per month: kpis.volume
    cost: Decimal | None            # cost per month: kpis.cost
    at_stake: Decimal | None        # money at stake (analysis.value), None where it has no figure
    detail: str | None              # the map that zooms into it, relative to this map's file


@dataclass(frozen=True)
class HotspotFigures:
    touchpoint: str
    rank: int
    friction: float
    score: float
    volume: Decimal | None


@dataclass(frozen=True)
class OpportunityFigures:
    id: str
    title: str
    status: str | None
    owner: str | None
    impact: str | None
    cost: Decimal | str | None      # an amount in the map's currency, or low / medium / high
    expected_value: Decimal | None
    return_: Decimal | None


@dataclass
class SiteMap:
    """A map of the site. valid=False: it has errors (or could not be rendered); its figures count nowhere."""

    file: str                       # its path below the site's folder, with '/'
    source: Path                    # resolved
    page: str                       # its report, relative to the site's folder
    title: str
    valid: bool
    errors: int = 0
    warnings: int = 0
    findings: list[dict] = field(default_factory=list)   # where, severity, rule, message (maps with errors)
    problem: str | None = None      # a tool problem that kept it from being rendered
    owner: str | None = None
    lang: str = "en"
    currency: str | None = None
    at_stake: Decimal | None = None
    touchpoints: dict[str, TouchpointFigures] = field(default_factory=dict)
    hotspots: list[HotspotFigures] = field(default_factory=list)
    owners: dict[str, str] = field(default_factory=dict)      # id -> name, as the map defines them
    channels: dict[str, str] = field(default_factory=dict)
    opportunities: list[OpportunityFigures] = field(default_factory=list)


def read_export(path: Path) -> dict | None:
    """A map's JSON export with every fractional number a Decimal (money adds up to the cent); None if unreadable."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"), parse_float=Decimal)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and "model" in data and "analysis" in data else None


def valid_map(file: str, source: Path, page: str, export: dict) -> SiteMap:
    """A map without errors, from its export."""
    model, analysis = export["model"], export["analysis"]
    value = analysis.get("value") or {}
    owners = {o["id"]: o["name"] for o in model.get("owners", [])}
    severities = [f["severity"] for f in export.get("findings", [])]
    return SiteMap(
        file=file, source=source, page=page, title=model["title"], valid=True,
        warnings=severities.count("warning"),
        owner=owners.get(model.get("owner"), model.get("owner")),
        lang=model.get("lang") or "en",
        currency=value.get("currency") or model.get("currency"),
        at_stake=value.get("total_at_stake"),
        touchpoints=_touchpoints(model, analysis, value),
        hotspots=[HotspotFigures(h["touchpoint"], h["rank"], float(h["friction"]), float(h["score"]), h["volume"])
                  for h in analysis.get("hotspots", [])],
        owners=owners,
        channels={c["id"]: c["name"] for c in model.get("channels", [])},
        opportunities=_opportunities(model, value),
    )


def invalid_map(file: str, source: Path, page: str, diagnostics, problem: str | None = None) -> SiteMap:
    """A map with errors: listed by its file, with its findings, and counted in no total."""
    return SiteMap(
        file=file, source=source, page=page, title=file, valid=False,
        errors=sum(1 for d in diagnostics if d.severity == "error"),
        warnings=sum(1 for d in diagnostics if d.severity == "warning"),
        findings=[{"where": f"{d.file}:{d.line}:{d.column}", "severity": d.severity, "rule": d.rule,
                   "message": d.message} for d in diagnostics],
        problem=problem,
    )


def _touchpoints(model: dict, analysis: dict, value: dict) -> dict[str, TouchpointFigures]:
    friction = analysis.get("friction", {})
    kpis = {node: {k["name"]: k["value"] for k in figures} for node, figures in analysis.get("kpis", {}).items()}
    money = value.get("touchpoints") or {}
    found: dict[str, TouchpointFigures] = {}
    for touchpoint in model.get("touchpoints", []):
        node = touchpoint["id"]
        if node in found:
            continue
        scored = friction.get(node, {})
        measured = kpis.get(node, {})
        found[node] = TouchpointFigures(
            id=node, name=touchpoint["name"], owner=touchpoint.get("owner"), channel=touchpoint.get("channel"),
            friction=float(scored["score"]) if scored.get("by_persona") else None,
            volume=_number(measured.get("volume")), cost=_number(measured.get("cost")),
            at_stake=(money.get(node) or {}).get("at_stake"),
            detail=touchpoint.get("detail"))
    return found


def _opportunities(model: dict, value: dict) -> list[OpportunityFigures]:
    money = value.get("opportunities") or {}
    rows = []
    for opportunity in model.get("opportunities", []):
        figures = money.get(opportunity["id"]) or {}
        cost = opportunity.get("cost")
        rows.append(OpportunityFigures(
            id=opportunity["id"], title=opportunity["title"], status=opportunity.get("status"),
            owner=opportunity.get("owner"), impact=opportunity.get("impact"),
            cost=_number(cost) if not isinstance(cost, str) else cost,
            expected_value=figures.get("expected_value"), return_=figures.get("return")))
    return rows


def _number(value) -> Decimal | None:
    """A figure of the export as a Decimal (integers come back as int); None for anything else."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return None
    return Decimal(value)
