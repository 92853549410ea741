"""Entry point for `python -m journeymap`."""

from journeymap.cli import main

main()
