"""Warning rules: a passing and a failing map each, exact lines, exit 0 unless --strict."""

from support.maps import MINIMAL_MAP

# A clean map with flows: discover -> buy -> use. Line numbers below are counted from it.
SHOP = """\
journeymap: 1
title: "Shop"
personas:
  - {id: lea, name: "Lea"}
phases:
  - {id: discover, name: "Discover"}
  - {id: buy, name: "Buy"}
  - {id: use, name: "Use"}
channels:
  - {id: app, name: "App"}
owners:
  - {id: shop, name: "Shop team"}
touchpoints:
  - id: browse
    name: "Browses"
    phase: discover
    channel: app
    owner: shop
    next: [cart]
  - id: cart
    name: "Fills the cart"
    phase: buy
    owner: shop
    next: [unbox]
  - id: unbox
    name: "Unboxes"
    phase: use
    owner: shop
"""
GIFT = """\
  - id: gift
    name: "Buys a gift card"
    phase: buy
    owner: shop
"""


def warnings(path, *findings: str) -> list[str]:
    """Expected stdout lines: 'LINE:COL: message [rule]' prefixed with the path and severity."""
    lines = []
    for finding in findings:
        place, message = finding.split(" ", 1)
        lines.append(f"{path}:{place} warning: {message}")
    return lines


def test_clean_map_passes_even_with_strict(validate, write):
    path = write("m.journey.yaml", SHOP)
    run = validate("--strict", path)
    assert (run.code, run.out) == (0, "")
    assert run.err.strip() == "1 map checked: 0 errors, 0 warnings"


def test_warnings_alone_exit_0_and_fail_under_strict(validate, write):
    path = write("m.journey.yaml", SHOP.replace("    owner: shop\n", "", 1))
    expected = warnings(path, "14:5: touchpoint 'browse' has no owner: who answers for it? [no-owner]")
    run = validate(path)
    assert (run.code, run.lines) == (0, expected)
    assert run.err.strip() == "1 map checked: 0 errors, 1 warning"
    run = validate("--strict", path)
    assert (run.code, run.lines) == (1, expected)


# --- unreachable ---------------------------------------------------------------------------

def test_unreachable_touchpoint(validate, write):
    path = write("m.journey.yaml", SHOP + GIFT + "    next: [unbox]\n")
    run = validate(path)
    assert (run.code, run.lines) == (0, warnings(
        path, "29:5: touchpoint 'gift' cannot be reached from the entry touchpoints (browse): "
              "no 'next' leads here [unreachable]"))


def test_reachable_through_a_second_edge(validate, write):
    path = write("m.journey.yaml", SHOP.replace("next: [unbox]", "next: [unbox, gift]") + GIFT + "    next: [unbox]\n")
    run = validate("--strict", path)
    assert (run.code, run.out) == (0, "")


def test_map_without_flows_has_no_unreachable(validate, write):
    path = write("m.journey.yaml", SHOP.replace("    next: [cart]\n", "").replace("    next: [unbox]\n", ""))
    run = validate("--strict", path)
    assert (run.code, run.out) == (0, "")


# --- dead-end ------------------------------------------------------------------------------

def test_dead_end_before_the_last_phase(validate, write):
    path = write("m.journey.yaml", SHOP.replace("next: [cart]", "next: [cart, gift]") + GIFT)
    run = validate(path)
    assert (run.code, run.lines) == (0, warnings(
        path, "29:5: touchpoint 'gift' is a dead end: it has no 'next' and is not in the last phase [dead-end]"))


def test_journey_may_end_in_the_last_phase(validate, write):
    # 'unbox' has no next, but it is in 'use', the last phase.
    path = write("m.journey.yaml", SHOP)
    run = validate("--strict", path)
    assert (run.code, run.out) == (0, "")


def test_unknown_phase_does_not_cause_flow_warnings(validate, write):
    # The unknown phase has no place in the order: no dead-end, unreachable or backward-flow guesses.
    # 'cart' -> 'unbox' leaves the unknown phase for a known one: once a crash, then a false backward-flow.
    path = write("m.journey.yaml", SHOP.replace("phase: buy", "phase: buyy"))
    run = validate(path)
    assert (run.code, run.lines) == (1, [
        f"{path}:22:12: error: unknown phase 'buyy' (did you mean 'buy'?) [unknown-reference]"])


# --- backward-flow -------------------------------------------------------------------------

def test_edge_to_an_earlier_phase(validate, write):
    path = write("m.journey.yaml", SHOP + "    next: [browse]\n")
    run = validate(path)
    assert (run.code, run.lines) == (0, warnings(
        path, "29:12: 'unbox' -> 'browse' goes back from phase 'Use' to 'Discover'; "
              "add 'loop: true' if customers are meant to return [backward-flow]"))


def test_edge_mapping_to_an_earlier_phase_points_at_the_target(validate, write):
    path = write("m.journey.yaml", SHOP + "    next:\n      - {to: browse, label: \"buys again\"}\n")
    run = validate(path)
    assert (run.code, run.lines) == (0, warnings(
        path, "30:14: 'unbox' -> 'browse' goes back from phase 'Use' to 'Discover'; "
              "add 'loop: true' if customers are meant to return [backward-flow]"))


