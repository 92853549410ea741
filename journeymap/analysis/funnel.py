"""Funnel from `share` values: reach of each touchpoint relative to its entries, drop-off, conversion.

Customers flow along forward edges (`loop: true` edges and edges that would close a cycle are
left out, so returning customers never inflate reach). Out of a touchpoint, an edge with a
`share` carries that fraction; edges without one split what the declared shares leave evenly
(a single plain `next` carries everyone). Drop-off at a touchpoint is the fraction that takes no
edge: 1 - sum of its shares. Conversion of an entry is the reach that arrives at touchpoints of the last phase that
lead nowhere further.

A map without any share takes its shares from its event logs instead (basis "observed"): each
designed edge carries the fraction of visits at its source that went on to its target, and
drop-off is what leaves the designed flows (the case ends, or goes somewhere the map has no edge
to). A map with neither shares nor an event log has no funnel.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx



@dataclass(frozen=True)
class FunnelStep:
    """reach: fraction of each entry's customers who get here; drop_off: fraction of those here
    who go no further (None where the journey ends)."""

    touchpoint: str
    reach: dict[str, float]
    drop_off: float | None


@dataclass(frozen=True)
class Funnel:
    entries: list[str]
    steps: list[FunnelStep]
    conversion: dict[str, float]
    basis: str = "designed"                            # designed: the map's shares; observed: its event logs
    logs: list[str] = field(default_factory=list)      # the event logs of an observed funnel


def flow_dag(graph: nx.DiGraph, entries: list[str]) -> nx.DiGraph:
    """Forward edges only: loop edges dropped, then every edge that closes a cycle, as seen by a
    depth-first walk that starts at the entries."""
    dag = nx.DiGraph()
    dag.add_nodes_from(sorted(graph, key=lambda n: graph.nodes[n]["index"]))
    dag.add_edges_from((a, b, d) for a, b, d in graph.edges(data=True) if not d["loop"])
    roots = entries + list(dag)
    dag.remove_edges_from(_back_edges(dag, roots))
    return dag


def _back_edges(dag: nx.DiGraph, roots: list[str]) -> list[tuple[str, str]]:
    """Edges to a node still on the depth-first stack (iterative: maps can be deep)."""
    state: dict[str, int] = {}  # 1 on the stack, 2 finished
    back = []
    for root in roots:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(dag.successors(root)))]
        while stack:
            node, children = stack[-1]
            for child in children:
                if state.get(child) == 1:
                    back.append((node, child))
                elif child not in state:
                    state[child] = 1
                    stack.append((child, iter(dag.successors(child))))
                    break
            else:
                state[node] = 2
                stack.pop()
    return back


def edge_shares(dag: nx.DiGraph, node: str) -> dict[str, float]:
    out = list(dag.successors(node))
    declared = {t: dag.edges[node, t]["share"] for t in out if dag.edges[node, t]["share"] is not None}
    open_edges = [t for t in out if t not in declared]
    rest = max(0.0, 1.0 - sum(declared.values()))
    return {**declared, **{t: rest / len(open_edges) for t in open_edges}}


def has_shares(graph: nx.DiGraph) -> bool:
    """Does any flow of the map carry a hand-written `share`?"""
    return any(share is not None for _, _, share in graph.edges(data="share"))


def observed_edge_shares(dag: nx.DiGraph, node: str, flows) -> dict[str, float]:
    """Of the visits at node, the fraction that went on along each designed edge (0 if never visited)."""
    return {target: flows.share(node, target) or 0.0 for target in dag.successors(node)}


def funnel(journey, observed=None) -> Funnel | None:
    """The funnel from the map's shares, or from `observed` (an ObservedBasis) when the map has none."""
    graph = journey.graph
    designed = has_shares(graph)
    if not designed and observed is None:
        return None
    entries = journey.flows.entries()
    dag = flow_dag(graph, entries)
    order = list(nx.lexicographical_topological_sort(dag, key=lambda n: graph.nodes[n]["index"]))
    if designed:
        shares = {node: edge_shares(dag, node) for node in dag}
    else:
        shares = {node: observed_edge_shares(dag, node, observed.flows) for node in dag}
    reach = {entry: _reach_from(entry, order, dag, shares) for entry in entries}
    steps = []
    for node in order:
        drop = max(0.0, 1 - sum(shares[node].values())) if dag.out_degree(node) else None
        steps.append(FunnelStep(node, {entry: reach[entry].get(node, 0.0) for entry in entries}, drop))
    last = journey.flows.last_phase_index()
    ends = [n for n in dag if dag.out_degree(n) == 0 and graph.nodes[n]["phase_index"] == last]
    conversion = {entry: sum(reach[entry].get(n, 0.0) for n in ends) for entry in entries}
    if designed:
        return Funnel(entries, steps, conversion)
    return Funnel(entries, steps, conversion, "observed", list(observed.logs))


def _reach_from(entry: str, order: list[str], dag: nx.DiGraph, shares: dict) -> dict[str, float]:
    reach = {entry: 1.0}
    for node in order:
        here = reach.get(node)
        if not here:
            continue
        for target, share in shares[node].items():
            reach[target] = reach.get(target, 0.0) + here * share
    return reach
