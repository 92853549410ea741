"""A real client for `journeymap lsp`: the server process over stdio (pytest-lsp's client), the files it sends,
and waiting for what the server publishes. The tests of tests/lsp and `benchmarks/run --lsp` use it."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities, make_test_lsp_client

from support.paths import ROOT

PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
TODAY = "2026-12-01"


def server_env() -> dict[str, str]:
    """The environment of the server process: this checkout's journeymap, a fixed today."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["JOURNEYMAP_TODAY"] = TODAY
    return env


def recording_client() -> LanguageClient:
    """pytest-lsp's client that also keeps every publishDiagnostics with the time it arrived."""
    client = make_test_lsp_client()
    client.published = []
    shown = client.protocol.fm.features[PUBLISH]

    def record(params: types.PublishDiagnosticsParams):
        client.published.append((time.perf_counter(), params))
        return shown(params)

    client.protocol.fm.features[PUBLISH] = record
    return client


CONFIG = ClientServerConfig(server_command=[sys.executable, "-m", "journeymap", "lsp"], server_env=server_env(),
                            client_factory=recording_client)


async def initialize(client: LanguageClient, workspace: Path) -> types.InitializeResult:
    """initialize + initialized, as VS Code would send them, with one workspace folder."""
    return await client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name=workspace.name)]))


def open_file(client: LanguageClient, path: Path, text: str | None = None, version: int = 1) -> str:
    """didOpen of a file (its text on disk unless given); returns its URI."""
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="yaml", version=version,
        text=path.read_text(encoding="utf-8") if text is None else text)))
    return uri


def change_file(client: LanguageClient, uri: str, text: str, version: int) -> None:
    """didChange with the whole new text (the server asks for full sync)."""
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


async def published(client: LanguageClient, uri: str, since: int = 0, *, until=None,
                    timeout: float = 15) -> list[types.Diagnostic]:
    """The diagnostics of the first publication for uri after the `since`-th one received (that also satisfies
    `until`, if given)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for _, params in client.published[since:]:
            if params.uri == uri and (until is None or until(params.diagnostics)):
                return list(params.diagnostics)
        await asyncio.sleep(0.01)
    raise TimeoutError(f"no diagnostics for {uri} within {timeout} s; published: "
                       f"{[(p.uri, len(p.diagnostics)) for _, p in client.published[since:]]}")


def at(text: str, needle: str, offset: int = 0, occurrence: int = 1) -> types.Position:
    """The protocol position of the `occurrence`-th `needle` in text, `offset` characters into it (ASCII text)."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    index += offset
    line = text.count("\n", 0, index)
    return types.Position(line=line, character=index - (text.rfind("\n", 0, index) + 1))


def framed(*messages: dict) -> bytes:
    """JSON-RPC messages with their Content-Length headers, as an editor writes them to a server's stdin."""
    out = b""
    for message in messages:
        body = json.dumps(message).encode()
        out += f"Content-Length: {len(body)}\r\n\r\n".encode() + body
    return out


def replies(stdout: bytes) -> list[dict]:
    """The messages a server wrote to its stdout."""
    return [json.loads(part[part.index(b"{"):]) for part in stdout.split(b"Content-Length: ")[1:]]


INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
              "params": {"processId": None, "rootUri": None, "capabilities": {}}}
SHUTDOWN_AND_EXIT = ({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}, {"jsonrpc": "2.0", "method": "exit"})
