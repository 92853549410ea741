"""The web app (Starlette): pages, the live event stream, and edits.

GET  /                      the maps under the served folder
GET  /map/<key>             a map's report (or its findings while it has errors); ?view=projector
GET  /events                Server-Sent Events: `version` {map, version, revision, by, summary, undo, redo} when a map
                            changes (by and summary: who made the change through the server, and what it did)
POST /api/edit              {map, version, edit, by, preview}: one edit, checked, then written atomically
                            (edit/transaction.py); the server remembers the room's edits for undo (edit/history.py)
"""

from __future__ import annotations

import asyncio
import json
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from journeymap.serve import pages
from journeymap.serve.edit.history import Memory
from journeymap.serve.edit.transaction import Refusal, edit_map
from journeymap.serve.guard import MAX_BODY, BodyTooLarge, Guard, GuardMiddleware

KEEPALIVE_SECONDS = 15
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "X-Frame-Options": "DENY"}


class Hub:
    """Fan-out of map versions to every open page, with who made the change and what it did."""

    def __init__(self, memory: Memory | None = None):
        self.queues: set[asyncio.Queue] = set()
        self.closing = asyncio.Event()
        self.memory = memory if memory is not None else Memory()

    def publish(self, key: str, rendered) -> None:
        if rendered.text is not None:
            self.memory.seen(key, rendered.text)   # the version pages show now: a later conflict can diff from it
        by, summary = self.memory.announcement(key, rendered.version)
        undo, redo = self.memory.counts(key)
        change = {"map": key, "version": rendered.version, "revision": rendered.revision, "by": by,
                  "summary": summary, "undo": undo, "redo": redo}
        for queue in list(self.queues):
            queue.put_nowait(change)


def create_app(site, guard: Guard, hub: Hub, *, edit: bool, lang: str | None = None, lifespan=None):
    """The app behind its guard (guard.py)."""
    routes = Routes(site, guard, hub, edit=edit, lang=lang)
    app = Starlette(routes=[Route("/", routes.index), Route("/map/{key:path}", routes.show_map),
                            Route("/events", routes.events), Route("/api/edit", routes.api_edit, methods=["POST"])],
                    lifespan=lifespan)
    return GuardMiddleware(app, guard)


class Routes:
    """What each URL answers, for one served folder."""

    def __init__(self, site, guard: Guard, hub: Hub, *, edit: bool, lang: str | None):
        self.site, self.guard, self.hub, self.edit, self.lang = site, guard, hub, edit, lang

    async def index(self, request: Request) -> Response:
        entries = []
        for key in sorted(self.site.maps):
            rendered = await asyncio.to_thread(self.site.render, key)
            entries.append({"key": key, "title": rendered.title, "url": _map_url(key),
                            "projector": _map_url(key) + "?view=projector", "errors": rendered.errors,
                            "warnings": rendered.warnings})
        return HTMLResponse(pages.index_page(entries, csrf=self.guard.csrf, lang=self.lang), headers=HEADERS)

    async def show_map(self, request: Request) -> Response:
        key = request.path_params["key"]
        if self.site.get(key) is None:  # only the maps found under the folder; nothing else is a path here
            return _not_found(key)
        try:
            rendered = await asyncio.to_thread(self.site.render, key)
        except OSError:  # removed, or swapped for something that is not a regular file, since it was found
            return _not_found(key)
        view = "projector" if request.query_params.get("view") == "projector" else "report"
        html = rendered.pages.get(view)  # every open page reloads at once after a change: one rendering serves them
        if html is None:
            html = await asyncio.to_thread(self._page, key, rendered, view)
            rendered.pages[view] = html
        return HTMLResponse(html, headers=HEADERS)

    def _page(self, key, rendered, view: str) -> str:
        csrf, lang = self.guard.csrf, self.lang
        if rendered.journey is None:
            return pages.findings_page(key, rendered, csrf=csrf, lang=lang)
        steps = self.hub.memory.counts(key)   # undo and redo change only with a write, i.e. a new version
        if view == "projector":
            return pages.projector_page(key, rendered, csrf=csrf, lang=lang, edit=self.edit, steps=steps)
        return pages.report_page(key, rendered, edit=self.edit, csrf=csrf, lang=lang, steps=steps)

    async def events(self, request: Request) -> Response:
        queue: asyncio.Queue = asyncio.Queue()
        self.hub.queues.add(queue)
        return StreamingResponse(self._stream(queue), media_type="text/event-stream", headers=HEADERS)

    async def _stream(self, queue: asyncio.Queue):
        try:
            yield b": journeymap\n\n"
            while not self.hub.closing.is_set():
                try:
                    change = await asyncio.wait_for(queue.get(), KEEPALIVE_SECONDS)
                except asyncio.TimeoutError:
                    yield b": keepalive\n\n"
                    continue
                yield f"event: version\ndata: {json.dumps(change, allow_nan=False)}\n\n".encode("utf-8")
        finally:
            self.hub.queues.discard(queue)

    async def api_edit(self, request: Request) -> Response:
        if not self.edit:
            return JSONResponse({"error": "refused", "message": "this server was started without --edit"}, 403)
        try:
            raw = await request.body()
        except BodyTooLarge:  # counted as it arrived (guard.py)
            return JSONResponse({"error": "refused", "message": f"the request is larger than {MAX_BODY // 1024} KiB"},
                                413, headers=HEADERS)
        try:
            payload = json.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError):  # '[[[[…' nested deeper than the parser goes
            return JSONResponse({"error": "refused", "message": "the request is not JSON"}, 400)
        try:
            answer = await asyncio.to_thread(edit_map, self.site, payload, self.hub.memory, lang=self.lang)
        except Refusal as refusal:
            return JSONResponse(refusal.body(), refusal.status, headers=HEADERS)
        if not answer.get("preview"):   # pushed to every page now, not when the watcher sees the file
            await asyncio.to_thread(self.site.render, answer["map"])
        return JSONResponse(answer, headers=HEADERS)


def _map_url(key: str) -> str:
    return "/map/" + quote(key)


def _not_found(key: str) -> Response:
    return JSONResponse({"error": "not found", "message": f"there is no map {key!r} in the served folder"}, 404,
                        headers=HEADERS)
