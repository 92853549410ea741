"""User text -> safe Graphviz HTML-like label text and tooltips.

Everything is XML-escaped (so `<b>`, `]`, `}` and quotes are just characters); backslashes
are doubled, because Graphviz expands \\N, \\G, \\E, \\T and \\H even in HTML-like labels and
reads \\\\ as one backslash; characters XML cannot carry (NUL and other C0 controls, lone
surrogates, U+FFFE/U+FFFF) become U+FFFD, CR/LF become line breaks, tabs become spaces (Graphviz
refuses label text that is only tabs), and long text is wrapped at spaces.
"""

from __future__ import annotations

import html
import re
import textwrap

import graphviz

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NEWLINES = re.compile("\r\n|\r|\n|\u2028|\u2029")


def clean(text: str) -> str:
    """Text without characters that XML (and so Graphviz HTML labels) cannot carry."""
    return _NOT_XML.sub("\ufffd", str(text))


def html_text(text: str) -> str:
    """Escaped text for an HTML-like label; line breaks become <BR/>."""
    lines = _NEWLINES.split(_cut_long_words(clean(text).replace("\t", " "), LONGEST_WORD))
    return "<BR/>".join(_escaped(line) for line in lines)


LONGEST_WORD = 60


def _cut_long_words(text: str, longest: int) -> str:
    """A word longer than `longest` (a URL, 5,000 x's) is cut into lines: a label thousands of
    characters wide makes Graphviz's edge routing fail ("triangulation failed")."""
    return re.sub(r"\S{%d,}" % (longest + 1),
                  lambda word: "\n".join(word[0][i:i + longest] for i in range(0, len(word[0]), longest)), text)


def wrapped(text: str, width: int) -> str:
    """Escaped text wrapped at spaces to lines of about `width` characters."""
    lines = []
    for paragraph in _NEWLINES.split(_cut_long_words(clean(text).replace("\t", " "), 2 * width)):
        lines.extend(textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False) or [""])
    return "<BR/>".join(_escaped(line) for line in lines)


def tooltip_text(text: str) -> str:
    """A tooltip attribute; Graphviz decodes entities and `\\x` escapes, then expands `\\N` and `\\\\`."""
    return graphviz.escape(clean(text).replace("&", "&amp;").replace("\\", "\\\\"))


def _escaped(line: str) -> str:
    return html.escape(line, quote=True).replace("\\", "\\\\")
