"""A touchpoint is a hotspot only when its friction reaches analysis.hotspot_min, and every rank says why."""

from __future__ import annotations

import json

import pytest

from journeymap.analysis.run import analyze
from journeymap.build.summary import map_section
from journeymap.compare.diff import Side
from journeymap.render.dot import render_dot
from journeymap.render.html import render_html
from journeymap.render.markdown_page import render_markdown_page
from journeymap.rules.pipeline import validate_file
from journeymap.serve.pages import projector_page
from journeymap.serve.site import Rendered

# Frictions (default weights 0.4 emotion, 0.3 effort, 0.3 pains): browse 0 (happy, effort 1), order
# 0.4*0.5 = 0.20 (unhappy, effort 1), pay 0.3*(2/6) = 0.10 (neutral, effort 3): all below 0.3, while order
# and pay have more contacts than anything else, so a ranking by volume alone would put them on top.
CALM_MAP = """
journeymap: 1
title: A calm café
lang: {lang}
personas: [{{id: guest, name: Guest}}]
phases: [{{id: visit, name: Visit}}]
touchpoints:
  - {{id: browse, name: Looks at the menu board, phase: visit, emotion: happy, effort: 1, next: [order],
     kpis: {{volume: 900}}}}
  - {{id: order, name: Orders at the counter, phase: visit, emotion: unhappy, effort: 1, next: [pay],
     kpis: {{volume: 3200}}}}
  - {{id: pay, name: Pays by card, phase: visit, emotion: neutral, effort: 3, kpis: {{volume: 3100}}}}
"""

# queue: 0.4*1 + 0.3*(2/6) = 0.50 with 3,200 contacts; complaint: 0.4*1 + 0.3*1 = 0.70 with 40 contacts.
# Volume weights log10(1+v)/log10(3201): 1 and 0.46, scores 0.50 and 0.32, so 0.50 ranks above 0.70.
BUSY_MAP = """
journeymap: 1
title: A busy café
lang: {lang}
personas: [{{id: guest, name: Guest}}]
phases: [{{id: visit, name: Visit}}]
touchpoints:
  - {{id: queue, name: Waits in the queue, phase: visit, emotion: frustrated, effort: 3, next: [complaint],
     kpis: {{volume: 3200}}}}
  - {{id: complaint, name: Complains about a cold coffee, phase: visit, emotion: frustrated, effort: 7,
     kpis: {{volume: 40}}}}
"""


@pytest.fixture
def calm(write):
    def load(lang: str = "en"):
        result = validate_file(write(f"calm-{lang}.journey.yaml", CALM_MAP.format(lang=lang)))
        assert not result.has_errors, result.diagnostics
        return result.journey, analyze(result.journey), result.diagnostics
    return load


@pytest.fixture
def busy(write):
    def load(lang: str = "en"):
        result = validate_file(write(f"busy-{lang}.journey.yaml", BUSY_MAP.format(lang=lang)))
        assert not result.has_errors, result.diagnostics
        return result.journey, analyze(result.journey), result.diagnostics
    return load


def projector(journey, analysis, diagnostics) -> str:
    rendered = Rendered("v1", journey.model.title, 0, 0, [], journey, analysis, diagnostics)
    return projector_page("calm.journey.yaml", rendered, csrf="token", lang=None)


def summary(journey, analysis, diagnostics) -> str:
    return map_section("calm.journey.yaml", Side("calm.journey.yaml", journey, analysis, diagnostics), None, None)


# ----------------------------------------------------------------- no friction of 0.3: no hotspot anywhere

def test_the_analysis_has_no_hotspot_below_the_threshold(calm):
    _, analysis, _ = calm()
    assert {node: round(f.score, 2) for node, f in analysis.friction.items()} == \
        {"browse": 0.0, "order": 0.2, "pay": 0.1}
    assert analysis.hotspot_min == 0.3
    assert analysis.hotspots == [] and analysis.coverage.hotspots == []


def test_analyze_json_lists_no_hotspot(jm, write):
    path = write("calm.journey.yaml", CALM_MAP.format(lang="en"))
    run = jm("analyze", path, "--format", "json")
    [only] = json.loads(run.out)["maps"]
    assert (run.code, only["hotspots"], only["hotspot_min"]) == (0, [], 0.3)


def test_analyze_text_says_there_is_no_hotspot(jm, write):
    run = jm("analyze", write("calm.journey.yaml", CALM_MAP.format(lang="en")))
    section = run.out.split("Friction hotspots (top 5)\n")[1].split("\n\n")[0].splitlines()
    assert section == ["(none)", "No hotspot: no touchpoint has a friction of 0.30 or more.",
                       "a hotspot has friction 0.30 or more (analysis.hotspot_min); "
                       "score = friction (0..1) x volume weight; see docs/analysis.md"]


@pytest.mark.parametrize("lang, none", [("en", "No hotspot: no touchpoint has a friction of 0.30 or more."),
                                        ("de", "Kein Hotspot: Kein Kontaktpunkt hat eine Reibung von 0,30 oder mehr.")])
def test_the_html_report_tags_no_hotspot(calm, lang, none):
    page = render_html(*calm(lang))
    assert 'class="hotspot-mark"' not in page and 'class="hotspot' not in page
    assert f"<p>{none}</p>" in page


