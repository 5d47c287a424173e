"""Claims of every shape people make: flows, quantities, changes, shares of the world, ratios, periods, and
statements trade statistics cannot check. Each value is derived again here from the loaded data."""

from __future__ import annotations

import pytest

import tradebalance as tb
from tradebalance import claims

CLAIM = """
[[claim]]
id = "{id}"
quote = "A quote."
attribution = {{ publication = "Somewhere", date = "{date}" }}
metric = "{metric}"
parameters = {params}
test = {test}
"""


def check(tmp_path, metric, params, test='{ kind = "context" }', date="2026-01-01"):
    path = tmp_path / "claims.toml"
    path.write_text(CLAIM.format(id="c", metric=metric, params=params, test=test, date=date), encoding="utf-8")
    return claims.check(claims.load_claims(path)[0])


def census_annual(partner):
    return tb.balance(tb.load("census", partner=partner), "Y").set_index("period")


def test_a_sectors_flow(tmp_path):
    verdict = check(
        tmp_path,
        "flow",
        '{ reporter = "USA", partner = "JPN", period = 2017, sector = "automotive", flow = "imports" }',
        '{ kind = "approx", value = 55.4e9, tolerance = 0.01 }',
    )
    enduse = tb.load("census-enduse", partner="JPN", flow="import")
    autos = enduse[(enduse["period"] == "2017") & enduse["code"].str.startswith("3")]["value"].sum()
    assert verdict.framing.value == autos == 55_441_827_925
    assert verdict.verdict == "supported" and verdict.framing.unit == "USD"


def test_units_of_vehicles_name_their_unit(tmp_path):
    verdict = check(
        tmp_path,
        "quantity",
        '{ reporter = "JPN", partner = "USA", period = 2017, definition = "mof-vehicles", flow = "exports" }',
        '{ kind = "approx", value = 1.7e6, tolerance = 0.05 }',
    )
    mof = tb.load("mof", partner="USA", flow="export")
    cars = mof[(mof["code"] == "70503") & (mof["period"].dt.year == 2017)]
    assert set(cars["quantity_unit"]) == {"NO"} and len(cars) == 12
    assert verdict.framing.value == cars["quantity"].sum() == 1_746_786
    assert verdict.framing.unit == "NO" and "1,746,786 units" in verdict.summary
    assert verdict.verdict == "supported"


def test_a_change_between_fiscal_years(tmp_path):
    verdict = check(
        tmp_path,
        "change",
        '{ reporter = "JPN", partner = "USA", period = "FY2024", flow = "surplus" }',
        '{ kind = "approx", value = -0.013, tolerance = 0.1 }',
    )
    fy = tb.balance(tb.load("mof", partner="USA"), "FY").set_index("period")["balance"]
    # (9,003,975,506,000 − 9,119,515,027,000) ÷ 9,119,515,027,000 = −1.27 %
    assert verdict.framing.value == pytest.approx((fy["FY2024"] - fy["FY2023"]) / fy["FY2023"])
    assert verdict.framing.unit == "change" and verdict.verdict == "supported"


def test_a_change_from_the_month_before_and_in_the_wrong_direction(tmp_path):
    params = '{ reporter = "USA", partner = "JPN", period = "2021-04", flow = "deficit", compare = "previous" }'
    monthly = tb.balance(tb.load("census", partner="JPN"), "M").set_index("period")["balance"]
    expected = (-monthly["2021-04"] + monthly["2021-03"]) / -monthly["2021-03"]  # the deficit grew 1.7 %
    grew = check(tmp_path, "change", params, '{ kind = ">", value = 0 }')
    assert grew.framing.value == pytest.approx(expected) and grew.verdict == "supported"
    fell = check(tmp_path, "change", params, '{ kind = "<", value = -0.02 }')
    # Wrong in direction on these (unadjusted) months, but the monthly release headlines seasonally adjusted
    # figures, which these data are not: rated no worse than half true, with that reason.
    assert fell.verdict == "not supported" and fell.rating == "half true"
    assert "seasonally adjusted" in fell.summary
    year_ago = params.replace('compare = "previous"', 'compare = "year-ago"')
    assert check(tmp_path, "change", year_ago, '{ kind = "<", value = -0.5 }').rating == "false"


