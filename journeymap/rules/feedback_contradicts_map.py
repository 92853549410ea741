"""feedback-contradicts-map (warning): what customers say in a feedback file contradicts the map's emotion.

Where at least ``rules: {feedback_min_rows: …}`` rows (default 10) of a ``kind: feedback`` file
are linked to a touchpoint and the feedback's emotion (stars r - 3, nps10 (r - 5) / 2.5, averaged)
differs from the map's by 1 or more, the warning is at the touchpoint's ``emotion`` line. The map's
emotion is the mean of the personas who pass; where rows carry a segment, each persona with enough
rated rows is compared with its own emotion.

Passing (the map says frustrated, the reviews average 1.4 stars, emotion -1.6)::

    - {id: queue, emotion: frustrated, listen: ["wait*", queue]}

Failing (the same reviews, but the map says happy)::

    - {id: queue, emotion: happy, listen: ["wait*", queue]}   # 12 rows say -1.6
"""

from typing import NamedTuple

from journeymap.findings import WARNING, Diagnostic
from journeymap.i18n.catalog import phrase
from journeymap.model.format import emotion_for, passes

ID = "feedback-contradicts-map"
SEVERITY = WARNING
READS = ("model", "references", "data")  # not run while an error BREAKS one of these
APART = 1  # emotion steps between map and feedback that are a contradiction


class Contradiction(NamedTuple):
    """Feedback that says another emotion than the map: where, for whom (None: the personas who pass), how much."""

    touchpoint: str
    index: int                 # of the touchpoint in the map
    persona: str | None
    rows: int                  # rated rows linked
    felt: float                # the map's emotion
    said: float                # the feedback's
    file: str


def contradictions(journey) -> list[Contradiction]:
    """Every contradiction of the map's feedback files, in file order and then by touchpoint (the report marks them too)."""
    model, least = journey.model, journey.model.rules.feedback_min_rows
    index = {t.id: i for i, t in reversed(list(enumerate(model.touchpoints)))}
    found = []
    for read in journey.feedback:
        file = model.data[read.index].file
        for node, figures in read.touchpoints.items():
            if node not in index:  # cut for a schema error: its error is reported, not its feedback
                continue
            touchpoint = model.touchpoints[index[node]]
            for persona, rows, said in _comparisons(model, touchpoint, figures, least):
                felt = _map_emotion(model, touchpoint, persona)
                if felt is not None and abs(felt - said) >= APART - 1e-9:
                    found.append(Contradiction(node, index[node], persona, rows, felt, said, file))
    return found


def check(journey):
    for c in contradictions(journey):
        at = journey.key_at("touchpoints", c.index, "emotion") \
            if journey.model.touchpoints[c.index].emotion is not None else journey.key_at("touchpoints", c.index, "id")
        yield Diagnostic.said(at, SEVERITY, ID, phrase(
            ID if c.persona is None else f"{ID}.persona", touchpoint=c.touchpoint, persona=c.persona,
            felt=round(c.felt, 2), said=round(c.said, 2), rows=c.rows, file=c.file))


def _comparisons(model, touchpoint, figures, least: int):
    """(persona or None, rated rows, feedback emotion): per persona where rows carry segments, else overall."""
    if figures.by_persona:
        return [(persona, rows, said) for persona, (rows, said) in sorted(figures.by_persona.items())
                if rows >= least and passes(touchpoint, persona)]
    if figures.emotion is None or figures.rows < least:
        return []
    return [(None, figures.rows, figures.emotion)]


def _map_emotion(model, touchpoint, persona: str | None) -> float | None:
    if persona is not None:
        return emotion_for(touchpoint, persona)
    felt = [emotion_for(touchpoint, p.id) for p in model.personas if passes(touchpoint, p.id)]
    felt = [value for value in felt if value is not None]
    return sum(felt) / len(felt) if felt else None
