"""Journeys observed in event logs, set beside the designed map (docs/observe.md).

load (the map's `data: kind: events` entries) -> log.py (where the log is, what it holds) and
design.py (the map as the engines read it) -> an engine (DuckDB by default, Spark for logs beyond
one machine) running the shared SQL of sql.py -> result.py (the observed figures). The analysis
sets them beside the design (designed_vs_observed, conformance); the rules `observed-flow-mismatch`,
`unmapped-flow`, `unmapped-events` and `conformance-below-target` and the renderers read the
result through `Journey.observations`; nothing here re-reads the map file.
"""
