"""One test per input hazard: exit code, rule id and line, and never a traceback (run as a real process)."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from support.generate import generate_map
from support.gitrepo import init_repo
from support.maps import BILLION_LAUGHS, MINIMAL_MAP, WELCOME, map_with


def run(path: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "journeymap", "validate", str(path), *args],
                          capture_output=True, text=True, timeout=60)
    assert "Traceback" not in done.stdout + done.stderr
    assert "internal error" not in done.stderr
    return done


def findings(done) -> list[tuple[int, str]]:
    """(line, rule) of every finding printed."""
    rows = []
    for line in done.stdout.splitlines():
        location, _, rest = line.partition(": ")
        rows.append((int(location.split(":")[-2]), rest.rsplit("[", 1)[-1].rstrip("]")))
    return rows


def signup_as(item: str) -> str:
    """The minimal map with its first touchpoint written as `item`."""
    return map_with(touchpoints=[item, WELCOME])


HAZARDS = {
    # name: (file content, expected exit code, expected (line, rule) findings)
    "alias bomb": (BILLION_LAUGHS, 1, [(6, "input-limit")]),     # where the expansion passes the limit
    "self-referencing alias": ("a: &x [1, *x]\n", 1, [(1, "yaml-syntax")]),
    "deep nesting": ("a: " + "[" * 50_000 + "]" * 50_000 + "\n", 1, [(1, "input-limit")]),
    "duplicate key": (MINIMAL_MAP.replace('title: "Minimal"', 'title: "Minimal"\ntitle: "Twice"'), 1,
                      [(3, "duplicate-key")]),
    "duplicate key k and quoted k": (MINIMAL_MAP.replace('title: "Minimal"', 'title: "Minimal"\n"title": "Twice"'), 1,
                                     [(3, "duplicate-key")]),
    "no as boolean": (MINIMAL_MAP.replace('title: "Minimal"', "title: no"), 1, [(2, "schema")]),
    "on as boolean": (signup_as('{id: signup, name: on, phase: join, owner: team, next: [welcome]}'), 1,
                      [(11, "schema")]),
    "1.10 as number": (signup_as('{id: signup, name: 1.10, phase: join, owner: team, next: [welcome]}'), 1,
                       [(11, "schema")]),
    "12:30 as number": (signup_as('{id: signup, name: 12:30, phase: join, owner: team, next: [welcome]}'), 1,
                        [(11, "schema")]),
    "017 as octal": (signup_as('{id: signup, name: 017, phase: join, owner: team, next: [welcome]}'), 1,
                     [(11, "schema")]),
    "date as date": (signup_as('{id: signup, name: 2026-11-25, phase: join, owner: team, next: [welcome]}'), 1,
                     [(11, "schema")]),
    "tab indentation": ("journeymap: 1\ntitle: x\npersonas:\n\t- id: a\n", 1, [(4, "yaml-syntax")]),
    "control character": (MINIMAL_MAP.replace('"Minimal"', '"Mini\x07mal"'), 1, [(2, "yaml-syntax")]),
    "very long string": (MINIMAL_MAP.replace('"Minimal"', '"' + "x" * 30_000 + '"'), 1, [(2, "input-limit")]),
    "merge keys": (MINIMAL_MAP.replace("touchpoints:\n", "defaults: &team {owner: team}\ntouchpoints:\n"), 1,
                   [(10, "schema")]),
}


@pytest.mark.parametrize("name", sorted(HAZARDS))
def test_hazard(name, tmp_path):
    content, code, expected = HAZARDS[name]
    path = tmp_path / "hazard.journey.yaml"
    path.write_text(content, encoding="utf-8")
    done = run(path)
    assert done.returncode == code, done.stdout + done.stderr
    assert findings(done) == expected, done.stdout


def test_merge_keys_merge_with_explicit_keys_winning(tmp_path):
    path = tmp_path / "merge.journey.yaml"
    path.write_text(textwrap.dedent("""\
        journeymap: 1
        title: "Merge keys"
        personas: [{id: lea, name: "Lea"}]
        phases: [{id: join, name: "Join"}, {id: stay, name: "Stay"}]
        owners: [{id: team, name: "Team"}, {id: ops, name: "Ops"}]
        touchpoints:
          - &base {id: signup, name: "Signs up", phase: join, owner: team, next: [welcome]}
          - <<: *base
            id: welcome
            name: "Gets a welcome mail"
            phase: stay
            owner: ops
            next: []
        """), encoding="utf-8")
    done = run(path, "--strict")
    assert (done.returncode, done.stdout) == (0, "")


@pytest.mark.parametrize("encoding, rule_line", [("utf-16", (1, "encoding")), ("utf-32", (1, "encoding")),
                                                 ("latin-1", (2, "encoding"))])
def test_other_encodings(encoding, rule_line, tmp_path):
    path = tmp_path / "enc.journey.yaml"
    path.write_bytes(MINIMAL_MAP.replace('"Minimal"', '"Größe"').encode(encoding))
    done = run(path)
    assert done.returncode == 1 and findings(done) == [rule_line]


def test_utf8_bom_is_fine(tmp_path):
    path = tmp_path / "bom.journey.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL_MAP.encode("utf-8"))
    assert run(path, "--strict").returncode == 0


def test_nul_byte(tmp_path):
    path = tmp_path / "nul.journey.yaml"
    path.write_bytes(MINIMAL_MAP.encode("utf-8").replace(b"Minimal", b"Mini\x00mal"))
    done = run(path)
    assert done.returncode == 1 and findings(done) == [(2, "encoding")]


def test_huge_file(tmp_path):
    path = tmp_path / "huge.journey.yaml"
    path.write_bytes(MINIMAL_MAP.encode() + b"#" + b"x" * (6 * 1024 * 1024) + b"\n")
    done = run(path)
    assert done.returncode == 1 and findings(done) == [(1, "input-limit")]


def test_ten_thousand_touchpoints(tmp_path):
    path = tmp_path / "big.journey.yaml"
    path.write_text(generate_map(10_000), encoding="utf-8")
    done = run(path)
    assert done.returncode == 0, done.stdout[:2000]


def test_include_cycle(tmp_path):
    (tmp_path / "a.yaml").write_text("include: [b.yaml]\npersonas: [{id: a, name: A}]\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("include: [a.yaml]\n", encoding="utf-8")
    path = tmp_path / "m.journey.yaml"
    path.write_text("include: [a.yaml]\n" + MINIMAL_MAP, encoding="utf-8")
    done = run(path)
    assert done.returncode == 1 and ("include-error" in done.stdout) and "cycle" in done.stdout
    assert [rule for _, rule in findings(done)] == ["include-error"]


@pytest.mark.parametrize("target", ["folder", "binary"])
def test_include_folder_or_binary(target, tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "binary").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    path = tmp_path / "m.journey.yaml"
    path.write_text(f"include: [{target}]\n" + MINIMAL_MAP, encoding="utf-8")
    done = run(path)
    assert done.returncode == 1 and findings(done) == [(1, "include-error")]


def test_data_csv_with_broken_rows(tmp_path):
    (tmp_path / "nps.csv").write_text("touchpoint,score\nsignup,9\nsignup\nsignup,11\nwelcome,x\n", encoding="utf-8")
    path = tmp_path / "m.journey.yaml"
    path.write_text(MINIMAL_MAP + "data:\n  - {file: nps.csv, kind: nps}\n", encoding="utf-8")
    done = run(path)
    assert done.returncode == 1
    assert [(line, rule) for line, rule in findings(done)] == [(3, "data-error"), (4, "data-error"), (5, "data-error")]
    assert all(line.startswith(str(tmp_path / "nps.csv")) for line in done.stdout.splitlines())


@pytest.mark.parametrize("where", ["include", "data"])
@pytest.mark.parametrize("name", ["\\0", "x" * 5000])
def test_file_names_no_file_system_takes(where, name, tmp_path):
    """Found by benchmarks/fuzz: `include: ["\\0"]` raised ValueError deep in pathlib."""
    path = tmp_path / "m.journey.yaml"
    entry = f'include: ["{name}"]\n' if where == "include" else ""
    data = f'data:\n  - {{file: "{name}", kind: nps}}\n' if where == "data" else ""
    path.write_text(entry + MINIMAL_MAP + data, encoding="utf-8")
    done = run(path)
    assert done.returncode == 1
    assert [rule for _, rule in findings(done)] == ["include-error" if where == "include" else "data-error"]
    assert "not a valid file name" in done.stdout or "no such file" in done.stdout or "does not exist" in done.stdout


# --- files outside the project -------------------------------------------------------------
# A pull request from a fork is untrusted: its map must not make CI read a file outside the repository.

SECRET = "SECRET-7f3a9"
OUTSIDE_LIBRARY = f'personas:\n  - {{id: spy, name: "{SECRET} persona"}}\n'
OUTSIDE_CSV = f"touchpoint,{SECRET}\nsignup,9\n"   # no score column: read, its header would be shown


def outside_project(tmp_path: Path) -> tuple[Path, Path]:
    """A git project (tmp/project, the map in maps/) and, beside it, a folder with secrets."""

    project, outside = init_repo(tmp_path / "project"), tmp_path / "outside"
    (project / "maps").mkdir()
    outside.mkdir()
    (outside / "people.yaml").write_text(OUTSIDE_LIBRARY, encoding="utf-8")
    (outside / "nps.csv").write_text(OUTSIDE_CSV, encoding="utf-8")
    (project / "shared").mkdir()
    (project / "shared" / "people.yaml").symlink_to(outside / "people.yaml")
    (project / "shared" / "nps.csv").symlink_to(outside / "nps.csv")
    return project, outside


OUTSIDE = {
    # name: (the map's include or data entry, given the outside folder) -> rule
    "absolute include": (lambda outside: f"include: [{outside / 'people.yaml'}]\n", "include-error"),
    "include leaving the work tree": (lambda _: "include: [../../outside/people.yaml]\n", "include-error"),
    "include of a symlink to outside": (lambda _: "include: [../shared/people.yaml]\n", "include-error"),
    "absolute survey file": (lambda outside: f"data:\n  - {{file: {outside / 'nps.csv'}, kind: nps}}\n",
                             "data-error"),
    "survey file leaving the work tree": (lambda _: "data:\n  - {file: ../../outside/nps.csv, kind: nps}\n",
                                          "data-error"),
    "survey file through a symlink": (lambda _: "data:\n  - {file: ../shared/nps.csv, kind: nps}\n", "data-error"),
}


def outside_map(tmp_path: Path, name: str) -> tuple[Path, int, str]:
    project, outside = outside_project(tmp_path)
    entry, rule = OUTSIDE[name]
    text = entry(outside)
    content = text + MINIMAL_MAP if text.startswith("include") else MINIMAL_MAP + text
    path = project / "maps" / "m.journey.yaml"
    path.write_text(content, encoding="utf-8")
    line = 1 if text.startswith("include") else MINIMAL_MAP.count("\n") + 2
    return path, line, rule


def every_output(path: Path, out: Path, *options: str) -> tuple[list[subprocess.CompletedProcess], str]:
    """validate as text and JSON, and render to HTML: the processes and every byte they printed or wrote."""
    runs = [run(path, *options), run(path, "--format", "json", *options)]
    runs.append(subprocess.run([sys.executable, "-m", "journeymap", "render", str(path), "-o", str(out), "-f", "html",
                                *options], capture_output=True, text=True, timeout=120))
    written = "".join(f.read_text(encoding="utf-8", errors="replace") for f in out.rglob("*") if f.is_file())
    return runs, "".join(r.stdout + r.stderr for r in runs) + written


@pytest.mark.parametrize("name", sorted(OUTSIDE))
def test_a_file_outside_the_project_is_refused_and_never_shown(name, tmp_path):
    path, line, rule = outside_map(tmp_path, name)
    runs, output = every_output(path, tmp_path / "out")
    assert [r.returncode for r in runs] == [1, 1, 1]
    assert findings(runs[0]) == [(line, rule)]
    assert f"(--allow-outside lifts this) [{rule}]" in runs[0].stdout
    assert SECRET not in output
    assert not list((tmp_path / "out").glob("**/*.html"))


@pytest.mark.parametrize("name", ["absolute include", "survey file through a symlink"])
def test_allow_outside_reads_it(name, tmp_path):
    """The control: with --allow-outside the same map does read the file, and its bytes show."""
    path, _, _ = outside_map(tmp_path, name)
    _, output = every_output(path, tmp_path / "out", "--allow-outside")
    assert SECRET in output
