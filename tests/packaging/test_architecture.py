"""The package reads as the pipeline (docs/architecture.md): stages import only stages below them, no cycles.

Imports are read from the source (AST), those inside functions included, and importing
`journeymap.a.b` counts as importing the packages `journeymap.a` and `journeymap` too, as Python
runs their `__init__.py` first.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import networkx as nx
import pytest

from support.paths import ROOT

PACKAGE = ROOT / "journeymap"
# Bottom to top: a module may import modules of its own layer or below, never above (docs/architecture.md).
LAYERS = {
    "journeymap": 0, "findings": 0, "suggest": 0, "runtime": 0, "writer": 0, "i18n": 0,
    "source": 1,
    "model": 2,
    "evidence": 3,
    "analysis": 4,
    "rules": 5,
    "render": 6,
    "compare": 7, "history": 7, "importers": 7,
    "build": 8,
    "serve": 9, "lsp": 9, "site": 9,
    "cli": 10, "__main__": 10,
}
MAX_LINES = 400
MAX_LOOSE_ROOT_MODULES = 5


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imported(tree: ast.AST) -> set[str]:
    """Every journeymap module a module names in an import statement, wherever the statement is."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, "relative import"
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {_owning_module(name) for name in names if name.split(".")[0] == "journeymap"} - {None}


def _owning_module(dotted: str) -> str | None:
    """The module a dotted name lives in (`journeymap.model.format.JourneyMap` -> `journeymap.model.format`)."""
    while dotted and dotted not in MODULES:
        dotted = dotted.rpartition(".")[0]
    return dotted or None


def _with_parents(module: str) -> set[str]:
    """A module and the packages Python imports before it."""
    parts = module.split(".")
    return {".".join(parts[:n]) for n in range(1, len(parts) + 1)}


def _import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for module, path in MODULES.items():
        graph.add_node(module)
        for target in _imported(ast.parse(path.read_text(encoding="utf-8"))):
            graph.add_edges_from((module, name) for name in _with_parents(target) if name != module)
    return graph


GRAPH = _import_graph()


def _layer(module: str) -> int:
    stage = module.split(".")[1] if "." in module else module
    return LAYERS[stage]


def test_there_are_no_import_cycles():
    cycles = [sorted(component) for component in nx.strongly_connected_components(GRAPH) if len(component) > 1]
    assert cycles == []


def test_the_cycle_check_finds_a_cycle_through_an_import_inside_a_function():
    graph = nx.DiGraph([("journeymap.a", "journeymap.b")])
    tree = ast.parse("def f():\n    from journeymap.findings import Diagnostic\n")
    assert _imported(tree) == {"journeymap.findings"}
    graph.add_edge("journeymap.b", "journeymap.a")
    assert len(list(nx.simple_cycles(graph))) == 1


def test_every_stage_is_known_to_the_layer_table():
    stages = {module.split(".")[1] for module in MODULES if "." in module}
    assert sorted(stages - set(LAYERS)) == []


def test_stages_import_only_stages_below_them():
    upward = sorted(f"{source} -> {target}" for source, target in GRAPH.edges
                    if _layer(target) > _layer(source))
    assert upward == []


def test_the_findings_type_imports_nothing_of_the_project():
    assert sorted(GRAPH.successors("journeymap.findings")) == []


def test_the_model_never_reaches_into_the_evidence_stage():
    model = [m for m in MODULES if m.startswith("journeymap.model")]
    reached = set().union(*(nx.descendants(GRAPH, m) for m in model))
    assert sorted(m for m in reached if m.startswith("journeymap.evidence")) == []


def test_only_the_cli_imports_click():
    users = sorted(module for module, path in MODULES.items()
                   if re.search(r"^\s*(import click|from click)", path.read_text(encoding="utf-8"), re.M)
                   and not module.startswith("journeymap.cli"))
    assert users == []


def test_no_module_imports_another_modules_private_names():
    private = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("journeymap"):
                private += [f"{module}: {node.module}.{a.name}" for a in node.names if a.name.startswith("_")
                            and not a.name.startswith("__")]
    assert private == []


def test_package_inits_hold_only_a_docstring():
    """An __init__ that imports its children makes every child that imports a sibling part of a cycle."""
    busy = []
    for path in PACKAGE.rglob("__init__.py"):
        body = ast.parse(path.read_text(encoding="utf-8")).body
        if not body or not (isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)):
            busy.append(f"{path.relative_to(ROOT)}: no docstring")
        elif len(body) > 1 and path.parent != PACKAGE:
            busy.append(f"{path.relative_to(ROOT)}: more than a docstring")
    assert busy == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_400_lines(module):
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{MODULES[module].relative_to(ROOT)} has {lines} lines"


def test_few_modules_lie_loose_at_the_package_root():
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert len(loose) <= MAX_LOOSE_ROOT_MODULES, loose


def test_the_architecture_page_maps_the_tree():
    """docs/architecture.md's folder map names every folder and root module, and nothing that is gone."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    folder_map = text[text.index("```text\njourneymap/"):]
    folder_map = folder_map[:folder_map.index("\n```")]
    named = set(re.findall(r"^  (\S+)", folder_map, flags=re.M))
    present = {f"{p.name}/" for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    present |= {p.name for p in PACKAGE.glob("*.py")}
    assert sorted(present - named) == [] and sorted(named - present) == []
    layer_table = text[text.index("| layer | stage |"):]
    stages = set(re.findall(r"`([a-z0-9_]+)/?`", layer_table[:layer_table.index("\n\n")]))
    assert stages == set(LAYERS) - {"journeymap", "__main__"}
