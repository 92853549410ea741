"""Measured feedback: the `data:` CSV files of a map, read into responses with their CSV lines."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from journeymap.findings import ERROR, Diagnostic
from journeymap.i18n.numbers import counted
from journeymap.source.regular import NotRegularFile, read_regular
from journeymap.source.locate import display_path, locate_data_file
from journeymap.source.loader import decode
from journeymap.model.format import DataSource
from journeymap.suggest import did_you_mean, did_you_mean_or_list
from journeymap.source.positions import SourceError

RULE = "data-error"
SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}
MAX_CSV_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Response:
    touchpoint: str
    score: float
    date: dt.date | None
    persona: str | None
    line: int


@dataclass
class Survey:
    """One data source: its responses and the problems found reading it."""

    source: DataSource
    index: int
    path: str
    responses: list[Response] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def read_surveys(journey) -> list[Survey]:
    ids = journey.known_ids("touchpoints")  # a touchpoint cut for a schema error is still known
    return [read_survey(journey, index, source, ids) for index, source in enumerate(journey.model.data)
            if isinstance(source, DataSource)]


def read_survey(journey, index: int, source: DataSource, touchpoint_ids: dict[str, None]) -> Survey:
    survey = Survey(source, index, display_path(journey, source.file))
    located = locate_data_file(journey, index, source.file, "data file", folder_allowed=False)
    if isinstance(located, Diagnostic):
        survey.problems.append(located)
        return survey
    display, real = located.display, located.path
    at = journey.at("data", index, "file")
    if real.stat().st_size > MAX_CSV_BYTES:
        survey.problems.append(Diagnostic.at(at, ERROR, RULE, f"data file '{source.file}' is over 50 MiB"))
        return survey
    try:
        text = decode(read_regular(real), display)
    except SourceError as exc:
        survey.problems.append(Diagnostic.at(exc.position, ERROR, RULE, exc.message))
        return survey
    except NotRegularFile as exc:  # swapped for a pipe since it was located
        survey.problems.append(Diagnostic.at(at, ERROR, RULE, f"data file '{source.file}' is {exc.kind}, not a regular file"))
        return survey
    _read_rows(journey, survey, text, touchpoint_ids)
    return survey


def _read_rows(journey, survey: Survey, text: str, touchpoint_ids: dict[str, None]) -> None:
    lines = text.splitlines()
    if not lines:
        survey.problems.append(Diagnostic(survey.path, 1, 1, ERROR, RULE, "the data file is empty; it needs a header row"))
        return
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(lines[0]))
    header = [name.strip() for name in next(reader)]
    columns = _columns(journey, survey, header)
    if columns is None:
        return
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        _read_row(survey, row, reader.line_num, lines, header, columns, touchpoint_ids)


def _delimiter(header: str) -> str:
    """Spreadsheets in German locales export with ';': take whichever separator the header uses most."""
    return max((",", ";", "\t"), key=header.count)


def _columns(journey, survey: Survey, header: list[str]) -> dict[str, int] | None:
    wanted = {"touchpoint": survey.source.touchpoint_column, "score": survey.source.score_column,
              "date": survey.source.date_column, "persona": survey.source.persona_column}
    columns = {}
    for role, name in wanted.items():
        if name is None:
            continue
        if name not in header:
            written = ("data", survey.index, f"{role}_column")
            at = journey.at(*written) if journey.written(*written) else journey.at("data", survey.index, "file")
            survey.problems.append(Diagnostic.at(
                at, ERROR, RULE,
                f"column '{name}' is not in {survey.path} (columns: {', '.join(header)}){did_you_mean(name, header)}"))
            continue
        columns[role] = header.index(name)
    return columns if len(columns) == len([n for n in wanted.values() if n]) else None


def _read_row(survey, row, line_number, lines, header, columns, touchpoint_ids) -> None:
    def problem(column: int, message: str) -> None:
        survey.problems.append(Diagnostic(survey.path, line_number, _column_offset(lines, line_number, column), ERROR,
                                          RULE, message))

    if len(row) != len(header):
        problem(0, f"row has {counted(len(row), 'field')}, the header has {len(header)}")
        return
    touchpoint = row[columns["touchpoint"]].strip()
    if touchpoint not in touchpoint_ids:
        hint = did_you_mean_or_list(touchpoint, touchpoint_ids, "touchpoint", "touchpoints")
        problem(columns["touchpoint"], f"unknown touchpoint '{touchpoint}'{hint}")
        return
    raw_score = row[columns["score"]].strip()
    if not raw_score:
        return  # a skipped question is not a response
    low, high = SCALES[survey.source.kind]
    try:
        score = float(raw_score.replace(",", "."))
    except ValueError:
        problem(columns["score"], f"score '{raw_score}' is not a number")
        return
    if not low <= score <= high:
        problem(columns["score"], f"{survey.source.kind} score {raw_score} is outside {low}..{high}")
        return
    date = None
    if "date" in columns and row[columns["date"]].strip():
        try:
            date = dt.date.fromisoformat(row[columns["date"]].strip()[:10])
        except ValueError:
            problem(columns["date"], f"date '{row[columns['date']]}' is not an ISO date (YYYY-MM-DD)")
            return
    persona = row[columns["persona"]].strip() or None if "persona" in columns else None
    survey.responses.append(Response(touchpoint, score, date, persona, line_number))


def _column_offset(lines: list[str], line_number: int, field_index: int) -> int:
    """1-based column of a field in an unquoted CSV line (1 when quoting makes it unclear)."""
    if not 0 < line_number <= len(lines):
        return 1
    line = lines[line_number - 1]
    if '"' in line:
        return 1
    separator = _delimiter(lines[0])
    return sum(len(part) + 1 for part in line.split(separator)[:field_index]) + 1
