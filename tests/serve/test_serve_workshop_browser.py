"""A workshop in the browser (`journeymap serve --edit`, a real server and Chromium): the dialog stays open and
saves each field, the page updates in place, one connection serves every tab, structure edits, undo, conflicts,
and the projector's keys. After each edit, `git diff` shows exactly the intended lines and the map validates.
"""

from __future__ import annotations

import json

import pytest

from support.browser import browser  # noqa: F401  (browser is a fixture)
from support.gitrepo import commit
from support.serving import Server, wait_until
from support.workshop import SHOP, Tab, changed_lines, comments, file_changes, samples_in_git, validates

pytestmark = pytest.mark.browser


@pytest.fixture
def maps(tmp_path):
    return samples_in_git(tmp_path)


@pytest.fixture
def server(maps):
    running = Server(maps, "--edit")
    yield running
    assert running.stop() == 0


@pytest.fixture
def context(browser):  # noqa: F811
    running = browser.new_context(viewport={"width": 1400, "height": 900})
    yield running
    running.close()


def edit(tab: Tab, touchpoint: str) -> None:
    tab.page.click(f"button[data-edit='{touchpoint}']")
    tab.page.wait_for_selector("#edit-dialog[open]")


# --- acceptance 2: five fields, one open dialog, a word stays a word --------------------------------
def test_five_fields_save_one_by_one_while_the_dialog_stays_open(context, server, maps):
    path = maps / SHOP
    before = path.read_text(encoding="utf-8")
    tab = Tab(context, server.map_url(SHOP))
    page = tab.page
    page.evaluate("window.notReloaded = true")
    edit(tab, "checkout-account")
    page.fill("#edit-dialog [name='name']", "Must register before paying")     # text: saved after a pause
    wait_until(lambda: tab.saved("name"))
    page.select_option("[name='effort']", "5")                                  # menus: saved when they change
    wait_until(lambda: tab.saved("effort"))
    assert page.locator("[name='emotion-alpinist'] option:checked").inner_text() == "☹ −1 unhappy"
    page.select_option("[name='emotion-alpinist']", "-2")
    wait_until(lambda: tab.saved("emotion-alpinist"))
    page.select_option("[name='owner']", "ecommerce")
    wait_until(lambda: tab.saved("owner"))
    page.fill("[name='thoughts']", "Where is the guest checkout?")
    wait_until(lambda: tab.saved("thoughts"))
    assert tab.dialog_open() and page.evaluate("window.notReloaded")           # one dialog, one page, throughout
    assert changed_lines(maps) == [
        '-    name: "Has to create an account before paying"', '+    name: "Must register before paying"',
        "-    owner: checkout", "+    owner: ecommerce",
        '-    thoughts: "I just want to buy a jacket, not join a club. Where\'s that e-mail? ... The cart is empty now?!"',
        '+    thoughts: "Where is the guest checkout?"',
        "-      alpinist: unhappy", "-    effort: 6", "+      alpinist: frustrated", "+    effort: 5"]
    after = path.read_text(encoding="utf-8")
    assert comments(after) == comments(before) and validates(path)
    wait_until(lambda: tab.shows("Must register before paying", "#journey-grid"))   # the report behind, updated
    assert tab.page.input_value("[name='name']") == "Must register before paying"
    assert tab.errors == []


def test_typing_on_while_the_field_saves_loses_nothing(context, server, maps):
    tab = Tab(context, server.map_url(SHOP))
    page = tab.page
    edit(tab, "cart")
    page.fill("[name='name']", "")
    page.locator("[name='name']").press_sequentially("Basket", delay=900)    # each pause saves, the page updates
    wait_until(lambda: tab.saved("name"))
    assert changed_lines(maps) == ['-    name: "Reviews the cart and sees shipping costs"', '+    name: "Basket"']
    assert page.input_value("[name='name']") == "Basket"
    assert page.evaluate("document.activeElement.name") == "name" and tab.errors == []


