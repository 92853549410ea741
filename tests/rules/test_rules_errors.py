"""Error rules: every bad file gets exact `path:line:col: error: message [rule-id]` lines and exit 1.

Line and column of each expectation are counted by hand from the file the test writes.
"""

from support.maps import MINIMAL_MAP, map_with

# A map whose only content worth a finding is what each test adds or changes.
GYM = map_with(
    title='"Gym"',
    personas="""
        - id: lea
          name: "Lea"
    """,
    phases=['{id: join, name: "Join"}'],
    touchpoints="""
        - id: trial
          name: "Books a trial"
          phase: join
          owner: team
    """)


def errors(path, *findings: str) -> list[str]:
    """Expected stdout lines: 'LINE:COL: message [rule]' prefixed with the path and severity."""
    lines = []
    for finding in findings:
        place, message = finding.split(" ", 1)
        lines.append(f"{path}:{place} error: {message}")
    return lines


# --- yaml-syntax ---------------------------------------------------------------------------

def test_unclosed_quote_says_where_the_quote_began(validate, write):
    path = write("m.journey.yaml", """\
        journeymap: 1
        title: "Gym membership
        personas: []
        """)
    run = validate(path)
    assert run.code == 1
    assert run.lines == errors(path, "4:1: while scanning a quoted scalar that starts at line 2, column 8; "
                                     "found unexpected end of stream [yaml-syntax]")


def test_unclosed_flow_list_points_where_parsing_stopped(validate, write):
    path = write("m.journey.yaml", """\
        journeymap: 1
        title: [Gym
        personas: []
        """)
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "3:9: while parsing a flow sequence that starts at line 2, column 8; "
              "did not find expected ',' or ']' [yaml-syntax]"))


def test_tab_indentation_gets_a_hint(validate, write):
    path = write("m.journey.yaml", b"journeymap: 1\ntitle: x\npersonas:\n\t- id: lea\n")
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "4:1: tab character used for indentation; YAML indents with spaces — replace the tab with spaces "
              "[yaml-syntax]"))


def test_second_yaml_document_is_refused(validate, write):
    path = write("m.journey.yaml", MINIMAL_MAP + '---\ntitle: "Second"\n')
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "13:1: a map file holds exactly one YAML document; remove the second '---' document [yaml-syntax]"))


def test_alias_without_anchor(validate, write):
    path = write("m.journey.yaml", "journeymap: 1\ntitle: *name\n")
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "2:8: alias '*name' has no anchor '&name' before it [yaml-syntax]"))


# --- encoding ------------------------------------------------------------------------------

LATIN1_HINT = "cannot start a character here (the file may be Latin-1 or Windows-1252); save it as UTF-8 [encoding]"


def test_latin1_byte_is_reported_at_its_line_and_column(validate, write):
    path = write("m.journey.yaml", 'journeymap: 1\ntitle: "Kontoeröffnung"\n'.encode("latin-1"))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(path, f"2:16: not UTF-8: byte 0xf6 {LATIN1_HINT}"))


def test_encoding_column_counts_characters_not_bytes(validate, write):
    # 'Ü' is good UTF-8 (two bytes, one character); the Latin-1 'ö' after it is the 15th character.
    path = write("m.journey.yaml", b'journeymap: 1\ntitle: "' + "Über".encode() + b'gr\xf6\xdfe"\n')
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(path, f"2:15: not UTF-8: byte 0xf6 {LATIN1_HINT}"))


def test_utf16_with_bom_is_refused(validate, write):
    path = write("m.journey.yaml", MINIMAL_MAP.encode("utf-16"))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(path, "1:1: the file is UTF-16-encoded; save it as UTF-8 [encoding]"))


def test_nul_byte_is_refused(validate, write):
    path = write("m.journey.yaml", b"journeymap: 1\ntitle: x\x00\n")
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "2:9: the file contains a NUL byte: it is binary, or UTF-16/32 without a BOM; "
              "save it as UTF-8 text [encoding]"))


