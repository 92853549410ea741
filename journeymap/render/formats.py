"""The output formats of `journeymap render`, and which of them need the Graphviz binary."""

from __future__ import annotations

from journeymap.render.dot import DiagramOptions, PAPER_INCHES, render_dot
from journeymap.render.graphviz_run import DOT_FORMATS, run_dot

FORMATS = ("dot", "svg", "png", "pdf")
PAPERS = tuple(PAPER_INCHES)
PNG_DPI_ON_PAPER = 150


def verify_formats(text: str) -> tuple[str, ...]:
    """'svg,png' -> ('svg', 'png'), in the order given, without repeats; ValueError names the valid ones."""
    chosen: list[str] = []
    for name in (part.strip().lower() for part in text.split(",")):
        if name not in FORMATS:
            raise ValueError(f"unknown format {name!r}; choose from {', '.join(FORMATS)}")
        if name not in chosen:
            chosen.append(name)
    if not chosen:
        raise ValueError(f"no format given; choose from {', '.join(FORMATS)}")
    return tuple(chosen)


def needs_dot(output_format: str) -> bool:
    return output_format in DOT_FORMATS


def render_format(output_format: str, journey, analysis, options: DiagramOptions, *, timeout: float) -> bytes:
    """The bytes of one output file."""
    source = render_dot(journey, analysis, options)
    if output_format == "dot":
        return source.encode("utf-8")
    extra: tuple[str, ...] = ()
    if output_format == "png" and options.paper:
        extra = (f"-Gdpi={PNG_DPI_ON_PAPER}",)
    return run_dot(source, output_format, timeout=timeout, extra=extra)
