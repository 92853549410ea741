"""Mermaid's journey lexer, rule for rule (mermaid 11, `user-journey/parser/journey.jison`).

jison tries the rules in their written order and takes the first that matches (not the longest);
Python's alternation does the same. The lexer is case-insensitive; `journey` must end at an ASCII
word boundary (jison adds `\\b` to it), and `\\s` is JavaScript's whitespace. JavaScript strings are
UTF-16, so a character beyond U+FFFF is two units there; only one rule can tell the difference.
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple

from journeymap.importers.mermaid_text import JS_SPACE

S = JS_SPACE
# (token, pattern) per lexer state, in jison's order. None: skipped (whitespace).
_RULES = {
    "INITIAL": [
        ("comment", r"%(?!\{)[^\n]*"),
        ("comment", r"[^}\U00010000-\U0010FFFF]%%[^\n]*"),   # JavaScript sees half an emoji before the %%
        ("NEWLINE", r"\n+"),
        (None, S + "+"),
        ("comment", r"#[^\n]*"),
        ("journey", r"journey\b"),
        ("title", rf"title{S}[^#\n;]+"),
        ("acc_title", rf"accTitle{S}*:{S}*"),
        ("acc_descr", rf"accDescr{S}*:{S}*"),
        ("acc_descr_multiline", rf"accDescr{S}*\{{{S}*"),
        ("section", rf"section{S}[^#:\n;]+"),
        ("taskName", r"[^#:\n;]+"),
        ("taskData", r":[^#\n;]+"),
        (":", r":"),
        ("INVALID", r"[\s\S]"),
    ],
    "acc_title": [("acc_title_value", r"[^\n]*")],
    "acc_descr": [("acc_descr_value", r"[^\n]*")],
    "acc_descr_multiline": [("end_multiline", r"\}"), ("acc_descr_multiline_value", r"[^}]*")],
}
_NEXT_STATE = {"acc_title": "acc_title", "acc_descr": "acc_descr", "acc_descr_multiline": "acc_descr_multiline",
               "acc_title_value": "INITIAL", "acc_descr_value": "INITIAL", "end_multiline": "INITIAL"}
_PATTERNS = {state: re.compile("|".join(f"(?P<t{i}>{pattern})" for i, (_, pattern) in enumerate(rules)), re.I | re.A)
             for state, rules in _RULES.items()}


class Token(NamedTuple):
    kind: str      # a jison token name, "comment", or "EOF"
    text: str
    start: int     # offset in the cleaned text
    end: int


def tokens(text: str) -> Iterator[Token]:
    """Every token and comment of a cleaned diagram text, then EOF."""
    state, position = "INITIAL", 0
    while position < len(text):
        match = _PATTERNS[state].match(text, position)
        if match is None:  # only the exclusive states can fail, and only at the end of the text
            break
        kind = _RULES[state][int(match.lastgroup[1:])][0]
        if kind not in (None, "acc_descr_multiline", "end_multiline"):  # jison returns no token for these
            yield Token(kind, match.group(), match.start(), match.end())
        state = _NEXT_STATE.get(kind, state)  # a value may be empty: the state still moves on
        position = match.end()
    if state != "INITIAL":  # Mermaid's parser fails at the end of `accTitle:` without text, or an open `accDescr {`
        yield Token("UNCLOSED", "", len(text), len(text))
    yield Token("EOF", "", len(text), len(text))
