"""Findings in the map's language: a German map's report words every warning in German,
while the terminal, JSON and CI outputs keep the one English wording."""

from __future__ import annotations

import datetime as dt
import html
import json

import pytest

from journeymap.findings import WARNING
from journeymap.rules.registry import RULES
from journeymap.rules.pipeline import validate_file

# One German map that sets off every warning rule once (two for unused-definition and
# kpi-below-target, whose wording differs by kind and by declared or computed value; the event
# log protokoll.csv sets off the four rules of observed flows: 20 of its 80 cases go back from cart to
# browse, so 75 % conform, below the target of 90 %).
EVERY_WARNING = """\
journeymap: 1
title: "Laden"
lang: de
personas:
  - {id: lea, name: "Lea"}
  - {id: ben, name: "Ben"}
phases:
  - {id: discover, name: "Entdecken"}
  - {id: buy, name: "Kaufen"}
  - {id: use, name: "Nutzen"}
channels:
  - {id: app, name: "App"}
  - {id: mail, name: "Brief"}
owners:
  - {id: shop, name: "Shop-Team"}
  - {id: legal, name: "Rechtsabteilung"}
touchpoints:
  - id: browse
    name: "Stöbert"
    phase: discover
    channel: app
    owner: shop
    personas: [lea]
    next: [{to: cart, share: 0.9}]
    events: [browsed]
  - id: cart
    name: "Füllt den Warenkorb"
    phase: buy
    owner: shop
    personas: [lea]
    emotion: -1.5
    expectation: 1
    pains:
      - {text: "Versandkosten erst am Ende", severity: 4}
    kpis:
      conversion: {value: 0.52, target: 0.8}
      ttr_hours: {value: 2.5, target: 1}
      csat: {value: 70, target: 80}
    next: [unbox]
    events: [cart_viewed]
  - id: gift
    name: "Kauft einen Gutschein"
    phase: buy
    owner: shop
    personas: [lea]
  - id: unbox
    name: "Packt aus"
    phase: use
    personas: [lea]
    next: [browse]
    events: [unboxed]
data:
  - {file: umfrage.csv, kind: csat, date_column: datum}
  - {file: protokoll.csv, kind: events, case_column: sitzung, activity_column: ereignis, time_column: zeit}
  - {file: stimmen.csv, kind: feedback, text_column: text, rating_column: sterne, touchpoint_column: kontaktpunkt}
rules: {conformance_target: 0.9}
"""
SURVEY = "touchpoint,score,datum\ncart,2,2025-01-01\ncart,3,2025-01-01\ncart,5,2025-01-02\n"
VOICES = "text,sterne,kontaktpunkt\n" + "Alles bestens,5,cart\n" * 10
TODAY = "2026-11-25"


def event_log() -> str:
    """100 browse visits, 40 go on to cart (designed 90 %); 20 of the carts go back to browse (not in the map);
    20 banner events belong to no touchpoint."""
    rows = []
    for case in range(80):
        steps = ["browsed"] + (["cart_viewed", "browsed" if case % 2 else "unboxed"] if case < 40 else [])
        steps += ["banner"] if case < 20 else []
        rows += [f"s{case},{event},2026-11-0{1 + step}T10:00:00Z" for step, event in enumerate(steps)]
    return "sitzung,ereignis,zeit\n" + "\n".join(rows) + "\n"

