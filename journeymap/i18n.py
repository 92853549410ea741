"""The labels journeymap itself writes into diagrams and reports, in English and German."""

from __future__ import annotations

LANGUAGES = ("en", "de")

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "emotion.-2": "frustrated", "emotion.-1": "unhappy", "emotion.0": "neutral",
        "emotion.1": "happy", "emotion.2": "delighted",
        "legend": "Legend", "emotion": "Emotion", "effort": "effort", "friction": "friction",
        "hotspot": "HOTSPOT", "moment_of_truth": "moment of truth", "loop": "returns (loop)",
        "flow": "flow; thicker = larger share", "share": "share", "no_emotion": "no emotion recorded",
        "legend.hotspot": "hotspot: most friction, weighted by contact volume",
        "legend.moment_of_truth": "moment of truth (double border)",
        "legend.friction": "friction 0..1: bar of 10 blocks",
        "legend.effort": "effort 1 (very easy) .. 7 (very hard)",
        "persona": "persona", "all_personas": "all personas", "pains": "pains",
        "kind.digital": "digital", "kind.physical": "physical", "kind.human": "human", "kind.social": "social",
        "kind.print": "print", "kind.other": "other",
    },
    "de": {
        "emotion.-2": "frustriert", "emotion.-1": "unzufrieden", "emotion.0": "neutral",
        "emotion.1": "zufrieden", "emotion.2": "begeistert",
        "legend": "Legende", "emotion": "Emotion", "effort": "Aufwand", "friction": "Reibung",
        "hotspot": "HOTSPOT", "moment_of_truth": "Moment der Wahrheit", "loop": "Rückkehr (Schleife)",
        "flow": "Fluss; dicker = größerer Anteil", "share": "Anteil", "no_emotion": "keine Emotion erfasst",
        "legend.hotspot": "Hotspot: meiste Reibung, gewichtet nach Kontaktvolumen",
        "legend.moment_of_truth": "Moment der Wahrheit (doppelter Rahmen)",
        "legend.friction": "Reibung 0..1: Balken aus 10 Blöcken",
        "legend.effort": "Aufwand 1 (sehr leicht) .. 7 (sehr schwer)",
        "persona": "Persona", "all_personas": "alle Personas", "pains": "Schmerzpunkte",
        "kind.digital": "digital", "kind.physical": "vor Ort", "kind.human": "persönlich", "kind.social": "sozial",
        "kind.print": "Druck", "kind.other": "sonstige",
    },
}


def labels(lang: str) -> dict[str, str]:
    """The label table of a language (English for anything unknown)."""
    return LABELS.get(lang, LABELS["en"])


def emotion_word(value: float, lang: str) -> str:
    """The word for an emotion value, rounded to the nearest step."""
    return labels(lang)[f"emotion.{int(max(-2, min(2, round(value))))}"]
