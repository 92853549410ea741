"""The common YAML mistakes get a plain-language finding with the fix, at the exact line and column.

Each map below is the same three-touchpoint map with one mistake; lines and columns of each
expectation are counted by hand from it.
"""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.source.positions import SourceError, parse

PIZZA = """\
journeymap: 1
title: "Pizza"
personas:
  - id: lea
    name: "Lea"
phases:
  - id: discover
    name: "Discover"
  - id: order
    name: "Order"
  - id: pickup
    name: "Pickup"
owners:
  - id: team
    name: "Team"
touchpoints:
  - id: menu
    name: "Reads the menu"
    phase: discover
    owner: team
    next: [pay]
  - id: pay
    name: "Pays"
    phase: order
    owner: team
    next: [collect]
  - id: collect
    name: "Collects"
    phase: pickup
    owner: team
"""
LINES = PIZZA.splitlines()  # LINES[21] is line 22, '  - id: pay'


def pizza_with(**lines: str) -> str:
    """PIZZA with some lines replaced: pizza_with(line23='...')."""
    changed = list(LINES)
    for key, text in lines.items():
        changed[int(key.removeprefix("line")) - 1] = text
    return "\n".join(changed) + "\n"


def check(validate, write, text: str, *expected: str):
    """validate exits 1 and prints exactly `expected` (each 'LINE:COL: message [rule]', after the path)."""
    path = write("pizza.journey.yaml", text)
    run = validate(path)
    assert (run.code, run.lines) == (1, [f"{path}:{line.replace(' ', ' error: ', 1)}" for line in expected])


def test_the_map_itself_is_valid(validate, write):
    assert validate(write("pizza.journey.yaml", PIZZA)).code == 0


# --- a tab --------------------------------------------------------------------------------------

TAB = "tab character used for indentation; YAML indents with spaces — replace the tab with spaces [yaml-syntax]"


def test_a_tab_for_indentation_is_named_at_the_tab(validate, write):
    check(validate, write, pizza_with(line23='\tname: "Pays"'), f"23:1: {TAB}")


def test_a_tab_after_spaces_is_named_at_its_own_column(validate, write):
    check(validate, write, pizza_with(line24="  \tphase: order"), f"24:3: {TAB}")


def test_a_tab_after_the_dash_of_a_list_item(validate, write):
    check(validate, write, pizza_with(line22="  -\tid: pay"), f"22:4: {TAB}")


# --- a line out of line -------------------------------------------------------------------------

def test_a_key_one_space_too_far_in(validate, write):
    # The parser reads 'pay name' as one value and stops at the ':' (column 10); the finding names the key.
    check(validate, write, pizza_with(line23='     name: "Pays"'),
          "23:6: this line is indented differently from the key above it: 'name:' starts in column 6, 'id:' on "
          "line 22 in column 5; line up 'name:' with 'id:' "
          "(YAML parser: mapping values are not allowed in this context) [yaml-syntax]")


def test_a_key_one_space_too_far_out(validate, write):
    check(validate, write, pizza_with(line23='   name: "Pays"'),
          "23:4: this line is indented differently from the key above it: 'name:' starts in column 4, 'id:' on "
          "line 22 in column 5; line up 'name:' with 'id:' "
          "(YAML parser: did not find expected '-' indicator) [yaml-syntax]")


def test_a_key_between_two_blocks_names_both(validate, write):
    check(validate, write, pizza_with(line23='  name: "Pays"'),
          "23:3: this line is indented differently from the keys above it: 'name:' starts in column 3, "
          "'touchpoints:' on line 16 in column 1 and 'id:' on line 22 in column 5; line up 'name:' with the one "
          "it belongs with (YAML parser: did not find expected '-' indicator) [yaml-syntax]")


def test_a_line_that_ends_its_block_early_is_named_not_the_line_after_it(validate, write):
    # 'phase:' in column 1 is a valid top-level key; the parser only stops at 'owner:' on line 25.
    check(validate, write, pizza_with(line24="phase: order"),
          "24:1: this line is indented differently from the lines around it: 'phase:' starts in column 1, "
          "'name:' on line 23 and 'owner:' on line 25 in column 5; line up 'phase:' with them "
          "(YAML parser, at line 25: mapping values are not allowed in this context) [yaml-syntax]")


def test_a_list_item_out_of_line_with_its_list(validate, write):
    check(validate, write, pizza_with(line22="   - id: pay"),
          "22:4: this list item is indented differently from the list above it: its '- ' starts in column 4, "
          "the '- ' on line 17 in column 3; line up the two "
          "(YAML parser: did not find expected '-' indicator) [yaml-syntax]")


def test_a_colon_in_an_unquoted_value(validate, write):
    check(validate, write, pizza_with(line23="    name: Pays: by card"),
          "23:15: a value with ': ' in it must be in quotes: write name: \"Pays: by card\" "
          "(YAML parser: mapping values are not allowed in this context) [yaml-syntax]")