def test_utf8_bom_is_accepted(validate, write):
    path = write("m.journey.yaml", b"\xef\xbb\xbf" + MINIMAL_MAP.encode())
    run = validate(path)
    assert (run.code, run.out) == (0, "")


def test_utf8_bom_does_not_shift_columns(validate, write):
    path = write("m.journey.yaml", b"\xef\xbb\xbf" + MINIMAL_MAP.replace("journeymap: 1", "journeymap: 2").encode())
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "1:13: unsupported format version 2; this journeymap reads version 1 (journeymap: 1) [schema]"))


# --- duplicate-key -------------------------------------------------------------------------

def test_duplicate_key_points_at_the_second(validate, write):
    path = write("m.journey.yaml", GYM.replace('    name: "Lea"\n', '    name: "Lea"\n    name: "Lea M."\n'))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "6:5: duplicate key 'name': first at line 5, again at line 6 [duplicate-key]"))


def test_quoted_and_plain_key_are_the_same_key(validate, write):
    path = write("m.journey.yaml", GYM.replace('    name: "Lea"\n', '    name: "Lea"\n    "name": "Lea M."\n'))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "6:5: duplicate key 'name': first at line 5, again at line 6 [duplicate-key]"))


def test_duplicate_top_level_key(validate, write):
    path = write("m.journey.yaml", MINIMAL_MAP + 'title: "Again"\n')
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "13:1: duplicate key 'title': first at line 2, again at line 13 [duplicate-key]"))


# --- schema --------------------------------------------------------------------------------

def test_missing_required_key(validate, write):
    path = write("m.journey.yaml", GYM.replace('    name: "Lea"\n', ""))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(path, "4:5: missing required key 'name' in persona 'lea' [schema]"))


def test_unknown_key_suggests_the_closest(validate, write):
    path = write("m.journey.yaml", GYM.replace('    name: "Lea"\n', '    name: "Lea"\n    gaols: ["Feel welcome"]\n'))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "6:5: unknown key 'gaols' in persona 'lea' (did you mean 'goals'?) [schema]"))


def test_an_unknown_key_names_its_opportunity_in_the_singular(validate, write):
    path = write("m.journey.yaml", "journeymap: 1\ntitle: T\npersonas: [{id: p, name: P}]\nphases: [{id: a, name: A}]\n"
                                   "touchpoints: [{id: t, name: T, phase: a}]\n"
                                   "opportunities: [{id: o36, title: Faster, addresses: [t], conversion: 1}]\n")
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(path, "6:58: unknown key 'conversion' in opportunity 'o36' [schema]"))


def test_misspelt_top_level_key(validate, write):
    path = write("m.journey.yaml", GYM.replace("title:", "titel:"))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path,
        "1:1: missing required key 'title' [schema]",
        "2:1: unknown key 'titel' (did you mean 'title'?) [schema]"))


def test_wrong_type_number(validate, write):
    path = write("m.journey.yaml", GYM + '    effort: "high"\n')
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(path, "15:13: 'effort' must be a number, got the text 'high' [schema]"))


def test_wrong_type_list(validate, write):
    path = write("m.journey.yaml", GYM + "    tags: checkout\n")
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(path, "15:11: 'tags' must be a list, got the text 'checkout' [schema]"))


def test_value_out_of_range(validate, write):
    path = write("m.journey.yaml", GYM + "    effort: 9\n")
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(path, "15:13: 'effort' must be between 1 and 7, got 9 [schema]"))


def test_emotion_out_of_range_for_one_persona(validate, write):
    path = write("m.journey.yaml", GYM + "    emotion: {lea: 3}\n")
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "15:20: the emotion of persona 'lea' must be between -2 and 2, got 3 [schema]"))


def test_unknown_emotion_word(validate, write):
    path = write("m.journey.yaml", GYM + "    emotion: angry\n")
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "15:14: 'emotion' must be a number from -2 to 2 or one of frustrated, unhappy, neutral, happy, "
              "delighted; got 'angry' [schema]"))


