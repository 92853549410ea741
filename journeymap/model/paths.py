"""Where an error of pydantic's lies in the plain data: its `loc` as a path of keys and list indexes."""

from __future__ import annotations

from typing import Any


def data_path(data: Any, loc: tuple) -> tuple[tuple, bool]:
    """Keep the parts of pydantic's loc that exist in the data (drop union tags); says if all exist."""
    path: list = []
    node = data
    complete = True
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
            path.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            path.append(part)
        elif isinstance(part, str) and (part.startswith("<") or part in ("[key]",) or "[" in part):
            continue
        else:
            complete = False
            path.append(part)
            break
    return tuple(path), complete
