"""Validation rules: one module per rule id (its docstring is the user documentation), the registry, the validate pipeline."""
