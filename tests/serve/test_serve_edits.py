"""serve/edit/: a browser edit changes exactly the lines it must, in every sample map, and nothing else.

For each sample and each kind of edit the expected file is built by hand from the original lines
(positions from journeymap's own YAML reader), and the edited text must equal it byte for byte:
so only the edited lines changed, and every comment line is still there. The result must also
still validate. Then: layouts the editor must keep or refuse, and malformed edits from the browser.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from journeymap.serve.edit.apply import EditRefused, apply_edit
from journeymap.serve.edit.checks import comment_lines
from journeymap.serve.edit.opportunities import opportunity_id
from journeymap.serve.edit.round_trip import RoundTripText
from journeymap.rules.pipeline import validate_file
from journeymap.source.positions import parse

from support.paths import SAMPLES

SAMPLE_MAPS = sorted(SAMPLES.glob("*/*.journey.yaml"))
WORDS = ["frustrated", "unhappy", "neutral", "happy", "delighted"]


@dataclass
class Sample:
    path: Path
    text: str

    def __post_init__(self):
        self.data, self.sourcemap, _ = parse(self.text, str(self.path))
        self.lines = self.text.split("\n")

    @property
    def touchpoints(self) -> list[tuple[int, dict]]:
        return list(enumerate(self.data["touchpoints"]))

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    def key_line(self, *path) -> int:
        return self.sourcemap.keys[tuple(path)].line

    def value_line(self, *path) -> int:
        return self.sourcemap.values[tuple(path)].line

    def personas(self) -> list[str]:
        """The map's persona ids after includes (what the serve layer sends with an emotion edit)."""
        ids = [p["id"] for p in self.data.get("personas", [])]
        for include in self.data.get("include", []):
            library = parse((self.path.parent / include).read_text(encoding="utf-8"), include)[0]
            ids = [p["id"] for p in library.get("personas", [])] + ids
        return ids

    def owners(self) -> list[str]:
        ids = [o["id"] for o in self.data.get("owners", [])]
        for include in self.data.get("include", []):
            ids += [o["id"] for o in parse((self.path.parent / include).read_text(encoding="utf-8"), include)[0]
                    .get("owners", [])]
        return ids


def edited(text: str, replace: dict | None = None, delete=(), insert: dict | None = None) -> str:
    """The text with lines replaced ({number: line}), deleted, or inserted after a line ({number: [lines]})."""
    replace, insert = replace or {}, insert or {}
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        if number not in delete:
            out.append(replace.get(number, line))
        out.extend(insert.get(number, []))
    return "\n".join(out)


def changed(before: str, after: str) -> tuple[int, int]:
    """(lines removed, lines added) by difflib."""
    removed = added = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before.split("\n"), after.split("\n"),
                                                       autojunk=False).get_opcodes():
        if tag != "equal":
            removed, added = removed + i2 - i1, added + j2 - j1
    return removed, added


def indent(line: str) -> str:
    return line[:len(line) - len(line.lstrip(" "))]


def other_word(raw: str) -> str:
    return "delighted" if raw != "delighted" else "frustrated"


def other_number(raw: str) -> int:
    return -2 if raw != "-2" else 2


def emotion_raw(line: str) -> str:
    return line.split("emotion:", 1)[1].strip()


# ------------------------------------------------------------------------------ the cases, per edit kind

def insertion_line(sample: Sample, index: int, key: str) -> int | None:
    """The line after which a new touchpoint key goes: the last line before the key that follows the
    last key the format lists before it (None when the new key would be the touchpoint's last)."""
    from journeymap.model.format import Touchpoint
    order = list(Touchpoint.model_fields)
    keys = list(sample.data["touchpoints"][index])
    before = [k for k in keys if k in order[:order.index(key)]]
    after_last = keys.index(before[-1]) + 1
    if after_last >= len(keys):
        return None
    return sample.key_line("touchpoints", index, keys[after_last]) - 1


def key_indent(sample: Sample, index: int) -> str:
    return indent(sample.line(sample.key_line("touchpoints", index, "name")))


def emotion_cases(sample: Sample):
    personas = sample.personas()
    for index, tp in sample.touchpoints:
        if isinstance(tp.get("emotion"), (int, float, str)) and "#" not in sample.line(sample.key_line(
                "touchpoints", index, "emotion")):
            number = sample.key_line("touchpoints", index, "emotion")
            line = sample.line(number)
            raw = emotion_raw(line)
            new = other_word(raw) if raw in WORDS else other_number(raw)
            prefix = line[:line.index("emotion:")] + "emotion: "
            yield ("shared value", {"op": "emotion", "touchpoint": tp["id"], "persona": None, "value": new},
                   edited(sample.text, {number: prefix + str(new)}))
            passing = tp.get("personas") or personas
            persona = passing[-1]
            if len(passing) == 1:
                mapping = str(new)
            else:
                mapping = "{" + ", ".join(f"{p}: {new if p == persona else raw}" for p in passing) + "}"
            yield ("one persona of a shared value", {"op": "emotion", "touchpoint": tp["id"], "persona": persona,
                                                     "value": new, "personas": personas},
                   edited(sample.text, {number: prefix + mapping}))
            break
    yield from mapping_emotion_cases(sample, personas)


