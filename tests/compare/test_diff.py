"""`journeymap diff`: the exact semantic changes between two versions of a map, from files or git revisions."""

from __future__ import annotations

import json
import re

import pytest

from support.gitrepo import BANK, SHOP, commit, edit_map, init_repo, samples_repo, touchpoint
from support.maps import MINIMAL_MAP, SIGNUP, WELCOME, map_with
from support.paths import ROOT

SHOP_PHASES = "the phases are: discover, consider, buy, delivery, after-purchase"  # the sample shop's

TODAY = "2026-11-25"


def edit_the_shop(data: dict) -> None:
    """One of every kind of edit a CX team makes in a week."""
    touchpoints = data["touchpoints"]
    # size-chat goes; product-page's edge to it now leads to a new touchpoint, so every `next` still resolves
    touchpoints.remove(touchpoint(data, "size-chat"))
    product_page = touchpoint(data, "product-page")
    product_page["next"][0] = {"to": "wishlist", "share": 0.06, "label": "Saves it for later"}
    touchpoints.insert(touchpoints.index(product_page) + 1, {
        "id": "wishlist", "name": "Saves the jacket to a wishlist", "phase": "consider", "channel": "webshop",
        "owner": "ecommerce", "emotion": 1, "effort": 1, "next": ["cart"]})
    touchpoint(data, "payment")["name"] = "Pays with PayPal, card, invoice or Klarna"
    touchpoint(data, "order-confirmation")["phase"] = "delivery"
    product_page["emotion"]["gift-buyer"] = "happy"                          # neutral (0) -> happy (1)
    product_page["pains"][0]["severity"] = 2                                 # fit-unclear: 3 -> 2
    touchpoint(data, "cart")["effort"] = 3                                   # 2 -> 3
    touchpoint(data, "return-portal")["pains"].append(
        {"id": "refund-slow", "text": "Refund status unclear for days", "severity": 2})
    touchpoint(data, "checkout-account")["kpis"]["conversion"]["value"] = 0.61   # target 0.8
    next(o for o in data["opportunities"] if o["id"] == "persistent-cart")["status"] = "done"


def add_a_persona(library: dict) -> None:
    """The shop's personas live in its library (shop-library.yaml, which the map includes)."""
    library["personas"].append({"id": "student", "name": "Ali, student on a budget", "share": 0.1})


@pytest.fixture(scope="module")
def shop_repo(tmp_path_factory):
    """Two samples committed, then a second commit with edit_the_shop applied to the online shop."""
    repo = samples_repo(tmp_path_factory.mktemp("diff") / "repo")
    edit_map(repo / SHOP, edit_the_shop)
    edit_map(repo / "maps" / "shop-library.yaml", add_a_persona)
    commit(repo, "a week of changes to the shop")
    return repo


def diff(jm, repo, *args):
    run = jm("diff", *args, "--today", TODAY, cwd=repo)
    assert "Traceback" not in run.err and "internal error" not in run.err
    return run


