"""Customer feedback (reviews, survey comments) read by DuckDB and linked to touchpoints."""