def test_choice_suggests_the_closest(validate, write):
    path = write("m.journey.yaml", GYM + "channels:\n  - {id: app, name: \"App\", kind: digtal}\n")
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "16:34: 'kind' must be one of digital, physical, human, social, print, other; "
              "got the text 'digtal' (did you mean 'digital'?) [schema]"))


def test_id_must_be_a_slug(validate, write):
    path = write("m.journey.yaml", GYM.replace("id: trial", "id: Trial"))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "11:9: 'id' must be an id (lowercase letters, digits, '-' and '_', starting with a letter or digit), "
              "got 'Trial' [schema]"))


def test_empty_required_list(validate, write):
    path = write("m.journey.yaml", GYM.replace("touchpoints:\n", "touchpoints: []\n").split("  - id: trial")[0])
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(path, "10:14: 'touchpoints' must not be empty [schema]"))


def test_unquoted_no_is_a_boolean_and_the_message_says_to_quote_it(validate, write):
    path = write("m.journey.yaml", GYM.replace('name: "Lea"', "name: no"))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "5:11: 'name' must be text, got a boolean (false from no); "
              'YAML reads the unquoted no that way: quote it ("no") [schema]'))


def test_unquoted_leading_zero_is_an_octal_number(validate, write):
    path = write("m.journey.yaml", GYM.replace("id: lea", "id: 017"))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "4:9: 'id' must be text, got a number (15 from 017); "
              'YAML reads the unquoted 017 that way: quote it ("017") [schema]'))


def test_unquoted_clock_time_is_a_sexagesimal_number(validate, write):
    path = write("m.journey.yaml", GYM.replace('name: "Books a trial"', "name: 12:30"))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "12:11: 'name' must be text, got a number (750 from 12:30); "
              'YAML reads the unquoted 12:30 that way: quote it ("12:30") [schema]'))


def test_unsupported_version(validate, write):
    path = write("m.journey.yaml", GYM.replace("journeymap: 1", "journeymap: 2"))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "1:13: unsupported format version 2; this journeymap reads version 1 (journeymap: 1) [schema]"))


def test_quoted_version_is_text_not_the_number_1(validate, write):
    path = write("m.journey.yaml", GYM.replace("journeymap: 1", 'journeymap: "1"'))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "1:13: 'journeymap' is the format version and must be the number 1, got the text '1' [schema]"))


def test_empty_file(validate, write):
    path = write("m.journey.yaml", "# nothing yet\n")
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "1:1: the file is empty; a map needs at least journeymap: 1, title, personas, phases and touchpoints "
              "[schema]"))


# --- duplicate-id --------------------------------------------------------------------------

def test_duplicate_id_names_the_first_definition(validate, write):
    path = write("m.journey.yaml", GYM + '  - {id: trial, name: "Trial again", phase: join, owner: team}\n')
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, f"15:10: duplicate touchpoint id 'trial': first defined at {path}:11 [duplicate-id]"))


def test_duplicate_pain_id_in_one_touchpoint(validate, write):
    pains = '    pains:\n      - {id: fee, text: "Fee"}\n      - {id: fee, text: "Fee!"}\n'
    path = write("m.journey.yaml", GYM + pains)
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, f"17:14: duplicate pain id 'fee': first defined at {path}:16 [duplicate-id]"))


def test_id_in_an_included_library_and_the_map(validate, write, tmp_path):
    write("lib/people.yaml", """\
        personas:
          - id: lea
            name: "Lea"
        """)
    write("m.journey.yaml", GYM.replace("title: \"Gym\"\n", "title: \"Gym\"\ninclude: [lib/people.yaml]\n"))
    run = validate("m.journey.yaml", cwd=tmp_path)
    assert (run.code, run.lines) == (1, [
        "m.journey.yaml:5:9: error: duplicate persona id 'lea': first defined at lib/people.yaml:2 [duplicate-id]"])


# --- unknown-reference ---------------------------------------------------------------------

