"""`journeymap render` output layout: maps of the same name in different folders never overwrite each other."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from journeymap.build.batch import CACHE_FILE

from support.gitrepo import commit, init_repo
from support.maps import SIGNUP, WELCOME, map_with

TODAY = "2026-11-20"


def closing(run) -> str:
    """The closing line of a render, without the timing and the output folder."""
    return re.sub(r"; output in .*$", "", run.err.splitlines()[-1])


def outputs(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.name != CACHE_FILE)


def title(path: Path) -> str:
    return json.loads(path.read_text(encoding="utf-8"))["model"]["title"]


@pytest.fixture
def visits(write, tmp_path) -> Path:
    """coll/a/visit.journey.yaml and coll/b/visit.journey.yaml: two maps of one name, told apart by their titles."""
    for folder in ("a", "b"):
        write(f"coll/{folder}/visit.journey.yaml", map_with(title=f'"Visit {folder.upper()}"'))
    return tmp_path / "coll"


def test_same_name_maps_of_two_folders_render_into_their_own_sub_folders(jm, visits, tmp_path):
    out = tmp_path / "out"
    run = jm("render", visits / "a", visits / "b", "-o", out, "-f", "json", "--today", TODAY)
    assert run.code == 0, run.err
    assert outputs(out) == ["a/visit.json", "b/visit.json"]
    assert title(out / "a/visit.json") == "Visit A" and title(out / "b/visit.json") == "Visit B"
    assert closing(run) == "2 maps: 2 rendered (2 files), 0 unchanged"


def test_same_name_map_files_render_into_their_folders_names(jm, visits, tmp_path):
    out = tmp_path / "out"
    run = jm("render", "a/visit.journey.yaml", "b/visit.journey.yaml", "-o", out, "-f", "json,mermaid",
             "--today", TODAY, cwd=visits)
    assert run.code == 0, run.err
    assert outputs(out) == ["a/visit.json", "a/visit.mmd", "b/visit.json", "b/visit.mmd"]
    assert title(out / "a/visit.json") == "Visit A" and title(out / "b/visit.json") == "Visit B"
    assert closing(run) == "2 maps: 2 rendered (4 files), 0 unchanged"


def test_a_map_given_twice_renders_once(jm, visits, tmp_path):
    out = tmp_path / "out"
    run = jm("render", "coll/a", "coll/a/visit.journey.yaml", "./coll/a", "-o", out, "-f", "json",
             "--today", TODAY, cwd=tmp_path)
    assert run.code == 0, run.err
    assert outputs(out) == ["visit.json"]
    assert closing(run).startswith("1 map: 1 rendered (1 file")


def test_one_folder_and_the_files_of_one_folder_keep_their_layout(jm, visits, tmp_path):
    assert jm("render", visits, "-o", tmp_path / "folder", "-f", "json", "--today", TODAY).code == 0
    assert outputs(tmp_path / "folder") == ["a/visit.json", "b/visit.json"]
    assert jm("render", visits / "a/visit.journey.yaml", "-o", tmp_path / "file", "-f", "json").code == 0
    assert outputs(tmp_path / "file") == ["visit.json"]


def test_the_cache_tells_same_name_maps_apart(jm, visits, tmp_path):
    out = tmp_path / "out"

    def render():
        return jm("render", visits / "a", visits / "b", "-o", out, "-f", "json", "--today", TODAY)

    assert render().code == 0
    assert closing(render()) == "2 maps: 0 rendered (0 files), 2 unchanged — nothing changed"
    (visits / "b/visit.journey.yaml").write_text(map_with(title='"Visit B, revised"'), encoding="utf-8")
    again = render()
    assert closing(again) == "2 maps: 1 rendered (1 file), 1 unchanged"
    assert title(out / "a/visit.json") == "Visit A" and title(out / "b/visit.json") == "Visit B, revised"


def test_maps_that_would_still_write_one_file_stop_the_run_before_anything_is_written(jm, write, tmp_path):
    write("maps/visit.journey.yaml", map_with(title='"Yaml"'))
    write("maps/visit.journey.yml", map_with(title='"Yml"'))
    run = jm("render", "maps", "-o", "out", "-f", "json", cwd=tmp_path)
    assert run.code == 2
    out = Path("out") / "visit.json"
    assert run.err.splitlines() == [f"Error: 'maps/visit.journey.yaml' and 'maps/visit.journey.yml' would both be "
                                    f"written to {out}: rename one of them"]
    assert not (tmp_path / "out").exists()


def test_compare_reports_and_the_summary_of_same_name_maps_are_each_their_own(jm, visits, tmp_path):
    repo = init_repo(tmp_path)
    commit(repo, "two visits")
    for folder in ("a", "b"):
        renamed = SIGNUP.replace('"Signs up"', f'"Signs up in {folder.upper()}"')
        (visits / folder / "visit.journey.yaml").write_text(map_with(touchpoints=[renamed, WELCOME]), encoding="utf-8")
    run = jm("render", "coll/a", "coll/b", "-o", "out", "-f", "json", "--compare", "HEAD", "--summary", "summary.md",
             "--today", TODAY, cwd=repo)
    assert run.code == 0, run.err
    assert "2 comparison reports against HEAD" in run.err
    assert outputs(repo / "out") == ["a/visit.compare.html", "a/visit.json", "b/visit.compare.html", "b/visit.json"]
    for folder in ("a", "b"):
        report = (repo / "out" / folder / "visit.compare.html").read_text(encoding="utf-8")
        assert f"Signs up in {folder.upper()}" in report
    summary = (repo / "summary.md").read_text(encoding="utf-8")
    for folder in ("a", "b"):
        assert f"Comparison report: [out/{folder}/visit.compare.html](out/{folder}/visit.compare.html)" in summary
