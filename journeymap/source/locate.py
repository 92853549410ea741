"""Where a `data:` file of a map lies: the checks every data source shares, before it is opened."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from journeymap.findings import ERROR, Diagnostic
from journeymap.source.loader import probe
from journeymap.source.regular import special_kind

RULE = "data-error"


@dataclass(frozen=True)
class DataFile:
    display: str   # as the user sees it: relative to the current folder
    path: Path     # where it is read
    state: str     # "file" or "folder" (loader.probe)


def display_path(journey, written: str) -> str:
    """A data file's path as the user sees it: relative to the current folder, like the map's."""
    return os.path.normpath(os.path.join(os.path.dirname(journey.path), written))


def locate_data_file(journey, index: int, written: str, noun: str, *, folder_allowed: bool) -> DataFile | Diagnostic:
    """The `file` of data entry `index`, or the data-error at its line: a name no file system takes, a path
    outside the project, nothing there, or a folder where a file is needed. `noun` names it in messages."""
    display = display_path(journey, written)
    path = journey.base_dir / written
    at = journey.at("data", index, "file")
    state = probe(path)
    if state == "invalid":
        return Diagnostic.at(at, ERROR, RULE, f"{noun} {written!r} is not a valid file name")
    refusal = journey.document.project.refusal(written, journey.base_dir)
    if refusal:
        return Diagnostic.at(at, ERROR, RULE, f"{noun} '{written}' is not read: {refusal}")
    if state == "special":
        return Diagnostic.at(at, ERROR, RULE, f"{noun} '{written}' is {special_kind(path)}, not a regular file")
    if state == "missing" or (state == "folder" and not folder_allowed):
        what = "is a folder" if state == "folder" else "does not exist"
        where = f" ({display})" if display != os.path.normpath(written) else ""
        return Diagnostic.at(at, ERROR, RULE, f"{noun} '{written}' {what}{where}")
    return DataFile(display, path, state)
