"""Model: the typed format (pydantic), schema errors, salvage, JSON Schema, the flow graph, Journey."""
