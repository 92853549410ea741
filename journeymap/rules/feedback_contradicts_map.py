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

from journeymap.findings import WARNING, Diagnostic
from journeymap.i18n.catalog import phrase
from journeymap.model.format import emotion_for, passes

ID = "feedback-contradicts-map"
SEVERITY = WARNING
READS = ("model", "references", "data")  # not run while an error BREAKS one of these
APART = 1  # emotion steps between map and feedback that are a contradiction


def check(journey):
    model, least = journey.model, journey.model.rules.feedback_min_rows
    index = {t.id: i for i, t in reversed(list(enumerate(model.touchpoints)))}
    for read in journey.feedback:
        file = model.data[read.index].file
        for node, figures in read.touchpoints.items():
            touchpoint, i = model.touchpoints[index[node]], index[node]
            at = journey.key_at("touchpoints", i, "emotion") if touchpoint.emotion is not None else \
                journey.key_at("touchpoints", i, "id")
            for persona, rows, said in _comparisons(model, touchpoint, figures, least):
                felt = _map_emotion(model, touchpoint, persona)
                if felt is not None and abs(felt - said) >= APART - 1e-9:
                    yield Diagnostic.said(at, SEVERITY, ID, phrase(
                        ID if persona is None else f"{ID}.persona", touchpoint=node, persona=persona,
                        felt=round(felt, 2), said=round(said, 2), rows=rows, file=file))


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
