"""Regenerate the pictures in docs/img/ that show rendered samples: diagrams, the comparison, the poster, the
café's Voice of the customer lane.

    .venv/bin/python scripts/docs_images.py          (needs dot, Chromium and pdftoppm)

The serve pictures (serve-*.png) come from the serve browser tests' screenshots; the trend picture
from docs/history.md's commands. Run this after a change to how maps are drawn, and look at the result.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMG = ROOT / "docs" / "img"
SHOP = ROOT / "samples" / "online-shop" / "first-purchase.journey.yaml"
SHOP_TO_BE = ROOT / "samples" / "online-shop" / "first-purchase.to-be.journey.yaml"
BANK = ROOT / "samples" / "bank-account" / "kontoeroeffnung.journey.yaml"
TELECOM = ROOT / "samples" / "telecom-support" / "service.journey.yaml"
CAFE = ROOT / "samples" / "cafe" / "morning-coffee.journey.yaml"
TODAY = "2026-12-06"


def journeymap(*args) -> None:
    subprocess.run([sys.executable, "-m", "journeymap", *map(str, args), "--today", TODAY], check=True, cwd=ROOT)


def diagrams(out: Path) -> None:
    journeymap("render", SHOP, BANK, "-f", "png", "--paper", "A3", "-o", out / "a3")
    journeymap("render", SHOP, "-f", "png", "--persona", "gift-buyer", "-o", out / "persona")
    (out / "a3" / "online-shop" / "first-purchase.png").replace(IMG / "online-shop-a3.png")
    (out / "a3" / "bank-account" / "kontoeroeffnung.png").replace(IMG / "kontoeroeffnung-a3.png")
    (out / "persona" / "first-purchase.gift-buyer.png").replace(IMG / "online-shop-gift-buyer.png")


def poster(out: Path) -> None:
    journeymap("render", TELECOM, "-f", "poster", "-o", out / "poster")
    pdf = out / "poster" / "service.poster.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-singlefile", pdf, IMG / "poster-telecom-a1"], check=True)


def comparison(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    page_file = out / "compare.html"
    journeymap("compare", SHOP, SHOP_TO_BE, "-o", page_file)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1130})
        page.goto(page_file.as_uri())
        page.screenshot(path=str(IMG / "compare-shop.png"))
        page.locator("#friction").evaluate("section => section.scrollIntoView()")
        page.screenshot(path=str(IMG / "compare-shop-friction.png"))
        browser.close()


def voice(out: Path) -> None:
    """The café's Voice of the customer lane and what customers say, as the report shows them."""
    from playwright.sync_api import sync_playwright

    journeymap("render", CAFE, "-f", "html", "-o", out / "voice")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto((out / "voice" / "morning-coffee.html").as_uri())
        page.locator("tr.voc").screenshot(path=str(IMG / "voice-cafe-lane.png"))
        browser.close()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="journeymap-docs-img-") as folder:
        out = Path(folder)
        diagrams(out)
        poster(out)
        comparison(out)
        voice(out)
    print(f"pictures written to {IMG.relative_to(ROOT)}/: look at them before committing")


if __name__ == "__main__":
    main()