def test_the_emotion_menu_offers_the_words_with_their_numbers_and_faces(context, server):
    tab = Tab(context, server.map_url(SHOP))
    edit(tab, "cart")
    options = tab.page.eval_on_selector_all("[name='emotion-weekend-hiker'] option", "os => os.map(o => o.text)")
    assert options == ["–", "☹ −2 frustrated", "☹ −1 unhappy", "○ 0 neutral", "☺ +1 happy", "☺ +2 delighted"]


def test_a_number_stays_a_number_and_a_flow_mapping_stays_on_its_line(context, server, maps):
    tab = Tab(context, server.map_url(SHOP))
    edit(tab, "doorstep-delivery")
    tab.page.select_option("[name='emotion-alpinist']", "2")
    wait_until(lambda: tab.saved("emotion-alpinist"))
    assert changed_lines(maps) == ["-    emotion: {weekend-hiker: delighted, gift-buyer: happy, alpinist: 1}",
                                   "+    emotion: {weekend-hiker: delighted, gift-buyer: happy, alpinist: 2}"]


def settle(tab: Tab, key: str) -> str:
    """The field's status once its edit has an answer."""
    return wait_until(lambda: (status := tab.status(key))[:1] in ("✓", "✗", "⚠") and status)


def test_every_other_field_of_a_touchpoint_and_of_an_opportunity_saves_itself(context, server, maps):
    path = maps / SHOP
    before = path.read_text(encoding="utf-8")
    tab = Tab(context, server.map_url(SHOP))
    page = tab.page
    edit(tab, "cart")
    for key, act in [("passes-alpinist", lambda: page.uncheck("#f-passes-alpinist")),
                     ("action", lambda: page.fill("[name='action']", "Checks the total and taps 'Checkout'.")),
                     ("description", lambda: page.fill("[name='description']", "Where shipping costs first show.")),
                     ("channel", lambda: page.select_option("[name='channel']", "email")),
                     ("moment_of_truth", lambda: page.check("[name='moment_of_truth']")),
                     ("backstage", lambda: page.fill("[name='backstage']", "Shipping rates from the carrier API\nVouchers")),
                     ("tags", lambda: page.fill("[name='tags']", "checkout\nshipping")),
                     ("kpi-conversion-target", lambda: page.fill("[name='kpi-conversion-target']", "0.8")),
                     ("kpi-conversion-unit", lambda: page.fill("[name='kpi-conversion-unit']", "share")),
                     ("kpi-volume-better", lambda: page.select_option("[name='kpi-volume-better']", "higher"))]:
        act()
        assert settle(tab, key) == "✓ saved", key
    page.fill("[name='new-kpi']", "nps")
    page.fill("[name='new-kpi-value']", "30")
    page.click("#edit-dialog .edit-row:has([name='new-kpi']) button")
    wait_until(lambda: page.locator("[name='kpi-nps-value']").count() == 1)     # its row, once the page has it
    assert tab.dialog_open() and changed_lines(maps) == [
        "-    channel: webshop", "+    channel: email",
        "+    personas: [weekend-hiker, gift-buyer]",
        '-    action: "Checks the total, looks for a voucher field, taps \'Checkout\'."',
        '+    action: "Checks the total and taps \'Checkout\'."',
        '+    description: "Where shipping costs first show."',
        "+    backstage:", '+      - "Shipping rates from the carrier API"', '+      - "Vouchers"',
        "-      volume: 19200", "-      conversion: {value: 0.76, target: 0.75}", '-    tags: ["checkout"]',
        "+      volume: {value: 19200, better: higher}", "+      conversion: {value: 0.76, target: 0.8, unit: share}",
        "+      nps: 30", '+    tags: ["checkout", "shipping"]',
        "+    moment_of_truth: true"]
    assert comments(path.read_text(encoding="utf-8")) == comments(before) and validates(path)
    commit(maps, "the cart, edited in the workshop")
    page.keyboard.press("Escape")
    page.click("button[data-edit-opportunity='shipping-upfront']")
    for key, act in [("title", lambda: page.fill("[name='title']", "Shipping costs on the product page")),
                     ("addresses", lambda: page.select_option("[name='addresses']", ["cart#shipping-surprise",
                                                                                      "product-page"])),
                     ("owner", lambda: page.select_option("[name='owner']", "checkout")),
                     ("impact", lambda: page.select_option("[name='impact']", "high")),
                     ("cost", lambda: page.select_option("[name='cost']", "")),
                     ("status", lambda: page.select_option("[name='status']", "planned")),
                     ("notes", lambda: page.fill("[name='notes']", "Back on the plan."))]:
        act()
        assert settle(tab, key) == "✓ saved", key
    assert changed_lines(maps) == [
        '-    title: "Show shipping costs and the free-shipping threshold on the product page"',
        '-    addresses: ["cart#shipping-surprise"]', "-    owner: ecommerce", "-    impact: medium",
        "-    cost: low", "-    status: done", '-    notes: "Live since 2026-09-02; cart abandonment down 3 points."',
        '+    title: "Shipping costs on the product page"', '+    addresses: ["product-page", "cart#shipping-surprise"]',
        "+    owner: checkout", "+    impact: high", "+    status: planned", '+    notes: "Back on the plan."']
    assert validates(path) and tab.errors == []


