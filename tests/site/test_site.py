"""`journeymap site`: the pages across journeys add up, an invalid map stays out of every total, runs are incremental."""

from __future__ import annotations

import re
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote

import pytest

from journeymap.build.batch import CACHE_FILE
from journeymap.site.build import STATE_FILE

from support.paths import SAMPLES
from support.report_maps import render, report_text
from support.site_project import TODAY, exports, portfolio, shop_map, write_project

PAGES = ("index", "architecture", "hotspots", "owners", "channels", "opportunities")


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Inode and mtime of every file of the site: an atomic rewrite changes the inode even within one tick."""
    return {str(p.relative_to(folder)): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def text_of(site: Path, page: str) -> str:
    return " ".join(report_text((site / f"{page}.html").read_text(encoding="utf-8")).split())


def site_of(folder: Path, out: Path, *args) -> int:
    return render("site", folder, "-o", out, "--today", TODAY, *args)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return write_project(tmp_path_factory.mktemp("site-project"))


@pytest.fixture(scope="module")
def site(project, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    assert site_of(project, out) == 1        # the broken map: exit 1, the site is still written
    return out


# ------------------------------------------------------------------------------- what is written

def test_the_site_has_every_page_each_report_and_the_portfolio(site):
    assert sorted(p.name for p in site.iterdir()) == sorted(
        [f"{page}.html" for page in PAGES] + ["portfolio.json", "maps", CACHE_FILE, STATE_FILE])
    reports = sorted(str(p.relative_to(site)) for p in (site / "maps").rglob("*.html"))
    assert reports == ["maps/pay/payment.html", "maps/plain.html", "maps/shop.html", "maps/swiss.html"]


def test_every_link_of_every_page_is_relative_and_leads_to_a_file_of_the_site(site):
    for page in PAGES:
        html = (site / f"{page}.html").read_text(encoding="utf-8")
        links = re.findall(r'href="([^"]*)"', html)
        assert links, page
        for link in links:
            if link.startswith("#"):
                assert f'id="{link[1:]}"' in html, (page, link)
                continue
            assert not re.match(r"^[a-z]+:|^/", link), (page, link)
            assert (site / unquote(link)).is_file(), (page, link)


# ---------------------------------------------------------------------------------------- totals

def test_the_maps_total_is_the_sum_of_the_valid_maps(site):
    data = portfolio(site)
    at_stake = {m["file"]: (m["currency"], m["at_stake"]) for m in data["maps"]}
    assert at_stake == {"broken.journey.yaml": (None, None), "pay/payment.journey.yaml": ("EUR", 108000),
                        "plain.journey.yaml": (None, None), "shop.journey.yaml": ("EUR", 276000),
                        "swiss.journey.yaml": ("CHF", 276000)}
    # expected value: one-click 126,000 (shop) and 42,000 (payment) + self-service 4,800 on each map; loyalty has
    # none (the hotline has no figure). Costs in money: 2,000 + 1,600 per map, "" for the map without a currency.
    assert data["totals"] == {"maps": 5, "valid": 4, "invalid": 1, "at_stake": {"CHF": 276000, "EUR": 384000},
                              "expected_value": {"CHF": 130800, "EUR": 177600},
                              "cost": {"": 3600, "CHF": 3600, "EUR": 7200}}
    assert "Total of the valid maps €384,000 + CHF 276,000" not in text_of(site, "index")   # sorted by code:
    assert "Total of the valid maps CHF 276,000 + €384,000" in text_of(site, "index")


def test_owners_and_channels_add_up_the_per_map_figures_of_each_export(site):
    data, per_map = portfolio(site), exports(site)
    for kind in ("owners", "channels"):
        for group in data[kind]:
            rows = [(export, row) for export in per_map.values() for row in export["analysis"][kind]
                    if row["id"] == group["id"]]
            assert group["touchpoints"] == sum(len(row["touchpoints"]) for _, row in rows), group
            volumes = [row["volume"] for _, row in rows if row["volume"] is not None]
            assert group["volume"] == (sum(volumes) if volumes else None), group
            money: dict[str, Decimal] = {}
            for export, row in rows:
                value = export["analysis"].get("value")
                for touchpoint in row["touchpoints"]:
                    figure = value and value["touchpoints"].get(touchpoint)
                    if figure:
                        code = value["currency"] or ""
                        money[code] = money.get(code, Decimal(0)) + Decimal(str(figure["at_stake"]))
            assert group["at_stake"] == {code: int(amount) for code, amount in money.items()}, group


def test_one_owner_across_maps_from_the_shared_library(site):
    owners = {o["id"]: o for o in portfolio(site)["owners"]}
    assert sorted(owners) == ["care", "shop"]
    # checkout 252,000 + 84,000 (payment) in EUR, 252,000 in CHF; contacts 1,000 on each of 4 maps
    assert owners["shop"]["at_stake"] == {"CHF": 252000, "EUR": 336000}
    assert owners["shop"]["volume"] == 4000 and owners["shop"]["touchpoints"] == 4
    assert owners["shop"]["cost"] == {"EUR": 5000} and owners["shop"]["cost_per_contact"] == {"EUR": 5}
    assert owners["shop"]["journeys"] == ["pay/payment.journey.yaml", "plain.journey.yaml", "shop.journey.yaml",
                                          "swiss.journey.yaml"]
    page = text_of(site, "owners")
    assert page.count("Shop team") == 1 and page.count("Customer care") == 1


def test_opportunities_add_up_and_name_their_journeys(site):
    data = portfolio(site)
    euros = [o for o in data["opportunities"] if o["currency"] == "EUR"]
    assert sum(o["expected_value"] for o in euros if o["expected_value"]) == data["totals"]["expected_value"]["EUR"]
    first = data["opportunities"][0]
    assert (first["map"], first["id"], first["expected_value"], first["return"]) == (
        "shop.journey.yaml", "one-click", 126000, None)
    payment = next(o for o in data["opportunities"] if o["map"] == "pay/payment.journey.yaml" and o["id"] == "one-click")
    assert payment["journeys"] == ["pay/payment.journey.yaml", "shop.journey.yaml"]   # zoomed into from the shop
    assert payment["expected_value"] == 42000                                          # 84,000 x 0.5
    loyalty = next(o for o in data["opportunities"] if o["map"] == "shop.journey.yaml" and o["id"] == "self-service")
    assert (loyalty["cost"], loyalty["expected_value"], loyalty["return"]) == (1600, 4800, 3.0)   # 24,000 x 0.2


def test_hotspots_across_maps_are_ranked_by_score(site):
    hotspots = portfolio(site)["hotspots"]
    scores = [h["score"] for h in hotspots]
    assert scores == sorted(scores, reverse=True)
    per_map = exports(site)
    assert len(hotspots) == sum(len(e["analysis"]["hotspots"]) for e in per_map.values())


# ---------------------------------------------------------------------------------- an invalid map

def test_an_invalid_map_is_on_the_index_marked_with_its_findings_and_out_of_the_totals(site):
    index = text_of(site, "index")
    assert "broken.journey.yaml" in index and "✖ 3 errors · not in the totals" in index
    for page in PAGES:
        assert ("1 of 5 maps has errors: it is listed on the index, and its figures are left out of every total "
                "on this site.") in text_of(site, page), page
    broken = next(m for m in portfolio(site)["maps"] if m["file"] == "broken.journey.yaml")
    assert broken == {"file": "broken.journey.yaml", "title": "broken.journey.yaml", "valid": False, "report": None,
                      "errors": 3, "warnings": 0, "owner": None, "currency": None, "at_stake": None}


def test_a_site_of_only_invalid_maps_writes_nothing(tmp_path, capsys):
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "broken.journey.yaml").write_text("journeymap: 1\ntitle: x\nphases: 3\n", encoding="utf-8")
    assert site_of(tmp_path / "maps", tmp_path / "out") == 1
    assert not (tmp_path / "out").exists()
    assert capsys.readouterr().err.splitlines()[-1].startswith(
        "1 map: 0 rendered, 0 unchanged, 1 with errors; no valid map, no site written")


# ------------------------------------------------------------------------------------ incremental

def test_a_second_run_with_nothing_changed_writes_nothing_and_is_fast(project, tmp_path, capsys):
    out = tmp_path / "out"
    started = time.perf_counter()
    site_of(project, out)
    first = time.perf_counter() - started
    before = snapshot(out)
    capsys.readouterr()
    started = time.perf_counter()
    assert site_of(project, out) == 1
    again = time.perf_counter() - started
    assert snapshot(out) == before
    assert re.sub(r"\(\d+\.\d s\)", "(… s)", capsys.readouterr().err.splitlines()[-1]) == (
        f"5 maps: 0 rendered, 4 unchanged, 1 with errors; no page changed; site in {out}/index.html (… s)")
    assert again < first / 3, (again, first)   # benchmarks/run measures it as a command


def test_what_the_pages_rest_on_makes_them_again(project, tmp_path, capsys):
    """The pages are skipped only when nothing they show can differ: a lost page, other options, or other
    findings of a map with errors make them again."""
    out = tmp_path / "out"
    site_of(project, out)
    (out / "owners.html").unlink()
    site_of(project, out)
    assert (out / "owners.html").is_file()
    assert "1 page written" in capsys.readouterr().err.splitlines()[-1]
    site_of(project, out, "--lang", "de")       # the reports too; portfolio.json speaks no language
    assert "4 rendered, 0 unchanged, 1 with errors; 6 pages written" in capsys.readouterr().err.splitlines()[-1]
    broken = project / "broken.journey.yaml"
    original = broken.read_text(encoding="utf-8")
    try:
        broken.write_text(original.replace("phases: 3", "phases: 4\nextra: 1"), encoding="utf-8")
        site_of(project, out, "--lang", "de")
        assert "2 pages written" in capsys.readouterr().err.splitlines()[-1]   # index, portfolio.json: 4 errors
        assert "✖ 4 Fehler" in text_of(out, "index")
    finally:
        broken.write_text(original, encoding="utf-8")


def test_a_changed_map_is_rendered_again_and_only_the_pages_it_moves_are_written(tmp_path, capsys):
    copy = write_project(tmp_path)
    out = tmp_path / "out"
    site_of(copy, out)
    before = snapshot(out)
    swiss = copy / "swiss.journey.yaml"
    swiss.write_text(swiss.read_text(encoding="utf-8").replace('title: "Swiss shop"', 'title: "Shop in Zürich"'),
                     encoding="utf-8")
    capsys.readouterr()
    site_of(copy, out)
    changed = {name for name, stamp in snapshot(out).items() if before.get(name) != stamp}
    # the title is on every page that names the journey (it has no hotspot); the figures did not move
    assert changed == {"maps/swiss.html", "maps/swiss.json", CACHE_FILE, STATE_FILE, "index.html",
                       "architecture.html", "owners.html", "channels.html", "opportunities.html", "portfolio.json"}
    assert "1 rendered, 3 unchanged" in capsys.readouterr().err.splitlines()[-1]


def test_a_removed_map_leaves_no_report_behind(tmp_path, capsys):
    """A map deleted (or renamed) since the last run: its report and export go from the site, with the folder
    they leave empty, and no page names it; files the site did not write stay."""
    copy = write_project(tmp_path)
    out = tmp_path / "out"
    site_of(copy, out)
    (copy / "sub").mkdir()
    swiss = copy / "swiss.journey.yaml"
    (copy / "sub" / "zurich.journey.yaml").write_text(
        swiss.read_text(encoding="utf-8").replace("shared/", "../shared/"), encoding="utf-8")
    swiss.unlink()
    (out / "maps" / "notes.txt").write_text("the team's own file", encoding="utf-8")
    capsys.readouterr()
    site_of(copy, out)
    assert "2 files of maps that are gone removed" in capsys.readouterr().err.splitlines()[-1]
    assert (out / "maps" / "sub" / "zurich.html").is_file()
    assert not (out / "maps" / "swiss.html").exists() and not (out / "maps" / "swiss.json").exists()
    assert (out / "maps" / "notes.txt").read_text(encoding="utf-8") == "the team's own file"
    assert "swiss.html" not in (out / "index.html").read_text(encoding="utf-8")
    (copy / "sub" / "zurich.journey.yaml").unlink()
    site_of(copy, out)
    assert not (out / "maps" / "sub").exists()   # the folder it left empty
    assert not any("zurich" in str(p) or "swiss" in str(p) for p in out.rglob("*"))
    assert "zurich" not in (out / CACHE_FILE).read_text(encoding="utf-8")


def test_the_same_maps_give_the_same_bytes(project, site, tmp_path):
    again = tmp_path / "again"
    site_of(project, again)
    for name in [f"{page}.html" for page in PAGES] + ["portfolio.json"]:
        assert (again / name).read_bytes() == (site / name).read_bytes(), name


# ------------------------------------------------------------------------------------ languages

def test_german_pages_write_money_the_german_way(project, tmp_path):
    out = tmp_path / "de"
    site_of(project, out, "--lang", "de")
    index = text_of(out, "index")
    assert "Summe der gültigen Maps 276.000 CHF + 384.000 €" in index
    assert "1 von 5 Maps hat Fehler" in index
    assert '<html lang="de">' in (out / "owners.html").read_text(encoding="utf-8")


def test_pages_print_on_the_paper_asked_for(project, site, tmp_path):
    for page in PAGES:
        assert "@page { size: 420mm 297mm; margin: 10mm; }" in (site / f"{page}.html").read_text(encoding="utf-8")
    out = tmp_path / "a4"
    site_of(project, out, "--paper", "a4", "--portrait")
    assert "@page { size: 210mm 297mm; margin: 10mm; }" in (out / "index.html").read_text(encoding="utf-8")


# -------------------------------------------------------------------------------------- samples

def test_the_samples_make_a_site_with_a_journey_architecture(tmp_path):
    out = tmp_path / "samples-site"
    assert site_of(SAMPLES, out) == 0
    tree = text_of(out, "architecture")
    assert "First purchase at Trailhead Outfitters" in tree
    assert "via Registers a return in the online returns portal → Returning a jacket at Trailhead Outfitters" in tree
    assert "via Configures SAML SSO and SCIM provisioning → Fieldnote: SSO and SCIM setup" in tree
    owners = {o["id"]: o for o in portfolio(out)["owners"]}
    assert owners["platform"]["journeys"] == ["b2b-onboarding/onboarding.journey.yaml",
                                              "b2b-onboarding/sso-setup.journey.yaml"]
    assert len(owners["logistics"]["journeys"]) == 3    # the shop library: as-is, to-be and returns


# ------------------------------------------------------------------------------------ detail links

def test_a_detail_outside_the_project_is_refused_and_nothing_is_written(tmp_path, capsys):
    project = write_project(tmp_path / "project", broken=False)
    outside = tmp_path / "outside.journey.yaml"
    outside.write_text(shop_map().replace('title: "Money at stake"', 'title: "SECRET outside map"'), encoding="utf-8")
    lonely = tmp_path / "project" / "lonely"
    lonely.mkdir()
    text = shop_map().replace("detail: pay/payment.journey.yaml", "detail: ../../outside.journey.yaml")
    (lonely / "shop.journey.yaml").write_text(text.replace("include: [shared/teams.yaml]",
                                                           "include: [../maps/shared/teams.yaml]"), encoding="utf-8")
    line = text.splitlines().index("    detail: ../../outside.journey.yaml") + 1
    assert site_of(lonely, tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert (f"{lonely / 'shop.journey.yaml'}:{line}:13: error: cannot follow detail '../../outside.journey.yaml': "
            "it is outside the project, the git work tree that holds the map (--allow-outside lifts this) "
            "[detail-error]") in err.splitlines()
    assert not (tmp_path / "out").exists()


def test_a_map_with_a_refused_detail_is_listed_invalid_and_nothing_of_the_outside_shows(tmp_path):
    project = write_project(tmp_path / "project", broken=False)
    (tmp_path / "outside.journey.yaml").write_text(
        shop_map().replace('title: "Money at stake"', 'title: "SECRET outside map"'), encoding="utf-8")
    shop = project / "shop.journey.yaml"
    shop.write_text(shop.read_text(encoding="utf-8").replace("detail: pay/payment.journey.yaml",
                                                             "detail: ../../outside.journey.yaml"), encoding="utf-8")
    out = tmp_path / "out"
    assert site_of(project, out) == 1
    assert not (out / "maps" / "shop.html").exists()
    assert "shop.journey.yaml shop.journey.yaml – ✖ 1 error · not in the totals" in text_of(out, "index")
    for path in out.rglob("*"):
        if path.is_file():
            assert "SECRET" not in path.read_text(encoding="utf-8"), path


def test_a_detail_to_a_map_outside_the_site_folder_is_named_not_linked(tmp_path):
    project = write_project(tmp_path / "project", broken=False)
    out = tmp_path / "out"
    shop_only = tmp_path / "project" / "maps"
    (shop_only / "pay" / "payment.journey.yaml").rename(tmp_path / "project" / "payment.journey.yaml")
    shop = shop_only / "shop.journey.yaml"
    shop.write_text(shop.read_text(encoding="utf-8").replace("detail: pay/payment.journey.yaml",
                                                             "detail: ../payment.journey.yaml"), encoding="utf-8")
    assert site_of(shop_only, out) == 0
    tree = text_of(out, "architecture")
    assert "via Checkout → ../payment.journey.yaml (not a map of this site)" in tree
