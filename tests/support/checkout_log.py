"""A checkout map that reads an event log, and logs whose flows deviate from its design."""

from __future__ import annotations

import datetime as dt
import random

from support.maps import map_with

T0 = dt.datetime(2026, 11, 2, 8, 0)

# Line numbers below are counted from this text: the minimal map's 9 lines down to `touchpoints:`, then these.
SHOP = map_with(
    title='"Checkout"',
    phases=['{id: buy, name: "Buy"}', '{id: help, name: "Help"}'],
    touchpoints="""
        - id: cart
          name: "Cart"
          phase: buy
          owner: team
          events: [cart_viewed]
          next:
            - {to: checkout, share: 0.76}
        - id: checkout
          name: "Checkout"
          phase: buy
          owner: team
          events: [checkout_started, address_entered]
          next: [paid]
        - id: paid
          name: "Paid"
          phase: help
          owner: team
          events: [payment_completed]
        - id: hotline
          name: "Hotline"
          phase: help
          owner: team
          events: [hotline_call]
    """,
    data=["{file: log.csv, kind: events, case_column: session, activity_column: event, time_column: ts}"])
CART_NEXT_LINE, CHECKOUT_LINE, FILE_LINE = 17, 18, 35


def deviating_log(cases: int = 400, *, to_checkout: float = 0.50, to_hotline: float = 0.12, seed: int = 1) -> str:
    """Half of the carts go on to checkout (designed 76 %); 12 % of checkouts end at the hotline (not in the map)."""
    rng = random.Random(seed)
    lines = ["session,event,ts"]
    for case in range(cases):
        t = T0 + dt.timedelta(minutes=case)
        steps = ["cart_viewed"]
        if rng.random() < to_checkout:
            steps += ["checkout_started", "address_entered"]
            steps.append("hotline_call" if rng.random() < to_hotline else "payment_completed")
        for k, event in enumerate(steps):
            lines.append(f"s{case},{event},{(t + dt.timedelta(seconds=30 * k)).isoformat()}")
    return "\n".join(lines) + "\n"
