"""What customers said, moved between two versions of a map: per touchpoint, the rows a feedback file links to it
and the emotion their ratings give (analysis/voice.py). A higher emotion is better."""

from __future__ import annotations

from dataclasses import dataclass

EPSILON = 0.005   # an emotion that moved less than this did not move (it is shown to two places)


@dataclass(frozen=True)
class FeedbackMoved:
    """One touchpoint's feedback in both versions; None where a version links no row to it."""

    touchpoint: str                              # the later id (the earlier one for a touchpoint gone)
    rows: tuple[int | None, int | None]
    emotion: tuple[float | None, float | None]
    better: bool | None                          # the emotion rose or fell; None: it did not move, or a side has none

    @property
    def moved(self) -> bool:
        return self.rows[0] != self.rows[1] or self.better is not None

    def as_dict(self) -> dict:
        return {"touchpoint": self.touchpoint, "rows": list(self.rows),
                "emotion": [None if e is None else round(e, 4) for e in self.emotion], "better": self.better}


def feedback_moved(old, new, order: list[str], to_new: dict[str, str]) -> list[FeedbackMoved] | None:
    """Every touchpoint either version has feedback for, in `order` (the later ids, gone ones among them);
    None when neither version reads a feedback file."""
    if not (_listens(old.journey.model) or _listens(new.journey.model)):
        return None
    to_old = {later: earlier for earlier, later in to_new.items()}
    heard_before, heard_after = _heard(old.analysis), _heard(new.analysis)
    rows = []
    for node in order:
        before, after = heard_before.get(to_old.get(node, node)), heard_after.get(node)
        if before is None and after is None:
            continue
        emotion = (before["emotion"] if before else None, after["emotion"] if after else None)
        rows.append(FeedbackMoved(node, (before["rows"] if before else None, after["rows"] if after else None),
                                  emotion, _rose(*emotion)))
    return rows


def _listens(model) -> bool:
    return any(source.kind == "feedback" for source in model.data)


def _heard(analysis) -> dict[str, dict]:
    voice = analysis.voice
    return {node: v.feedback for node, v in voice.touchpoints.items() if v.feedback} if voice else {}


def _rose(before: float | None, after: float | None) -> bool | None:
    if before is None or after is None or abs(after - before) < EPSILON:
        return None
    return after > before
