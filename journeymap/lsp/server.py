"""The pygls wiring: buffers in, checks debounced and run off the protocol's thread, findings published per
file, and each request answered from the maps' last state (flushed first where a place must be exact)."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol.language_server import LanguageServerProtocol, lsp_method

from journeymap import __version__
from journeymap.lsp import actions, completion, navigation, symbols
from journeymap.lsp.diagnostics import to_protocol
from journeymap.lsp.documents import Maps, MapState, Texts, is_map
from journeymap.lsp.hover import hover
from journeymap.lsp.navigation import Refusal

DEBOUNCE_SECONDS = 0.15
log = logging.getLogger(__name__)


def path_of(uri: str) -> str | None:
    """The file a `file:` URI names (None for any other scheme: an unsaved buffer has no project)."""
    parsed = urlparse(uri)
    if parsed.scheme != "file" or not parsed.path:
        return None
    return os.path.normpath(unquote(parsed.path))


class _Protocol(LanguageServerProtocol):
    """pygls' protocol, with positions always in UTF-16 and buffers changed only once opened."""

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams):
        if params.capabilities.general is not None:  # UTF-16, the protocol's default, which every client speaks
            params.capabilities.general.position_encodings = None
        return (yield from super().lsp_initialize(params))

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):
        if unquote(params.text_document.uri) not in self.workspace.text_documents:
            self._server.refuse(f"a change to {params.text_document.uri}, which is not open, was ignored "
                                "(open it first)")
            return
        yield from super().lsp_text_document__did_change(params)


class JourneymapServer(LanguageServer):
    """The server's state: the buffers, the maps checked, the checks waiting, the files shown findings."""

    def __init__(self, *, today=None, allow_outside: bool = False):
        super().__init__("journeymap", __version__, protocol_cls=_Protocol,
                         text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.texts = Texts()
        self.maps = Maps(self.texts, today=today, allow_outside=allow_outside)
        self.checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="journeymap-check")
        self.waiting: dict[str, asyncio.TimerHandle] = {}
        self.running: dict[str, asyncio.Future] = {}
        self.shown: dict[str, list[types.Diagnostic]] = {}   # file -> the diagnostics last published

    def opened(self, uri: str, text: str) -> str | None:
        """Take a buffer's text; the file it is (None, logged, for a buffer that is no file on disk)."""
        path = path_of(uri)
        if path is None:
            self.refuse(f"{uri} is not a file on disk: journeymap checks maps saved as files (their includes "
                        "and data are found beside them)")
            return None
        self.texts.put(path, text, uri)
        return path

    async def target(self, uri: str, position: types.Position):
        """(the state that answers, the id under the cursor), or None."""
        path = path_of(uri)
        if path is None or path not in self.texts.open:
            return None
        state = await self.current(path)
        if state is None:
            return None
        found = navigation.mention_at(self.maps, state, path, position.line, position.character)
        return (state, found) if found is not None else None

    def refuse(self, message: str) -> None:
        """Decline what a client sent, in its log; the server goes on."""
        self.window_log_message(types.LogMessageParams(type=types.MessageType.Warning, message=message))

    def later(self, path: str) -> None:
        """Check a file once it has been left alone for DEBOUNCE_SECONDS (typing goes on meanwhile)."""
        waiting = self.waiting.pop(path, None)
        if waiting is not None:
            waiting.cancel()
        loop = asyncio.get_running_loop()
        self.waiting[path] = loop.call_later(DEBOUNCE_SECONDS, lambda: asyncio.ensure_future(self.check(path)))

    async def check(self, path: str) -> None:
        """Check a map (or every map that includes a library) in the checker thread, then publish."""
        waiting = self.waiting.pop(path, None)
        if waiting is not None:
            waiting.cancel()
        future = asyncio.get_running_loop().run_in_executor(self.checker, self._check, path)
        self.running[path] = future
        try:
            checked = await future
        finally:
            if self.running.get(path) is future:
                del self.running[path]
        self.publish(checked)

    async def current(self, path: str) -> MapState | None:
        """The state that answers for a file, with a check still waiting or running for it done first."""
        if path in self.waiting:
            await self.check(path)
        elif path in self.running:
            await asyncio.shield(self.running[path])
        state = self.maps.holder(path)
        return state if state is not None and state.index is not None else None

    def _check(self, path: str) -> list[str]:
        """The maps checked: the map, or those that include the library."""
        try:
            targets = [path] if is_map(path) else self.maps.including(path)
            for target in targets:
                self.maps.check(target)
            return targets
        except Exception as exc:  # a bug: said in the client's log, and the server goes on
            log.exception("checking %s", path)
            self.window_log_message(types.LogMessageParams(
                type=types.MessageType.Error, message=f"journeymap: internal error checking {path}: "
                                                      f"{type(exc).__name__}: {exc} (please report it)"))
            return []

    def publish(self, checked: list[str] = ()) -> None:
        """Send each file's findings: a map's own, and a library's from every map that includes it (the same
        finding once); every map just checked, any other file only where its findings changed."""
        found: dict[str, dict[tuple, types.Diagnostic]] = {}
        for state in list(self.maps.states.values()):
            for file, diagnostics in self._converted(state).items():
                shown = found.setdefault(file, {})
                for diagnostic in diagnostics:
                    shown.setdefault(_key(diagnostic), diagnostic)
        for file in sorted(set(found) | set(self.shown)):
            diagnostics = list(found.get(file, {}).values())
            if file in checked or self.shown.get(file) != diagnostics:
                self.text_document_publish_diagnostics(
                    types.PublishDiagnosticsParams(uri=self.texts.uri(file), diagnostics=diagnostics))
            if diagnostics:
                self.shown[file] = diagnostics
            else:
                self.shown.pop(file, None)

    def _converted(self, state: MapState) -> dict[str, list[types.Diagnostic]]:
        if state.converted is None:
            converted: dict[str, list[types.Diagnostic]] = {state.path: []}
            for finding in state.validation.diagnostics:
                converted.setdefault(finding.file, []).append(
                    to_protocol(finding, lambda file: self.maps.lines_of(state, file), self.texts.uri))
            state.converted = converted
        return state.converted