def test_other_syntax_errors_keep_the_parser_words(validate, write):
    check(validate, write, pizza_with(line23='    name: "Pays" by card'),
          "23:18: while parsing a block mapping that starts at line 22, column 5; did not find expected key "
          "[yaml-syntax]")


# --- a list item without '- ' -------------------------------------------------------------------

def test_a_touchpoint_without_its_dash_is_one_finding(validate, write):
    # Not five duplicate-key errors and an unknown touchpoint 'pay': 'pay' is read as the entry it was meant
    # to be, so nothing else is reported.
    check(validate, write, pizza_with(line22="    id: pay"),
          "22:5: each touchpoint starts with '- ' (a list item); line 22 looks like a new touchpoint without "
          "'- ': write '- id: pay' with the '-' in column 3, as on line 17 [duplicate-key]")


def test_two_touchpoints_without_their_dash(validate, write):
    check(validate, write, pizza_with(line22="    id: pay", line27="    id: collect"),
          "22:5: each touchpoint starts with '- ' (a list item); lines 22 and 27 look like new touchpoints "
          "without '- ': begin each with '- ', the '-' in column 3 as on line 17 (line 22: '- id: pay') "
          "[duplicate-key]")


def test_a_phase_without_its_dash(validate, write):
    check(validate, write, pizza_with(line9="    id: order"),
          "9:5: each phase starts with '- ' (a list item); line 9 looks like a new phase without '- ': "
          "write '- id: order' with the '-' in column 3, as on line 7 [duplicate-key]")


def test_the_first_touchpoint_without_its_dash(validate, write):
    # YAML reads 'touchpoints:' as a mapping and stops at the first '- ' after it: a syntax error.
    check(validate, write, pizza_with(line17="    id: menu"),
          "17:5: each touchpoint starts with '- ' (a list item); line 17 looks like a new touchpoint without '- ': "
          "write '- id: menu' with the '-' in column 3, as on line 22 "
          "(YAML parser, at line 22: did not find expected key) [yaml-syntax]")


def test_a_list_without_any_dash(validate, write):
    check(validate, write, pizza_with(line17="    id: menu", line22="    id: pay", line27="    id: collect"),
          "17:5: 'touchpoints' must be a list, got a mapping [schema]",
          "22:5: each touchpoint starts with '- ' (a list item); lines 17, 22 and 27 look like touchpoints "
          "without '- ': begin each with '- ' (line 17: '- id: menu') [duplicate-key]")


def test_a_key_written_twice_is_still_a_duplicate_key(validate, write):
    # 'name' again is no new entry: it does not start the mapping.
    check(validate, write, pizza_with(line24='    name: "Pays at the till"'),
          "22:5: missing required key 'phase' in touchpoint 'pay' [schema]",
          "24:5: duplicate key 'name': first at line 23, again at line 24 [duplicate-key]")


# --- never a traceback --------------------------------------------------------------------------

def mutate(lines: list[str], line: int, how: str) -> str:
    """One of the mistakes people make, at one line: a shifted indent, a tab, a dropped or added '- '."""
    text = lines[line]
    stripped = text.lstrip(" ")
    indent = len(text) - len(stripped)
    changed = {
        "in": " " + text,
        "out": text[1:] if indent else text,
        "tab": "\t" + stripped,
        "tab-in-indent": text[:indent // 2] + "\t" + text[indent // 2:],
        "no-dash": text.replace("- ", "  ", 1) if stripped.startswith("- ") else text,
        "dash": " " * max(indent - 2, 0) + "- " + stripped,
        "colon": text + ": more",
    }[how]
    return "\n".join(lines[:line] + [changed] + lines[line + 1:]) + "\n"


MISTAKES = st.lists(st.tuples(st.integers(0, len(LINES) - 1),
                              st.sampled_from(["in", "out", "tab", "tab-in-indent", "no-dash", "dash", "colon"])),
                    min_size=1, max_size=3)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(mistakes=MISTAKES)
def test_any_indentation_mistake_gives_findings_never_a_traceback(mistakes):
    lines = list(LINES)
    for line, how in mistakes:
        lines = mutate(lines, line, how).splitlines()
    text = "\n".join(lines) + "\n"
    try:
        _, _, problems = parse(text, "m")
    except SourceError as exc:
        problems = [(exc.position, exc.rule, exc.message)]
    for position, rule, message in problems:
        assert 1 <= position.line <= len(lines) + 1 and position.column >= 1
        assert rule in ("yaml-syntax", "duplicate-key", "schema", "input-limit") and message


FINDING = re.compile(r"^.+:\d+:\d+: (error|warning): .+ \[[a-z-]+\]$")


@pytest.mark.parametrize("how", ["in", "out", "tab", "no-dash", "dash", "colon"])
def test_each_mistake_on_each_line_gives_findings_through_the_cli(validate, write, how):
    for line in range(len(LINES)):
        run = validate(write("pizza.journey.yaml", mutate(LINES, line, how)))
        assert run.code in (0, 1) and all(FINDING.match(finding) for finding in run.lines), (line, run.out)
