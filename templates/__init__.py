"""Jinja2 templates and assets of the HTML report (installed as the package journeymap.templates)."""