def test_loop_marks_an_intended_return(validate, write):
    path = write("m.journey.yaml", SHOP + "    next:\n      - {to: browse, loop: true, label: \"buys again\"}\n")
    run = validate("--strict", path)
    assert (run.code, run.out) == (0, "")


# --- no-owner ------------------------------------------------------------------------------

def test_touchpoint_without_owner(validate, write):
    path = write("m.journey.yaml", SHOP.replace("    phase: use\n    owner: shop\n", "    phase: use\n"))
    run = validate(path)
    assert (run.code, run.lines) == (0, warnings(
        path, "25:5: touchpoint 'unbox' has no owner: who answers for it? [no-owner]"))


def test_every_touchpoint_with_owner(validate, write):
    path = write("m.journey.yaml", SHOP)
    assert validate("--strict", path).code == 0


# --- unaddressed-friction ------------------------------------------------------------------

OPPORTUNITY = """\
opportunities:
  - id: better-box
    title: "Easier packaging"
    owner: shop
    addresses: [ADDRESS]
"""


def test_negative_emotion_without_opportunity(validate, write):
    path = write("m.journey.yaml", SHOP + "    emotion: unhappy\n")
    run = validate(path)
    assert (run.code, run.lines) == (0, warnings(
        path, "25:5: touchpoint 'unbox' has friction (emotion -1 for lea) that no opportunity addresses "
              "[unaddressed-friction]"))


def test_severe_pain_without_opportunity(validate, write):
    path = write("m.journey.yaml", SHOP + "    pains:\n      - {id: box, text: \"Box is hard to open\", severity: 4}\n")
    run = validate(path)
    assert (run.code, run.lines) == (0, warnings(
        path, "25:5: touchpoint 'unbox' has friction (pain 'Box is hard to open' severity 4) that no opportunity "
              "addresses [unaddressed-friction]"))


def test_friction_addressed_by_touchpoint(validate, write):
    path = write("m.journey.yaml", SHOP + "    emotion: frustrated\n" + OPPORTUNITY.replace("ADDRESS", "unbox"))
    run = validate("--strict", path)
    assert (run.code, run.out) == (0, "")


def test_friction_addressed_by_pain(validate, write):
    path = write("m.journey.yaml", SHOP + "    pains:\n      - {id: box, text: \"Box is hard to open\", severity: 5}\n"
                 + OPPORTUNITY.replace("ADDRESS", '"unbox#box"'))
    run = validate("--strict", path)
    assert (run.code, run.out) == (0, "")


def test_mild_pain_and_neutral_emotion_are_no_friction(validate, write):
    path = write("m.journey.yaml", SHOP + "    emotion: 0\n    pains: [\"Tape is a bit sticky\"]\n")
    run = validate("--strict", path)
    assert (run.code, run.out) == (0, "")


# --- unused-definition ---------------------------------------------------------------------

def test_unused_channel_and_owner(validate, write):
    text = SHOP.replace('  - {id: app, name: "App"}\n', '  - {id: app, name: "App"}\n  - {id: fax, name: "Fax"}\n')
    text = text.replace('  - {id: shop, name: "Shop team"}\n',
                        '  - {id: shop, name: "Shop team"}\n  - {id: legal, name: "Legal"}\n')
    path = write("m.journey.yaml", text)
    run = validate(path)
    assert (run.code, run.lines) == (0, warnings(
        path,
        "11:10: channel 'fax' is defined but nothing refers to it [unused-definition]",
        "14:10: owner 'legal' is defined but nothing refers to it [unused-definition]"))


def test_owner_of_the_map_or_an_opportunity_counts_as_used(validate, write):
    text = SHOP.replace('  - {id: shop, name: "Shop team"}\n',
                        '  - {id: shop, name: "Shop team"}\n  - {id: legal, name: "Legal"}\n  - {id: cx, name: "CX"}\n')
    text = text.replace('title: "Shop"\n', 'title: "Shop"\nowner: cx\n')
    opportunity = OPPORTUNITY.replace("ADDRESS", "unbox").replace("owner: shop", "owner: legal")
    path = write("m.journey.yaml", text + opportunity)
    run = validate("--strict", path)
    assert (run.code, run.out) == (0, "")


def test_unused_definitions_of_an_included_library_are_exempt(validate, write, tmp_path):
    write("lib.yaml", 'channels:\n  - {id: fax, name: "Fax"}\nowners:\n  - {id: legal, name: "Legal"}\n')
    write("m.journey.yaml", SHOP.replace('title: "Shop"\n', 'title: "Shop"\ninclude: [lib.yaml]\n'))
    run = validate("--strict", "m.journey.yaml", cwd=tmp_path)
    assert (run.code, run.out) == (0, "")


# --- persona-without-touchpoints -----------------------------------------------------------

LEA_AND_SAM = '  - {id: lea, name: "Lea"}\n  - {id: sam, name: "Sam"}\n'  # personas on lines 4 and 5

