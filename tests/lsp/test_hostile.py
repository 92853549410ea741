"""Hostile input: a buffer of 5 MB and one over the limit, an alias bomb typed in, places past the end of a line
after emoji, a change to a file never opened, a buffer that is no file: each gets a finding or a refusal in the
client's log, and the server answers the next request."""

from __future__ import annotations

import asyncio
import time

import pytest
from lsprotocol import types

from support.lsp import at, change_file, open_file, published
from support.maps import BILLION_LAUGHS, MINIMAL_MAP

pytestmark = pytest.mark.asyncio(loop_scope="module")

EMOJI = MINIMAL_MAP.replace('name: "Signs up", phase: join', 'name: "🙂🙂 Signs up", phase: jion')
ANSWER_SECONDS = 5


@pytest.fixture(scope="module")
def folder(workspace):
    found = workspace / "hostile"
    found.mkdir()
    return found


async def _still_answers(client, folder) -> None:
    """A completion request on a sound map is answered, in time."""
    uri = (folder / "sound.journey.yaml").as_uri()
    if uri not in client.diagnostics:
        open_file(client, folder / "sound.journey.yaml", MINIMAL_MAP)
    result = await asyncio.wait_for(client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(MINIMAL_MAP, "phase: join", 7))),
        ANSWER_SECONDS)
    assert [item.label for item in result.items] == ["join", "stay"]


async def test_a_5_mb_buffer_is_checked_and_the_server_answers_meanwhile(client, folder):
    await _still_answers(client, folder)
    text = MINIMAL_MAP + ("# " + "x" * 98 + "\n") * 50_000
    assert len(text.encode()) > 5_000_000
    since = len(client.published)
    uri = open_file(client, folder / "big.journey.yaml", text)
    await _still_answers(client, folder)  # while the big buffer is checked
    answered = time.perf_counter()
    assert await published(client, uri, since, timeout=60) == []
    assert next(stamp for stamp, params in client.published[since:] if params.uri == uri) > answered
    await _still_answers(client, folder)


async def test_a_buffer_over_the_limit_is_an_input_limit_finding(client, folder):
    text = MINIMAL_MAP + ("# " + "x" * 98 + "\n") * 60_000
    since = len(client.published)
    uri = open_file(client, folder / "huge.journey.yaml", text)
    [finding] = await published(client, uri, since)
    assert (finding.code, finding.message) == ("input-limit", "the file is 5.8 MiB, over the 5 MiB limit "
                                                              "(see --max-size)")
    await _still_answers(client, folder)


async def test_an_alias_bomb_typed_into_the_buffer_is_refused_in_time(client, folder):
    since = len(client.published)
    uri = open_file(client, folder / "bomb.journey.yaml", MINIMAL_MAP)
    assert await published(client, uri, since) == []
    since = len(client.published)
    change_file(client, uri, MINIMAL_MAP + BILLION_LAUGHS, version=2)
    [finding] = await published(client, uri, since)
    assert finding.code == "input-limit" and "alias bomb" in finding.message
    await _still_answers(client, folder)


async def test_places_after_emoji_count_utf16_units_and_places_past_a_line_end_are_held(client, folder):
    since = len(client.published)
    uri = open_file(client, folder / "emoji.journey.yaml", EMOJI)
    [finding] = await published(client, uri, since)
    line = EMOJI.splitlines()[at(EMOJI, "jion").line]
    assert finding.range.start.character == line.index("jion") + 2  # each 🙂 is two UTF-16 units
    assert finding.range.end.character == finding.range.start.character + 4
    row = at(EMOJI, "jion").line
    for character in (1000, line.index("🙂") + 1):  # past the end; between the two halves of an emoji
        position = types.Position(row, character)
        document = types.TextDocumentIdentifier(uri=uri)
        await client.text_document_hover_async(types.HoverParams(text_document=document, position=position))
        await client.text_document_definition_async(types.DefinitionParams(text_document=document,
                                                                           position=position))
        await client.text_document_completion_async(types.CompletionParams(text_document=document,
                                                                           position=position))
    far = types.Position(10_000, 10_000)
    assert await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=far)) is None
    await _still_answers(client, folder)


async def test_a_change_to_a_file_never_opened_is_refused_in_the_log(client, folder):
    logged = len(client.log_messages)
    never = (folder / "never.journey.yaml").as_uri()
    change_file(client, never, MINIMAL_MAP, version=2)
    await _still_answers(client, folder)
    refusals = [m for m in client.log_messages[logged:] if m.type == types.MessageType.Warning]
    assert [m.message for m in refusals] == [f"a change to {never}, which is not open, was ignored (open it first)"]


async def test_a_buffer_that_is_no_file_is_refused_in_the_log(client, folder):
    logged = len(client.log_messages)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri="untitled:Untitled-1", language_id="yaml", version=1, text=MINIMAL_MAP)))
    await _still_answers(client, folder)
    assert [m.message for m in client.log_messages[logged:]] == [
        "untitled:Untitled-1 is not a file on disk: journeymap checks maps saved as files "
        "(their includes and data are found beside them)"]