def mapping_emotion_cases(sample: Sample, personas: list[str]):
    flow_done = block_done = False
    for index, tp in sample.touchpoints:
        emotion = tp.get("emotion")
        if not isinstance(emotion, dict) or len(emotion) < 2:
            continue
        key = sample.key_line("touchpoints", index, "emotion")
        persona = list(emotion)[0]
        value_line = sample.value_line("touchpoints", index, "emotion", persona)
        line = sample.line(value_line)
        raw = re.search(rf"\b{persona}: ([^,}}]+)", line).group(1).strip()
        new = other_word(raw) if raw in WORDS else other_number(raw)
        edit = {"op": "emotion", "touchpoint": tp["id"], "persona": persona, "value": new, "personas": personas}
        if value_line == key and not flow_done:
            flow_done = True
            assert "{" in line
            yield ("one persona of a flow mapping", edit,
                   edited(sample.text, {key: re.sub(rf"\b{persona}: [^,}}]+", f"{persona}: {new}", line, count=1)}))
            others = re.findall(r"([a-z0-9][a-z0-9_-]*): ([^,}]+)", line.split("{", 1)[1])[1:]
            yield ("remove a persona from a flow mapping", {**edit, "value": None},
                   edited(sample.text, {key: line.split("{")[0] + "{" + ", ".join(f"{k}: {v.strip()}"
                                                                                  for k, v in others) + "}"}))
        elif value_line > key and not block_done:
            block_done = True
            yield ("one persona of a block mapping", edit,
                   edited(sample.text, {value_line: line.split(":")[0] + f": {new}"}))
            yield ("remove a persona from a block mapping", {**edit, "value": None},
                   edited(sample.text, delete={value_line}))


def effort_cases(sample: Sample):
    with_effort = [(i, tp) for i, tp in sample.touchpoints if "effort" in tp]
    index, tp = with_effort[0]
    number = sample.key_line("touchpoints", index, "effort")
    line = sample.line(number)
    new = 7 if tp["effort"] != 7 else 1
    yield ("set", {"op": "effort", "touchpoint": tp["id"], "value": new},
           edited(sample.text, {number: line.split(":")[0] + f": {new}"}))
    yield ("remove", {"op": "effort", "touchpoint": tp["id"], "value": None}, edited(sample.text, delete={number}))
    for index, tp in sample.touchpoints:
        after = insertion_line(sample, index, "effort")
        if "effort" not in tp and after:
            yield ("add", {"op": "effort", "touchpoint": tp["id"], "value": 2.5},
                   edited(sample.text, insert={after: [key_indent(sample, index) + "effort: 2.5"]}))
            break


def name_cases(sample: Sample):
    index, tp = sample.touchpoints[-1]
    number = sample.key_line("touchpoints", index, "name")
    line = sample.line(number)
    assert line.endswith('"')   # the samples double-quote names: the new one keeps the quotes
    yield ("rename", {"op": "name", "touchpoint": tp["id"], "value": '  A "better" name  '},
           edited(sample.text, {number: line.split(":")[0] + ': "A \\"better\\" name"'}))


def owner_cases(sample: Sample):
    index, tp = next((i, tp) for i, tp in sample.touchpoints if "owner" in tp)
    number = sample.key_line("touchpoints", index, "owner")
    line = sample.line(number)
    other = next(o for o in sample.owners() if o != tp["owner"])
    yield ("set", {"op": "owner", "touchpoint": tp["id"], "value": other},
           edited(sample.text, {number: line.split(":")[0] + f": {other}"}))
    yield ("remove", {"op": "owner", "touchpoint": tp["id"], "value": None}, edited(sample.text, delete={number}))


def block_items(sample: Sample, index: int, key: str) -> list[int] | None:
    """The lines of a touchpoint's pains (gains) written as a block list of one-line items, else None."""
    items = sample.data["touchpoints"][index].get(key)
    if not items or sample.value_line("touchpoints", index, key) == sample.key_line("touchpoints", index, key):
        return None
    lines = [sample.value_line("touchpoints", index, key, n) for n in range(len(items))]
    return lines if len(set(lines)) == len(lines) == lines[-1] - lines[0] + 1 else None


def pain_cases(sample: Sample):
    for index, tp in sample.touchpoints:
        lines = block_items(sample, index, "pains")
        if lines:
            dash = indent(sample.line(lines[-1]))
            yield ("add to a block list", {"op": "add-pain", "touchpoint": tp["id"], "text": "Workshop pain",
                                           "severity": 4},
                   edited(sample.text, insert={lines[-1]: [dash + '- {text: "Workshop pain", severity: 4}']}))
            break
    for index, tp in sample.touchpoints:
        after = insertion_line(sample, index, "pains")
        if "pains" not in tp and after:
            keys = key_indent(sample, index)
            yield ("add the first pain", {"op": "add-pain", "touchpoint": tp["id"], "text": "Workshop pain"},
                   edited(sample.text, insert={after: [keys + "pains:", keys + '  - "Workshop pain"']}))
            break


