"""Every state of the workshop page (dialog, name question, conflict, add step, previews, phases, opportunity,
projector and its keys), in English and German: a screenshot for a person to look at in /tmp/journeymap-shots/,
axe-core finds 0 violations and the W3C Nu validator 0 errors in the page as it is then."""

from __future__ import annotations

import pytest

from support.browser import SHOTS, browser  # noqa: F401  (browser is a fixture)
from support.page_checks import axe_source, validate_html, violations
from support.serving import Server, wait_until
from support.workshop import BANK, SHOP, Tab, samples_in_git

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    running = Server(samples_in_git(tmp_path_factory.mktemp("workshop-pages")), "--edit")
    yield running
    assert running.stop() == 0


class States:
    """Each state: its screenshot, its axe violations, its HTML for the validator."""

    def __init__(self, folder):
        self.folder = folder
        self.axe = axe_source()
        self.found: dict[str, list[str]] = {}
        SHOTS.mkdir(parents=True, exist_ok=True)

    def look(self, tab: Tab, name: str, *, grey: bool = False) -> None:
        page = tab.page
        page.wait_for_timeout(150)   # the last update laid out
        page.screenshot(path=str(SHOTS / f"workshop-{name}.png"))
        if grey:
            page.evaluate("document.documentElement.style.filter = 'grayscale(1)'")
            page.screenshot(path=str(SHOTS / f"workshop-{name}-grey.png"))
            page.evaluate("document.documentElement.style.filter = ''")
        (self.folder / f"{name}.html").write_text(page.content(), encoding="utf-8")
        errors = [e for e in tab.errors if "Failed to load resource" not in e]   # a refusal's status, the favicon
        found = violations(page, self.axe) + [f"console: {e}" for e in errors]
        if found:
            self.found[name] = found


def test_every_state_of_the_workshop_is_accessible_and_valid_html(browser, served, tmp_path):  # noqa: F811
    context = browser.new_context(bypass_csp=True, viewport={"width": 1400, "height": 900})
    states = States(tmp_path)
    try:
        walk_the_report(context, served, states)
        walk_the_projector(context, served, states)
        walk_in_german(context, served, states)
    finally:
        context.close()
    assert states.found == {}
    assert validate_html(sorted(tmp_path.glob("*.html"))) == {}


def walk_the_report(context, served, states: States) -> None:
    tab = Tab(context, served.map_url(SHOP), name=None)
    page = tab.page
    page.click("button[data-edit='checkout-account']")
    states.look(tab, "name-question")
    page.fill("#who-name", "Anna")
    page.click("#edit-dialog .who button.primary")
    page.select_option("[name='effort']", "5")
    wait_until(lambda: tab.saved("effort"))
    page.fill("[name='name']", "")                                       # refused here: a name is required
    wait_until(lambda: "✗" in tab.status("name"))
    states.look(tab, "dialog", grey=True)
    page.locator("#edit-dialog .kpi-table").scroll_into_view_if_needed()
    states.look(tab, "dialog-kpis")
    page.fill("[name='name']", "Has to create an account first")
    wait_until(lambda: tab.saved("name"))
    page.click("#edit-dialog .structure button:has-text('Add a step after')")
    page.fill("#new-step-name", "Enters a voucher code")
    states.look(tab, "add-step")
    page.click("#edit-dialog button[data-key='add-step']")
    wait_until(lambda: page.inner_text("#edit-title") == "Edit: Enters a voucher code")
    states.look(tab, "added-step")
    page.click("#edit-dialog .structure button.remove")
    page.wait_for_selector("#edit-dialog pre.diff")
    states.look(tab, "remove-preview")
    page.click("#edit-dialog button[data-key='confirm']")
    wait_until(lambda: not tab.dialog_open())
    page.click("button[data-edit='size-chat']")
    page.click("#edit-dialog .structure button:has-text('Move')")
    states.look(tab, "move")
    page.keyboard.press("Escape")
    page.click(".serve-bar .phases-button")
    states.look(tab, "phases")
    page.keyboard.press("Escape")
    page.click("button[data-edit-opportunity='guest-checkout']")
    states.look(tab, "opportunity")
    page.keyboard.press("Escape")
    conflict(tab, served, states)


def conflict(tab: Tab, served, states: States) -> None:
    page = tab.page
    page.click("button[data-edit='cart']")
    page.route("**/map/**", lambda route: route.abort())   # the page cannot take the next change in time
    path = served.folder / SHOP
    path.write_text(path.read_text(encoding="utf-8").replace('thoughts: "4.95 shipping?', 'thoughts: "5.95 shipping?'),
                    encoding="utf-8")
    page.fill("[name='name']", "Reviews the basket")
    wait_until(lambda: "⚠" in tab.status("name"))
    states.look(tab, "conflict", grey=True)
    page.unroute("**/map/**")
    page.click("#edit-conflict button.primary")
    wait_until(lambda: tab.saved("name"))
    page.keyboard.press("Escape")
    states.look(tab, "report-after")


def walk_the_projector(context, served, states: States) -> None:
    tab = Tab(context, served.map_url(SHOP) + "?view=projector")
    page = tab.page
    states.look(tab, "projector-hotspots")
    for _ in range(7):
        page.keyboard.press("n")
    states.look(tab, "projector-focused", grey=True)
    page.keyboard.press("?")
    states.look(tab, "projector-keys")
    page.keyboard.press("Escape")
    page.keyboard.press("e")
    page.wait_for_selector("#edit-dialog[open]")
    states.look(tab, "projector-dialog")
    page.keyboard.press("Escape")
    page.keyboard.press("a")
    states.look(tab, "projector-add-step")


def walk_in_german(context, served, states: States) -> None:
    tab = Tab(context, served.map_url(BANK))
    tab.page.locator("button.edit-button[data-edit]").nth(2).click()
    states.look(tab, "dialog-de")
    tab.page.keyboard.press("Escape")
    tab.page.locator("button[data-add-after]").first.click()
    states.look(tab, "add-step-de")
    projector = Tab(context, served.map_url(BANK) + "?view=projector")
    projector.page.keyboard.press("n")
    states.look(projector, "projector-de")
