"""Where an event log is and how to read it: file kind, columns, window; problems as `data-error`s."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from journeymap.diagnostics import ERROR, Diagnostic
from journeymap.loader import probe

RULE = "data-error"
PARQUET, CSV = "parquet", "csv"


@dataclass(frozen=True)
class EventLog:
    """One `kind: events` data source, resolved: the files to read and the columns to read from them."""

    index: int                  # place in the map's `data` list
    display: str                # the path as the user sees it
    path: Path                  # a file, or a folder of Parquet files
    format: str                 # parquet | csv (gzip CSV is csv)
    case_column: str
    activity_column: str
    time_column: str
    segment_column: str | None = None
    segments: dict[str, str] = field(default_factory=dict)
    since_epoch: float | None = None

    @property
    def files(self) -> list[Path]:
        """The files of the log, in the order their rows count (a folder: its Parquet files by name)."""
        if self.path.is_dir():
            return sorted(p for p in self.path.rglob("*.parquet") if p.is_file())
        return [self.path]


class LogProblem(Exception):
    """A log that cannot be used: a `data-error` at the map line of `key` (file, a *_column, ...)."""

    def __init__(self, message: str, key: str = "file"):
        super().__init__(message)
        self.key = key


def locate(journey, index: int, source) -> EventLog | Diagnostic:
    """The log of data entry `index`, or the data-error that says why it cannot be read."""
    import datetime as dt

    display = os.path.normpath(os.path.join(os.path.dirname(journey.path), source.file))
    at = journey.at("data", index, "file")
    real = journey.base_dir / source.file
    state = probe(real)
    if state == "invalid":
        return Diagnostic.at(at, ERROR, RULE, f"event log {source.file!r} is not a valid file name")
    refusal = journey.document.project.refusal(source.file, journey.base_dir)
    if refusal:
        return Diagnostic.at(at, ERROR, RULE, f"event log '{source.file}' is not read: {refusal}")
    if state == "missing":
        where = f" ({display})" if display != os.path.normpath(source.file) else ""
        return Diagnostic.at(at, ERROR, RULE, f"event log '{source.file}' does not exist{where}")
    log_format = _format(real, state)
    if log_format is None:
        return Diagnostic.at(at, ERROR, RULE, f"event log '{source.file}' is not a .parquet, .csv or .csv.gz file "
                             "(or a folder of .parquet files)")
    since = None
    if source.since is not None:
        since = dt.datetime.combine(source.since, dt.time(), dt.timezone.utc).timestamp()
    log = EventLog(index, display, real, log_format, source.case_column, source.activity_column, source.time_column,
                   source.segment_column, dict(source.segments), since)
    if not log.files:
        return Diagnostic.at(at, ERROR, RULE, f"event log folder '{source.file}' holds no .parquet files")
    empty = [p for p in log.files if p.stat().st_size == 0]
    if empty:
        name = source.file if state == "file" else f"{source.file}/{empty[0].relative_to(real)}"
        return Diagnostic.at(at, ERROR, RULE, f"event log '{name}' is empty")
    return log


def _format(path: Path, state: str) -> str | None:
    if state == "folder":
        return PARQUET
    name = path.name.lower()
    if name.endswith(".parquet"):
        return PARQUET
    if name.endswith((".csv", ".csv.gz", ".tsv", ".tsv.gz")):
        return CSV
    return None
