"""`journeymap observe` and the observed-flow rules: planted deviations are found at their map lines, and hostile
logs get a `data-error` (exit 1, no traceback), never a crash or a silent drop."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from support.checkout_log import CART_NEXT_LINE, CHECKOUT_LINE, FILE_LINE, SHOP, T0, deviating_log

@pytest.fixture
def shop(write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def make(log: str | bytes, *, map_text: str = SHOP):
        write("log.csv", log)
        return write("m.journey.yaml", map_text)
    return make


def test_planted_deviations_are_found_at_their_lines(validate, shop):
    shop(deviating_log())
    run = validate("m.journey.yaml")
    found = [(line.split(":")[1], line.rsplit("[", 1)[1].rstrip("]")) for line in run.lines]
    assert (str(CART_NEXT_LINE), "observed-flow-mismatch") in found
    assert (str(CHECKOUT_LINE), "unmapped-flow") in found
    mismatch = next(line for line in run.lines if "observed-flow-mismatch" in line)
    assert "'cart' -> 'checkout' is designed at 76 % but observed at" in mismatch
    unmapped = next(line for line in run.lines if "unmapped-flow" in line)
    assert "go on to 'hotline'" in unmapped
    assert run.code == 0   # warnings


def test_a_log_that_matches_the_design_gives_no_flow_warning(validate, shop):
    shop(deviating_log(to_checkout=0.76, to_hotline=0.0))
    assert [line for line in validate("m.journey.yaml").lines if "flow" in line] == []


def test_the_tolerance_is_a_rule_setting(validate, shop):
    shop(deviating_log(), map_text=SHOP + "rules: {flow_tolerance: 0.3}\n")
    assert not [line for line in validate("m.journey.yaml").lines if "observed-flow-mismatch" in line]


def test_unmapped_events_are_counted_and_named(validate, shop):
    log = deviating_log(to_hotline=0.0) + "".join(f"s{i},banner_shown,{T0.isoformat()}\n" for i in range(60))
    shop(log)
    [line] = [line for line in validate("m.journey.yaml").lines if "unmapped-events" in line]
    assert line.startswith(f"m.journey.yaml:{FILE_LINE}:12: warning: ")
    assert "(most frequent: banner_shown)" in line


def test_observe_text_and_json(jm, shop):
    shop(deviating_log())
    run = jm("observe", "m.journey.yaml")
    assert run.code == 0
    assert run.lines[0] == "m.journey.yaml: log.csv"
    assert "400 cases" in run.lines[2]
    report = json.loads(jm("observe", "m.journey.yaml", "--format", "json").out)
    [log] = report["maps"][0]["logs"]
    flows = {(f["from"], f["to"]): f for f in log["flows"]}
    assert flows[("cart", "checkout")]["designed_share"] == 0.76
    assert flows[("checkout", "hotline")]["designed"] is False
    cart = next(t for t in log["touchpoints"] if t["touchpoint"] == "cart")
    assert cart["visits"] == 400 and cart["reach"] == 400
    assert cart["dropoffs"] + flows[("cart", "checkout")]["observed"] == 400


def test_observe_csv_has_a_row_per_flow(jm, shop):
    shop(deviating_log())
    rows = jm("observe", "m.journey.yaml", "--format", "csv").out.lstrip("\ufeff").splitlines()
    assert rows[0] == ("map,log,persona,from,to,designed,designed_share,observed,observed_share,visits,"
                       "observed_share_low,observed_share_high")
    assert any(row.startswith("m.journey.yaml,log.csv,,cart,checkout,yes,0.76,") for row in rows)


# --- hostile logs ---------------------------------------------------------------------------

def data_errors(validate) -> list[str]:
    run = validate("m.journey.yaml")
    assert run.code == 1
    return [line for line in run.lines if "[data-error]" in line]


def test_missing_column_points_at_its_key(validate, shop):
    shop("session,event,time\ns1,cart_viewed,2026-11-02T08:00:00\n")
    [line] = data_errors(validate)
    assert line.startswith(f"m.journey.yaml:{FILE_LINE}:94: error: ")   # at `time_column: ts`
    assert "column 'ts' is not in event log 'log.csv' (columns: session, event, time)" in line


def test_a_time_that_is_not_a_time_names_its_row(validate, shop):
    shop("session,event,ts\ns1,cart_viewed,2026-11-02T08:00:00\ns1,checkout_started,yesterday\n")
    [line] = data_errors(validate)
    assert "row 2: time 'yesterday' in column 'ts' is neither ISO 8601" in line


def test_three_time_formats_in_one_column_are_read(jm, shop):
    shop("session,event,ts\ns1,cart_viewed,2026-11-02T08:00:00Z\ns1,checkout_started,2026-11-02 08:00:30\n"
         "s1,payment_completed,1793606460\ns2,cart_viewed,1793606400000\n")
    report = json.loads(jm("observe", "m.journey.yaml", "--format", "json").out)
    [log] = report["maps"][0]["logs"]
    assert log["cases"] == 2
    flows = {(f["from"], f["to"]): f["observed"] for f in log["flows"]}
    assert flows[("cart", "checkout")] == 1 and flows[("checkout", "paid")] == 1


def test_cases_without_id_are_counted_not_fatal(jm, shop):
    rows = [f"{'' if i % 10 == 0 else f's{i}'},cart_viewed,{T0.isoformat()}" for i in range(100)]
    shop("session,event,ts\n" + "\n".join(rows) + "\n")
    run = jm("observe", "m.journey.yaml")
    assert run.code == 0
    assert "left out, without a case id: 10 events" in run.out


def test_an_empty_file(validate, shop):
    shop(b"")
    [line] = data_errors(validate)
    assert line == f"m.journey.yaml:{FILE_LINE}:12: error: event log 'log.csv' is empty [data-error]"


def test_a_truncated_parquet_file(validate, shop, tmp_path):
    import duckdb
    duckdb.sql(f"COPY (SELECT 's1' AS session, 'cart_viewed' AS event, TIMESTAMP '2026-11-02 08:00' AS ts) "
               f"TO '{tmp_path / 'full.parquet'}' (FORMAT parquet)")
    data = (tmp_path / "full.parquet").read_bytes()
    (tmp_path / "log.parquet").write_bytes(data[: len(data) // 2])
    shop("unused\n", map_text=SHOP.replace("file: log.csv", "file: log.parquet"))
    [line] = data_errors(validate)
    assert "cannot read event log 'log.parquet'" in line


def test_a_quoted_newline_in_a_csv_field(jm, shop):
    shop('session,event,ts\ns1,cart_viewed,2026-11-02T08:00:00\n"s\n2",cart_viewed,2026-11-02T08:01:00\n')
    report = json.loads(jm("observe", "m.journey.yaml", "--format", "json").out)
    assert report["maps"][0]["logs"][0]["cases"] == 2


def test_a_missing_log(validate, shop, tmp_path):
    shop("x\n")
    (tmp_path / "log.csv").unlink()
    [line] = data_errors(validate)
    assert line == f"m.journey.yaml:{FILE_LINE}:12: error: event log 'log.csv' does not exist [data-error]"


def test_a_log_outside_the_project_is_refused(validate, shop, tmp_path):
    shop("x\n", map_text=SHOP.replace("file: log.csv", "file: /etc/hostname"))
    [line] = data_errors(validate)
    assert "is not read: it is an absolute path" in line


def test_a_huge_sparse_log_is_streamed_not_loaded(jm, shop, tmp_path):
    """A 2 GB file that is mostly a hole: DuckDB reads it in pieces (the process must not grow by gigabytes)."""
    import resource
    header = deviating_log(cases=50)
    with open(tmp_path / "log.csv", "wb") as handle:
        handle.write(header.encode())
        handle.truncate(2 * 1024 ** 3)   # NUL bytes to 2 GB, stored as a hole
    (tmp_path / "m.journey.yaml").write_text(SHOP, encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    run = jm("validate", "m.journey.yaml")
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert run.code in (0, 1) and "Traceback" not in run.err
    assert grown_mib < 1024


def test_event_names_that_look_like_markup_stay_text(jm, shop):
    payload = '<script>alert(1)</script>'
    shop(deviating_log(cases=40) + f's1,"{payload}",{T0.isoformat()}\n' + f's2,"}} digraph {{",{T0.isoformat()}\n')
    report = json.loads(jm("observe", "m.journey.yaml", "--format", "json").out)
    names = [u["event"] for u in report["maps"][0]["logs"][0]["unmapped"]]
    assert payload in names and "} digraph {" in names


def test_an_event_claimed_twice_is_a_duplicate(validate, shop):
    shop(deviating_log(cases=5), map_text=SHOP.replace("events: [hotline_call]", "events: [hotline_call, cart_viewed]"))
    run = validate("m.journey.yaml")
    assert run.code == 1
    assert any("event 'cart_viewed' already belongs to touchpoint 'cart'" in line for line in run.lines)


def test_a_segment_of_an_unknown_persona(validate, shop):
    shop(deviating_log(cases=5), map_text=SHOP.replace("time_column: ts}", "time_column: ts, segment_column: event, "
                                                                         "segments: {x: leah}}"))
    run = validate("m.journey.yaml")
    assert any("unknown persona 'leah' (did you mean 'lea'?) [unknown-reference]" in line for line in run.lines)


# --- the report -----------------------------------------------------------------------------

def test_the_report_shows_designed_vs_observed(jm, shop, tmp_path):
    payload = "<script>alert(1)</script>"
    shop(deviating_log() + "".join(f's{i},"{payload}",{T0.isoformat()}\n' for i in range(3)))
    run = jm("render", "m.journey.yaml", "-o", tmp_path / "out", "-f", "html")
    assert run.code == 0, run.err
    page = (tmp_path / "out" / "m.html").read_text(encoding="utf-8")
    section = page[page.index('<section id="observed"'):page.index("</section>", page.index('<section id="observed"'))]
    assert "<h3>log.csv</h3>" in section
    off = re.search(r'<tr class="off"><td>Cart</td><td>Checkout</td><td>76 %</td><td><strong class="bad"[^>]*>▼ ([\d.]+) %',
                    section)
    assert off and 45 < float(off.group(1)) < 55
    assert re.search(r"<tr><td>Checkout</td><td>Hotline</td><td>[\d.]+ %</td>", section)   # a flow the map lacks
    assert payload not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in section


def test_a_german_report_words_the_section_in_german(jm, shop, tmp_path):
    shop(deviating_log(), map_text=SHOP.replace('title: "Checkout"', 'title: "Kasse"\nlang: de'))
    jm("render", "m.journey.yaml", "-o", tmp_path / "out", "-f", "html")
    page = (tmp_path / "out" / "m.html").read_text(encoding="utf-8")
    for german in ("Beobachtete Journeys", "Geplante Flüsse", "der Ereignisse gehören zu einem Kontaktpunkt",
                   "Zeit bis zum nächsten Kontaktpunkt"):
        assert german in page
    assert "Observed journeys" not in page and "Designed flows" not in page


@pytest.mark.graphviz
def test_the_diagram_draws_flows_the_map_lacks_dotted_with_a_legend(jm, shop, tmp_path):
    shop(deviating_log())
    run = jm("render", "m.journey.yaml", "-o", tmp_path / "out", "-f", "dot,svg")
    assert run.code == 0, run.err
    dot = (tmp_path / "out" / "m.dot").read_text(encoding="utf-8")
    [edge] = [line for line in dot.splitlines() if "style=dotted" in line]
    assert 'color="#7b3294"' in edge and "<I>observed " in edge
    assert "observed in the event log, not in the map" in dot   # the legend row, only when such a flow is drawn


def test_diff_lists_observed_shares_that_moved(jm, write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for folder, share in (("old", 0.50), ("new", 0.74)):
        write(f"{folder}/log.csv", deviating_log(to_checkout=share, seed=3))
        write(f"{folder}/m.journey.yaml", SHOP)
    report = json.loads(jm("diff", "old/m.journey.yaml", "new/m.journey.yaml", "--format", "json").out)
    [change] = [c for c in report["maps"][0]["changes"] if c["kind"] == "observed-share-changed"]
    assert change["subject"] == "cart -> checkout" and change["note"] == "log.csv"
    assert change["better"] is True   # closer to the designed 76 %
    assert float(change["before"].split()[0]) < 55 < 70 < float(change["after"].split()[0])


def test_a_time_column_of_the_wrong_type(validate, shop):
    shop("session,event,ts\ns1,cart_viewed,true\ns1,checkout_started,false\n")
    [line] = data_errors(validate)
    assert "row 1: time 'true' in column 'ts' is neither ISO 8601" in line


def test_a_folder_of_parquet_files_is_one_log_and_renders_incrementally(jm, shop, tmp_path):
    import duckdb
    shop(deviating_log())
    (tmp_path / "parts").mkdir()
    for part, where in (("a", "session < 's2'"), ("b", "session >= 's2'")):
        duckdb.sql(f"COPY (SELECT * FROM read_csv('{tmp_path / 'log.csv'}') WHERE {where}) "
                   f"TO '{tmp_path / 'parts' / (part + '.parquet')}' (FORMAT parquet)")
    (tmp_path / "m.journey.yaml").write_text(SHOP.replace("file: log.csv", "file: parts"), encoding="utf-8")
    [log] = json.loads(jm("observe", "m.journey.yaml", "--format", "json").out)["maps"][0]["logs"]
    assert log["cases"] == 400
    first = jm("render", "m.journey.yaml", "-o", tmp_path / "out", "-f", "dot")
    again = jm("render", "m.journey.yaml", "-o", tmp_path / "out", "-f", "dot")
    assert first.code == again.code == 0
    assert "1 unchanged" in again.err.splitlines()[-1]   # the log's files are in the render cache key


# --- observed figures standing in for typed-in ones --------------------------------------------
def counted_log() -> str:
    """10 carts; 6 go on to checkout; of those 4 pay, 1 calls the hotline, 1 ends at checkout."""
    lines = ["session,event,ts"]
    paths = [["cart_viewed"]] * 4 + [["cart_viewed", "checkout_started"]] + \
        [["cart_viewed", "checkout_started", "hotline_call"]] + [["cart_viewed", "checkout_started", "payment_completed"]] * 4
    for case, steps in enumerate(paths):
        for k, event in enumerate(steps):
            lines.append(f"s{case},{event},{(T0 + dt.timedelta(minutes=case, seconds=30 * k)).isoformat()}")
    return "\n".join(lines) + "\n"


UNSHARED = SHOP.replace("      - {to: checkout, share: 0.76}", "      - checkout").replace(
    "    name: \"Checkout\"\n", "    name: \"Checkout\"\n    effort: 7\n")


def test_a_map_without_shares_or_volumes_takes_them_from_its_log(jm, shop, tmp_path):
    shop(counted_log(), map_text=UNSHARED)
    [report] = json.loads(jm("analyze", "m.journey.yaml", "--format", "json").out)["maps"]
    funnel = report["funnel"]
    assert funnel["basis"] == "observed" and funnel["logs"] == ["log.csv"]
    reach = {step["touchpoint"]: step["reach"]["cart"] for step in funnel["steps"]}
    drop = {step["touchpoint"]: step["drop_off"] for step in funnel["steps"]}
    assert reach["cart"] == 1.0 and reach["checkout"] == 0.6 and reach["paid"] == 0.4   # 6 of 10, then 4 of 6
    assert drop["cart"] == 0.4 and drop["checkout"] == round(2 / 6, 4)                # ends + hotline leave the design
    assert funnel["conversion"]["cart"] == 0.4
    assert report["volume_basis"] == "observed" and report["observed_logs"] == ["log.csv"]
    [checkout] = [h for h in report["hotspots"] if h["touchpoint"] == "checkout"]
    assert checkout["volume"] == 6 and checkout["volume_estimated"] is False

    text = jm("analyze", "m.journey.yaml").out
    assert "these shares are observed in log.csv" in text
    assert "volume = cases that reached the touchpoint in log.csv" in text
    assert "× 6 cases in the event log" in text          # why checkout ranks where it does
    assert jm("render", "m.journey.yaml", "-f", "html", "-o", "out").code == 0
    page = (tmp_path / "out" / "m.html").read_text()
    assert "so this funnel uses the shares observed in log.csv" in page
    assert "Cases in the event log" in page


def test_shares_and_volumes_written_in_the_map_win_over_the_log(jm, shop):
    shop(counted_log(), map_text=SHOP.replace("    events: [cart_viewed]\n",
                                              "    events: [cart_viewed]\n    kpis: {volume: 1000}\n"))
    [report] = json.loads(jm("analyze", "m.journey.yaml", "--format", "json").out)["maps"]
    assert report["funnel"]["basis"] == "designed"
    assert {step["touchpoint"]: step["reach"]["cart"] for step in report["funnel"]["steps"]}["checkout"] == 0.76
    assert report["volume_basis"] == "declared" and report["observed_logs"] == []
    assert "observed in" not in jm("analyze", "m.journey.yaml").out


def test_the_ci_summary_names_the_log_and_the_flows_it_contradicts(jm, shop, tmp_path):
    shop(deviating_log())
    assert jm("render", "m.journey.yaml", "-o", "out", "--summary", "summary.md").code == 0
    summary = (tmp_path / "summary.md").read_text()
    assert "Observed in `log.csv`: 400 cases, " in summary
    assert re.search(r"\| Cart → Checkout \| 76 % \| 4\d\.\d % \|", summary)       # planted at 50 %
    assert re.search(r"\| Checkout → Hotline \| not in the map \| 1\d\.\d % \|", summary)


def test_a_slow_log_shows_a_progress_bar_on_stderr_only(jm, shop, monkeypatch):
    shop(deviating_log())
    quiet = jm("observe", "m.journey.yaml")
    assert "observing" not in quiet.err          # stderr is no terminal here: no bar by default
    monkeypatch.setenv("JOURNEYMAP_PROGRESS", "always")
    monkeypatch.setenv("JOURNEYMAP_PROGRESS_AFTER", "0")   # this log takes less than the usual second
    monkeypatch.setattr("journeymap.evidence.observe.progress.TICK", 0.001)
    shown = jm("observe", "m.journey.yaml")
    assert shown.out == quiet.out                # the figures are untouched
    assert re.search(r"\robserving log\.csv ▕[█░]{24}▏ +\d+ % +\d+\.\d s", shown.err)
    assert shown.err.endswith("\r")              # the bar is cleared when the log is done
    monkeypatch.setenv("JOURNEYMAP_PROGRESS", "never")
    assert "observing" not in jm("observe", "m.journey.yaml").err