# The student persona has no entry in the per-persona emotions of product-page, checkout-account and
# return-dropoff; a persona without an emotion there does not count towards the touchpoint's friction,
# so adding it moves nothing: only real changes (effort, pains, emotions) move friction. return-portal's new
# pain lifts its friction over analysis.hotspot_min (0.3): it becomes a hotspot.
EXPECTED_TEXT = [
    f"{SHOP} (since HEAD~1): 21 changes, 2 regressions",
    "  ~ persona 'Ali, student on a budget' added",
    "  ~ touchpoint 'Saves the jacket to a wishlist' added in phase 'Consider'",
    "  ~ touchpoint 'Asks a gear advisor about sizing in the live chat' removed",
    "  ▼ effort at 'Reviews the cart and sees shipping costs': 2 → 3",
    "  ▼ friction at 'Reviews the cart and sees shipping costs': 0.23 → 0.28  REGRESSION",
    "  ▲ conversion at 'Has to create an account before paying': 0.52 → 0.61, toward target 0.8",
    "  ~ touchpoint 'Receives the order confirmation e-mail' moved from phase 'Buy' to 'Delivery'",
    "  ~ touchpoint renamed: 'Pays with PayPal, card or invoice' → 'Pays with PayPal, card, invoice or Klarna'",
    "  ▲ emotion at 'Reads the product page, reviews and size guide' for 'Maria, buying a gift': 0 → 1",
    "  ▲ severity of pain 'Size guide gives body measures but not how the cut runs' at "
    "'Reads the product page, reviews and size guide': 3 → 2",
    "  ▲ friction at 'Reads the product page, reviews and size guide': 0.35 → 0.33",
    "  ▼ pain added at 'Registers a return in the online returns portal': Refund status unclear for days (severity 2)",
    "  ▼ friction at 'Registers a return in the online returns portal': 0.28 → 0.33  REGRESSION",
    "  ▼ hotspot rank of 'Registers a return in the online returns portal': none → #5",
    "  ~ opportunity 'Keep the cart across sessions, devices and app switches' status planned → done",
    # money (the shop names clv and currency): the better conversion at checkout-account; the observed
    # drop-off at the ads moves a little because size-chat's events now belong to no touchpoint
    "  ▲ total money at stake: €69,463,643 → €68,183,341 (−€1,280,301)",
    "  ▲ money at stake at 'Has to create an account before paying': €5,275,467 → €4,286,317 (−€989,150)",
    "  ▼ money at stake at 'Sees a creator's trail reel on Instagram': €9,086,233 → €9,091,609 (+€5,376)",
    "  ▼ money at stake at 'Searches 'waterproof hiking jacket' and clicks a shopping ad': €27,456,987 → "
    "€27,472,767 (+€15,780)",
    "  ~ expected value of opportunity 'Guest checkout, with an optional one-click account after payment': "
    "€2,637,733 → €2,143,158 (−€494,575)",
    "  ~ expected value of opportunity 'Keep the cart across sessions, devices and app switches': "
    "€1,318,867 → €1,071,579 (−€247,288)",
]

# (kind, subject, before, after, better, regression), in the order of EXPECTED_TEXT
EXPECTED_CHANGES = [
    ("persona-added", "student", None, "Ali, student on a budget", None, False),
    ("touchpoint-added", "wishlist", None, "Saves the jacket to a wishlist", None, False),
    ("touchpoint-removed", "size-chat", "Asks a gear advisor about sizing in the live chat", None, None, False),
    ("effort-changed", "cart", "2", "3", False, False),
    ("friction-changed", "cart", "0.23", "0.28", False, True),
    ("kpi-changed", "checkout-account/conversion", "0.52", "0.61", True, False),
    ("touchpoint-moved", "order-confirmation", "buy", "delivery", None, False),
    ("touchpoint-renamed", "payment", "Pays with PayPal, card or invoice",
     "Pays with PayPal, card, invoice or Klarna", None, False),
    ("emotion-changed", "product-page/gift-buyer", "0", "1", True, False),
    ("pain-severity-changed", "product-page#fit-unclear", "3", "2", True, False),
    ("friction-changed", "product-page", "0.35", "0.33", True, False),
    ("pain-added", "return-portal#refund-slow", None, "Refund status unclear for days", False, False),
    ("friction-changed", "return-portal", "0.28", "0.33", False, True),
    ("hotspot-rank-changed", "return-portal", None, "#5", False, False),
    ("opportunity-status-changed", "persistent-cart", "planned", "done", None, False),
    ("total-at-stake-changed", "total", "€69,463,643", "€68,183,341", True, False),
    ("at-stake-changed", "checkout-account", "€5,275,467", "€4,286,317", True, False),
    ("at-stake-changed", "instagram-reel", "€9,086,233", "€9,091,609", False, False),
    ("at-stake-changed", "search-ad", "€27,456,987", "€27,472,767", False, False),
    ("expected-value-changed", "guest-checkout", "€2,637,733", "€2,143,158", None, False),
    ("expected-value-changed", "persistent-cart", "€1,318,867", "€1,071,579", None, False),
]


# ------------------------------------------------------------------------ one map, three formats

def test_text_lists_every_change_exactly(jm, shop_repo):
    run = diff(jm, shop_repo, f"HEAD~1:{SHOP}", SHOP)
    assert (run.code, run.lines, run.err) == (0, EXPECTED_TEXT, "")