SHOP = map_with(
    title='"Shop"',
    personas=['{id: lea, name: "Lea"}', '{id: sam, name: "Sam"}'],
    phases=['{id: browse, name: "Browse"}', '{id: purchase, name: "Purchase"}'],
    owners=['{id: shop, name: "Shop team"}'],
    touchpoints="""
        - id: search
          name: "Searches"
          phase: browse
          owner: shop
          next: [pay]
        - id: pay
          name: "Pays"
          phase: purchase
          owner: shop
    """)


def test_unknown_phase_suggests_the_closest(validate, write):
    path = write("m.journey.yaml", SHOP.replace("phase: purchase", "phase: purchse"))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "19:12: unknown phase 'purchse' (did you mean 'purchase'?) [unknown-reference]"))


def test_unknown_next_target(validate, write):
    path = write("m.journey.yaml", SHOP.replace("next: [pay]", "next: [paj]"))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "16:12: unknown touchpoint 'paj' (did you mean 'pay'?) [unknown-reference]"))


def test_unknown_next_target_in_an_edge_mapping(validate, write):
    path = write("m.journey.yaml", SHOP.replace("next: [pay]", "next: [{to: paj, share: 0.5}]"))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "16:17: unknown touchpoint 'paj' (did you mean 'pay'?) [unknown-reference]"))


def test_unknown_owner_and_channel(validate, write):
    text = SHOP.replace("    owner: shop\n    next", "    owner: shpo\n    channel: web\n    next")
    path = write("m.journey.yaml", text)
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path,
        "15:12: unknown owner 'shpo' (did you mean 'shop'?) [unknown-reference]",
        "16:14: unknown channel 'web'; no channels are defined [unknown-reference]"))


def test_unknown_persona_in_an_emotion_mapping(validate, write):
    path = write("m.journey.yaml", SHOP + "    emotion: {lea: happy, sma: delighted}\n")
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "21:27: unknown persona 'sma' (did you mean 'sam'?) [unknown-reference]"))


def test_unknown_persona_in_a_personas_list(validate, write):
    path = write("m.journey.yaml", SHOP + "    personas: [lea, sma]\n")
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "21:21: unknown persona 'sma' (did you mean 'sam'?) [unknown-reference]"))



# With no id close to the unknown one, the message lists the ids there are, in the map's order.

def test_unknown_phase_without_a_close_one_lists_the_phases(validate, write):
    path = write("m.journey.yaml", SHOP.replace("phase: purchase", "phase: after"))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "19:12: unknown phase 'after'; the phases are: browse, purchase [unknown-reference]"))


def test_unknown_owner_with_one_owner_names_it(validate, write):
    path = write("m.journey.yaml", SHOP.replace("    owner: shop\n    next", "    owner: nobody\n    next"))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "15:12: unknown owner 'nobody'; the only owner is shop [unknown-reference]"))


def test_unknown_persona_in_an_emotion_mapping_lists_the_personas(validate, write):
    path = write("m.journey.yaml", SHOP + "    emotion: {lea: happy, kim: delighted}\n")
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "21:27: unknown persona 'kim'; the personas are: lea, sam [unknown-reference]"))


def test_unknown_next_target_among_many_lists_the_first_eight(validate, write):
    steps = [f'{{id: step-{n}, name: "Step {n}", phase: browse, owner: shop, next: [step-{n + 1}]}}'
             for n in range(1, 12)]
    steps.append('{id: step-12, name: "Step 12", phase: purchase, owner: shop, next: [checkout]}')
    path = write("m.journey.yaml", map_with(
        phases=['{id: browse, name: "Browse"}', '{id: purchase, name: "Purchase"}'],
        owners=['{id: shop, name: "Shop team"}'], touchpoints=steps))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "22:73: unknown touchpoint 'checkout'; the touchpoints are: step-1, step-2, step-3, step-4, step-5, "
              "step-6, step-7, step-8 … and 4 more [unknown-reference]"))


PAIN_AND_OPPORTUNITY = """\
    pains:
      - {id: fees, text: "Card fee", severity: 2}
opportunities:
  - id: free-card
    title: "Drop the card fee"
    owner: shop
    addresses: [ADDRESS]
"""