def edit_pain_cases(sample: Sample):
    text_done = mapping_done = False
    for index, tp in sample.touchpoints:
        for position, pain in enumerate(tp.get("pains", [])):
            number = sample.value_line("touchpoints", index, "pains", position)
            line = sample.line(number)
            edit = {"op": "edit-pain", "touchpoint": tp["id"], "index": position}
            if isinstance(pain, str) and line.lstrip().startswith('- "') and not text_done:
                text_done = True
                yield ("a text pain gets a severity", {**edit, "severity": 5},
                       edited(sample.text, {number: indent(line) + f'- {{text: "{pain}", severity: 5}}'}))
                yield ("a text pain gets new text", {**edit, "text": "Reworded", "severity": 3},
                       edited(sample.text, {number: indent(line) + '- "Reworded"'}))
            if isinstance(pain, dict) and line.lstrip().startswith("- {") and not mapping_done:
                mapping_done = True
                new_line = line.replace(f'text: "{pain["text"]}"', 'text: "Reworded"')
                assert new_line != line
                yield ("a mapping keeps its id", {**edit, "text": "Reworded"}, edited(sample.text, {number: new_line}))
    assert text_done or mapping_done


def addressed(sample: Sample, touchpoint: dict, pains: list) -> bool:
    names = {f'{touchpoint["id"]}#{p["id"]}' for p in pains if isinstance(p, dict) and "id" in p}
    return any(names & set(o["addresses"]) for o in sample.data.get("opportunities", []))


def remove_pain_cases(sample: Sample):
    several = single = False
    for index, tp in sample.touchpoints:
        lines = block_items(sample, index, "pains")
        if lines and len(lines) >= 2 and not several and not addressed(sample, tp, tp["pains"][:1]):
            several = True
            yield ("one of several", {"op": "remove-pain", "touchpoint": tp["id"], "index": 0},
                   edited(sample.text, delete={lines[0]}))
        if lines and len(lines) == 1 and not single and not addressed(sample, tp, tp["pains"]):
            single = True
            yield ("the only one", {"op": "remove-pain", "touchpoint": tp["id"], "index": 0},
                   edited(sample.text, delete={lines[0] - 1, lines[0]}))
    index, tp = next((i, tp) for i, tp in sample.touchpoints if block_items(sample, i, "pains"))
    added = apply_edit(sample.text, {"op": "add-pain", "touchpoint": tp["id"], "text": "Short-lived", "severity": 2})
    yield ("added and removed again", {"op": "remove-pain", "touchpoint": tp["id"], "index": len(tp["pains"])},
           sample.text, added)


def gain_cases(sample: Sample):
    block = flow = False
    for index, tp in sample.touchpoints:
        gains = tp.get("gains")
        if not gains:
            continue
        lines = block_items(sample, index, "gains")
        key = sample.key_line("touchpoints", index, "gains")
        line = sample.line(key)
        mappings = all(isinstance(g, dict) for g in gains)
        new = '{text: "Workshop gain"}' if mappings else '"Workshop gain"'
        if lines and not block:
            block = True
            yield ("add to a block list", {"op": "add-gain", "touchpoint": tp["id"], "text": "Workshop gain"},
                   edited(sample.text, insert={lines[-1]: [indent(sample.line(lines[-1])) + "- " + new]}))
            yield ("remove from a block list", {"op": "remove-gain", "touchpoint": tp["id"], "index": len(gains) - 1},
                   edited(sample.text, delete={lines[-1]} if len(lines) > 1 else {key, lines[-1]}))
        if line.rstrip().endswith("]") and "[" in line and not flow and all(isinstance(g, str) for g in gains):
            flow = True
            yield ("add to a flow list", {"op": "add-gain", "touchpoint": tp["id"], "text": "Workshop gain"},
                   edited(sample.text, {key: line.rstrip()[:-1] + f", {new}]"}))
            yield ("edit in a flow list", {"op": "edit-gain", "touchpoint": tp["id"], "index": 0, "text": "Better"},
                   edited(sample.text, {key: line.replace(f'"{gains[0]}"', '"Better"', 1)}))
            rest = line.replace(f'"{gains[0]}", ', "", 1) if len(gains) > 1 else None
            yield ("remove from a flow list", {"op": "remove-gain", "touchpoint": tp["id"], "index": 0},
                   edited(sample.text, {key: rest}) if rest else edited(sample.text, delete={key}))
    assert block or flow


def note_cases(sample: Sample):
    for index, tp in sample.touchpoints:
        after = insertion_line(sample, index, "notes")
        if after:
            keys = key_indent(sample, index)
            yield ("the first note", {"op": "add-note", "touchpoint": tp["id"], "text": "Ask the hotline team",
                                      "by": "Kim"},
                   edited(sample.text, insert={after: [keys + "notes:",
                                                       keys + '  - {text: "Ask the hotline team", by: "Kim"}']}))
            return


def opportunity_cases(sample: Sample):
    keys = list(sample.data)
    position = keys.index("opportunities")
    end = sample.key_line(keys[position + 1]) - 1 if position + 1 < len(keys) else len(sample.lines)
    while not sample.line(end).strip() or sample.line(end).lstrip().startswith("#"):
        end -= 1
    dash = indent(sample.line(sample.value_line("opportunities", 0)))
    index, tp = sample.touchpoints[0]
    pain = next((p["id"] for i, t in sample.touchpoints for p in t.get("pains", [])
                 if isinstance(p, dict) and "id" in p), None)
    target = next(f'{t["id"]}#{pain}' for _, t in sample.touchpoints
                  if any(isinstance(p, dict) and p.get("id") == pain for p in t.get("pains", [])))
    taken = {o["id"] for o in sample.data["opportunities"]}
    assert "fix-it-in-the-workshop" not in taken
    yield ("append", {"op": "add-opportunity", "title": "Fix it in the workshop", "addresses": [target, tp["id"]],
                      "owner": sample.owners()[0]},
           edited(sample.text, insert={end: [dash + "- id: fix-it-in-the-workshop",
                                             dash + '  title: "Fix it in the workshop"',
                                             dash + f'  addresses: ["{target}", "{tp["id"]}"]',
                                             dash + f"  owner: {sample.owners()[0]}"]}))


