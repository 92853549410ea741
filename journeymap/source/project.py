"""The project a map belongs to: the folder that its includes and data files must stay inside.

A pull request from a fork is untrusted input, so a map may not make journeymap read (and a
report show) a file outside the repository: no absolute path, no `../` past the project root,
no symbolic link that points out of it. The root is the git work tree that holds the map, or
the map's own folder when there is none. `--allow-outside` lifts the limit.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LIFT = "--allow-outside lifts this"


@dataclass(frozen=True)
class Project:
    """Where a map's files may come from; root None means anywhere (--allow-outside)."""

    root: Path | None
    in_git: bool = True  # the root is a git work tree (or a revision's tree), not just the map's folder

    @classmethod
    def of(cls, map_file: Path, *, allow_outside: bool = False, root: Path | None = None) -> "Project":
        """The project of a map: `root` (a revision's exported tree) or the work tree that holds the map."""
        if allow_outside:
            return cls(None)
        if root is not None:
            return cls(_real(root))
        folder = _real(map_file).parent
        found = find_root(folder)
        return cls(found, in_git=found != folder or os.path.lexists(folder / ".git"))

    @property
    def _named(self) -> str:
        # No path in the message: a revision's tree lies in a temporary folder, and diff compares messages.
        return "the git work tree that holds the map" if self.in_git else "the map's folder (no git work tree holds it)"

    def refusal(self, entry: str, base_dir: Path) -> str | None:
        """Why the file `entry`, written relative to base_dir, may not be read; None when it may."""
        if self.root is None:
            return None
        if os.path.isabs(entry):
            return f"it is an absolute path; name it relative to the file, inside the project ({LIFT})"
        written = Path(os.path.normpath(base_dir / entry))
        if not written.is_relative_to(self.root):
            return f"it is outside the project, {self._named} ({LIFT})"
        real = _real(written)
        if real is None or not real.is_relative_to(self.root):
            return f"it is a symbolic link to a file outside the project, {self._named} ({LIFT})"
        return None


def _real(path: Path) -> Path | None:
    """The path with every symbolic link followed (None for a link loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


@lru_cache(maxsize=64)
def find_root(folder: Path) -> Path:
    """The nearest folder at or above `folder` that holds `.git` (a work tree), else `folder` itself."""
    for candidate in (folder, *folder.parents):
        if os.path.lexists(candidate / ".git"):
            return candidate
    return folder
