"""Observe every event log of a map with one engine: Observations, or the data-errors that stopped them."""

from __future__ import annotations

from dataclasses import dataclass, field

from journeymap.findings import ERROR, Diagnostic
from journeymap.model.format import EventSource
from journeymap.evidence.observe.design import Design, design_of
from journeymap.evidence.observe.log import RULE, EventLog, LogProblem, locate
from journeymap.evidence.observe.result import Observation, from_rows

ENGINES = ("duckdb", "spark")


@dataclass
class ObservedLog:
    """One `kind: events` entry: its observation, or the problems that kept it from one."""

    index: int
    observation: Observation | None = None
    problems: list[Diagnostic] = field(default_factory=list)


DEFAULT_VARIANTS = 10
_variants = DEFAULT_VARIANTS


def keep_variants(top: int) -> None:
    """How many variants each log keeps per group (overall, each persona): `observe --variants N`."""
    global _variants
    _variants = max(DEFAULT_VARIANTS, int(top))


def observe(journey, engine: str = "duckdb") -> list[ObservedLog]:
    """Every event log of the map, in `data` order."""
    return [_observe_one(journey, index, source, engine) for index, source in enumerate(journey.model.data)
            if isinstance(source, EventSource)]


def _observe_one(journey, index: int, source: EventSource, engine: str) -> ObservedLog:
    located = locate(journey, index, source)
    if isinstance(located, Diagnostic):
        return ObservedLog(index, problems=[located])
    from journeymap.evidence.observe.progress import Progress
    design = design_of(journey)
    key = _cache_key(engine, source, located, design) if _kept is not None else None
    if key is not None and key in _kept:
        return ObservedLog(index, from_rows(located, design, _kept[key]))
    try:
        with Progress(source.file) as progress:
            rows = _engine(engine).run(located, design, progress, top=_variants)
    except LogProblem as problem:
        key = problem.key if journey.written("data", index, problem.key) else "file"
        return ObservedLog(index, problems=[Diagnostic.at(journey.at("data", index, key), ERROR, RULE, str(problem))])
    if key is not None:
        _kept[key] = rows
        while len(_kept) > KEPT_LOGS:
            del _kept[next(iter(_kept))]
    return ObservedLog(index, from_rows(located, design, rows))


KEPT_LOGS = 32
_kept: dict | None = None  # engine results by log, for a long-running process (serve); None: not kept


def keep_results(enabled: bool = True) -> None:
    """Keep each log's results while its files are unchanged (size and mtime), so a server that checks
    a map again after every edit reads a log once, not on every keystroke."""
    global _kept
    _kept = {} if enabled else None


def _cache_key(engine: str, source: EventSource, log: EventLog, design: Design) -> tuple | None:
    try:
        stamps = tuple((str(p), stat.st_mtime_ns, stat.st_size) for p in log.files for stat in [p.stat()])
    except OSError:
        return None
    return engine, source.model_dump_json(), design, _variants, stamps


def _engine(name: str):
    if name == "spark":
        from journeymap.evidence.observe import engine_spark
        return engine_spark
    from journeymap.evidence.observe import engine_duckdb
    return engine_duckdb


__all__ = ["ENGINES", "EventLog", "ObservedLog", "keep_variants", "observe"]
