"""Numbers, dates and counts as each language writes them: a decimal comma and dd.mm.yyyy in German, a real
minus, and the singular for exactly one ("1 map", "2 maps")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from journeymap.i18n.currencies import SYMBOLS


def localized_number(text: str, lang: str) -> str:
    """'41,000.5' -> '41.000,5' in German; minus signs as a real minus."""
    if lang == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text.replace("-", "−")


def format_number(value: float) -> str:
    """2.0 -> '2', 0.25 -> '0.25': numbers as a person writes them."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def written_number(value: int | float, lang: str) -> str:
    """A number in a message: 2.0 -> '2'; other languages than English localized (English keeps its '-')."""
    text = format_number(value)
    return localized_number(text, lang) if lang != "en" else text


def written_date(value: dt.date, lang: str) -> str:
    """A date in a message: 2026-01-05 in English, 05.01.2026 in German."""
    return value.strftime("%d.%m.%Y") if lang == "de" else value.isoformat()


def figure(value: int | float, lang: str, places: int = 2) -> str:
    """A figure as people read it: thousands grouped (3,200), trailing zeros dropped, in the language."""
    if abs(value) >= 1000:
        text = f"{value:,.0f}"
    elif isinstance(value, float):
        text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    else:
        text = str(value)
    return localized_number(text, lang)


def money(amount, currency: str | None, lang: str, *, signed: bool = False) -> str:
    """An amount as the language writes money: '€1,234,567' in English, '1.234.567 €' in German.

    Cents are shown only when there are any, and not from 1,000 on (a report reads €27,092,472, the
    JSON keeps the cents); a currency without a known symbol is written with its
    code ('CHF 1,200' / '1.200 CHF'), a map without a currency gets the bare figure. `signed` writes
    '+' before a gain (money moved); a loss always carries a real minus.
    """
    amount = Decimal(str(amount)) if not isinstance(amount, Decimal) else amount
    whole = amount == amount.to_integral_value() or abs(amount) >= 1000
    digits = localized_number(f"{abs(amount):,.0f}" if whole else f"{abs(amount):,.2f}", lang)
    sign = "−" if amount < 0 else "+" if signed and amount > 0 else ""
    if currency is None:
        return sign + digits
    symbol = SYMBOLS.get(currency)
    if lang == "de":
        return f"{sign}{digits} {symbol or currency}"
    return f"{sign}{symbol}{digits}" if symbol else f"{sign}{currency} {digits}"



_SCALES = {"en": ((1e9, "bn"), (1e6, "M"), (1e3, "k")), "de": ((1e9, " Mrd."), (1e6, " Mio."), (1e3, " Tsd."))}


def money_short(amount: float, currency: str | None, lang: str) -> str:
    """An amount for a chart's axis, in at most four digits: '€69.5M', '69,5 Mio. €', '€750'."""
    for size, word in _SCALES.get(lang, _SCALES["en"]):
        if abs(amount) >= size:
            digits = localized_number(f"{abs(amount) / size:.1f}".removesuffix(".0"), lang) + word
            break
    else:
        digits = localized_number(f"{abs(amount):.0f}", lang)
    sign = "−" if amount < 0 else ""
    symbol = SYMBOLS.get(currency, currency) if currency else None
    if symbol is None:
        return sign + digits
    if lang == "de":
        return f"{sign}{digits} {symbol}"
    return f"{sign}{symbol}{digits}" if currency in SYMBOLS else f"{sign}{symbol} {digits}"

def plural_form(count: int | float, lang: str = "en") -> str:
    """The form a count takes, named as CLDR names it: "one" for exactly 1 in English and in German
    (1 map, 1 Karte), "other" for every other count (0 maps, 2 maps, 1.5 maps). The one rule every
    count phrase follows: `counted` below, and a catalogue's `key.one` entries (catalog.plural_key)."""
    return "one" if count == 1 else "other"


def counted(count: int, one: str, other: str | None = None, lang: str = "en") -> str:
    """'1 map', '3 maps', '7,000 cases', '1 opportunity', '2 opportunities': a count with its noun in the
    form the count takes (the plural is `one` + "s" unless given); thousands grouped."""
    noun = one if plural_form(count, lang) == "one" else other or one + "s"
    return f"{figure(count, lang)} {noun}"
