"""Claim files, tests and verdicts."""

from __future__ import annotations

import pytest

import tradebalance as tb
from tradebalance import claims, fx
from tradebalance.errors import ClaimFileError

CLAIM = """
[[claim]]
id = "{id}"
quote = "A quote."
attribution = {{ publication = "Somewhere", date = "2018-09-25" }}
metric = "{metric}"
parameters = {{ period = 2017, sector = "automotive" }}
test = {test}
"""


def write(tmp_path, *bodies: str):
    path = tmp_path / "claims.toml"
    path.write_text("\n".join(bodies), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def verdicts():
    return {c.id: tb.check(c) for c in tb.load_claims(claims.seed_claims_path())}


def reading(verdict, **params):
    return next(r for r in verdict.readings if all(r.parameters.get(k) == v for k, v in params.items()))


def test_surplus_holds_on_japans_statistics_but_not_on_americas_in_yen(verdicts):
    surplus = verdicts["surplus-2017"]
    own = next(r for r in surplus.readings if r.framing)
    assert own.parameters["source"] == "mof" and own.parameters["calendar"] == "calendar"
    assert own.value == (15_113_485_105 - 8_090_251_224) * 1000  # thousand yen → yen
    assert own.holds
    # The U.S. deficit (Census, $) in yen: each month at its EXJPUS rate, summed. At FRED's 2017 annual rate
    # it would be 68,807,966,639 × 112.0986 ≈ ¥7.713 trillion; either way more than 5 % above ¥7 trillion.
    us = reading(surplus, source="census", calendar="calendar")
    monthly = tb.balance(tb.load("census", partner="JPN"), "M").set_index("period").loc["2017-01":"2017-12", "balance"]
    rates = fx.rates("M").set_index("period").loc["2017-01":"2017-12", "jpy_per_usd"]
    assert us.value == pytest.approx(-(monthly * rates).sum(), rel=1e-12)
    assert us.value == pytest.approx((136_411_341_570 - 67_603_374_931) * 112.0986, rel=1e-3)
    assert not us.holds
    assert surplus.verdict == "mixed" and "holds on 2 of 4 readings" in surplus.summary


def test_seed_claims_verdicts(verdicts):
    assert verdicts["auto-share-2017"].verdict == "supported"
    assert verdicts["us-deficit-2017"].verdict == "context"
    assert verdicts["us-deficit-rank-2017"].verdict == "supported"
    assert verdicts["auto-tariff-exposure-2017"].verdict == "context"


def test_auto_share_readings(verdicts):
    share = verdicts["auto-share-2017"]
    own = next(r for r in share.readings if r.framing and r.parameters["currency"] == "JPY")
    assert own.value == pytest.approx((5_529_807_907 - 149_885_337) / 7_023_233_881)  # 76.6 %
    # Both net and gross readings are present and labelled.
    assert {r.parameters["measure"] for r in share.readings} == {"net", "gross"}
    assert "holds on" in share.summary and "76.6%" in share.summary


def test_a_claim_that_should_fail_fails(tmp_path):
    path = write(
        tmp_path,
        CLAIM.format(id="too-big", metric="sector_share", test='{ kind = ">", value = 0.95 }'),
        CLAIM.format(id="small-surplus", metric="balance", test='{ kind = "<", value = 5e12 }').replace(
            "period = 2017", 'period = 2017, currency = "JPY"'
        ),
        CLAIM.format(id="split", metric="sector_share", test='{ kind = "between", low = 0.70, high = 0.78 }'),
    )
    verdicts = {c.id: claims.check(c) for c in claims.load_claims(path)}
    assert verdicts["too-big"].verdict == "not supported"
    assert verdicts["small-surplus"].verdict == "not supported"
    # 76.6 % and 77.2 % (narrow, net) are inside 70–78 %; 78.7 % and the broad readings are not.
    assert verdicts["split"].verdict == "mixed"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            CLAIM.format(id="x", metric="vibes", test='{ kind = ">", value = 1 }'),
            "claim 'x', field 'metric': unknown metric 'vibes'",
        ),
        (CLAIM.format(id="x", metric="balance", test='{ kind = "about", value = 1 }'), "claim 'x', field 'test.kind'"),
        (
            CLAIM.format(id="x", metric="balance", test='{ kind = "approx", value = 7e12 }'),
            "claim 'x', field 'test.tolerance'",
        ),
        (CLAIM.format(id="x", metric="balance", test='{ kind = ">", value = "big" }'), "claim 'x', field 'test.value'"),
        ('[[claim]]\nid = "y"\nmetric = "balance"\ntest = { kind = "context" }\n', "claim 'y', field 'quote'"),
        (
            CLAIM.format(id="x", metric="balance", test='{ kind = ">", value = 1 }').replace("period", "colour"),
            "unknown parameter 'colour'",
        ),
        ("[[claim]\nid=", "not valid TOML"),
        ("title = 'no claims'", "no [[claim]] tables"),
        (CLAIM.format(id="d", metric="balance", test='{ kind = ">", value = 1 }') * 2, "claim id 'd' is used twice"),
    ],
)
def test_malformed_claim_files_name_the_claim_and_field(tmp_path, body, message):
    with pytest.raises(ClaimFileError) as err:
        claims.load_claims(write(tmp_path, body))
    assert message in str(err.value) and "claims.toml" in str(err.value)


def test_test_kinds():
    assert claims.Test("approx", value=100, tolerance=0.05).holds(104.9)
    assert not claims.Test("approx", value=100, tolerance=0.05).holds(105.1)
    assert claims.Test(">", value=0.7).holds(0.71) and not claims.Test(">", value=0.7).holds(0.7)
    assert claims.Test("<", value=3).holds(2)
    assert claims.Test("between", low=1, high=2).holds(2) and not claims.Test("between", low=1, high=2).holds(2.1)
    assert claims.Test("rank", value=3).holds(3) and not claims.Test("rank", value=3).holds(4)
    assert claims.Test("context").holds(123) is None


def test_share_of_exports_and_between_on_both_sources(tmp_path):
    path = write(
        tmp_path,
        CLAIM.format(id="exports", metric="share_of_exports", test='{ kind = "between", low = 0.30, high = 0.45 }'),
    )
    verdict = claims.check(claims.load_claims(path)[0])
    narrow = reading(verdict, source="mof", definition="mof-narrow", calendar="calendar", currency="JPY")
    # 自動車 + 部分品 exports ÷ all exports to the U.S., 2017: 5,529,807,907 ÷ 15,113,485,105 = 36.6 %
    assert narrow.value == pytest.approx(5_529_807_907 / 15_113_485_105)
    census = reading(verdict, source="census", definition="census-enduse-3", currency="USD")
    # On U.S. data, goods from Japan are U.S. imports: 55,441,827,925 ÷ 136,411,341,570 = 40.6 %
    assert census.value == pytest.approx(55_441_827_925 / 136_411_341_570)
    assert narrow.holds and census.holds
