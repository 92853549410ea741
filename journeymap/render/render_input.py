"""What every output format is made from: journey, analysis, findings, options; DOT, SVG and HTML made once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from journeymap.render.graphviz_run import dot_available, run_dot
from journeymap.render.options import DiagramOptions


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
