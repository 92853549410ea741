"""The `csv` export: one row per touchpoint and persona who passes it, for spreadsheets (docs/exports.md).

Written so that Excel, LibreOffice and Numbers open it as it is: UTF-8 with a byte order mark
(else Excel guesses a legacy code page and breaks umlauts), CRLF line ends, commas, quoting by
Python's csv module, numbers with a decimal dot. A text cell that starts with `=`, `+`, `-`, `@`,
a tab or a carriage return gets a leading apostrophe, so a spreadsheet shows it as text instead
of running it as a formula (CSV injection).
"""

from __future__ import annotations

import csv
import io
import math

from journeymap.model.graph import ordered_touchpoints
from journeymap.model.format import Kpis, format_number, pain_severity

COLUMNS = ("phase", "phase_name", "touchpoint", "touchpoint_name", "persona", "persona_name", "channel", "owner",
           "emotion", "effort", "friction", "touchpoint_friction", "pains", "max_pain_severity")
KPI_PREFIX = "kpi_"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
KNOWN_KPIS = tuple(Kpis.model_fields)


def text_cell(value: str | None) -> str:
    """User text, defused: a leading apostrophe where a spreadsheet would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def number_cell(value: float | None, places: int | None = None) -> str:
    """A number with a decimal dot (fixed places if given); empty when unknown or not finite."""
    if value is None or not math.isfinite(value):
        return ""
    if places is not None:
        return f"{value:.{places}f}"
    return format_number(round(float(value), 4))


def kpi_names(analysis) -> list[str]:
    """KPI names of the map: the known ones in their usual order, then the others by name."""
    names = {kpi.name for kpis in analysis.kpis.values() for kpi in kpis}
    return [n for n in KNOWN_KPIS if n in names] + sorted(names - set(KNOWN_KPIS))


def rows(journey, analysis) -> list[list[str]]:
    model = journey.model
    phases = {phase.id: phase.name for phase in reversed(model.phases)}
    personas = {persona.id: persona.name for persona in reversed(model.personas)}
    kpi_columns = kpi_names(analysis)
    result = []
    for node in ordered_touchpoints(journey.graph):
        touchpoint = journey.graph.nodes[node]["touchpoint"]
        figure = analysis.friction[node]
        kpis = {kpi.name: kpi.value for kpi in analysis.kpis.get(node, [])}
        severities = [pain_severity(pain) for pain in touchpoint.pains]
        for persona in figure.by_persona:  # only the personas who pass, in persona order
            result.append([
                text_cell(touchpoint.phase), text_cell(phases.get(touchpoint.phase)), text_cell(node),
                text_cell(touchpoint.name), text_cell(persona.persona), text_cell(personas.get(persona.persona)),
                text_cell(touchpoint.channel), text_cell(touchpoint.owner),
                number_cell(persona.emotion), number_cell(touchpoint.effort), number_cell(persona.score, 4),
                number_cell(figure.score, 4), str(len(severities)), number_cell(max(severities, default=None)),
                *[number_cell(kpis.get(name)) for name in kpi_columns],
            ])
    return result


def render_csv(journey, analysis) -> bytes:
    """The CSV file's bytes (UTF-8 with BOM, CRLF)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n")
    writer.writerow([*COLUMNS, *(KPI_PREFIX + name for name in kpi_names(analysis))])
    writer.writerows(rows(journey, analysis))
    return buffer.getvalue().encode("utf-8-sig", errors="replace")
