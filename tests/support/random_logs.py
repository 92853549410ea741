"""Event logs drawn at random (and two made by hand) for a shop map whose touchpoints claim their events."""

from __future__ import annotations

import datetime as dt
import random

from support.maps import map_with

CLAIMS = {"ad_clicked": "ad", "product_viewed": "product", "size_chat": "chat", "cart_viewed": "cart",
          "cart_updated": "cart", "checkout_started": "checkout", "paid": "pay", "hotline_call": "hotline"}
T0 = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.timezone.utc)


def shop_map(log_entry: str) -> str:
    """The minimal map's head, a touchpoint per claimed group of events, and `log_entry` as its one data source."""
    touchpoints = [f"{{id: {tp}, name: \"{tp}\", phase: join, owner: team, "
                   f"events: [{', '.join(sorted(e for e, t in CLAIMS.items() if t == tp))}]}}"
                   for tp in sorted(set(CLAIMS.values()))]
    return map_with(touchpoints=touchpoints, extra="data:\n" + log_entry)


def random_log(seed: int, cases: int, longest: int = 12) -> list[tuple[str, str, dt.datetime]]:
    """Cases of 1..longest events drawn from the claimed names and two unclaimed ones; times in seconds."""
    rng = random.Random(seed)
    names = sorted(CLAIMS) + ["page_view", "heartbeat"]
    rows = []
    for case in range(cases):
        t = T0 + dt.timedelta(minutes=rng.randint(0, 10_000))
        for _ in range(rng.randint(1, longest)):
            t += dt.timedelta(seconds=rng.choice([0, 1, 5, 30, 600]))   # 0: ties
            rows.append((f"c{case:04d}", rng.choice(names), t))
    rng.shuffle(rows)   # the file is not in case order
    return rows


def ties_log() -> list[tuple[str, str, dt.datetime]]:
    """Events of one case at the same second: file order decides (cart before pay in c1, pay before cart in c2)."""
    return [("c1", "cart_viewed", T0), ("c1", "paid", T0), ("c2", "paid", T0), ("c2", "cart_viewed", T0),
            ("c2", "product_viewed", T0 - dt.timedelta(seconds=1)), ("c3", "paid", T0 + dt.timedelta(seconds=9))]


def repeats_log() -> list[tuple[str, str, dt.datetime]]:
    """Repeated events and two names of one touchpoint in a row (one visit), and a return to a touchpoint."""
    seconds = lambda s: T0 + dt.timedelta(seconds=s)
    return [("r1", "cart_viewed", seconds(0)), ("r1", "cart_viewed", seconds(1)), ("r1", "cart_updated", seconds(2)),
            ("r1", "checkout_started", seconds(3)), ("r1", "cart_viewed", seconds(4)), ("r1", "cart_viewed", seconds(5)),
            ("r1", "paid", seconds(6)), ("r2", "heartbeat", seconds(0)), ("r2", "paid", seconds(1)),
            ("r2", "paid", seconds(2))]


def write_csv(path, rows) -> None:
    lines = ["case,event,time"] + [f"{c},{e},{t.isoformat().replace('+00:00', 'Z')}" for c, e, t in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


LOGS = {"random": lambda: random_log(20261202, 400), "ties": ties_log, "repeats": repeats_log,
        "random-small": lambda: random_log(7, 25), "random-long": lambda: random_log(5, 60, longest=80)}
