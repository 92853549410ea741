"""Soak: 1,000 random edits (each name written is unique, so no version of the file repeats) from 4 concurrent browser contexts, an on-disk writer, and a reader that
polls the file throughout. At the end the file parses, validates, and equals the result of exactly
the accepted edits, in the order the server accepted them; every other edit was answered as refused;
the reader never saw a partial file."""

from __future__ import annotations

import json
import random
import re
import shutil
import threading
import time
from pathlib import Path

import pytest
import yaml

from support.serving import Server, client
from support.tools import IN_CI

pytestmark = [pytest.mark.browser]

EDITS = 1000
CONTEXTS = 4
TOUCHPOINTS = ["t0", "t1", "t2", "t3", "t4", "t5"]
MAP = """\
# yaml-language-server: $schema=../journeymap.schema.json
# The soak map: efforts change under the edits, the writer counts in its comment.
journeymap: 1
title: "Soak"
personas:
  - {id: lea, name: "Lea"}
phases:
  - {id: p, name: "P"}
owners:
  - {id: team, name: "Team"}
touchpoints:
""" + "".join(f"""  - id: {t}
    name: "Step {t}"   # a comment that must survive
    phase: p
    owner: team
    effort: 1
""" + (f"    next: [{TOUCHPOINTS[i + 1]}]\n" if i + 1 < len(TOUCHPOINTS) else "") for i, t in enumerate(TOUCHPOINTS)) + """\
# writer: 0
"""

RUN = """
async ([api, csrf, map, version, count, seed]) => {
  let state = seed, known = version;
  const random = () => { state = (state * 1103515245 + 12345) % 2147483648; return state / 2147483648; };
  const log = [];
  for (let i = 0; i < count; i++) {
    const touchpoint = "t" + Math.floor(random() * 6);
    const value = random() < 0.1 ? "   " : "Step " + touchpoint + " (" + seed + "." + i + ")";  // blank: refused
    const base = known;
    const response = await fetch(api, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify({map, version: base, edit: {op: "name", touchpoint, value}})});
    const body = await response.json();
    log.push({status: response.status, base, version: body.version || null, touchpoint, value});
    if (body.version) { known = body.version; }
  }
  return log;
}
"""


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if IN_CI:
            pytest.fail("the playwright package is missing")
        pytest.skip("playwright is missing")
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                          args=["--no-sandbox"])
    yield chromium
    chromium.close()
    playwright.stop()


def test_a_thousand_concurrent_edits_lose_nothing(browser, tmp_path):
    from journeymap.serve.edit.transaction import folder_lock
    from journeymap.serve.site import version_of
    from journeymap.rules.pipeline import validate_file

    folder = tmp_path / "maps"
    folder.mkdir()
    path = folder / "soak.journey.yaml"
    path.write_text(MAP, encoding="utf-8")
    server = Server(folder, "--edit")
    stop = threading.Event()
    seen_partial, writes, reads = [], [], [0]

    def reader():
        while not stop.is_set():
            raw = path.read_bytes()
            reads[0] += 1
            if not raw.endswith(b"\n") or b"journeymap: 1" not in raw or raw.count(b"  - id: t") != len(TOUCHPOINTS):
                seen_partial.append(raw)

    def writer():
        rng = random.Random(7)
        count = 0
        while not stop.is_set():
            time.sleep(rng.uniform(0.05, 0.2))
            with folder_lock(folder):      # a cooperating tool, as docs/workshops.md describes
                raw = path.read_bytes()
                count += 1
                new = re.sub(rb"# writer: \d+\n", f"# writer: {count}\n".encode(), raw)
                temp = folder / ".soak.tmp"
                temp.write_bytes(new)
                temp.replace(path)
                writes.append((version_of(raw), version_of(new), count))

    threads = [threading.Thread(target=reader), threading.Thread(target=writer)]
    try:
        with client(server) as http:
            page = http.get("/map/soak.journey.yaml").text
            data = json.loads(re.search(r'id="serve-data">(.*?)</script>', page).group(1))
        contexts = [browser.new_context() for _ in range(CONTEXTS)]
        pages = [c.new_page() for c in contexts]
        for p in pages:
            p.goto(f"{server.base}/map/none")     # same origin; no live page that reloads under the test
        for t in threads:
            t.start()
        for seed, p in enumerate(pages):   # all four run at once in the browser
            arguments = json.dumps(["/api/edit", data["csrf"], "soak.journey.yaml", data["version"],
                                    EDITS // CONTEXTS, seed + 1])
            p.evaluate(f"() => {{ window.soak = ({RUN})({arguments}).then(log => {{ window.soakLog = log; }}); }}")
        deadline = time.monotonic() + 400
        while not all(p.evaluate("() => window.soakLog !== undefined") for p in pages):
            assert time.monotonic() < deadline, "the edits did not finish"
            time.sleep(0.5)
        logs = [p.evaluate("() => window.soakLog") for p in pages]
    finally:
        stop.set()
        for t in threads:
            if t.is_alive():
                t.join()
        assert server.stop() == 0

    entries = [e for log in logs for e in log]
    assert len(entries) == EDITS
    accepted = [e for e in entries if e["status"] == 200]
    refused = [e for e in entries if e["status"] != 200]
    assert {e["status"] for e in refused} <= {400, 409, 422}        # invalid values and conflicts, told so
    assert any(e["status"] in (400, 422) for e in refused if not e["value"].strip())  # a blank name, when not stale
    assert not any(not e["value"].strip() for e in accepted)
    # How many edits win against the on-disk writer depends on the machine's load (95 of 1,000 on two
    # cores busy with a fuzz run, 133 when idle); the chain below is checked for every one of them.
    assert len(accepted) >= 25 and writes, (len(accepted), len(writes))
    print(f"soak: {len(accepted)} accepted, {sum(e['status'] == 409 for e in refused)} conflicts, "
          f"{sum(e['status'] in (400, 422) for e in refused)} invalid, {len(writes)} writes on disk, {reads[0]} reads")

    # The accepted edits and the writer's writes form one chain of versions from the first file to the last.
    steps = {e["base"]: ("edit", e) for e in accepted}
    for base, new, count in writes:
        assert base not in steps, "two changes were made to the same version: one was lost"
        steps[base] = ("write", (new, count))
    names, writer_count, version = {t: f"Step {t}" for t in TOUCHPOINTS}, 0, version_of(MAP.encode())
    while version in steps:
        kind, step = steps.pop(version)
        if kind == "edit":
            names[step["touchpoint"]] = step["value"]
            version = step["version"]
        else:
            version, writer_count = step
    assert steps == {}                                   # every accepted change is on the chain
    final = path.read_bytes()
    assert version_of(final) == version
    document = yaml.safe_load(final)
    assert {t["id"]: t["name"] for t in document["touchpoints"]} == names
    assert f"# writer: {writer_count}\n".encode() in final
    assert final.count(b"# a comment that must survive") == len(TOUCHPOINTS)
    assert not validate_file(path).has_errors
    assert seen_partial == [] and reads[0] > 100
