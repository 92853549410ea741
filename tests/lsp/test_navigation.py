"""Completion, go to definition, find references, rename, hover, outline and the quick fix, over stdio, on a map
that includes a library shared with a second map."""

from __future__ import annotations

import pytest
from lsprotocol import types

from support.lsp import at, change_file, open_file, published

pytestmark = pytest.mark.asyncio(loop_scope="module")

LIBRARY = """\
journeymap: 1
title: "Shop library"
personas:
  - {id: lea, name: "Lea, first-time buyer"}
  - {id: tom, name: "Tom, regular"}
phases:
  - id: browse
    name: "Browse"
  - id: purchase
    name: "Purchase"
owners:
  - {id: team, name: "Shop team"}
channels:
  - {id: web, name: "Web shop", kind: digital}
"""
SHOP = """\
journeymap: 1
title: "First purchase"
include: [shop-library.yaml]
touchpoints:
  - id: home
    name: "Opens the shop"
    phase: browse
    owner: team
    emotion: {lea: happy, tom: neutral}
    next:
      - to: checkout
        share: 0.6
  - id: checkout
    name: "Checks out"
    phase: purchase
    owner: team
    emotion: {lea: frustrated, tom: unhappy}
    benchmark: {rival: {emotion: 1}}
    effort: 6
    pains:
      - {id: slow, text: "Slow payment page", severity: 4}
    kpis:
      conversion: {value: 0.4, target: 0.5}
      ces: {value: 5.2, target: 4}
opportunities:
  - {id: faster, title: "Faster payment", addresses: ["checkout#slow"], impact: high, cost: low}
competitors:
  - {id: rival, name: "Rival shop"}
"""
RETURNS = """\
journeymap: 1
title: "Returns"
include: [shop-library.yaml]
touchpoints:
  - {id: return-form, name: "Fills in the return form", phase: browse, owner: team}
"""


@pytest.fixture(scope="module")
def shop(workspace):
    folder = workspace / "shop"
    folder.mkdir()
    (folder / "shop-library.yaml").write_text(LIBRARY, encoding="utf-8")
    (folder / "returns.journey.yaml").write_text(RETURNS, encoding="utf-8")
    path = folder / "first.journey.yaml"
    path.write_text(SHOP, encoding="utf-8")
    return path


async def _opened(client, shop) -> str:
    uri = shop.as_uri()
    if uri not in client.diagnostics:
        since = len(client.published)
        open_file(client, shop)
        await published(client, uri, since)
    return uri


async def test_completion_after_to_lists_the_touchpoint_ids_with_their_names(client, shop):
    uri = await _opened(client, shop)
    text = SHOP.replace("      - to: checkout\n", "      - to: checkout\n      - to: \n")
    change_file(client, uri, text, version=2)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(text, "- to: \n", 6)))
    assert [(item.label, item.detail) for item in result.items] == [("home", "Opens the shop"),
                                                                   ("checkout", "Checks out")]
    change_file(client, uri, SHOP, version=3)