def test_markdown_has_a_heading_and_one_table_row_per_change(jm, shop_repo):
    run = diff(jm, shop_repo, f"HEAD~1:{SHOP}", SHOP, "--format", "markdown")
    assert run.code == 0
    assert run.lines[:3] == ["## Journey map changes", "", f"### {EXPECTED_TEXT[0]}"]
    rows = [line for line in run.lines if line.startswith("| ")]
    expected = []
    for line in EXPECTED_TEXT[1:]:
        mark, text = line[2], line[4:]
        if text.endswith("  REGRESSION"):
            mark, text = f"{mark} **regression**", text.removesuffix("  REGRESSION")
        expected.append(f"| {mark} | {text} |")
    assert rows == ["|  | change |", *expected]


def test_json_holds_every_change_with_its_direction(jm, shop_repo):
    run = diff(jm, shop_repo, f"HEAD~1:{SHOP}", SHOP, "--format", "json")
    report = json.loads(run.out)
    assert report["journeymap_diff"] == 1
    [one] = report["maps"]
    changes = [(c["kind"], c["subject"], c["before"], c["after"], c["better"], c["regression"])
               for c in one["changes"]]
    assert (one["old"], one["new"], one["status"], one["regressions"]) == (f"HEAD~1:{SHOP}", SHOP, "changed", 2)
    assert changes == EXPECTED_CHANGES
    assert [c["text"] for c in one["changes"]] == [line[4:].removesuffix("  REGRESSION") for line in EXPECTED_TEXT[1:]]


def test_since_finds_exactly_the_changed_map(jm, shop_repo):
    run = diff(jm, shop_repo, "--since", "HEAD~1")
    assert (run.code, run.lines) == (0, EXPECTED_TEXT)
    assert diff(jm, shop_repo, "--since", "HEAD~1", BANK).lines == ["no map changed since HEAD~1"]


def test_since_works_from_a_subfolder(jm, shop_repo):
    run = diff(jm, shop_repo / "maps", "--since", "HEAD~1")
    assert run.lines[0] == "first-purchase.journey.yaml (since HEAD~1): 21 changes, 2 regressions"
    assert run.lines[1:] == EXPECTED_TEXT[1:]


# ---------------------------------------------------------------------------- regressions

def test_fail_on_regression_exits_1_when_friction_rose(jm, shop_repo):
    assert diff(jm, shop_repo, f"HEAD~1:{SHOP}", SHOP, "--fail-on-regression").code == 1


def test_fail_on_regression_exits_0_when_friction_fell(jm, tmp_path):
    repo = samples_repo(tmp_path / "repo")
    edit_map(repo / SHOP, lambda data: touchpoint(data, "checkout-account").update(effort=4))
    commit(repo, "an easier checkout")
    run = diff(jm, repo, "--since", "HEAD~1", "--fail-on-regression")
    assert (run.code, run.lines) == (0, [
        f"{SHOP} (since HEAD~1): 2 changes",
        "  ▲ effort at 'Has to create an account before paying': 6 → 4",
        "  ▲ friction at 'Has to create an account before paying': 0.88 → 0.78",
    ])


def misspell_a_phase(repo) -> int:
    """Point the shop's 'cart' at a phase that does not exist; returns the line of the error."""
    edit_map(repo / SHOP, lambda data: touchpoint(data, "cart").update(phase="checkout"))
    return (repo / SHOP).read_text(encoding="utf-8").splitlines().index("  phase: checkout") + 1


def test_a_new_error_is_a_regression(jm, tmp_path):
    repo = samples_repo(tmp_path / "repo")
    line = misspell_a_phase(repo)
    run = diff(jm, repo, f"HEAD:{SHOP}", SHOP, "--fail-on-regression")
    assert (run.code, run.lines) == (1, [
        f"{SHOP} (since HEAD): 1 change, 1 regression",
        f"  ~ new error at {SHOP}:{line}:10: unknown phase 'checkout'; {SHOP_PHASES} [unknown-reference]  REGRESSION",
    ])
    change = json.loads(diff(jm, repo, f"HEAD:{SHOP}", SHOP, "--format", "json").out)["maps"][0]
    assert change["status"] == "broken"
    assert [(c["kind"], c["regression"]) for c in change["changes"]] == [("error-added", True)]