def test_unknown_pain_in_opportunity_addresses(validate, write):
    path = write("m.journey.yaml", SHOP + PAIN_AND_OPPORTUNITY.replace("ADDRESS", '"pay#fess"'))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "27:17: unknown pain 'pay#fess' (did you mean 'fees'?) [unknown-reference]"))


def test_unknown_pain_without_a_close_one_lists_the_touchpoints_pains(validate, write):
    path = write("m.journey.yaml", SHOP + PAIN_AND_OPPORTUNITY.replace("ADDRESS", '"pay#queue"'))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "27:17: unknown pain 'pay#queue'; the only pain of 'pay' is fees [unknown-reference]"))


def test_pain_address_at_a_touchpoint_without_pain_ids(validate, write):
    path = write("m.journey.yaml", SHOP + PAIN_AND_OPPORTUNITY.replace("ADDRESS", '"search#fees"'))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "27:17: unknown pain 'search#fees' (touchpoint 'search' has no pain with an id) [unknown-reference]"))


def test_unknown_touchpoint_in_opportunity_addresses(validate, write):
    path = write("m.journey.yaml", SHOP + PAIN_AND_OPPORTUNITY.replace("ADDRESS", '"pya#fees"'))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "27:17: unknown touchpoint 'pya' (did you mean 'pay'?) [unknown-reference]"))


# --- share-overflow ------------------------------------------------------------------------

def test_shares_above_one(validate, write):
    path = write("m.journey.yaml", SHOP.replace("    next: [pay]\n", """\
    next:
      - {to: pay, share: 0.7}
      - {to: search, share: 0.5}
"""))
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "16:5: shares out of 'search' add up to 1.2, more than 1 (pay 0.7, search 0.5) [share-overflow]"))


def test_shares_of_exactly_one_are_fine(validate, write):
    path = write("m.journey.yaml", SHOP.replace("    next: [pay]\n", """\
    next:
      - {to: pay, share: 0.7}
      - {to: search, share: 0.3}
"""))
    run = validate(path)
    assert (run.code, run.out) == (0, "")


# --- include-error -------------------------------------------------------------------------

def include(text: str, *entries: str) -> str:
    return text.replace('title: "Gym"\n', f'title: "Gym"\ninclude: [{", ".join(entries)}]\n')


def test_include_of_a_missing_file(validate, write, project, tmp_path):
    write("maps/m.journey.yaml", include(GYM, "../lib/persona.yaml"))
    run = validate("maps/m.journey.yaml", cwd=tmp_path)
    assert (run.code, run.lines) == (1, [
        "maps/m.journey.yaml:3:11: error: cannot include '../lib/persona.yaml': no such file (lib/persona.yaml) "
        "[include-error]"])


def test_include_of_a_folder(validate, write, tmp_path):
    (tmp_path / "lib").mkdir()
    write("m.journey.yaml", include(GYM, "lib"))
    run = validate("m.journey.yaml", cwd=tmp_path)
    assert (run.code, run.lines) == (1, [
        "m.journey.yaml:3:11: error: cannot include 'lib': it is a folder, not a YAML file [include-error]"])


def test_include_cycle(validate, write, tmp_path):
    write("a.yaml", "include: [b.yaml]\nowners:\n  - {id: legal, name: \"Legal\"}\n")
    write("b.yaml", "include: [a.yaml]\n")
    write("m.journey.yaml", include(GYM, "a.yaml"))
    run = validate("m.journey.yaml", cwd=tmp_path)
    assert (run.code, run.lines) == (1, [
        "b.yaml:1:11: error: include cycle: a.yaml -> b.yaml -> a.yaml [include-error]"])


def test_map_that_includes_itself(validate, write, tmp_path):
    write("m.journey.yaml", include(GYM, "m.journey.yaml"))
    run = validate("m.journey.yaml", cwd=tmp_path)
    assert (run.code, run.lines) == (1, [
        "m.journey.yaml:3:11: error: include cycle: m.journey.yaml -> m.journey.yaml [include-error]"])


