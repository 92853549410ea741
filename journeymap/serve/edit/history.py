"""What the server remembers of each map while it runs (in memory: a restart forgets): texts, authors, undo, redo.

- the last 64 texts of the map it has read or written, by version: a conflict answer shows the
  change from the page's version to the file's (`changes`);
- who made each version through the server, and what it did: the live event says "Anna: added
  step …", a conflict names who won;
- the room's last 100 edits as (text before, text after, summary, by): undo writes the text
  before back, redo the text after, each only while the file still holds the other one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from journeymap.serve.site import version_of

TEXTS_KEPT = 64
STEPS_KEPT = 100


@dataclass(frozen=True)
class Step:
    """One accepted edit: undo goes from `after` back to `before`."""

    before: str
    after: str
    summary: str
    by: str | None


@dataclass
class MapMemory:
    texts: OrderedDict = field(default_factory=OrderedDict)      # version -> text
    authors: OrderedDict = field(default_factory=OrderedDict)    # version -> [by, summary, announced yet]
    undo: list = field(default_factory=list)
    redo: list = field(default_factory=list)


class Memory:
    """Every served map's memory, safe to use from the edit threads and the event loop."""

    def __init__(self):
        self._maps: dict[str, MapMemory] = {}
        self._lock = threading.Lock()

    def _of(self, key: str) -> MapMemory:
        return self._maps.setdefault(key, MapMemory())

    def seen(self, key: str, text: str) -> None:
        with self._lock:
            _keep(self._of(key).texts, version_of(text.encode("utf-8")), text, TEXTS_KEPT)

    def text(self, key: str, version: str) -> str | None:
        with self._lock:
            return self._of(key).texts.get(version)

    def author(self, key: str, version: str) -> str | None:
        """Who made this version through the server (None: an editor, git, or nobody named)."""
        with self._lock:
            return self._of(key).authors.get(version, [None])[0]

    def announcement(self, key: str, version: str) -> tuple[str | None, str | None]:
        """(by, summary) for the first live event of a version the server wrote; (None, None) after that."""
        with self._lock:
            author = self._of(key).authors.get(version)
            if author is None or author[2]:
                return None, None
            author[2] = True
            return author[0], author[1]

    def wrote(self, key: str, text: str, by: str | None, summary: str) -> None:
        version = version_of(text.encode("utf-8"))
        with self._lock:
            memory = self._of(key)
            _keep(memory.texts, version, text, TEXTS_KEPT)
            _keep(memory.authors, version, [by, summary, False], TEXTS_KEPT)   # the same text again is news again

    def counts(self, key: str) -> tuple[int, int]:
        """How many steps undo and redo can take."""
        with self._lock:
            memory = self._of(key)
            return len(memory.undo), len(memory.redo)

    def last(self, key: str, *, redo: bool = False) -> Step | None:
        with self._lock:
            steps = self._of(key).redo if redo else self._of(key).undo
            return steps[-1] if steps else None

    def record(self, key: str, step: Step) -> None:
        """A new edit: undo can take it back; what was undone can no longer be redone."""
        with self._lock:
            memory = self._of(key)
            memory.undo.append(step)
            del memory.undo[:-STEPS_KEPT]
            memory.redo.clear()

    def drop_last(self, key: str) -> None:
        """Forget the last recorded edit (its write failed)."""
        with self._lock:
            undo = self._of(key).undo
            if undo:
                undo.pop()

    def took_back(self, key: str, *, redo: bool = False) -> None:
        """The last step was undone (moves to redo) or redone (moves back to undo)."""
        with self._lock:
            memory = self._of(key)
            source, target = (memory.redo, memory.undo) if redo else (memory.undo, memory.redo)
            target.append(source.pop())
            del target[:-STEPS_KEPT]


def _keep(kept: OrderedDict, key, value, limit: int) -> None:
    kept[key] = value
    kept.move_to_end(key)
    while len(kept) > limit:
        kept.popitem(last=False)