def test_an_error_the_new_version_no_longer_has_is_listed_as_fixed(jm, tmp_path):
    repo = samples_repo(tmp_path / "repo")
    original = (repo / SHOP).read_text(encoding="utf-8")
    line = misspell_a_phase(repo)
    commit(repo, "a typo in a phase id")
    (repo / SHOP).write_text(original, encoding="utf-8")
    run = diff(jm, repo, f"HEAD:{SHOP}", SHOP, "--fail-on-regression")
    assert (run.code, run.lines) == (0, [
        f"{SHOP} (since HEAD): 1 change",
        f"  ▲ error fixed: unknown phase 'checkout'; {SHOP_PHASES} [unknown-reference] "
        f"(was at HEAD:{SHOP}:{line}:10)",
    ])
    change = json.loads(diff(jm, repo, f"HEAD:{SHOP}", SHOP, "--format", "json").out)["maps"][0]
    assert change["status"] == "fixed"
    assert [(c["kind"], c["better"], c["regression"]) for c in change["changes"]] == [("error-fixed", True, False)]


def test_a_map_added_since_the_revision_is_new(jm, tmp_path):
    repo = samples_repo(tmp_path / "repo")
    (repo / "maps" / "minimal.journey.yaml").write_text(MINIMAL_MAP, encoding="utf-8")
    run = diff(jm, repo, "--since", "HEAD")
    assert (run.code, run.lines) == (0, ["maps/minimal.journey.yaml: new map"])
    report = json.loads(diff(jm, repo, "--since", "HEAD", "--format", "json").out)
    assert [(m["old"], m["new"], m["status"]) for m in report["maps"]] == [("", "maps/minimal.journey.yaml", "added")]


def test_a_map_removed_since_the_revision_is_reported(jm, tmp_path):
    repo = samples_repo(tmp_path / "repo")
    (repo / BANK).unlink()
    assert diff(jm, repo, "--since", "HEAD").lines == [f"HEAD:{BANK}: map removed"]
    assert diff(jm, repo / "maps", "--since", "HEAD").lines == ["HEAD:kontoeroeffnung.journey.yaml: map removed"]


def test_a_changed_touchpoint_id_is_matched_by_name(jm, write):
    old = write("old.journey.yaml", MINIMAL_MAP)
    new = write("new.journey.yaml", MINIMAL_MAP.replace("id: welcome", "id: welcome-mail")
                .replace("next: [welcome]", "next: [welcome-mail]"))
    run = jm("diff", old, new)
    assert run.lines == [f"{old} → {new}: 1 change",
                         "  ~ touchpoint 'Gets a welcome mail' has a new id: welcome → welcome-mail"]


def test_gains_and_sticky_notes_added_and_removed_are_listed(jm, write):
    old = write("old.journey.yaml", map_with(touchpoints=[
        SIGNUP.replace("next: [welcome]}", 'next: [welcome], gains: ["Quick"]}'),
        WELCOME.replace("owner: team}", 'owner: team, notes: ["Ask IT"]}')]))
    new = write("new.journey.yaml", map_with(touchpoints=[
        SIGNUP, WELCOME.replace("owner: team}", 'owner: team, gains: ["Personal"], notes: [{text: "Test it", by: Kim}]}')]))
    run = jm("diff", old, new, "--format", "json")
    changes = [(c["kind"], c["before"], c["after"], c["better"]) for c in json.loads(run.out)["maps"][0]["changes"]]
    assert changes == [("gain-removed", "Quick", None, False), ("gain-added", None, "Personal", True),
                       ("note-added", None, "Test it", None), ("note-removed", "Ask IT", None, None)]
    assert jm("diff", old, new).lines[1:] == [
        "  ▼ gain removed at 'Signs up': Quick",
        "  ▲ gain added at 'Gets a welcome mail': Personal",
        "  ~ sticky note added at 'Gets a welcome mail': Test it",
        "  ~ sticky note removed at 'Gets a welcome mail': Ask IT",
    ]


def welcome_with(pains: str = "[]", gains: str = "[]") -> str:
    return map_with(touchpoints=[SIGNUP, WELCOME.replace("owner: team}", f"owner: team, pains: {pains}, gains: {gains}}}")])


