"""`journeymap history MAP`: one point per commit, computed by hand for a small map; shallow clones,
no repository, hostile history; the trend report in Chromium (English and German)."""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path

import pytest

from journeymap.i18n.catalog import labels

from support.browser import PRINTABLE, SHOTS, Visit, browser  # noqa: F401  (browser is a fixture)
from support.gitrepo import git, init_repo
from support.history_repo import bank_history, shop_history
from support.report_maps import PAYLOADS, foreign_labels, labels_found, user_strings

SIGNUP = """\
journeymap: 1
title: "Signup"
personas: [{id: ann, name: "Ann"}]
phases: [{id: p1, name: "Join"}]
owners: [{id: team, name: "Team"}]
touchpoints:
  - id: signup
    name: "Signs up"
    phase: p1
    owner: team
    emotion: -2
    effort: 7
    kpis: {nps: {value: 10, target: 30}}
    next: [welcome]
  - id: welcome
    name: "Gets a welcome mail"
    phase: p1
    owner: team
    emotion: 1
opportunities:
  - {id: one-step, title: "One-step signup", addresses: [signup], status: planned}
"""


def _commit_on(repo: Path, date: str, message: str) -> None:
    git(repo, "add", "-A")
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo, check=True,
                   env={"GIT_AUTHOR_DATE": f"{date}T09:00:00+00:00", "GIT_COMMITTER_DATE": f"{date}T09:00:00+00:00",
                        "PATH": "/usr/bin:/bin", "HOME": str(repo)})


@pytest.fixture
def signup_repo(tmp_path, monkeypatch):
    """Six commits: a KPI moves twice, one commit breaks the map, a fix is delivered, the map is renamed."""
    repo = init_repo(tmp_path / "repo")
    path = repo / "signup.journey.yaml"
    path.write_text(SIGNUP, encoding="utf-8")
    _commit_on(repo, "2026-01-05", "Signup map")
    path.write_text(path.read_text().replace("value: 10, target: 30", "value: 20, target: 30"), encoding="utf-8")
    _commit_on(repo, "2026-02-01", "NPS 20")
    path.write_text(path.read_text().replace("    phase: p1\n    owner: team\n    emotion: 1",
                                             "    phase: p9\n    owner: team\n    emotion: 1"), encoding="utf-8")
    _commit_on(repo, "2026-02-15", "Typo in a phase")
    text = path.read_text().replace("phase: p9", "phase: p1").replace("emotion: -2\n    effort: 7",
                                                                       "emotion: 0\n    effort: 4")
    path.write_text(text.replace("status: planned", "status: done"), encoding="utf-8")
    _commit_on(repo, "2026-03-01", "One-step signup done")
    git(repo, "mv", "signup.journey.yaml", "onboarding.journey.yaml")
    _commit_on(repo, "2026-04-01", "Rename")
    path = repo / "onboarding.journey.yaml"
    path.write_text(path.read_text().replace("value: 20, target: 30", "value: 35, target: 30"), encoding="utf-8")
    _commit_on(repo, "2026-05-01", "NPS 35")
    monkeypatch.chdir(repo)
    return repo