def test_a_german_page_reads_a_decimal_comma(context, server, maps):
    bank = "bank-account/kontoeroeffnung.journey.yaml"
    tab = Tab(context, server.map_url(bank))
    edit(tab, "online-antrag")
    tab.page.fill("[name='kpi-conversion-target']", "0,85")
    assert settle(tab, "kpi-conversion-target") == "✓ gespeichert"
    assert changed_lines(maps, bank) == ["-      conversion: {value: 0.83, target: 0.8}",
                                         "+      conversion: {value: 0.83, target: 0.85}"]


# --- live: someone else's change arrives while the dialog is open ----------------------------------
def test_a_change_elsewhere_updates_the_page_in_place_and_keeps_what_is_being_typed(context, server, maps):
    path = maps / SHOP
    tab = Tab(context, server.map_url(SHOP))
    page = tab.page
    page.evaluate("window.notReloaded = true")
    edit(tab, "cart")
    page.fill("[name='new-pain']", "Voucher field hidden")          # typed, not sent
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('name: "Reviews the cart and sees shipping costs"',
                                 'name: "Reviews the basket"').replace("    effort: 2\n    pains:\n      - {id: shipping",
                                                                       "    effort: 4\n    pains:\n      - {id: shipping"),
                    encoding="utf-8")                                 # someone saves in an editor
    wait_until(lambda: tab.shows("Reviews the basket", "#journey-grid"))
    assert tab.dialog_open() and page.evaluate("window.notReloaded")
    assert page.inner_text("#edit-title") == "Edit: Reviews the basket"                # the dialog took the new state
    assert page.input_value("[name='effort']") == "4"
    assert page.input_value("[name='new-pain']") == "Voucher field hidden"            # and kept what was typed
    assert page.evaluate("document.activeElement.name") == "new-pain"
    assert "changed on disk" in page.inner_text("#edit-dialog .meanwhile")
    assert tab.errors == []


def test_a_map_broken_on_disk_waits_for_the_dialog_to_close(context, server, maps):
    path = maps / SHOP
    good = path.read_text(encoding="utf-8")
    tab = Tab(context, server.map_url(SHOP))
    page = tab.page
    edit(tab, "cart")
    page.fill("[name='new-pain']", "Voucher field hidden")
    path.write_text(good.replace("phase: discover\n", "phase: discovr\n", 1), encoding="utf-8")
    wait_until(lambda: "page loads again when this dialog closes" in page.inner_text("#edit-dialog .meanwhile"))
    assert tab.dialog_open() and page.input_value("[name='new-pain']") == "Voucher field hidden"
    page.keyboard.press("Escape")
    page.wait_for_selector("#serve-findings")                # now the findings, with the line to fix
    assert "unknown phase 'discovr'" in page.inner_text("#serve-findings")


