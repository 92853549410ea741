"""`journeymap render`: every format, mirrored folders, incremental re-renders, errors and exit codes."""

from __future__ import annotations

import os
import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from journeymap.build.batch import CACHE_FILE
from journeymap.cli.main import main
from journeymap.source.discover import find_maps, output_stem
from journeymap.model.graph import ordered_touchpoints
from journeymap.rules.pipeline import validate_file

from support.layout import dot_layout
from support.maps import MINIMAL_MAP
from support.paths import SAMPLES

DIAGRAM_FORMATS = ("dot", "svg", "png", "pdf")
SAMPLE_MAPS = [(path, relative) for path, _, relative in find_maps([SAMPLES])]
TODAY = "2026-11-20"


def summary(run) -> str:
    """The last stderr line, without the timing that differs from run to run."""
    return re.sub(r"\(\d+\.\d s\)$", "(… s)", run.err.splitlines()[-1])


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Inode and mtime of every output file: an atomic rewrite changes the inode even within one tick."""
    return {str(p.relative_to(folder)): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != CACHE_FILE}


def rewritten(before: dict, after: dict) -> set[str]:
    return {name for name in after if before.get(name) != after[name]}


def model_edges(journey) -> list[tuple[str, str]]:
    ids = {node: f"tp{i}" for i, node in enumerate(ordered_touchpoints(journey.graph))}
    pairs = [(t.id, step if isinstance(step, str) else step.to) for t in journey.model.touchpoints for step in t.next]
    return sorted((ids[a], ids[b]) for a, b in pairs)


# ------------------------------------------------------------------------------------- samples

@pytest.fixture(scope="module")
def samples_out(tmp_path_factory) -> Path:
    """Every sample rendered to every format, once for this module."""
    out = tmp_path_factory.mktemp("samples-out")
    with pytest.raises(SystemExit) as exit_info:
        main(["render", str(SAMPLES), "-o", str(out), "-f", ",".join(DIAGRAM_FORMATS), "--today", TODAY])
    assert exit_info.value.code == 0
    return out


@pytest.mark.graphviz
def test_every_sample_renders_to_every_format_in_mirrored_folders(samples_out):
    expected = {f"{output_stem(relative)}.{fmt}" for _, relative in SAMPLE_MAPS for fmt in DIAGRAM_FORMATS}
    assert "online-shop/first-purchase.svg" in expected
    assert set(snapshot(samples_out)) == expected
    assert (samples_out / CACHE_FILE).is_file()


@pytest.mark.graphviz
@pytest.mark.parametrize("relative", [relative for _, relative in SAMPLE_MAPS], ids=str)
def test_sample_outputs_are_valid_files(samples_out, relative):
    base = samples_out / output_stem(relative)
    assert Path(f"{base}.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert Path(f"{base}.pdf").read_bytes().startswith(b"%PDF")
    svg = ET.parse(f"{base}.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert Path(f"{base}.dot").read_text(encoding="utf-8").startswith("digraph journey {")


@pytest.mark.graphviz
@pytest.mark.parametrize("path, relative", SAMPLE_MAPS, ids=[str(r) for _, r in SAMPLE_MAPS])
def test_rendered_dot_has_the_models_touchpoints_and_edges(samples_out, path, relative):
    journey = validate_file(path).journey
    layout = dot_layout(Path(f"{samples_out / output_stem(relative)}.dot").read_text(encoding="utf-8"))
    touchpoints = len(journey.model.touchpoints)
    assert set(layout.nodes) - {"legend"} == {f"tp{i}" for i in range(touchpoints)}
    assert len(layout.edges) == sum(len(t.next) for t in journey.model.touchpoints)
    assert sorted((a, b) for a, b, _ in layout.edges) == model_edges(journey)


# --------------------------------------------------------------------------------- incremental

@pytest.mark.graphviz
def test_second_render_of_unchanged_maps_renders_nothing(jm, tmp_path):
    out = tmp_path / "out"
    first = jm("render", SAMPLES, "-o", out, "-f", "dot,svg", "--today", TODAY)
    assert first.code == 0
    n = len(SAMPLE_MAPS)
    assert summary(first) == f"{n} maps: {n} rendered ({2 * n} files), 0 unchanged; output in {out}/ (… s)"
    before = snapshot(out) | {CACHE_FILE: (out / CACHE_FILE).stat().st_mtime_ns}

    again = jm("render", SAMPLES, "-o", out, "-f", "dot,svg", "--today", TODAY)
    assert again.code == 0
    assert again.err.splitlines() == [again.err.splitlines()[-1]]  # the summary only
    nothing = f"{n} maps: 0 rendered (0 files), {n} unchanged — nothing changed"
    assert summary(again) == f"{nothing}; output in {out}/ (… s)"
    assert snapshot(out) | {CACHE_FILE: (out / CACHE_FILE).stat().st_mtime_ns} == before

    forced = jm("render", SAMPLES, "-o", out, "-f", "dot,svg", "--today", TODAY, "--force")
    assert forced.code == 0
    assert summary(forced) == f"{n} maps: {n} rendered ({2 * n} files), 0 unchanged; output in {out}/ (… s)"
    assert rewritten(before, snapshot(out)) == set(snapshot(out))


@pytest.fixture
def library_maps(write, project, tmp_path):
    """maps/a and maps/b include lib/people.yaml; maps/c stands alone and reads nps.csv (one git project)."""
    write("maps/lib/people.yaml", """
        journeymap: 1
        personas:
          - {id: lea, name: "Lea"}
          - {id: max, name: "Max"}
        owners:
          - {id: team, name: "Team"}
    """)
    for name in ("a/one", "b/two"):
        write(f"maps/{name}.journey.yaml", """
            journeymap: 1
            title: "Shared people"
            include: [../lib/people.yaml]
            phases:
              - {id: join, name: "Join"}
            touchpoints:
              - {id: signup, name: "Signs up", phase: join, owner: team, emotion: {lea: 1, max: -1}}
        """)
    write("maps/c/three.journey.yaml", MINIMAL_MAP + "data:\n  - {file: nps.csv, kind: nps, date_column: date}\n")
    write("maps/c/nps.csv", "touchpoint,score,date\nsignup,9,2026-11-01\nwelcome,4,2026-11-02\n")
    return tmp_path / "maps"


@pytest.fixture
def render_library(jm, library_maps, tmp_path):
    out = tmp_path / "out"

    def render(*options: str):
        return jm("render", library_maps, "-o", out, "-f", "dot,svg", "--today", TODAY, *options)

    first = render()
    assert first.code == 0 and summary(first).startswith("3 maps: 3 rendered (6 files), 0 unchanged;")
    return render, out


@pytest.mark.graphviz
def test_changed_library_rerenders_exactly_the_maps_that_include_it(render_library, library_maps):
    render, out = render_library
    before = snapshot(out)
    people = library_maps / "lib" / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace('"Max"', '"Maximilian"'), encoding="utf-8")
    run = render()
    assert run.code == 0
    assert summary(run) == f"3 maps: 2 rendered (4 files), 1 unchanged; output in {out}/ (… s)"
    assert rewritten(before, snapshot(out)) == {"a/one.dot", "a/one.svg", "b/two.dot", "b/two.svg"}
    assert "Maximilian" in (out / "a" / "one.dot").read_text(encoding="utf-8")
    assert "Maximilian" in (out / "b" / "two.dot").read_text(encoding="utf-8")


@pytest.mark.graphviz
def test_changed_data_file_rerenders_only_the_map_that_reads_it(render_library, library_maps):
    render, out = render_library
    before = snapshot(out)
    with open(library_maps / "c" / "nps.csv", "a", encoding="utf-8") as csv:
        csv.write("signup,10,2026-11-03\n")
    run = render()
    assert run.code == 0
    assert summary(run) == f"3 maps: 1 rendered (2 files), 2 unchanged; output in {out}/ (… s)"
    assert rewritten(before, snapshot(out)) == {"c/three.dot", "c/three.svg"}


@pytest.mark.graphviz
def test_deleted_output_rerenders_its_map(render_library):
    render, out = render_library
    (out / "b" / "two.svg").unlink()
    before = snapshot(out)
    run = render()
    assert run.code == 0
    assert summary(run) == f"3 maps: 1 rendered (2 files), 2 unchanged; output in {out}/ (… s)"
    assert rewritten(before, snapshot(out)) == {"b/two.dot", "b/two.svg"}


@pytest.mark.graphviz
def test_same_input_gives_the_same_bytes(jm, tmp_path):
    for name in ("first", "second"):
        run = jm("render", SAMPLES, "-o", tmp_path / name, "-f", "dot,svg", "--today", TODAY, "--force")
        assert run.code == 0
    outputs = sorted(snapshot(tmp_path / "first"))
    assert outputs == sorted(snapshot(tmp_path / "second")) and len(outputs) == 2 * len(SAMPLE_MAPS)
    for name in outputs:
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes(), name


# ------------------------------------------------------------------------------ errors and exits

@pytest.mark.graphviz
def test_a_broken_map_does_not_stop_the_others(jm, write, tmp_path):
    write("maps/good.journey.yaml", MINIMAL_MAP)
    broken = write("maps/broken.journey.yaml", MINIMAL_MAP.replace("phase: stay", "phase: stya"))
    out = tmp_path / "out"
    run = jm("render", tmp_path / "maps", "-o", out, "-f", "dot,svg")
    assert run.code == 1
    assert run.err.splitlines() == [
        f"{broken}:12:55: error: unknown phase 'stya' (did you mean 'stay'?) [unknown-reference]",
        run.err.splitlines()[-1],
    ]
    assert summary(run) == f"2 maps: 1 rendered (2 files), 0 unchanged, 1 failed; output in {out}/ (… s)"
    assert sorted(snapshot(out)) == ["good.dot", "good.svg"]


def test_missing_dot_writes_dot_files_and_says_how_to_install(jm, write, tmp_path, empty_path):
    from journeymap.render.graphviz_run import INSTALL_HINT

    journey_map = write("minimal.journey.yaml", MINIMAL_MAP)
    out = tmp_path / "out"
    run = jm("render", journey_map, "-o", out, "-f", "dot,svg", "-j", "1")
    assert run.code == 2
    hints = [line for line in run.err.splitlines() if "apt-get install graphviz" in line]
    assert len(hints) == 1 and hints[0].startswith(f"journeymap: error: {INSTALL_HINT}")
    assert "Traceback" not in run.err
    assert (out / "minimal.dot").is_file()
    assert not (out / "minimal.svg").exists()


def test_unknown_format_is_a_usage_error_listing_the_valid_ones(jm, tmp_path):
    run = jm("render", SAMPLES, "-o", tmp_path / "out", "-f", "svg,bogus")
    assert run.code == 2
    from journeymap.render.formats import FORMATS

    assert set(DIAGRAM_FORMATS) <= set(FORMATS)
    assert run.err.splitlines()[-1] == f"Error: unknown format 'bogus'; choose from {', '.join(FORMATS)}"
    assert not (tmp_path / "out").exists()


def test_missing_path_is_a_usage_error(jm, tmp_path):
    run = jm("render", tmp_path / "nope", "-o", tmp_path / "out")
    assert run.code == 2
    assert run.err.splitlines()[-1] == f"Error: '{tmp_path / 'nope'}': no such file or folder"
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------------------------ timeout

@pytest.fixture
def slow_dot(monkeypatch, tmp_path):
    """A fake `dot` first on PATH: answers -V at once, otherwise sleeps 5 s."""
    from journeymap.render.graphviz_run import dot_version

    folder = tmp_path / "slow-bin"
    folder.mkdir()
    script = folder / "dot"
    script.write_text('#!/bin/sh\n[ "$1" = "-V" ] && { echo "dot - fake 0.0" >&2; exit 0; }\nexec sleep 5\n')
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    dot_version.cache_clear()
    yield
    dot_version.cache_clear()


def test_run_dot_gives_up_after_the_timeout(slow_dot):
    from journeymap.render.graphviz_run import LayoutFailed, run_dot

    started = time.monotonic()
    with pytest.raises(LayoutFailed, match="--timeout"):
        run_dot("digraph { a }", "svg", timeout=0.5)
    assert time.monotonic() - started < 2


def test_render_timeout_is_a_tool_problem(jm, write, tmp_path, slow_dot):
    journey_map = write("minimal.journey.yaml", MINIMAL_MAP)
    out = tmp_path / "out"
    started = time.monotonic()
    run = jm("render", journey_map, "-o", out, "-f", "dot,svg", "-j", "1", "--timeout", "1")
    assert time.monotonic() - started < 4
    assert run.code == 2
    assert (f"journeymap: error: {journey_map}: Graphviz took longer than 1 s to lay out the diagram; "
            "raise --timeout or render one persona with --persona") in run.err.splitlines()
    assert not (out / "minimal.svg").exists()


# ------------------------------------------------------------------------------ atomic writes

def test_write_atomic_leaves_only_the_file(tmp_path):
    from journeymap.writer import write_atomic

    target = tmp_path / "deep" / "map.svg"
    write_atomic(target, "first")
    write_atomic(target, "second ✓")
    assert target.read_text(encoding="utf-8") == "second ✓"
    assert [p.name for p in target.parent.iterdir()] == ["map.svg"]
    assert target.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("failing, error", [("replace", OSError("disk gone")), ("fsync", OSError("disk full")),
                                            ("fsync", KeyboardInterrupt())], ids=["replace", "fsync", "interrupt"])
def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch, failing, error):
    import journeymap.writer
    from journeymap.writer import write_atomic

    target = tmp_path / "map.svg"
    target.write_text("old", encoding="utf-8")

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(journeymap.writer.os, failing, fail)
    with pytest.raises(type(error)):
        write_atomic(target, "new " * 100_000)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["map.svg"]