@pytest.mark.parametrize("line, expected", [
    ("    phase: pu", [("browse", "Browse"), ("purchase", "Purchase")]),
    ("    owner: ", [("team", "Shop team")]),
    ("    personas: [lea, ", [("lea", "Lea, first-time buyer"), ("tom", "Tom, regular")]),
    ("    emotion: {lea: ", ["frustrated", "unhappy", "neutral", "happy", "delighted"]),
    ("    emotion: {", [("lea", "Lea, first-time buyer"), ("tom", "Tom, regular")]),
    ("    kpis: {", ["nps", "csat", "ces", "conversion", "churn", "ttr_hours", "volume", "cost"]),
    ("  - {id: quicker, title: \"Quicker\", addresses: [checkout#", [("checkout#slow", "Slow payment page")]),
    ("  - {id: quicker, title: \"Quicker\", addresses: [", [("home", "Opens the shop"), ("checkout", "Checks out")]),
    ("    channel: w", [("web", "Web shop")]),
    ("data:\n  - {file: e.csv, kind: events, segments: {app: ", [("lea", "Lea, first-time buyer"),
                                                                ("tom", "Tom, regular")]),
    ("    emotion:\n      lea: ", ["frustrated", "unhappy", "neutral", "happy", "delighted"]),
    ("    emotion:\n      first-timer: ", ["frustrated", "unhappy", "neutral", "happy", "delighted"]),
    ("    emotion:\n      lea: 1\n      ", [("lea", "Lea, first-time buyer"), ("tom", "Tom, regular")]),
    ("    next:\n      - checkout\n      - ", [("home", "Opens the shop"), ("checkout", "Checks out")]),
    ("    personas:\n    - ", [("lea", "Lea, first-time buyer"), ("tom", "Tom, regular")]),
    ("    kpis:\n      volume: 10\n      ", ["nps", "csat", "ces", "conversion", "churn", "ttr_hours", "volume",
                                             "cost"]),
    ("    expectation: {lea: ", ["frustrated", "unhappy", "neutral", "happy", "delighted"]),
    ("    expectation: {", [("lea", "Lea, first-time buyer"), ("tom", "Tom, regular")]),
    ("    expectation: hap", ["frustrated", "unhappy", "neutral", "happy", "delighted"]),
    ("    benchmark: {", [("rival", "Rival shop")]),
    ("    benchmark:\n      ", [("rival", "Rival shop")]),
    ("owner: ", []),  # the map's own owner is free text
    ("personas:\n  - ", []),  # the map's personas are defined here, not named
    ("    name: ", []),
])
async def test_completion_offers_what_the_key_names(client, shop, line, expected):
    uri = await _opened(client, shop)
    text = SHOP + line
    change_file(client, uri, text, version=4)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(text.count("\n"), len(line.rsplit("\n", 1)[-1]))))
    got = [(item.label, item.detail) if expected and isinstance(expected[0], tuple) else item.label
           for item in result.items]
    assert got == expected
    change_file(client, uri, SHOP, version=5)


async def test_definition_of_a_phase_lands_on_its_id_line_in_the_library(client, shop):
    uri = await _opened(client, shop)
    found = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(SHOP, "phase: purchase", 9)))
    start = at(LIBRARY, "- id: purchase", 6)
    assert found == types.Location(uri=(shop.parent / "shop-library.yaml").as_uri(),
                                   range=types.Range(start, types.Position(start.line, start.character + 8)))


async def test_definition_of_a_benchmark_key_lands_on_the_competitor(client, shop):
    uri = await _opened(client, shop)
    found = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(SHOP, "benchmark: {rival", 14)))
    start = at(SHOP, "- {id: rival", 7)
    assert found == types.Location(uri=uri, range=types.Range(start, types.Position(start.line, start.character + 5)))


async def test_references_of_a_library_phase_reach_every_map_that_includes_it(client, shop):
    uri = await _opened(client, shop)
    found = await client.text_document_references_async(types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(SHOP, "phase: browse", 8),
        context=types.ReferenceContext(include_declaration=True)))
    assert sorted((place.uri.rsplit("/", 1)[1], place.range.start.line) for place in found) == [
        ("first.journey.yaml", 6), ("returns.journey.yaml", 4), ("shop-library.yaml", 6)]


async def test_renaming_a_touchpoint_edits_every_reference(client, shop):
    uri = await _opened(client, shop)
    edit = await client.text_document_rename_async(types.RenameParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(SHOP, "- to: checkout", 7),
        new_name="pay"))
    lines = SHOP.splitlines()
    assert list(edit.changes) == [uri]
    renamed = sorted((e.range.start.line, lines[e.range.start.line][e.range.start.character:e.range.end.character])
                     for e in edit.changes[uri])
    assert renamed == [(10, "checkout"), (12, "checkout"), (25, "checkout")]  # next, the id, addresses
    assert {e.new_text for e in edit.changes[uri]} == {"pay"}


