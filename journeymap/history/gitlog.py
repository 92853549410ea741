"""The commits a map's history is made of, and the files of any commit, read through one git process.

`map_commits` follows the map through renames (`git log --follow`) and adds the commits that
changed one of its includes or data files. `Blobs` reads `commit:path` objects from a single
`git cat-file --batch` stream: no checkout, no export per commit.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from journeymap.source.revisions import GitProblem, run_git

RECORD, FIELD = "\x1e", "\x1f"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str          # author date, ISO 8601 with offset
    author: str
    subject: str
    path: str          # the map's repository-relative path in this commit


def is_shallow(root: Path) -> bool:
    return run_git("rev-parse", "--is-shallow-repository", cwd=root).decode().strip() == "true"


def _range(root: Path, since: str | None) -> list[str]:
    if since is None:
        return ["HEAD"]
    if DATE.match(since):
        return ["HEAD", f"--since={since}T00:00:00"]
    try:
        run_git("rev-parse", "--verify", "--quiet", f"{since}^{{commit}}", cwd=root)
    except GitProblem:
        raise GitProblem(f"unknown revision '{since}'") from None
    return [f"{since}..HEAD"]


def _log(root: Path, args: list[str]) -> list[tuple[str, str, str, str, list[list[str]]]]:
    out = run_git("log", f"--format={RECORD}%H{FIELD}%aI{FIELD}%an{FIELD}%s", "--name-status", "-M", *args,
               cwd=root).decode("utf-8", "replace")
    entries = []
    for record in out.split(RECORD)[1:]:
        head, _, body = record.partition("\n")
        sha, date, author, subject = (head.split(FIELD) + ["", "", "", ""])[:4]
        changes = [line.split("\t") for line in body.splitlines() if line.strip()]
        entries.append((sha, date, author, subject, changes))
    return entries


def map_commits(root: Path, path: str, since: str | None, dependencies) -> list[Commit]:
    """Oldest first: every commit in range that changed the map (under any of its names) or one of
    `dependencies(paths_of_the_map) -> repository-relative paths` (its includes and data files)."""
    revisions = _range(root, since)
    followed = _log(root, [*revisions, "--follow", "--", path])
    names: dict[str, str] = {}            # sha -> the map's path in that commit
    for sha, _, _, _, changes in followed:
        for change in changes:
            if change[0].startswith(("R", "C")) and len(change) == 3:
                names[sha] = change[2]
            elif len(change) == 2:
                names[sha] = change[1]
    if not followed:
        return []
    paths = sorted(set(names.values()) | {path})
    extra = sorted(set(dependencies(followed, names)) - set(paths))
    every = _log(root, [*revisions, "--", *paths, *extra]) if extra else followed
    commits, current = [], None
    for sha, date, author, subject, _ in reversed(every):       # oldest first: a rename carries forward
        current = names.get(sha, current)
        if current is not None:
            commits.append(Commit(sha, date, author, subject, current))
    return commits


class Blobs:
    """`commit:path` -> bytes (None when missing), over one `git cat-file --batch` process."""

    def __init__(self, root: Path):
        self.root = root
        self.process = subprocess.Popen(["git", "cat-file", "--batch"], cwd=root, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.ids: dict[tuple[str, str], tuple[str, bytes] | None] = {}

    def read(self, commit: str, path: str) -> tuple[str, bytes] | None:
        """(object id, content) of a file in a commit; None when the commit has no such file."""
        key = (commit, path)
        if key not in self.ids:
            self.ids[key] = self._request(f"{commit}:{path}")
        return self.ids[key]

    def _request(self, spec: str) -> tuple[str, bytes] | None:
        if "\n" in spec:
            return None
        self.process.stdin.write(spec.encode("utf-8") + b"\n")
        self.process.stdin.flush()
        header = self.process.stdout.readline().decode("utf-8", "replace").split()
        if len(header) != 3 or header[1] != "blob":
            if len(header) == 3:                       # a tree or another object: skip its content
                self.process.stdout.read(int(header[2]) + 1)
            return None
        content = self.process.stdout.read(int(header[2]))
        self.process.stdout.read(1)                    # the newline after the content
        return header[0], content

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
