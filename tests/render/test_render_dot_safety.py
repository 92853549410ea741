"""Safe DOT: user text in every labelled place reaches Graphviz as text, never as DOT syntax.

Each payload becomes the map title, a phase name, a persona name, a channel name, a touchpoint
name and an edge label at once; the map is written as JSON (valid YAML, with proper escaping).
Graphviz must lay it out without complaint, with exactly the model's nodes and edges, and draw
the text as it was written.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from journeymap.analysis.run import analyze
from journeymap.model.graph import ordered_touchpoints
from journeymap.render.dot import render_dot
from journeymap.render.labels import html_text, tooltip_text, wrapped
from journeymap.rules.pipeline import validate_file

from support.layout import dot_layout, drawn_text

PAYLOADS = {
    "double-quote": '"',
    "single-quote": "'",
    "trailing-backslash": "abc\\",
    "escaped-quote": 'x\\"y',
    "two-backslashes": "\\\\",
    "dot-escapes": "\\l \\N \\G",
    "more-dot-escapes": "\\E \\T \\H \\L \\n",
    "html-tags": "<b>bold</b>",
    "attribute-injection": '<x>]; injected [label="PWNED"]',
    "graph-injection": "} digraph {",
    "keyword-node": "node",
    "keyword-edge": "edge",
    "keyword-graph": "graph",
    "keyword-digraph": "digraph",
    "keyword-subgraph": "subgraph",
    "keyword-strict": "strict",
    "colon": "Phase 1: Discover",
    "newline": "a\nb",
    "crlf": "a\r\nb",
    "umlauts": "Größe ändern",
    "cjk": "顧客の旅",
    "rtl": "رحلة العميل",
    "emoji": "🙂🚀",
    "entities": "&amp; &lt;",
    "control-char": "\x01",
}
HARMLESS = "Plain text"
GENERATED_ID = re.compile(r"^tp\d+$|^legend$")
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# A node or edge statement in the DOT text: `  name [` or `  a -> b [`
STATEMENT = re.compile(r"^\s*([^\s\[\]{}=;\"]+)(?:\s*->\s*([^\s\[\]{}=;\"]+))?\s*\[", re.MULTILINE)


def journey_map(text: str) -> dict:
    """A small map with `text` as title, phase, persona, channel, touchpoint name and edge label."""
    return {
        "journeymap": 1,
        "title": text,
        "personas": [{"id": "first", "name": text}, {"id": "second", "name": "Other"}],
        "phases": [{"id": "join", "name": text}, {"id": "stay", "name": "Stay"}],
        "channels": [{"id": "web", "name": text, "kind": "digital"}],
        "owners": [{"id": "team", "name": "Team"}],
        "analysis": {"hotspot_min": 0.1},   # signup (friction 0.14) is a hotspot: its band is drawn too
        "touchpoints": [
            # different emotions per persona, so the persona names are drawn in the node
            {"id": "signup", "name": text, "phase": "join", "channel": "web", "owner": "team",
             "emotion": {"first": 1, "second": -1},
             "next": [{"to": "welcome", "label": text}, "survey"]},
            {"id": "welcome", "name": "Gets a welcome mail", "phase": "stay", "owner": "team", "next": ["survey"]},
            {"id": "survey", "name": "Answers a survey", "phase": "stay", "owner": "team"},
        ],
    }


def visible(text: str) -> str:
    """The text a reader should see: line breaks as spaces, unprintable characters as U+FFFD."""
    return " ".join(NOT_XML.sub("\ufffd", text).split())


@pytest.fixture
def rendered(tmp_path):
    """DOT source, journey and generated ids of the payload map."""

    def render(text: str):
        path = tmp_path / "payload.journey.yaml"
        path.write_text(json.dumps(journey_map(text), ensure_ascii=False), encoding="utf-8")
        result = validate_file(path)
        assert not result.has_errors, result.diagnostics
        journey = result.journey
        ids = {node: f"tp{i}" for i, node in enumerate(ordered_touchpoints(journey.graph))}
        return render_dot(journey, analyze(journey)), journey, ids

    return render


def model_edges(journey, ids) -> list[tuple[str, str]]:
    pairs = [(t.id, step if isinstance(step, str) else step.to) for t in journey.model.touchpoints for step in t.next]
    return sorted((ids[a], ids[b]) for a, b in pairs)


def attribute_names(layout) -> dict[str, set[str]]:
    """Which attributes each node, edge and cluster carries (names only)."""
    names = {f"node {name}": set(node) for name, node in layout.nodes.items()}
    names.update({f"edge {a}->{b}": set(edge) - {"_gvid"} for a, b, edge in layout.edges})
    names.update({f"cluster {name}": set(cluster) for name, cluster in layout.clusters.items()})
    names["graph"] = {key for key in layout.graph if key not in ("objects", "edges")}
    return names


@pytest.mark.graphviz
@pytest.mark.parametrize("text", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_user_text_is_drawn_as_text(text, rendered):
    source, journey, ids = rendered(text)
    layout = dot_layout(source)
    assert sorted(layout.nodes) == sorted([*ids.values(), "legend"])
    assert sorted((a, b) for a, b, _ in layout.edges) == model_edges(journey, ids)
    seen = visible(text)
    assert drawn_text(layout.graph) == seen
    assert drawn_text(layout.clusters["cluster_p0"]) == seen
    node = drawn_text(layout.nodes[ids["signup"]])
    assert node.startswith(f"▲ HOTSPOT #1 friction 0.14 (no contact volume in the map) {seen} ")  # the name
    assert f" {seen} (digital) " in node  # the channel
    assert f" {seen} ☺ +1 happy " in node  # the persona with its emotion, its sign as a face
    labelled = [edge for a, b, edge in layout.edges if (a, b) == (ids["signup"], ids["welcome"])]
    assert [drawn_text(edge) for edge in labelled] == [seen]


@pytest.mark.graphviz
@pytest.mark.parametrize("text", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_user_text_adds_no_nodes_edges_or_attributes(text, rendered):
    source, _, _ = rendered(text)
    harmless = attribute_names(dot_layout(rendered(HARMLESS)[0]))
    layout = dot_layout(source)
    assert attribute_names(layout) == harmless
    for name, drawn in [*layout.nodes.items(), *((f"{a}->{b}", e) for a, b, e in layout.edges)]:
        assert "PWNED" not in {str(value) for key, value in drawn.items() if key != "tooltip"}, name


@pytest.mark.parametrize("text", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_dot_statements_name_generated_ids_only(text, rendered):
    source, _, ids = rendered(text)
    named = {name for match in STATEMENT.findall(source) for name in match if name}
    assert named - {"graph", "node", "edge"} == {*ids.values(), "legend"}
    for keyword in ("graph", "node", "edge"):  # the default-attribute statements, once each
        assert len(re.findall(rf"^\t{keyword} \[", source, re.MULTILINE)) == 1


# (alone, \x1f and \x0b are blank: Python's str.strip() removes them, so such a name is a schema error)
CONTROL_CHARS = {"soh": "\x01", "us": "a\x1f", "nul-inside": "a\x00b", "vertical-tab": "a\x0bb"}


@pytest.mark.graphviz
@pytest.mark.parametrize("text", [*PAYLOADS.values(), *CONTROL_CHARS.values()], ids=[*PAYLOADS, *CONTROL_CHARS])
def test_svg_is_well_formed_and_tooltips_keep_the_name(text, rendered):
    from journeymap.render.graphviz_run import run_dot

    source, _, _ = rendered(text)
    svg = ET.fromstring(run_dot(source, "svg"))
    links = svg.iter("{http://www.w3.org/2000/svg}a")
    tooltips = [" ".join(link.get("{http://www.w3.org/1999/xlink}title").split()) for link in links]
    assert tooltips == [visible(text), "Gets a welcome mail", "Answers a survey"]


@pytest.mark.parametrize("text, expected", [
    ("a & b", "a &amp; b"),
    ("<b>", "&lt;b&gt;"),
    ('"\'', "&quot;&#x27;"),
    ("\\N", "\\\\N"),
    ("abc\\", "abc\\\\"),
    ("a\r\nb\nc\rd", "a<BR/>b<BR/>c<BR/>d"),
    ("\x00\x1f\ud800\ufffe", "\ufffd" * 4),
    ("Größe 顧客 🙂", "Größe 顧客 🙂"),
])
def test_html_text_escapes(text, expected):
    assert html_text(text) == expected


def test_wrapped_escapes_each_line():
    expected = "one two<BR/>three<BR/>&lt;four&gt;<BR/>&quot;five&quot;\\\\N"
    assert wrapped('one two three <four> "five"\\N', 10) == expected


def test_tooltip_text_survives_both_graphviz_unescapings():
    assert tooltip_text("\\N \\n x\\") == "\\\\\\\\N \\\\\\\\n x\\\\\\\\"
    assert tooltip_text("a\x01b &amp;") == "a\ufffdb &amp;amp;"


# ------------------------------------------------------ text the schema refuses, the writer still takes

BLANKS = {"empty": "", "space": " ", "tab": "\t", "newline": "\n", "crlf": "\r\n", "only-spaces": "   "}


def with_text_everywhere(journey, text: str):
    """The journey with `text` as title and every name and edge label, past the schema (which refuses blank
    names): the DOT writer must be safe by construction, not because validation happened to run first."""
    model = journey.model
    touchpoints = [t.model_copy(update={"name": text}) for t in model.touchpoints]
    model = model.model_copy(update={
        "title": text, "touchpoints": touchpoints,
        "phases": [p.model_copy(update={"name": text}) for p in model.phases],
        "personas": [p.model_copy(update={"name": text}) for p in model.personas],
        "channels": [c.model_copy(update={"name": text}) for c in model.channels]})
    for touchpoint in touchpoints:
        journey.graph.nodes[touchpoint.id]["touchpoint"] = touchpoint
    for _, _, data in journey.graph.edges(data=True):
        data["label"] = text
    object.__setattr__(journey, "model", model)
    return journey


@pytest.mark.graphviz
@pytest.mark.parametrize("text", list(BLANKS.values()), ids=list(BLANKS))
def test_blank_text_anywhere_still_gives_dot_that_graphviz_accepts(text, rendered):
    _, journey, _ = rendered(HARMLESS)
    journey = with_text_everywhere(journey, text)
    source = render_dot(journey, analyze(journey))
    assert not re.search(r"<(B|I|U|S|SUB|SUP|FONT)\b[^>]*></\1>", source)   # what Graphviz refuses
    layout = dot_layout(source)                     # fails on any Graphviz complaint
    assert len([n for n in layout.nodes if GENERATED_ID.match(n)]) == len(journey.model.touchpoints) + 1


def test_a_formatting_element_is_never_written_around_nothing():
    from journeymap.render.html_label import bold, font, italic, styled
    assert (bold(""), italic(""), font("", color="red"), styled("SUB", "")) == ("", "", "", "")
    assert font(bold("x"), color="#fff", point_size=9) == '<FONT COLOR="#fff" POINT-SIZE="9"><B>x</B></FONT>'
