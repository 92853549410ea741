"""Journeys observed in event logs, set beside the designed map (docs/observe.md).

load (the map's `data: kind: events` entries) -> log.py (where the log is, what it holds) ->
an engine (DuckDB by default, Spark for logs beyond one machine) running the shared SQL of
sql.py -> result.py (the observed figures) -> compare.py (designed vs observed). The rules
`observed-flow-mismatch`, `unmapped-flow` and `unmapped-events` and the renderers read the
result through `Journey.observations`; nothing here re-reads the map.
"""
