"""Evidence: what is measured outside the map: event logs (DuckDB, Spark), surveys, KPIs from data."""
