"""`journeymap lsp`: the language server, a thin protocol layer over the validate pipeline."""