def test_a_reworded_pain_or_gain_is_one_change_that_quotes_both_texts(jm, write):
    """Pains and gains with an id are matched by it; without, equal texts pair up, then the rest by position."""
    old = write("old.journey.yaml", welcome_with(
        pains='[{id: late, text: "Mail comes late", severity: 4}, "Spam folder", "No link"]',
        gains='["Friendly tone", {id: quick, text: "Quick"}]'))
    new = write("new.journey.yaml", welcome_with(
        pains='["Spam folder", "Link broken on mobile", {id: late, text: "Mail comes a day late", severity: 4}]',
        gains='["Friendly, personal tone", {id: quick, text: "Quick"}, "Has a video"]'))
    run = jm("diff", old, new)
    assert (run.code, run.lines[1:]) == (0, [
        "  ~ pain reworded at 'Gets a welcome mail': 'No link' → 'Link broken on mobile'",
        "  ~ pain reworded at 'Gets a welcome mail': 'Mail comes late' → 'Mail comes a day late'",
        "  ▲ gain added at 'Gets a welcome mail': Has a video",
        "  ~ gain reworded at 'Gets a welcome mail': 'Friendly tone' → 'Friendly, personal tone'",
    ])
    changes = json.loads(jm("diff", old, new, "--format", "json").out)["maps"][0]["changes"]
    assert [(c["kind"], c["subject"], c["touchpoint"], c["names"]) for c in changes[:2]] == [
        ("pain-reworded", "welcome#Link broken on mobile", "welcome", {"touchpoint": "Gets a welcome mail"}),
        ("pain-reworded", "welcome#late", "welcome", {"touchpoint": "Gets a welcome mail"})]


def test_a_new_pain_with_its_own_id_is_added_not_reworded(jm, write):
    old = write("old.journey.yaml", welcome_with(pains='[{id: late, text: "Mail comes late"}]'))
    new = write("new.journey.yaml", welcome_with(pains='[{id: spam, text: "Lands in spam"}]'))
    assert jm("diff", old, new).lines[1:3] == [
        "  ▼ pain added at 'Gets a welcome mail': Lands in spam (severity 3)",
        "  ▲ pain removed at 'Gets a welcome mail': Mail comes late",
    ]


def test_names_that_two_share_carry_their_id_and_json_keeps_the_ids(jm, write):
    twins = map_with(touchpoints=[SIGNUP.replace('"Signs up"', '"Gets a welcome mail"'), WELCOME])
    old = write("old.journey.yaml", twins)
    new = write("new.journey.yaml", twins.replace("phase: stay, owner: team}", "phase: stay, owner: team, effort: 3}"))
    assert jm("diff", old, new).lines[1] == "  ~ effort at 'Gets a welcome mail (welcome)': – → 3"
    change = json.loads(jm("diff", old, new, "--format", "json").out)["maps"][0]["changes"][0]
    assert (change["subject"], change["touchpoint"], change["names"]) == (
        "welcome", "welcome", {"touchpoint": "Gets a welcome mail (welcome)"})


def test_json_names_every_id_a_change_mentions(jm, shop_repo):
    report = json.loads(diff(jm, shop_repo, f"HEAD~1:{SHOP}", SHOP, "--format", "json").out)
    names = {c["kind"]: c["names"] for c in report["maps"][0]["changes"]}
    assert names["touchpoint-moved"] == {"touchpoint": "Receives the order confirmation e-mail", "before": "Buy",
                                         "after": "Delivery"}
    assert names["emotion-changed"] == {"touchpoint": "Reads the product page, reviews and size guide",
                                        "persona": "Maria, buying a gift"}
    assert names["persona-added"] == {"subject": "Ali, student on a budget"}
    assert names["opportunity-status-changed"] == {"subject": "Keep the cart across sessions, devices and app switches"}


def test_the_same_map_has_no_changes(jm, shop_repo):
    run = diff(jm, shop_repo, f"HEAD:{SHOP}", SHOP)
    assert (run.code, run.lines) == (0, [f"{SHOP} (since HEAD): no changes for the customer"])


# ---------------------------------------------------------------------------- usage errors

