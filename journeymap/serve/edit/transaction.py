"""One browser edit, end to end: check the request, refuse a stale page, apply, validate, write atomically.

No lost update: the edit names the version (the map file's bytes) its page showed. Under the
map's lock the file is read again; a different version is a conflict (409) and nothing is
written. The new text is validated as the map would be; an edit that makes it invalid is
refused (422) with the findings, and the file is not touched. The write is atomic (writer.py), and
it happens only if the file still holds the version that was checked, while an advisory lock on
the map's folder is held (tools that cooperate take the same lock: `folder_lock`).
"""

from __future__ import annotations

import fcntl
import os
import threading
from contextlib import contextmanager
from pathlib import Path

from journeymap.source.regular import read_regular
from journeymap.writer import write_atomic
from journeymap.serve.site import finding, version_of


class Refusal(Exception):
    def __init__(self, status: int, message: str, findings: list[dict] | None = None, version: str | None = None):
        super().__init__(message)
        self.status, self.message, self.findings, self.version = status, message, findings, version

    def body(self) -> dict:
        body = {"error": "refused", "message": self.message}
        if self.findings:
            body["findings"] = self.findings
        if self.version:
            body["version"] = self.version
        return body


@contextmanager
def folder_lock(folder: Path):
    """An advisory lock on a folder: held while a map in it is checked against its version and replaced."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        os.close(handle)


def edit_map(site, payload) -> tuple[str, str]:
    """Apply one edit request; returns (map key, new version), or raises Refusal."""
    from journeymap.serve.edit.apply import EditRefused, apply_edit

    if not isinstance(payload, dict):
        raise Refusal(400, "the request must be a JSON object {map, version, edit}")
    key, version, edit = payload.get("map"), payload.get("version"), payload.get("edit")
    if not isinstance(key, str) or not isinstance(version, str) or not isinstance(edit, dict):
        raise Refusal(400, "the request must name the map, the version the page showed, and the edit")
    served = site.get(key)
    if served is None:
        raise Refusal(404, f"there is no map {key!r} in the served folder")
    with served.lock:
        try:
            raw = read_regular(served.path)
        except OSError:  # removed, or swapped for a FIFO or a folder, since it was found
            raise Refusal(404, f"the map {key!r} is no longer a file in the served folder") from None
        current = version_of(raw)
        if current != version:
            raise Refusal(409, "the file changed on disk since this page was loaded (an editor or git): "
                               "the page reloads with the new state; make the edit again", version=current)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise Refusal(422, "the map file is not UTF-8 text") from None
        try:
            new_text = apply_edit(text, edit)
        except EditRefused as refused:
            raise Refusal(400, str(refused)) from None
        new_raw = new_text.encode("utf-8")
        result = site.check(served, new_raw)
        errors = [finding(d) for d in result.diagnostics if d.severity == "error"]
        if errors:
            raise Refusal(422, "this edit would make the map invalid, so it was not written", errors)
        with folder_lock(served.path.parent):
            if version_of(read_regular(served.path)) != version:
                raise Refusal(409, "the file changed on disk while the edit was checked: the page reloads "
                                   "with the new state; make the edit again")
            write_atomic(served.path, new_raw)
    from journeymap.serve.edit.round_trip import warm
    threading.Thread(target=warm, args=(new_text,), daemon=True).start()  # ready for the room's next edit
    return key, version_of(new_raw)