# By hand (docs/analysis.md): signup at first: emotion part 2/2 = 1, effort part (7-1)/6 = 1, pains part 0
# (no pains is 0, never missing): (0.4*1 + 0.3*1 + 0.3*0) / 1.0 = 0.7. After the fix: emotion 0 -> 0, effort
# (4-1)/6 = 0.5: 0.3*0.5 / 1.0 = 0.15. welcome: +1 is no friction, no effort: 0. No volumes: ranked by friction;
# a hotspot needs friction 0.3 (analysis.hotspot_min): signup is one before the fix, nothing after.
# Peak-end of Ann: (-2 + 1)/2 = -0.5, then the most intense is welcome's +1: (1 + 1)/2 = 1.
# nps 10, 20 (target 30 missed, a kpi-below-target warning), 35 (met, no warning).
def expected_points():
    before = {"friction": {"signup": 0.7, "welcome": 0.0}, "hotspot_rank": {"signup": 1},
              "peak_end": {"ann": -0.5}}
    after = {"friction": {"signup": 0.15, "welcome": 0.0}, "hotspot_rank": {},
             "peak_end": {"ann": 1.0}}
    nps = lambda value: [{"touchpoint": "signup", "kpi": "nps", "value": value, "target": 30.0,  # noqa: E731
                          "on_target": value >= 30, "better": "higher", "unit": None}]
    return [
        {"subject": "Signup map", "path": "signup.journey.yaml", "date": "2026-01-05", "valid": True, "errors": 0,
         "warnings": 1, **before, "kpis": nps(10.0), "opportunities": {"one-step": "planned"}, "status_changes": []},
        {"subject": "NPS 20", "path": "signup.journey.yaml", "date": "2026-02-01", "valid": True, "errors": 0,
         "warnings": 1, **before, "kpis": nps(20.0), "opportunities": {"one-step": "planned"}, "status_changes": []},
        {"subject": "Typo in a phase", "path": "signup.journey.yaml", "date": "2026-02-15", "valid": False,
         "errors": 1, "warnings": 1, "friction": {}, "hotspot_rank": {}, "peak_end": {}, "kpis": [],
         "opportunities": {}, "status_changes": []},
        {"subject": "One-step signup done", "path": "signup.journey.yaml", "date": "2026-03-01", "valid": True,
         "errors": 0, "warnings": 1, **after, "kpis": nps(20.0), "opportunities": {"one-step": "done"},
         "status_changes": [{"opportunity": "one-step", "title": "One-step signup", "before": "planned",
                             "after": "done"}]},
        {"subject": "Rename", "path": "onboarding.journey.yaml", "date": "2026-04-01", "valid": True, "errors": 0,
         "warnings": 1, **after, "kpis": nps(20.0), "opportunities": {"one-step": "done"}, "status_changes": []},
        {"subject": "NPS 35", "path": "onboarding.journey.yaml", "date": "2026-05-01", "valid": True, "errors": 0,
         "warnings": 0, **after, "kpis": nps(35.0), "opportunities": {"one-step": "done"}, "status_changes": []},
    ]


KEYS = ("subject", "path", "valid", "errors", "warnings", "friction", "hotspot_rank", "peak_end", "kpis",
        "opportunities", "status_changes")