CASES = {"emotion": emotion_cases, "effort": effort_cases, "name": name_cases, "owner": owner_cases,
         "add-pain": pain_cases, "edit-pain": edit_pain_cases, "remove-pain": remove_pain_cases,
         "gains": gain_cases, "add-note": note_cases, "add-opportunity": opportunity_cases}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of samples/ (maps, the shared library, data files) to validate edited maps in."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(SAMPLES, root / "samples")
    return root / "samples"


def assert_valid(project: Path, sample_path: Path, text: str) -> None:
    path = project / sample_path.relative_to(SAMPLES)
    original = path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    try:
        result = validate_file(path, str(path), root=project, today=None)
    finally:
        path.write_text(original, encoding="utf-8")
    errors = [f"{d.line}: {d.message}" for d in result.diagnostics if d.severity == "error"]
    assert errors == []


@pytest.mark.parametrize("kind", list(CASES))
@pytest.mark.parametrize("map_path", SAMPLE_MAPS, ids=lambda p: p.parent.name)
def test_an_edit_changes_only_its_lines(map_path, kind, project):
    sample = Sample(map_path, map_path.read_text(encoding="utf-8"))
    cases = list(CASES[kind](sample))
    assert cases, f"no {kind} case in {map_path.name}"
    for label, edit, expected, *base in cases:
        before = base[0] if base else sample.text
        after = apply_edit(before, json.loads(json.dumps(edit)))   # as the browser sends it
        assert after == expected, f"{kind}: {label}\n" + "".join(difflib.unified_diff(
            expected.splitlines(True), after.splitlines(True), "expected", "edited"))
        assert not comment_lines(before) - comment_lines(after), label
        assert_valid(project, map_path, after)


@pytest.mark.parametrize("edit, lines", [
    ({"op": "emotion", "touchpoint": "cart", "persona": None, "value": "unhappy"}, (1, 1)),
    ({"op": "emotion", "touchpoint": "checkout-account", "persona": "alpinist", "value": -2}, (1, 1)),
    ({"op": "emotion", "touchpoint": "size-chat", "persona": "gift-buyer", "value": None}, (1, 1)),
    ({"op": "emotion", "touchpoint": "cart", "persona": "gift-buyer", "value": -1,
      "personas": ["weekend-hiker", "gift-buyer", "alpinist"]}, (1, 1)),
    ({"op": "effort", "touchpoint": "cart", "value": 5}, (1, 1)),
    ({"op": "effort", "touchpoint": "cart", "value": None}, (1, 0)),
    ({"op": "name", "touchpoint": "cart", "value": "Checks the basket"}, (1, 1)),
    ({"op": "owner", "touchpoint": "cart", "value": "checkout"}, (1, 1)),
    ({"op": "add-pain", "touchpoint": "checkout-account", "text": "Captcha", "severity": 4}, (0, 1)),
    ({"op": "edit-pain", "touchpoint": "checkout-account", "index": 3, "severity": 4}, (1, 1)),
    ({"op": "remove-pain", "touchpoint": "checkout-account", "index": 3}, (1, 0)),
    ({"op": "add-gain", "touchpoint": "payment", "text": "Apple Pay"}, (1, 1)),
    ({"op": "remove-gain", "touchpoint": "doorstep-delivery", "index": 1}, (1, 0)),
    ({"op": "add-note", "touchpoint": "cart", "text": "Voucher field hidden on mobile", "by": "Kim"}, (0, 2)),
    ({"op": "add-opportunity", "title": "Voucher field in the cart", "addresses": ["cart"]}, (0, 3)),
])
def test_difflib_shows_only_the_lines_an_edit_must_touch(edit, lines):
    text = (SAMPLES / "online-shop" / "first-purchase.journey.yaml").read_text(encoding="utf-8")
    after = apply_edit(text, edit)
    assert changed(text, after) == lines
    assert not comment_lines(text) - comment_lines(after)


# ------------------------------------------------------------------------------ the layout is kept

VARIANTS = {
    "as is": lambda text: text,
    "CRLF": lambda text: text.replace("\n", "\r\n"),
    "byte-order mark": lambda text: "\ufeff" + text,
    "no final newline": lambda text: text.rstrip("\n"),
    "blank lines at the end": lambda text: text + "\n\n",
    "--- and ...": lambda text: text.replace("\njourneymap: 1\n", "\n---\njourneymap: 1\n", 1) + "...\n# end\n",
}


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("map_path", sorted(SAMPLES.glob("*/*.yaml")), ids=lambda p: p.parent.name)
def test_loading_and_writing_back_is_byte_identical(map_path, variant):
    text = VARIANTS[variant](map_path.read_text(encoding="utf-8"))
    assert RoundTripText(text).dump() == text


