"""The journey as a networkx.DiGraph: touchpoints as nodes, `next` as edges, phases in order."""

from __future__ import annotations

import networkx as nx

from journeymap.model.format import JourneyMap, edge


def build_graph(model: JourneyMap) -> nx.DiGraph:
    """Touchpoints (first definition of an id wins) and the flow edges between existing ones.

    Graph attributes: `phase_order` (phase ids left to right). Node attributes: `touchpoint`
    (the model object), `index` (position in the file), `phase_index`. Edge attributes: `share`,
    `label`, `loop`, `index` (position in the `next` list).
    """
    phase_index = {}
    for index, phase in enumerate(model.phases):
        phase_index.setdefault(phase.id, index)
    graph = nx.DiGraph(phase_order=list(phase_index))
    for index, touchpoint in enumerate(model.touchpoints):
        if touchpoint.id not in graph:
            graph.add_node(touchpoint.id, touchpoint=touchpoint, index=index,
                           phase_index=phase_index.get(touchpoint.phase, len(phase_index)))
    for touchpoint in model.touchpoints:
        if graph.nodes[touchpoint.id]["touchpoint"] is not touchpoint:
            continue
        for index, item in enumerate(touchpoint.next):
            flow = edge(item)
            if flow.to in graph and not graph.has_edge(touchpoint.id, flow.to):
                graph.add_edge(touchpoint.id, flow.to, share=flow.share, label=flow.label,
                               loop=flow.loop, index=index)
    return graph


def has_flows(graph: nx.DiGraph) -> bool:
    return graph.number_of_edges() > 0


def phases_known(graph: nx.DiGraph) -> bool:
    """Every touchpoint's phase exists: without that the phase order, and what rests on it, means nothing."""
    return all(index < len(graph.graph["phase_order"]) for _, index in graph.nodes(data="phase_index"))


def forward_edges(graph: nx.DiGraph) -> list[tuple[str, str]]:
    """Edges that are not marked as loops."""
    return [(a, b) for a, b, loop in graph.edges(data="loop") if not loop]


def entry_touchpoints(graph: nx.DiGraph) -> list[str]:
    """Where customers start: touchpoints of the first phase that has any, with no incoming forward edge.

    If every touchpoint of that phase has an incoming edge, all of them are entries.
    """
    if not graph:
        return []
    first = min(phase for _, phase in graph.nodes(data="phase_index"))
    in_first = [n for n in sorted(graph, key=lambda n: graph.nodes[n]["index"]) if graph.nodes[n]["phase_index"] == first]
    forward = nx.DiGraph(forward_edges(graph))
    starts = [n for n in in_first if n not in forward or forward.in_degree(n) == 0]
    return starts or in_first


def last_phase_index(graph: nx.DiGraph) -> int:
    """The last phase that has touchpoints."""
    return max((phase for _, phase in graph.nodes(data="phase_index")), default=0)


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
