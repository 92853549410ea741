"""`journeymap compare AS-IS TO-BE` and `render --compare REV`: two versions of a journey as one report.

The small pair below is computed by hand (docs/analysis.md gives every formula); the sample pair
(online shop as-is / to-be) and the German sample are checked in Chromium.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from journeymap.i18n.catalog import labels

from support.browser import PRINTABLE, SHOTS, Visit, browser  # noqa: F401  (browser is a fixture)
from support.gitrepo import commit, git, init_repo
from support.paths import SAMPLES
from support.report_maps import PAYLOADS, foreign_labels, labels_found, user_strings

LIBRARY = """\
journeymap: 1
title: "Small library"
personas:
  - {id: ann, name: "Ann"}
  - {id: bob, name: "Bob"}
phases:
  - {id: p1, name: "Apply"}
  - {id: p2, name: "Wait"}
"""

AS_IS = """\
journeymap: 1
title: "Small as-is"
variant: as-is
include: [lib.yaml]
touchpoints:
  - id: a
    name: "Applies"
    phase: p1
    emotion: 0
    effort: 4
    kpis: {volume: 100, csat: {value: 70, target: 80}}
    next: [{to: b, share: 0.5}]
  - id: b
    name: "Waits"
    phase: p2
    emotion: {ann: -2, bob: -1}
    pains: [{id: slow, text: "Slow", severity: 5}]
    kpis: {volume: 50}
opportunities:
  - {id: fast, title: "Faster", addresses: ["b#slow"], status: planned}
"""

TO_BE = """\
journeymap: 1
title: "Small to-be"
variant: to-be
include: [lib.yaml]
touchpoints:
  - id: a
    name: "Applies"
    phase: p1
    emotion: 1
    effort: 4
    kpis: {volume: 100, csat: {value: 85, target: 80}}
    next: [{to: b, share: 0.8}]
  - id: b
    name: "Waits"
    phase: p2
    emotion: {ann: 0, bob: 1}
    kpis: {volume: 50}
