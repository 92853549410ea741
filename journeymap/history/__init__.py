"""History: a map's friction, KPIs and remembered experience over its git history, and the trend report."""