@pytest.mark.parametrize("variant", ["CRLF", "byte-order mark", "no final newline", "--- and ..."])
def test_line_endings_bom_and_markers_survive_an_edit(variant):
    text = (SAMPLES / "cafe" / "morning-coffee.journey.yaml").read_text(encoding="utf-8")
    edit = {"op": "add-opportunity", "title": "Order at the counter", "addresses": ["collect"]}
    expected = VARIANTS[variant](apply_edit(text, edit))
    assert apply_edit(VARIANTS[variant](text), edit) == expected
    assert expected.count("# yaml-language-server: $schema=../../journeymap.schema.json") == 1


def test_german_text_and_emoji_survive():
    path = SAMPLES / "bank-account" / "kontoeroeffnung.journey.yaml"
    text = path.read_text(encoding="utf-8")
    name = "Prüft die Öffnungszeiten der Filiale – „schnell“ 🎉"
    after = apply_edit(text, {"op": "name", "touchpoint": "postident", "value": name})
    assert changed(text, after) == (1, 1)
    assert f'    name: "{name}"' in after.split("\n")
    after = apply_edit(after, {"op": "add-note", "touchpoint": "video-ident", "text": "Wartezeit messen ⏱️👩‍💻",
                               "by": "Jürgen Özdemir"})
    assert '      - {text: "Wartezeit messen ⏱️👩‍💻", by: "Jürgen Özdemir"}' in after.split("\n")
    assert changed(text, after) == (1, 3)
    assert after.encode("utf-8").decode("utf-8") == after and "\\u" not in after and "\\U" not in after
    assert parse(after, "map")[0]["touchpoints"][4]["notes"] == [{"text": "Wartezeit messen ⏱️👩‍💻",
                                                                  "by": "Jürgen Özdemir"}]


FLOW_MAP = """\
journeymap: 1
title: 'Flow'   # single-quoted title
personas:
  - {id: lea, name: "Lea"}
  - {id: max, name: 'Max'}
phases:
  - {id: browse, name: "Browse"}
touchpoints:
  - id: product
    name: Looks at the product
    phase: browse
    emotion: {lea: -1, max: 0}
    pains:
      - 'Photos load slowly'
      - {id: size, text: "No size chart", severity: 4}
    gains: ['Free returns']
    next:
      - {to: cart, share: 0.76}
  - {id: cart, name: 'Cart', phase: browse, emotion: happy}
"""

WITH_NOTE = FLOW_MAP.replace("    gains: ['Free returns']\n", "    gains: ['Free returns']\n    notes: ['Ask the hotline']\n")


def test_a_sticky_note_is_removed_and_the_notes_key_goes_with_the_last_one():
    two = apply_edit(WITH_NOTE, {"op": "add-note", "touchpoint": "product", "text": "Measure it", "by": "Kim"})
    one = apply_edit(two, {"op": "remove-note", "touchpoint": "product", "index": 0})
    assert "Ask the hotline" not in one and "Measure it" in one
    assert apply_edit(WITH_NOTE, {"op": "remove-note", "touchpoint": "product", "index": 0}) == FLOW_MAP
    with pytest.raises(EditRefused, match="has no note at position 0"):
        apply_edit(FLOW_MAP, {"op": "remove-note", "touchpoint": "product", "index": 0})


def test_flow_style_stays_flow_style():
    after = apply_edit(FLOW_MAP, {"op": "emotion", "touchpoint": "product", "persona": "lea", "value": 2})
    assert after == FLOW_MAP.replace("emotion: {lea: -1, max: 0}", "emotion: {lea: 2, max: 0}")
    after = apply_edit(FLOW_MAP, {"op": "edit-pain", "touchpoint": "product", "index": 1, "severity": 5})
    assert after == FLOW_MAP.replace('severity: 4}', 'severity: 5}')
    after = apply_edit(FLOW_MAP, {"op": "effort", "touchpoint": "cart", "value": 3})
    assert after == FLOW_MAP.replace("emotion: happy}", "emotion: happy, effort: 3}")
    after = apply_edit(FLOW_MAP, {"op": "emotion", "touchpoint": "cart", "persona": "max", "value": -1,
                                  "personas": ["lea", "max"]})
    assert after == FLOW_MAP.replace("emotion: happy}", "emotion: {lea: happy, max: unhappy}}")   # words stay words
    assert "      - {to: cart, share: 0.76}\n" in after


def test_quotes_keep_their_style():
    after = apply_edit(FLOW_MAP, {"op": "edit-pain", "touchpoint": "product", "index": 0, "text": "Photos load 'slowly'"})
    assert after == FLOW_MAP.replace("- 'Photos load slowly'", "- 'Photos load ''slowly'''")
    after = apply_edit(FLOW_MAP, {"op": "name", "touchpoint": "cart", "value": "Checks the cart"})
    assert after == FLOW_MAP.replace("name: 'Cart'", "name: 'Checks the cart'")
    after = apply_edit(FLOW_MAP, {"op": "name", "touchpoint": "product", "value": "Reads the reviews"})
    assert after == FLOW_MAP.replace("name: Looks at the product", "name: Reads the reviews")   # plain stays plain
    after = apply_edit(FLOW_MAP, {"op": "name", "touchpoint": "product", "value": "no"})
    assert after == FLOW_MAP.replace("name: Looks at the product", 'name: "no"')   # YAML 1.1 reads plain no as false
    after = apply_edit(FLOW_MAP, {"op": "add-gain", "touchpoint": "product", "text": "Fast delivery"})
    assert after == FLOW_MAP.replace("gains: ['Free returns']", "gains: ['Free returns', 'Fast delivery']")
    after = apply_edit(FLOW_MAP, {"op": "owner", "touchpoint": "product", "value": "yes"})
    assert '    owner: "yes"\n' in after


