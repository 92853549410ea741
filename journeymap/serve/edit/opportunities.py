"""A new opportunity, addressing touchpoints and pains by id, with an id made from its title."""

from __future__ import annotations

import re
import unicodedata

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from journeymap.serve.edit.editable_map import EditableMap
from journeymap.serve.edit.entries import append_item, insert_key
from journeymap.serve.edit.nodes import id_scalar, is_flow, new_list, to_plain
from journeymap.serve.edit.request import EditRefused


def add_opportunity(editable: EditableMap, request: dict) -> list:
    for address in request["addresses"]:
        _check_address(editable, address)
    root = editable.root
    opportunities = root.get("opportunities")
    if opportunities is not None and not isinstance(opportunities, CommentedSeq):
        raise EditRefused("'opportunities' is not a list in the file; fix that in the file first")
    taken = {str(o.get("id")) for o in opportunities or [] if isinstance(o, CommentedMap)}
    item = CommentedMap([("id", id_scalar(opportunity_id(request["title"], taken))),
                         ("title", DoubleQuotedScalarString(request["title"])),
                         ("addresses", new_list([DoubleQuotedScalarString(a) for a in request["addresses"]], flow=True))])
    if request["owner"] is not None:
        item["owner"] = id_scalar(request["owner"])
    if opportunities is None:
        item.fa.set_block_style()
        if "opportunities" in root:
            root["opportunities"] = new_list([item], flow=False)
        else:
            insert_key(root, len(root), "opportunities", new_list([item], flow=False), gap=editable.sections_spaced())
        return [("set", ("opportunities",), [to_plain(item)])]
    neighbours = [o for o in opportunities if isinstance(o, CommentedMap)]
    if is_flow(opportunities) or (neighbours and is_flow(neighbours[-1])):
        item.fa.set_flow_style()
    else:
        item.fa.set_block_style()
    append_item(opportunities, item)
    return [("append", ("opportunities",), to_plain(item))]


def _check_address(editable: EditableMap, address: str) -> None:
    touchpoint_id, _, pain_id = address.partition("#")
    _, touchpoint = editable.touchpoint(touchpoint_id, editing=False)
    pains = touchpoint.get("pains")
    if pain_id and not any(isinstance(p, CommentedMap) and p.get("id") == pain_id
                           for p in (pains if isinstance(pains, CommentedSeq) else [])):
        raise EditRefused(f"touchpoint '{touchpoint_id}' has no pain with the id '{pain_id}' (a pain written as "
                          "plain text has no id: address the touchpoint instead)")


def opportunity_id(title: str, taken: set[str]) -> str:
    """An id made from a title ('Guest checkout, now!' -> 'guest-checkout-now'), unique among taken."""
    text = title.lower()
    for letter, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(letter, spelled)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = ""
    for word in re.findall(r"[a-z0-9]+", text):
        if slug and len(slug) + 1 + len(word) > 40:
            break
        slug = f"{slug}-{word}" if slug else word[:40]
    slug = slug or "opportunity"
    unique, number = slug, 2
    while unique in taken:
        unique, number = f"{slug}-{number}", number + 1
    return unique