def test_json_equals_the_hand_computed_series(jm, signup_repo):
    run = jm("history", "onboarding.journey.yaml", "--format", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    points = [{key: p[key] for key in KEYS} | {"date": p["date"][:10]} for p in data["points"]]
    assert points == expected_points()
    gap = data["points"][2]
    assert gap["first_finding"] == ("signup.journey.yaml:17:12: unknown phase 'p9'; the only phase is p1 "
                                    "[unknown-reference]")
    assert data["markers"] == [{
        "commit": data["points"][3]["commit"], "date": "2026-03-01", "opportunity": "one-step",
        "title": "One-step signup",
        "touchpoints": [{"touchpoint": "signup", "name": "Signs up", "before": 0.7, "after": 0.15}]}]
    assert data["shallow"] is False


def test_text_csv_and_markdown_tell_the_same_story(jm, signup_repo):
    text = jm("history", "onboarding.journey.yaml")
    assert text.code == 0
    assert "  nps at 'Signs up': ▁▄·▄▄█  10 → 35, target 30" in text.lines
    assert "  One-step signup done on 2026-03-01: signup friction 0.70 → 0.15" in text.lines
    assert any("✖ 1 error: signup.journey.yaml:17:12: unknown phase 'p9'" in line for line in text.lines)
    rows = jm("history", "onboarding.journey.yaml", "--format", "csv").out.lstrip("\ufeff").splitlines()
    assert rows[0] == "commit,date,subject,valid,errors,warnings,measure,id,name,value,target,on_target"
    assert sum(1 for row in rows if ",kpi:nps,signup,Signs up," in row) == 5
    markdown = jm("history", "onboarding.journey.yaml", "--format", "markdown").out
    assert "| nps | Signs up | ▁▄·▄▄█ | 10 | 35 | 30 |" in markdown


def test_each_personas_remembered_experience_is_shown_per_commit(jm, signup_repo):
    """Ann's peak-end (by hand above): -0.5 twice, a gap, then 1 after the fix; the scale is -2..+2."""
    text = jm("history", "onboarding.journey.yaml").lines
    assert text[text.index("Remembered experience per persona (peak-end, -2..+2)") + 1] == "  'Ann': ▄▄·▆▆▆  -0.5 → +1"
    markdown = jm("history", "onboarding.journey.yaml", "--format", "markdown").out
    assert "| Ann | ▄▄·▆▆▆ | -0.5 | +1 |" in markdown
    html = jm("history", "onboarding.journey.yaml", "--format", "html").out
    section = html[html.index('<section id="trend-remembered"'):]
    assert "<figcaption>Ann <span class=\"range\">−0.5 → +1</span></figcaption>" in section
    assert '<desc id="remembered-1-desc">−0.5, −0.5, +1, +1, +1</desc>' in section
    assert section.count('<circle class="dot"') == 5


def test_commits_of_one_day_are_told_apart_on_the_axis(jm, tmp_path, monkeypatch):
    """Four commits on one day: each point is labelled with its own short hash, the date once."""
    repo = init_repo(tmp_path / "repo")
    path = repo / "signup.journey.yaml"
    for value in (10, 15, 20, 25):
        path.write_text(SIGNUP.replace("value: 10, target: 30", f"value: {value}, target: 30"), encoding="utf-8")
        _commit_on(repo, "2026-03-02", f"NPS {value}")
    monkeypatch.chdir(repo)
    hashes = git(repo, "log", "--reverse", "--format=%h", "--abbrev=7").split()
    html = jm("history", "signup.journey.yaml", "--format", "html").out
    chart = html[html.index('<section id="trend-kpis"'):html.index('<section id="trend-friction"')]
    assert re.findall(r'<text class="tick commit"[^>]*>([0-9a-f]{7})</text>', chart) == hashes
    assert chart.count(">2026-03-02</text>") == 1
    assert f"<title>25 · {hashes[-1]} · 2026-03-02</title>" in chart


def test_each_points_hotspots_say_why_they_rank_there(jm, signup_repo):
    """No volumes in the signup map: friction alone ranks, and the line says so."""
    lines = jm("history", "onboarding.journey.yaml").lines
    assert lines[2].endswith("1 warning, top hotspot 'Signs up': friction 0.70 (no contact volume in the map)  "
                             "(Signup map)")
    assert lines[5].endswith("1 warning, no hotspot  (One-step signup done)")
    points = json.loads(jm("history", "onboarding.journey.yaml", "--format", "json").out)["points"]
    assert [p["hotspot_why"] for p in points] == [{"signup": "friction 0.70 (no contact volume in the map)"}] * 2 + [{}] * 4


def test_since_and_max_count_cut_the_series(jm, signup_repo):
    since = json.loads(jm("history", "onboarding.journey.yaml", "--since", "2026-02-20", "--format", "json").out)
    assert [p["subject"] for p in since["points"]] == ["One-step signup done", "Rename", "NPS 35"]
    newest = json.loads(jm("history", "onboarding.journey.yaml", "--max-count", "2", "--format", "json").out)
    assert [p["subject"] for p in newest["points"]] == ["Rename", "NPS 35"]
    revision = git(signup_repo, "rev-list", "-n", "1", "HEAD~2").strip()
    after = json.loads(jm("history", "onboarding.journey.yaml", "--since", revision, "--format", "json").out)
    assert [p["subject"] for p in after["points"]] == ["Rename", "NPS 35"]


def test_a_shallow_clone_gives_one_point_and_says_how_to_fetch_more(jm, signup_repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", signup_repo.as_uri(), str(clone)], check=True)
    run = jm("history", "onboarding.journey.yaml", "--format", "json", cwd=clone)
    assert run.code == 0
    assert [p["subject"] for p in json.loads(run.out)["points"]] == ["NPS 35"]
    assert run.err.strip() == ("journeymap: note: this is a shallow clone: 1 point found in the history it has; "
                               "fetch the whole history for the trend (git fetch --unshallow, or fetch-depth: 0 in "
                               "actions/checkout)")


def test_outside_a_repository_is_a_one_line_usage_error(jm, tmp_path, write):
    path = write("m.journey.yaml", SIGNUP)
    run = jm("history", path, cwd=tmp_path)
    assert run.code == 2 and run.out == ""
    assert run.err.splitlines() == [f"Error: '{path}' is not in a git repository: history reads the map's commits"]


@pytest.mark.parametrize("args, message", [
    (("missing.journey.yaml",), "Error: 'missing.journey.yaml': no such file"),
    (("onboarding.journey.yaml", "--since", "nope"), "Error: git: unknown revision 'nope'"),
])
def test_usage_errors(jm, signup_repo, args, message):
    run = jm("history", *args)
    assert run.code == 2 and run.err.splitlines() == [message]


def test_hostile_history_is_refused_quickly_and_stays_inert(jm, signup_repo):
    from support.maps import BILLION_LAUGHS
    path = signup_repo / "onboarding.journey.yaml"
    good = path.read_text(encoding="utf-8")
    for hostile, message in ((BILLION_LAUGHS, "bomb"), ("a: " + "[" * 50_000 + "]" * 50_000 + "\n", "deep")):
        path.write_text(hostile, encoding="utf-8")
        _commit_on(signup_repo, "2026-06-01", f"{message}: {PAYLOADS[0]} {PAYLOADS[3]}")
    path.write_text(good, encoding="utf-8")
    git(signup_repo, "config", "user.name", '<script>alert("author")</script> "] -> x [label=')
    _commit_on(signup_repo, "2026-06-02", " | ".join(PAYLOADS))
    started = time.monotonic()
    run = jm("history", "onboarding.journey.yaml", "--format", "json")
    assert run.code == 0 and time.monotonic() - started < 20
    points = json.loads(run.out)["points"]
    assert [p["valid"] for p in points[-3:]] == [False, False, True]
    assert all("[input-limit]" in p["first_finding"] for p in points[-3:-1])
    assert jm("history", "onboarding.journey.yaml", "-o", "trend.html").code == 0
    html = (signup_repo / "trend.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# ------------------------------------------------------------------------------ in Chromium

@pytest.fixture(scope="module")
def shop_trend(tmp_path_factory) -> Path:
    from support.report_maps import render
    repo = tmp_path_factory.mktemp("shop-history")
    map_path = shop_history(repo)
    target = repo / "trend.html"
    here = Path.cwd()
    try:
        import os
        os.chdir(repo)
        assert render("history", map_path, "-o", target) == 0
    finally:
        os.chdir(here)
    return target


@pytest.fixture(scope="module")
def bank_trend(tmp_path_factory) -> Path:
    from support.report_maps import render
    import os
    repo = tmp_path_factory.mktemp("bank-history")
    map_path = bank_history(repo)
    here = Path.cwd()
    try:
        os.chdir(repo)
        assert render("history", map_path, "-o", repo / "verlauf.html") == 0
    finally:
        os.chdir(here)
    return repo / "verlauf.html"


def test_trend_report_loads_without_errors_or_requests_and_prints_on_a3(browser, shop_trend, tmp_path):  # noqa: F811
    from pypdf import PdfReader
    with Visit(browser, shop_trend) as visit:
        assert visit.problems() == {}
        delivered = visit.page.inner_text("#trend-delivered")
        remembered = visit.page.locator("#trend-remembered figcaption").all_inner_texts()
        friction = [" ".join(c.split()) for c in visit.page.locator("#trend-friction figcaption").all_inner_texts()]
        axes = visit.page.evaluate("""() => [...document.querySelectorAll('svg.trend')].map(svg =>
          [...svg.querySelectorAll('text.commit')].map(t => t.textContent))""")
        SHOTS.mkdir(exist_ok=True)
        visit.page.screenshot(path=str(SHOTS / "trend-shop.png"), full_page=True)
    assert ("Guest checkout, with an optional one-click account after payment done on 2026-04-14: "
            "Has to create an account before paying friction 0.88 → 0.33") in delivered
    assert ("Prints the return label and drops the parcel off 0.49 → 0.49 ▲ Hotspot #1 at the newest commit: "
            "friction 0.49 × 16,900 contacts (none given: the median)") in friction
    assert "Registers a return in the online returns portal 0.28 → 0.28" in friction   # friction below 0.3: none
    assert remembered == ["Jonas, weekend hiker −0.5 → +1.5", "Maria, buying a gift −0.5 → +1.5",
                          "Priya, experienced alpinist +1.5 → +1.5"]
    # nine commits: every label a different commit, the first and the last always among them; 11 charts, the
    # first the shop's money at stake (it names clv and currency)
    assert all(len(set(axis)) == len(axis) >= 8 and axis[0] != axis[-1] for axis in axes) and len(axes) == 11
    width, height = PRINTABLE["A3"]
    with Visit(browser, shop_trend, width=round(width), height=round(height), media="print") as visit:
        overflow = visit.page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        pdf = tmp_path / "trend.pdf"
        visit.page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    assert overflow <= 1
    for page in PdfReader(pdf).pages:
        assert abs(float(page.mediabox.width) - 1190.55) <= 2 and abs(float(page.mediabox.height) - 841.89) <= 2


def test_german_trend_report_has_no_english_tool_label(browser, bank_trend):  # noqa: F811
    from support.paths import SAMPLES
    german = SAMPLES / "bank-account" / "kontoeroeffnung.journey.yaml"
    english = foreign_labels("de", user_strings(german))
    assert {"trend.section.kpis", "trend.section.delivered"} <= set(english)   # the check has teeth
    with Visit(browser, bank_trend) as visit:
        assert visit.problems() == {}
        assert visit.page.evaluate("document.documentElement.lang") == "de"
        text = visit.page.evaluate("""() => [document.title, document.body.innerText,
          ...[...document.querySelectorAll('[title], [aria-label]')].flatMap(e => [e.getAttribute('title'), e.getAttribute('aria-label')]),
          ...[...document.querySelectorAll('svg title, svg desc')].map(e => e.textContent)].filter(Boolean).join('\\n')""")
        visit.page.screenshot(path=str(SHOTS / "trend-de.png"), full_page=True)
    assert labels_found(text, english) == {}
    assert labels_found(text, {"trend.section.kpis": labels("de")["trend.section.kpis"]})


def test_render_history_adds_a_trend_section_and_the_summary_a_sparkline_per_kpi(jm, signup_repo):
    run = jm("render", "onboarding.journey.yaml", "-o", "out", "-f", "html", "--history", "10",
             "--summary", "summary.md")
    assert run.code == 0, run.err
    html = (signup_repo / "out" / "onboarding.html").read_text(encoding="utf-8")
    assert 'id="trend"' in html and "One-step signup done on 2026-03-01: Signs up friction 0.70 → 0.15" in html
    summary = (signup_repo / "summary.md").read_text(encoding="utf-8")
    assert "KPIs over the last 6 commits:" in summary
    assert "| nps | Signs up | ▁▄·▄▄█ | 35 | 30 |" in summary
    plain = jm("render", "onboarding.journey.yaml", "-o", "plain", "-f", "html")
    assert plain.code == 0 and 'id="trend"' not in (signup_repo / "plain" / "onboarding.html").read_text()


def test_render_history_outside_git_is_a_usage_error(jm, tmp_path, write):
    path = write("m.journey.yaml", SIGNUP)
    run = jm("render", path, "-o", tmp_path / "out", "--history", "5", cwd=tmp_path)
    assert run.code == 2 and run.err.splitlines()[-1].startswith("Error: --history needs a git repository")


@pytest.fixture
def waiting_repo(tmp_path, monkeypatch):
    """Three commits of a waiting time (lower is better, in minutes): 35, 25, 18 against a target of 10."""
    repo = init_repo(tmp_path / "repo")
    path = repo / "signup.journey.yaml"
    for day, minutes in (("2026-01-05", 35), ("2026-02-01", 25), ("2026-03-01", 18)):
        kpi = f"wait_minutes: {{value: {minutes}, target: 10, better: lower, unit: min}}"
        path.write_text(SIGNUP.replace("nps: {value: 10, target: 30}", kpi), encoding="utf-8")
        _commit_on(repo, day, f"wait {minutes}")
    monkeypatch.chdir(repo)
    return repo


def test_a_lower_is_better_kpi_keeps_its_unit_and_direction_over_history(jm, waiting_repo):
    assert "  wait_minutes at 'Signs up': █▄▁  35 min → 18 min, target 10 min (lower is better)" in \
        jm("history", "signup.journey.yaml").lines
    assert "| wait_minutes | Signs up | █▄▁ | 35 min | 18 min | 10 min (lower is better) |" in \
        jm("history", "signup.journey.yaml", "--format", "markdown").out
    points = json.loads(jm("history", "signup.journey.yaml", "--format", "json").out)["points"]
    assert [(k["value"], k["on_target"], k["better"], k["unit"]) for p in points for k in p["kpis"]] == [
        (35.0, False, "lower", "min"), (25.0, False, "lower", "min"), (18.0, False, "lower", "min")]
    html = jm("history", "signup.journey.yaml", "--format", "html").out
    assert "wait_minutes · Signs up (lower is better) <span class=\"range\">35 min → 18 min</span>" in html
    assert ">target 10 min</text>" in html


def test_each_version_is_read_with_the_detail_maps_it_links_to(tmp_path, monkeypatch):
    """A touchpoint's `detail` map is checked when the map is (it must exist and form no cycle): every
    version of the shop's map, whose returns touchpoint zooms into returns.journey.yaml, is valid."""
    repo = tmp_path / "repo"
    repo.mkdir()
    map_path = shop_history(repo)
    monkeypatch.chdir(repo)
    from journeymap.history.series import history, references

    assert references(b"touchpoints:\n  - {id: a, detail: pay.journey.yaml}\n") == (["pay.journey.yaml"], [])
    found = history(map_path, parallel=False)
    assert len(found.points) >= 9
    assert [p.date[:10] for p in found.points if not p.valid] == ["2026-03-20"]   # only the typo commit has an error
