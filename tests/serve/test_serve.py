"""`journeymap serve`: a real server process on a free port, driven by a real Chromium.

Live preview, edits written back to the YAML, and every refusal (invalid edit, conflict, token,
Host header, path traversal, oversized body) with the file untouched.
"""

from __future__ import annotations

import shutil
import subprocess

import httpx
import pytest

from support.serving import Server, client, copy_samples, wait_until
from support.tools import IN_CI

pytestmark = pytest.mark.browser
SHOP = "online-shop/first-purchase.journey.yaml"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if IN_CI:
            pytest.fail("the playwright package is missing: pip install -e '.[test]'")
        pytest.skip("playwright is missing")
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=shutil.which("chromium") or CHROMIUM,
                                          args=["--no-sandbox"])
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def maps(tmp_path):
    folder = copy_samples(tmp_path)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    subprocess.run(["git", "-C", str(folder), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm",
                    "samples"], check=True)
    return folder


@pytest.fixture
def server(maps):
    running = Server(maps, "--edit")
    yield running
    assert running.stop() == 0   # Ctrl-C stops it cleanly


def watched_page(browser, url: str):
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    wait_until(lambda: page.get_attribute("html", "data-live") == "connected")
    return page, errors


def shows(page, text: str, selector: str = "body") -> bool:
    try:
        return text in page.inner_text(selector, timeout=200)
    except Exception:   # the page is reloading
        return False


def served_version(page):
    """The map version the page holds, or None while the page is reloading."""
    try:
        return page.evaluate("() => JSON.parse(document.getElementById('serve-data').textContent).version")
    except Exception:   # the execution context went away with a navigation
        return None


def test_the_index_lists_every_map(server):
    with client(server) as http:
        index = http.get("/")
    assert index.status_code == 200
    for key in ("online-shop/first-purchase.journey.yaml", "bank-account/kontoeroeffnung.journey.yaml",
                "telecom-support/service.journey.yaml"):
        assert f'href="/map/{key}"' in index.text


def test_a_change_on_disk_shows_in_the_open_page_at_the_same_scroll_position(browser, server, maps):
    page, errors = watched_page(browser, server.map_url(SHOP))
    page.evaluate("window.scrollTo(0, 900)")
    path = maps / SHOP
    text = path.read_text(encoding="utf-8")
    assert "Has to create an account before paying" in text
    path.write_text(text.replace("Has to create an account before paying", "Must register before paying"),
                    encoding="utf-8")
    wait_until(lambda: shows(page, "Must register before paying"))
    assert abs(page.evaluate("window.scrollY") - 900) < 5
    assert errors == []
    page.close()


def test_an_invalid_map_shows_its_findings_and_recovers(browser, server, maps):
    page, errors = watched_page(browser, server.map_url(SHOP))
    path = maps / SHOP
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("phase: discover\n", "phase: discovr\n", 1), encoding="utf-8")
    page.wait_for_selector("#serve-findings", timeout=10_000)
    finding = page.inner_text("#serve-findings")
    assert "unknown phase 'discovr'" in finding and "[unknown-reference]" in finding
    assert f"{SHOP}:" in finding       # with its line and column
    path.write_text(good, encoding="utf-8")
    page.wait_for_selector("#journey-grid", timeout=10_000)
    assert errors == []
    page.close()


def test_a_change_to_a_data_file_updates_the_report(browser, server, maps):
    page, _ = watched_page(browser, server.map_url("telecom-support/service.journey.yaml"))
    before = page.inner_text("header")
    survey = maps / "telecom-support/nps-survey.csv"
    lines = survey.read_text(encoding="utf-8").splitlines()
    survey.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")   # one response left
    wait_until(lambda: not shows(page, before, "header") and shows(page, "", "header"))
    page.close()


# --- refusals -------------------------------------------------------------------------------
def csrf_of(http, key=SHOP) -> tuple[str, str]:
    import json
    import re
    page = http.get(f"/map/{key}").text
    data = json.loads(re.search(r'<script type="application/json" id="serve-data">(.*?)</script>', page).group(1))
    return data["csrf"], data["version"]


def test_a_wrong_host_header_is_refused(server):
    with client(server) as http:
        answer = http.get("/", headers={"Host": f"evil.example:{server.port}"})
    assert answer.status_code == 400 and "Host header" in answer.json()["message"]