async def test_renaming_a_library_phase_edits_the_library_and_both_maps(client, shop):
    uri = await _opened(client, shop)
    edit = await client.text_document_rename_async(types.RenameParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(SHOP, "phase: browse", 8),
        new_name="discover"))
    assert {file.rsplit("/", 1)[1]: [(e.range.start.line, e.new_text) for e in edits]
            for file, edits in edit.changes.items()} == {
        "first.journey.yaml": [(6, "discover")], "shop-library.yaml": [(6, "discover")],
        "returns.journey.yaml": [(4, "discover")]}


async def test_renaming_onto_an_existing_id_is_refused_with_a_message(client, shop):
    uri = await _opened(client, shop)
    with pytest.raises(Exception) as refused:
        await client.text_document_rename_async(types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=at(SHOP, "phase: browse", 8),
            new_name="purchase"))
    assert "there is already a phase 'purchase'" in str(refused.value)
    assert "shop-library.yaml:9" in str(refused.value)


async def test_hover_over_a_touchpoint_shows_its_friction_rank_emotions_and_kpis(client, shop):
    uri = await _opened(client, shop)
    shown = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(SHOP, "- to: checkout", 8)))
    text = shown.contents.value
    assert text.startswith("**Checks out** · touchpoint `checkout`")
    assert text.split("\n\n")[1:] == [
        "Friction **0.79** · hotspot #1 of 1",
        "Emotion: Lea, first-time buyer: frustrated (−2) · Tom, regular: unhappy (−1)",
        "KPIs:\n- CES 5.2 · Target 4 · lower is better · **missed**\n"
        "- conversion 0.4 · Target 0.5 · higher is better · **missed**"]


async def test_hover_over_a_pain_shows_its_severity_and_the_opportunities_addressing_it(client, shop):
    uri = await _opened(client, shop)
    shown = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(SHOP, "checkout#slow", 10)))
    assert shown.contents.value == ("**Slow payment page** · pain `checkout#slow`\n\nSeverity 4 of 5\n\n"
                                    "Opportunities:\n- `faster` Faster payment")


async def test_the_outline_holds_the_phases_with_their_touchpoints(client, shop):
    uri = await _opened(client, shop)
    outline = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert [(s.name, s.detail, [(c.name, c.detail) for c in s.children]) for s in outline] == [
        ("Browse", "browse", [("Opens the shop", "home")]), ("Purchase", "purchase", [("Checks out", "checkout")])]
    assert outline[1].children[0].range.start.line == 12 and outline[1].children[0].range.end.line == 23


async def test_the_quick_fix_corrects_a_misspelt_id(client, shop):
    uri = await _opened(client, shop)
    text = SHOP.replace("phase: purchase", "phase: purchse")
    since = len(client.published)
    change_file(client, uri, text, version=6)
    shown = await published(client, uri, since, until=lambda found: any(d.code == "unknown-reference" for d in found))
    unknown = next(d for d in shown if d.code == "unknown-reference")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=unknown.range,
        context=types.CodeActionContext(diagnostics=[unknown])))
    assert [action.title for action in actions] == ["Change 'purchse' to 'purchase'"]
    [fix] = actions[0].edit.changes[uri]
    start = at(text, "phase: purchse", 7)
    assert fix == types.TextEdit(range=types.Range(start, types.Position(start.line, start.character + 7)),
                                 new_text="purchase")
    since = len(client.published)
    change_file(client, uri, SHOP, version=7)
    await published(client, uri, since)


async def test_half_typed_yaml_is_reported_and_the_last_model_still_serves(client, shop):
    uri = await _opened(client, shop)
    text = SHOP.replace("  - id: checkout\n", "  - id: half\n    name: \"unclosed\n    phase: purchase\n      - to: \n"
                                             "  - id: checkout\n")
    since = len(client.published)
    change_file(client, uri, text, version=8)
    shown = await published(client, uri, since)
    assert [d.code for d in shown] == ["yaml-syntax"]
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(text, "- to: \n", 6)))
    assert [item.label for item in result.items] == ["home", "checkout"]
    found = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(text, "- to: checkout", 8)))
    assert found.uri == uri and found.range.start == at(text, "- id: checkout", 6)  # four lines further down now
    typed = await client.text_document_definition_async(types.DefinitionParams(  # on a line the model never saw
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(text, "phase: purchase", 9)))
    assert typed.uri.endswith("/shop-library.yaml") and typed.range.start == at(LIBRARY, "- id: purchase", 6)
    since = len(client.published)
    change_file(client, uri, SHOP, version=9)
    await published(client, uri, since)


