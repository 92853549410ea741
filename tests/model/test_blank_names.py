"""A name or title people read must have text: empty or whitespace-only is a `schema` error at its line.

Before, `name: ""` validated and `render` then failed in Graphviz ("syntax error in line 1").
"""

from __future__ import annotations

import pytest

BLANK_MAP = """\
journeymap: 1
title: "Blank names"
personas:
  - {id: lea, name: ""}
phases:
  - id: join
    name: "   "
owners:
  - {id: team, name: "Team"}
touchpoints:
  - id: signup
    name: "\\t"
    phase: join
    owner: team
"""


def test_blank_persona_phase_and_touchpoint_names_are_three_schema_errors_and_nothing_is_rendered(jm, write,
                                                                                                 tmp_path):
    path = write("blank.journey.yaml", BLANK_MAP)
    run = jm("validate", path)
    assert run.code == 1
    errors = [line.split(": ", 1)[0].rsplit(":", 2)[1:] + [line.rsplit("[", 1)[1]]
              for line in run.out.splitlines() if ": error: " in line]
    assert errors == [["4", "21", "schema]"], ["7", "11", "schema]"], ["12", "11", "schema]"]]
    assert run.out.count("'name' must not be empty or only spaces") == 3
    out = tmp_path / "out"
    render = jm("render", path, "-o", out, "-f", "dot,svg,html,mermaid,markdown,csv,json")
    assert render.code == 1
    assert not out.exists() or list(out.rglob("*")) == []


@pytest.mark.parametrize("where, text", [
    ("title", 'title: ""'),
    ("channel", 'channels: [{id: web, name: " "}]'),
    ("owner", 'owners: [{id: team, name: ""}]'),
    ("opportunity", 'opportunities: [{id: o, title: "  ", addresses: [signup]}]'),
])
def test_every_name_and_title_must_have_text(jm, write, where, text):
    base = BLANK_MAP.replace('name: ""', 'name: "Lea"').replace('name: "   "', 'name: "Join"') \
                    .replace('name: "\\t"', 'name: "Signs up"')
    key = text.split(":", 1)[0]
    lines = [line for line in base.splitlines() if not line.startswith(f"{key}:")]
    if key == "owners":
        lines = [line for line in lines if "Team" not in line]
    path = write("m.journey.yaml", "\n".join(lines) + "\n" + text + "\n")
    run = jm("validate", path)
    assert run.code == 1, (where, run.err)
    assert "must not be empty or only spaces [schema]" in run.out