def test_path_traversal_finds_nothing(server, maps):
    with client(server) as http:
        for path in ("/map/../../etc/passwd", "/map/%2e%2e/%2e%2e/etc/passwd", "/map//etc/passwd",
                     "/map/online-shop/../../maps/online-shop/first-purchase.journey.yaml",
                     "/map/online-shop/events/shop-events.parquet"):
            answer = http.get(path)
            assert answer.status_code == 404, path
            assert "root:" not in answer.text


def test_an_edit_without_the_csrf_token_or_from_another_origin_is_refused(server, maps):
    before = (maps / SHOP).read_bytes()
    with client(server) as http:
        csrf, version = csrf_of(http)
        body = {"map": SHOP, "version": version, "edit": {"op": "effort", "touchpoint": "cart", "value": 5}}
        assert http.post("/api/edit", json=body).status_code == 403
        foreign = http.post("/api/edit", json=body, headers={"X-CSRF-Token": csrf, "Origin": "http://evil.example"})
        assert foreign.status_code == 403 and "another site" in foreign.json()["message"]
    assert (maps / SHOP).read_bytes() == before


def test_a_10_mb_body_is_refused(server, maps):
    before = (maps / SHOP).read_bytes()
    with client(server) as http:
        csrf, _ = csrf_of(http)
        answer = http.post("/api/edit", content=b"x" * (10 * 1024 * 1024),
                           headers={"X-CSRF-Token": csrf, "Content-Type": "application/json"})
        assert answer.status_code == 413 and "larger than" in answer.json()["message"]

        def chunks():   # no Content-Length: counted as it arrives
            for _ in range(200):
                yield b"x" * 65536
        streamed = http.post("/api/edit", content=chunks(), headers={"X-CSRF-Token": csrf})
        assert streamed.status_code == 413
    assert (maps / SHOP).read_bytes() == before


def test_on_a_lan_every_request_needs_the_token(maps):
    server = Server(maps, "--edit", "--host", "0.0.0.0")
    try:
        assert server.token and len(server.token) >= 20
        with httpx.Client(base_url=f"http://127.0.0.1:{server.port}", timeout=10, follow_redirects=True) as http:
            refused = http.get("/")
            assert refused.status_code == 403 and "token" in refused.json()["message"]
            assert http.get(f"/map/{SHOP}").status_code == 403
            assert http.post("/api/edit", json={}).status_code == 403
            assert http.get("/?token=wrong").status_code == 403
            entry = http.get(f"/?token={server.token}")          # follows the redirect, keeps the cookie
            assert entry.status_code == 200 and "token=" not in str(entry.url)
            assert http.get(f"/map/{SHOP}").status_code == 200
    finally:
        assert server.stop() == 0


def test_the_projector_shows_hotspots_first_then_a_phase_per_screen(browser, server):
    page, errors = watched_page(browser, server.map_url(SHOP) + "?view=projector")
    visible = lambda: page.inner_text("main")   # noqa: E731 (hidden screens have no text)
    assert "Hotspots first" in visible() and "Has to create an account before paying" in visible()
    assert "Discover" not in visible()
    page.keyboard.press("PageDown")
    assert "Discover" in visible() and "Hotspots first" not in visible()
    for _ in range(10):
        page.keyboard.press("PageDown")
    assert "After purchase" in visible()        # the last phase, and no further
    page.keyboard.press("Home")
    assert "Hotspots first" in visible()
    assert page.inner_text("#screen-counter") == "1 / 6"
    assert errors == []
    page.close()


def test_a_german_map_is_served_in_german(browser, server):
    page, errors = watched_page(browser, server.map_url("bank-account/kontoeroeffnung.journey.yaml"))
    page.locator("button.edit-button").first.click()
    dialog = page.inner_text("#edit-dialog")
    assert "Aufwand" in dialog and "Schmerzpunkte" in dialog and "Schließen" in dialog
    assert "Effort" not in dialog and "Close" not in dialog
    assert errors == []
    page.close()


