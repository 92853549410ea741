"""Where a touchpoint's `detail` link leads: another map inside the project, and no cycle back.

A `detail` is checked like an `include`: the path is relative to the map that writes it, may not
leave the project (project.py), and must name a file that is a journey map (a mapping with
`touchpoints`). A chain of detail links that comes back to a map is a cycle. The validate rule
`detail-error` and the static site both follow links through here, so neither reads a file the
other would refuse.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from journeymap.source.loader import DEFAULT_MAX_BYTES, probe, read_source
from journeymap.source.project import Project
from journeymap.source.regular import special_kind

MAX_MAPS = 2000  # maps a cycle search reads at most: a project of generated maps stays bounded


@dataclass(frozen=True)
class DetailTarget:
    """A followed link: the map's real path, or why it cannot be followed (then path is None)."""

    path: Path | None
    problem: str | None = None


def follow(entry: str, base_dir: Path, project: Project, *, max_bytes: int = DEFAULT_MAX_BYTES) -> DetailTarget:
    """The map a detail link written in a file of `base_dir` names, or why it cannot be followed."""
    if not entry.strip():
        return DetailTarget(None, "it is empty; name the map that zooms into this touchpoint")
    candidate = base_dir / entry
    if probe(candidate) == "invalid":
        return DetailTarget(None, "it is not a valid file name")
    refusal = project.refusal(entry, base_dir)
    if refusal:
        return DetailTarget(None, refusal)
    real = candidate.resolve()
    state = probe(real)
    if state != "file":
        what = {"missing": "no such file", "folder": "it is a folder, not a map"}.get(state)
        return DetailTarget(None, what or f"it is {special_kind(real)}, not a regular file")
    not_a_map = _not_a_map(real, max_bytes)
    return DetailTarget(None, not_a_map) if not_a_map else DetailTarget(real)


def _not_a_map(path: Path, max_bytes: int) -> str | None:
    source = read_source(path, path.name, max_bytes=max_bytes)
    if source.sourcemap is None or not source.ok:
        first = source.diagnostics[0]
        return f"it cannot be read as a map ({first.rule} at line {first.line}: {first.message})"
    data = source.data
    if not isinstance(data, dict) or "journeymap" not in data or "touchpoints" not in data:
        return "it is not a journey map (a map has 'journeymap: 1' and 'touchpoints')"
    return None


def links(path: Path, project: Project, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Path]:
    """The maps a map file's touchpoints link to by `detail` (only those that can be followed), in file order."""
    source = read_source(path, path.name, max_bytes=max_bytes)
    touchpoints = source.data.get("touchpoints") if isinstance(source.data, dict) else None
    found = []
    for touchpoint in touchpoints if isinstance(touchpoints, list) else []:
        entry = touchpoint.get("detail") if isinstance(touchpoint, dict) else None
        if isinstance(entry, str):
            target = follow(entry, path.parent, project, max_bytes=max_bytes)
            if target.path is not None and target.path not in found:
                found.append(target.path)
    return found


def cycle(start: Path, first: Path, project: Project) -> list[Path] | None:
    """The chain start -> first -> … -> start when following detail links from `first` leads back, else None."""
    if first == start:
        return [start, start]
    trail = {first: None}
    stack = [first]
    while stack and len(trail) <= MAX_MAPS:
        here = stack.pop()
        for target in links(here, project):
            if target == start:
                return [start, *_back(trail, here), start]
            if target not in trail:
                trail[target] = here
                stack.append(target)
    return None


def _back(trail: dict, last: Path) -> list[Path]:
    chain = [last]
    while trail[chain[-1]] is not None:
        chain.append(trail[chain[-1]])
    return chain[::-1]


def shown(chain: list[Path], base_dir: Path) -> str:
    """'pay.journey.yaml -> ../shop/first-purchase.journey.yaml -> pay.journey.yaml', relative to base_dir."""
    return " -> ".join(os.path.relpath(path, base_dir) for path in chain)
