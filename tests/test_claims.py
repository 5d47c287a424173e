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


def test_surplus_is_supported_on_japans_statistics_with_the_us_figure_as_mirror_context(verdicts):
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
    assert not us.holds and us.role == "mirror" and not us.counted
    # The verdict is decided on the claim's own statistic (MOF, calendar 2017, yen); the fiscal year is a
    # variant (FY2017: ¥6,997,653,573,000, also within 5 %), the U.S. figures are context.
    fiscal = reading(surplus, source="mof", calendar="fiscal")
    assert fiscal.role == "variant" and fiscal.value == 6_997_653_573_000 and fiscal.holds
    assert surplus.verdict == "supported" and surplus.rating == "true"
    # Robustness counts the readings of the claim's words ("in 2017": the calendar year, in yen): one; the
    # fiscal year is reported beside it, not counted.
    assert (surplus.robustness.agree, surplus.robustness.of) == (1, 1)
    assert "read for another period or currency (not counted" in surplus.summary
    assert "mirror" in surplus.summary and "9.9% larger" in surplus.summary


def test_seed_claims_verdicts(verdicts):
    assert verdicts["auto-share-2017"].verdict == "supported"
    assert verdicts["auto-share-2017"].rating == "true"
    assert verdicts["us-deficit-2017"].verdict == "context" and verdicts["us-deficit-2017"].rating is None
    assert verdicts["us-deficit-rank-2017"].verdict == "supported"
    assert verdicts["auto-tariff-exposure-2017"].verdict == "context"


def test_auto_share_readings(verdicts):
    share = verdicts["auto-share-2017"]
    own = next(r for r in share.readings if r.framing and r.parameters["currency"] == "JPY")
    assert own.value == pytest.approx((5_529_807_907 - 149_885_337) / 7_023_233_881)  # 76.6 %
    # Both net and gross readings are present and labelled.
    assert {r.parameters["measure"] for r in share.readings} == {"net", "gross"}
    assert "76.6%" in share.summary
    roles = {r.parameters["definition"]: r.role for r in share.readings if r.parameters["source"] == "mof"}
    assert roles["mof-broad"] == "bound" and roles["mof-vehicles"] == "sub-group"
    census = reading(
        share, source="census", definition="census-enduse-3", measure="net", calendar="calendar", currency="USD"
    )
    assert census.role == "mirror" and census.value == pytest.approx(0.7726, abs=5e-5)


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
    # 76.6 % (narrow, net) is inside 70–78 %; 78.7 % (gross) is not, but only by 0.9 %: a near miss, so the
    # claim is supported and mostly true rather than mixed.
    assert (verdicts["split"].verdict, verdicts["split"].rating) == ("supported", "mostly true")
    assert "a near miss: 0.9%" in verdicts["split"].summary


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            CLAIM.format(id="x", metric="vibes", test='{ kind = ">", value = 1 }'),
            "claim 'x', field 'metric': unknown metric 'vibes'",
        ),
        (CLAIM.format(id="x", metric="balance", test='{ kind = "about", value = 1 }'), "claim 'x', field 'test.kind'"),
        (
            CLAIM.format(id="x", metric="balance", test='{ kind = "approx", value = 7e12, tolerance = 2 }'),
            "claim 'x', field 'test.tolerance'",
        ),
        (
            CLAIM.format(id="x", metric="balance", test='{ kind = "approx", value = 7e12, tolerence = 0.1 }'),
            "claim 'x', field 'test.tolerence': unknown field",
        ),
        (
            CLAIM.format(id="x", metric="balance", test='{ kind = "vague", word = "zillions" }'),
            "claim 'x', field 'test.word': unknown vague word 'zillions'",
        ),
        (
            CLAIM.format(
                id="x",
                metric="balance",
                test='{ kind = "approx", value = 7e12, said = "roughish ¥7 trillion", hedge = "roughish" }',
            ),
            "claim 'x', field 'test.hedge': unknown hedge 'roughish'",
        ),
        (CLAIM.format(id="x", metric="balance", test='{ kind = "record" }'), "claim 'x', field 'test.side'"),
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
    assert claims.ApproxTest.within(100, 0.05).holds(104.9)
    assert not claims.ApproxTest.within(100, 0.05).holds(105.1)
    assert claims.AboveTest(0.7).holds(0.71) and not claims.AboveTest(0.7).holds(0.7)
    assert claims.BelowTest(3).holds(2)
    assert claims.BetweenTest(1, 2).holds(2) and not claims.BetweenTest(1, 2).holds(2.1)
    assert claims.RankTest(3).holds(3) and not claims.RankTest(3).holds(4)
    assert claims.ContextTest().holds(123) is None


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


