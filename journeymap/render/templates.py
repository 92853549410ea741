"""The Jinja2 templates and assets in journeymap/templates/ (package data): one environment, autoescape on."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from jinja2 import pass_context

from journeymap.i18n.catalog import counted_label
from journeymap.i18n.hyphenation.liang import hyphenate
from journeymap.i18n.numbers import figure, localized_number, money


def folder():
    """journeymap/templates/, wherever the package is installed."""
    return files("journeymap").joinpath("templates")


@lru_cache(maxsize=1)
def environment():
    """The one Jinja2 environment of every page: autoescape on, undefined names an error, number and hyphen filters."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    loaded = Environment(loader=FileSystemLoader(str(folder())), autoescape=True, undefined=StrictUndefined,
                         trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    loaded.filters["num"] = _number
    loaded.filters["fixed"] = _fixed
    loaded.filters["hyphenate"] = _hyphenate
    loaded.filters["money"] = _money
    loaded.globals["plural"] = _plural
    # `tojson` data is read with JSON.parse, which refuses NaN: strict JSON, as every other output (writer.json_text)
    loaded.policies["json.dumps_kwargs"] = {"sort_keys": True, "allow_nan": False}
    return loaded


@lru_cache(maxsize=16)
def asset(name: str) -> str:
    """A stylesheet or script of the templates folder, as text (inlined: the pages make no request)."""
    return folder().joinpath(name).read_text(encoding="utf-8")


@pass_context
def _number(context, value, places: int = 2) -> str:
    """A figure as people read it: thousands grouped, trailing zeros dropped, in the report's language."""
    return "–" if value is None else figure(value, context.get("lang", "en"), places)


@pass_context
def _fixed(context, value, places: int = 2) -> str:
    """A score with a fixed number of decimals (columns line up), in the report's language."""
    return "–" if value is None else localized_number(f"{value:.{places}f}", context.get("lang", "en"))


@pass_context
def _hyphenate(context, text) -> str:
    """Soft hyphens in the long words of a German page, so a narrow column breaks 'Kontakt-punkte', not 'Kontaktpunk|te'."""
    return "" if text is None else hyphenate(str(text), context.get("lang", "en"))


@pass_context
def _money(context, value) -> str:
    """An amount in the page's currency (`currency` of the context) and language: '€1,200', '1.200 €'."""
    return "–" if value is None else money(value, context.get("currency"), context.get("lang", "en"))


@pass_context
def _plural(context, key: str, count, table: str = "labels") -> str:
    """A label for a count in the page's language: `key.one` for exactly 1 where the catalogue has it."""
    return counted_label(context.get("lang", "en"), key, count, table)
