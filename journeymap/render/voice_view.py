"""The report's "Customer's voice" section: broken promises, ours against the competitors' per touchpoint, the SWOT."""

from __future__ import annotations

from journeymap.i18n.catalog import labels
from journeymap.i18n.numbers import written_number
from journeymap.model.format import passes
from journeymap.model.voice import broken_promise, expectation_for
from journeymap.render.palette import emotion_word
from journeymap.render.report_grid import contradicted, feedback_cell, signed


def voice_context(journey, analysis, order: list[str], lang: str) -> dict | None:
    """Plain values for the section; None for a map without expectations, benchmarks or a SWOT."""
    voice = analysis.voice
    if voice is None:
        return None
    names = {node: journey.graph.nodes[node]["touchpoint"].name for node in journey.graph}
    competitors = {c.id: c.name for c in reversed(journey.model.competitors)}
    swot = voice.swot
    limit = written_number(abs(journey.model.rules.expectation_gap), lang)
    return {
        "broken": _broken(journey, voice, order, lang),
        "broken_note": labels(lang)["voice.broken.note"].format(limit=limit),
        "benchmarks": [_benchmark_row(node, names[node], figures.benchmark, competitors, swot, lang)
                       for node, figures in voice.touchpoints.items() if figures.benchmark],
        "quotes": _heard(voice, names, contradicted(journey, lang), lang),
        "contradicts_note": labels(lang)["voice.contradicts.note"].format(
            rows=written_number(journey.model.rules.feedback_min_rows, lang)),
        "unlinked_rows": voice.unlinked_rows,
        "unlinked_words": ", ".join(f"{word} ({count})" for word, count in voice.unlinked_words),
        "has_swot": bool(journey.model.competitors or journey.model.swot),
        "swot": {"strengths": [names[node] for node in swot.strengths],
                 "weaknesses": [names[node] for node in swot.weaknesses],
                 "opportunities": swot.opportunities, "threats": swot.threats},
    }


def _heard(voice, names: dict[str, str], against: dict[str, list[str]], lang: str) -> list[dict]:
    """Per touchpoint that feedback links to: its figures, where they contradict the map, its quotes."""
    return [{"touchpoint": names[node], **feedback_cell(figures, against.get(node, []), lang)}
            for node, figures in voice.touchpoints.items() if figures.feedback]


def _broken(journey, voice, order: list[str], lang: str) -> list[dict]:
    """Every persona whose gap at a touchpoint is a broken promise, in journey order."""
    limit, personas = journey.model.rules.expectation_gap, {p.id: p.name for p in reversed(journey.model.personas)}
    rows = []
    for node in order:
        figures = voice.touchpoints.get(node)
        touchpoint = journey.graph.nodes[node]["touchpoint"]
        for persona, gap in (figures.expectation_gap.items() if figures else ()):
            if broken_promise(gap, limit) and passes(touchpoint, persona):
                expected = expectation_for(touchpoint, persona)
                rows.append({"touchpoint": touchpoint.name, "persona": personas.get(persona, persona),
                             "expects": touchpoint.expects, "expected": _level(expected, lang),
                             "felt": _level(expected + gap, lang), "gap": signed(gap)})
    return rows


def _benchmark_row(node, name, benchmark: dict, competitors: dict, swot, lang: str) -> dict:
    verdict = "strength" if node in swot.strengths else "weakness" if node in swot.weaknesses else None
    ours = next((figures["ours"] for figures in benchmark.values()), None)
    return {"touchpoint": name, "ours": None if ours is None else _level(ours, lang), "verdict": verdict,
            "competitors": [{"name": competitors.get(competitor, competitor),
                             "emotion": None if figures["emotion"] is None else _level(figures["emotion"], lang),
                             "lead": None if figures["lead"] is None else signed(figures["lead"]),
                             "effort": _number(figures["effort"], lang), "rating": _number(figures["rating"], lang),
                             "note": figures["note"]}
                            for competitor, figures in benchmark.items()]}


def _level(value: float, lang: str) -> str:
    return f"{signed(value)} {emotion_word(value, lang)}"


def _number(value: float | None, lang: str) -> str | None:
    return None if value is None else written_number(value, lang)
