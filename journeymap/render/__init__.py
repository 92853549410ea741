"""Renderers: (model, analysis) -> text or bytes. They never read files or validate."""
