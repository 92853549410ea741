"""Money at stake (analysis/value.py) against figures computed by hand: issue 28's acceptance map and its edges."""

from decimal import Decimal

import pytest

from journeymap.analysis.run import analyze, to_dict
from journeymap.analysis.value import by_channel, by_owner, value_per_case
from journeymap.rules.pipeline import validate_file

from support.maps import map_with
from support.money import money_map


def _journey(tmp_path, text):
    path = tmp_path / "money.journey.yaml"
    path.write_text(text, encoding="utf-8")
    result = validate_file(path)
    assert not result.has_errors, result.diagnostics
    return result.journey


@pytest.fixture
def value(tmp_path):
    return analyze(_journey(tmp_path, money_map())).value


def test_the_acceptance_figures_are_exact(value):
    checkout, account = value.touchpoints["checkout"], value.touchpoints["account"]
    assert (checkout.loss, checkout.value_per_case, checkout.at_stake) == (Decimal("0.3"), Decimal("840.00"),
                                                                           Decimal("252000.00"))
    assert (account.loss, account.value_per_case, account.at_stake) == (Decimal("0.1"), Decimal("1200.00"),
                                                                        Decimal("24000.00"))
    assert value.opportunities["one-click"].expected_value == Decimal("126000.00")
    assert value.total_at_stake == Decimal("276000.00")
    assert (checkout.source, account.source) == ("conversion", "churn")


def test_touchpoints_rank_by_money_and_opportunities_by_expected_value(value):
    assert list(value.touchpoints) == ["checkout", "account"]
    assert list(value.opportunities) == ["one-click", "self-service", "loyalty"]


def test_return_is_expected_value_over_an_amount_of_cost(value):
    portal = value.opportunities["self-service"]
    assert (portal.expected_value, portal.cost, portal.return_, portal.effect) == (
        Decimal("4800.00"), Decimal("1600.00"), Decimal("3.00"), Decimal("0.2"))
    assert value.opportunities["one-click"].return_ is None  # no cost written


def test_a_touchpoint_without_figures_is_missing_with_why_never_guessed(value):
    assert value.missing == {"hotline": "loss-volume"}
    loyalty = value.opportunities["loyalty"]
    assert loyalty.expected_value is None and loyalty.return_ is None
    assert loyalty.unknown == ["hotline"] and loyalty.cost == Decimal("2000.00")


def test_json_writes_money_as_plain_numbers(value, tmp_path):
    data = to_dict(analyze(_journey(tmp_path, money_map())))["value"]
    assert data["touchpoints"]["checkout"] == {"loss": 0.3, "value_per_case": 840, "at_stake": 252000,
                                               "volume": 1000, "loss_source": "conversion",
                                               "volume_source": "declared"}
    assert data["opportunities"]["one-click"]["expected_value"] == 126000
    assert data["opportunities"]["self-service"]["return"] == 3
    assert (data["currency"], data["missing"], data["total_at_stake"]) == ("EUR", {"hotline": "loss-volume"}, 276000)


def test_no_float_noise_where_floats_would_make_it(tmp_path):
    # 0.1 + 0.2 in floats is 0.30000000000000004; 1 - 0.7 is 0.30000000000000004
    value = analyze(_journey(tmp_path, money_map(conversion="0.7"))).value
    assert str(value.touchpoints["checkout"].at_stake) == "252000.00"
    assert 1000 * (1 - 0.7) * 840 != 252000  # the float product this guards against


def test_equal_weights_when_a_persona_has_no_share(tmp_path):
    text = money_map().replace('clv: 300, share: 0.4', 'clv: 300')
    value = analyze(_journey(tmp_path, text)).value
    assert value.touchpoints["checkout"].value_per_case == Decimal("750.00")  # (1200 + 300) / 2
    assert value.touchpoints["account"].value_per_case == Decimal("1200.00")  # only regular passes


def test_a_persona_without_clv_does_not_count(tmp_path):
    text = money_map().replace('clv: 300, share: 0.4', 'share: 0.4')
    value = analyze(_journey(tmp_path, text)).value
    assert value.touchpoints["checkout"].value_per_case == Decimal("1200.00")


def test_churn_wins_over_conversion(tmp_path):
    text = money_map().replace("conversion: 0.7}", "conversion: 0.7, churn: 0.05}")
    value = analyze(_journey(tmp_path, text)).value
    assert value.touchpoints["checkout"].at_stake == Decimal("42000.00")  # 1000 x 0.05 x 840


def test_cents_are_rounded_half_up_once_at_the_end(tmp_path):
    text = money_map().replace("clv: 1200, share: 0.6", "clv: 1000.005, share: 0.6").replace(
        "clv: 300, share: 0.4", "clv: 1000.005, share: 0.4").replace("volume: 200, churn: 0.1", "volume: 1, churn: 1")
    value = analyze(_journey(tmp_path, text)).value
    assert value.touchpoints["account"].at_stake == Decimal("1000.01")


