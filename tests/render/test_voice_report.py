"""The customer's voice in the HTML report: expectations beside the curve, broken promises marked, ours against
the competitors' and the SWOT, in English and German, user text inert; a map without any of it is unchanged."""

from __future__ import annotations

import re

import pytest

from journeymap.i18n.catalog import labels

from support.maps import MINIMAL_MAP
from support.voice_maps import CAFE, FEEDBACK_MAP, HOSTILE, csv_text, reviews
from support.voice_maps import report as voice_report
from support.report_maps import foreign_labels, labels_found
from support.report_maps import report_text as tagged_text


def report_text(html: str) -> str:
    """The report's words, one space between each, without the soft hyphens of German labels."""
    return " ".join(tagged_text(html).replace("\u00ad", "").split())


def report(write, text: str, name: str = "cafe.journey.yaml") -> str:
    return voice_report(write(name, text))


@pytest.fixture
def cafe_html(write):
    return {lang: report(write, CAFE.format(lang=lang), f"cafe-{lang}.journey.yaml") for lang in ("en", "de")}


def test_each_persona_s_expectation_is_a_bar_beside_its_curve(cafe_html):
    html = cafe_html["en"]
    # 100 curve units per column, the middle 60 of them shared by the two personas: the commuter's bar from 20
    # to 50 and 120 to 150, the tourist's from 50 to 80 and 150 to 180; y = 15 + (2 - expected) * 35:
    # delighted 15, neutral 85
    bars = re.findall(r'<line class="expected" x1="([\d.]+)" x2="([\d.]+)" y1="([\d.]+)"', html)
    assert bars == [("20", "50", "15"), ("120", "150", "85"), ("50", "80", "85"), ("150", "180", "85")]
    # the broken promises at the queue drop from the middle of each bar to what was felt (-2: y 155)
    assert re.findall(r'<line class="broken-drop" x1="([\d.]+)" x2="[\d.]+" y1="([\d.]+)" y2="([\d.]+)"', html) == [
        ("35", "15", "155"), ("65", "85", "155")]
    assert html.count('class="broken-mark"') == 2


def test_the_emotion_lane_says_what_was_expected_and_the_gap(cafe_html):
    text = report_text(cafe_html["en"])
    assert "expected +2 delighted · Commuter · gap −4 ✖ broken promise" in text
    assert "expected 0 neutral · Tourist · gap −2 ✖ broken promise" in text
    assert "expected 0 neutral · Commuter · gap +1" in text
    assert "Broken promise: felt 2 or more below what was expected" in text


def test_the_voice_section_lists_broken_promises_benchmarks_and_the_swot(cafe_html):
    text = report_text(cafe_html["en"])
    start = text.index("Customer's voice Broken promises")
    section = text[start:text.index(" Emotions and the remembered", start)]
    assert section == (
        "Customer's voice Broken promises Touchpoint Persona Expects Expected Felt Gap "
        f"Queue Commuter Coffee ready {HOSTILE} +2 delighted −2 frustrated ✖ −4 "
        f"Queue Tourist Coffee ready {HOSTILE} 0 neutral −2 frustrated ✖ −2 "
        "Where a persona feels 2 or more below what it expects (rules.expectation_gap). "
        "Ours against the competitors Touchpoint Ours Competitor Emotion Our lead Effort Rating Note SWOT "
        f"Queue −2 frustrated Big Chain {HOSTILE} +1 happy −3 2 4.2 app {HOSTILE} ▼ weakness "
        f"Sip +1 happy Big Chain {HOSTILE} −1 unhappy +2 – – ▲ strength "
        "Our emotion is the mean over the personas who pass the touchpoint; our lead is ours minus theirs. "
        "SWOT Strengths Sip Weaknesses Queue Opportunities Offices next door Threats "
        f"Chain opens {HOSTILE} " + labels("en")["swot.note"])


def test_user_text_stays_text(cafe_html):
    for html in cafe_html.values():
        assert "<script>alert" not in html
        assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 5


def test_the_german_report_has_no_english_label(cafe_html):
    html = cafe_html["de"]
    text = report_text(html)
    for key in ("section.voice", "voice.broken.title", "voice.benchmark.title", "swot.strengths", "swot.threats",
                "verdict.weakness", "voice.broken"):
        assert labels("de")[key] in text, key
    english = foreign_labels("de", CAFE)
    found = labels_found(text, english)
    assert found == {}


