"""Where an event log is and how to read it: its files, columns and window; problems as `data-error`s.

The checks and messages here are the same for every engine (engine_duckdb, engine_spark).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from journeymap.evidence.observe.sql import FIRST_YEAR, LAST_YEAR
from journeymap.source.locate import RULE, locate_data_file
from journeymap.findings import ERROR, Diagnostic
from journeymap.suggest import did_you_mean

PARQUET, CSV = "parquet", "csv"


@dataclass(frozen=True)
class EventLog:
    """One `kind: events` data source, resolved: the files to read and the columns to read from them."""

    index: int                  # place in the map's `data` list
    display: str                # the path as the user sees it
    files: tuple[Path, ...]     # in the order their rows count (a folder: its Parquet files by name)
    format: str                 # parquet | csv (gzip CSV is csv)
    case_column: str
    activity_column: str
    time_column: str
    segment_column: str | None = None
    segments: dict[str, str] = field(default_factory=dict)
    since_epoch: float | None = None


class LogProblem(Exception):
    """A log that cannot be used: a `data-error` at the map line of `key` (file, a *_column, ...)."""

    def __init__(self, message: str, key: str = "file"):
        super().__init__(message)
        self.key = key


def locate(journey, index: int, source) -> EventLog | Diagnostic:
    """The log of data entry `index`, or the data-error that says why it cannot be read."""
    import datetime as dt

    located = locate_data_file(journey, index, source.file, "event log", folder_allowed=True)
    if isinstance(located, Diagnostic):
        return located
    at = journey.at("data", index, "file")
    log_format = _format(located.path, located.state)
    if log_format is None:
        return Diagnostic.at(at, ERROR, RULE, f"event log '{source.file}' is not a .parquet, .csv or .csv.gz file "
                             "(or a folder of .parquet files)")
    files = _files(located.path, located.state)
    if not files:
        return Diagnostic.at(at, ERROR, RULE, f"event log folder '{source.file}' holds no .parquet files")
    empty = [p for p in files if p.stat().st_size == 0]
    if empty:
        name = source.file if located.state == "file" else f"{source.file}/{empty[0].relative_to(located.path)}"
        return Diagnostic.at(at, ERROR, RULE, f"event log '{name}' is empty")
    since = None
    if source.since is not None:
        since = dt.datetime.combine(source.since, dt.time(), dt.timezone.utc).timestamp()
    return EventLog(index, located.display, files, log_format, source.case_column, source.activity_column,
                    source.time_column, source.segment_column, dict(source.segments), since)


def _files(path: Path, state: str) -> tuple[Path, ...]:
    if state == "folder":
        return tuple(sorted(p for p in path.rglob("*.parquet") if p.is_file()))
    return (path,)


def _format(path: Path, state: str) -> str | None:
    if state == "folder":
        return PARQUET
    name = path.name.lower()
    if name.endswith(".parquet"):
        return PARQUET
    if name.endswith((".csv", ".csv.gz", ".tsv", ".tsv.gz")):
        return CSV
    return None


def check_columns(log: EventLog, columns: list[str]) -> None:
    """Each column the map names must be in the log (raised at the map line of that *_column key)."""
    wanted = {"case_column": log.case_column, "activity_column": log.activity_column, "time_column": log.time_column,
              "segment_column": log.segment_column}
    for key, name in wanted.items():
        if name is not None and name not in columns:
            shown = ", ".join(c for c in columns if not c.startswith("__"))
            raise LogProblem(f"column '{name}' is not in event log '{log.display}' (columns: {shown})"
                             f"{did_you_mean(name, columns)}", key=key)


def untimed_problem(log: EventLog, file_no: int, row: int, raw: str | None, ts: float | None) -> LogProblem:
    """The data-error for the first row whose time cannot be read or is out of range (rows counted from 1
    in their file; ts: the time as the engine read it, None where it could not)."""
    file = log.files[file_no]
    where = f"'{log.display}'" if len(log.files) == 1 else f"'{log.display}' ({file.name})"
    if raw is None:
        message = f"event log {where}: row {row} has no time in column '{log.time_column}'"
    elif ts is None or not math.isfinite(ts):  # NaN and infinity are numbers to the engines, not times
        message = (f"event log {where}: row {row}: time {raw!r} in column '{log.time_column}' is neither "
                   "ISO 8601 (2026-11-25T14:03:00Z) nor epoch seconds or milliseconds")
    else:
        message = (f"event log {where}: row {row}: time {raw!r} in column '{log.time_column}' is not between "
                   f"the years {FIRST_YEAR} and {LAST_YEAR}")
    return LogProblem(message, key="time_column")


def unreadable(log: EventLog, exc: Exception) -> LogProblem:
    """An engine's own error reading the log, as its first line."""
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return LogProblem(f"cannot read event log '{log.display}': {first}")
