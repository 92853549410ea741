"""Bad money and detail input (issue 28): each a finding at its line:col, exit 1, nothing written."""

import pytest

from support.maps import map_with
from support.money import money_map

MAP = "m.journey.yaml"


def _bad(project, jm, text, *, name=MAP):
    path = project / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return jm("validate", path), path


@pytest.mark.parametrize("old, new, line_col, message", [
    ("clv: 1200,", "clv: -1200,", "6:41", "'clv' must be 0 or more, got -1200"),
    ("clv: 1200,", "clv: lots,", "6:41", "'clv' must be a number, got the text 'lots'"),
    ("clv: 1200,", "clv: true,", "6:41", "'clv' must be a number, got a boolean (true)"),
    ("currency: EUR", "currency: EUX", "4:11",
     "'currency' must be an ISO 4217 currency code such as EUR, USD or CHF, got 'EUX' (did you mean 'EUR'?)"),
    ("currency: EUR", "currency: eur", "4:11", "'currency' must be written in capitals: 'EUR'"),
    ("effect: 0.2,", "effect: 1.2,", "42:97", "'effect' must be between 0 and 1, got 1.2"),
    ("effect: 0.2,", "effect: -0.1,", "42:97", "'effect' must be between 0 and 1, got -0.1"),
    ("cost: 1600}", "cost: -5}", "42:108", "'cost' must be 0 or more, got -5"),
    ("cost: 1600}", "cost: cheap}", "42:108",
     "'cost' must be one of low, medium, high or an amount of money (a number); got the text 'cheap'"),
])
def test_bad_money_input_is_a_schema_error_at_its_value(project, jm, old, new, line_col, message):
    text = money_map()
    assert old in text
    run, path = _bad(project, jm, text.replace(old, new, 1))
    assert run.code == 1
    assert f"{path}:{line_col}: error: {message} [schema]" in run.out.splitlines()


def _map(detail: str, title: str = "A") -> str:
    touchpoint = f'{{id: signup, name: "Signs up", phase: join, owner: team, detail: {detail}, next: [welcome]}}'
    return map_with(title=title, touchpoints=[touchpoint, '{id: welcome, name: "Welcome", phase: stay, owner: team}'])


@pytest.mark.parametrize("detail, message", [
    ("../outside.journey.yaml", "cannot follow detail '../outside.journey.yaml': it is outside the project, "
                                "the git work tree that holds the map (--allow-outside lifts this)"),
    ("/etc/passwd", "cannot follow detail '/etc/passwd': it is an absolute path; name it relative to the file, "
                    "inside the project (--allow-outside lifts this)"),
    ("missing.journey.yaml", "cannot follow detail 'missing.journey.yaml': no such file"),
    ("library.yaml", "cannot follow detail 'library.yaml': it is not a journey map "
                     "(a map has 'journeymap: 1' and 'touchpoints')"),
    ("broken.journey.yaml", "cannot follow detail 'broken.journey.yaml': it cannot be read as a map "
                            "(yaml-syntax at line 2: "),
    ("shared", "cannot follow detail 'shared': it is a folder, not a map"),
    ('""', "cannot follow detail '': it is empty; name the map that zooms into this touchpoint"),
])
def test_a_detail_that_cannot_be_followed(project, jm, detail, message):
    (project / "library.yaml").write_text('personas: [{id: lea, name: "Lea"}]\n', encoding="utf-8")
    (project / "broken.journey.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    (project / "shared").mkdir()
    (project.parent / "outside.journey.yaml").write_text(_map("m.journey.yaml"), encoding="utf-8")
    run, path = _bad(project, jm, _map(detail))
    assert run.code == 1
    [finding] = [line for line in run.lines if "[detail-error]" in line]
    assert finding.startswith(f"{path}:11:") and f"error: {message}" in finding


def test_a_detail_link_inside_the_project_passes(project, jm):
    (project / "pay").mkdir()
    (project / "pay" / "payment.journey.yaml").write_text(_map("../index.journey.yaml", "Payment").replace(
        ", detail: ../index.journey.yaml", ""), encoding="utf-8")
    run, _ = _bad(project, jm, _map("pay/payment.journey.yaml"), name="index.journey.yaml")
    assert (run.code, run.out) == (0, "")


def test_a_cycle_of_detail_links_is_named(project, jm):
    (project / "pay").mkdir()
    (project / "pay" / "payment.journey.yaml").write_text(_map("card.journey.yaml", "Payment"), encoding="utf-8")
    (project / "pay" / "card.journey.yaml").write_text(_map("../index.journey.yaml", "Card"), encoding="utf-8")
    run, path = _bad(project, jm, _map("pay/payment.journey.yaml"), name="index.journey.yaml")
    assert run.code == 1
    assert run.lines[0] == (f"{path}:11:70: error: detail cycle: index.journey.yaml -> pay/payment.journey.yaml -> "
                            "pay/card.journey.yaml -> index.journey.yaml [detail-error]")


def test_a_map_that_details_itself_is_a_cycle(project, jm):
    run, path = _bad(project, jm, _map("m.journey.yaml"))
    assert run.lines[0] == f"{path}:11:70: error: detail cycle: m.journey.yaml -> m.journey.yaml [detail-error]"


def test_a_map_with_bad_input_is_not_rendered(project, jm):
    path = project / MAP
    path.write_text(money_map().replace("clv: 1200,", "clv: -1200,"), encoding="utf-8")
    out = project / "out"
    run = jm("render", path, "-f", "html,json", "-o", out)
    assert run.code == 1
    assert not list(out.rglob("*.html")) and not list(out.rglob("*.json"))
    assert jm("analyze", path).code == 1