def test_the_diagram_marks_no_hotspot(calm):
    source = render_dot(*calm()[:2])
    assert "HOTSPOT #" not in source
    assert "A hotspot has a friction of 0.30 or more" in source  # the legend says where hotspots start


def test_the_projector_lists_no_hotspot(calm):
    page = projector(*calm())
    assert '<ol class="projector-hotspots">' not in page and 'class="card hotspot"' not in page
    assert "No hotspot: no touchpoint has a friction of 0.30 or more." in page


def test_the_ci_summary_shows_no_top_hotspots(calm):
    section = summary(*calm())
    assert "Top friction hotspots" not in section
    assert "No hotspot: no touchpoint has a friction of 0.30 or more." in section


def test_the_markdown_page_lists_no_hotspot(calm):
    page = render_markdown_page(*calm())
    assert "- **Top hotspots:** No hotspot: no touchpoint has a friction of 0.30 or more." in page
    assert "## Friction hotspots\n\nNo hotspot: no touchpoint has a friction of 0.30 or more.\n" in page


def test_a_lower_threshold_makes_hotspots_again(write):
    text = CALM_MAP.format(lang="en") + "analysis: {hotspot_min: 0.1}\n"
    analysis = analyze(validate_file(write("low.journey.yaml", text)).journey)
    assert [(h.rank, h.touchpoint) for h in analysis.hotspots] == [(1, "order"), (2, "pay")]


def test_the_threshold_must_be_a_friction(jm, write):
    path = write("bad.journey.yaml", CALM_MAP.format(lang="en") + "analysis: {hotspot_min: 1.5}\n")
    run = jm("validate", path)
    assert run.code == 1
    assert "'hotspot_min' must be between 0 and 1, got 1.5 [schema]" in run.out + run.err


# ------------------------------------------------------------------------ every rank says why

def test_the_volume_weighted_rank_says_why(busy):
    _, analysis, _ = busy()
    assert [(h.rank, h.touchpoint, round(h.friction, 2)) for h in analysis.hotspots] == \
        [(1, "queue", 0.5), (2, "complaint", 0.7)]
    source = render_dot(*busy()[:2])
    assert "friction 0.50 × 3,200 contacts" in source and "friction 0.70 × 40 contacts" in source


def test_the_report_says_why_in_each_language(busy):
    english, german = render_html(*busy("en")), render_html(*busy("de"))
    for page, first, second in [(english, "friction 0.50 × 3,200 contacts", "friction 0.70 × 40 contacts"),
                                (german, "Reibung 0,50 × 3.200 Kontakte", "Reibung 0,70 × 40 Kontakte")]:
        assert f'<span class="hotspot-why">{first}</span>' in page      # the tag in the journey grid
        assert f'<td class="why">{first}</td>' in page and f'<td class="why">{second}</td>' in page
        assert page.index(first) < page.index(second)


def test_the_projector_says_why(busy):
    page = projector(*busy())
    hotspots = page.split('<ol class="projector-hotspots">')[1].split("</ol>")[0]
    assert hotspots.index("friction 0.50 × 3,200 contacts") < hotspots.index("friction 0.70 × 40 contacts")


def test_the_ci_summary_and_the_text_report_say_why(busy, jm, write):
    assert "| #1 | Waits in the queue | 0.50 | 0.50 | friction 0.50 × 3,200 contacts |" in summary(*busy())
    run = jm("analyze", write("busy.journey.yaml", BUSY_MAP.format(lang="en")))
    assert "friction 0.70 × 40 contacts" in run.out


def test_a_touchpoint_without_a_volume_says_it_counts_with_the_median(write):
    text = BUSY_MAP.format(lang="en").replace(",\n     kpis: {volume: 3200}", "") \
        .replace("     kpis: {volume: 40}}\n", "     kpis: {volume: 40}}\n  - {id: x, name: X, phase: visit, "
                 "kpis: {volume: 60}}\n")
    journey = validate_file(write("median.journey.yaml", text)).journey
    page = render_markdown_page(journey, analyze(journey))
    assert "friction 0.50 × 50 contacts (none given: the median)" in page


# Five frustrated steps, each a hotspot (friction 0.4 + effort and pains): more than the diagram marks.
CROWDED_MAP = """
journeymap: 1
title: A crowded café
personas: [{id: guest, name: Guest}]
phases: [{id: visit, name: Visit}]
touchpoints:
""" + "".join(f"""  - {{id: s{n}, name: Step {n}, phase: visit, emotion: frustrated, effort: {n + 2}{', next: [s%d]' % (n + 1) if n < 5 else ''}}}
""" for n in range(1, 6))


def test_the_grid_marks_every_hotspot_and_the_diagram_says_it_marks_the_first_three(write):
    result = validate_file(write("crowded.journey.yaml", CROWDED_MAP))
    journey, analysis = result.journey, analyze(result.journey)
    assert len(analysis.hotspots) == 5
    html = render_html(journey, analysis, result.diagnostics)
    assert [f"Hotspot #{rank}" in html for rank in range(1, 6)] == [True] * 5
    dot = render_dot(journey, analysis)
    assert [f"HOTSPOT #{rank}" in dot for rank in range(1, 6)] == [True, True, True, False, False]
    assert "The 3 highest of 5 hotspots are marked." in dot