def test_include_of_a_binary_file(validate, write, tmp_path):
    write("logo.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write("m.journey.yaml", include(GYM, "logo.yaml"))
    run = validate("m.journey.yaml", cwd=tmp_path)
    assert (run.code, run.lines) == (1, [
        "m.journey.yaml:3:11: error: cannot include 'logo.yaml': it is not a UTF-8 text file "
        "(bad byte at line 1, column 1) [include-error]"])


def test_included_file_holds_only_library_keys(validate, write, tmp_path):
    write("lib.yaml", "owners:\n  - {id: legal, name: \"Legal\"}\ntouchpoints: []\n")
    write("m.journey.yaml", include(GYM, "lib.yaml"))
    run = validate("m.journey.yaml", cwd=tmp_path)
    assert (run.code, run.lines) == (1, [
        "lib.yaml:3:1: error: an included file holds only personas, phases, channels and owners; "
        "'touchpoints' belongs in the map itself [schema]"])


# --- data-error ----------------------------------------------------------------------------

def with_data(entry: str) -> str:
    """MINIMAL_MAP (12 lines) plus a data source on line 14."""
    return MINIMAL_MAP + f"data:\n  - {entry}\n"


def test_missing_csv(validate, write, tmp_path):
    write("m.journey.yaml", with_data("{file: nps.csv, kind: nps}"))
    run = validate("m.journey.yaml", cwd=tmp_path)
    assert (run.code, run.lines) == (1, [
        "m.journey.yaml:14:12: error: data file 'nps.csv' does not exist [data-error]"])


def test_missing_csv_names_where_it_was_looked_for(validate, write, project, tmp_path):
    write("maps/m.journey.yaml", with_data("{file: ../data/nps.csv, kind: nps}"))
    run = validate("maps/m.journey.yaml", cwd=tmp_path)
    assert (run.code, run.lines) == (1, [
        "maps/m.journey.yaml:14:12: error: data file '../data/nps.csv' does not exist (data/nps.csv) [data-error]"])


def test_missing_column_suggests_the_closest(validate, write, tmp_path):
    write("nps.csv", "touchpoint,score\nsignup,9\n")
    write("m.journey.yaml", with_data("{file: nps.csv, kind: nps, score_column: scores}"))
    run = validate("m.journey.yaml", cwd=tmp_path)
    assert (run.code, run.lines) == (1, [
        "m.journey.yaml:14:46: error: column 'scores' is not in nps.csv (columns: touchpoint, score) "
        "(did you mean 'score'?) [data-error]"])


def test_missing_default_column_points_at_the_file(validate, write, tmp_path):
    write("nps.csv", "step,score\nsignup,9\n")
    write("m.journey.yaml", with_data("{file: nps.csv, kind: nps}"))
    run = validate("m.journey.yaml", cwd=tmp_path)
    assert (run.code, run.lines) == (1, [
        "m.journey.yaml:14:12: error: column 'touchpoint' is not in nps.csv (columns: step, score) [data-error]"])


def test_score_out_of_range_is_reported_at_its_csv_line(validate, write, tmp_path):
    write("nps.csv", "touchpoint,score\nsignup,9\nwelcome,11\n")
    write("m.journey.yaml", with_data("{file: nps.csv, kind: nps}"))
    run = validate("m.journey.yaml", cwd=tmp_path)
    assert (run.code, run.lines) == (1, ["nps.csv:3:9: error: nps score 11 is outside 0..10 [data-error]"])


def test_broken_csv_rows(validate, write, tmp_path):
    write("csat.csv", """\
        touchpoint;score;date
        signup;4;2026-11-01
        signup;4
        sigup;5;2026-11-02
        welcome;good;2026-11-02
        welcome;5;02.11.2026
        """)
    write("m.journey.yaml", with_data("{file: csat.csv, kind: csat, date_column: date}"))
    run = validate("--today", "2026-11-25", "m.journey.yaml", cwd=tmp_path)
    assert (run.code, run.lines) == (1, [
        "csat.csv:3:1: error: row has 2 fields, the header has 3 [data-error]",
        "csat.csv:4:1: error: unknown touchpoint 'sigup' (did you mean 'signup'?) [data-error]",
        "csat.csv:5:9: error: score 'good' is not a number [data-error]",
        "csat.csv:6:11: error: date '02.11.2026' is not an ISO date (YYYY-MM-DD) [data-error]",
    ])


def test_csv_row_with_an_unknown_touchpoint_and_none_close_lists_them(validate, write, tmp_path):
    write("csat.csv", "touchpoint;score\nsignup;4\nlobby;5\n")
    write("m.journey.yaml", with_data("{file: csat.csv, kind: csat}"))
    run = validate("m.journey.yaml", cwd=tmp_path)
    assert (run.code, run.lines) == (1, [
        "csat.csv:3:1: error: unknown touchpoint 'lobby'; the touchpoints are: signup, welcome [data-error]"])


def test_csv_in_latin1_is_a_data_error_at_the_bad_byte(validate, write, tmp_path):
    write("nps.csv", "touchpoint,score,comment\nsignup,9,schön\n".encode("latin-1"))
    write("m.journey.yaml", with_data("{file: nps.csv, kind: nps}"))
    run = validate("m.journey.yaml", cwd=tmp_path)
    assert (run.code, run.lines) == (1, [
        "nps.csv:2:13: error: not UTF-8: byte 0xf6 cannot start a character here "
        "(the file may be Latin-1 or Windows-1252); save it as UTF-8 [data-error]"])


# --- input-limit ---------------------------------------------------------------------------

BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_billion_laughs_is_refused(validate, write):
    # Expanded node counts: a 10, b 91, c 820, d 7381, e 66430, f 597871 -- f is the first over 100,000.
    path = write("m.journey.yaml", BILLION_LAUGHS)
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(
        path, "6:4: aliases here expand to more than 100,000 nodes (an alias bomb?); write the data out instead "
              "[input-limit]"))