def test_the_open_dialog_shows_who_else_changed_the_map(browser, context, server, maps):  # noqa: F811
    anna = Tab(context, server.map_url(SHOP), name="Anna")
    other_browser = browser.new_context()
    try:
        ben = Tab(other_browser, server.map_url(SHOP), name="Ben")
        edit(ben, "cart")
        edit(anna, "payment")
        anna.page.select_option("[name='effort']", "3")
        wait_until(lambda: anna.saved("effort"))
        wait_until(lambda: "Anna: " in ben.page.inner_text("#edit-dialog .meanwhile"))
        assert ben.page.inner_text("#edit-dialog .meanwhile").startswith("Anna: ")
        assert "Anna: " not in anna.page.inner_text("body")          # one's own edits are no news
    finally:
        other_browser.close()


# --- one connection per browser -------------------------------------------------------------------
@pytest.mark.parametrize("locks", [True, False], ids=["web-locks", "plain-http-from-the-lan"])
def test_eight_tabs_of_one_browser_share_one_connection_and_all_see_each_change(browser, server, maps, locks):  # noqa: F811
    context = browser.new_context()
    if not locks:   # a page over plain http from another machine is no secure context: it has no Web Locks
        context.add_init_script("Object.defineProperty(Navigator.prototype, 'locks', {get: () => undefined})")
    streams = []
    context.on("request", lambda r: streams.append(r.url) if r.url.endswith("/events") else None)
    try:
        tabs = [Tab(context, server.map_url(SHOP)) for _ in range(8)]
        assert len(streams) == 1                  # Chromium's 6 connections per host are no longer a limit
        assert [tab.page.evaluate("window.journeymapServe.leading") for tab in tabs] == [True] + [False] * 7
        path = maps / SHOP
        path.write_text(path.read_text(encoding="utf-8").replace("Pays with PayPal", "Pays by card"), encoding="utf-8")
        for tab in tabs:
            wait_until(lambda: tab.shows("Pays by card", "#journey-grid"))
        tabs[0].page.close()                      # the tab holding the connection goes: another takes it over
        leading = lambda: [tab.page.evaluate("window.journeymapServe.leading") for tab in tabs[1:]]   # noqa: E731
        wait_until(lambda: leading().count(True) == 1)
        path.write_text(path.read_text(encoding="utf-8").replace("Pays by card", "Pays by invoice"), encoding="utf-8")
        for tab in tabs[1:]:
            wait_until(lambda: tab.shows("Pays by invoice", "#journey-grid"))
        assert leading().count(True) == 1 and all(tab.errors == [] for tab in tabs[1:])
    finally:
        context.close()


# --- the participant's name -------------------------------------------------------------------------
def test_the_name_is_asked_once_kept_and_sent_with_each_edit(context, server, maps):
    tab = Tab(context, server.map_url(SHOP), name=None)
    sent = []
    tab.page.on("request", lambda r: sent.append(json.loads(r.post_data)) if r.url.endswith("/api/edit") else None)
    edit(tab, "cart")
    tab.page.fill("#who-name", "Anna")
    tab.page.click("#edit-dialog .who button.primary")
    assert tab.page.locator("#edit-dialog .who").count() == 0
    tab.page.select_option("[name='effort']", "3")
    wait_until(lambda: tab.saved("effort"))
    assert sent[-1]["by"] == "Anna"
    tab.page.reload()
    wait_until(lambda: tab.page.get_attribute("html", "data-live") == "connected")
    assert "Anna" in tab.page.inner_text(".serve-bar .who-button")
    edit(tab, "cart")
    assert tab.page.locator("#edit-dialog .who").count() == 0          # asked once


