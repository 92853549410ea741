"""The contract for every input, on structural mutations of the real samples (a CI-sized slice).

Either `validate` exits 1 and every error has a line, or it exits 0 and `render` to every format
exits 0 and writes every file. `benchmarks/fuzz --long` runs 100,000 mutants (docs/reliability.md);
the failing inputs it ever found are regression fixtures in tests/fixtures/structural/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from support.paths import ROOT, SAMPLES
from support.structural import FAST_FORMATS, Mutant, Project, check, make_mutant, sample_maps
from support.tools import require_tool

MUTANTS = int(os.environ.get("JOURNEYMAP_FUZZ_STRUCTURAL", "150"))
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "structural").glob("*.journey.yaml"))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    return Project(tmp_path_factory.mktemp("structural"))


@pytest.mark.graphviz
def test_structural_mutants_keep_the_contract(project, tmp_path):
    require_tool("dot")
    seed = int(os.environ.get("JOURNEYMAP_FUZZ_SEED", "7"))
    failures, rendered = [], 0
    for index in range(seed, seed + MUTANTS):
        mutant = make_mutant(index)
        problem = check(mutant, project, tmp_path / "out", FAST_FORMATS)
        rendered += (tmp_path / "out").exists()
        if problem:
            failures.append(f"seed {index} {mutant.sample} {mutant.steps}: {problem}")
    assert failures == []
    assert 5 <= rendered < MUTANTS   # both halves of the contract were reached


def test_every_kind_of_mutation_is_made():
    steps = [step for index in range(300) for step in make_mutant(index).steps]
    kinds = {step.split(" ")[0] for step in steps}
    assert kinds == {"replace", "delete", "duplicate", "graft", "rename"}
    assert {make_mutant(index).sample for index in range(20)} == {str(p) for p in sample_maps()}
    assert make_mutant(42).text == make_mutant(42).text   # a seed makes its input again


@pytest.mark.graphviz
@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_inputs_that_once_failed_keep_the_contract(fixture, project, tmp_path):
    assert check(_fixture_mutant(fixture), project, tmp_path / "out", FAST_FORMATS) is None


def _fixture_mutant(fixture: Path) -> Mutant:
    """A regression fixture as the input it was: its first line names the sample it sits beside."""
    text = fixture.read_text(encoding="utf-8")
    return Mutant(0, re.match(r"# sample: (\S+)", text).group(1), text=text)


BLANK_NAMES = [p for p in FIXTURES if p.name.endswith("-name.journey.yaml")]


@pytest.mark.parametrize("fixture", BLANK_NAMES, ids=[p.stem for p in BLANK_NAMES])
def test_a_blank_name_from_the_fixtures_is_a_schema_error_at_its_line(fixture, project, jm):
    path = project.write(_fixture_mutant(fixture))
    run = jm("validate", path)
    assert run.code == 1
    blank = [line for line in run.out.splitlines() if "must not be empty" in line]
    assert len(blank) == 1 and re.search(r"mutant\.journey\.yaml:\d+:\d+: error: .* \[schema\]$", blank[0]), run.out


def test_an_integer_beyond_any_float_is_a_schema_error_at_its_line(jm, write):
    path = write("m.journey.yaml", "journeymap: 1\ntitle: T\npersonas: [{id: p, name: P}]\n"
                                   "phases: [{id: a, name: A}]\ntouchpoints:\n"
                                   f"  - {{id: t, name: T, phase: a, pains: [{{text: x, severity: {10**400}}}]}}\n")
    run = jm("validate", path)
    assert run.code == 1 and "m.journey.yaml:6:60: error: 'severity' is too large: a number of 401 digits [schema]" \
        in run.out, run.out


def test_the_contract_check_sees_a_valid_map_that_does_not_render(project, tmp_path, empty_path):
    """Without Graphviz, render of a valid map exits 2: the check must report it, not pass it."""
    mutant = Mutant(0, "cafe/morning-coffee.journey.yaml",
                    text=(SAMPLES / "cafe/morning-coffee.journey.yaml").read_text())
    problem = check(mutant, project, tmp_path / "out", ("svg", "html"))
    assert problem and problem.startswith("valid, but render exited 2")
