"""What Graphviz makes of a DOT text (`dot -Tjson`), for tests that check the drawn diagram."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass


@dataclass
class Layout:
    """What Graphviz made of a DOT text (`dot -Tjson`): nodes by name, visible edges, clusters."""

    graph: dict
    nodes: dict[str, dict]
    edges: list[tuple[str, str, dict]]
    clusters: dict[str, dict]


def dot_layout(source: str) -> Layout:
    """Lay out DOT source with `dot -Tjson`; fails the test if Graphviz reports any problem."""
    done = subprocess.run(["dot", "-Tjson"], input=source.encode("utf-8"), capture_output=True, timeout=60)
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0 and not stderr.strip(), stderr
    graph = json.loads(done.stdout)
    subgraphs = graph.get("_subgraph_cnt", 0)  # objects: the subgraphs first, then the nodes
    nodes = graph["objects"][subgraphs:]
    names = {node["_gvid"]: node["name"] for node in nodes}
    edges = [(names[e["tail"]], names[e["head"]], e) for e in graph.get("edges", []) if e.get("style") != "invis"]
    clusters = {s["name"]: s for s in graph["objects"][:subgraphs] if s["name"].startswith("cluster")}
    return Layout(graph, {node["name"]: node for node in nodes}, edges, clusters)


def drawn_text(drawn: dict) -> str:
    """The text Graphviz draws for an object's label, whitespace-normalised."""
    return " ".join(" ".join(op["text"] for op in drawn.get("_ldraw_", []) if op["op"] == "T").split())