# --- acceptance 3: undo, and a conflict that loses nothing ---------------------------------------------
def test_three_edits_are_undone_and_redone(context, server, maps):
    path = maps / SHOP
    before = path.read_text(encoding="utf-8")
    tab = Tab(context, server.map_url(SHOP))
    page = tab.page
    edit(tab, "cart")
    page.select_option("[name='effort']", "4")
    wait_until(lambda: tab.saved("effort"))
    page.fill("[name='name']", "Reviews the basket")
    wait_until(lambda: tab.saved("name"))
    page.select_option("[name='owner']", "service")
    wait_until(lambda: tab.saved("owner"))
    undo = page.locator("#edit-dialog button.step.undo")
    wait_until(lambda: undo.inner_text() == "↶ Undo (3)")
    page.keyboard.press("Control+z")                     # in a text field: the field's own undo, not the map's
    page.wait_for_timeout(300)
    assert undo.inner_text() == "↶ Undo (3)"
    undo.click()
    wait_until(lambda: undo.inner_text() == "↶ Undo (2)")
    undo.focus()
    page.keyboard.press("Control+z")                     # outside text fields: the map's undo
    wait_until(lambda: undo.inner_text() == "↶ Undo (1)")
    undo.click()
    wait_until(lambda: path.read_text(encoding="utf-8") == before)
    wait_until(lambda: undo.is_disabled() and page.inner_text("#edit-dialog button.step.redo") == "↷ Redo (3)")
    assert page.input_value("[name='name']") == "Reviews the cart and sees shipping costs"   # the dialog follows
    page.keyboard.press("Control+Shift+z")
    wait_until(lambda: changed_lines(maps) == ["-    effort: 2", "+    effort: 4"])
    assert tab.dialog_open() and tab.errors == []


def test_a_conflict_shows_the_other_change_keeps_the_value_and_applies_it_again(context, server, maps):
    path = maps / SHOP
    tab = Tab(context, server.map_url(SHOP))
    page = tab.page
    edit(tab, "cart")
    page.route("**/map/**", lambda route: route.abort())   # the page cannot take the next change in time
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('thoughts: "4.95 shipping?', 'thoughts: "5.95 shipping?'), encoding="utf-8")
    page.fill("[name='name']", "Reviews the basket")
    wait_until(lambda: "⚠" in tab.status("name"))
    conflict = page.locator("#edit-conflict")
    assert conflict.is_visible() and "changed" in conflict.inner_text()
    assert '+    thoughts: "5.95 shipping?' in conflict.inner_text()      # the other change, line by line
    page.wait_for_timeout(2000)
    assert conflict.is_visible() and page.input_value("[name='name']") == "Reviews the basket"   # nothing vanishes
    assert path.read_text(encoding="utf-8") == text.replace('thoughts: "4.95 shipping?', 'thoughts: "5.95 shipping?')
    conflict.get_by_role("button", name="Apply my change again").click()
    wait_until(lambda: tab.saved("name"))
    assert changed_lines(maps) == ['-    name: "Reviews the cart and sees shipping costs"', '+    name: "Reviews the basket"',
                                   '-    thoughts: "4.95 shipping? That wasn\'t on the product page."',
                                   '+    thoughts: "5.95 shipping? That wasn\'t on the product page."']
    assert not conflict.is_visible(), conflict.inner_text()


# --- acceptance 1: structure ---------------------------------------------------------------------
def structure_edit_leaves(maps, before: str, expected: list[str]) -> None:
    path = maps / SHOP
    wait_until(lambda: changed_lines(maps) == expected)
    after = path.read_text(encoding="utf-8")
    assert comments(after) == comments(before)
    assert validates(path)


def test_a_step_added_between_two_others_takes_over_the_flow(context, server, maps):
    path = maps / SHOP
    before = path.read_text(encoding="utf-8")
    tab = Tab(context, server.map_url(SHOP))
    page = tab.page
    page.click("button[data-add-after='cart']")
    page.fill("#new-step-name", "Enters a voucher code")
    assert page.is_checked("#wire-insert")
    page.click("#edit-dialog button[data-key='add-step']")
    wait_until(lambda: page.inner_text("#edit-title") == "Edit: Enters a voucher code")   # and edits it next
    structure_edit_leaves(maps, before, ADDED)
    wait_until(lambda: tab.shows("Enters a voucher code", "#journey-grid"))
    assert tab.errors == []


