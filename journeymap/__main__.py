"""Entry point for `python -m journeymap`."""

from journeymap.cli.main import main

main()