async def test_a_changed_library_rechecks_every_map_that_includes_it(client, shop):
    await _opened(client, shop)
    library = shop.parent / "shop-library.yaml"
    since = len(client.published)
    library_uri = open_file(client, library)
    change_file(client, library_uri, LIBRARY.replace("id: browse", "id: explore"), version=2)
    returns = (shop.parent / "returns.journey.yaml").as_uri()
    for uri in (shop.as_uri(), returns):  # the second map is not open: its findings are published all the same
        shown = await published(client, uri, since, until=lambda found: any(d.code == "unknown-reference"
                                                                             for d in found))
        assert [d.message for d in shown if d.code == "unknown-reference"] == [
            "unknown phase 'browse'; the phases are: explore, purchase"]
    since = len(client.published)
    change_file(client, library_uri, LIBRARY, version=3)
    assert await published(client, returns, since) == []


async def test_a_pain_is_renamed_in_its_touchpoint_and_where_it_is_addressed(client, shop):
    uri = await _opened(client, shop)
    document = types.TextDocumentIdentifier(uri=uri)
    place = await client.text_document_prepare_rename_async(types.PrepareRenameParams(
        text_document=document, position=at(SHOP, "checkout#slow", 10)))
    start = at(SHOP, "checkout#slow", 9)
    assert place == types.PrepareRenamePlaceholder(
        range=types.Range(start, types.Position(start.line, start.character + 4)), placeholder="slow")
    edit = await client.text_document_rename_async(types.RenameParams(
        text_document=document, position=at(SHOP, "checkout#slow", 10), new_name="sluggish"))
    assert sorted((e.range.start.line, e.range.start.character, e.new_text) for e in edit.changes[uri]) == [
        (at(SHOP, "id: slow").line, at(SHOP, "id: slow", 4).character, "sluggish"),
        (start.line, start.character, "sluggish")]


async def test_a_rename_to_what_cannot_be_an_id_is_refused(client, shop):
    uri = await _opened(client, shop)
    with pytest.raises(Exception) as refused:
        await client.text_document_rename_async(types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=at(SHOP, "- to: checkout", 8),
            new_name="Pay now"))
    assert "'Pay now' cannot be an id" in str(refused.value)


async def test_hover_speaks_the_maps_language(client, shop):
    german = shop.parent / "kauf.journey.yaml"
    text = SHOP.replace('title: "First purchase"', 'title: "Erster Kauf"\nlang: de')
    german.write_text(text, encoding="utf-8")
    since = len(client.published)
    uri = open_file(client, german)
    await published(client, uri, since)
    shown = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(text, "- to: checkout", 8)))
    assert shown.contents.value.split("\n\n")[:2] == ["**Checks out** · Kontaktpunkt `checkout`",
                                                       "Reibung **0,79** · Hotspot Nr. 1 von 1"]


async def test_a_yaml_file_no_map_names_checks_no_map(client, workspace):
    folder = workspace / "unrelated"
    folder.mkdir()
    (folder / "other.journey.yaml").write_text(RETURNS.replace("include: [shop-library.yaml]\n", ""),
                                               encoding="utf-8")
    (folder / "workflow.yaml").write_text("on: push\njobs: {}\n", encoding="utf-8")
    since = len(client.published)
    uri = open_file(client, folder / "workflow.yaml")
    await client.text_document_hover_async(types.HoverParams(  # answered once the file's check is done
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(0, 0)))
    assert [params.uri for _, params in client.published[since:]] == []
