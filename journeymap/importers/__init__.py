"""Importers: diagrams of other tools read into journeymap maps (Mermaid `journey` so far)."""
