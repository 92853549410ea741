"""Options several commands share, each declared once."""

from __future__ import annotations

import datetime as dt

import click

from journeymap.cli.common import UsageProblem
from journeymap.i18n.catalog import LANGUAGES
from journeymap.render.options import PAPERS


class Day(click.DateTime):
    """A calendar date, YYYY-MM-DD; a bad one is a usage problem that shows the expected form."""

    def __init__(self):
        super().__init__(formats=["%Y-%m-%d"])

    def convert(self, value, param, ctx) -> dt.date:
        if isinstance(value, dt.date):
            return value.date() if isinstance(value, dt.datetime) else value
        try:
            return super().convert(value, param, ctx).date()
        except click.BadParameter:
            raise UsageProblem(f"--today must be a date like 2026-11-25, got {value!r}") from None


today = click.option("--today", type=Day(), envvar="JOURNEYMAP_TODAY", metavar="YYYY-MM-DD",
                     help="Date for stale-data checks (default: today, or $JOURNEYMAP_TODAY).")

allow_outside = click.option(
    "--allow-outside", is_flag=True,
    help="Let maps include and read files outside their project (the git work tree, else the map's folder).")


def lang(help: str):
    """--lang: the language of the labels; help says of what, and the default."""
    return click.option("--lang", type=click.Choice(list(LANGUAGES)), help=help)


def paper(help: str, default: str | None = None):
    """--paper: a paper size, any case (A3 and a3, letter and Letter alike); the value is spelled as in PAPERS."""
    return click.option("--paper", type=click.Choice(PAPERS, case_sensitive=False), default=default,
                        show_default=default is not None, help=help)


def portrait(help: str):
    """--portrait: the paper upright; landscape without it."""
    return click.option("--portrait", is_flag=True, help=help)