GERMAN = [
    (6, "persona-without-touchpoints",
     "Persona „ben“ kommt an keinem Kontaktpunkt vorbei (kein Kontaktpunkt nennt sie in „personas“)"),
    (13, "unused-definition", "Kanal „mail“ ist definiert, wird aber nirgends verwendet"),
    (16, "unused-definition", "Verantwortliche „legal“ sind definiert, werden aber nirgends genannt"),
    (24, "observed-flow-mismatch",
     "„browse“ → „cart“ ist mit 90 % geplant, beobachtet aber mit 40 % von 100 Besuchen in protokoll.csv "
     "(95-%-Intervall 31–50 %)"),
    (26, "unaddressed-friction",
     "Kontaktpunkt „cart“ hat Reibung (Emotion −1,5 bei lea; Schmerzpunkt „Versandkosten erst am Ende“ "
     "mit Schwere 4), die keine Maßnahme adressiert"),
    (26, "unmapped-flow",
     "50 % der 40 Besuche bei „cart“ gehen in protokoll.csv weiter zu „browse“, die Karte hat aber kein solches „next“"),
    (31, "expectation-gap",
     "Kontaktpunkt „cart“ bleibt hinter dem zurück, was Kunden erwarten (lea: Emotion −1,5 gegenüber erwartet 1, "
     "Lücke −2,5); eine Lücke von −2 oder weniger ist ein gebrochenes Versprechen"),
    (31, "feedback-contradicts-map",
     "Die Karte sagt Emotion −1,5 bei „cart“, aber 10 Feedback-Zeilen in stimmen.csv sagen 2"),
    (36, "kpi-below-target", "Konversion 0,52 bei „cart“ verfehlt das Ziel 0,8 (höher ist besser)"),
    (37, "kpi-below-target", "Lösungszeit (h) 2,5 bei „cart“ verfehlt das Ziel 1 (niedriger ist besser)"),
    (38, "kpi-below-target",
     "CSAT 33,33 (berechnet aus 3 Antworten) bei „cart“ verfehlt das Ziel 80 (höher ist besser)"),
    (41, "dead-end", "Kontaktpunkt „gift“ ist eine Sackgasse: ohne „next“ und nicht in der letzten Phase"),
    (41, "unreachable",
     "Kontaktpunkt „gift“ ist von den Einstiegspunkten (browse) aus nicht erreichbar: kein „next“ führt hierher"),
    (46, "no-owner", "Kontaktpunkt „unbox“ hat keine Verantwortlichen: Wer kümmert sich darum?"),
    (50, "backward-flow",
     "„unbox“ → „browse“ führt von der Phase „Nutzen“ zurück nach „Entdecken“; "
     "„loop: true“ ergänzen, wenn die Rückkehr gewollt ist"),
    (53, "stale-data", "Neueste Antwort in umfrage.csv ist vom 02.01.2025, 692 Tage alt (veraltet nach 180 Tagen)"),
    (54, "conformance-below-target", "75 % der 80 Fälle in protokoll.csv folgen der geplanten Journey, weniger als "
                                     "das Ziel von 90 % (journeymap observe zeigt, wo die übrigen abweichen)"),
    (54, "unmapped-events", "11 % der Ereignisse in protokoll.csv gehören zu keinem Kontaktpunkt (am häufigsten: banner); "
                            "bei den „events“ eines Kontaktpunkts ergänzen"),
]
ENGLISH = [
    "persona 'ben' passes no touchpoint (no touchpoint lists it in 'personas')",
    "channel 'mail' is defined but nothing refers to it",
    "owner 'legal' is defined but nothing refers to it",
    "'browse' -> 'cart' is designed at 90 % but observed at 40 % of 100 visits in protokoll.csv (95 % interval 31–50 %)",
    "touchpoint 'cart' has friction (emotion -1.5 for lea; pain 'Versandkosten erst am Ende' severity 4) "
    "that no opportunity addresses",
    "50 % of the 40 visits at 'cart' go on to 'browse' in protokoll.csv, but the map has no such 'next'",
    "touchpoint 'cart' falls short of what customers expect (lea: emotion -1.5 against 1 expected, gap -2.5); "
    "a gap of -2 or less is a broken promise",
    "the map says emotion -1.5 at 'cart', but 10 feedback rows in stimmen.csv say 2",
    "conversion 0.52 at 'cart' is worse than its target 0.8 (higher is better)",
    "ttr_hours 2.5 at 'cart' is worse than its target 1 (lower is better)",
    "csat 33.33 (computed from 3 responses) at 'cart' is worse than its target 80 (higher is better)",
    "touchpoint 'gift' is a dead end: it has no 'next' and is not in the last phase",
    "touchpoint 'gift' cannot be reached from the entry touchpoints (browse): no 'next' leads here",
    "touchpoint 'unbox' has no owner: who answers for it?",
    "'unbox' -> 'browse' goes back from phase 'Nutzen' to 'Entdecken'; add 'loop: true' if customers are meant to return",
    "newest response in umfrage.csv is from 2025-01-02, 692 days old (stale after 180 days)",
    "75 % of the 80 cases in protokoll.csv follow the designed journey, below the target of 90 % "
    "(journeymap observe shows where the others leave it)",
    "11 % of the events in protokoll.csv belong to no touchpoint (most frequent: banner); "
    "add them to a touchpoint's 'events'",
]


@pytest.fixture
def german_map(write):
    write("umfrage.csv", SURVEY)
    write("protokoll.csv", event_log())
    write("stimmen.csv", VOICES)
    return write("laden.journey.yaml", EVERY_WARNING)


def test_every_warning_rule_has_german_words(german_map):
    findings = validate_file(german_map, "laden.journey.yaml", today=dt.date.fromisoformat(TODAY)).diagnostics
    assert [(d.line, d.rule, d.text("de")) for d in findings] == GERMAN
    assert [d.message for d in findings] == [d.text("en") for d in findings] == ENGLISH
    warning_rules = {rule for rule, module in RULES.items() if module.SEVERITY == WARNING}
    assert {d.rule for d in findings} == warning_rules   # a new warning rule needs a line here


@pytest.mark.graphviz
def test_german_report_words_its_findings_in_german(jm, german_map, tmp_path):
    run = jm("render", german_map, "-o", tmp_path / "out", "-f", "html", "--today", TODAY)
    assert run.code == 0, run.err
    report = html.unescape((tmp_path / "out" / "laden.html").read_text(encoding="utf-8"))
    for _, _, message in GERMAN:
        assert message in report
    for message in ENGLISH:
        assert message not in report


def test_terminal_and_json_keep_the_english_wording(validate, german_map):
    text = validate("--today", TODAY, german_map)
    assert [line.split(": warning: ", 1)[1].rsplit(" [", 1)[0] for line in text.lines] == ENGLISH
    report = json.loads(validate("--format", "json", "--today", TODAY, german_map).out)
    assert [d["message"] for d in report["diagnostics"]] == ENGLISH
    assert {key for d in report["diagnostics"] for key in d} == {"file", "line", "column", "severity", "rule",
                                                                 "message"}
