"""A project for `journeymap site` tests: maps in two currencies sharing an owner and channel library,
a `detail` link, a map without money, and a map with errors; figures computed by hand in the docstrings."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from support.money import money_map

TODAY = "2026-11-25"

# The shared library: the shop team, customer care and two channels, one definition for every map.
LIBRARY = """journeymap: 1
title: "Shared teams and channels"
channels:
  - {id: web, name: "Web shop", kind: digital}
  - {id: phone, name: "Phone", kind: human}
owners:
  - {id: shop, name: "Shop team"}
  - {id: care, name: "Customer care"}
"""

BROKEN = "journeymap: 1\ntitle: \"Broken\"\nphases: 3\n"


def shared(text: str, library: str = "shared/teams.yaml") -> str:
    """money_map with its channels and owners taken from the shared library instead of its own."""
    start, end = text.index("channels:\n"), text.index("touchpoints:\n")
    return text[:start] + f"include: [{library}]\n" + text[end:]


def shop_map() -> str:
    """The acceptance map (at stake: checkout 252,000 + account 24,000 = 276,000 EUR; one-click 126,000),
    with a cost of 5,000 a month at checkout and its detail in pay/payment.journey.yaml."""
    text = shared(money_map())
    return text.replace("    kpis: {volume: 1000, conversion: 0.7}\n",
                        "    kpis: {volume: 1000, conversion: 0.7, cost: 5000}\n    detail: pay/payment.journey.yaml\n")


def payment_map() -> str:
    """Conversion 0.9 at checkout: 1000 x 0.1 x 840 = 84,000 + account 24,000 = 108,000 EUR at stake."""
    return shared(money_map(conversion="0.9"), "../shared/teams.yaml").replace(
        'title: "Money at stake"', 'title: "Payment"')


def swiss_map() -> str:
    """The acceptance map in CHF: 276,000 CHF at stake, never added to the euros."""
    return shared(money_map(currency="CHF")).replace('title: "Money at stake"', 'title: "Swiss shop"')


def plain_map() -> str:
    """No currency, no clv: friction only, no money figure."""
    text = money_map().replace("currency: EUR\n", "").replace(", clv: 1200", "").replace(", clv: 300", "")
    return shared(text).replace('title: "Money at stake"', 'title: "No money named"')


def write_project(folder: Path, *, broken: bool = True) -> Path:
    """The maps under folder/maps (a git work tree, the project), the library in maps/shared; returns maps/."""
    root = folder / "maps"
    files = {"shared/teams.yaml": LIBRARY, "shop.journey.yaml": shop_map(), "pay/payment.journey.yaml": payment_map(),
             "swiss.journey.yaml": swiss_map(), "plain.journey.yaml": plain_map()}
    if broken:
        files["broken.journey.yaml"] = BROKEN
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    return root


def portfolio(site: Path) -> dict:
    return json.loads((site / "portfolio.json").read_text(encoding="utf-8"))


def exports(site: Path) -> dict[str, dict]:
    """Each valid map's JSON export in the site (maps/…/NAME.json), by its report's path."""
    return {str(p.relative_to(site).with_suffix(".html").as_posix()): json.loads(p.read_text(encoding="utf-8"))
            for p in sorted((site / "maps").rglob("*.json"))}


# A file name can attack a page as well as a title: it is shown on the index and is a link.
HOSTILE_NAME = '"><svg onload=alert(7)>.journey.yaml'
HOSTILE_BROKEN = "<img src=x onerror=alert(8)>.journey.yaml"


def write_xss_project(folder: Path) -> Path:
    """Maps whose titles, owners, channels, opportunities and file names hold every payload
    (report_maps.PAYLOADS), with money so every column is filled, a detail link, and a map with
    errors whose findings quote a payload; returns the maps' folder."""
    from support.report_maps import evil, xss_map

    root = folder / "maps"
    root.mkdir(parents=True)
    first = xss_map()
    first["currency"] = "EUR"
    for persona in first["personas"]:
        persona["clv"] = 900
    first["touchpoints"][1]["kpis"] = {"volume": 1000, "conversion": 0.6, "cost": 2500}
    first["touchpoints"][0]["detail"] = HOSTILE_NAME
    first["opportunities"][0]["cost"] = 5000
    second = json.loads(json.dumps(first))
    second["title"] = evil("second title")
    del second["touchpoints"][0]["detail"]
    (root / "xss.journey.yaml").write_text(json.dumps(first, indent=1), encoding="utf-8")
    (root / HOSTILE_NAME).write_text(json.dumps(second, indent=1), encoding="utf-8")
    (root / HOSTILE_BROKEN).write_text('journeymap: 1\ntitle: "x"\n"<script>alert(9)</script>": 1\n', encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    return root
