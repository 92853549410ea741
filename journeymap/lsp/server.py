"""The pygls wiring: buffers in; each map checked off the protocol's thread as its text changes, its findings
published once the text has rested (debounced), per file; each request answered from the maps' last state
(the checks of the newest text done first where a place must be exact)."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.exceptions import FeatureRequestError
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
    """The server's state: the buffers, the maps checked, the checks running, the files shown findings."""

    def __init__(self, *, today=None, allow_outside: bool = False):
        super().__init__("journeymap", __version__, protocol_cls=_Protocol,
                         text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.texts = Texts()
        self.maps = Maps(self.texts, today=today, allow_outside=allow_outside)
        self.checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="journeymap-check")
        self.changed_at: dict[str, float] = {}             # file -> when its buffer last changed
        self.running: dict[str, asyncio.Future] = {}       # file -> its run of checks
        self.again: set[str] = set()                       # files changed while their check ran
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

    async def beside_checks(self, work, *args):
        """Run work in the checker's thread: what reaches every map that includes a library may check
        maps not seen yet, which must neither hold up the protocol nor overlap a check."""
        return await asyncio.get_running_loop().run_in_executor(self.checker, work, *args)

    def report_server_error(self, error: Exception, source) -> None:
        """A problem outside any request (a message that is no JSON) goes to the client's log, not a pop-up."""
        if source is not FeatureRequestError:  # a request's error is its answer
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Error,
                                                           message=f"journeymap lsp: {error}"))

    def refuse(self, message: str) -> None:
        """Decline what a client sent, in its log; the server goes on."""
        self.window_log_message(types.LogMessageParams(type=types.MessageType.Warning, message=message))

    def later(self, path: str) -> None:
        """A buffer changed: check it now (off the protocol's thread, the newest text each time), and show the
        findings once the text has rested DEBOUNCE_SECONDS, so typing is not interrupted by every keystroke's."""
        self.changed_at[path] = asyncio.get_running_loop().time()
        self.start(path, rest=DEBOUNCE_SECONDS)

    async def check(self, path: str) -> None:
        """Check a file now and publish at once (a buffer just opened)."""
        await asyncio.shield(self.start(path, rest=0.0))

    def start(self, path: str, rest: float) -> asyncio.Future:
        """The run of checks of a file: started, or told to go round once more for a newer text."""
        if path in self.running:
            self.again.add(path)
        else:
            self.running[path] = asyncio.ensure_future(self._run(path, rest))
        return self.running[path]

    async def current(self, path: str) -> MapState | None:
        """The state that answers for a file, with the checks of its newest text done first."""
        if path in self.running:
            await asyncio.shield(self.running[path])
        state = self.maps.holder(path)
        return state if state is not None and state.index is not None else None

    async def _run(self, path: str, rest: float) -> None:
        loop = asyncio.get_running_loop()
        try:
            while True:
                self.again.discard(path)
                checked, problem = await loop.run_in_executor(self.checker, self._check, path)
                if problem:
                    self.window_log_message(types.LogMessageParams(type=types.MessageType.Error, message=problem))
                if path not in self.again:
                    break
        finally:
            self.running.pop(path, None)
        stamp = self.changed_at.get(path, 0.0)
        delay = stamp + rest - loop.time()
        if delay > 0:
            loop.call_later(delay, self._publish_if_rested, path, stamp, checked)
        else:
            self.publish(checked)

    def _publish_if_rested(self, path: str, stamp: float, checked: list[str]) -> None:
        if self.changed_at.get(path, 0.0) == stamp and path not in self.running:  # else a newer run publishes
            self.publish(checked)

    def _check(self, path: str) -> tuple[list[str], str | None]:
        """(the maps checked: the map, or those that include the library; what went wrong, for a bug)."""
        try:
            targets = [path] if is_map(path) else self.maps.including(path)
            for target in targets:
                self.maps.check(target)
            return targets, None
        except Exception as exc:  # a bug: said in the client's log, and the server goes on
            log.exception("checking %s", path)
            return [], f"journeymap: internal error checking {path}: {type(exc).__name__}: {exc} (please report it)"

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
            if file in checked or self.shown.get(file, []) != diagnostics:
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
    _register_completion(server)
    _register_navigation(server)
    _register_views(server)
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
        if path in ls.running:
            await asyncio.shield(ls.running[path])
        if is_map(path):
            ls.maps.forget(path)
            ls.publish()
        else:
            await ls.check(path)  # the maps that include it read the file on disk again


def _register_completion(server: JourneymapServer) -> None:
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


def _register_navigation(server: JourneymapServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    async def definition(ls: JourneymapServer, params: types.DefinitionParams):
        found = await ls.target(params.text_document.uri, params.position)
        return navigation.definition(ls.maps, *found) if found else None

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    async def references(ls: JourneymapServer, params: types.ReferenceParams):
        found = await ls.target(params.text_document.uri, params.position)
        if not found:
            return []
        return await ls.beside_checks(navigation.references, ls.maps, *found, params.context.include_declaration)

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
        return await ls.beside_checks(navigation.rename, ls.maps, *found, params.new_name)


def _register_views(server: JourneymapServer) -> None:
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
