"""Every JSON output is strict JSON (RFC 8259): no bare NaN or Infinity, which JSON.parse and jq refuse, even for
maps whose figures could overflow or whose event log holds times like `nan` or `1e300` (issue 25, item 3)."""

from __future__ import annotations

import json
import re

import pytest

from support.checkout_log import SHOP
from support.gitrepo import commit, init_repo
from support.maps import map_with


def strict(text: str):
    """json.loads that refuses the NaN, Infinity and -Infinity Python's json module would accept."""
    def reject(constant: str):
        raise AssertionError(f"{constant} is not JSON")
    return json.loads(text, parse_constant=reject)


# Two touchpoints of one owner whose volume and cost are finite but sum past the float limit: the owner's
# volume was Infinity and its cost per contact NaN (infinity over infinity).
HUGE_KPIS = map_with(touchpoints=[
    '{id: signup, name: "Signs up", phase: join, owner: team, next: [welcome], '
    'kpis: {volume: 1.0e+308, cost: 1.0e+308}}',
    '{id: welcome, name: "Gets a welcome mail", phase: stay, owner: team, kpis: {volume: 1.0e+308, cost: 1.0e+308}}'])


# Two carts, one time that DuckDB and Spark both read as the number NaN: the cart's median time to the next
# touchpoint was NaN, and observe and analyze printed it as a bare NaN.
NAN_TIME_LOG = ("session,event,ts\ns1,cart_viewed,2026-11-02T08:00:00\ns1,checkout_started,2026-11-02T08:01:00\n"
                "s2,cart_viewed,2026-11-02T08:02:00\ns2,checkout_started,nan\n")


MAPS = {"kpis-beyond-the-float-range": (HUGE_KPIS, None), "a-nan-time-in-the-log": (SHOP, NAN_TIME_LOG)}


@pytest.fixture(params=sorted(MAPS))
def hostile_map(request, tmp_path, monkeypatch):
    """m.journey.yaml (and its log.csv) in a git repository with two commits, the cwd."""
    map_text, log = MAPS[request.param]
    init_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.journey.yaml").write_text(re.sub("(?m)^title: .*$", 'title: "Before"', map_text), encoding="utf-8")
    if log is not None:
        (tmp_path / "log.csv").write_text(log, encoding="utf-8")
    commit(tmp_path, "first")
    (tmp_path / "m.journey.yaml").write_text(map_text, encoding="utf-8")
    commit(tmp_path, "second")
    return tmp_path / "m.journey.yaml"


COMMANDS = {
    "validate": ("validate", "m.journey.yaml", "--format", "json"),
    "validate-sarif": ("validate", "m.journey.yaml", "--format", "sarif"),
    "analyze": ("analyze", "m.journey.yaml", "--format", "json"),
    "observe": ("observe", "m.journey.yaml", "--format", "json"),
    "compare": ("compare", "HEAD~1:m.journey.yaml", "m.journey.yaml", "--format", "json"),
    "diff": ("diff", "HEAD~1:m.journey.yaml", "m.journey.yaml", "--format", "json"),
    "history": ("history", "m.journey.yaml", "--format", "json"),
    "schema": ("schema",),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_json_output_is_strict(jm, hostile_map, command):
    run = jm(*COMMANDS[command])
    assert run.code in (0, 1), run.err
    assert "Traceback" not in run.err
    if run.out or run.code == 0:  # a map with errors may give no report at all (compare, diff): nothing to parse
        strict(run.out)


def test_the_json_export_and_the_data_in_the_report_are_strict(jm, hostile_map, tmp_path):
    run = jm("render", "m.journey.yaml", "-f", "json,html", "-o", tmp_path / "out")
    assert "Traceback" not in run.err
    for export in (tmp_path / "out").glob("*.json"):
        strict(export.read_text(encoding="utf-8"))
    for page in (tmp_path / "out").glob("*.html"):
        for data in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page.read_text("utf-8"), re.S):
            strict(data)


def test_owner_sums_past_the_float_range_are_unknown(jm, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.journey.yaml").write_text(HUGE_KPIS, encoding="utf-8")
    [report] = strict(jm("analyze", "m.journey.yaml", "--format", "json").out)["maps"]
    [team] = report["owners"]
    assert (team["volume"], team["cost"], team["cost_per_contact"]) == (None, None, None)


def test_the_json_helper_refuses_nan_and_infinity():
    from journeymap.writer import json_text

    assert json_text({"median": None, "share": 0.5}) == '{\n  "median": null,\n  "share": 0.5\n}'
    for figure in (float("nan"), float("inf"), -float("inf")):
        with pytest.raises(ValueError, match="internal error: a figure is NaN or infinite"):
            json_text({"figures": [1.0, {"median": figure}]})


def test_no_json_output_bypasses_strict_json():
    """Every json.dumps in the package refuses NaN: writer.json_text, or allow_nan=False where a caller needs
    its own form (the server's compact bodies, the render cache); Jinja's tojson is set up the same way."""
    import ast

    from support.paths import ROOT

    loose = []
    for path in sorted((ROOT / "journeymap").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("dumps", "dump") \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "json":
                strict_call = any(k.arg == "allow_nan" and isinstance(k.value, ast.Constant) and k.value.value is False
                                  for k in node.keywords)
                if not strict_call:
                    loose.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert loose == []
    from journeymap.render.templates import environment
    assert environment().policies["json.dumps_kwargs"]["allow_nan"] is False