ADDED = [                                  # cart's flow moves to the new step, which cart now leads to
    "+    next:",
    "+      - {to: enters-a-voucher-code}",
    "+",
    "+  - id: enters-a-voucher-code",
    '+    name: "Enters a voucher code"',
    "+    phase: buy",
]


def test_a_step_moves_to_another_phase_after_its_preview(context, server, maps):
    before = (maps / SHOP).read_text(encoding="utf-8")
    tab = Tab(context, server.map_url(SHOP))
    page = tab.page
    edit(tab, "size-chat")
    page.click("#edit-dialog .structure button:has-text('Move')")
    page.select_option("#move-phase", "buy")
    page.select_option("#move-after", "")                  # first in the phase
    page.click("#edit-dialog button:has-text('Show the change')")
    page.wait_for_selector("#edit-dialog pre.diff")
    assert "phase: buy" in page.inner_text("#edit-dialog pre.diff")
    assert (maps / SHOP).read_text(encoding="utf-8") == before    # a preview writes nothing
    page.click("#edit-dialog button[data-key='confirm']")
    buy = "  # --------------------------------------------------------------------- buy"
    structure_edit_leaves(maps, before, ["+" + buy, "-    phase: consider", "+    phase: buy", "-" + buy])
    wait_until(lambda: page.inner_text("#edit-title") == "Edit: Asks a gear advisor about sizing in the live chat")
    assert page.inner_text("#edit-dialog .phase-of") == "Phase: Buy"    # the flows stay: only place and phase


def test_a_step_an_opportunity_addresses_is_removed_after_its_preview(context, server, maps):
    before = (maps / SHOP).read_text(encoding="utf-8")
    tab = Tab(context, server.map_url(SHOP))
    page = tab.page
    edit(tab, "parcel-shop-pickup")                        # the opportunity parcel-lockers addresses only it
    page.click("#edit-dialog .structure button.remove")
    page.wait_for_selector("#edit-dialog pre.diff")
    summary = page.inner_text("#edit-dialog .preview .summary")
    assert "Let customers pick a 24/7 parcel locker at checkout" in summary     # the opportunity goes with it
    assert (maps / SHOP).read_text(encoding="utf-8") == before
    page.click("#edit-dialog button[data-key='confirm']")
    wait_until(lambda: not tab.dialog_open())
    step = block(before, "  - id: parcel-shop-pickup", "  # ---")
    opportunity = block(before, "  - id: parcel-lockers", "  - id: qr-returns")
    structure_edit_leaves(maps, before, [
        '-      - {to: parcel-shop-pickup, share: 0.14, label: "Nobody at home"}',
        '+      - {to: review-request, share: 0.14, label: "Nobody at home"}',    # its flows re-pointed
        "+      - {to: return-portal}"] + ["-" + line for line in step] + ["-" + line for line in opportunity])
    wait_until(lambda: not tab.shows("Missed the delivery", "#journey-grid"))
    assert "Let customers pick a 24/7 parcel locker" in page.inner_text(".serve-bar")    # what it did, said


def block(text: str, first: str, after: str) -> list[str]:
    """The lines from `first` up to the line starting with `after`."""
    lines = text.splitlines()
    start = lines.index(first)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(after))
    return lines[start:end]


def test_a_phase_is_added_and_renamed(context, server, maps):
    before = (maps / SHOP).read_text(encoding="utf-8")
    tab = Tab(context, server.map_url(SHOP))
    page = tab.page
    page.click(".serve-bar .phases-button")
    assert page.eval_on_selector_all("#new-phase-after option", "os => os.map(o => o.value)") == ["after-purchase"]
    page.fill("#new-phase", "Use")                     # the shop's phases come from its library: this one follows
    page.click("#edit-dialog button[data-key='add-phase']")
    wait_until(lambda: page.locator("[name='phase-use']").count() == 1)
    structure_edit_leaves(maps, before, ["+phases:", '+  - {id: use, name: "Use"}', "+"])
    page.fill("[name='phase-use']", "Use and care")
    wait_until(lambda: tab.saved("phase-use"))
    structure_edit_leaves(maps, before, ["+phases:", '+  - {id: use, name: "Use and care"}', "+"])
    assert tab.errors == []