def test_deep_nesting_is_refused(validate, write):
    # The map is level 1 and each '[' one more: the 64th '[' (column 14 + 63) would be level 65.
    path = write("m.journey.yaml", "journeymap: 1\ntitle: x\ndescription: " + "[" * 100 + "]" * 100 + "\n")
    run = validate(path)
    assert (run.code, run.lines) == (1, errors(path, "3:77: nesting is deeper than 64 levels [input-limit]"))


def test_file_over_max_size(validate, write):
    path = write("m.journey.yaml", MINIMAL_MAP)
    size = len(MINIMAL_MAP.encode())
    run = validate("--max-size", size - 1, path)
    assert (run.code, run.lines) == (1, errors(
        path, f"1:1: the file is {size} bytes, over the {size - 1} bytes limit (see --max-size) [input-limit]"))


def test_file_exactly_at_max_size(validate, write):
    path = write("m.journey.yaml", MINIMAL_MAP)
    run = validate("--max-size", len(MINIMAL_MAP.encode()), path)
    assert (run.code, run.out) == (0, "")


# --- every finding, in order ---------------------------------------------------------------

def test_all_load_and_schema_errors_are_reported_sorted_by_line(validate, write):
    # Keys out of the model's order, so the schema's own order (title, personas, phases, touchpoints)
    # differs from the file's.
    path = write("m.journey.yaml", """\
        journeymap: 1
        touchpoints:
          - id: trial
            name: "Books a trial"
            phase: join
            effort: 9
        title: "Gym"
        phases:
          - {id: join, name: no}
        personas:
          - id: lea
            nmae: "Lea"
        journeymap: 1
        """)
    run = validate(path)
    assert run.code == 1
    assert run.lines == errors(
        path,
        "6:13: 'effort' must be between 1 and 7, got 9 [schema]",
        "9:22: 'name' must be text, got a boolean (false from no); YAML reads the unquoted no that way: "
        'quote it ("no") [schema]',
        "11:5: missing required key 'name' in persona 'lea' [schema]",
        "12:5: unknown key 'nmae' in persona 'lea' (did you mean 'name'?) [schema]",
        "13:1: duplicate key 'journeymap': first at line 1, again at line 13 [duplicate-key]",
    )
    assert run.err.strip() == "1 map checked: 5 errors, 0 warnings (more warnings may follow once the errors are fixed: docs/rules.md)"