def test_a_map_without_the_voice_has_no_voice_section(write):
    html = report(write, MINIMAL_MAP)
    assert 'id="voice"' not in html and "broken-promise" not in html and 'class="expected' not in html


@pytest.fixture
def feedback_html(write):
    write("feedback.csv", csv_text(reviews()) + f'"{HOSTILE} queue",1,2026-12-01,"=HYPERLINK(""x"")",\n')
    return {lang: report(write, FEEDBACK_MAP.replace("title: Café", f"title: Café\nlang: {lang}"),
                         f"feedback-{lang}.journey.yaml") for lang in ("en", "de")}


def test_the_voice_of_the_customer_lane(feedback_html):
    text = report_text(feedback_html["en"])
    lane = text[text.index("Voice of the customer 17 comments"):text.index(" Pain points")]
    # queue: 17 rows (16 + the hostile one), mean (24 + 1) / 17 = 1.47, emotion -1.53; its newest one-star quote
    # the map says happy (+1) at the queue: the lane says so where the feedback contradicts it
    assert lane == (f"Voice of the customer 17 comments · ★ 1.5 · −1.5 frustrated ≠ contradicts the map: +1 happy "
                    f"{HOSTILE} queue "
                    "— =HYPERLINK(\"x\"), 2026-12-01 "
                    "14 comments · ★ 4.1 · +1.1 happy Kaffee gut, aber die Schlange war lang — Google, 2026-11-04 "
                    "2 comments · ★ 5 · +2 delighted Friendly barista — Yelp, 2026-11-11 "
                    "8 comments · ★ 3 · 0 neutral Card reader broken — Survey, 2026-09-14")
    assert "<script>alert" not in feedback_html["en"]


def test_the_quotes_and_the_unlinked_words(feedback_html):
    text = report_text(feedback_html["de"])
    assert "Stimme der Kunden 17 Kommentare · ★ 1,5 · −1,5 frustriert" in text
    # per touchpoint: its figures, where the map says otherwise, its quotes with dates as German writes them
    assert (f"Was Kunden sagen Queue (17 Kommentare · ★ 1,5 · −1,5 frustriert) ≠ widerspricht der Karte: +1 zufrieden "
            f"{HOSTILE} queue ★ 1 · =HYPERLINK(\"x\") · 01.12.2026 The queue took forever ★ 1 · Trustpilot · 12.10.2026 "
            "Die Wartezeit war endlos ★ 1 · Google · 11.10.2026 Coffee (14 Kommentare · ★ 4,1 · +1,1 zufrieden) "
            "Kaffee gut, aber die Schlange war lang ★ 3 · Google · 04.11.2026") in text
    assert ("Widerspricht der Karte: 10 oder mehr Kommentare, deren Bewertungen eine Emotion ergeben, die um 1 oder "
            "mehr von der der Karte abweicht (rules.feedback_min_rows).") in text
    assert ("9 Kommentare gehören zu keinem Kontaktpunkt. Ihre häufigsten Wörter (bei „listen“ eines Kontaktpunkts "
            "ergänzen): fehlt (3), parkplatz (3), erwartung (2), loud (2), music (2), übertroffen (2), nett (1), "
            "sauber (1), toilette (1), wärter (1)") in text
    assert "SWOT" not in text   # no competitors, no swot: no SWOT to show
    assert labels_found(text, foreign_labels("de", FEEDBACK_MAP + csv_text(reviews()))) == {}


def test_the_lane_says_for_whom_the_feedback_contradicts_the_map(write):
    """Rows with a segment are compared per persona: Lea's three one-star rows say -2 where the map says +1 for her;
    Ben's four-star rows say +1, as the map does."""
    write("f.csv", "text,stars,age\n" + "queue long,1,young\n" * 3 + "queue ok,4,senior\n" * 3)
    text = report_text(report(write, FEEDBACK_MAP.replace(
        "  - {file: feedback.csv, kind: feedback, text_column: text, rating_column: stars, date_column: date,\n"
        "     source_column: site, touchpoint_column: touchpoint}\n",
        "  - {file: f.csv, kind: feedback, text_column: text, rating_column: stars, segment_column: age,\n"
        "     segments: {young: lea, senior: ben}}\n") + "rules:\n  feedback_min_rows: 3\n"))
    lane = text[text.index("Voice of the customer"):text.index(" Pain points")]
    assert lane == "Voice of the customer 6 comments · ★ 2.5 · −0.5 neutral ≠ contradicts the map for Lea: +1 happy queue long"
