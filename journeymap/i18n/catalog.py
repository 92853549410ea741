"""journeymap's own words in every language: the catalogues en.toml and de.toml, read once on first use.

A catalogue has four tables: `labels` (diagrams and reports), `messages` (what the warnings
say), `serve` (the pages of journeymap serve), `site` (the pages of journeymap site) and `lsp` (the hovers of the language server). A warning rule words its finding as a `Phrase`,
a message key and its values; the English text is the finding's message wherever journeymap prints
one (terminal, JSON, SARIF, GitHub annotations, CI summaries), so logs and tools see one stable
wording, and the report of a German map shows the German text. Errors stay English: a map with
errors gets no report, and they are fixed in the YAML by whoever reads the terminal.

A text with a count has its singular under `key.one` ('trend.unmoved.one'), which `plural_key` and
`counted_label` pick for exactly 1 (numbers.plural_form); Python's own English counts use
numbers.counted ("1 map", "2 maps").

Values keep their type until a language is chosen: numbers get a decimal comma and a real minus
in German, dates read 05.01.2026, a `Term` becomes the report's word for it (a KPI's German
name), and a tuple of phrases is joined with "; ".
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import NamedTuple

from journeymap.i18n.numbers import plural_form, written_date, written_number

LANGUAGES = ("en", "de")


def catalogue(lang: str) -> dict[str, dict[str, str]]:
    """The tables of a language's catalogue (English for anything unknown), parsed once per process."""
    return _read(lang if lang in LANGUAGES else "en")


@cache
def _read(lang: str) -> dict[str, dict[str, str]]:
    import tomllib  # only processes that word something pay for the parser

    with Path(__file__).with_name(f"{lang}.toml").open("rb") as file:
        return tomllib.load(file)


def labels(lang: str, table: str = "labels") -> dict[str, str]:
    """A table of a language's words: the report labels unless another table is named."""
    return catalogue(lang)[table]


def plural_key(key: str, count: int | float, lang: str = "en", table: str = "labels") -> str:
    """The key of a count's wording: `key.one` where the count takes the singular (numbers.plural_form)
    and the catalogue words that form apart ('trend.unmoved.one' = '{n} KPI did not move.'), else `key`."""
    singular = f"{key}.one"
    return singular if plural_form(count, lang) == "one" and singular in labels(lang, table) else key


def counted_label(lang: str, key: str, count: int | float, table: str = "labels") -> str:
    """A table's entry for a count, in the form the count takes: labels(lang)[plural_key(key, count)]."""
    return labels(lang, table)[plural_key(key, count, lang, table)]


# Named tuples, not dataclasses: every validate imports this module (the rules word their findings
# with it), and a named tuple's class is made in a sixth of a dataclass's time.
class Term(NamedTuple):
    """A word the report's labels translate (a KPI's name); English keeps the name as written."""

    label: str
    written: str


class Phrase(NamedTuple):
    """A message in no language yet: which text, and its values."""

    key: str
    values: tuple = ()

    def text(self, lang: str = "en") -> str:
        template = labels(lang, "messages")[self.key]
        return template.format(**{name: _text(value, lang) for name, value in self.values})


def phrase(key: str, **values) -> Phrase:
    return Phrase(key, tuple(values.items()))


def _text(value, lang: str) -> str:
    if isinstance(value, Phrase):
        return value.text(lang)
    if isinstance(value, Term):
        return labels(lang).get(value.label, value.written) if lang != "en" else value.written
    if isinstance(value, tuple):   # after Phrase and Term, which are tuples too
        return "; ".join(_text(item, lang) for item in value)
    if isinstance(value, dt.date):
        return written_date(value, lang)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return written_number(value, lang)
