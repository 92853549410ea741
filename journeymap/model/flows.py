"""The journey's flows as plain values: touchpoints in file order, `next` as flows, phases in order.

The rules read these on every `validate`. The networkx graph that analysis and rendering walk
(graph.py) is built from them only when one of those asks: importing networkx costs about a
fifth of validating a small map, and a check needs no more than a walk along the flows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from journeymap.model.format import JourneyMap, Touchpoint, edge


@dataclass(frozen=True)
class Step:
    """A touchpoint in the flow: the first definition of its id, where it was written and its phase's place."""

    id: str
    touchpoint: Touchpoint
    index: int        # position in the file's touchpoints
    phase_index: int  # position of its phase (past the last phase for an unknown one)


@dataclass(frozen=True)
class Flow:
    """A `next` between two touchpoints that exist (the first one written between the same two)."""

    source: str
    target: str
    share: float | None
    label: Any
    loop: bool
    index: int  # position in the source's `next` list


@dataclass(frozen=True)
class Flows:
    phase_order: list[str]  # phase ids left to right
    steps: dict[str, Step]  # by id, in file order
    flows: list[Flow]       # in the order of their sources, then of each `next` list

    @classmethod
    def of(cls, model: JourneyMap) -> "Flows":
        phase_index: dict[str, int] = {}
        for index, phase in enumerate(model.phases):
            phase_index.setdefault(phase.id, index)
        steps: dict[str, Step] = {}
        for index, touchpoint in enumerate(model.touchpoints):
            if touchpoint.id not in steps:
                steps[touchpoint.id] = Step(touchpoint.id, touchpoint, index,
                                            phase_index.get(touchpoint.phase, len(phase_index)))
        return cls(list(phase_index), steps, _flows(steps))

    def has_flows(self) -> bool:
        return bool(self.flows)

    def phases_known(self) -> bool:
        """Every touchpoint's phase exists: without that the phase order, and what rests on it, means nothing."""
        return all(step.phase_index < len(self.phase_order) for step in self.steps.values())

    def forward(self) -> list[Flow]:
        """Flows that are not marked as loops."""
        return [flow for flow in self.flows if not flow.loop]

    def entries(self) -> list[str]:
        """Where customers start: touchpoints of the first phase that has any, with no incoming forward flow.

        If every touchpoint of that phase has an incoming flow, all of them are entries.
        """
        if not self.steps:
            return []
        first = min(step.phase_index for step in self.steps.values())
        in_first = [step.id for step in self.steps.values() if step.phase_index == first]
        reached = {flow.target for flow in self.forward()}
        return [node for node in in_first if node not in reached] or in_first

    def last_phase_index(self) -> int:
        """The last phase that has touchpoints."""
        return max((step.phase_index for step in self.steps.values()), default=0)

    def reachable_from(self, starts: list[str]) -> set[str]:
        """The starts and every touchpoint some chain of flows (loops included) leads to from them."""
        successors: dict[str, list[str]] = {}
        for flow in self.flows:
            successors.setdefault(flow.source, []).append(flow.target)
        reached, waiting = set(starts), list(starts)
        while waiting:
            for target in successors.get(waiting.pop(), ()):
                if target not in reached:
                    reached.add(target)
                    waiting.append(target)
        return reached


def _flows(steps: dict[str, Step]) -> list[Flow]:
    flows: list[Flow] = []
    seen: set[tuple[str, str]] = set()
    for step in steps.values():
        for index, item in enumerate(step.touchpoint.next):
            flow = edge(item)
            if flow.to in steps and (step.id, flow.to) not in seen:
                seen.add((step.id, flow.to))
                flows.append(Flow(step.id, flow.to, flow.share, flow.label, flow.loop, index))
    return flows
