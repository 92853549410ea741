"""What the warnings say, in English and German.

A warning rule words its finding as a `Phrase`: a message id and its values. The English text
is the finding's message wherever journeymap prints one (terminal, JSON, SARIF, GitHub
annotations, CI summaries), so logs and tools see one stable wording; the report of a German
map shows the German text. Errors stay English: a map with errors gets no report, and they are
fixed in the YAML by whoever reads the terminal.

Values keep their type until a language is chosen: numbers get a decimal comma and a real
minus in German, dates read 05.01.2026, a `Term` becomes the report's word for it (a KPI's
German name), and a tuple of phrases is joined with "; ".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from journeymap.i18n.labels import labels, localized_number

TEXTS: dict[str, dict[str, str]] = {
    "observed-flow-mismatch": {
        "en": "'{source}' -> '{target}' is designed at {designed} % but observed at {observed} % "
              "of {visits} visits in {log}",
        "de": "„{source}“ → „{target}“ ist mit {designed} % geplant, beobachtet aber mit {observed} % "
              "von {visits} Besuchen in {log}",
    },
    "unmapped-flow": {
        "en": "{observed} % of the {visits} visits at '{source}' go on to '{target}' in {log}, "
              "but the map has no such 'next'",
        "de": "{observed} % der {visits} Besuche bei „{source}“ gehen in {log} weiter zu „{target}“, "
              "die Karte hat aber kein solches „next“",
    },
    "unmapped-events": {
        "en": "{share} % of the events in {log} belong to no touchpoint (most frequent: {names}); "
              "add them to a touchpoint's 'events'",
        "de": "{share} % der Ereignisse in {log} gehören zu keinem Kontaktpunkt (am häufigsten: {names}); "
              "bei den „events“ eines Kontaktpunkts ergänzen",
    },
    "unreachable": {
        "en": "touchpoint '{touchpoint}' cannot be reached from the entry touchpoints ({entries}): no 'next' leads here",
        "de": "Kontaktpunkt „{touchpoint}“ ist von den Einstiegspunkten ({entries}) aus nicht erreichbar: "
              "kein „next“ führt hierher",
    },
    "dead-end": {
        "en": "touchpoint '{touchpoint}' is a dead end: it has no 'next' and is not in the last phase",
        "de": "Kontaktpunkt „{touchpoint}“ ist eine Sackgasse: ohne „next“ und nicht in der letzten Phase",
    },
    "backward-flow": {
        "en": "'{source}' -> '{target}' goes back from phase '{from_phase}' to '{to_phase}'; "
              "add 'loop: true' if customers are meant to return",
        "de": "„{source}“ → „{target}“ führt von der Phase „{from_phase}“ zurück nach „{to_phase}“; "
              "„loop: true“ ergänzen, wenn die Rückkehr gewollt ist",
    },
    "no-owner": {
        "en": "touchpoint '{touchpoint}' has no owner: who answers for it?",
        "de": "Kontaktpunkt „{touchpoint}“ hat keine Verantwortlichen: Wer kümmert sich darum?",
    },
    "unaddressed-friction": {
        "en": "touchpoint '{touchpoint}' has friction ({reasons}) that no opportunity addresses",
        "de": "Kontaktpunkt „{touchpoint}“ hat Reibung ({reasons}), die keine Maßnahme adressiert",
    },
    "reason.emotion": {
        "en": "emotion {value} for {persona}",
        "de": "Emotion {value} bei {persona}",
    },
    "reason.pain": {
        "en": "pain '{text}' severity {severity}",
        "de": "Schmerzpunkt „{text}“ mit Schwere {severity}",
    },
    "unused-definition.channels": {
        "en": "channel '{id}' is defined but nothing refers to it",
        "de": "Kanal „{id}“ ist definiert, wird aber nirgends verwendet",
    },
    "unused-definition.owners": {
        "en": "owner '{id}' is defined but nothing refers to it",
        "de": "Verantwortliche „{id}“ sind definiert, werden aber nirgends genannt",
    },
    "persona-without-touchpoints": {
        "en": "persona '{persona}' passes no touchpoint (no touchpoint lists it in 'personas')",
        "de": "Persona „{persona}“ kommt an keinem Kontaktpunkt vorbei (kein Kontaktpunkt nennt sie in „personas“)",
    },
    "stale-data": {
        "en": "newest response in {file} is from {date}, {age} days old (stale after {limit} days)",
        "de": "Neueste Antwort in {file} ist vom {date}, {age} Tage alt (veraltet nach {limit} Tagen)",
    },
    "kpi-below-target": {
        "en": "{kpi} {value}{basis} at '{touchpoint}' is worse than its target {target} ({better})",
        "de": "{kpi} {value}{basis} bei „{touchpoint}“ verfehlt das Ziel {target} ({better})",
    },
    "kpi.computed": {
        "en": " (computed from {responses} responses)",
        "de": " (berechnet aus {responses} Antworten)",
    },
    "better.lower": {"en": "lower is better", "de": "niedriger ist besser"},
    "better.higher": {"en": "higher is better", "de": "höher ist besser"},
}


@dataclass(frozen=True)
class Term:
    """A word the report's labels translate (a KPI's name); English keeps the name as written."""

    label: str
    written: str


@dataclass(frozen=True)
class Phrase:
    """A message in no language yet: which text, and its values."""

    key: str
    values: tuple = ()

    def text(self, lang: str = "en") -> str:
        template = TEXTS[self.key].get(lang) or TEXTS[self.key]["en"]
        return template.format(**{name: _text(value, lang) for name, value in self.values})


def phrase(key: str, **values) -> Phrase:
    return Phrase(key, tuple(values.items()))


def _text(value, lang: str) -> str:
    if isinstance(value, Phrase):
        return value.text(lang)
    if isinstance(value, tuple):
        return "; ".join(_text(item, lang) for item in value)
    if isinstance(value, Term):
        return labels(lang).get(value.label, value.written) if lang != "en" else value.written
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y") if lang == "de" else value.isoformat()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return localized_number(text, lang) if lang != "en" else text
