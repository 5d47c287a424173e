"""The U.S. side: Census balances, end-use sectors, exchange rates, mirror statistics, ranks, tariff exposure.

Figures are Census's (dollars) and FRED's (yen per dollar); the arithmetic is spelled out.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

import tradebalance as tb
from tradebalance import fx, mirror, partners, tariffs
from tradebalance.cli import main
from tradebalance.errors import DataNotFoundError

# 2017, U.S. ↔ Japan (Census country.xlsx: 67,603.374931 and 136,411.34157 million dollars).
US_EXPORTS_2017 = 67_603_374_931
US_IMPORTS_2017 = 136_411_341_570
# End-use 3 (automotive), 2017, from the 5-digit rows 30000 … 30230 of the end-use files.
AUTO_IMPORTS_2017 = 39_855_578_150 + 619_690_311 + 95_330_723 + 3_940_211_492 + 6_077_201 + 884_516_247 + 10_040_423_801
AUTO_EXPORTS_2017 = 594_677_204 + 31_471_897 + 472_492_515 + 4_585_106 + 46_761_317 + 1_132_270_465
CARS_IMPORTS_2017 = 39_855_578_150  # end-use 30000, passenger cars


def test_census_balance_2017(census_jpn):
    row = tb.balance(census_jpn, "Y").set_index("period").loc["2017"]
    assert (row["exports"], row["imports"]) == (US_EXPORTS_2017, US_IMPORTS_2017)
    assert row["balance"] == US_EXPORTS_2017 - US_IMPORTS_2017 == -68_807_966_639
    assert (row["currency"], row["reporter"], row["partner"]) == ("USD", "USA", "JPN")


def test_census_partial_year_and_fiscal_year(census_jpn):
    annual = tb.balance(census_jpn, "Y").set_index("period")
    assert annual.loc["2026", "months"] == 1 and not annual.loc["2026", "complete"]
    monthly = tb.balance(census_jpn, "M").set_index("period")
    fiscal = tb.balance(census_jpn, "FY").set_index("period")
    assert fiscal.loc["FY2017", "balance"] == monthly.loc["2017-04":"2018-03", "balance"].sum()


def test_enduse_totals_equal_country_totals_2017():
    enduse = tb.balance(tb.load("census-enduse", partner="JPN"), "Y").set_index("period").loc["2017"]
    assert (enduse["exports"], enduse["imports"]) == (US_EXPORTS_2017, US_IMPORTS_2017)


def test_enduse_3_net_share_of_the_us_deficit_2017():
    table = tb.decompose(tb.load("census-enduse", partner="JPN"), 2017, "census-enduse-3").set_index("sector")
    auto = table.loc["automotive"]
    assert (auto["exports"], auto["imports"]) == (AUTO_EXPORTS_2017, AUTO_IMPORTS_2017)
    # (2,282,258,504 − 55,441,827,925) ÷ (67,603,374,931 − 136,411,341,570) = 77.26 %
    share = (AUTO_EXPORTS_2017 - AUTO_IMPORTS_2017) / (US_EXPORTS_2017 - US_IMPORTS_2017)
    assert auto["share_of_balance"] == pytest.approx(share) and round(share, 4) == 0.7726
    # Gross for a deficit: imports ÷ |deficit| = 80.57 %.
    assert auto["gross_share_of_balance"] == pytest.approx(AUTO_IMPORTS_2017 / 68_807_966_639)


def test_enduse_principal_categories_partition_the_deficit():
    table = tb.decompose(tb.load("census-enduse", partner="JPN"), 2017, "census-enduse-principal")
    assert table["share_of_balance"].sum() == pytest.approx(1.0)
    assert "unallocated" not in set(table["sector"])


def test_annual_rates_are_daily_means_like_fred_aexjpus():
    rates = fx.rates("Y").set_index("period")
    # FRED's AEXJPUS (mean of daily DEXJPUS), to 4 decimals.
    for year, published in (
        ("2015", 121.0491),
        ("2016", 108.6569),
        ("2017", 112.0986),
        ("2018", 110.3974),
        ("2024", 151.4551),
    ):
        assert round(rates.loc[year, "jpy_per_usd"], 4) == published
    assert rates.loc["2017", "observations"] == 249
    # The mean of the twelve monthly EXJPUS values is a different number (112.1369 in 2017).
    monthly = fx.rates("M").set_index("period").loc["2017-01":"2017-12", "jpy_per_usd"]
    assert round(monthly.mean(), 4) == 112.1369
    assert not rates.loc["2025", "complete"]


def test_convert_records_the_rate_used(mof_usa):
    mof = mof_usa
    usd = fx.convert(mof[mof["period"].dt.year == 2017], to="USD", rate="annual")
    assert set(usd["currency"]) == {"USD"}
    assert usd.attrs["conversion"]["rates"] == {"2017": pytest.approx(112.0986, abs=5e-5)}
    assert {p["resource"] for p in usd.attrs["provenance"]} >= {"fred-dexjpus-1971", "mof-d52ma001"}
    total = tb.balance(usd, "Y").set_index("period").loc["2017", "exports"]
    assert total == pytest.approx(15_113_485_105_000 / fx.rate("2017"))
    # EXJPUS ends in 2025-04; May 2025 converts at the mean of its daily rates (derived, as FRED computes it).
    may = fx.convert(mof[mof["period"] == pd.Period("2025-05", "M")], to="USD", rate="monthly")
    assert set(may["currency"]) == {"USD"}
    census = tb.load("census", partner="JPN")  # runs past the last daily rate (2025-07-11)
    with pytest.raises(DataNotFoundError, match="2025-09"):
        fx.convert(census[census["period"] == pd.Period("2025-09", "M")], to="JPY", rate="monthly")


def test_mirror_2017():
    table = mirror.mirror((2016, 2018)).set_index(["period", "flow"])
    rate = fx.rate("2017")
    jp_us = table.loc[("2017", "JPN→USA")]
    assert jp_us["reported_by_exporter"] == pytest.approx(15_113_485_105_000 / rate)  # MOF exports, ≈ $134.8 bn
    assert jp_us["reported_by_importer"] == US_IMPORTS_2017
    us_jp = table.loc[("2017", "USA→JPN")]
    assert us_jp["reported_by_exporter"] == US_EXPORTS_2017
    assert us_jp["reported_by_importer"] == pytest.approx(8_090_251_224_000 / rate)  # MOF imports (CIF), ≈ $72.2 bn
    # Japan's CIF imports exceed U.S. f.a.s. exports by 6.8 %: about the usual CIF/FOB margin.
    assert us_jp["gap_pct"] == pytest.approx((8_090_251_224_000 / rate - US_EXPORTS_2017) / US_EXPORTS_2017)
    assert 0.05 < us_jp["gap_pct"] < 0.09
    balance = table.attrs["balance"].set_index("period")
    # 2016–2018: the U.S.-recorded deficit exceeds Japan's surplus by about 10–15 %.
    assert ((balance["gap_pct"] > 0.08) & (balance["gap_pct"] < 0.16)).all()
    assert "CIF" in jp_us["reasons"] + us_jp["reasons"]


def test_rank_2017_japan_third_behind_china_and_mexico():
    table = partners.rank(2017)
    japan = table.set_index("partner").loc["JPN"]
    assert japan["rank"] == 3 and japan["balance"] == US_EXPORTS_2017 - US_IMPORTS_2017
    ahead = table[table["rank"] < 3]
    assert list(ahead["partner"]) == ["CHN", "MEX"] and (ahead["balance"] < japan["balance"]).all()
    assert not table["partner"].str.startswith("X").any() and "WLD" not in set(table["partner"])


def test_tariff_exposure_2017():
    table = tariffs.exposure(2017, 0.25).set_index("definition")
    enduse3 = table.loc["census-enduse-3"]
    assert enduse3["imports"] == AUTO_IMPORTS_2017 == 55_441_827_925
    assert enduse3["duty"] == pytest.approx(0.25 * 55_441_827_925)  # ≈ $13.86 bn
    assert enduse3["share_of_imports"] == pytest.approx(AUTO_IMPORTS_2017 / US_IMPORTS_2017)  # 40.6 %
    assert table.loc["census-enduse-300", "imports"] == CARS_IMPORTS_2017
    # On Japan's statistics: exports of 自動車 (70503) + 自動車の部分品 (70505), each month at its EXJPUS rate;
    # within 0.1 % of the annual figure (4,568,431,409 + 961,376,498) thousand yen ÷ 112.0986.
    mof = tb.load("mof", partner="USA")
    autos = mof[(mof["period"].dt.year == 2017) & (mof["flow"] == "export") & mof["code"].isin(["70503", "70505"])]
    monthly = autos.groupby(autos["period"].dt.strftime("%Y-%m"))["value"].sum()
    rates = fx.rates("M").set_index("period")["jpy_per_usd"]
    assert table.loc["mof-narrow", "imports"] == pytest.approx((monthly / rates[monthly.index]).sum(), rel=1e-12)
    assert table.loc["mof-narrow", "imports"] == pytest.approx(
        (4_568_431_409 + 961_376_498) * 1000 / 112.0986, rel=1e-3
    )
    assert table["complete"].all() and set(table["status"]) == {"confirmed"}


def run(capsys, *args: str) -> list | dict:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_us_side_json_contracts(capsys):
    records = {
        r["period"]: r
        for r in run(capsys, "balance", "--source", "census", "--partner", "JPN", "--freq", "Y", "--format", "json")
    }
    assert records["2017"]["balance"] == -68_807_966_639 and records["2017"]["currency"] == "USD"
    mirror_records = run(capsys, "mirror", "--year", "2017", "--format", "json")
    assert {r["flow"] for r in mirror_records} == {"JPN→USA", "USA→JPN"}
    assert {"reported_by_exporter", "reported_by_importer", "currency", "gap"} <= set(mirror_records[0])
    rates = {r["period"]: r["jpy_per_usd"] for r in run(capsys, "fx", "--freq", "Y", "--format", "json")}
    assert round(rates["2017"], 4) == 112.0986
    ranked = run(capsys, "rank", "--year", "2017", "--by", "balance", "--format", "json")
    assert ranked[2]["partner"] == "JPN" and ranked[2]["rank"] == 3 and {"partner", "rank", "balance"} <= set(ranked[0])


def test_claim_over_time_cli(capsys):
    out = run(capsys, "check", "--claim", "auto-share-2017", "--years", "2005-2010", "--format", "json")
    assert "since 2007" in out["summary"]
    framing = [v for v in out["values"] if v["framing"]]
    assert [v["year"] for v in framing] == list(range(2005, 2011))
    assert [v["holds"] for v in framing] == [False, False, True, True, True, True]
