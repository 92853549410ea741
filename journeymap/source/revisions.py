"""Maps as they were at a git revision: `REV:path` and "every map changed since REV".

A revision is exported once per run (`git archive`) into a temporary folder, so a map's
includes and data files are read as they were at that revision too.
"""

from __future__ import annotations

import atexit
import io
import os
import shutil
import subprocess
import tarfile
import tempfile
from functools import lru_cache
from pathlib import Path


class GitProblem(RuntimeError):
    """Not a git repository, an unknown revision, or git missing: a usage error."""


def run_git(*args: str, cwd: Path | None = None) -> bytes:
    """git's output for these arguments, or a GitProblem with git's last line of complaint."""
    if shutil.which("git") is None:
        raise GitProblem("git is not installed")
    done = subprocess.run(["git", *args], capture_output=True, cwd=cwd)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitProblem(message[-1] if message else f"git {' '.join(args)} failed")
    return done.stdout


def repository_root() -> Path:
    """The root of the repository holding the current folder (cached per folder: the CLI may run in-process)."""
    return _root_of(os.getcwd())


@lru_cache(maxsize=8)
def _root_of(folder: str) -> Path:
    return Path(run_git("rev-parse", "--show-toplevel", cwd=Path(folder)).decode().strip())


def checkout(revision: str) -> Path:
    """A temporary folder holding the whole tree of a revision (removed at exit)."""
    root = repository_root()
    try:
        commit = run_git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", cwd=root).decode().strip()
    except GitProblem:
        raise GitProblem(f"unknown revision '{revision}'") from None
    return _export(root, commit)


@lru_cache(maxsize=8)
def _export(root: Path, commit: str) -> Path:
    """Export once per repository and commit, not per revision name: HEAD moves between in-process runs."""
    folder = Path(tempfile.mkdtemp(prefix="journeymap-rev-"))
    atexit.register(shutil.rmtree, folder, True)
    archive = run_git("archive", "--format=tar", commit, cwd=root)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def repo_relative(path: str) -> str:
    """A path given relative to the current folder, as git names it: relative to the repository root."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(repository_root().resolve()).as_posix()
    except ValueError:
        raise GitProblem(f"'{path}' is outside the git repository {repository_root()}") from None


def from_root(relative: str) -> str:
    """A repository-relative path as seen from the current folder (the inverse of repo_relative)."""
    return os.path.relpath(repository_root() / relative)


def split_revision(spec: str) -> tuple[str | None, str]:
    """'HEAD~1:maps/a.journey.yaml' -> ('HEAD~1', 'maps/a.journey.yaml'); a plain path -> (None, path)."""
    if ":" in spec and not Path(spec).exists():
        revision, _, path = spec.partition(":")
        if revision and path:
            return revision, path
    return None, spec


def file_at(revision: str, path: str) -> Path:
    """Where the file `path` of `revision` lies in its exported tree (it may not exist)."""
    return checkout(revision) / repo_relative(path)


def maps_at(revision: str, paths: list[str], suffixes: tuple[str, ...]) -> dict[str, Path]:
    """Repository-relative path -> exported file, for the maps under `paths` at `revision`."""
    root = checkout(revision)
    found = {}
    for given in paths or ["."]:
        base = root / repo_relative(given)
        candidates = [base] if base.is_file() else sorted(base.rglob("*")) if base.is_dir() else []
        for candidate in candidates:
            if candidate.is_file() and candidate.name.endswith(suffixes):
                found[candidate.relative_to(root).as_posix()] = candidate
    return found


def head_commit() -> str:
    """The commit HEAD is at (GitProblem outside a git repository)."""
    return run_git("rev-parse", "HEAD", cwd=repository_root()).decode().strip()


def maps_or_revisions(specs) -> list[tuple[Path, str, Path | None]]:
    """(file, display, project root) for map files, folders, and REV:path (a map as it was at a git
    revision, read with its includes and data from that revision's tree). NoMaps for a path that
    does not exist, GitProblem when git cannot read a revision."""
    from journeymap.source.discover import NoMaps, find_maps

    found, plain = [], []
    for spec in specs:
        revision, path = split_revision(spec)
        if revision is None:
            plain.append(spec)
            continue
        real, root = file_at(revision, path), checkout(revision)
        if not real.is_file():
            raise NoMaps(f"'{spec}': no such file at that revision")
        found.append((real, spec, root))
    return [(path, display, None) for path, display, _ in find_maps(tuple(plain))] + found if plain else found