AUTO = """
[[claim]]
id = "{id}"
quote = "Over {pct} percent of the total was from automotive trade."
attribution = {{ publication = "Somewhere", date = "2018-09-25" }}
metric = "sector_share"
parameters = {{ reporter = "JPN", partner = "USA", period = 2017, sector = "automotive" }}
test = {{ kind = ">", value = {value} }}
framing = {{ source = "mof", calendar = "calendar", measure = "net", definition = "mof-narrow", currency = "JPY" }}
"""


def test_an_upper_bound_cannot_rescue_a_claim_that_fails_on_its_framing(tmp_path):
    verdict = claims.check(claims.load_claims(write(tmp_path, AUTO.format(id="ninety", pct=90, value=0.90)))[0])
    # Framing: (5,529,807,907 − 149,885,337) ÷ 7,023,233,881 = 76.6 % < 90 %.
    assert verdict.framing.value == pytest.approx((5_529_807_907 - 149_885_337) / 7_023_233_881)
    # MOF broad taken gross reaches 90 % or more in some readings, but it is a bound.
    bounds = [r for r in verdict.evaluated if r.role == "bound"]
    assert any(r.holds for r in bounds) and not any(r.counted for r in bounds)
    assert verdict.verdict == "not supported"
    # 90 % is (0.90 − 0.766) ÷ 0.766 = 17.5 % above the framing value: mostly false.
    assert verdict.rating == "mostly false"


BALANCE = """
[[claim]]
id = "{id}"
quote = "A quote."
attribution = {{ publication = "Somewhere", date = "{date}" }}
metric = "balance"
parameters = {{ reporter = "{reporter}", period = {period}{extra} }}
test = {test}
"""


def balance_claim(tmp_path, test, *, reporter="USA", period=2017, date="2025-01-01", extra=""):
    body = BALANCE.format(id="b", reporter=reporter, period=period, date=date, test=test, extra=extra)
    return claims.check(claims.load_claims(write(tmp_path, body))[0])


def test_a_precise_census_figure_is_supported_whatever_mofs_dollar_figure(tmp_path):
    # The U.S. deficit: 136,411,341,570 − 67,603,374,931 = 68,807,966,639 dollars (Census, 2017).
    verdict = balance_claim(tmp_path, '{ kind = "approx", value = -68.8e9, tolerance = 0.005 }')
    assert verdict.framing.parameters["source"] == "census" and verdict.framing.value == -68_807_966_639
    mirror = reading(verdict, source="mof", calendar="calendar")
    # Japan's statistics in dollars: about −$62.7 billion, 8.9 % smaller: context, not a reason for "mixed".
    assert mirror.role == "mirror" and not mirror.holds
    assert verdict.verdict == "supported"
    # Every reading is in the test's currency (dollars): a figure in dollars is not compared with yen.
    assert {r.parameters["currency"] for r in verdict.readings} == {"USD"}


def test_a_precise_mof_figure_for_another_year(tmp_path):
    mof = tb.balance(tb.load("mof", partner="USA"), "Y").set_index("period")
    surplus_2019 = float(mof.loc["2019", "balance"])
    verdict = balance_claim(
        tmp_path, f'{{ kind = "approx", value = {surplus_2019:.0f}, tolerance = 0.001 }}', reporter="JPN", period=2019
    )
    assert verdict.framing.parameters["source"] == "mof" and verdict.framing.value == surplus_2019
    assert verdict.verdict == "supported" and verdict.rating == "true"


@pytest.mark.parametrize(
    ("claimed", "rating"),
    [
        # 68,807,966,639 is the deficit; distance = |claimed − actual| ÷ actual beyond the 2 % tolerance band.
        (-70e9, "true"),  # 1.7 % off: within tolerance
        (-75e9, "half true"),  # 75 − 2 % = 73.5 is 6.8 % beyond 68.8
        (-85e9, "mostly false"),  # 83.3 is 21 % beyond
        (-100e9, "false"),  # 98 is 42 % beyond
    ],
)
def test_ratings_step_by_how_far_the_figure_is(tmp_path, claimed, rating):
    verdict = balance_claim(tmp_path, f'{{ kind = "approx", value = {claimed}, tolerance = 0.02 }}')
    assert verdict.rating == rating
    assert verdict.verdict == ("supported" if rating == "true" else "not supported")


def test_supported_on_the_framing_but_not_on_every_reading_of_the_words_is_mostly_true(tmp_path):
    body = AUTO.replace("Over {pct}", "Under {pct}").replace('kind = ">"', 'kind = "<"')
    verdict = claims.check(claims.load_claims(write(tmp_path, body.format(id="under", pct=78, value=0.78)))[0])
    # Net (the framing) 76.6 % < 78 % holds; gross, 5,529,807,907 ÷ 7,023,233,881 = 78.7 %, does not.
    gross = reading(
        verdict, source="mof", definition="mof-narrow", measure="gross", calendar="calendar", currency="JPY"
    )
    assert gross.value == pytest.approx(5_529_807_907 / 7_023_233_881) and not gross.holds
    assert verdict.verdict == "supported" and verdict.rating == "mostly true"
    assert "mof, mof-narrow, gross, calendar, JPY" in verdict.robustness.disagree


