"""One headless Chromium per test module (Debian's, through Playwright), and a page that records what went wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support.tools import IN_CI

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SHOTS = Path("/tmp/journeymap-shots")   # screenshots for a person to look at
MM = 96 / 25.4                      # CSS px per millimetre
PRINTABLE = {"A3": (400 * MM, 277 * MM), "A4": (277 * MM, 190 * MM)}  # landscape, less the 10 mm @page margins


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module; never a downloaded browser."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        message = "the playwright package is missing: pip install -e '.[test]'"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=shutil.which("chromium") or CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


class Visit:
    """A page with everything that went wrong on it recorded."""

    def __init__(self, browser, path: Path, *, width: int = 1920, height: int = 1080, media: str = "screen",
                 settle_ms: int = 0):
        self.path = path
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.page.set_default_timeout(10_000)
        self.page.emulate_media(media=media)
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.failed_requests: list[str] = []
        self.foreign_requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        self.page.on("requestfailed", lambda r: self.failed_requests.append(f"{r.url} {r.failure}"))
        self.page.on("request", self._request)
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri(), wait_until="load")
        if settle_ms:
            self.page.wait_for_timeout(settle_ms)  # let late handlers (img onerror, svg onload) fire

    def _request(self, request):
        if request.url != self.path.as_uri() and not request.url.startswith("data:"):
            self.foreign_requests.append(request.url)

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def problems(self) -> dict[str, list[str]]:
        found = {"console errors": self.console_errors, "page errors": self.page_errors,
                 "failed requests": self.failed_requests, "requests": self.foreign_requests, "dialogs": self.dialogs}
        return {kind: items for kind, items in found.items() if items}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.page.close()


# A letter followed on a lower line by the next letter of the same word must have a soft hyphen between them.
_SPLIT_WORDS = """(selector) => {
  const splits = [];
  const letter = /\\p{L}/u;
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.data;
      let previous = -1, previousTop = null, softBetween = false;
      for (let i = 0; i < text.length; i++) {
        if (text[i] === '\\u00ad') { softBetween = true; continue; }
        if (!letter.test(text[i])) { previous = -1; continue; }
        const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
        const rects = range.getClientRects(), rect = rects[rects.length - 1];  // at a break: [end of line, next line]
        if (!rect) { previous = -1; continue; }
        if (previous >= 0 && rect.top > previousTop + 2 && !softBetween)
          splits.push(text.slice(Math.max(0, previous - 8), i + 8));
        previous = i; previousTop = rect.top; softBetween = false;
      }
    }
  }
  return splits;
}"""


def words_split_without_hyphen(page, selector: str) -> list[str]:
    """Words in the elements `selector` finds that wrap onto the next line somewhere else than at a soft hyphen."""
    return page.evaluate(_SPLIT_WORDS, selector)