def test_phases_are_reordered_by_keyboard(context, server, maps):
    cafe = "cafe/morning-coffee.journey.yaml"
    before = (maps / cafe).read_text(encoding="utf-8")
    tab = Tab(context, server.map_url(cafe))
    page = tab.page
    page.click(".serve-bar .phases-button")
    page.focus("#edit-dialog button[data-key='down-order']")
    page.keyboard.press("Enter")
    wait_until(lambda: len(changed_lines(maps, cafe)) == 2)
    assert changed_lines(maps, cafe) in (                            # one line moved, as git chooses to show it
        ['-  - {id: order, name: "Order"}', '+  - {id: order, name: "Order"}'],
        ['+  - {id: pickup, name: "Pick up"}', '-  - {id: pickup, name: "Pick up"}'])
    text = (maps / cafe).read_text(encoding="utf-8")
    assert text.index("{id: pickup") < text.index("{id: order") < text.index("{id: enjoy")
    assert comments(text) == comments(before) and validates(maps / cafe)
    wait_until(lambda: page.eval_on_selector_all("#edit-dialog .edit-row code", "cs => cs.map(c => c.textContent)")
               == ["pickup", "order", "enjoy"])                     # the dialog shows the new order
    assert page.evaluate("document.activeElement.getAttribute('data-key')") == "down-order"   # focus stays
    assert tab.errors == []


# --- the projector --------------------------------------------------------------------------------
def test_the_facilitator_moves_through_the_steps_with_the_keys(context, server):
    tab = Tab(context, server.map_url(SHOP) + "?view=projector")
    page = tab.page
    focused = lambda: page.evaluate("document.activeElement.getAttribute('data-touchpoint')")   # noqa: E731
    assert "Hotspots first" in page.inner_text("main")
    page.keyboard.press("ArrowRight")
    assert focused() == "search-ad" and "Discover" in page.inner_text("main")
    page.keyboard.press("n")
    page.keyboard.press("n")
    page.keyboard.press("n")
    assert focused() == "category-browse" and "Consider" in page.inner_text("main")   # on to the next phase
    page.keyboard.press("p")
    page.keyboard.press("ArrowLeft")
    assert focused() == "instagram-reel"
    page.keyboard.press("?")
    assert page.locator("#shortcuts[open]").count() == 1 and "add a step after" in page.inner_text("#shortcuts")
    page.keyboard.press("Escape")
    page.keyboard.press("e")
    page.wait_for_selector("#edit-dialog[open]")
    assert page.inner_text("#edit-title") == "Edit: Sees a creator's trail reel on Instagram"
    page.keyboard.press("Escape")
    page.keyboard.press("a")
    page.wait_for_selector("#edit-dialog[open]")
    assert "Add a step after" in page.inner_text("#edit-title")
    assert tab.errors == []


def test_the_projector_hotspot_mark_reads_from_the_back_of_the_room(context, server):
    tab = Tab(context, server.map_url(SHOP) + "?view=projector")
    page = tab.page
    for _ in range(3):
        page.keyboard.press("PageDown")                            # buy: the hotspot's phase
    mark = page.locator(".card.hotspot .hotspot-mark", has_text="#1").first   # every hotspot is marked; #1 here
    style = mark.evaluate("m => { const s = getComputedStyle(m); return [parseFloat(s.fontSize), s.fontWeight, "
                          "s.color, s.backgroundColor, parseFloat(s.borderTopWidth)]; }")
    assert style[0] >= 28 and int(style[1]) >= 700 and style[4] >= 3
    assert style[2] == "rgb(255, 255, 255)" and style[3] == "rgb(107, 0, 33)"   # contrast 12:1
    assert mark.text_content().strip() == "▲ Hotspot #1"                         # a word and a shape, not colour alone