"""

# By hand (weights 0.4 emotion, 0.3 effort, 0.3 pains; a missing part is left out):
#   as-is a: effort (4-1)/6 = 0.5 -> 0.3*0.5 / 1.0 = 0.15 for both personas.
#   as-is b: ann (0.4*1 + 0.3*1) / 0.7 = 1; bob (0.4*0.5 + 0.3*1) / 0.7 = 0.714286; mean 0.857143.
#   to-be a: emotion +1 is no friction -> 0.15;  to-be b: no negative emotion, no pain -> 0.
#   volume weight = log10(1+v) / log10(1+100): a 1, b log10(51)/log10(101) = 0.851943.
#   as-is scores: b 0.857143 * 0.851943 = 0.730237 (#1), a 0.15 (#2); to-be: a 0.15 (#1), b 0 (#2).
#   peak-end = (most intense + last) / 2: ann -2 -> (1 + 0)/2 = 0.5; bob -1 -> (1 + 1)/2 = 1 (tie: the earlier).
#   funnel from a: b 0.5 -> 0.8; csat 70 (misses 80) -> 85 (meets it).
EXPECTED = {
    "journeymap_compare": 1,
    "before": {"map": "as-is.journey.yaml", "title": "Small as-is", "variant": "as-is"},
    "after": {"map": "to-be.journey.yaml", "title": "Small to-be", "variant": "to-be"},
    "counts": {"friction_better": 1, "friction_worse": 0, "pains_removed": 1, "pains_added": 0,
               "kpis_better": 1, "kpis_worse": 0, "remembered_better": 2, "remembered_worse": 0,
               "opportunities_delivered": 1, "opportunities_open": 0, "feedback_better": 0, "feedback_worse": 0},
    "touchpoints": [
        {"touchpoint": "a", "name": "Applies", "status": "same", "phase": ["p1", "p1"], "friction": [0.15, 0.15],
         "hotspot_rank": [None, None], "better": None, "was": None},   # friction 0.15: no hotspot
        {"touchpoint": "b", "name": "Waits", "status": "same", "phase": ["p2", "p2"], "friction": [0.8571, 0.0],
         "hotspot_rank": [1, None], "better": True, "was": None},
    ],
    "hotspots": {"before": [{"rank": 1, "touchpoint": "b", "friction": 0.8571, "score": 0.7302,
                             "why": "friction 0.86 × 50 contacts"}], "after": []},
    "personas": [
        {"persona": "ann", "name": "Ann", "before": [{"touchpoint": "a", "emotion": 0.0}, {"touchpoint": "b", "emotion": -2.0}],
         "after": [{"touchpoint": "a", "emotion": 1.0}, {"touchpoint": "b", "emotion": 0.0}],
         "peak_end": [-2.0, 0.5], "peak": ["b", "a"], "end": ["b", "b"], "remembered": "better"},
        {"persona": "bob", "name": "Bob", "before": [{"touchpoint": "a", "emotion": 0.0}, {"touchpoint": "b", "emotion": -1.0}],
         "after": [{"touchpoint": "a", "emotion": 1.0}, {"touchpoint": "b", "emotion": 1.0}],
         "peak_end": [-1.0, 1.0], "peak": ["b", "a"], "end": ["b", "b"], "remembered": "better"},
    ],
    "pains": {"removed": [{"touchpoint": "b", "pain": "slow", "text": "Slow", "severity": 5}], "added": []},
    "opportunities": [{"opportunity": "fast", "title": "Faster", "status": ["planned", None], "addresses": ["b#slow"],
                       "resolved": ["b#slow"], "outcome": "delivered"}],
    "kpis": [
        {"touchpoint": "a", "kpi": "csat", "value": [70.0, 85.0], "target": 80.0, "on_target": [False, True],
         "better": True, "lower_is_better": False, "unit": None},
        {"touchpoint": "a", "kpi": "volume", "value": [100.0, 100.0], "target": None, "on_target": [None, None],
         "better": None, "lower_is_better": False, "unit": None},
        {"touchpoint": "b", "kpi": "volume", "value": [50.0, 50.0], "target": None, "on_target": [None, None],
         "better": None, "lower_is_better": False, "unit": None},
    ],
    "funnel": {"entries": ["a"], "conversion": {"a": [0.5, 0.8]},
               "steps": [{"touchpoint": "a", "reach": {"a": [1.0, 1.0]}},
                         {"touchpoint": "b", "reach": {"a": [0.5, 0.8]}}]},
    "observed": [],
}


@pytest.fixture
def pair(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lib.yaml").write_text(LIBRARY, encoding="utf-8")
    (tmp_path / "as-is.journey.yaml").write_text(AS_IS, encoding="utf-8")
    (tmp_path / "to-be.journey.yaml").write_text(TO_BE, encoding="utf-8")
    return tmp_path


def test_json_equals_the_hand_computed_comparison(jm, pair):
    run = jm("compare", "as-is.journey.yaml", "to-be.journey.yaml", "--format", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out) == EXPECTED


def test_output_format_follows_the_file_suffix_and_the_file_is_written_whole(jm, pair):
    for name, check in (("c.json", lambda text: json.loads(text) == EXPECTED),
                        ("c.md", lambda text: text.startswith("## Small as-is → Small to-be")),
                        ("c.html", lambda text: text.startswith("<!DOCTYPE html>") and "</html>" in text)):
        run = jm("compare", "as-is.journey.yaml", "to-be.journey.yaml", "-o", name)
        assert run.code == 0 and run.out == "", run.err
        assert check((pair / name).read_text(encoding="utf-8")), name
        assert "1 touchpoint with less friction" in run.err


def test_text_says_what_got_better_and_what_got_worse(jm, pair):
    run = jm("compare", "as-is.journey.yaml", "to-be.journey.yaml")
    assert run.lines[:2] == ["as-is: Small as-is (as-is.journey.yaml)", "to-be:  Small to-be (to-be.journey.yaml)"]
    assert ("better: 1 touchpoint with less friction, 1 pain removed, 1 KPI better, remembered experience better "
            "for 2 of 2 personas, 1 opportunity delivered") in run.lines
    assert "worse:  nothing" in run.lines
    assert "  ▲ 'Waits': 0.86 → 0.00  (hotspot #1 → –)" in run.lines
    assert "  ▲ Ann: -2 → 0.5 (better)" in run.lines
    assert "  ✓ Faster: delivered (planned → –)" in run.lines
    assert "  ▲ csat at 'Applies': 70 → 85, target 80" in run.lines


def test_each_versions_hotspots_say_why_they_rank_there(jm, pair):
    """b: friction 0.86 × its 50 contacts; the to-be has no touchpoint at analysis.hotspot_min (0.3)."""
    lines = jm("compare", "as-is.journey.yaml", "to-be.journey.yaml").lines
    start = lines.index("Hotspots, as-is")
    assert lines[start:start + 4] == ["Hotspots, as-is", "  #1 'Waits': friction 0.86 × 50 contacts",
                                      "Hotspots, to-be", "  none: no touchpoint reaches analysis.hotspot_min"]
    markdown = jm("compare", "as-is.journey.yaml", "to-be.journey.yaml", "--format", "markdown").out
    assert "| as-is | #1 | Waits | friction 0.86 × 50 contacts |" in markdown
    for lang, item in (("en", "Waits friction 0.86 × 50 contacts · Score 0.73 to-be No hotspot: no touchpoint has "
                              "a friction of 0.30 or more."),
                       ("de", "Waits Reibung 0,86 × 50 Kontakte · Wert 0,73")):
        html = jm("compare", "as-is.journey.yaml", "to-be.journey.yaml", "--format", "html", "--lang", lang).out
        hotspots = html[html.index('<section id="hotspots"'):]
        assert item in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", hotspots[:hotspots.index("</section>")]))


def test_a_version_with_errors_is_not_compared_and_nothing_is_written(jm, pair):
    (pair / "to-be.journey.yaml").write_text(TO_BE.replace("phase: p2", "phase: p9"), encoding="utf-8")
    run = jm("compare", "as-is.journey.yaml", "to-be.journey.yaml", "-o", "c.html")
    assert run.code == 1
    assert re.search(r"^to-be\.journey\.yaml:\d+:\d+: error: unknown phase 'p9'.*\[unknown-reference\]$", run.err, re.M)
    assert "to-be.journey.yaml: not compared because it has errors" in run.err
    assert not (pair / "c.html").exists()


@pytest.mark.parametrize("args, message", [
    (("as-is.journey.yaml",), "Missing argument 'TO-BE'"),
    (("as-is.journey.yaml", "missing.journey.yaml"), "Error: 'missing.journey.yaml': no such file"),
    (("as-is.journey.yaml", "to-be.journey.yaml", "--format", "pdf"), "Invalid value for '--format'"),
])
def test_usage_errors_exit_2(jm, pair, args, message):
    run = jm("compare", *args)
    assert run.code == 2 and message in run.err


def test_a_revision_is_compared_with_the_working_tree(jm, pair):
    init_repo(pair)
    commit(pair, "as-is")
    (pair / "as-is.journey.yaml").write_text(AS_IS.replace("emotion: 0\n", "emotion: -2\n"), encoding="utf-8")
    run = jm("compare", "HEAD:as-is.journey.yaml", "as-is.journey.yaml", "--format", "json")
    data = json.loads(run.out)
    assert data["before"]["map"] == "HEAD:as-is.journey.yaml"
    assert data["touchpoints"][0]["friction"] == [0.15, 0.55]   # (0.4*1 + 0.3*0.5) / 1.0
    assert data["counts"]["friction_worse"] == 1


def test_hostile_text_stays_text_in_the_compare_report(jm, pair):
    payload = " | ".join(PAYLOADS)
    for name in ("as-is.journey.yaml", "to-be.journey.yaml"):
        path = pair / name
        text = path.read_text(encoding="utf-8").replace('name: "Waits"', f"name: {json.dumps(payload)}")
        path.write_text(text.replace('text: "Slow"', f"text: {json.dumps(payload)}"), encoding="utf-8")
    assert jm("compare", "as-is.journey.yaml", "to-be.journey.yaml", "-o", "c.html").code == 0
    html = (pair / "c.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html and "onerror=" not in html.replace("onerror=alert", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# ------------------------------------------------------------------- render --compare REV in CI

def test_render_compare_writes_a_report_only_for_changed_maps_and_the_summary_links_them(jm, tmp_path, monkeypatch):
    repo = init_repo(tmp_path / "repo")
    for folder in ("online-shop", "cafe"):
        shutil.copytree(SAMPLES / folder, repo / folder)
    commit(repo, "samples")
    shop = repo / "online-shop" / "first-purchase.journey.yaml"
    shop.write_text(shop.read_text(encoding="utf-8").replace(
        "      conversion: {value: 0.76, target: 0.75}", "      conversion: {value: 0.7, target: 0.75}", 1),
        encoding="utf-8")
    commit(repo, "cart conversion fell")
    monkeypatch.chdir(repo)
    run = jm("render", ".", "-o", "out", "-f", "svg", "--compare", "HEAD~1", "--summary", "summary.md")
    assert run.code == 0, run.err
    written = sorted(str(p.relative_to(repo)) for p in (repo / "out").rglob("*.compare.html"))
    assert written == ["out/online-shop/first-purchase.compare.html"]
    assert "1 comparison report against HEAD~1" in run.err
    summary = (repo / "summary.md").read_text(encoding="utf-8")
    assert ("Comparison report: [out/online-shop/first-purchase.compare.html]"
            "(out/online-shop/first-purchase.compare.html)") in summary
    assert summary.count("Comparison report:") == 1
    assert ("conversion at 'Reviews the cart and sees shipping costs': 0.76 → 0.7, away from target 0.75"
            in summary)   # --compare is also the base
    html = (repo / written[0]).read_text(encoding="utf-8")
    assert "HEAD~1:online-shop/first-purchase.journey.yaml" in html


def test_render_compare_with_an_unknown_revision_is_a_usage_error(jm, tmp_path, monkeypatch):
    repo = init_repo(tmp_path / "repo")
    shutil.copytree(SAMPLES / "cafe", repo / "cafe")
    commit(repo, "cafe")
    monkeypatch.chdir(repo)
    run = jm("render", ".", "-o", "out", "-f", "svg", "--compare", "nope")
    assert run.code == 2
    assert run.err.splitlines()[-1] == "Error: --compare nope: unknown revision 'nope'"


# ------------------------------------------------------------------------------ in Chromium

SHOP = SAMPLES / "online-shop"
GERMAN = SAMPLES / "bank-account" / "kontoeroeffnung.journey.yaml"


@pytest.fixture(scope="module")
def shop_compare(tmp_path_factory) -> Path:
    from support.report_maps import render
    target = tmp_path_factory.mktemp("compare") / "shop.compare.html"
    assert render("compare", SHOP / "first-purchase.journey.yaml", SHOP / "first-purchase.to-be.journey.yaml",
                  "-o", target) == 0
    return target


@pytest.fixture(scope="module")
def german_compare(tmp_path_factory) -> Path:
    """The German sample against a to-be of it: the video identification without its pains, one emotion better."""
    from support.report_maps import render
    folder = tmp_path_factory.mktemp("vergleich")
    to_be = folder / "kontoeroeffnung-soll.journey.yaml"
    text = GERMAN.read_text(encoding="utf-8")
    to_be.write_text(_german_to_be(text), encoding="utf-8")
    shutil.copy(GERMAN.parent / "kundenstimmen.csv", folder)   # its feedback file, beside it
    target = folder / "vergleich.html"
    assert render("compare", GERMAN, to_be, "-o", target) == 0
    return target


def _german_to_be(text: str) -> str:
    import yaml
    data = yaml.safe_load(text)
    data["variant"] = "to-be"
    data["opportunities"] = []
    for touchpoint in data["touchpoints"]:
        touchpoint.pop("pains", None)
        if isinstance(touchpoint.get("emotion"), (int, float)) and touchpoint["emotion"] < 2:
            touchpoint["emotion"] += 1
        touchpoint.pop("kpis", None) if touchpoint.get("id") == "video-ident" else None
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_compare_report_loads_without_errors_or_requests(browser, shop_compare):  # noqa: F811
    with Visit(browser, shop_compare, settle_ms=200) as visit:
        assert visit.problems() == {}
        glance = visit.page.inner_text("#glance")
        SHOTS.mkdir(exist_ok=True)
        visit.page.screenshot(path=str(SHOTS / "compare-shop.png"), full_page=True)
    assert "6 pain points removed" in glance.replace("\n", " ") and "4 opportunities delivered" in glance.replace("\n", " ")


PRINT_FIT = """() => {
  const doc = document.documentElement;
  const cells = [...document.querySelectorAll('th, td, figure, .glance > div')].filter(c => c.scrollWidth > c.clientWidth + 1)
    .map(c => `${c.textContent.trim().slice(0, 40)} (${c.scrollWidth} > ${c.clientWidth})`);
  return {scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, cells};
}"""


def test_compare_report_prints_on_a3_landscape_with_no_clipped_column(browser, shop_compare, tmp_path):  # noqa: F811
    from pypdf import PdfReader
    width, height = PRINTABLE["A3"]
    with Visit(browser, shop_compare, width=round(width), height=round(height), media="print") as visit:
        fit = visit.page.evaluate(PRINT_FIT)
        page_size = visit.page.evaluate(
            "() => [...document.styleSheets[0].cssRules].find(rule => rule instanceof CSSPageRule).style.size")
        pdf = tmp_path / "compare.pdf"
        visit.page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    assert page_size == "420mm 297mm"   # A3 landscape
    assert fit["scrollWidth"] <= fit["clientWidth"] + 1 and fit["cells"] == []
    for page in PdfReader(pdf).pages:
        assert abs(float(page.mediabox.width) - 1190.55) <= 2 and abs(float(page.mediabox.height) - 841.89) <= 2


def test_german_compare_report_has_no_english_tool_label(browser, german_compare):  # noqa: F811
    english = foreign_labels("de", user_strings(GERMAN))
    assert {"cmp.section.friction", "cmp.better", "cmp.n.pains_removed"} <= set(english)   # the check has teeth
    with Visit(browser, german_compare) as visit:
        assert visit.problems() == {}
        assert visit.page.evaluate("document.documentElement.lang") == "de"
        text = visit.page.evaluate("""() => [document.title, document.body.innerText,
          ...[...document.querySelectorAll('[title], [aria-label]')].flatMap(e => [e.getAttribute('title'), e.getAttribute('aria-label')]),
          ...[...document.querySelectorAll('svg title, svg desc')].map(e => e.textContent)].filter(Boolean).join('\\n')""")
        visit.page.screenshot(path=str(SHOTS / "compare-de.png"), full_page=True)
    for path in (str(GERMAN), str(german_compare.parent / "kontoeroeffnung-soll.journey.yaml")):
        text = text.replace(path, " ")
    assert labels_found(text, english) == {}
    assert labels_found(text, {"cmp.section.friction": labels("de")["cmp.section.friction"]})


def test_observed_shares_that_moved_between_the_versions_logs_are_compared(jm, tmp_path, monkeypatch):
    from support.checkout_log import SHOP as OBSERVED_SHOP, deviating_log
    repo = init_repo(tmp_path / "repo")
    (repo / "m.journey.yaml").write_text(OBSERVED_SHOP, encoding="utf-8")
    (repo / "log.csv").write_text(deviating_log(to_checkout=0.5), encoding="utf-8")
    commit(repo, "a log where half of the carts go on")
    (repo / "log.csv").write_text(deviating_log(to_checkout=0.75), encoding="utf-8")
    monkeypatch.chdir(repo)
    run = jm("compare", "HEAD:m.journey.yaml", "m.journey.yaml", "--format", "json")
    assert run.code == 0, run.err
    observed = json.loads(run.out)["observed"]
    cart = next(o for o in observed if o["flow"] == "cart -> checkout")
    before, after = (float(share.rstrip(" %")) for share in cart["share"])
    assert 44 < before < 56 and 69 < after < 81 and cart["better"] is True and cart["log"] == "log.csv"
    assert jm("compare", "HEAD:m.journey.yaml", "m.journey.yaml", "-o", "c.html").code == 0
    html = (repo / "c.html").read_text(encoding="utf-8")
    assert 'id="observed"' in html and "Cart → Checkout" in html
