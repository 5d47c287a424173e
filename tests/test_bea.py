"""BEA trade in goods and services by country (balance of payments basis): parser, checks, embedded datasets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

import tradebalance as tb
from tradebalance import balances, partners
from tradebalance.errors import ParseError
from tradebalance.sources import bea
from tradebalance.store import catalog

BEA_FILE = Path("bea") / "trad-geo-time-series-0125.xlsx"
PARTNERS = ["Japan", "Korea, South", "European Union", "All other countries", "South/\nCentral America"]
# (exports, imports) in millions per scope, for 2017 and its four quarters; balances are exports − imports.
GOODS = {"Japan": (60, 80), "Korea, South": (10, 5), "European Union": (100, 120)}
SERVICES = {"Japan": (40, 20), "Korea, South": (3, 3), "European Union": (50, 30)}


def _figures(scope: str, partner: str) -> tuple[float, float] | None:
    if partner == "All other countries":
        return None  # n.a. for the residual
    g, s = GOODS.get(partner, (4, 1)), SERVICES.get(partner, (3, 1))
    if scope == "goods":
        return g
    if scope == "services":
        return s
    return g[0] + s[0], g[1] + s[1]


def write_workbook(
    path: Path, *, changes: tuple[tuple[int, str, int, object], ...] = (), names: list[str] | None = None
) -> Path:
    """A workbook in BEA's layout: Readme, Tables 1–9, 2017 and its quarters; ``changes``: (table, period, column, value)."""
    book = openpyxl.Workbook()
    book.active.title = "Readme"
    book["Readme"]["A1"] = "Last updated March 6, 2025"
    n = 0
    for scope, word in (("goods-and-services", "Goods and Services"), ("goods", "Goods"), ("services", "Services")):
        for measure in ("Exports of", "Imports of", "Balance on"):
            n += 1
            sheet = book.create_sheet(f"Table {n}")
            sheet.append(["Last updated March 6, 2025"])
            sheet.append([f"Table {n}. U.S. International Trade by Selected Countries and Areas"])
            sheet.append([f"{measure} {word}"])
            sheet.append(["[Millions of dollars, quarters seasonally adjusted]"])
            sheet.append([""])
            sheet.append(["Period", *(names or PARTNERS)])
            sheet.append(["Annual"])
            rows: list[list[object]] = []
            for label, share in (
                (2017, 4.0),
                ("Quarterly", None),
                *((f"2017 {q} " if q < 3 else f"2017 {q} (R)", 1.0) for q in range(1, 5)),
            ):
                if share is None:
                    rows.append([label])
                    continue
                row: list[object] = [label]
                for partner in PARTNERS:
                    figures = _figures(scope, partner)
                    if figures is None:
                        row.append("n.a.")
                        continue
                    x, m = (f * share for f in figures)
                    value = x if measure == "Exports of" else m if measure == "Imports of" else x - m
                    row.append("(*)" if measure == "Balance on" and value == 0 else value)
                rows.append(row)
            for row in rows:
                sheet.append(row)
            sheet.append(["(R) Revised"])
            sheet.append(["n.a. Not available"])
            sheet.append(["NOTES:"])
            sheet.append(
                [
                    '* Quarters may not sum to annual totals because of rounding. In addition, quarters do not sum to annual totals for "All other countries" for 1999–2012.'
                ]
            )
            for table, period, column, value in changes:
                if table == n:
                    r = 8 if period == "2017" else 9 + int(period[-1])
                    sheet.cell(row=r, column=column + 1, value=value)
    book.save(path)
    return path


def test_synthetic_workbook_gives_exports_imports_and_balances_in_dollars(tmp_path):
    path = write_workbook(tmp_path / "bea.xlsx")
    annual = bea.parse(path, provisional_from=2017, source="bea-annual")
    quarterly = bea.parse_quarterly(path, provisional_from=None)
    assert {p.freqstr for p in annual["period"]} == {"Y-DEC"} and {p.freqstr for p in quarterly["period"]} == {"Q-DEC"}
    japan = annual[annual["partner"] == "JPN"].set_index(["flow", "code"])["value"]
    assert japan[("export", "goods-and-services")] == 400e6 and japan[("import", "goods")] == 320e6
    # Balances as published: goods 240 − 320 = −80; goods and services 400 − 400 = 0, written "(*)".
    assert japan[("balance", "goods")] == -80e6 and japan[("balance", "goods-and-services")] == 0
    assert set(annual["partner"]) == {"JPN", "KOR", "X0003", "X0009"}  # the residual is n.a. throughout: no rows
    assert set(annual["basis"]) == {"BOP"} and set(annual["classification"]) == {"BEA-scope"}
    assert set(annual["status"]) == {"preliminary"} and set(quarterly["status"]) == {"confirmed"}
    top = annual[annual["code"] == "goods-and-services"]
    assert set(top["level"]) == {0} and top["parent"].isna().all()
    assert set(annual.loc[annual["code"] != "goods-and-services", "parent"]) == {"goods-and-services"}
    assert len(quarterly[(quarterly["partner"] == "JPN")]) == 4 * 9  # 4 quarters × 3 scopes × 3 flows
    assert set(annual["flow"]) == {"export", "import", "balance"}
    assert str(quarterly["period"].max()) == "2017Q4"


