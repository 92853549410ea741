"""Graphviz HTML-like label markup that Graphviz always accepts.

Graphviz's label grammar refuses a formatting element (<B>, <I>, <FONT>, ...) with no text in it:
`<B></B>` is "syntax error in line 1". So the diagram never writes one by hand: every element
comes from `styled`, which wraps only content that is there, and empty content stays empty
(`<B></B>` cannot be written, whatever text a map holds). Content is markup that
labels.html_text or labels.wrapped has already escaped.
"""

from __future__ import annotations


def styled(tag: str, content: str, **attributes: str | int | None) -> str:
    """<TAG ATTR="…">content</TAG>, or "" when there is no content."""
    if not content:
        return ""
    attrs = "".join(f' {name.upper().replace("_", "-")}="{value}"' for name, value in attributes.items()
                    if value is not None)
    return f"<{tag}{attrs}>{content}</{tag}>"


def bold(content: str) -> str:
    return styled("B", content)


def italic(content: str) -> str:
    return styled("I", content)


def font(content: str, *, color: str | None = None, point_size: int | None = None) -> str:
    return styled("FONT", content, color=color, point_size=point_size)
