"""Which map files a command works on: files as given, folders searched for *.journey.yaml."""

from __future__ import annotations

import os
from pathlib import Path

from journeymap.source.regular import special_kind

MAP_SUFFIXES = (".journey.yaml", ".journey.yml")


class NoMaps(ValueError):
    """A path that does not exist, or a folder without maps."""


def find_maps(paths) -> list[tuple[Path, str, Path]]:
    """(path, display path, path relative to the folder it was found under) for every map."""
    found: list[tuple[Path, str, Path]] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            maps = sorted(p for p in path.rglob("*") if p.name.endswith(MAP_SUFFIXES) and p.is_file())
            if not maps:
                raise NoMaps(f"no *.journey.yaml files under '{given}'")
            found.extend((p, str(p), p.relative_to(path)) for p in maps)
        elif special_kind(path):
            raise NoMaps(f"'{given}': {special_kind(path)}, not a regular file: maps are read only from regular files")
        elif path.exists():
            found.append((path, str(given), Path(path.name)))
        else:
            raise NoMaps(f"'{given}': no such file or folder")
    return found


def output_stem(relative: Path) -> Path:
    """samples-relative 'shop/first.journey.yaml' -> 'shop/first'."""
    name = relative.name
    for suffix in MAP_SUFFIXES + (".yaml", ".yml"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return relative.with_name(name)


def find_outputs(paths) -> list[tuple[Path, str, Path]]:
    """(path, display path, output stem) for every map, each map once (a map given twice, or as a file and
    within a folder, renders once). The stem mirrors the map's place below the folder all given paths share:
    a folder given counts as itself, a file as its folder. One folder, or files of one folder, keep the plain
    layout (DIR/shop/a.svg); maps of the same name in different folders get sub-folders, never one file."""
    found = find_maps(paths)
    shared = _shared_folder([os.path.abspath(p) if Path(p).is_dir() else os.path.dirname(os.path.abspath(p))
                             for p in paths])
    outputs, seen = [], set()
    for path, display, relative in found:
        absolute = os.path.normcase(os.path.abspath(path))
        if absolute in seen:
            continue
        seen.add(absolute)
        below = Path(os.path.relpath(os.path.abspath(path), shared)) if shared else relative
        outputs.append((path, display, output_stem(below)))
    return outputs


def _shared_folder(folders: list[str]) -> str | None:
    """The deepest folder holding all of folders; None when they share none (drives on Windows)."""
    try:
        return os.path.commonpath(folders)
    except ValueError:
        return None