def test_a_balance_that_is_not_exports_minus_imports_is_refused(tmp_path):
    path = write_workbook(tmp_path / "bea.xlsx", changes=((3, "2017", 1, -9999),))
    with pytest.raises(ParseError, match=r"sheet 'Table 3', cell B8: the balance with Japan in 2017 is -9,999"):
        bea.parse(path, provisional_from=None)


def test_a_balance_a_million_off_exports_minus_imports_is_kept_as_published(tmp_path):
    # Korea, goods and services, 2017: exports 4 × (10 + 3) = 52, imports 4 × (5 + 3) = 32, so 52 − 32 = 20;
    # BEA rounds the balance from unrounded flows, and may publish 21.
    path = write_workbook(tmp_path / "bea.xlsx", changes=((3, "2017", 2, 21.0),))
    annual = bea.parse(path, provisional_from=None)
    korea = annual[(annual["partner"] == "KOR") & (annual["code"] == "goods-and-services")]
    assert korea.set_index("flow")["value"].to_dict() == {"balance": 21e6, "export": 52e6, "import": 32e6}
    row = tb.balance(korea, "Y").iloc[0]
    assert (row["exports"], row["imports"], row["balance"]) == (52e6, 32e6, 21e6)


def test_goods_plus_services_must_make_goods_and_services(tmp_path):
    path = write_workbook(tmp_path / "bea.xlsx", changes=((4, "2017", 2, 45.0),))  # Korea goods exports 40 -> 45
    with pytest.raises(ParseError, match=r"sheet 'Table 6', cell C8: the balance with Korea, South in 2017 is 20"):
        bea.parse(path, provisional_from=None)
    path = write_workbook(tmp_path / "bea2.xlsx", changes=((4, "2017", 2, 45.0), (6, "2017", 2, 25.0)))
    with pytest.raises(ParseError, match=r"sheet 'Table 1', cell C8: exports of goods and services with Korea, South"):
        bea.parse(path, provisional_from=None)


def test_quarters_must_add_up_to_the_year(tmp_path):
    q2 = ((1, "2017Q2", 1, 90.0), (3, "2017Q2", 1, -10.0), (7, "2017Q2", 1, 30.0), (9, "2017Q2", 1, 10.0))
    path = write_workbook(tmp_path / "bea.xlsx", changes=q2)
    with pytest.raises(
        ParseError, match=r"sheet 'Table 1', cell B8: 2017 with Japan is 400 but its quarters add up to 390"
    ):
        bea.parse(path, provisional_from=None)


def test_unknown_partner_and_bad_cells_are_errors(tmp_path):
    path = write_workbook(tmp_path / "bea.xlsx", names=[*PARTNERS[:-1], "Atlantis"])
    with pytest.raises(ParseError, match="partner 'Atlantis'.*bea_partners.csv"):
        bea.parse(path, provisional_from=None)
    path = write_workbook(tmp_path / "bea2.xlsx", changes=((2, "2017", 1, "about 5"),))
    with pytest.raises(ParseError, match=r"sheet 'Table 2', cell B8: expected a number, 'n.a.' or '\(\*\)'"):
        bea.parse(path, provisional_from=None)
    path = write_workbook(tmp_path / "bea3.xlsx", changes=((1, "2017 Q2", 2, -5),))  # exports are never negative
    with pytest.raises(
        ParseError, match=r"sheet 'Table 1', cell C11: expected a number, 'n.a.' or '\(\*\)', found '-5'"
    ):
        bea.parse(path, provisional_from=None)


def test_partner_table_maps_every_name_once():
    table = bea.partner_table()
    assert table[bea._name_key("South/\nCentral America")] == "X0009"
    assert table[bea._name_key("World")] == table[bea._name_key("All countries")] == "WLD"
    assert table[bea._name_key("European Union")] == "X0003"


def test_real_workbook_japan_2017(shared):
    path = shared / BEA_FILE
    annual = bea.parse(path, provisional_from=2024)
    japan = annual[(annual["partner"] == "JPN") & (annual["period"] == pd.Period("2017", "Y"))]
    value = japan.set_index(["code", "flow"])["value"] / 1e6
    assert value[("goods-and-services", "export")] == 114_299
    assert value[("goods-and-services", "import")] == 173_129
    assert value[("goods-and-services", "export")] - value[("goods-and-services", "import")] == -58_830
    assert value[("goods", "export")] - value[("goods", "import")] == -69_260
    quarterly = bea.parse_quarterly(path, provisional_from=2024)
    q = quarterly[(quarterly["partner"] == "JPN") & (quarterly["period"].dt.year == 2017)]
    summed = q.groupby(["code", "flow"])["value"].sum() / 1e6
    assert (summed - value).abs().max() <= 2  # quarters add up to the year within rounding
    assert len(annual["partner"].unique()) == 27 and annual["period"].min() == pd.Period("1999", "Y")
    assert str(quarterly["period"].min()) == "1999Q1" and str(quarterly["period"].max()) == "2024Q4"
    assert set(annual.loc[annual["period"].dt.year == 2024, "status"]) == {"preliminary"}