def _key(diagnostic: types.Diagnostic) -> tuple:
    start = diagnostic.range.start
    return start.line, start.character, diagnostic.code, diagnostic.message, diagnostic.severity




def build(*, today=None, allow_outside: bool = False) -> JourneymapServer:
    """The server with every feature registered."""
    server = JourneymapServer(today=today, allow_outside=allow_outside)
    _register_sync(server)
    _register_requests(server)
    return server


def _register_sync(server: JourneymapServer) -> None:
    @server.feature(types.INITIALIZE)
    def initialize(ls: JourneymapServer, params: types.InitializeParams):
        folders = [folder.uri for folder in params.workspace_folders or []] or [params.root_uri or ""]
        ls.maps.roots = [Path(path) for path in map(path_of, folders) if path]

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: JourneymapServer, params: types.DidOpenTextDocumentParams):
        path = ls.opened(params.text_document.uri, params.text_document.text)
        if path is not None:
            await ls.check(path)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: JourneymapServer, params: types.DidChangeTextDocumentParams):
        uri = params.text_document.uri
        path = ls.opened(uri, ls.workspace.get_text_document(uri).source)
        if path is not None:
            ls.later(path)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls: JourneymapServer, params: types.DidCloseTextDocumentParams):
        path = path_of(params.text_document.uri)
        if path is None or path not in ls.texts.open:
            return
        ls.texts.drop(path)
        waiting = ls.waiting.pop(path, None)
        if waiting is not None:
            waiting.cancel()
        if is_map(path):
            ls.maps.forget(path)
            ls.publish()
        else:
            await ls.check(path)  # the maps that include it read the file on disk again


def _register_requests(server: JourneymapServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=completion.TRIGGERS))
    async def complete(ls: JourneymapServer, params: types.CompletionParams):
        path = path_of(params.text_document.uri)
        lines = ls.texts.lines(path) if path in ls.texts.open else None
        if lines is None:
            return None
        state = ls.maps.states.get(path) if is_map(path) else ls.maps.holder(path)
        if state is None:  # just opened: its first check is on its way (later ones are not waited for)
            state = await ls.current(path)
        index = state.index if state is not None else None
        items = completion.complete(index, lines, params.position.line, params.position.character)
        return types.CompletionList(is_incomplete=False, items=items)

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    async def definition(ls: JourneymapServer, params: types.DefinitionParams):
        found = await ls.target(params.text_document.uri, params.position)
        return navigation.definition(ls.maps, *found) if found else None

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    async def references(ls: JourneymapServer, params: types.ReferenceParams):
        found = await ls.target(params.text_document.uri, params.position)
        return navigation.references(ls.maps, *found, params.context.include_declaration) if found else []

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    async def prepare_rename(ls: JourneymapServer, params: types.PrepareRenameParams):
        found = await ls.target(params.text_document.uri, params.position)
        if not found:
            raise Refusal("there is no id here to rename")
        return navigation.rename_range(ls.maps, *found)

    @server.feature(types.TEXT_DOCUMENT_RENAME)
    async def rename(ls: JourneymapServer, params: types.RenameParams):
        found = await ls.target(params.text_document.uri, params.position)
        if not found:
            raise Refusal("there is no id here to rename")
        return navigation.rename(ls.maps, *found, params.new_name)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def on_hover(ls: JourneymapServer, params: types.HoverParams):
        found = await ls.target(params.text_document.uri, params.position)
        if not found:
            return None
        state, target = found
        place = navigation.location(ls.maps, state, target)
        return hover(state, target, place.range if place else None, completion.language(state.index))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    async def code_action(ls: JourneymapServer, params: types.CodeActionParams):
        path = path_of(params.text_document.uri)
        state = await ls.current(path) if path in ls.texts.open else None
        return actions.fixes(ls.maps, state, path, params.context.diagnostics) if state else None

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    async def outline(ls: JourneymapServer, params: types.DocumentSymbolParams):
        path = path_of(params.text_document.uri)
        state = await ls.current(path) if path in ls.texts.open and is_map(path) else None
        return symbols.outline(state) if state else []


def run(*, today=None, allow_outside: bool = False) -> None:
    """Serve one client over stdin and stdout until it says exit."""
    stdout = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print() must never reach the protocol's stream
    logging.getLogger("pygls.protocol.json_rpc").addFilter(_NoRefusalTraceback())
    build(today=today, allow_outside=allow_outside).start_io(sys.stdin.buffer, stdout)


class _NoRefusalTraceback(logging.Filter):
    """A declined request (a rename onto an existing id) is an answer, not an error in the server's log."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], Refusal))