def test_a_share_of_the_partners_trade_with_the_world(tmp_path):
    verdict = check(
        tmp_path,
        "share",
        '{ reporter = "USA", partner = "JPN", period = 2024, sector = "automotive", flow = "imports", of = "world" }',
        '{ kind = "between", low = 0.10, high = 0.15 }',
    )
    enduse = tb.load("census-enduse", flow="import")
    autos = enduse[(enduse["period"] == "2024") & enduse["code"].str.startswith("3")]
    japan, world = (autos.loc[autos["partner"] == p, "value"].sum() for p in ("JPN", "WLD"))
    assert verdict.framing.value == pytest.approx(japan / world)  # 55.8 ÷ 474.4 billion = 11.8 %
    assert verdict.verdict == "supported"
    assert any("measure a different share" in r.skipped for r in verdict.readings)  # Japan's side: not the same


def test_a_ratio_between_partners(tmp_path):
    verdict = check(
        tmp_path,
        "ratio",
        '{ reporter = "USA", partner = "CHN", compare = "JPN", period = 2016, flow = "deficit" }',
        '{ kind = "approx", value = 5, tolerance = 0.05 }',
    )
    china, japan = census_annual("CHN").loc["2016", "balance"], census_annual("JPN").loc["2016", "balance"]
    assert verdict.framing.value == pytest.approx(china / japan)  # 347.0 ÷ 68.8 = 5.05
    assert verdict.verdict == "supported" and verdict.framing.unit == "ratio"


def test_another_partners_balance(tmp_path):
    verdict = check(
        tmp_path,
        "flow",
        '{ reporter = "USA", partner = "CHN", period = 2018, flow = "deficit" }',
        '{ kind = "approx", value = 419e9, tolerance = 0.01 }',
    )
    assert verdict.framing.value == pytest.approx(-census_annual("CHN").loc["2018", "balance"])
    assert verdict.verdict == "supported"


def test_quarters_and_halves_add_their_months(tmp_path):
    verdict = check(tmp_path, "flow", '{ reporter = "JPN", partner = "USA", period = "2017H1", flow = "surplus" }')
    monthly = tb.balance(tb.load("mof", partner="USA"), "M").set_index("period")["balance"]
    assert verdict.framing.value == monthly["2017-01":"2017-06"].sum()
    quarter = check(tmp_path, "flow", '{ reporter = "JPN", partner = "USA", period = "2017Q3", flow = "exports" }')
    exports = tb.balance(tb.load("mof", partner="USA"), "M").set_index("period")["exports"]
    assert quarter.framing.value == exports["2017-07":"2017-09"].sum()


def test_last_year_is_read_from_the_claims_date(tmp_path):
    verdict = check(
        tmp_path,
        "flow",
        '{ reporter = "JPN", partner = "USA", period = "last year", flow = "surplus", currency = "JPY" }',
        '{ kind = "approx", value = 6.6e12, tolerance = 0.015 }',
        date="2020-01-22",
    )
    assert verdict.framing.parameters["period"] == "2019" and verdict.verdict == "supported"


def test_a_statement_trade_statistics_cannot_check_is_kept_without_a_verdict(tmp_path):
    path = tmp_path / "claims.toml"
    path.write_text(
        '[[claim]]\nid = "rice-tariff"\nquote = "Japan charges a 700 percent tariff on rice."\n'
        'metric = "not_checkable"\nnotes = "A tariff rate is trade policy, not a trade statistic."\n',
        encoding="utf-8",
    )
    verdict = claims.check(claims.load_claims(path)[0])
    assert verdict.verdict == "not checkable" and verdict.rating is None and not verdict.readings
    assert "tariff rate is trade policy" in verdict.summary
    missing_reason = path.read_text(encoding="utf-8").replace(
        'notes = "A tariff rate is trade policy, not a trade statistic."\n', ""
    )
    path.write_text(missing_reason, encoding="utf-8")
    with pytest.raises(claims.fileformat.ClaimFileError, match="field 'notes'"):
        claims.load_claims(path)