# --- edits in the browser ------------------------------------------------------------------
def git_diff(folder) -> list[str]:
    out = subprocess.run(["git", "-C", str(folder), "diff", "-U0", "--", SHOP], capture_output=True, text=True,
                         check=True).stdout
    return [line for line in out.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_an_emotion_edited_in_the_browser_lands_as_a_one_line_diff(browser, server, maps):
    before = (maps / SHOP).read_text(encoding="utf-8")
    page, errors = watched_page(browser, server.map_url(SHOP))
    page.click("button[data-edit='checkout-account']")
    page.select_option("select[name='emotion-alpinist']", "-2")
    wait_until(lambda: (maps / SHOP).read_text(encoding="utf-8") != before)
    assert git_diff(maps) == ["-      alpinist: unhappy", "+      alpinist: frustrated"]   # a word stays a word
    after = (maps / SHOP).read_text(encoding="utf-8")
    kept = lambda text: [line for line in text.splitlines() if "alpinist: " not in line]   # noqa: E731
    assert kept(after) == kept(before)                     # the rest, byte for byte
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(c in after.splitlines() for c in comments)
    wait_until(lambda: shows(page, "−2 frustrated · Priya", "#journey-grid"))   # the page shows it too
    assert errors == []
    page.close()


def test_an_edit_that_would_break_the_map_is_refused_in_the_browser(browser, server, maps):
    before = (maps / SHOP).read_bytes()
    page, errors = watched_page(browser, server.map_url(SHOP))
    page.click("button[data-edit='cart']")
    page.evaluate("() => window.journeymapEdit.send({op: 'owner', touchpoint: 'cart', value: 'nobody'})")
    wait_until(lambda: "not written" in page.inner_text("#edit-status"))
    message = page.inner_text("#edit-status")
    assert "unknown owner 'nobody'" in message and "[unknown-reference]" in message
    with client(server) as http:
        csrf, version = csrf_of(http)
        for edit in ({"op": "effort", "touchpoint": "cart", "value": 9}, {"op": "effort", "touchpoint": "nope"},
                     {"op": "launch-rockets"}, ["not", "an", "edit"]):
            answer = http.post("/api/edit", json={"map": SHOP, "version": version, "edit": edit},
                               headers={"X-CSRF-Token": csrf})
            assert answer.status_code == 400 and answer.json()["message"], edit
        assert http.post("/api/edit", content=b"{not json", headers={"X-CSRF-Token": csrf}).status_code == 400
        other = http.post("/api/edit", json={"map": "../../etc/passwd", "version": version, "edit": {}},
                          headers={"X-CSRF-Token": csrf})
        assert other.status_code in (400, 404)
    assert (maps / SHOP).read_bytes() == before
    assert [e for e in errors if "status of 422" not in e] == []   # Chromium logs the refusal's status itself
    page.close()


def test_an_edit_from_a_page_older_than_the_file_is_a_conflict_and_the_page_reloads(browser, server, maps):
    page, errors = watched_page(browser, server.map_url(SHOP))
    stale = page.evaluate("() => JSON.parse(document.getElementById('serve-data').textContent).version")
    path = maps / SHOP
    changed = path.read_text(encoding="utf-8").replace("# ", "#  ", 1)   # someone saves in an editor
    path.write_text(changed, encoding="utf-8")
    with client(server) as http:
        csrf, _ = csrf_of(http)
        answer = http.post("/api/edit", headers={"X-CSRF-Token": csrf},
                           json={"map": SHOP, "version": stale, "edit": {"op": "effort", "touchpoint": "cart", "value": 4}})
    assert answer.status_code == 409 and "changed on disk" in answer.json()["message"]
    assert path.read_text(encoding="utf-8") == changed
    wait_until(lambda: served_version(page) not in (None, stale))   # the open page took the new state
    assert errors == []
    page.close()


def test_a_sticky_note_added_in_the_browser_can_be_removed_again(browser, server, maps):
    before = (maps / SHOP).read_text(encoding="utf-8")
    page, errors = watched_page(browser, server.map_url(SHOP))
    page.click("button[data-edit='cart']")
    page.fill("input[name='new-note']", "Voucher field hidden on mobile")
    page.fill("input[name='note-by']", "Kim")
    page.click(".edit-row:has(input[name='new-note']) button")
    wait_until(lambda: "Voucher field hidden on mobile" in (maps / SHOP).read_text(encoding="utf-8"))
    wait_until(lambda: shows(page, "Voucher field hidden on mobile", "#journey-grid"))   # the page updated in place
    row = page.locator(".note-row", has_text="Voucher field hidden on mobile — Kim")      # in the dialog, still open
    row.locator("button.remove").click()
    wait_until(lambda: (maps / SHOP).read_text(encoding="utf-8") == before)
    assert errors == []
    page.close()
