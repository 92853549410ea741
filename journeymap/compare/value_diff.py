"""Money moved between two versions of a map: its total at stake, each touchpoint's, each opportunity's
expected value (docs/ci.md lists the change kinds). Less money at stake is better."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from journeymap.analysis.value import amount
from journeymap.i18n.numbers import money


@dataclass(frozen=True)
class MoneyMoved:
    """One figure of money that moved; amounts are (before, after), None where a side has no figure."""

    kind: str                # total-at-stake-changed | at-stake-changed | expected-value-changed
    subject: str             # 'total', a touchpoint id (the later one), an opportunity id
    amounts: tuple[Decimal | None, Decimal | None]
    currency: str | None
    better: bool | None      # less at stake is better; an expected value is neither

    @property
    def moved(self) -> Decimal | None:
        before, after = self.amounts
        return None if before is None or after is None else after - before

    def as_dict(self) -> dict:
        """JSON: amounts as numbers without float noise."""
        return {"kind": self.kind, "subject": self.subject, "before": amount(self.amounts[0]),
                "after": amount(self.amounts[1]), "moved": amount(self.moved), "currency": self.currency,
                "better": self.better}


def money_moved(old, new, pairs: list[tuple[str, str]]) -> list[MoneyMoved]:
    """What moved between two analysed Sides; pairs: (old id, new id) of the matched touchpoints."""
    v1, v2 = old.analysis.value, new.analysis.value
    if v1 is None and v2 is None:
        return []
    currency = (v2 or v1).currency
    rows = []
    totals = tuple(v.total_at_stake if v else None for v in (v1, v2))
    if totals[0] != totals[1]:
        rows.append(MoneyMoved("total-at-stake-changed", "total", totals, currency, _less(*totals)))
    for old_id, node in pairs:
        figures = (_at_stake(v1, old_id), _at_stake(v2, node))
        if figures[0] != figures[1]:
            rows.append(MoneyMoved("at-stake-changed", node, figures, currency, _less(*figures)))
    before = v1.opportunities if v1 else {}
    for opportunity, figure in (v2.opportunities if v2 else {}).items():
        if opportunity in before and before[opportunity].expected_value != figure.expected_value:
            rows.append(MoneyMoved("expected-value-changed", opportunity,
                                   (before[opportunity].expected_value, figure.expected_value), currency, None))
    return rows


def value_changes(old, new, pairs: list[tuple[str, str]]):
    """The money moved as the fields of a diff.Change each (English text, as every diff says it)."""
    for row in money_moved(old, new, pairs):
        yield dict(kind=row.kind, subject=row.subject, before=cash(row.amounts[0], row.currency),
                   after=cash(row.amounts[1], row.currency),
                   touchpoint=row.subject if row.kind == "at-stake-changed" else None,
                   better=row.better, note=moved_text(row))


def _at_stake(value, node: str) -> Decimal | None:
    return value.touchpoints[node].at_stake if value and node in value.touchpoints else None


def cash(figure: Decimal | None, currency: str | None, lang: str = "en") -> str | None:
    return None if figure is None else money(figure, currency, lang)


def _less(before: Decimal | None, after: Decimal | None) -> bool | None:
    return None if before is None or after is None else after < before


def moved_text(row: MoneyMoved, lang: str = "en") -> str:
    """'+€12,000' or '−€3,500': the money moved (empty when a side has no figure)."""
    return "" if row.moved is None else money(row.moved, row.currency, lang, signed=True)
