"""A throwaway repository with half a year of history of the online-shop (or the German bank) sample:
figures change, a fix is delivered, one commit breaks the map, the map is renamed, its library changes.

Used by the history tests and to take the trend report's screenshot (python tests/support/history_repo.py DIR).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ}
    if date:
        env.update(GIT_AUTHOR_DATE=f"{date}T10:00:00+01:00", GIT_COMMITTER_DATE=f"{date}T10:00:00+01:00")
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _commit(repo: Path, date: str, message: str) -> None:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", message, date=date)


def init(repo: Path) -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    _git(repo, "init", "-q", "-b", "main")
    for key, value in (("user.name", "CX Team"), ("user.email", "cx@example.com"), ("commit.gpgsign", "false")):
        _git(repo, "config", key, value)
    return repo


def shop_history(repo: Path) -> str:
    """Nine commits of the shop's map; returns the map's path now (it was renamed once)."""
    init(repo)
    shutil.copytree(SAMPLES / "online-shop", repo / "shop", ignore=shutil.ignore_patterns("*.to-be.*"))
    old = repo / "shop" / "first-purchase.journey.yaml"
    _commit(repo, "2026-01-15", "Journey map: first purchase, as-is")
    _edit(old, "      conversion: {value: 0.76, target: 0.75}", "      conversion: {value: 0.74, target: 0.75}")
    _commit(repo, "2026-02-10", "Q1 figures: cart conversion 0.74")
    _edit(old, "      conversion: {value: 0.52, target: 0.8}", "      conversion: {value: 0.61, target: 0.8}")
    _commit(repo, "2026-03-02", "Guest checkout A/B test: checkout conversion 0.61")
    _edit(old, "    phase: buy\n    channel: webshop\n    owner: checkout", "    phase: bye\n    channel: webshop\n    owner: checkout")
    _commit(repo, "2026-03-20", "Checkout: new phase name (typo)")
    _edit(old, "    phase: bye\n", "    phase: buy\n")
    _commit(repo, "2026-03-21", "Fix the phase typo")
    _edit(old, "      weekend-hiker: frustrated\n      gift-buyer: -2\n      alpinist: unhappy\n    effort: 6",
          "      weekend-hiker: happy\n      gift-buyer: neutral\n      alpinist: 1\n    effort: 2")
    _edit(old, 'text: "No guest checkout: an account with password rules is required before payment", severity: 5',
          'text: "No guest checkout: an account with password rules is required before payment", severity: 1')
    _edit(old, 'text: "Verification e-mail must be clicked first, and often lands in spam", severity: 4',
          'text: "Verification e-mail must be clicked first, and often lands in spam", severity: 1')
    _edit(old, "    status: in-progress\n", "    status: done\n")
    _commit(repo, "2026-04-14", "Guest checkout released")
    _git(repo, "mv", "shop/first-purchase.journey.yaml", "shop/shop.journey.yaml")
    _commit(repo, "2026-05-05", "Rename the map to shop.journey.yaml")
    _edit(repo / "shop" / "shop-library.yaml", "    share: 0.45", "    share: 0.5")
    _commit(repo, "2026-06-01", "Library: hikers are half of the customers now")
    _edit(repo / "shop" / "shop.journey.yaml", "      conversion: {value: 0.61, target: 0.8}",
          "      conversion: {value: 0.82, target: 0.8}")
    _commit(repo, "2026-06-20", "June figures: checkout conversion 0.82")
    return "shop/shop.journey.yaml"


def bank_history(repo: Path) -> str:
    """The German sample: five commits; the PIN-in-app fix was already done, eID ident gets delivered."""
    init(repo)
    shutil.copytree(SAMPLES / "bank-account", repo / "bank")
    path = repo / "bank" / "kontoeroeffnung.journey.yaml"
    _commit(repo, "2026-01-20", "Journey: Kontoeröffnung (Ist)")
    _edit(path, "      conversion: {value: 0.61, target: 0.85}", "      conversion: {value: 0.64, target: 0.85}")
    _commit(repo, "2026-02-15", "Zahlen Februar")
    _edit(path, "    effort: 7\n", "    effort: 5\n")
    _edit(path, "    status: planned\n", "    status: done\n")
    _commit(repo, "2026-03-30", "eID-Identifizierung eingeführt")
    _edit(path, "      conversion: {value: 0.64, target: 0.85}", "      conversion: {value: 0.79, target: 0.85}")
    _commit(repo, "2026-04-30", "Zahlen April")
    return "bank/kontoeroeffnung.journey.yaml"


if __name__ == "__main__":
    target = Path(sys.argv[1])
    print(shop_history(target))