@pytest.mark.parametrize("args, message", [
    ((f"HEAD~1:{SHOP}",), "Error: diff needs OLD and NEW (or --since REV [PATH...])"),
    ((f"nope:{SHOP}", SHOP), "Error: git: unknown revision 'nope'"),
    (("--since", "nope"), "Error: git: unknown revision 'nope'"),
    ((f"HEAD~1:{SHOP}", "maps/missing.journey.yaml"), "Error: 'maps/missing.journey.yaml': no such file"),
    (("maps/missing.journey.yaml", SHOP), "Error: 'maps/missing.journey.yaml': no such file"),
    (("HEAD~1:maps/missing.journey.yaml", "HEAD:maps/missing.journey.yaml"),
     "Error: neither 'HEAD~1:maps/missing.journey.yaml' nor 'HEAD:maps/missing.journey.yaml' exists"),
])
def test_usage_errors_exit_2_with_one_clear_line(jm, shop_repo, args, message):
    run = diff(jm, shop_repo, *args)
    assert run.code == 2 and run.out == ""
    assert run.err.splitlines()[-1] == message


def test_a_revision_outside_a_repository_is_a_usage_error(jm, tmp_path, write):
    path = write("m.journey.yaml", MINIMAL_MAP)
    run = diff(jm, tmp_path, f"HEAD:{path.name}", path.name)
    assert run.code == 2
    assert run.err.splitlines()[-1].startswith("Error: git: fatal: not a git repository")


# ---------------------------------------------------------------------------- documentation

def test_every_change_kind_has_a_sentence_and_is_documented():
    from journeymap.compare.diff import Change
    from journeymap.compare.diff_report import describe

    source = (ROOT / "journeymap" / "compare" / "diff.py").read_text(encoding="utf-8")
    kinds = set(re.findall(r'Change\(\s*"([a-z-]+)"', source))
    kinds |= {f"{what}-{how}" for what in ("persona", "phase") for how in ("added", "removed", "renamed")}
    kinds |= {f"{what}-{how}" for what in ("gain", "note") for how in ("added", "removed")}
    kinds |= {"gain-reworded"}
    assert len(kinds) == 31, sorted(kinds)
    docs = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert sorted(kind for kind in kinds if f"| `{kind}` |" not in docs) == []
    fallback = [kind for kind in kinds if describe(Change(kind, "x", "1", "2")).startswith(kind)]
    assert fallback == []


def test_a_revision_reads_its_includes_from_its_own_tree_and_only_from_there(jm, tmp_path):
    """REV:path is exported to a temporary folder: its project root is that tree, not the map's folder."""
    repo = init_repo(tmp_path / "repo")
    (repo / "lib").mkdir()
    (repo / "lib" / "people.yaml").write_text('personas:\n  - {id: lea, name: "Lea"}\n', encoding="utf-8")
    (repo / "maps").mkdir()
    shared = MINIMAL_MAP.replace('personas:\n  - {id: lea, name: "Lea"}\n', "include: [../lib/people.yaml]\n")
    (repo / "maps" / "m.journey.yaml").write_text(shared, encoding="utf-8")
    commit(repo, "a map with a shared persona library")
    (repo / "maps" / "m.journey.yaml").write_text(shared.replace('"Gets a welcome mail"', '"Gets a mail"'),
                                                  encoding="utf-8")
    run = diff(jm, repo, "HEAD:maps/m.journey.yaml", "maps/m.journey.yaml")
    assert (run.code, run.lines) == (0, [
        "maps/m.journey.yaml (since HEAD): 1 change",
        "  ~ touchpoint renamed: 'Gets a welcome mail' → 'Gets a mail'",
    ])
    (repo / "maps" / "m.journey.yaml").write_text(shared.replace("../lib/", "../../../lib/"), encoding="utf-8")
    commit(repo, "an include that leaves the repository")
    # the same refusal on both sides (no temporary path in it): nothing changed
    assert diff(jm, repo, "HEAD:maps/m.journey.yaml", "maps/m.journey.yaml").lines == [
        "maps/m.journey.yaml (since HEAD): 0 changes"]
    run = jm("validate", "maps/m.journey.yaml", cwd=repo)
    assert run.lines == ["maps/m.journey.yaml:3:11: error: cannot include '../../../lib/people.yaml': it is outside "
                         "the project, the git work tree that holds the map (--allow-outside lifts this) [include-error]"]