# BEA's Japan column (N), annual rows, millions of dollars: Table 1 exports, Table 2 imports, Table 3 balance on
# goods and services. BEA rounds each figure from unrounded ones, so in eight years the published balance is a
# million away from exports − imports of the rounded flows: year -> (exports, imports, published balance).
JAPAN_BALANCES = {
    2001: (89_667, 144_292, -54_624),  # 89,667 − 144,292 = −54,625 (row 10)
    2011: (112_403, 157_284, -44_882),  # 112,403 − 157,284 = −44,881 (row 20)
    2012: (119_663, 178_158, -58_494),  # 119,663 − 178,158 = −58,495 (row 21)
    2013: (113_042, 172_444, -59_401),  # 113,042 − 172,444 = −59,402 (row 22)
    2014: (114_182, 170_169, -55_988),  # 114,182 − 170,169 = −55,987 (row 23)
    2019: (124_628, 181_022, -56_395),  # 124,628 − 181,022 = −56,394 (row 28)
    2020: (102_244, 152_737, -50_494),  # 102,244 − 152,737 = −50,493 (row 29)
    2021: (111_690, 167_172, -55_483),  # 111,690 − 167,172 = −55,482 (row 30)
}


def test_the_workbook_publishes_eight_japan_balances_off_exports_minus_imports(shared):
    """:data:`JAPAN_BALANCES`, re-derived with openpyxl alone: every year where Table 3 is not Table 1 − Table 2."""
    book = openpyxl.load_workbook(shared / BEA_FILE, read_only=True, data_only=True)
    x, m, b = (
        [row for row in book[f"Table {n}"].iter_rows(min_row=6, max_row=33, values_only=True)] for n in (1, 2, 3)
    )
    assert x[0][13] == m[0][13] == b[0][13] == "Japan" and x[2][0] == 1999 and x[-1][0] == 2024  # N6; rows 8–33
    years = {row[0]: (row[13], m[n][13], b[n][13]) for n, row in enumerate(x) if isinstance(row[0], int)}
    assert len(years) == 26
    assert {y: v for y, v in years.items() if v[0] - v[1] != v[2]} == JAPAN_BALANCES


def test_balances_of_bea_data_are_the_published_ones():
    frame = tb.load("bea", partner="JPN")
    table = tb.balance(frame[frame["code"] == "goods-and-services"], "Y").set_index("period")
    for year, (exports, imports, published) in JAPAN_BALANCES.items():
        row = table.loc[str(year)]
        assert (row["exports"], row["imports"], row["balance"]) == (exports * 1e6, imports * 1e6, published * 1e6)
        assert abs(row["exports"] - row["imports"] - row["balance"]) == 1e6
    assert [p["balance"] for p in table.attrs["provenance"]] == [balances.PUBLISHED]
    # 2017Q2, seasonally adjusted: 28,624 − 42,497 = −13,873; BEA publishes −13,874.
    quarterly = tb.load("bea-quarterly", partner="JPN")
    q2 = tb.balance(quarterly[quarterly["code"] == "goods-and-services"], "Q").set_index("period").loc["2017Q2"]
    assert (q2["exports"], q2["imports"], q2["balance"]) == (28_624e6, 42_497e6, -13_874e6)
    ranked = partners.rank(2001, scope="goods-and-services").set_index("partner")
    assert ranked.loc["JPN", "balance"] == -54_624e6 and "balance" in ranked.attrs["provenance"][0]
    # MOF and Census publish no balance line: exports − imports, and a provenance that says nothing of it.
    census = tb.balance(tb.load("census", partner="JPN"), "Y")
    assert (census["balance"] == census["exports"] - census["imports"]).all()
    assert all("balance" not in p for p in census.attrs["provenance"])


def test_embedded_datasets_and_provenance():
    annual, quarterly = tb.load("bea", partner="JPN"), tb.load("bea-quarterly", partner="JPN")
    balance = tb.balance(annual[annual["code"] == "goods-and-services"], freq="Y").set_index("period")
    assert balance.loc["2017", "balance"] == -58_830e6
    p = annual.attrs["provenance"][0]
    assert p["retrieved"] == "2025-03-06" and p["url"].endswith("trad-geo-time-series-0125.xlsx")
    assert p["attribution"] == "Source: U.S. Bureau of Economic Analysis, U.S. International Transactions"
    assert p["license"].startswith("Public domain")
    assert quarterly.attrs["provenance"][0]["resource"] == "bea-quarterly"
    specs = {s.resource: s for s in catalog.files()}
    assert specs["bea-annual"].snapshot_stem != specs["bea-quarterly"].snapshot_stem
    assert np.isclose(
        quarterly[quarterly["period"].dt.year == 2017]["value"].sum(),
        annual[annual["period"].dt.year == 2017]["value"].sum(),
        atol=12e6,
    )
