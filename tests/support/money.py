"""The map of issue 28's acceptance figures, computed by hand, for every surface that shows money.

Two personas (clv 1200, share 0.6; clv 300, share 0.4): value per case 1200 x 0.6 + 300 x 0.4 = 840.
checkout: volume 1000, conversion 0.7, both pass: 1000 x 0.3 x 840 = 252,000 at stake.
account: volume 200, churn 0.1, only the first passes: 200 x 0.1 x 1200 = 24,000.
one-click (impact high, effect 0.5) addresses checkout: 126,000. hotline has no figures: missing.
"""

from __future__ import annotations


def money_map(*, lang: str = "en", currency: str = "EUR", conversion: str = "0.7") -> str:
    """The acceptance map (a variant: another language, currency or conversion at checkout)."""
    return f"""journeymap: 1
title: "Money at stake"
lang: {lang}
currency: {currency}
personas:
  - {{id: regular, name: "Regular", clv: 1200, share: 0.6}}
  - {{id: casual, name: "Casual", clv: 300, share: 0.4}}
phases:
  - {{id: buy, name: "Buy"}}
  - {{id: stay, name: "Stay"}}
channels:
  - {{id: web, name: "Web shop", kind: digital}}
  - {{id: phone, name: "Phone", kind: human}}
owners:
  - {{id: shop, name: "Shop team"}}
  - {{id: care, name: "Customer care"}}
touchpoints:
  - id: checkout
    name: "Checkout"
    phase: buy
    channel: web
    owner: shop
    emotion: -1
    kpis: {{volume: 1000, conversion: {conversion}}}
    next: [account]
  - id: account
    name: "Customer account"
    phase: stay
    channel: web
    owner: care
    personas: [regular]
    kpis: {{volume: 200, churn: 0.1}}
    next: [hotline]
  - id: hotline
    name: "Hotline"
    phase: stay
    channel: phone
    owner: care
opportunities:
  - {{id: one-click, title: "One-click checkout", addresses: [checkout], owner: shop, impact: high}}
  - {{id: loyalty, title: "Loyalty mail", addresses: ["account", "hotline"], owner: care, impact: low, cost: 2000}}
  - {{id: self-service, title: "Self-service portal", addresses: [account], owner: care, effect: 0.2, cost: 1600}}
"""
