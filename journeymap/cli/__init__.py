"""Command line: click only. Each command imports its stage lazily so `--help` stays instant."""