COMMENTED_MAP = """\
# yaml-language-server: $schema=journeymap.schema.json
journeymap: 1
title: "Comments everywhere"
personas:
  - {id: lea, name: "Lea"}
  - {id: max, name: "Max"}
phases:
  - {id: join, name: "Join"}

touchpoints:
  # ---------------------------------------------------------------- first
  - id: signup
    name: "Signs up"
    phase: join
    emotion:   # one per persona
      lea: 1   # relieved
      max: -1

    # what hurts
    pains:
      - "Long form"  # from the interviews

      # the worst one
      - id: captcha
        text: "Captcha in the app"
        severity: 4
      # and the last
      - {id: sms, text: "SMS code arrives late", severity: 5}  # measured

  # ---------------------------------------------------------------- last
  - id: welcome
    name: "Welcome mail"
    phase: join
    description: >-
      Sent within a minute,
      says what comes next.
    # the effort is a guess
    effort: 2   # aligned comment

# opportunities come later
opportunities: []
# end of the map
"""


@pytest.mark.parametrize("edit, replace, delete, insert", [
    ({"op": "emotion", "touchpoint": "signup", "persona": "max", "value": None}, {}, {17}, {}),
    ({"op": "emotion", "touchpoint": "signup", "persona": "lea", "value": 2}, {16: "      lea: 2   # relieved"}, (), {}),
    ({"op": "emotion", "touchpoint": "signup", "persona": None, "value": None}, {}, {15, 16, 17}, {}),
    ({"op": "emotion", "touchpoint": "signup", "persona": "lea", "value": -2},   # the comment keeps its column
     {16: "      lea: -2  # relieved"}, (), {}),
    ({"op": "emotion", "touchpoint": "signup", "persona": None, "value": 0},
     {15: "    emotion: 0 # one per persona"}, {16, 17}, {}),
    ({"op": "effort", "touchpoint": "signup", "value": 3}, {}, (), {17: ["    effort: 3"]}),
    ({"op": "remove-pain", "touchpoint": "signup", "index": 0}, {}, {21}, {}),
    ({"op": "remove-pain", "touchpoint": "signup", "index": 1}, {}, {24, 25, 26}, {}),
    ({"op": "remove-pain", "touchpoint": "signup", "index": 2}, {}, {28}, {}),
    ({"op": "add-pain", "touchpoint": "signup", "text": "No dark mode", "severity": 2}, {}, (),
     {28: ['      - {text: "No dark mode", severity: 2}']}),
    ({"op": "add-note", "touchpoint": "signup", "text": "Ask IT"}, {}, (), {28: ["    notes:", '      - "Ask IT"']}),
    ({"op": "effort", "touchpoint": "welcome", "value": None}, {}, {38}, {}),
    ({"op": "emotion", "touchpoint": "welcome", "persona": None, "value": "happy"}, {}, (),
     {36: ["    emotion: happy"]}),
    ({"op": "add-gain", "touchpoint": "welcome", "text": "Clear next steps"}, {}, (),
     {38: ["    gains:", '      - "Clear next steps"']}),
    ({"op": "add-opportunity", "title": "No captcha", "addresses": ["signup#captcha"]},
     {41: "opportunities:"}, (), {41: ["  - id: no-captcha", '    title: "No captcha"',
                                        '    addresses: ["signup#captcha"]']}),
])
def test_comments_and_blank_lines_stay_where_they_were(edit, replace, delete, insert):
    after = apply_edit(COMMENTED_MAP, edit)
    assert after == edited(COMMENTED_MAP, replace, delete, insert)
    assert not comment_lines(COMMENTED_MAP) - comment_lines(after)


def test_removing_the_last_persona_of_a_mapping_removes_the_mapping():
    once = apply_edit(COMMENTED_MAP, {"op": "emotion", "touchpoint": "signup", "persona": "max", "value": None})
    twice = apply_edit(once, {"op": "emotion", "touchpoint": "signup", "persona": "lea", "value": None})
    assert twice == edited(COMMENTED_MAP, delete={15, 16, 17})


def test_an_edit_that_changes_nothing_returns_the_text_unchanged():
    for edit in ({"op": "effort", "touchpoint": "signup", "value": None},
                 {"op": "emotion", "touchpoint": "welcome", "persona": "lea", "value": None}):
        assert apply_edit(COMMENTED_MAP, edit) is COMMENTED_MAP


def test_a_shared_emotion_needs_the_personas_to_be_split():
    with pytest.raises(EditRefused, match=r"one emotion for every persona; to set 'max' alone .*personas"):
        apply_edit(FLOW_MAP, {"op": "emotion", "touchpoint": "cart", "persona": "max", "value": -1})
    single = FLOW_MAP.replace("phase: browse, emotion: happy}", "phase: browse, personas: [max], emotion: happy}")
    assert apply_edit(single, {"op": "emotion", "touchpoint": "cart", "persona": "max", "value": -1}) == \
        single.replace("emotion: happy}", "emotion: unhappy}")   # written as a word: stays a word
    with pytest.raises(EditRefused, match="persona 'lea' does not pass touchpoint 'cart' \\(its personas: max\\)"):
        apply_edit(single, {"op": "emotion", "touchpoint": "cart", "persona": "lea", "value": -1})
    with pytest.raises(EditRefused, match="there is no persona 'sam' in this map"):
        apply_edit(FLOW_MAP, {"op": "emotion", "touchpoint": "cart", "persona": "sam", "value": 1,
                              "personas": ["lea", "max"]})


