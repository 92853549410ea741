"""Only regular files are read: a FIFO, socket or device named as a map, include, data file or import is refused.

Opening a named pipe for reading waits for a writer, and reading a device may never end, so
`validate` on `mkfifo x.journey.yaml` used to hang. Files are opened without waiting
(O_NONBLOCK) and checked on the open descriptor, so a file swapped for a pipe between the check
and the read is refused too.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder"))


class NotRegularFile(OSError):
    """A path that is not a regular file; str() says what it is."""

    def __init__(self, path: Path | str, kind: str):
        super().__init__(errno.EINVAL, f"{kind}, not a regular file", str(path))
        self.kind = kind


def kind_of(mode: int) -> str:
    """What a file of this mode is, in words ('a named pipe (FIFO)', 'a regular file', ...)."""
    return next((kind for test, kind in _KINDS if test(mode)), "a regular file" if stat.S_ISREG(mode) else
                "not a file")


def special_kind(path: Path) -> str | None:
    """What the path is when it exists but is neither a regular file nor a folder; None otherwise."""
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        return None
    return None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else kind_of(mode)


def read_regular(path: Path, limit: int = -1) -> bytes:
    """The file's bytes (at most `limit`); NotRegularFile, without blocking, for anything but a regular file."""
    kind = special_kind(path)
    if kind is not None:
        raise NotRegularFile(path, kind)  # a socket cannot even be opened
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, kind_of(mode))
        os.set_blocking(handle, True)
        with os.fdopen(handle, "rb") as file:
            handle = -1
            return file.read(limit)
    finally:
        if handle != -1:
            os.close(handle)
