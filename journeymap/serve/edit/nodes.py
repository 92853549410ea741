"""The loaded map's ruamel nodes: what kind each is, and new values written in the file's own style."""

from __future__ import annotations

import math
from decimal import Decimal

import yaml as pyyaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq, merge_attrib
from ruamel.yaml.scalarbool import ScalarBoolean
from ruamel.yaml.scalarfloat import ScalarFloat
from ruamel.yaml.scalarstring import (DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString,
                                      SingleQuotedScalarString)

_RESOLVER_1_1 = pyyaml.resolver.Resolver()   # how journeymap reads the file: YAML 1.1, as PyYAML does


def is_block(node) -> bool:
    """A non-empty list or mapping written in block style (one entry per line)."""
    return isinstance(node, (CommentedMap, CommentedSeq)) and len(node) > 0 and not node.fa.flow_style()


def is_flow(node) -> bool:
    return isinstance(node, (CommentedMap, CommentedSeq)) and bool(node.fa.flow_style())


def is_block_scalar(value) -> bool:
    return isinstance(value, (FoldedScalarString, LiteralScalarString))


def uses_anchors(node, depth: int = 0) -> bool:
    """Does this part of the file use anchors, aliases or merge keys (&, *, <<), which an edit would spread?"""
    anchor = getattr(node, "anchor", None)
    if anchor is not None and getattr(anchor, "value", None) is not None:
        return True
    if getattr(node, merge_attrib, None):
        return True
    if depth < 64 and isinstance(node, CommentedMap):
        return any(uses_anchors(value, depth + 1) for value in node.values())
    if depth < 64 and isinstance(node, CommentedSeq):
        return any(uses_anchors(value, depth + 1) for value in node)
    return False


def flow_mapping(pairs) -> CommentedMap:
    mapping = CommentedMap(pairs)
    mapping.fa.set_flow_style()
    return mapping


def new_list(items, *, flow: bool) -> CommentedSeq:
    sequence = CommentedSeq(items)
    if flow:
        sequence.fa.set_flow_style()
    else:
        sequence.fa.set_block_style()
    return sequence


def plain_is_text(value: str) -> bool:
    """Is this text still text when written without quotes, as journeymap (YAML 1.1) reads it?"""
    return _RESOLVER_1_1.resolve(pyyaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"


def id_scalar(value: str):
    """An id as the file should hold it: plain, unless YAML 1.1 would read it as something else (no, 1_000)."""
    return value if plain_is_text(value) else DoubleQuotedScalarString(value)


def text_scalar(value: str, like=None):
    """New text in the quoting of `like` (an existing value): its quotes, else plain if safe, else double quotes."""
    if isinstance(like, (DoubleQuotedScalarString, SingleQuotedScalarString, FoldedScalarString,
                         LiteralScalarString)):
        return type(like)(value)
    if isinstance(like, str) and plain_is_text(value):
        return value
    return DoubleQuotedScalarString(value)


def to_plain(node):
    """ruamel's values as plain Python data (what yamlsource.parse gives for the same text)."""
    if isinstance(node, dict):
        return {str(key): to_plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [to_plain(value) for value in node]
    if isinstance(node, (bool, ScalarBoolean)):
        return bool(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def number_node(value):
    """A number as YAML 1.1 reads it back: 1e-07 would be text there, so small numbers are written out (0.0000001)."""
    if isinstance(value, float) and "e" in repr(value) and math.isfinite(value) and abs(value) < 1:
        text = format(Decimal(repr(value)), "f")
        return ScalarFloat(value, width=len(text), prec=text.index("."), m_sign="-" if value < 0 else False)
    return value


def id_like(value: str, like):
    """An id quoted as `like` (an id the file has) is quoted, else as id_scalar says."""
    if isinstance(like, (DoubleQuotedScalarString, SingleQuotedScalarString)):
        return type(like)(value)
    return id_scalar(value)
