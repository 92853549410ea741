"""One scalar's value as YAML 1.1 gives it (PyYAML's safe loader), and the tags a map may use."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import yaml

_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
STANDARD_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{STANDARD_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
ALLOWED_TAGS = frozenset(_SCALAR_TAGS | {f"{STANDARD_TAG}seq", f"{STANDARD_TAG}map"})


@functools.lru_cache(maxsize=4096)
def construct_scalar(text: str, tag: str | None, plain: bool) -> Any:
    """The value YAML gives a scalar (YAML 1.1 rules, as PyYAML's safe loader).

    Cached: maps repeat the same ids, words and numbers, and every possible value is immutable.
    """
    if tag is None and not plain:
        return text
    implicit = tag is None
    if implicit:
        tag = _RESOLVER.resolve(yaml.ScalarNode, text, (plain, not plain))
    if tag == f"{STANDARD_TAG}str":
        return text
    node = yaml.ScalarNode(tag, text)
    try:
        value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
    except (ValueError, TypeError, KeyError, OverflowError) as exc:
        if implicit:  # looks like a date but is none (2026-13-45): it is text
            return text
        raise ValueError(f"cannot read '{text}' as {tag.rsplit(':', 1)[-1]}") from exc
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value
