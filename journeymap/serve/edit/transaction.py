"""One browser edit, end to end: check the request, refuse a stale page, apply, validate, write atomically.

No lost update: the edit names the version (the map file's bytes) its page showed. Under the
map's lock the file is read again; a different version is a conflict (409) that carries the
change since the page's version (if the server still has that text) and who made it, and nothing
is written. The new text is validated as the map would be; an edit that makes it invalid is
refused (422) with the findings, and the file is not touched. A preview stops there and answers
with the diff, the findings and the summary. The write is atomic (writer.py), and it happens only
if the file still holds the version that was checked, while an advisory lock on the map's folder
is held (tools that cooperate take the same lock: `folder_lock`). Undo and redo (history.py) are
edits like the others: the text they write back is validated and written the same way.
"""

from __future__ import annotations

import difflib
import fcntl
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from journeymap.serve.edit.history import Memory, Step
from journeymap.serve.site import finding, version_of
from journeymap.source.regular import read_regular
from journeymap.writer import write_atomic

FIELDS = ("map", "version", "edit", "by", "preview")
DIFF_LINES = 2000   # at most, in a preview or a conflict


class Refusal(Exception):
    def __init__(self, status: int, message: str, findings: list[dict] | None = None, version: str | None = None,
                 *, error: str = "refused", extra: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.findings, self.version = status, message, findings, version
        self.error, self.extra = error, extra or {}

    def body(self) -> dict:
        body = {"error": self.error, "message": self.message}
        if self.findings:
            body["findings"] = self.findings
        if self.version:
            body["version"] = self.version
        return body | self.extra


@dataclass
class Change:
    """What an edit request would write: the new text, its summary, and what the answer adds."""

    op: str
    text: str
    summary: str
    answer: dict = field(default_factory=dict)


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


def edit_map(site, payload, memory: Memory | None = None, *, lang: str | None = None) -> dict:
    """Apply one edit request; returns the answer's body, or raises Refusal."""
    request = _checked(payload)
    memory = memory if memory is not None else Memory()
    key = request["map"]
    served = site.get(key)
    if served is None:
        raise Refusal(404, f"there is no map {key!r} in the served folder")
    with served.lock:
        text = _current_text(served, key)
        memory.seen(key, text)
        if version_of(text.encode("utf-8")) != request["version"]:
            raise _conflict(memory, key, request["version"], text,
                            "the file changed on disk since this page was loaded (an editor, git, or another "
                            "participant); the other change is shown, and the edit can be made again")
        change = _change(site, served, text, request, memory, lang or _lang(served))
        answer = _written(site, served, text, change, request, memory)
    if not request["preview"]:
        from journeymap.serve.edit.round_trip import warm
        threading.Thread(target=warm, args=(change.text,), daemon=True).start()  # ready for the room's next edit
    return answer | dict(zip(("undo", "redo"), memory.counts(key)))


def _checked(payload) -> dict:
    """The request's own fields (the edit itself is checked in request.py)."""
    from journeymap.serve.edit.request import EditRefused, the_by

    if not isinstance(payload, dict):
        raise Refusal(400, "the request must be a JSON object {map, version, edit}")
    unknown = sorted(str(name)[:40] for name in payload if name not in FIELDS)
    if unknown:
        raise Refusal(400, f"the request has no field {unknown[0]!r}; its fields are: {', '.join(FIELDS)}")
    key, version, edit = payload.get("map"), payload.get("version"), payload.get("edit")
    if not isinstance(key, str) or not isinstance(version, str) or not isinstance(edit, dict):
        raise Refusal(400, "the request must name the map, the version the page showed, and the edit")
    preview = payload.get("preview")
    if preview is not None and not isinstance(preview, bool):
        raise Refusal(400, "preview must be true or false")
    try:
        by = the_by(payload.get("by"))
    except EditRefused as refused:
        raise Refusal(400, str(refused)) from None
    return {"map": key, "version": version, "edit": edit, "by": by, "preview": bool(preview)}


def _current_text(served, key: str) -> str:
    try:
        raw = read_regular(served.path)
    except OSError:  # removed, or swapped for a FIFO or a folder, since it was found
        raise Refusal(404, f"the map {key!r} is no longer a file in the served folder") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Refusal(422, "the map file is not UTF-8 text") from None


def _change(site, served, text: str, request: dict, memory: Memory, lang: str) -> Change:
    """The text an edit (or an undo, a redo) would write, and what it does."""
    from journeymap.serve.edit.apply import EditRefused, edit_text
    from journeymap.serve.edit.summary import worded

    op = request["edit"].get("op")
    if op in ("undo", "redo"):
        return _taken_back(text, request, memory, lang, redo=op == "redo")
    try:
        applied = edit_text(text, request["edit"], phases=_phases(site, served, text))
    except EditRefused as refused:
        raise Refusal(400, str(refused)) from None
    return Change(op, applied.text, worded(applied.said if applied.text != text else [], lang), applied.answer)


def _taken_back(text: str, request: dict, memory: Memory, lang: str, *, redo: bool) -> Change:
    from journeymap.serve.edit.request import EditRefused, check_request
    from journeymap.serve.edit.summary import undone

    try:
        check_request(request["edit"])
    except EditRefused as refused:
        raise Refusal(400, str(refused)) from None
    step = memory.last(request["map"], redo=redo)
    name = "redo" if redo else "undo"
    if step is None:
        raise Refusal(409, f"there is no edit to {name}")
    if text != (step.before if redo else step.after):
        raise Refusal(409, f"the file changed since; {name} is not possible")
    return Change(name, step.after if redo else step.before, undone(step.summary, lang, redo=redo))


def _written(site, served, text: str, change: Change, request: dict, memory: Memory) -> dict:
    """Validate the new text, then (unless previewing) write it; the answer's body."""
    key = request["map"]
    new_raw = change.text.encode("utf-8")
    result = site.check(served, new_raw)
    errors = [finding(d) for d in result.diagnostics if d.severity == "error"]
    if request["preview"]:
        return {"ok": True, "preview": True, "map": key, "diff": diff_lines(text, change.text, key),
                "findings": [finding(d) for d in result.diagnostics], "summary": change.summary} | change.answer
    if errors:
        raise Refusal(422, "this edit would make the map invalid, so it was not written", errors)
    answer = {"ok": True, "map": key, "version": version_of(new_raw), "summary": change.summary} | change.answer
    if change.text == text:
        return answer
    with folder_lock(served.path.parent):
        now = read_regular(served.path)
        if version_of(now) != request["version"]:
            raise _conflict(memory, key, request["version"], now.decode("utf-8", "replace"),
                            "the file changed on disk while the edit was checked; the other change is shown, "
                            "and the edit can be made again")
        # before the watcher can see the file: its live event and the pages it renders name the author and count
        # the undo steps with this one
        memory.wrote(key, change.text, request["by"], change.summary)
        _remember(memory, key, text, change, request["by"])
        try:
            write_atomic(served.path, new_raw)
        except OSError:
            _forget(memory, key, change)
            raise
    return answer


def _remember(memory: Memory, key: str, text: str, change: Change, by: str | None) -> None:
    """The written edit can be undone; an undo can be redone."""
    if change.op in ("undo", "redo"):
        memory.took_back(key, redo=change.op == "redo")
    else:
        memory.record(key, Step(text, change.text, change.summary, by))


def _forget(memory: Memory, key: str, change: Change) -> None:
    """The write failed: the step remembered for it goes again."""
    if change.op in ("undo", "redo"):
        memory.took_back(key, redo=change.op != "redo")
    else:
        memory.drop_last(key)


def _conflict(memory: Memory, key: str, page_version: str, text: str, message: str) -> Refusal:
    """409: the file's version, who made it (if through the server), and the change since the page's version."""
    current = version_of(text.encode("utf-8"))
    memory.seen(key, text)
    before = memory.text(key, page_version)
    changes = None if before is None else diff_lines(before, text, key)
    return Refusal(409, message, version=current, error="conflict",
                   extra={"by": memory.author(key, current), "changes": changes})


def diff_lines(before: str, after: str, key: str) -> list[str]:
    """A unified diff of the file, as lines without their line ends (at most DIFF_LINES, then '…')."""
    lines = list(difflib.unified_diff(before.splitlines(), after.splitlines(), f"a/{key}", f"b/{key}", lineterm=""))
    return lines if len(lines) <= DIFF_LINES else lines[:DIFF_LINES] + ["…"]


def _phases(site, served, text: str) -> list[str] | None:
    """The map's phase ids after includes (the included ones come first): from its last rendering if that was
    of this text, else from the map and its includes read again."""
    rendered = served.rendered
    if rendered is not None and rendered.journey is not None and rendered.version == version_of(text.encode("utf-8")):
        return [phase.id for phase in rendered.journey.model.phases]
    from journeymap.source.document import load_document
    from journeymap.source.project import Project

    document = load_document(served.path, served.key, project=Project.of(served.path, root=site.root),
                             content=text.encode("utf-8"))
    phases = document.data.get("phases") if isinstance(document.data, dict) else None
    if not isinstance(phases, list):
        return None
    return [str(phase["id"]) for phase in phases if isinstance(phase, dict) and isinstance(phase.get("id"), str)]


def _lang(served) -> str:
    rendered = served.rendered
    return rendered.journey.model.lang if rendered is not None and rendered.journey is not None else "en"