def test_a_fiscal_year_variant_does_not_lower_the_rating_of_a_precise_figure(tmp_path):
    # ¥7.01–7.03 trillion holds for calendar 2017 (7.023) but not FY2017 (6.998): the claim's words say
    # calendar 2017 in yen, so robustness counts that reading alone (1 of 1) and the rating is true; the
    # fiscal year is shown beside it (holds on 0 of 1), as the text says.
    verdict = balance_claim(
        tmp_path, '{ kind = "between", low = 7.01e12, high = 7.03e12 }', reporter="JPN", extra=', currency = "JPY"'
    )
    assert verdict.verdict == "supported"
    assert (verdict.robustness.agree, verdict.robustness.of) == (1, 1)
    assert verdict.robustness.disagree == []
    assert "it holds on 0 of 1" in verdict.summary
    assert verdict.rating == "true"


def test_exact_rank_and_top_n(tmp_path):
    body = """
[[claim]]
id = "{id}"
quote = "Japan has the {words} U.S. deficit."
metric = "rank"
parameters = {{ reporter = "USA", partner = "JPN", period = 2017, by = "balance" }}
test = {{ kind = "{kind}", value = {value} }}
"""
    path = write(
        tmp_path,
        body.format(id="third", words="third-largest", kind="rank", value=3),
        body.format(id="second", words="second-largest", kind="rank", value=2),
        body.format(id="top5", words="one of the five largest", kind="top", value=5),
    )
    verdicts = {c.id: claims.check(c) for c in claims.load_claims(path)}
    # 2017: China, Mexico, then Japan (Census).
    assert verdicts["third"].verdict == "supported" and verdicts["third"].framing.value == 3
    # "Second-largest": Japan is third, but Mexico's deficit (the second) is within 0.4 % of Japan's: a near
    # tie, which a revision could swap, so mostly true. "Fourth-largest" is one place off too, but Germany (the
    # fourth) is 6.5 % below Japan: no tie, mostly false; "the largest" is two places off: false.
    second = verdicts["second"]
    assert (second.verdict, second.rating) == ("supported", "mostly true") and "a near tie" in second.summary
    assert second.framing.extra["tie_above"] < 0.015
    (fourth,) = claims.load_claims(write(tmp_path, body.format(id="4", words="fourth-largest", kind="rank", value=4)))
    assert (claims.check(fourth).verdict, claims.check(fourth).rating) == ("not supported", "mostly false")
    (first,) = claims.load_claims(write(tmp_path, body.format(id="1", words="largest", kind="rank", value=1)))
    assert claims.check(first).rating == "false"
    assert verdicts["top5"].verdict == "supported"


def test_claimreview_has_the_required_properties(verdicts):
    from tradebalance.claims import claimreview

    for v in verdicts.values():
        review = claimreview.review(v, "https://example.org/report/index.html", "2026-12-01")
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert review["claimReviewed"] == v.claim.quote
        assert review["url"] == f"https://example.org/report/index.html#{claimreview.slug(v.claim.id)}"
        assert review["author"]["name"] and review["datePublished"] == "2026-12-01"
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["author"]["name"] and item["datePublished"] == "2018-09-25"
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating" and rating["alternateName"]
        if v.rating:
            assert (rating["bestRating"], rating["worstRating"]) == (5, 1)
            assert rating["ratingValue"] == 5 - claims.RATINGS.index(v.rating)


def test_a_change_of_a_quantity_is_a_percent_not_units(tmp_path):
    # MOF: 413,404 passenger cars to the U.S. in 2018Q1 against 377,701 in 2017Q1: (413,404 − 377,701) ÷ 377,701.
    body = """
[[claim]]
id = "cars"
quote = "Japanese auto makers exported nearly 10% more cars to the U.S. in the first three months of this year."
attribution = { publication = "WSJ", date = "2018-04-19" }
metric = "change"
parameters = { reporter = "JPN", partner = "USA", period = "2018Q1", flow = "exports", sector = "passenger-cars", of = "quantity" }
test = { kind = "between", low = 0.09, high = 0.10 }
"""
    verdict = claims.check(claims.load_claims(write(tmp_path, body))[0])
    assert verdict.framing.value == pytest.approx((413_404 - 377_701) / 377_701)
    assert verdict.framing.unit == "change" and "+9.5% (test: between +9.0% and +10.0%)" in verdict.summary