def test_a_pain_an_opportunity_addresses_is_not_removed():
    text = (SAMPLES / "cafe" / "morning-coffee.journey.yaml").read_text(encoding="utf-8")
    with pytest.raises(EditRefused, match=r"opportunity 'ready-time' addresses this pain \(order-queue#no-eta\); "
                                          "change that opportunity in the file first"):
        apply_edit(text, {"op": "remove-pain", "touchpoint": "order-queue", "index": 0})


def test_new_opportunity_ids_are_made_unique():
    assert opportunity_id("Guest checkout, now!", set()) == "guest-checkout-now"
    assert opportunity_id("Öffnungszeiten für Geschäftskunden", set()) == "oeffnungszeiten-fuer-geschaeftskunden"
    assert opportunity_id("Guest checkout", {"guest-checkout", "guest-checkout-2"}) == "guest-checkout-3"
    assert opportunity_id("🎉 !!!", set()) == "opportunity"
    assert len(opportunity_id("word " * 30, set())) <= 40
    once = apply_edit(FLOW_MAP, {"op": "add-opportunity", "title": "No", "addresses": ["product#size"]})
    assert '  - id: "no"\n    title: "No"\n    addresses: ["product#size"]\n' in once   # YAML 1.1 reads no as false
    twice = apply_edit(once, {"op": "add-opportunity", "title": "No", "addresses": ["cart"]})
    assert '  - id: no-2\n' in twice


# ------------------------------------------------------------------------------ layouts the editor refuses

@pytest.mark.parametrize("text, message", [
    ("touchpoints:\n- id: a\n  name: A\nphases:\n  - id: p\n    name: P\n",
     "layout cannot be kept by the editor: line 5 would change from '  - id: p' to '- id: p'"),
    ("touchpoints:\n  - {id: a,\n     name: A}\n", "layout cannot be kept by the editor: line 2"),
    ("touchpoints:\n  - id: a\n    name: a name that goes\n      on\n", "layout cannot be kept by the editor: line 3"),
    ("touchpoints:\n  - id: a\r\n    name: A\n", "mixes line endings"),
    ("touchpoints:\n  - &base\n    id: a\n  - <<: *base\n    id: b\n", "anchors, aliases or merge keys"),
    ("touchpoints:\n  - id: a\n    id: b\n", 'not YAML the editor can read (found duplicate key "id"'),
    ("touchpoints: [\n", "not YAML the editor can read"),
    ("", "holds no mapping of keys"),
    ("touchpoints:\n  - id: a\n    pains:\n      - id: p\n        # why\n        text: P\n",
     "the comment '# why' would be lost"),
])
def test_a_layout_that_cannot_be_kept_is_refused(text, message):
    edit = {"op": "remove-pain", "touchpoint": "a", "index": 0} if "pains" in text else \
        {"op": "effort", "touchpoint": "a", "value": 3}
    with pytest.raises(EditRefused) as refused:
        apply_edit(text, edit)
    assert message in str(refused.value)


# ------------------------------------------------------------------------------ malformed edits

GOOD = {"op": "edit-pain", "touchpoint": "product", "index": 0, "text": "Slow photos", "severity": 4}


