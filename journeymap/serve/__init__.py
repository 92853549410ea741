"""`journeymap serve`: the live workshop mode (report in the browser, edits written back to the YAML)."""
