"""`journeymap import mermaid`: Mermaid journey diagrams (and the journey blocks of Markdown) become maps.

The four acceptance items of issue 18 are the tests named test_acceptance_1_... to
test_acceptance_4_...; the rest pin down the mapping, the errors and the notes.
"""

from __future__ import annotations

import glob
import json
import random
import subprocess
import textwrap
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from support.paths import ROOT

MODELINE = "# yaml-language-server: $schema=journeymap.schema.json"
SVG = "{http://www.w3.org/2000/svg}"
ORACLE = ROOT / "tests" / "support" / "mermaid_journey_oracle.mjs"

# Mermaid's documented example (packages/mermaid/src/docs/syntax/userJourney.md), as written there.
MY_WORKING_DAY = """\
journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
"""

# The task list of Mermaid's parser tests (user-journey/parser/journey.spec.js, "should handle a task definition").
PARSER_SPEC_TASKS = """\
journey
title Adding journey diagram functionality to mermaid
section Documentation
A task: 5: Alice, Bob, Charlie
B task: 3:Bob, Charlie
C task: 5
D task: 5: Charlie, Alice
E task: 5:
section Another section
P task: 5:
Q task: 5:
R task: 5:"""

MY_WORKING_DAY_MAP = f"""\
{MODELINE}
# Imported from day.mmd (the Mermaid journey at line 1) by `journeymap import mermaid`.
# Next: give the touchpoints owners, pains and KPIs (docs/format.md); check with `journeymap validate`.
journeymap: 1
title: "My working day"

personas:                     # who goes through the journey: the Mermaid actors
  - id: me
    name: "Me"
  - id: cat
    name: "Cat"

phases:                       # left to right: the Mermaid sections
  - {{id: go-to-work, name: "Go to work"}}
  - {{id: go-home, name: "Go home"}}

touchpoints:                  # the Mermaid tasks, in their written order
  # section Go to work
  - id: make-tea
    name: "Make tea"
    phase: go-to-work
    personas: [me]
    emotion: {{me: delighted}}  # Mermaid score 5 (5 delighted .. 1 frustrated)
    next: [go-upstairs]

  - id: go-upstairs
    name: "Go upstairs"
    phase: go-to-work
    personas: [me]
    emotion: {{me: neutral}}    # Mermaid score 3
    next: [do-work]

  - id: do-work
    name: "Do work"
    phase: go-to-work
    personas: [me, cat]
    emotion: {{me: frustrated, cat: frustrated}}  # Mermaid score 1
    next: [go-downstairs]

  # section Go home
  - id: go-downstairs
    name: "Go downstairs"
    phase: go-home
    personas: [me]
    emotion: {{me: delighted}}  # Mermaid score 5
    next: [sit-down]

  - id: sit-down
    name: "Sit down"
    phase: go-home
    personas: [me]
    emotion: {{me: delighted}}  # Mermaid score 5
"""


@pytest.fixture
def importing(jm, tmp_path):
    """Write an input file into tmp_path and run `journeymap import mermaid NAME ARGS...` there."""

    def run(name: str, text: str | bytes, *args: str):
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return jm("import", "mermaid", name, *args, cwd=tmp_path)

    return run


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def touchpoint_rows(data: dict) -> list[tuple]:
    """(phase name, touchpoint name, emotion, personas) per touchpoint, in order."""
    phases = {phase["id"]: phase["name"] for phase in data["phases"]}
    return [(phases[t["phase"]], t["name"], t["emotion"], t.get("personas")) for t in data["touchpoints"]]


def assert_valid(jm, folder: Path, *names: str) -> None:
    result = jm("validate", *names, cwd=folder)
    assert result.code == 0, result.out + result.err
    assert " 0 errors" in result.err


# --- acceptance 1: Mermaid's documented example and its parser tests arrive complete and in order ------------


def test_acceptance_1_my_working_day_arrives_in_order(importing, jm, tmp_path):
    result = importing("day.mmd", MY_WORKING_DAY)
    assert (result.code, result.err) == (0, "")
    assert result.out == MY_WORKING_DAY_MAP
    data = yaml.safe_load(result.out)
    assert [p["name"] for p in data["personas"]] == ["Me", "Cat"]
    assert [p["name"] for p in data["phases"]] == ["Go to work", "Go home"]
    assert touchpoint_rows(data) == [
        ("Go to work", "Make tea", {"me": "delighted"}, ["me"]),
        ("Go to work", "Go upstairs", {"me": "neutral"}, ["me"]),
        ("Go to work", "Do work", {"me": "frustrated", "cat": "frustrated"}, ["me", "cat"]),
        ("Go home", "Go downstairs", {"me": "delighted"}, ["me"]),
        ("Go home", "Sit down", {"me": "delighted"}, ["me"]),
    ]
    assert [t.get("next") for t in data["touchpoints"]] == [["go-upstairs"], ["do-work"], ["go-downstairs"],
                                                             ["sit-down"], None]
    (tmp_path / "day.journey.yaml").write_text(result.out, encoding="utf-8")
    assert_valid(jm, tmp_path, "day.journey.yaml")


def test_acceptance_1_parser_spec_task_list_arrives_in_order(importing):
    result = importing("spec.mmd", PARSER_SPEC_TASKS)
    assert result.code == 0
    data = yaml.safe_load(result.out)
    assert data["title"] == "Adding journey diagram functionality to mermaid"
    assert [(p["id"], p["name"]) for p in data["personas"]] == [("alice", "Alice"), ("bob", "Bob"),
                                                                 ("charlie", "Charlie")]
    assert [p["name"] for p in data["phases"]] == ["Documentation", "Another section"]
    # 3 actors, 2 actors, none, 2 in another order, an empty actor list; then three empty lists.
    assert touchpoint_rows(data) == [
        ("Documentation", "A task", {"alice": "delighted", "bob": "delighted", "charlie": "delighted"},
         ["alice", "bob", "charlie"]),
        ("Documentation", "B task", {"bob": "neutral", "charlie": "neutral"}, ["bob", "charlie"]),
        ("Documentation", "C task", "delighted", None),
        ("Documentation", "D task", {"charlie": "delighted", "alice": "delighted"}, ["charlie", "alice"]),
        ("Documentation", "E task", "delighted", None),
        ("Another section", "P task", "delighted", None),
        ("Another section", "Q task", "delighted", None),
        ("Another section", "R task", "delighted", None),
    ]
    assert result.err == (
        "spec.mmd:6:1: note: task 'C task' names no actor: a touchpoint without personas is passed by every "
        "persona, so each gets its score (also lines 8, 10, 11, 12)\n"
        "spec.mmd:7:1: note: task 'D task' lists its actors in another order than they first appear: a map keeps "
        "a touchpoint's personas as a set, and its Mermaid export lists them in persona order (Alice, Charlie)\n")


