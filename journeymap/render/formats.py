"""The output formats of `journeymap render`: one registry of what each is called, where it goes, needs and is made by.

Light on purpose: `render` reads the extensions to check its cache, so the renderers are imported
only when a format is made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from journeymap.render.graphviz_run import dot_available, run_dot
from journeymap.render.options import PAPER_INCHES, paper_points
from journeymap.render.render_input import RenderInput

PAPERS = tuple(PAPER_INCHES)
PNG_DPI_ON_PAPER = 150
POSTER_PAPER = "A1"     # the poster's paper without --paper: a workshop wall


@dataclass(frozen=True)
class Format:
    """One output format. needs: the tools without which it is not written; embeds_diagram: written
    without Graphviz too, but then the report has no flow diagram."""

    name: str
    extension: str
    kind: str                                   # diagram, report, or export (text: no Graphviz, no Chromium)
    render: Callable[[RenderInput], bytes]
    needs: tuple[str, ...] = ()
    embeds_diagram: bool = False


def _dot(source: RenderInput) -> bytes:
    return source.dot_source.encode("utf-8")


def _svg(source: RenderInput) -> bytes:
    return source.svg if source.svg is not None else run_dot(source.dot_source, "svg", timeout=source.timeout)


def _png(source: RenderInput) -> bytes:
    extra = (f"-Gdpi={PNG_DPI_ON_PAPER}",) if source.diagram.paper else ()
    return run_dot(source.dot_source, "png", timeout=source.timeout, extra=extra)


def _pdf(source: RenderInput) -> bytes:
    output = run_dot(source.dot_source, "pdf", timeout=source.timeout, extra=())
    options = source.diagram
    if options.paper:
        from journeymap.render.paper_pdf import on_paper
        output = on_paper(output, *paper_points(options.paper, options.portrait))
    return output


def _html(source: RenderInput) -> bytes:
    return source.html.encode("utf-8")


def _report_pdf(source: RenderInput) -> bytes:
    from journeymap.render.report_pdf import print_pdf
    return print_pdf(source.html, timeout=source.timeout)


def _poster(source: RenderInput) -> bytes:
    from journeymap.render.poster import render_poster
    from journeymap.render.report_pdf import print_pdf, stamp_date
    options = source.diagram
    html = render_poster(source.journey, source.analysis, paper=options.paper or POSTER_PAPER,
                         portrait=options.portrait, lang=source.lang)
    return stamp_date(print_pdf(html, timeout=source.timeout), source.journey.today)


def _mermaid(source: RenderInput) -> bytes:
    from journeymap.render.mermaid import render_mermaid
    return render_mermaid(source.journey, source.analysis).encode("utf-8")


def _markdown(source: RenderInput) -> bytes:
    from journeymap.render.markdown_page import render_markdown_page
    return render_markdown_page(source.journey, source.analysis, source.diagnostics, lang=source.lang).encode("utf-8")


def _csv(source: RenderInput) -> bytes:
    from journeymap.render.csv_export import render_csv
    return render_csv(source.journey, source.analysis)


def _json(source: RenderInput) -> bytes:
    from journeymap.render.json_export import render_json
    return render_json(source.journey, source.analysis, source.diagnostics).encode("utf-8")


REGISTRY = {output_format.name: output_format for output_format in (
    Format("dot", "dot", "diagram", _dot),
    Format("svg", "svg", "diagram", _svg, needs=("dot",)),
    Format("png", "png", "diagram", _png, needs=("dot",)),
    Format("pdf", "pdf", "diagram", _pdf, needs=("dot",)),
    Format("html", "html", "report", _html, embeds_diagram=True),
    Format("report-pdf", "report.pdf", "report", _report_pdf, needs=("chromium",), embeds_diagram=True),
    Format("poster", "poster.pdf", "report", _poster, needs=("chromium",)),
    Format("mermaid", "mmd", "export", _mermaid),
    Format("markdown", "md", "export", _markdown),
    Format("csv", "csv", "export", _csv),
    Format("json", "json", "export", _json),
)}

# The registry by name, for callers that ask about names (the CLI's help, the tests).
FORMATS = tuple(REGISTRY)
EXPORTS = frozenset(name for name, output_format in REGISTRY.items() if output_format.kind == "export")
NEEDS_DOT = frozenset(name for name, output_format in REGISTRY.items() if "dot" in output_format.needs)
NEEDS_CHROMIUM = frozenset(name for name, output_format in REGISTRY.items() if "chromium" in output_format.needs)
EMBEDS_DIAGRAM = frozenset(name for name, output_format in REGISTRY.items() if output_format.embeds_diagram)


def verify_format(name: str) -> Format:
    """The format of this name; ValueError names the valid ones."""
    if name not in REGISTRY:
        raise ValueError(f"unknown format {name!r}; choose from {', '.join(FORMATS)}")
    return REGISTRY[name]


def verify_formats(text: str) -> tuple[str, ...]:
    """'svg,png' -> ('svg', 'png'), in the order given, without repeats; ValueError names the valid ones."""
    chosen: list[str] = []
    for name in (part.strip().lower() for part in text.split(",")):
        verify_format(name)
        if name not in chosen:
            chosen.append(name)
    if not chosen:
        raise ValueError(f"no format given; choose from {', '.join(FORMATS)}")
    return tuple(chosen)


def needs_dot(name: str) -> bool:
    return "dot" in verify_format(name).needs


def extension(name: str) -> str:
    return verify_format(name).extension


def missing_tool(output_format: Format) -> str | None:
    """The first tool the format needs that is not installed ("dot", "chromium"), or None."""
    return next((tool for tool in output_format.needs if not _installed(tool)), None)


def _installed(tool: str) -> bool:
    if tool == "dot":
        return dot_available()
    from journeymap.render.report_pdf import chromium_path
    return chromium_path() is not None


def render_format(name: str, source: RenderInput) -> bytes:
    """The bytes of one output file."""
    return verify_format(name).render(source)