@pytest.mark.parametrize("edit, message", [
    ("effort 3", "an edit must be a JSON object"),
    ([GOOD], "an edit must be a JSON object"),
    (None, "an edit must be a JSON object"),
    ({}, "an edit needs an 'op' that says what to change (emotion, effort, name, owner, add-pain"),
    ({"op": "delete-map"}, "unknown edit 'delete-map'; the editor knows: emotion, effort, name, owner"),
    ({"op": 3}, "got a number (3)"),
    ({**GOOD, "colour": "red"}, "the 'edit-pain' edit has no field 'colour'"),
    ({"op": "effort", "touchpoint": "product"}, "the 'effort' edit needs the effort (field 'value')"),
    ({"op": "effort", "value": 3}, "needs the touchpoint"),
    ({"op": "effort", "touchpoint": "product", "value": "3"}, "the effort must be a number from 1 to 7, got the text '3'"),
    ({"op": "effort", "touchpoint": "product", "value": True}, "the effort must be a number from 1 to 7, got true"),
    ({"op": "effort", "touchpoint": "product", "value": 8}, "the effort must be a number from 1 to 7, got a number (8)"),
    ({"op": "effort", "touchpoint": "product", "value": float("nan")}, "the effort must be a number from 1 to 7"),
    ({"op": "effort", "touchpoint": "product", "value": [3]}, "got a list"),
    ({**GOOD, "severity": 4.5}, "the severity must be a whole number from 1 to 5, got a number (4.5)"),
    ({**GOOD, "severity": 4.0}, "the severity must be a whole number from 1 to 5"),
    ({**GOOD, "severity": 0}, "the severity must be a whole number from 1 to 5"),
    ({**GOOD, "index": -1}, "the position must be a position in the list (0, 1, 2, …), got a number (-1)"),
    ({**GOOD, "index": "0"}, "the position must be a position in the list"),
    ({**GOOD, "index": 2}, "touchpoint 'product' has no pain at position 2 (it has 2 pains, counted from 0)"),
    ({"op": "remove-gain", "touchpoint": "cart", "index": 0}, "touchpoint 'cart' has no gain at position 0"),
    ({**GOOD, "text": "x" * 2001}, "the pain is too long: 2001 characters, at most 2000"),
    ({**GOOD, "text": "   "}, "the pain is empty"),
    ({**GOOD, "text": {"text": "x"}}, "the pain must be text, got an object"),
    ({**GOOD, "text": "two\nlines"}, "the pain must be one line of text"),
    ({**GOOD, "text": "tab\there"}, "the pain must be one line of text"),
    ({**GOOD, "text": "lone \ud800 surrogate"}, "the pain must be one line of text"),
    ({**GOOD, "text": "line\u2028separator"}, "the pain must be one line of text"),
    ({"op": "edit-pain", "touchpoint": "product", "index": 0}, "needs a new text or a new severity"),
    ({**GOOD, "touchpoint": "Product"}, "the touchpoint must be an id (lowercase letters, digits, '-' and '_'"),
    ({**GOOD, "touchpoint": "a" * 201}, "the touchpoint must be an id"),
    ({**GOOD, "touchpoint": "checkout"}, "there is no touchpoint 'checkout' in this map"),
    ({"op": "emotion", "touchpoint": "product", "persona": "Lea", "value": 1}, "the persona must be an id"),
    ({"op": "emotion", "touchpoint": "product", "persona": "lea", "value": 3}, "the emotion must be a number from -2 to 2"),
    ({"op": "emotion", "touchpoint": "product", "persona": "lea", "value": "sad"}, "or one of frustrated, unhappy"),
    ({"op": "emotion", "touchpoint": "product", "persona": "lea", "value": 1, "personas": "lea"},
     "the map's personas must be a list of ids, got the text 'lea'"),
    ({"op": "emotion", "touchpoint": "product", "persona": "lea", "value": 1, "personas": ["lea", "Max"]},
     "each of the map's personas must be an id"),
    ({"op": "owner", "touchpoint": "product", "value": "Web team"}, "the owner must be an id"),
    ({"op": "name", "touchpoint": "product", "value": None}, "the name must be text, got nothing"),
    ({"op": "add-note", "touchpoint": "product", "text": "Call", "by": 7}, "the note's author must be text"),
    ({"op": "add-opportunity", "title": "T", "addresses": []}, "what the opportunity addresses must be a list of 1 to"),
    ({"op": "add-opportunity", "title": "T", "addresses": "product"}, "must be a list of 1 to 100 touchpoints"),
    ({"op": "add-opportunity", "title": "T", "addresses": ["product#Size"]},
     "must name touchpoints as 'touchpoint' or 'touchpoint#pain-id', got the text 'product#Size'"),
    ({"op": "add-opportunity", "title": "T", "addresses": ["basket"]}, "there is no touchpoint 'basket' in this map"),
    ({"op": "add-opportunity", "title": "T", "addresses": ["product#photos"]},
     "touchpoint 'product' has no pain with the id 'photos' (a pain written as plain text has no id"),
    ({"op": "add-opportunity", "title": "T", "addresses": ["cart"] * 101}, "must be a list of 1 to 100"),
])
def test_a_malformed_edit_is_refused_with_a_reason(edit, message):
    with pytest.raises(EditRefused) as refused:
        apply_edit(FLOW_MAP, edit)
    assert message in str(refused.value)


VALID = {
    "emotion": {"op": "emotion", "touchpoint": "product", "persona": "lea", "value": 1, "personas": ["lea", "max"]},
    "effort": {"op": "effort", "touchpoint": "product", "value": 3},
    "name": {"op": "name", "touchpoint": "product", "value": "Name"},
    "owner": {"op": "owner", "touchpoint": "product", "value": "web"},
    "add-pain": {"op": "add-pain", "touchpoint": "product", "text": "Pain", "severity": 2},
    "edit-pain": GOOD,
    "remove-pain": {"op": "remove-pain", "touchpoint": "product", "index": 0},
    "add-gain": {"op": "add-gain", "touchpoint": "product", "text": "Gain"},
    "edit-gain": {"op": "edit-gain", "touchpoint": "product", "index": 0, "text": "Gain"},
    "remove-gain": {"op": "remove-gain", "touchpoint": "product", "index": 0},
    "add-note": {"op": "add-note", "touchpoint": "product", "text": "Note", "by": "Kim"},
    "remove-note": {"op": "remove-note", "touchpoint": "product", "index": 0},
    "add-opportunity": {"op": "add-opportunity", "title": "Idea", "addresses": ["product#size"], "owner": "web"},
}


@pytest.mark.parametrize("op", list(VALID))
def test_every_field_of_every_edit_is_checked(op):
    from journeymap.serve.edit.request import FIELDS
    assert set(VALID[op]) == {"op", *FIELDS[op]}
    base = WITH_NOTE if op == "remove-note" else FLOW_MAP
    apply_edit(base, VALID[op])   # the valid edit applies
    for name, (_, _, what) in FIELDS[op].items():
        for wrong in (object(), {"nested": [1]}, 10 ** 100, [[1]], "\x00"):
            with pytest.raises(EditRefused) as refused:
                apply_edit(base, {**VALID[op], name: wrong})
            assert what in str(refused.value), (name, wrong)
