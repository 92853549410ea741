"""The output formats of `journeymap render`, and which of them need the Graphviz binary."""

from __future__ import annotations

import io

from journeymap.render.dot import PAPER_INCHES, DiagramOptions, paper_points, render_dot
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
    output = run_dot(source, output_format, timeout=timeout, extra=extra)
    if output_format == "pdf" and options.paper:
        output = on_paper(output, *paper_points(options.paper, options.portrait))
    return output


def on_paper(pdf: bytes, width: float, height: float) -> bytes:
    """Set every page to exactly width x height points, the drawing centred (and shrunk if too big).

    Graphviz makes the page as big as the drawing; a print shop, a workshop printer and the
    acceptance check want the real paper size.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import RectangleObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        box = page.mediabox
        scale = min(1.0, width / float(box.width), height / float(box.height))
        if scale < 1.0:
            page.scale_by(scale)
            box = page.mediabox
        left = float(box.left) - (width - float(box.width)) / 2
        bottom = float(box.bottom) - (height - float(box.height)) / 2
        page.mediabox = RectangleObject([left, bottom, left + width, bottom + height])
        page.cropbox = page.mediabox
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
