"""Diagnostics: exactly validate's findings at validate's places, as the buffer is typed, and for the maps that
include a library when the library changes."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import pytest
from lsprotocol import types

from journeymap.lsp.server import DEBOUNCE_SECONDS

from support.lsp import at, change_file, open_file, published, server_env

pytestmark = pytest.mark.asyncio(loop_scope="module")

# Six planted errors: three unknown ids (owner, next, phase), a duplicate id, shares over 1, an effort off the scale.
PLANTED = """\
journeymap: 1
title: "Planted errors"
personas:
  - {id: lea, name: "Lea"}
phases:
  - {id: browse, name: "Browse"}
  - {id: purchase, name: "Purchase"}
owners:
  - {id: team, name: "Team"}
touchpoints:
  - id: home
    name: "Opens the shop"
    phase: browse
    owner: team
    emotion: 1
    next:
      - {to: search, share: 0.7}
      - {to: checkout, share: 0.6}
  - id: search
    name: "Searches"
    phase: browse
    owner: tem
    next:
      - to: chekout
  - id: checkout
    name: "Checks out"
    phase: purchse
    owner: team
    effort: 9
    pains:
      - {id: slow, text: "Slow payment", severity: 4}
  - id: search
    name: "Searches again"
    phase: browse
    owner: team
opportunities:
  - {id: faster, title: "Faster payment", addresses: ["checkout#slow"]}
"""


def _validate_json(path) -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "journeymap", "validate", "--format", "json", str(path)],
                          capture_output=True, text=True, env=server_env())
    return json.loads(done.stdout)["diagnostics"]


def _as_findings(diagnostics: list[types.Diagnostic]) -> list[tuple]:
    severity = {types.DiagnosticSeverity.Error: "error", types.DiagnosticSeverity.Warning: "warning"}
    return sorted((d.range.start.line + 1, d.range.start.character + 1, severity[d.severity], d.code, d.message)
                  for d in diagnostics)


async def test_an_opened_map_shows_exactly_validates_findings(client, workspace):
    path = workspace / "planted" / "shop.journey.yaml"
    path.parent.mkdir()
    path.write_text(PLANTED, encoding="utf-8")
    expected = _validate_json(path)
    assert len(expected) == 6 and all(f["severity"] == "error" for f in expected)
    since = len(client.published)
    shown = await published(client, open_file(client, path), since)
    assert _as_findings(shown) == sorted((f["line"], f["column"], f["severity"], f["rule"], f["message"])
                                         for f in expected)
    assert all(d.source == "journeymap" for d in shown)


async def test_a_change_that_fixes_one_finding_takes_it_away(client, workspace):
    path = workspace / "planted" / "shop.journey.yaml"
    uri = path.as_uri()
    since = len(client.published)
    change_file(client, uri, PLANTED.replace("phase: purchse", "phase: purchase"), version=2)
    shown = await published(client, uri, since)
    assert len(shown) == 5
    assert not any("purchse" in d.message for d in shown)


async def test_a_duplicate_id_points_at_the_first_definition(client, workspace):
    path = workspace / "planted" / "shop.journey.yaml"
    duplicate = next(d for d in client.diagnostics[path.as_uri()] if d.code == "duplicate-id")
    second, first = at(PLANTED, "- id: search", 6, occurrence=2), at(PLANTED, "- id: search", 6)
    assert duplicate.range == types.Range(second, types.Position(second.line, second.character + len("search")))
    related = duplicate.related_information[0]
    assert related.location.uri == path.as_uri()
    assert related.location.range == types.Range(first, types.Position(first.line, first.character + len("search")))
    assert related.message == "first defined here"


async def test_typing_is_debounced_into_one_publication_of_the_last_text(client, workspace):
    path = workspace / "planted" / "typed.journey.yaml"
    path.write_text(PLANTED, encoding="utf-8")
    since = len(client.published)
    uri = open_file(client, path)
    await published(client, uri, since)
    since = len(client.published)
    typed = "purchase"
    for version, length in enumerate(range(1, len(typed) + 1), start=2):  # p, pu, pur ... 40 ms apart
        change_file(client, uri, PLANTED.replace("phase: purchse", f"phase: {typed[:length]}"), version=version)
        await asyncio.sleep(0.04)
    shown = await published(client, uri, since)
    await asyncio.sleep(DEBOUNCE_SECONDS + 0.5)
    assert [params.uri for _, params in client.published[since:]] == [uri]
    assert len(shown) == 5 and not any("purchse" in d.message or "'pu" in d.message for d in shown)
