"""The journey as a networkx.DiGraph (touchpoints as nodes, `next` as edges), built from its flows (flows.py)."""

from __future__ import annotations

import networkx as nx

from journeymap.model.flows import Flows


def build_graph(flows: Flows) -> nx.DiGraph:
    """The flows as a networkx graph, for analysis and rendering.

    Graph attributes: `phase_order` (phase ids left to right). Node attributes: `touchpoint`
    (the model object), `index` (position in the file), `phase_index`. Edge attributes: `share`,
    `label`, `loop`, `index` (position in the `next` list).
    """
    graph = nx.DiGraph(phase_order=list(flows.phase_order))
    for step in flows.steps.values():
        graph.add_node(step.id, touchpoint=step.touchpoint, index=step.index, phase_index=step.phase_index)
    for flow in flows.flows:
        graph.add_edge(flow.source, flow.target, share=flow.share, label=flow.label, loop=flow.loop, index=flow.index)
    return graph


def forward_edges(graph: nx.DiGraph) -> list[tuple[str, str]]:
    """Edges that are not marked as loops."""
    return [(a, b) for a, b, loop in graph.edges(data="loop") if not loop]


def ordered_touchpoints(graph: nx.DiGraph) -> list[str]:
    """Journey order: by phase, then by flow (forward edges) within a phase, then by file order."""
    forward = nx.DiGraph()
    forward.add_nodes_from(graph)
    forward.add_edges_from((a, b) for a, b in forward_edges(graph)
                           if graph.nodes[a]["phase_index"] == graph.nodes[b]["phase_index"])
    key = lambda n: (graph.nodes[n]["phase_index"], graph.nodes[n]["index"])
    try:
        by_flow = list(nx.lexicographical_topological_sort(forward, key=lambda n: graph.nodes[n]["index"]))
    except nx.NetworkXUnfeasible:  # a cycle inside one phase: fall back to file order
        by_flow = sorted(graph, key=key)
    rank = {node: i for i, node in enumerate(by_flow)}
    return sorted(graph, key=lambda n: (graph.nodes[n]["phase_index"], rank[n]))