# --- acceptance 2: import -> render -f mermaid -> mermaid-cli draws what the original draws ------------------

# Every task names its actors in the order they first appear and comes after a section, and the texts have
# none of the characters the export rewrites (#, ;, %%, <, >, and : in names, , in actors; docs/exports.md),
# so the export must give back exactly this diagram's sections, tasks, scores and actors.
ROUND_TRIP = """\
journey
    title Zoë's first order ☕
    section Find
      Searches the shop: 4: Zoë
      Compares two jackets: 3: Zoë, Sam
    section Buy
      Pays & gets a mail: 5: Zoë, Sam, Kim
      Waits for the parcel 📦: 2: Sam, Kim
    section Return
      Sends one jacket back: 1: Kim
      Gets the refund (after 14 days): 2: Zoë, Kim
"""


def mermaid_parse(*sources: str) -> list[dict]:
    """What Mermaid's own journey parser (from the installed mermaid-cli) makes of each source."""
    chunks = glob.glob(str(ROOT / ".tools/mermaid/node_modules/mermaid/dist/chunks/mermaid.core/journeyDiagram-*.mjs"))
    assert len(chunks) == 1, chunks
    done = subprocess.run(["node", str(ORACLE), chunks[0]], input=json.dumps(list(sources)), capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def journey_of(parsed: dict) -> list[tuple]:
    """(section, task, score, actors) per task, as Mermaid's database holds them (texts trimmed)."""
    sections = parsed["sections"]
    return [(None if t["section"] is None else sections[t["section"]].strip(), t["name"].strip(),
             float(t["score"]), t["actors"]) for t in parsed["tasks"]]


def drawn_journey(svg: Path) -> dict:
    """What mermaid-cli drew: the title, the section bands, and per task its text, face (score) and actor dots."""
    drawn = {"title": None, "sections": [], "tasks": [], "legend": []}
    task = {"actors": []}
    for element in ET.parse(svg).getroot().iter():
        tag, css = element.tag.removeprefix(SVG), element.get("class", "")
        text = "".join(element.itertext())
        if tag == "text" and "journey-section" in css:
            drawn["sections"].append(text)
        elif tag == "text" and css == "legend":
            drawn["legend"].append(text)
        elif tag == "text" and css == "task":
            drawn["tasks"].append((text, task["score"], task["actors"]))
            task = {"actors": []}
        elif tag == "text" and not css and text:
            drawn["title"] = text
        elif tag == "circle" and css == "face":
            task["score"] = 5 - (float(element.get("cy")) - 300) / 30   # svgDraw: cy = 300 + (5 - score) * 30
        elif tag == "circle" and css.startswith("actor-") and element.find(f"{SVG}title") is not None:
            task["actors"].append(element.find(f"{SVG}title").text)
    return drawn


@pytest.mark.mermaid
def test_acceptance_2_round_trip_through_render_mermaid_and_mermaid_cli(importing, jm, tmp_path):
    from support.mermaid_cli import mmdc

    assert importing("order.mmd", ROUND_TRIP, "-o", "order.journey.yaml").code == 0
    rendered = jm("render", "order.journey.yaml", "-f", "mermaid", "-o", "out", cwd=tmp_path)
    assert rendered.code == 0, rendered.err
    exported = (tmp_path / "out" / "order.mmd").read_text(encoding="utf-8")

    original, again = mermaid_parse(ROUND_TRIP, exported)
    assert "error" not in original and "error" not in again, (original, again)
    assert journey_of(again) == journey_of(original)
    assert [s for s in again["settings"] if s[0] == "title"] == [["title", "Zoë's first order ☕"]]
    assert len(journey_of(original)) == 6

    drawn = {}
    for name, source in (("original", ROUND_TRIP), ("exported", exported)):
        done, svg = mmdc(source, tmp_path, name)
        assert done.returncode == 0, done.stderr
        drawn[name] = drawn_journey(svg)
    assert drawn["exported"] == drawn["original"]
    assert drawn["original"]["sections"] == ["Find", "Buy", "Return"]
    assert [task[1] for task in drawn["original"]["tasks"]] == [4, 3, 5, 2, 1, 2]
    assert drawn["original"]["tasks"][2] == ("Pays & gets a mail", 5, ["Zoë", "Sam", "Kim"])
    assert drawn["original"]["legend"] == ["Kim", "Sam", "Zoë"]


# --- acceptance 3: a Markdown file with two journeys and a flowchart gives two maps -------------------------

README = """\
# Our journeys

The first one, as the team drew it:

```mermaid
journey
    title Sign up
    section Visit
      Reads the landing page: 4: Visitor
    section Register
      Fills in the form: 2: Visitor
```

Not a journey:

```mermaid
flowchart LR
    visit --> register
```

~~~mermaid
journey
    title Cancel
    section Leave
      Looks for the cancel button: 1: Member
      Gets a confirmation: 3: Member
~~~
"""


def test_acceptance_3_markdown_with_two_journeys_and_a_flowchart_gives_two_maps(importing, jm, tmp_path):
    result = importing("README.md", README, "-o", "maps/signup.journey.yaml")
    assert result.code == 0
    assert result.out == ""
    assert result.err == (
        "wrote maps/signup-1.journey.yaml: 2 phases, 2 touchpoints, 1 persona; "
        "check it with: journeymap validate maps/signup-1.journey.yaml\n"
        "wrote maps/signup-2.journey.yaml: 1 phase, 2 touchpoints, 1 persona; "
        "check it with: journeymap validate maps/signup-2.journey.yaml\n")
    assert files_in(tmp_path / "maps") == ["signup-1.journey.yaml", "signup-2.journey.yaml"]
    first = (tmp_path / "maps" / "signup-1.journey.yaml").read_text(encoding="utf-8")
    second = (tmp_path / "maps" / "signup-2.journey.yaml").read_text(encoding="utf-8")
    imported_from = "# Imported from README.md (the Mermaid journey at line {}) by `journeymap import mermaid`."
    assert [first.splitlines()[1], second.splitlines()[1]] == [imported_from.format(6), imported_from.format(22)]
    assert [yaml.safe_load(text)["title"] for text in (first, second)] == ["Sign up", "Cancel"]
    assert touchpoint_rows(yaml.safe_load(second)) == [
        ("Leave", "Looks for the cancel button", {"member": "frustrated"}, ["member"]),
        ("Leave", "Gets a confirmation", {"member": "neutral"}, ["member"])]
    assert "flowchart" not in first + second and "visit --> register" not in first + second
    assert_valid(jm, tmp_path / "maps", "signup-1.journey.yaml", "signup-2.journey.yaml")


def test_acceptance_3_two_maps_on_stdout_are_two_yaml_documents(importing):
    result = importing("README.md", README)
    assert result.code == 0
    documents = list(yaml.safe_load_all(result.out))
    assert [d["title"] for d in documents] == ["Sign up", "Cancel"]
    assert result.out.count(MODELINE) == 2
    assert result.out.split("---\n")[1].startswith(MODELINE)


# --- acceptance 4: bad input, tasks before sections, empty actors, hostile names ----------------------------


def test_acceptance_4_score_7_is_refused_with_its_line(importing, tmp_path):
    source = "journey\n  title T\n  section S\n    Make tea: 7: Me\n    Sit down: 5: Me\n"
    result = importing("seven.mmd", source, "-o", "seven.journey.yaml")
    assert result.code == 1
    assert result.out == ""
    assert result.err == (
        "seven.mmd:4:15: error: task 'Make tea' has the score 7: no emotion fits; Mermaid still draws it, but "
        "journeymap imports only 1 to 5 (5 delighted, 4 happy, 3 neutral, 2 unhappy, 1 frustrated) [mermaid-import]\n"
        "seven.mmd: nothing imported (1 error)\n")
    assert files_in(tmp_path) == ["seven.mmd"]


@pytest.mark.parametrize("score, column, said", [
    ("high", 11, "the score 'high', which is not a number"),
    ("4.5", 11, "the score 4.5"),
    ("0", 11, "the score 0"),
    ("-1", 11, "the score -1"),
    (" ", 10, "an empty score"),
    ("5 %% great", 11, "the score '5 %% great', which is not a number: no emotion fits ('%%' starts a comment only "
                       "at the start of a line)"),
])
def test_acceptance_4_score_that_is_no_emotion_is_refused(importing, tmp_path, score, column, said):
    result = importing("bad.mmd", f"journey\n  section S\n    Task: {score}: Me\n", "-o", "bad.journey.yaml")
    assert result.code == 1
    first = result.err.splitlines()[0]
    assert first.startswith(f"bad.mmd:3:{column}: error: task 'Task' has {said}")
    assert first.endswith("[mermaid-import]")
    assert files_in(tmp_path) == ["bad.mmd"]


def test_acceptance_4_every_bad_score_is_reported_at_once(importing):
    result = importing("bad.mmd", "journey\n  A: 7\n  B: 5\n  C: x\n")
    assert result.code == 1
    assert [line.split(": error:")[0] for line in result.err.splitlines()[:-1]] == ["bad.mmd:2:6", "bad.mmd:4:6"]
    assert result.err.splitlines()[-1] == "bad.mmd: nothing imported (2 errors)"
    assert result.out == ""


def test_acceptance_4_markdown_without_journey_block_is_an_error(importing, tmp_path):
    text = "# Notes\n\n```mermaid\nflowchart LR\n  a --> b\n```\n\n```python\njourney = 1\n```\n"
    result = importing("notes.md", text, "-o", "notes.journey.yaml")
    assert (result.code, result.out) == (1, "")
    assert result.err == ("notes.md:1:1: error: no ```mermaid block starts with 'journey'; its mermaid blocks are: "
                          "flowchart [mermaid-import]\nnotes.md: nothing imported (1 error)\n")
    assert files_in(tmp_path) == ["notes.md"]


def test_acceptance_4_markdown_without_any_mermaid_block_is_an_error(importing):
    result = importing("empty.md", "# Nothing here\n")
    assert result.code == 1
    assert result.err.splitlines()[0] == ("empty.md:1:1: error: no ```mermaid block starts with 'journey', and no "
                                          "```mermaid block at all [mermaid-import]")


@pytest.mark.parametrize("text, said", [
    ("flowchart LR\n  a --> b\n", "it starts with 'flowchart'"),
    ("", "the file is empty"),
    ("Journey\n  A: 5\n", "it starts with 'Journey'"),   # Mermaid's detection is case-sensitive
])
def test_acceptance_4_mermaid_file_that_is_no_journey_is_an_error(importing, tmp_path, text, said):
    result = importing("chart.mmd", text, "-o", "chart.journey.yaml")
    assert result.code == 1
    assert result.err == (f"chart.mmd:1:1: error: not a Mermaid journey diagram: {said} (a journey starts with the "
                          "word 'journey') [mermaid-syntax]\nchart.mmd: nothing imported (1 error)\n")
    assert files_in(tmp_path) == ["chart.mmd"]


@pytest.mark.parametrize("name, text, line", [
    ("big.mmd", "journey\n  section S\n    " + "A" * 5_000_000 + ": 5: Me\n", 3),
    ("big.md", "# Big\n\n```mermaid\njourney\n  section S\n    Task: 5: " + "B" * 5_000_000 + "\n```\n", 6),
])
def test_acceptance_4_five_megabyte_line_is_refused_quickly(importing, tmp_path, name, text, line):
    started = time.perf_counter()
    result = importing(name, text, "-o", "big.journey.yaml")
    seconds = time.perf_counter() - started
    assert result.code == 1
    length = len(text.split("\n")[line - 1])
    assert result.err == (f"{name}:{line}:1: error: line {line} is {length:,} characters long, over the 20,000 a line "
                          f"of a Mermaid diagram may have here [input-limit]\n{name}: nothing imported (1 error)\n")
    assert files_in(tmp_path) == [name]
    assert seconds < 2, f"took {seconds:.2f} s"


def test_acceptance_4_file_over_the_size_limit_is_refused(importing, tmp_path):
    result = importing("huge.mmd", "journey\n" + "  Task: 5: Me\n" * 500_000, "-o", "huge.journey.yaml")
    assert result.code == 1
    assert result.err.splitlines()[0] == "huge.mmd:1:1: error: the file is over the 5 MiB limit [input-limit]"
    assert files_in(tmp_path) == ["huge.mmd"]


def test_acceptance_4_tasks_before_any_section_land_in_a_phase_named_after_the_title(importing, jm, tmp_path):
    source = "journey\n  title Weekend trip\n  Packs the bag: 4: Ida\n  Misses the bus: 1: Ida\n" \
             "  section Arrive\n    Checks in: 5: Ida\n"
    result = importing("trip.mmd", source, "-o", "trip.journey.yaml")
    assert result.code == 0
    data = yaml.safe_load((tmp_path / "trip.journey.yaml").read_text(encoding="utf-8"))
    assert data["phases"] == [{"id": "weekend-trip", "name": "Weekend trip"}, {"id": "arrive", "name": "Arrive"}]
    assert [(t["id"], t["phase"]) for t in data["touchpoints"]] == [
        ("packs-the-bag", "weekend-trip"), ("misses-the-bus", "weekend-trip"), ("checks-in", "arrive")]
    assert result.err.splitlines()[0] == ("trip.mmd:3:3: note: tasks before the first section are put in the phase "
                                          "'Weekend trip', named after the title")
    assert_valid(jm, tmp_path, "trip.journey.yaml")


def test_acceptance_4_tasks_without_any_section_or_title(importing, jm, tmp_path):
    result = importing("chores.mmd", "journey\n  Washes up: 2: Me\n  Takes out the trash: 3\n",
                       "-o", "chores.journey.yaml")
    assert result.code == 0
    data = yaml.safe_load((tmp_path / "chores.journey.yaml").read_text(encoding="utf-8"))
    assert data["title"] == "chores"
    assert data["phases"] == [{"id": "chores", "name": "chores"}]
    assert result.err.splitlines()[:2] == [
        "chores.mmd:1:1: note: the diagram has no title: the map is titled 'chores', after the file",
        "chores.mmd:2:3: note: tasks before the first section are put in the phase 'chores', named after the title"]
    assert_valid(jm, tmp_path, "chores.journey.yaml")


def test_acceptance_4_empty_actor_is_no_actor(importing, jm, tmp_path):
    source = "journey\n  section S\n    Task: 5:\n    Other: 4: , Ann,  ,\n    Last: 3: \n"
    result = importing("empty.mmd", source, "-o", "empty.journey.yaml")
    assert result.code == 0
    data = yaml.safe_load((tmp_path / "empty.journey.yaml").read_text(encoding="utf-8"))
    assert data["personas"] == [{"id": "ann", "name": "Ann"}]
    assert [(t.get("personas"), t["emotion"]) for t in data["touchpoints"]] == [
        (None, "delighted"), (["ann"], {"ann": "happy"}), (None, "neutral")]
    assert_valid(jm, tmp_path, "empty.journey.yaml")


def test_acceptance_4_a_diagram_without_actors_gets_one_persona_for_everyone(importing, jm, tmp_path):
    result = importing("plain.mmd", "journey\n  section S\n    Task: 5:\n    Other: 2\n", "-o", "plain.journey.yaml")
    assert (result.code, result.err.count("note:")) == (0, 1)   # the no-title note only: nobody is left out
    text = (tmp_path / "plain.journey.yaml").read_text(encoding="utf-8")
    assert "  # The diagram names no actors: this persona stands for every customer.\n" \
           "  - id: customer\n    name: \"Customer\"\n" in text
    assert [t["emotion"] for t in yaml.safe_load(text)["touchpoints"]] == ["delighted", "unhappy"]
    assert_valid(jm, tmp_path, "plain.journey.yaml")


HOSTILE = """\
journey
    title <script>alert(1)</script>
    section </title><svg onload=alert(2)>
      <img src=x onerror=alert(3)>: 2: <b>Eve</b>
      digraph G { a -> b } "]#59; x [label=<<B>x</B>>]: 4: Eve
      \\N \\G \\L backslashes & <br/>a &amp break: 3: <i>Mallory</i>
"""


class Markup(HTMLParser):
    """Every start tag and attribute name of an HTML or SVG text."""

    def __init__(self, text: str):
        super().__init__()
        self.tags, self.attributes, self.images = [], [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(name for name, _ in attrs)
        if tag == "img":
            self.images.append(dict(attrs).get("src", ""))


@pytest.mark.graphviz
def test_acceptance_4_html_and_dot_payloads_stay_inert_in_report_and_diagram(importing, jm, tmp_path):
    assert importing("evil.mmd", HOSTILE, "-o", "evil.journey.yaml").code == 0
    data = yaml.safe_load((tmp_path / "evil.journey.yaml").read_text(encoding="utf-8"))
    names = [t["name"] for t in data["touchpoints"]]
    assert names == ["<img src=x onerror=alert(3)>", 'digraph G { a -> b } "]; x [label=<<B>x</B>>]',
                     "\\N \\G \\L backslashes &\na &amp break"]
    assert data["title"] == "<script>alert(1)</script>"
    rendered = jm("render", "evil.journey.yaml", "-f", "svg,html", "-o", "out", cwd=tmp_path)
    assert rendered.code == 0, rendered.err
    report = (tmp_path / "out" / "evil.html").read_text(encoding="utf-8")
    diagram = (tmp_path / "out" / "evil.svg").read_text(encoding="utf-8")
    baseline = plain_report(importing, jm, tmp_path)
    for text in (report, diagram):
        for payload in ("<script>alert", "<img src=x", "<svg onload", "<b>Eve", "<i>Mallory", "<<B>x"):
            assert payload not in text
        markup = Markup(text)
        assert [a for a in markup.attributes if a.startswith("on")] == []
        assert [src for src in markup.images if not src.startswith("data:image/svg+xml;base64,")] == []
    for tag in ("script", "img"):   # the report's own scripts and embedded diagram, no more
        assert Markup(report).tags.count(tag) == Markup(baseline).tags.count(tag), tag
    assert "&lt;img src=x onerror=alert(3)&gt;" in report
    texts = {"".join(e.itertext()) for e in ET.fromstring(diagram).iter() if e.tag in (f"{SVG}text", f"{SVG}title")}
    titles = {e.get("{http://www.w3.org/1999/xlink}title") for e in ET.fromstring(diagram).iter()}
    assert names[0] in texts | titles                      # drawn as the text it is
    assert any(t and 'digraph G { a -> b } "]; x [label=<<B>x</B>>]' in t for t in texts | titles)
    assert any(t and "\\N \\G \\L backslashes" in t for t in texts | titles)   # no Graphviz escape expanded


def plain_report(importing, jm, tmp_path) -> str:
    importing("plain.mmd", MY_WORKING_DAY, "-o", "plain.journey.yaml")
    assert jm("render", "plain.journey.yaml", "-f", "html", "-o", "plain-out", cwd=tmp_path).code == 0
    return (tmp_path / "plain-out" / "plain.html").read_text(encoding="utf-8")


# --- Mermaid syntax errors: where Mermaid's parser stops, exit 1, nothing written ---------------------------


@pytest.mark.parametrize("source, where, message", [
    ("journey\n  section S\n    Task\n", "3:9", "task 'Task' has no score: write it as 'Task: 5' or 'Task: 5: Actor'"),
    ("journey\n  Task:\n", "2:7", "task 'Task' has no score: write it as 'Task: 5' or 'Task: 5: Actor'"),
    ("journey\n  Task #1: 5\n", "2:8", "task 'Task' has no score: '#' starts a comment in Mermaid, so the rest "
                                       "of the line is not read (write #35; for a # sign in a name)"),
    ("journey\n  Task; two: 5\n", "2:7", "task 'Task' has no score: ';' is not allowed in a journey diagram "
                                         "(write #59; for it)"),
    ("journey\n  Task: 5; x\n", "2:10", "';' is not allowed in a journey diagram (write #59; for a ';')"),
    ("journey\n  : 5\n", "2:3", "a task line needs its name before the ':' (NAME: SCORE: ACTOR, ...)"),
    ("journey\n  section A: B\n", "2:12", "a task line needs its name before the ':' (NAME: SCORE: ACTOR, ...)"),
    ("journey\n  Journey planning: 5\n", "2:3", "'journey' may only start the diagram: Mermaid reads a line that "
                                                "begins with the word 'journey' as the diagram keyword (reword the "
                                                "task, e.g. 'Plan the journey')"),
    ("journeyX\n  A: 5\n", "1:1", "a journey diagram must start with the word 'journey'"),
    ("journey\n  accDescr {\n  never closed\n", "4:1", "'accDescr {' is never closed: end the description with '}'"),
    ("---\ntitle: [unclosed\n---\njourney\n  A: 5\n", "3:1", "the front matter is not valid YAML: "),
])
def test_mermaid_syntax_errors_point_where_mermaid_stops(importing, tmp_path, source, where, message):
    result = importing("broken.mmd", source, "-o", "broken.journey.yaml")
    assert result.code == 1
    first = result.err.splitlines()[0]
    assert first.startswith(f"broken.mmd:{where}: error: {message}"), first
    assert first.endswith(" [mermaid-syntax]")
    assert result.err.splitlines()[1:] == ["broken.mmd: nothing imported (1 error)"]
    assert files_in(tmp_path) == ["broken.mmd"]


@pytest.mark.mermaid
def test_mermaid_rejects_every_input_the_syntax_error_tests_reject():
    """The syntax-error inputs above are errors for Mermaid's own parser too (not only for journeymap)."""
    sources = [case[0] for case in test_mermaid_syntax_errors_point_where_mermaid_stops.pytestmark[0].args[1]]
    sources = [s for s in sources if not s.startswith("---")]   # the front matter is parsed before the oracle's parser
    assert all("error" in parsed for parsed in mermaid_parse(*sources))


def test_a_markdown_error_points_into_the_markdown_file(importing):
    text = "# Doc\n\n- a list item:\n\n    ```mermaid\n    journey\n      Task 5\n    ```\n"
    result = importing("doc.md", text)
    assert result.code == 1
    assert result.err.splitlines()[0].startswith("doc.md:7:13: error: task 'Task 5' has no score")


def test_errors_of_two_blocks_are_all_reported_and_nothing_is_written(importing, tmp_path):
    text = "```mermaid\njourney\n  A: 9\n```\n\n```mermaid\njourney\n  B\n```\n\n```mermaid\njourney\n  C: 5\n```\n"
    result = importing("two.md", text, "-o", "two.journey.yaml")
    assert result.code == 1
    assert [line.split(": error:")[0] for line in result.err.splitlines()] == [
        "two.md:3:6", "two.md:8:4", "two.md: nothing imported (2 errors)"]
    assert files_in(tmp_path) == ["two.md"]


def test_not_utf8_is_an_encoding_error(importing):
    result = importing("latin.mmd", "journey\n  Caf\xe9: 5\n".encode("latin-1"))
    assert result.code == 1
    assert result.err.splitlines()[0].startswith("latin.mmd:2:6: error: not UTF-8: byte 0xe9")
    assert result.err.splitlines()[0].endswith("[encoding]")


# --- the mapping: texts, ids, description, comments --------------------------------------------------------


def test_br_variants_become_line_breaks_and_entities_their_characters(importing):
    source = ("journey\n  section Line1<br>Line2<br/>Line3</br />Line4<br\t/>Line5<BR >Line6\n"
              "    Pay #amp; go #35;1 #9829;: 4: Ann<br>Lee\n")
    result = importing("br.mmd", source)
    data = yaml.safe_load(result.out)
    assert data["phases"][0]["name"] == "Line1\nLine2\nLine3\nLine4\nLine5\nLine6"
    assert data["touchpoints"][0]["name"] == "Pay & go #1 ♥"
    assert data["personas"] == [{"id": "ann-lee", "name": "Ann\nLee"}]
    assert '    name: "Pay & go #1 ♥"\n' in result.out
    assert '  - {id: line1-line2-line3-line4-line5-line6, name: "Line1\\nLine2\\nLine3\\nLine4\\nLine5\\nLine6"}\n' \
        in result.out


def test_acc_title_and_acc_description_become_the_description(importing):
    source = ("journey\n  title Shopping\n  accTitle: Family shopping\n  accDescr {\n    A user journey for\n"
              "    family shopping\n  }\n  section S\n    Buys: 4: Mum\n")
    data = yaml.safe_load(importing("acc.mmd", source).out)
    assert data["description"] == "Family shopping\n\nA user journey for\nfamily shopping"
    single = yaml.safe_load(importing("one.mmd", "journey\n  accDescr: Just this\n  A: 3: B\n").out)
    assert single["description"] == "Just this"


def test_ids_are_slugs_made_unique(importing, jm, tmp_path):
    source = ("journey\n  section Pay\n    Pays: 4: Ann, ann\n    Pays: 3: ANN\n  section Pay\n"
              "    Straße & Café: 2: Zoë\n    ☕☕: 5: 李\n    123: 4: No\n")
    result = importing("ids.mmd", source, "-o", "ids.journey.yaml")
    assert result.code == 0
    data = yaml.safe_load((tmp_path / "ids.journey.yaml").read_text(encoding="utf-8"))
    assert [p["id"] for p in data["personas"]] == ["ann", "ann-2", "ann-3", "zoe", "persona-5", "no"]
    assert [p["id"] for p in data["phases"]] == ["pay", "pay-2"]
    assert [t["id"] for t in data["touchpoints"]] == ["pays", "pays-2", "strasse-and-cafe", "touchpoint-4", "123"]
    text = (tmp_path / "ids.journey.yaml").read_text(encoding="utf-8")
    assert '    personas: ["no"]\n    emotion: {"no": happy}' in text   # YAML would read a plain no as false
    assert '  - id: "123"\n' in text
    assert_valid(jm, tmp_path, "ids.journey.yaml")


def test_comments_and_directives_stay_where_they_are(importing, jm, tmp_path):
    source = textwrap.dedent("""\
        ---
        title: Front title
        config:
          theme: forest
        ---
        %%{init: {'theme': 'base'}}%%
        journey
          %% about the first section
          section Morning
            # a hash comment
            Wakes up: 3: Me
            Coffee: 5: Me # trailing
          section Work
            Meeting: 2: Me: ignored field
        %% the end
        """)
    result = importing("day.mmd", source, "-o", "day.journey.yaml")
    assert result.code == 0
    text = (tmp_path / "day.journey.yaml").read_text(encoding="utf-8")
    assert text.startswith(f"{MODELINE}\n# Imported from day.mmd (the Mermaid journey at line 7) by `journeymap "
                           "import mermaid`.\n# Next: give")
    assert ("\n# ---\n# title: Front title\n# config:\n#   theme: forest\n# ---\n# %%{init: {'theme': 'base'}}%%\n"
            "journeymap: 1\ntitle: \"Front title\"\n") in text
    assert "  # about the first section\n  - {id: morning, name: \"Morning\"}\n" in text
    assert "  # section Morning\n  # a hash comment\n  - id: wakes-up\n" in text
    assert "\n  # trailing\n  - id: coffee\n" in text
    assert "  # Mermaid ignores the rest of the task line: : ignored field\n  - id: meeting\n" in text
    assert text.endswith("\n\n# the end\n")
    assert result.err.splitlines()[:3] == [
        "day.mmd:1:1: note: front matter 'config' sets how Mermaid draws; a map has no such setting "
        "(kept as a YAML comment)",
        "day.mmd:6:1: note: Mermaid directives set how Mermaid draws; a map has no such setting "
        "(kept as a YAML comment)",
        "day.mmd:14:5: note: task 'Meeting' has more after its actors: Mermaid ignores it (kept as a YAML comment "
        "on the touchpoint)"]
    assert_valid(jm, tmp_path, "day.journey.yaml")


def test_what_a_map_cannot_say_is_noted_once_per_kind(importing):
    source = ("journey\n  title First\n  title Second\n  section S\n    A: 3: Ann, Ann\n"
              "    B: 4: Bo   %% not a comment\n    C: 5: Bo, Ann\n    D: 5: Bo, Ann\n")
    result = importing("notes.mmd", source)
    assert result.code == 0
    assert result.err == (
        "notes.mmd:3:3: note: 'title' is given more than once: Mermaid keeps the last, and so does the map (the "
        "earlier text is kept as a YAML comment)\n"
        "notes.mmd:5:5: note: task 'A' names 'Ann' twice: a persona passes a touchpoint once\n"
        "notes.mmd:6:5: note: task 'B': Mermaid reads '%%' as a comment only at the start of a line, so here it is "
        "part of the text\n"
        "notes.mmd:7:5: note: task 'C' lists its actors in another order than they first appear: a map keeps a "
        "touchpoint's personas as a set, and its Mermaid export lists them in persona order (Ann, Bo) "
        "(also line 8)\n")
    data = yaml.safe_load(result.out)
    assert data["title"] == "Second"
    assert "# earlier title, replaced by a later one: First\ntitle: \"Second\"" in result.out
    assert [p["name"] for p in data["personas"]] == ["Ann", "Bo   %% not a comment", "Bo"]


def test_names_with_quotes_backslashes_and_control_characters_read_back_exactly(importing, jm, tmp_path):
    name = 'Says "hi" \\ waves\u2028on\x85twice\ufeff'
    result = importing("odd.mmd", f"journey\n  section S\n    {name}: 4: Ann\n", "-o", "odd.journey.yaml")
    assert result.code == 0
    text = (tmp_path / "odd.journey.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)["touchpoints"][0]["name"] == name.strip("\ufeff")   # Mermaid trims it as space
    assert '"Says \\"hi\\" \\\\ waves\\Lon\\Ntwice"' in text
    assert_valid(jm, tmp_path, "odd.journey.yaml")


# --- the command: output files, usage errors, determinism ---------------------------------------------------


def test_the_map_validates_without_a_schema_file_beside_it(importing, jm, tmp_path):
    assert importing("day.mmd", MY_WORKING_DAY, "-o", "maps/day.journey.yaml").code == 0
    assert files_in(tmp_path / "maps") == ["day.journey.yaml"]        # no journeymap.schema.json written or needed
    text = (tmp_path / "maps" / "day.journey.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == MODELINE
    assert_valid(jm, tmp_path / "maps", "day.journey.yaml")


def test_an_existing_output_is_kept_unless_forced(importing, tmp_path):
    (tmp_path / "day.journey.yaml").write_text("keep me\n", encoding="utf-8")
    result = importing("day.mmd", MY_WORKING_DAY, "-o", "day.journey.yaml")
    assert (result.code, result.err) == (2, "Error: 'day.journey.yaml' already exists; use --force to overwrite it\n")
    assert (tmp_path / "day.journey.yaml").read_text(encoding="utf-8") == "keep me\n"
    forced = importing("day.mmd", MY_WORKING_DAY, "-o", "day.journey.yaml", "--force")
    assert forced.code == 0
    assert (tmp_path / "day.journey.yaml").read_text(encoding="utf-8") == MY_WORKING_DAY_MAP


def test_a_missing_input_is_a_usage_error(jm, tmp_path):
    result = jm("import", "mermaid", "nowhere.mmd", cwd=tmp_path)
    assert (result.code, result.out, result.err) == (2, "", "Error: 'nowhere.mmd': no such file\n")


def test_the_same_input_gives_the_same_bytes(importing):
    assert importing("r.md", README).out == importing("r.md", README).out


def test_crlf_line_ends_read_like_lf(importing):
    result = importing("day.mmd", MY_WORKING_DAY.replace("\n", "\r\n").encode("utf-8"))
    assert result.out == MY_WORKING_DAY_MAP


# --- the parser is Mermaid's parser ------------------------------------------------------------------------

TRICKY = [
    MY_WORKING_DAY, PARSER_SPEC_TASKS, README.split("```mermaid\n")[1].split("```")[0],
    "journey\naccDescr {\n        A user journey for\n        family shopping\n      }title Adding journey\n"
    "accTitle: Adding acc journey\nsection Order from website",
    "journey\ntitle Adding gantt\nsection Line1<br>Line2<br/>Line3</br />Line4<br\t/>Line5",
    "journey\ntitle T\nsection A\n  Make tea: 5: Me, Cat\n  %x: 3\n  100% sure: 2\nx%% c\n",
    "journey\ntitle\nsection A\n", "journey\nTask: 5 %% c\nJourneyé x: 3\n", "journey title T section S T: 5\n",
    "%%{init: {'theme':'base'}}%%\njourney\n  section S %% c\n    T: 4: A\n", "journey\n  A%%{init:\n}%%: 5\n",
    "---\ntitle: Front\nconfig:\n  theme: forest\n---\njourney\n  section S\n    T: 4: A\n",
    "  ---\n  title: X\n  ---\njourney\n  T: 1\n", "journey\n  Task: 5: A: B: C\n",
    "journey\n  Task :  5 : A , B ,  \n", "journey\nsection\nAnother\nT: 3\n",
    "journey\naccDescr: multi # not comment ; ok\nT: 2\n", "journey\naccDescr {}\nT: 3\n",
    "\n\n  journey\nT: 3", "%% only comment\njourney\n%%\nT: 3\n", "journey\n  style x: 5 #a;\n",
    "journey\n  Déjà vu: 5: Zoë, 李\n  😀 emoji: 4: 🐱\n",
    "journey\n  TITLE big: 5\n  SECTION Up\n  Title\tTab\n",
    "journey\n  accTitle : spaced\n  ACCDESCR:up\n", "journey\n  Entity #amp; and #60;b#62;: 3: #77;e\n",
    "journey\n  a: 5\u2028b: 4\n", "journey\n  sectionX: 5\n", "journey\n  title\n", "journey", "journey\n}\n",
    "journey\n  task %%{init: {}}%% name: 3\n", HOSTILE,
]
FRAGMENTS = ["journey", "title", "section", "accTitle", "accDescr", ":", ": ", "::", ",", ", ", ";", "#", "#35;",
             "%%", "%", "%%{init: {}}%%", "{", "}", "\n", "\n  ", "\t", " ", "Make tea", "5", "3", "7", "x", "Me",
             "Cat", "<br>", "é", "😀", "\u00a0", "---", "\r\n", "journeyX", "Title ", "section ", "title ",
             "accDescr {", "accTitle:", "\u2028", "\ufeff", "\x0b", "style a:#b;", "classDef x:#y;", "#x41;", "#0;",
             "<BR/>", "---\ntitle: a\n---\n", "ſection ", "K"]
WORDS = ["Make tea", "Pay", "x", "Zoë", "李", "😀", "<b>b</b>", "a<br/>b", "#amp;", "#35;", "100%", "\\N", '"q"',
         "{ }", "-", "no", "123", "  ", "journey plan", "Title", "acc", "Me", "Cat"]


def random_diagrams(count: int, seed: int = 18) -> list[str]:
    """Line-shaped diagrams from the grammar's pieces (titles, sections, tasks, comments), some lines noise."""
    chance = random.Random(seed)

    def words() -> str:
        return "".join(chance.choice(WORDS + [" "]) for _ in range(chance.randint(1, 4)))

    def line() -> str:
        kind = chance.choice(["task"] * 6 + ["section", "title", "comment", "acc", "noise"])
        if kind == "task":
            actors = ", ".join(words() for _ in range(chance.randint(0, 3)))
            score = chance.choice(["1", "2", "3", "4", "5", "5", " 4 ", "7", "", "x"])
            return f"{words()}:{score}" + (f": {actors}" if chance.random() < 0.7 else "")
        if kind == "noise":
            return "".join(chance.choice(FRAGMENTS) for _ in range(chance.randint(1, 8)))
        return {"section": "section ", "title": "title ", "comment": chance.choice(["%% ", "# "]),
                "acc": chance.choice(["accTitle: ", "accDescr: "])}[kind] + words()

    return [chance.choice(["journey\n", "journey\n", "%% c\njourney\n", ""]) +
            "\n".join(chance.choice(["", "  ", "\t"]) + line() for _ in range(chance.randint(1, 12)))
            for _ in range(count)]


def glued_diagrams(count: int, seed: int = 18) -> list[str]:
    """Diagrams glued from the grammar's pieces without regard to lines: the lexer's corners."""
    chance = random.Random(seed)
    return [chance.choice(["journey\n", "journey ", ""]) +
            "".join(chance.choice(FRAGMENTS) for _ in range(chance.randint(1, 40))) for _ in range(count)]


def our_parse(source: str) -> dict:
    """What journeymap's parser makes of a source, in the oracle's shape."""
    from journeymap.importers.mermaid import parse
    from journeymap.importers.mermaid_text import clean_up, is_journey, protect
    from journeymap.importers.source import Block

    text = source.replace("\r\n", "\n").replace("\r", "\n")
    prepared = clean_up(text)
    if not is_journey(prepared.clean.text):
        return {"error": "not a journey diagram"}
    diagram, problem = parse(protect(prepared), Block(text, "x.mmd"))
    if problem:
        return {"error": problem.message}
    return {"settings": [[s.keyword, s.text] for s in diagram.settings], "sections": [s.name for s in diagram.sections],
            "tasks": [{"name": t.name, "section": t.section, "score": t.score_text, "actors": list(t.actors)}
                      for t in diagram.tasks]}


def same_outcome(ours: dict, theirs: dict) -> bool:
    return ("error" in ours) == ("error" in theirs) and ("error" in ours or ours == theirs)


@pytest.mark.mermaid
def test_parser_agrees_with_mermaids_own_parser_on_tricky_diagrams():
    theirs = mermaid_parse(*TRICKY)
    assert [source for source, parsed in zip(TRICKY, theirs) if not same_outcome(our_parse(source), parsed)] == []
    assert sum("error" in parsed for parsed in theirs) >= 3 and sum("error" not in p for p in theirs) >= 20


@pytest.mark.mermaid
def test_parser_agrees_with_mermaids_own_parser_on_random_diagrams():
    sources = random_diagrams(600) + glued_diagrams(600)
    theirs = mermaid_parse(*sources)
    assert [source for source, parsed in zip(sources, theirs) if not same_outcome(our_parse(source), parsed)] == []
    assert sum(bool("error" not in parsed and parsed["tasks"]) for parsed in theirs) >= 100   # many are journeys


def test_every_importable_random_diagram_gives_a_valid_map(tmp_path):
    from journeymap.importers.run import import_mermaid
    from journeymap.rules.pipeline import validate_file

    valid = 0
    for number, source in enumerate(random_diagrams(600) + glued_diagrams(300)):
        path = tmp_path / f"d{number}.mmd"
        path.write_text(source, encoding="utf-8")
        result = import_mermaid(path, path.name)
        for _, text in result.maps:
            checked = validate_file(tmp_path / "m.journey.yaml", "m.journey.yaml", content=text.encode("utf-8"))
            assert not checked.has_errors, (source, text, checked.diagnostics)
            valid += 1
        assert bool(result.maps) != bool(result.errors), source
    assert valid >= 30


def test_the_example_in_docs_format_md_is_what_the_import_writes(importing, tmp_path):
    """docs/format.md shows a Markdown input, the map it gives and the stderr: all three as the tool writes them."""
    section = (ROOT / "docs" / "format.md").read_text(encoding="utf-8").split("## Importing Mermaid journeys")[1]
    markdown = section.split("````markdown\n")[1].split("````\n")[0]
    expected_map = section.split("```yaml\n")[1].split("```\n")[0]
    expected_err = section.split("```text\n")[1].split("```\n")[0]
    result = importing("journeys.md", markdown, "-o", "day.journey.yaml")
    assert (result.code, result.out, result.err) == (0, "", expected_err)
    assert (tmp_path / "day.journey.yaml").read_text(encoding="utf-8") == expected_map


def test_a_keyword_alone_on_its_line_takes_the_next_line_as_mermaid_does(importing):
    result = importing("next.mmd", "journey\n  title\n  Morning\n  section\n  Kitchen\n    Make tea: 5: Me\n")
    data = yaml.safe_load(result.out)
    assert (data["title"], data["phases"][0]["name"]) == ("Morning", "Kitchen")
    assert result.err == (
        "next.mmd:2:3: note: 'title' has no text on its line, so Mermaid takes the next line as its text "
        "('Morning'), and so does the map (also line 4)\n")


def test_a_map_that_would_be_too_large_to_validate_is_refused(importing, tmp_path):
    source = "journey\n  section S\n" + "".join(f"    Task {n}: 4: Me\n" for n in range(45_000))
    result = importing("long.mmd", source, "-o", "long.journey.yaml")
    assert result.code == 1
    first = result.err.splitlines()[0]
    assert first.startswith("long.mmd:1:1: error: the map of this journey would be ")
    assert first.endswith(" MiB, over the 5 MiB a map may have: split the diagram [input-limit]")
    assert files_in(tmp_path) == ["long.mmd"]


def test_a_description_longer_than_a_map_text_may_be_is_refused(importing):
    lines = "".join(f"    {'x' * 100} {n}\n" for n in range(250))
    result = importing("descr.mmd", f"journey\n  accDescr {{\n{lines}  }}\n  A: 3: Me\n")
    assert result.code == 1
    length = len("\n".join(f"{'x' * 100} {n}" for n in range(250)))
    assert result.err.splitlines()[0] == (f"descr.mmd:3:5: error: the description is {length:,} characters long, over "
                                          "the 20,000 a text of a map may have [input-limit]")
