"""`journeymap render --summary FILE.md --base REV --annotate github`: the CI summary of every map."""

from __future__ import annotations

import pytest

from support.gitrepo import BANK, SHOP, commit, edit_map, init_repo, samples_repo, touchpoint
from support.maps import MINIMAL_MAP, map_with

TODAY = "2026-11-25"


@pytest.fixture(scope="module")
def pull_request(tmp_path_factory):
    """Two committed samples; in the working tree the shop's cart got harder and the bank map is broken."""
    repo = samples_repo(tmp_path_factory.mktemp("summary") / "repo")
    edit_map(repo / SHOP, lambda data: touchpoint(data, "cart").update(effort=3))
    edit_map(repo / BANK, lambda data: touchpoint(data, "online-antrag").update(phase="antrg"))
    (repo / "maps" / "minimal.journey.yaml").write_text(MINIMAL_MAP, encoding="utf-8")
    return repo


def render(jm, repo, *args):
    run = jm("render", "maps", "-o", "out", "-f", "dot", "--force", "--today", TODAY, *args, cwd=repo)
    assert "Traceback" not in run.err and "internal error" not in run.err
    return run


def sections(markdown: str) -> dict[str, str]:
    """The summary's sections by map: '### `maps/a.journey.yaml`' up to the next one."""
    parts = markdown.split("\n### ")
    return {part.split("`")[1]: "### " + part for part in parts[1:]}


def error_line(repo, path: str, text: str) -> int:
    return (repo / path).read_text(encoding="utf-8").splitlines().index(text) + 1


def test_summary_has_a_section_per_map(jm, pull_request):
    run = render(jm, pull_request, "--summary", "summary.md", "--base", "HEAD")
    assert run.code == 1                                  # the bank map has an error
    markdown = (pull_request / "summary.md").read_text(encoding="utf-8")
    assert markdown.startswith("## journeymap\n\n3 maps · 2 rendered · 0 unchanged · 1 with errors"
                               " · compared with `HEAD`\n\n### ")
    assert list(sections(markdown)) == [SHOP, BANK, "maps/minimal.journey.yaml"]


def test_a_map_with_errors_shows_them_and_the_new_error_as_a_regression(jm, pull_request):
    render(jm, pull_request, "--summary", "summary.md", "--base", "HEAD")
    bank = sections((pull_request / "summary.md").read_text(encoding="utf-8"))[BANK]
    line = error_line(pull_request, BANK, "  phase: antrg")
    where = f"{BANK}:{line}:10"
    assert bank == "\n".join([
        f"### `{BANK}`",
        "",
        "**❌ errors** · 1 error, 3 warnings",
        "",
        "| where | error | rule |",
        "|---|---|---|",
        f"| {where} | unknown phase 'antrg' (did you mean 'antrag'?) | unknown-reference |",
        "",
        "Changes since the base revision:",
        "",
        "|  | change |",
        "|---|---|",
        f"| ~ **regression** | new error at {where}: unknown phase 'antrg' (did you mean 'antrag'?) "
        "[unknown-reference] |",
        "",
    ])


def test_a_rendered_map_shows_its_hotspots_and_changes(jm, pull_request):
    render(jm, pull_request, "--summary", "summary.md", "--base", "HEAD")
    shop = sections((pull_request / "summary.md").read_text(encoding="utf-8"))[SHOP]
    assert shop == "\n".join([
        f"### `{SHOP}`",
        "",
        "**✅ rendered** · 0 errors, 2 warnings",
        "",
        "Top friction hotspots:",
        "",
        "| rank | touchpoint | friction | score | why this rank |",
        "|---|---|---:|---:|---|",
        "| #1 | Has to create an account before paying | 0.88 | 0.77 | friction 0.88 × 14,600 contacts |",
        "| #2 | Prints the return label and drops the parcel off | 0.49 | 0.44 |"
        " friction 0.49 × 16,900 contacts (none given: the median) |",
        "| #3 | Missed the delivery and picks the parcel up at a parcel shop | 0.60 | 0.40 |"
        " friction 0.60 × 1,600 contacts |",
        "",
        "Money at stake: **€69,463,643** (9 touchpoints without a figure)",
        "",
        "| rank | touchpoint | at stake |",
        "|---|---|---|",
        "| #1 | Searches 'waterproof hiking jacket' and clicks a shopping ad | €27,456,987 |",
        "| #2 | Reads the product page, reviews and size guide | €23,848,000 |",
        "| #3 | Sees a creator's trail reel on Instagram | €9,086,233 |",
        "",
        "Largest expected value: Guest checkout, with an optional one-click account after payment, €2,637,733.",
        "",
        "Observed in `events/shop-events.parquet`: 7,000 cases, 23,172 events, 97.1 % of them at a touchpoint.",
        "",
        "Changes since the base revision:",
        "",
        "|  | change |",
        "|---|---|",
        "| ▼ | effort at 'Reviews the cart and sees shipping costs': 2 → 3 |",
        "| ▼ **regression** | friction at 'Reviews the cart and sees shipping costs': 0.23 → 0.28 |",
        "",
    ])