def test_all_reference_errors_are_reported_and_no_warning_that_follows_from_them(validate, write):
    # 'app' and 'shop' look unused only because 'ap' and 'shpo' are misspelt: unused-definition
    # waits until the references are fixed; no-owner does not depend on them and is reported.
    path = write("m.journey.yaml", """\
        journeymap: 1
        title: "Shop"
        personas:
          - {id: lea, name: "Lea"}
        phases:
          - {id: browse, name: "Browse"}
          - {id: purchase, name: "Purchase"}
        channels:
          - {id: app, name: "App"}
        owners:
          - {id: shop, name: "Shop team"}
        touchpoints:
          - id: search
            name: "Searches"
            phase: browse
            channel: ap
            next:
              - {to: pay, share: 0.9}
              - {to: search, share: 0.2}
          - id: pay
            name: "Pays"
            phase: purchase
            owner: shpo
        """)
    run = validate(path)
    assert run.code == 1
    assert run.lines == [
        f"{path}:13:5: warning: touchpoint 'search' has no owner: who answers for it? [no-owner]",
        f"{path}:16:14: error: unknown channel 'ap' (did you mean 'app'?) [unknown-reference]",
        f"{path}:17:5: error: shares out of 'search' add up to 1.1, more than 1 (pay 0.9, search 0.2) "
        "[share-overflow]",
        f"{path}:23:12: error: unknown owner 'shpo' (did you mean 'shop'?) [unknown-reference]",
    ]


def test_a_library_shared_by_two_maps_is_reported_once(validate, write, tmp_path):
    write("shared/people.yaml", "personas:\n  - {id: lea, name: \"Lea\", colour: red}\n")
    for name in ("b.journey.yaml", "a.journey.yaml"):
        write(name, include(GYM, "shared/people.yaml").replace('personas:\n  - id: lea\n    name: "Lea"\n', ""))
    run = validate("b.journey.yaml", "a.journey.yaml", cwd=tmp_path)
    assert (run.code, run.lines) == (1, [
        "shared/people.yaml:2:28: error: unknown key 'colour' in persona 'lea' [schema]"])


def test_findings_in_the_map_and_its_csv_are_sorted_by_file(validate, write, tmp_path):
    write("nps.csv", "touchpoint,score\nsignup,9\nwelcome,-1\n")
    text = with_data("{file: nps.csv, kind: nps}").replace("next: [welcome]", "next: [welcom]")
    write("m.journey.yaml", text)
    run = validate("m.journey.yaml", cwd=tmp_path)
    assert (run.code, run.lines) == (1, [
        "m.journey.yaml:11:69: error: unknown touchpoint 'welcom' (did you mean 'welcome'?) [unknown-reference]",
        "nps.csv:3:9: error: nps score -1 is outside 0..10 [data-error]",
    ])


def test_several_maps_are_reported_in_file_order(validate, write, tmp_path):
    for name in ("b.journey.yaml", "a.journey.yaml"):
        write(name, MINIMAL_MAP.replace("title:", "titel:"))
    run = validate("b.journey.yaml", "a.journey.yaml", cwd=tmp_path)
    assert run.code == 1
    assert run.lines == [
        "a.journey.yaml:1:1: error: missing required key 'title' [schema]",
        "a.journey.yaml:2:1: error: unknown key 'titel' (did you mean 'title'?) [schema]",
        "b.journey.yaml:1:1: error: missing required key 'title' [schema]",
        "b.journey.yaml:2:1: error: unknown key 'titel' (did you mean 'title'?) [schema]",
    ]
    assert run.err.strip() == ("2 maps checked: 4 errors, 0 warnings "
                               "(more warnings may follow once the errors are fixed: docs/rules.md)")
