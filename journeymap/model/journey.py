"""A validated map with everything later stages read: model, graph, positions, and its evidence.

The evidence (event logs, survey files) is read by the evidence stage, above the model: the validate
pipeline hands its readers in, and a Journey calls each at most once, when a rule or report first asks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from journeymap.findings import Position
from journeymap.model.flows import Flows
from journeymap.source.document import LIBRARY_KEYS, Document

if TYPE_CHECKING:
    import networkx as nx

    from journeymap.model.format import JourneyMap
    from journeymap.model.salvage import Salvage

EvidenceReader = Callable[["Journey"], list]


def no_evidence(journey: "Journey") -> list:
    """The reader of a journey whose evidence is not read (a map checked on its own)."""
    return []


@dataclass
class Journey:
    """One map after loading: the typed model, its flow graph and where each part was written."""

    document: Document
    model: JourneyMap
    flows: Flows
    today: dt.date = field(default_factory=dt.date.today)
    salvage: Salvage | None = None  # set when schema errors cut parts of the map (salvage.py)
    read_observations: EvidenceReader = no_evidence  # the event logs (evidence/observe), handed in
    read_surveys: EvidenceReader = no_evidence       # the `data:` CSV files (evidence/survey), handed in
    read_feedback: EvidenceReader = no_evidence      # the `kind: feedback` files (evidence/feedback), handed in

    @property
    def path(self) -> str:
        return self.document.path

    @property
    def base_dir(self) -> Path:
        return self.document.real_path.parent

    @property
    def is_partial(self) -> bool:
        """Schema errors cut parts of the map (salvage.py): the model is what is left of it."""
        return self.salvage is not None

    def file_path(self, path: tuple) -> tuple:
        """The path in the file for a path into the model (they differ where parts were cut)."""
        return self.salvage.original(path) if self.salvage else tuple(path)

    def at(self, *path) -> Position:
        """Where the value at path was written (or its nearest enclosing value)."""
        return self.document.sourcemap.value(self.file_path(path))

    def key_at(self, *path) -> Position:
        """Where the key holding path was written."""
        return self.document.sourcemap.key(self.file_path(path))

    def written(self, *path) -> bool:
        """Is there a value at path in the file (not a default)?"""
        return self.file_path(path) in self.document.sourcemap.values

    def is_included(self, kind: str, index: int) -> bool:
        """Was this persona/phase/channel/owner written in an included library?"""
        return self.document.is_included(kind, self.file_path((kind, index))[1])

    def ids(self, kind: str) -> list[tuple[tuple, str]]:
        """(path in the file, id) of every item of a kind in file order, items cut for schema errors included."""
        items = [(self.file_path((kind, i)), item.id) for i, item in enumerate(getattr(self.model, kind))]
        if self.salvage:
            items += [((kind, index), item_id) for index, item_id in self.salvage.cut_ids(kind)]
        return sorted(items)

    def known_ids(self, kind: str) -> dict[str, None] | None:
        """The ids a reference of this kind may name, in file order (as dict keys: quick to look up, and
        listed in order when a reference names none of them); None when a lost library may have held more."""
        if kind in LIBRARY_KEYS and self.document.library_lost:
            return None
        return dict.fromkeys(item_id for _, item_id in self.ids(kind))

    def cut_pain_ids(self, touchpoint_index: int) -> set[str]:
        """Pain ids of a touchpoint (model index) whose pain was cut for a schema error."""
        return self.salvage.cut_pain_ids(self.file_path(("touchpoints", touchpoint_index))[1]) if self.salvage else set()

    @cached_property
    def graph(self) -> nx.DiGraph:
        """The flows as a networkx graph, built (and networkx imported) when analysis or rendering first asks."""
        from journeymap.model.graph import build_graph
        return build_graph(self.flows)

    @cached_property
    def observations(self):
        """The event logs (`data: kind: events`), each observed once for rules, analysis and reports."""
        return self.read_observations(self)

    @cached_property
    def feedback(self):
        """The `kind: feedback` files, each read and linked to touchpoints once."""
        return self.read_feedback(self)

    @cached_property
    def surveys(self):
        """The `data:` CSV files, read once for rules and analysis alike."""
        return self.read_surveys(self)