def test_a_map_added_since_the_base_is_new(jm, pull_request):
    render(jm, pull_request, "--summary", "summary.md", "--base", "HEAD")
    minimal = sections((pull_request / "summary.md").read_text(encoding="utf-8"))["maps/minimal.journey.yaml"]
    assert minimal.splitlines()[2] == "**✅ rendered** · 0 errors, 0 warnings"
    assert minimal.endswith("\nNew map since the base revision.\n\n")


def test_without_base_there_are_no_changes(jm, pull_request):
    render(jm, pull_request, "--summary", "summary.md")
    markdown = (pull_request / "summary.md").read_text(encoding="utf-8")
    assert "compared with" not in markdown and "Changes since" not in markdown and "New map" not in markdown
    assert "Top friction hotspots:" in sections(markdown)[SHOP]


def test_annotate_github_prints_workflow_commands_on_stdout(jm, pull_request):
    run = render(jm, pull_request, "--annotate", "github")
    line = error_line(pull_request, BANK, "  phase: antrg")
    errors = [text for text in run.lines if text.startswith("::error ")]
    warnings = [text for text in run.lines if text.startswith("::warning ")]
    assert errors == [f"::error file={BANK},line={line},col=10,title=unknown-reference::"
                      "unknown phase 'antrg' (did you mean 'antrag'?)"]
    assert len(warnings) == 5 and len(run.lines) == 6
    assert f"::warning file={SHOP},line={error_line(pull_request, SHOP, '      value: 0.52')},col=7," \
           "title=kpi-below-target::conversion 0.52 at 'checkout-account' is worse than its target 0.8 " \
           "(higher is better)" in warnings
    # the same findings still go to stderr as text lines
    assert f"{BANK}:{line}:10: error: unknown phase 'antrg' (did you mean 'antrag'?) [unknown-reference]" \
        in run.err.splitlines()


def test_without_annotate_stdout_stays_empty(jm, pull_request):
    assert render(jm, pull_request).out == ""


def test_an_unknown_base_is_a_usage_error(jm, pull_request):
    run = render(jm, pull_request, "--summary", "summary.md", "--base", "nope")
    assert run.code == 2
    assert run.err.splitlines()[-1] == "Error: --base nope: unknown revision 'nope'"


def waiting_map(minutes: int) -> str:
    """The minimal map whose signup has a waiting time: lower is better, in minutes."""
    kpi = f"wait_minutes: {{value: {minutes}, target: 10, better: lower, unit: min}}"
    return map_with(touchpoints=['{id: signup, name: "Signs up", phase: join, owner: team, next: [welcome], '
                                 f'kpis: {{{kpi}}}}}', '{id: welcome, name: "Gets a welcome mail", phase: stay, '
                                 'owner: team}'])


def test_a_shorter_wait_is_an_improvement_with_its_unit_and_direction(jm, tmp_path):
    repo = init_repo(tmp_path / "repo")
    target = repo / "maps" / "wait.journey.yaml"
    target.parent.mkdir()
    for minutes in (40, 35):
        target.write_text(waiting_map(minutes), encoding="utf-8")
        commit(repo, f"wait {minutes}")
    target.write_text(waiting_map(18), encoding="utf-8")
    render(jm, repo, "--summary", "summary.md", "--base", "HEAD")
    section = sections((repo / "summary.md").read_text(encoding="utf-8"))["maps/wait.journey.yaml"]
    assert "| ▲ | wait_minutes at 'Signs up': 35 min → 18 min, toward target 10 min |" in section.splitlines()
    assert "| wait_minutes | Signs up | █▁ | 35 min | 10 min (lower is better) |" in section.splitlines()
