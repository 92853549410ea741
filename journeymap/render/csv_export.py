"""The `csv` export: one row per touchpoint and persona who passes it, for spreadsheets (docs/exports.md).

Written by render/csv_writer.py, the one CSV writer (byte order mark, CRLF, formula cells defused).
"""

from __future__ import annotations

from journeymap.model.graph import ordered_touchpoints
from journeymap.model.format import Kpis, pain_severity
from journeymap.render.csv_writer import csv_bytes, number_cell

COLUMNS = ("phase", "phase_name", "touchpoint", "touchpoint_name", "persona", "persona_name", "channel", "owner",
           "emotion", "effort", "friction", "touchpoint_friction", "pains", "max_pain_severity")
KPI_PREFIX = "kpi_"
KNOWN_KPIS = tuple(Kpis.model_fields)
# what customers said at the touchpoint, for a map that reads a feedback file: its figures and the quote the
# report's Voice of the customer lane shows (the lowest rated, then the newest)
FEEDBACK_COLUMNS = ("feedback_rows", "feedback_mean_rating", "feedback_emotion", "feedback_negative_share",
                    "feedback_quote", "feedback_quote_source", "feedback_quote_date")


def listens(journey) -> bool:
    """Does the map read a feedback file (and so get the feedback columns)?"""
    return any(source.kind == "feedback" for source in journey.model.data)


def kpi_names(analysis) -> list[str]:
    """KPI names of the map: the known ones in their usual order, then the others by name."""
    names = {kpi.name for kpis in analysis.kpis.values() for kpi in kpis}
    return [n for n in KNOWN_KPIS if n in names] + sorted(names - set(KNOWN_KPIS))


def rows(journey, analysis) -> list[list]:
    """The cells of each row: text as it is (the writer defuses it), numbers as number cells."""
    model = journey.model
    phases = {phase.id: phase.name for phase in reversed(model.phases)}
    personas = {persona.id: persona.name for persona in reversed(model.personas)}
    kpi_columns = kpi_names(analysis)
    heard = listens(journey)
    result = []
    for node in ordered_touchpoints(journey.graph):
        touchpoint = journey.graph.nodes[node]["touchpoint"]
        figure = analysis.friction[node]
        kpis = {kpi.name: kpi.value for kpi in analysis.kpis.get(node, [])}
        severities = [pain_severity(pain) for pain in touchpoint.pains]
        for persona in figure.by_persona:  # only the personas who pass, in persona order
            result.append([
                touchpoint.phase, phases.get(touchpoint.phase), node, touchpoint.name,
                persona.persona, personas.get(persona.persona), touchpoint.channel, touchpoint.owner,
                number_cell(persona.emotion), number_cell(touchpoint.effort), number_cell(persona.score, 4),
                number_cell(figure.score, 4), len(severities), number_cell(max(severities, default=None)),
                *[number_cell(kpis.get(name)) for name in kpi_columns],
                *(_feedback(analysis, node) if heard else ()),
            ])
    return result


def _feedback(analysis, node: str) -> list:
    """The touchpoint's feedback cells; empty where no row is linked to it. Review text goes in as text: the writer
    defuses a quote that starts like a formula."""
    voice = analysis.voice.touchpoints.get(node) if analysis.voice else None
    figures = voice.feedback if voice else None
    if not figures:
        return [""] * len(FEEDBACK_COLUMNS)
    quote = figures["quotes"][0] if figures["quotes"] else {}
    return [figures["rows"], number_cell(figures["mean_rating"], 4), number_cell(figures["emotion"], 4),
            number_cell(figures["negative_share"], 4), quote.get("text"), quote.get("source"), quote.get("date")]


def render_csv(journey, analysis) -> bytes:
    """The CSV file's bytes (UTF-8 with BOM, CRLF)."""
    header = [*COLUMNS, *(KPI_PREFIX + name for name in kpi_names(analysis)),
              *(FEEDBACK_COLUMNS if listens(journey) else ())]
    return csv_bytes(header, rows(journey, analysis))
