"""The journey architecture: maps linked by their touchpoints' `detail`, as a tree from the top-level journeys down."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from journeymap.site.journeys import SiteMap


@dataclass(frozen=True)
class Link:
    """A touchpoint of one map that zooms into another map (target None: a map this site does not hold)."""

    parent: SiteMap
    touchpoint: str                 # its name
    target: SiteMap | None
    path: str                       # the `detail` as written


@dataclass
class Node:
    """A map in the tree; via: the parent's touchpoints that lead here. repeated: drawn already under
    another parent, so its own children are not drawn twice."""

    map: SiteMap | None
    via: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    repeated: bool = False
    missing: str | None = None      # the `detail` path of a map the site does not hold


def links(maps: list[SiteMap]) -> list[Link]:
    """Every `detail` of the valid maps, resolved to the map it names."""
    by_source = {os.path.normcase(str(m.source)): m for m in maps}
    found = []
    for site_map in (m for m in maps if m.valid):
        for touchpoint in site_map.touchpoints.values():
            if touchpoint.detail:
                target = (Path(site_map.source).parent / touchpoint.detail).resolve()
                found.append(Link(site_map, touchpoint.name, by_source.get(os.path.normcase(str(target))),
                                  touchpoint.detail))
    return found


def parents(found: list[Link]) -> dict[str, list[SiteMap]]:
    """file of a map -> the maps that zoom into it, each once, in the order of the links."""
    result: dict[str, list[SiteMap]] = {}
    for link in found:
        if link.target is not None and link.parent not in result.setdefault(link.target.file, []):
            result[link.target.file].append(link.parent)
    return result


def tree(maps: list[SiteMap], found: list[Link]) -> list[Node]:
    """The top-level journeys (no map zooms into them) with their detail maps below; every map appears."""
    reached_from = parents(found)
    drawn: set[str] = set()
    roots = [_node(m, [], found, drawn, ()) for m in maps if not reached_from.get(m.file)]
    for site_map in maps:   # maps only reached through a cycle still get a place
        if site_map.file not in drawn:
            roots.append(_node(site_map, [], found, drawn, ()))
    return roots


def _node(site_map: SiteMap, via: list[str], found: list[Link], drawn: set[str], path: tuple[str, ...]) -> Node:
    node = Node(site_map, via, repeated=site_map.file in drawn)
    drawn.add(site_map.file)
    if node.repeated or site_map.file in path:
        return node
    targets: dict[str, tuple[SiteMap | None, list[str], str]] = {}
    for link in found:
        if link.parent is site_map:
            key = link.target.file if link.target is not None else f"\0{link.path}"
            targets.setdefault(key, (link.target, [], link.path))[1].append(link.touchpoint)
    for target, touchpoints, written in targets.values():
        if target is None:
            node.children.append(Node(None, touchpoints, missing=written))
        else:
            node.children.append(_node(target, touchpoints, found, drawn, path + (site_map.file,)))
    return node

