"""A validated map with everything later stages read: model, graph, positions, survey data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from journeymap.diagnostics import Position
from journeymap.document import Document

if TYPE_CHECKING:
    import networkx as nx

    from journeymap.model import JourneyMap


@dataclass
class Journey:
    """One map after loading: the typed model, its flow graph and where each part was written."""

    document: Document
    model: JourneyMap
    graph: nx.DiGraph
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def path(self) -> str:
        return self.document.path

    @property
    def base_dir(self) -> Path:
        return self.document.real_path.parent

    def at(self, *path) -> Position:
        """Where the value at path was written (or its nearest enclosing value)."""
        return self.document.sourcemap.value(path)

    def key_at(self, *path) -> Position:
        """Where the key holding path was written."""
        return self.document.sourcemap.key(path)

    @cached_property
    def surveys(self):
        """The `data:` CSV files, read once for rules and analysis alike."""
        from journeymap.survey import read_surveys
        return read_surveys(self)
