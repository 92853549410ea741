"""The output formats of `journeymap render`, and what each needs (Graphviz, Chromium)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cached_property

from journeymap.render.graphviz_run import dot_available, run_dot
from journeymap.render.options import PAPER_INCHES, DiagramOptions, paper_points

FORMATS = ("dot", "svg", "png", "pdf", "html", "report-pdf", "mermaid", "markdown", "csv", "json")
EXTENSIONS = {"report-pdf": "report.pdf", "mermaid": "mmd", "markdown": "md"}
EXPORTS = frozenset({"mermaid", "markdown", "csv", "json"})  # text exports: no Graphviz, no Chromium
PAPERS = tuple(PAPER_INCHES)
PNG_DPI_ON_PAPER = 150
NEEDS_DOT = frozenset({"svg", "png", "pdf"})
NEEDS_CHROMIUM = frozenset({"report-pdf"})
EMBEDS_DIAGRAM = frozenset({"html", "report-pdf"})  # written without Graphviz, but missing the diagram


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
    return output_format in NEEDS_DOT


def extension(output_format: str) -> str:
    return EXTENSIONS.get(output_format, output_format)


@dataclass
class RenderInput:
    """Everything a renderer may read: the validated journey, its analysis and findings, the options."""

    journey: object
    analysis: object
    diagnostics: list = field(default_factory=list)
    diagram: DiagramOptions = DiagramOptions()
    lang: str | None = None
    timeout: float = 60.0
    trend: dict | None = None           # the report's Trend section (render --history N)

    @cached_property
    def dot_source(self) -> str:
        from journeymap.render.dot import render_dot
        return render_dot(self.journey, self.analysis, self.diagram)

    @cached_property
    def svg(self) -> bytes | None:
        """The diagram as SVG, or None without Graphviz (shared by the svg and html formats)."""
        if not dot_available():
            return None
        return run_dot(self.dot_source, "svg", timeout=self.timeout)

    @cached_property
    def html(self) -> str:
        from journeymap.render.html import ReportOptions, render_html
        options = ReportOptions(paper=self.diagram.paper or "A3", portrait=self.diagram.portrait, lang=self.lang)
        return render_html(self.journey, self.analysis, self.diagnostics, diagram_svg=self.svg, options=options,
                           trend=self.trend)


def render_format(output_format: str, source: RenderInput) -> bytes:
    """The bytes of one output file."""
    if output_format in EXPORTS:
        return render_export(output_format, source)
    if output_format == "dot":
        return source.dot_source.encode("utf-8")
    if output_format == "svg":
        return source.svg if source.svg is not None else run_dot(source.dot_source, "svg", timeout=source.timeout)
    if output_format == "html":
        return source.html.encode("utf-8")
    if output_format == "report-pdf":
        from journeymap.render.report_pdf import print_pdf
        return print_pdf(source.html, timeout=source.timeout)
    options = source.diagram
    extra = (f"-Gdpi={PNG_DPI_ON_PAPER}",) if output_format == "png" and options.paper else ()
    output = run_dot(source.dot_source, output_format, timeout=source.timeout, extra=extra)
    if output_format == "pdf" and options.paper:
        output = on_paper(output, *paper_points(options.paper, options.portrait))
    return output


def render_export(output_format: str, source: RenderInput) -> bytes:
    """The bytes of a text export (docs/exports.md)."""
    journey, analysis = source.journey, source.analysis
    if output_format == "mermaid":
        from journeymap.render.mermaid import render_mermaid
        return render_mermaid(journey, analysis).encode("utf-8")
    if output_format == "markdown":
        from journeymap.render.markdown_page import render_markdown_page
        return render_markdown_page(journey, analysis, source.diagnostics, lang=source.lang).encode("utf-8")
    if output_format == "csv":
        from journeymap.render.csv_export import render_csv
        return render_csv(journey, analysis)
    from journeymap.render.json_export import render_json
    return render_json(journey, analysis, source.diagnostics).encode("utf-8")


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