def test_figures_past_the_float_range_stay_exact(tmp_path):
    text = money_map().replace("clv: 1200", "clv: 1.0e+300").replace("volume: 200", "volume: 1.0e+300")
    data = to_dict(analyze(_journey(tmp_path, text)))["value"]
    assert data["touchpoints"]["account"]["at_stake"] == 10 ** 599  # 1e300 x 0.1 x 1e300, an exact integer


def test_effect_defaults_from_impact():
    from journeymap.model.format import Opportunity, effect
    levels = {level: effect(Opportunity(id="o", title="O", addresses=["t"], impact=level))
              for level in ("low", "medium", "high")}
    assert levels == {"low": 0.1, "medium": 0.25, "high": 0.5}
    assert effect(Opportunity(id="o", title="O", addresses=["t"])) is None


def test_a_pain_address_counts_its_touchpoint_once(tmp_path):
    text = money_map().replace('addresses: [checkout], owner: shop',
                               'addresses: [checkout, "checkout#slow"], owner: shop').replace(
        "    emotion: -1\n", "    emotion: -1\n    pains: [{id: slow, text: Slow}]\n")
    value = analyze(_journey(tmp_path, text)).value
    assert value.opportunities["one-click"].expected_value == Decimal("126000.00")


def test_money_per_owner_and_channel(tmp_path):
    journey = _journey(tmp_path, money_map())
    value = analyze(journey).value
    assert by_owner(journey, value) == {"shop": Decimal("252000.00"), "care": Decimal("24000.00")}
    assert by_channel(journey, value) == {"web": Decimal("276000.00")}


def test_a_map_without_money_has_no_value(tmp_path):
    analysis = analyze(_journey(tmp_path, map_with()))
    assert analysis.value is None
    assert "value" not in to_dict(analysis)


def test_a_currency_alone_lists_every_touchpoint_as_missing(tmp_path):
    value = analyze(_journey(tmp_path, map_with(currency="CHF"))).value
    assert value.touchpoints == {} and value.missing == {"signup": "loss-volume-clv", "welcome": "loss-volume-clv"}
    assert value.total_at_stake == 0


def test_value_per_case_of_a_touchpoint_nobody_with_a_clv_passes():
    from journeymap.model.format import Persona, Touchpoint
    touchpoint = Touchpoint(id="t", name="T", phase="p", personas=["b"])
    assert value_per_case([Persona(id="a", name="A", clv=5.0), Persona(id="b", name="B")], touchpoint) is None


OBSERVED_MAP = map_with(
    personas=['{id: lea, name: "Lea", clv: 100}'],
    touchpoints=['{id: cart, name: "Cart", phase: join, owner: team, events: [cart_viewed], next: [checkout]}',
                 '{id: checkout, name: "Checkout", phase: join, owner: team, events: [checkout_started], next: [paid]}',
                 '{id: paid, name: "Paid", phase: stay, owner: team, events: [payment_completed]}'],
    data=['{file: events.csv, kind: events}'])


def test_an_event_log_stands_in_for_loss_and_volume(tmp_path):
    """10 carts, 6 go on to checkout, 4 of those pay, 1 calls the hotline (no touchpoint's event), 1 ends there."""
    rows = ["case_id,event,timestamp"]
    for case in range(10):
        events = ["cart_viewed"] + (["checkout_started"] if case < 6 else []) + \
                 (["payment_completed"] if case < 4 else ["hotline_call"] if case == 4 else [])
        rows += [f"c{case},{event},2026-11-02T08:0{minute}:00" for minute, event in enumerate(events)]
    (tmp_path / "events.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    value = analyze(_journey(tmp_path, OBSERVED_MAP)).value
    cart, checkout = value.touchpoints["cart"], value.touchpoints["checkout"]
    assert (cart.volume, cart.loss, cart.at_stake, cart.source) == (10, Decimal("0.4"), Decimal("400.00"), "observed")
    assert (checkout.volume, checkout.at_stake, checkout.volume_source) == (6, Decimal("200.00"), "observed")  # 2 of 6
    assert value.missing == {"paid": "loss"}   # where the journey ends, ending is arriving: no loss


def test_one_written_volume_and_the_logs_no_longer_count_cases(tmp_path):
    """As for the hotspots: monthly volumes and a log's case counts do not mix."""
    (tmp_path / "events.csv").write_text("case_id,event,timestamp\nc1,cart_viewed,2026-11-02T08:00:00\n",
                                         encoding="utf-8")
    text = OBSERVED_MAP.replace("events: [cart_viewed],", "events: [cart_viewed], kpis: {volume: 50},")
    value = analyze(_journey(tmp_path, text)).value
    assert value.touchpoints["cart"].volume == 50 and value.touchpoints["cart"].volume_source == "declared"
    assert value.missing == {"checkout": "loss-volume", "paid": "loss-volume"}
