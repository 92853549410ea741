"""On every sample, the top hotspot is the touchpoint a CX practitioner reading the YAML would name."""

import json

import pytest

from support.paths import ROOT

EXPECTED_TOP_HOTSPOT = {
    "samples/online-shop/first-purchase.journey.yaml": "checkout-account",     # forced account, severity-5 pain
    "samples/online-shop/first-purchase.to-be.journey.yaml": "parcel-shop-pickup",   # checkout fixed; lockers still an idea
    "samples/bank-account/kontoeroeffnung.journey.yaml": "video-ident",        # 38-minute wait, effort 7
    "samples/b2b-onboarding/onboarding.journey.yaml": "sso-setup",             # SSO blocks the whole trial
    "samples/b2b-onboarding/sso-setup.journey.yaml": "scim-mapping",           # silent provisioning errors, effort 6
    "samples/online-shop/returns.journey.yaml": "warehouse-wait",              # five days without news
    "samples/telecom-support/service.journey.yaml": "hotline-ivr",             # survey data: NPS -83, CSAT 14 %
    "samples/cafe/morning-coffee.journey.yaml": "order-queue",                 # the app order waits behind walk-ins
}


@pytest.fixture(scope="module")
def reports():
    from journeymap.cli.main import main
    import contextlib
    import io
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.chdir(ROOT):
        with pytest.raises(SystemExit) as done:
            main(["analyze", "samples/", "--format", "json", "--today", "2026-11-25"])
    assert done.value.code == 0
    return {m["file"]: m for m in json.loads(out.getvalue())["maps"]}


def test_every_sample_is_analysed(reports):
    assert sorted(reports) == sorted(EXPECTED_TOP_HOTSPOT)


@pytest.mark.parametrize("sample, touchpoint", sorted(EXPECTED_TOP_HOTSPOT.items()))
def test_top_hotspot_is_the_obvious_one(reports, sample, touchpoint):
    assert reports[sample]["hotspots"][0]["touchpoint"] == touchpoint


@pytest.mark.parametrize("sample", sorted(EXPECTED_TOP_HOTSPOT))
def test_json_has_every_figure(reports, sample):
    figures = reports[sample]
    assert set(figures) >= {"friction", "hotspots", "emotion_curves", "funnel", "kpis", "channels", "owners",
                            "coverage", "weights"}
    curve = figures["emotion_curves"][0]
    assert set(curve) >= {"points", "lowest", "largest_drop", "average", "peak", "end", "peak_end"}
    assert figures["funnel"] is not None and figures["funnel"]["conversion"]
    assert {"pains", "hotspots", "opportunities"} <= set(figures["coverage"])
    assert any(g["cost_per_contact"] is not None for g in figures["channels"] + figures["owners"]) or \
        sample.startswith("samples/b2b")


def test_telecom_kpis_come_from_the_survey_data(reports):
    ivr = {k["name"]: k for k in reports["samples/telecom-support/service.journey.yaml"]["kpis"]["hotline-ivr"]}
    assert ivr["nps"]["source"] == "computed" and ivr["nps"]["responses"] > 0 and ivr["nps"]["value"] < -50
    assert ivr["csat"]["meets_target"] is False
