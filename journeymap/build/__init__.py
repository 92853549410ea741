"""Build: many maps in one run (parallel, incremental, atomic) and the CI summary."""
