import pytest
from support.browser import SHOTS, browser  # noqa
from support.page_checks import validate_html
from support.serving import wait_until
from support.workshop import BANK, SHOP, Tab
from test_serve_workshop_pages import States, served  # noqa

pytestmark = pytest.mark.browser

def test_partial(browser, served, tmp_path):
    context = browser.new_context(bypass_csp=True, viewport={"width": 1400, "height": 900})
    states = States(tmp_path)
    tab = Tab(context, served.map_url(SHOP), name=None)
    page = tab.page
    page.click("button[data-edit='checkout-account']")
    states.look(tab, "name-question")
    page.fill("#who-name", "Anna")
    page.click("#edit-dialog .who button.primary")
    page.select_option("[name='effort']", "5")
    wait_until(lambda: tab.saved("effort"))
    page.fill("[name='name']", "")
    wait_until(lambda: "✗" in tab.status("name"))
    states.look(tab, "dialog", grey=True)
    page.keyboard.press("Escape")
    page.click("button[data-add-after='cart']")
    page.fill("#new-step-name", "Enters a voucher code")
    states.look(tab, "add-step")
    page.keyboard.press("Escape")
    page.click(".serve-bar .phases-button")
    states.look(tab, "phases")
    page.keyboard.press("Escape")
    page.click("button[data-edit='size-chat']")
    page.click("#edit-dialog .structure button:has-text('Move')")
    states.look(tab, "move")
    page.keyboard.press("Escape")
    from test_serve_workshop_pages import conflict
    try:
        conflict(tab, served, states)
    except Exception as e:
        print("conflict", e)
    tab = Tab(context, served.map_url(SHOP) + "?view=projector")
    page = tab.page
    states.look(tab, "projector-hotspots")
    for _ in range(7):
        page.keyboard.press("n")
    states.look(tab, "projector-focused", grey=True)
    page.keyboard.press("?")
    states.look(tab, "projector-keys")
    page.keyboard.press("Escape")
    tab = Tab(context, served.map_url(BANK))
    tab.page.locator("button.edit-button[data-edit]").nth(2).click()
    states.look(tab, "dialog-de")
    tab.page.keyboard.press("Escape")
    tab.page.locator("button[data-add-after]").first.click()
    states.look(tab, "add-step-de")
    context.close()
    print(states.found)
    print(validate_html(sorted(tmp_path.glob("*.html"))))
    assert states.found == {}