def test_persona_that_no_touchpoint_lists(validate, write):
    text = MINIMAL_MAP.replace('  - {id: lea, name: "Lea"}\n', LEA_AND_SAM)
    path = write("m.journey.yaml", text.replace("owner: team", "owner: team, personas: [lea]"))
    run = validate(path)
    assert (run.code, run.lines) == (0, warnings(
        path, "5:10: persona 'sam' passes no touchpoint (no touchpoint lists it in 'personas') "
              "[persona-without-touchpoints]"))


def test_touchpoint_without_personas_list_is_for_everyone(validate, write):
    text = MINIMAL_MAP.replace('  - {id: lea, name: "Lea"}\n', LEA_AND_SAM)
    path = write("m.journey.yaml", text.replace("owner: team, next", "owner: team, personas: [lea], next"))
    run = validate("--strict", path)
    assert (run.code, run.out) == (0, "")


# --- stale-data ----------------------------------------------------------------------------

def nps_map(write, newest: str, analysis: str = ""):
    write("nps.csv", f"touchpoint,score,date\nsignup,9,2026-01-15\nwelcome,10,{newest}\n")
    data = "data:\n  - {file: nps.csv, kind: nps, date_column: date}\n"
    return write("m.journey.yaml", MINIMAL_MAP + analysis + data)


def test_stale_data(validate, write, tmp_path):
    nps_map(write, "2026-05-01")
    run = validate("--today", "2026-11-25", "m.journey.yaml", cwd=tmp_path)
    assert (run.code, run.lines) == (0, [
        "m.journey.yaml:14:12: warning: newest response in nps.csv is from 2026-05-01, 208 days old "
        "(stale after 180 days) [stale-data]"])


def test_fresh_data(validate, write, tmp_path):
    nps_map(write, "2026-11-01")
    run = validate("--strict", "--today", "2026-11-25", "m.journey.yaml", cwd=tmp_path)
    assert (run.code, run.out) == (0, "")


def test_stale_after_days_is_configurable(validate, write, tmp_path):
    nps_map(write, "2026-05-01", analysis="analysis:\n  stale_after_days: 365\n")
    run = validate("--strict", "--today", "2026-11-25", "m.journey.yaml", cwd=tmp_path)
    assert (run.code, run.out) == (0, "")


def test_today_comes_from_the_environment_too(validate, write, tmp_path, monkeypatch):
    nps_map(write, "2026-05-01")
    monkeypatch.setenv("JOURNEYMAP_TODAY", "2026-05-02")
    run = validate("--strict", "m.journey.yaml", cwd=tmp_path)
    assert (run.code, run.out) == (0, "")


def test_bad_today_is_a_usage_error(validate, write):
    path = write("m.journey.yaml", MINIMAL_MAP)
    run = validate("--today", "25.11.2026", path)
    assert run.code == 2 and "--today must be a date like 2026-11-25, got '25.11.2026'" in run.err


# --- kpi-below-target ----------------------------------------------------------------------

def kpi_map(write, kpi: str):
    return write("m.journey.yaml", SHOP + f"    kpis:\n      {kpi}\n")


def test_churn_above_target_is_worse(validate, write):
    path = kpi_map(write, "churn: {value: 0.3, target: 0.2}")
    run = validate(path)
    assert (run.code, run.lines) == (0, warnings(
        path, "30:14: churn 0.3 at 'unbox' is worse than its target 0.2 (lower is better) [kpi-below-target]"))


def test_churn_below_target_is_fine(validate, write):
    assert validate("--strict", kpi_map(write, "churn: {value: 0.1, target: 0.2}")).code == 0


def test_ces_above_target_is_worse(validate, write):
    path = kpi_map(write, "ces: {value: 4.5, target: 3}")
    run = validate(path)
    assert (run.code, run.lines) == (0, warnings(
        path, "30:12: ces 4.5 at 'unbox' is worse than its target 3 (lower is better) [kpi-below-target]"))


def test_ces_below_target_is_fine(validate, write):
    assert validate("--strict", kpi_map(write, "ces: {value: 2, target: 3}")).code == 0


def test_nps_below_target_is_worse(validate, write):
    path = kpi_map(write, "nps: {value: 10, target: 20}")
    run = validate(path)
    assert (run.code, run.lines) == (0, warnings(
        path, "30:12: nps 10 at 'unbox' is worse than its target 20 (higher is better) [kpi-below-target]"))


def test_nps_above_target_is_fine(validate, write):
    assert validate("--strict", kpi_map(write, "nps: {value: 30, target: 20}")).code == 0


def test_custom_kpi_higher_is_better(validate, write):
    path = kpi_map(write, "first_contact_resolution: {value: 0.34, target: 0.7}")
    run = validate(path)
    assert (run.code, run.lines) == (0, warnings(
        path, "30:33: first_contact_resolution 0.34 at 'unbox' is worse than its target 0.7 (higher is better) "
              "[kpi-below-target]"))


def test_kpi_without_target_is_never_below_it(validate, write):
    assert validate("--strict", kpi_map(write, "churn: 0.9")).code == 0
