"""Money as each language writes it (i18n/numbers.money) and the currencies a map may name."""

from decimal import Decimal

import pytest

from journeymap.i18n.currencies import CODES, SYMBOLS
from journeymap.i18n.numbers import money


@pytest.mark.parametrize("amount, currency, lang, written", [
    (Decimal("1234567"), "EUR", "de", "1.234.567 €"),
    (Decimal("1234567"), "EUR", "en", "€1,234,567"),
    (Decimal("252000.00"), "USD", "en", "$252,000"),
    (Decimal("252000.00"), "USD", "de", "252.000 $"),
    (Decimal("1200"), "CHF", "en", "CHF 1,200"),
    (Decimal("1200"), "CHF", "de", "1.200 CHF"),
    (Decimal("833.33"), "EUR", "en", "€833.33"),
    (Decimal("833.33"), "EUR", "de", "833,33 €"),
    (Decimal("0.5"), "GBP", "en", "£0.50"),
    (Decimal("27092472.22"), "EUR", "en", "€27,092,472"),       # no cents from 1,000 on
    (Decimal("840"), None, "de", "840"),                        # no currency: the bare figure
    (Decimal("-42000"), "EUR", "en", "−€42,000"),               # a real minus
    (Decimal("-42000"), "EUR", "de", "−42.000 €"),
    (0, "EUR", "en", "€0"),
])
def test_money_in_each_language(amount, currency, lang, written):
    assert money(amount, currency, lang) == written


def test_money_moved_carries_its_sign():
    assert money(Decimal("12000"), "EUR", "en", signed=True) == "+€12,000"
    assert money(Decimal("-3500"), "EUR", "de", signed=True) == "−3.500 €"
    assert money(Decimal("0"), "EUR", "en", signed=True) == "€0"


def test_the_currency_list_holds_the_active_codes_only():
    assert {"EUR", "USD", "CHF", "GBP", "JPY", "SEK"} <= CODES
    assert not {"DEM", "FRF", "XXX", "XTS", "eur"} & CODES          # withdrawn, no currency, testing, lowercase
    assert all(len(code) == 3 and code.isupper() for code in CODES) and set(SYMBOLS) <= CODES
