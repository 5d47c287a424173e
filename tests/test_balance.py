"""Balances and decompositions against numbers derived by hand from the official files."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

import tradebalance as tb
from tradebalance import balances
from tradebalance.balances import item_key
from tradebalance.errors import DataNotFoundError, UnknownSectorError

# 2017, Japan ↔ USA, thousand yen, from MOF's d52ma001/d62ma001 (README cross-check and item columns):
EXPORTS_2017 = 15_113_485_105
IMPORTS_2017 = 8_090_251_224
AUTO_EXPORTS_2017 = 4_568_431_409 + 961_376_498  # 自動車 70503 + 自動車の部分品 70505 (export codes)
AUTO_IMPORTS_2017 = 91_947_146 + 57_938_191  # 自動車 70501 + 自動車の部分品 70503 (import codes)


def test_2017_balance_in_yen(mof_usa):
    row = tb.balance(mof_usa, "Y").set_index("period").loc["2017"]
    assert row["exports"] == EXPORTS_2017 * 1000
    assert row["imports"] == IMPORTS_2017 * 1000
    assert row["balance"] == (15_113_485_105 - 8_090_251_224) * 1000 == 7_023_233_881_000
    assert (row["currency"], row["months"], row["complete"], row["status"]) == ("JPY", 12, True, "confirmed")


def test_monthly_and_partial_year(mof_usa):
    monthly = tb.balance(mof_usa, "M").set_index("period")
    assert monthly.loc["2017-01":"2017-12", "balance"].sum() == 7_023_233_881_000
    annual = tb.balance(mof_usa, "Y").set_index("period")
    # 2025 has January–June only (provisional): flagged, not passed off as a full year.
    assert annual.loc["2025", "months"] == 6 and not annual.loc["2025", "complete"]
    assert annual.loc["2025", "status"] == "provisional"


def test_fiscal_year_is_april_to_march(mof_usa):
    monthly = tb.balance(mof_usa, "M").set_index("period")
    fiscal = tb.balance(mof_usa, "FY").set_index("period")
    assert fiscal.loc["FY2017", "balance"] == monthly.loc["2017-04":"2018-03", "balance"].sum()
    assert fiscal.loc["FY2017", "months"] == 12
    # FY1987 would need 1987 months: the data start in 1988/01, so FY1987 is January–March only.
    assert fiscal.loc["FY1987", "months"] == 3 and not fiscal.loc["FY1987", "complete"]


@pytest.mark.parametrize(
    ("period", "first", "last"),
    [
        ("FY2017", "2017-04", "2018-03"),
        ("USFY2017", "2016-10", "2017-09"),  # the U.S. federal year: October to September
        ("FY2017H2", "2017-10", "2018-03"),  # Japan's second fiscal half runs into the next calendar year
        ("2017Q4", "2017-10", "2017-12"),
    ],
)
def test_a_period_of_any_kind_selects_its_months(mof_usa, period, first, last):
    rows, _, label = balances.select_period(mof_usa, period)
    months = sorted(set(rows["period"].astype(str)))
    assert label == period and (months[0], months[-1]) == (first, last)
    assert len(months) == len(pd.period_range(first, last, freq="M"))


def _raw_totals(path: Path) -> dict[str, int]:
    """Monthly totals (thousand yen) read with the csv module alone, independent of the parser."""
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    return {r[0]: int(r[1]) for r in rows[7:] if r[1].strip() != "-"}


def test_every_year_and_fiscal_year_1988_2024_matches_the_raw_files(shared, mof_usa):
    exports = _raw_totals(shared / "mof" / "d52ma001.csv")
    imports = _raw_totals(shared / "mof" / "d62ma001.csv")
    annual = tb.balance(mof_usa, "Y").set_index("period")
    fiscal = tb.balance(mof_usa, "FY").set_index("period")
    for year in range(1988, 2025):
        months = [f"{year}/{m:02d}" for m in range(1, 13)]
        assert annual.loc[str(year), "balance"] == sum(exports[m] - imports[m] for m in months) * 1000
        fy_months = [f"{year}/{m:02d}" for m in range(4, 13)] + [f"{year + 1}/{m:02d}" for m in range(1, 4)]
        if year < 2024 or all(m in exports for m in fy_months):
            assert fiscal.loc[f"FY{year}", "balance"] == sum(exports[m] - imports[m] for m in fy_months) * 1000


def test_decompose_sections_partition_the_balance(mof_usa):
    table = tb.decompose(mof_usa, 2017, "mof-sections")
    assert len(table) == 9
    assert table["net"].sum() == pytest.approx(7_023_233_881_000, abs=1)
    assert table["share_of_balance"].sum() == pytest.approx(1.0, abs=1e-12)
    assert table["exports"].sum() == EXPORTS_2017 * 1000


def test_decompose_mof_narrow_automotive_2017(mof_usa):
    table = tb.decompose(mof_usa, 2017, "mof-narrow").set_index("sector")
    auto = table.loc["automotive"]
    assert auto["exports"] == AUTO_EXPORTS_2017 * 1000
    assert auto["imports"] == AUTO_IMPORTS_2017 * 1000
    net_share = (AUTO_EXPORTS_2017 - AUTO_IMPORTS_2017) / (EXPORTS_2017 - IMPORTS_2017)  # = 0.76602
    gross_share = AUTO_EXPORTS_2017 / (EXPORTS_2017 - IMPORTS_2017)  # = 0.78736
    assert auto["share_of_balance"] == pytest.approx(net_share, rel=1e-12)
    assert round(net_share, 4) == 0.7660
    assert auto["gross_share_of_balance"] == pytest.approx(gross_share, rel=1e-12)
    assert auto["share_of_exports"] == pytest.approx(AUTO_EXPORTS_2017 / EXPORTS_2017)
    # The rest of the total is "other", so the two shares add to 100 %.
    assert table["share_of_balance"].sum() == pytest.approx(1.0)
    assert table.attrs["definition"] == "mof-narrow" and table.attrs["currency"] == "JPY"
    assert {p["file"] for p in table.attrs["provenance"]} == {"d52ma001.csv", "d62ma001.csv"}


def test_auto_item_columns_in_the_raw_files(shared):
    """The constants above, re-derived from the raw CSVs by column name and code."""

    def item_2017(path: Path, code: str) -> int:
        rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
        col = rows[4].index(f"'{code}'")
        value_col = col if rows[5][col] == "金額" else col + 1
        return sum(int(r[value_col]) for r in rows[7:] if r[0].startswith("2017/"))

    exports, imports = shared / "mof" / "d52ma001.csv", shared / "mof" / "d62ma001.csv"
    assert item_2017(exports, "70503") + item_2017(exports, "70505") == AUTO_EXPORTS_2017
    assert item_2017(imports, "70501") + item_2017(imports, "70503") == AUTO_IMPORTS_2017


def test_decompose_on_a_hand_made_frame():
    """A deficit reporter: gross share uses imports; a sector may exceed 100 %."""
    rows = [
        # flow, code, level, value
        ("export", "0〜9", 0, 100.0),
        ("export", "70503", 2, 10.0),
        ("export", "70505", 2, 5.0),
        ("import", "0〜9", 0, 300.0),
        ("import", "70501", 2, 180.0),
        ("import", "70503", 2, 70.0),
    ]
    labels = {
        ("export", "70503"): "自動車",
        ("export", "70505"): "自動車の部分品",
        ("import", "70501"): "自動車",
        ("import", "70503"): "自動車の部分品",
    }
    frame = pd.DataFrame(
        [
            {
                "period": pd.Period("2020-01", "M"),
                "reporter": "JPN",
                "partner": "USA",
                "flow": f,
                "classification": "mof-principal",
                "code": c,
                "label": labels.get((f, c), "総額"),
                "level": lv,
                "parent": None,
                "value": v,
                "currency": "JPY",
                "quantity": None,
                "quantity_unit": None,
                "basis": "FOB",
                "source": "test",
                "status": "confirmed",
            }
            for f, c, lv, v in rows
        ]
    )
    table = tb.decompose(frame, "2020-01", "mof-narrow").set_index("sector")
    # balance = 100 − 300 = −200; autos net = 15 − 250 = −235 → 117.5 % of the deficit; other = 85 − 50 = +35 → −17.5 %.
    assert table.loc["automotive", "share_of_balance"] == pytest.approx(235 / 200)
    assert table.loc["other", "share_of_balance"] == pytest.approx(-35 / 200)
    assert table.loc["automotive", "gross_share_of_balance"] == pytest.approx(250 / 200)


def _bop_rows(quarters: dict[str, tuple[float, float, float | None]]) -> pd.DataFrame:
    """A balance-of-payments frame: per quarter (exports, imports, published balance or None for no row)."""
    base = {"reporter": "USA", "partner": "JPN", "classification": "BEA-scope", "code": "goods-and-services"}
    base |= {"label": "Goods and services", "level": 0, "parent": None, "currency": "USD", "quantity": None}
    base |= {"quantity_unit": None, "basis": "BOP", "source": "test-bop", "status": "confirmed"}
    rows = [
        base | {"period": pd.Period(q, "Q"), "flow": flow, "value": value}
        for q, figures in quarters.items()
        for flow, value in zip(("export", "import", "balance"), figures, strict=True)
        if value is not None
    ]
    frame = pd.DataFrame(rows)
    frame.attrs = {"provenance": [{"resource": "test-bop"}]}
    return frame


def test_a_published_balance_is_used_where_every_period_has_one():
    # Each quarter: exports 10 − imports 4 = 6; the published balances (rounded apart) are 7, 6, 7, 6.
    quarters = {"2017Q1": (10.0, 4.0, 7.0), "2017Q2": (10.0, 4.0, 6.0), "2017Q3": (10.0, 4.0, 7.0)}
    quarters["2017Q4"] = (10.0, 4.0, 6.0)
    year = tb.balance(_bop_rows(quarters), "Y")
    assert year[["exports", "imports", "balance"]].values.tolist() == [[40.0, 16.0, 26.0]]  # 7 + 6 + 7 + 6, not 24
    assert year.attrs["provenance"] == [{"resource": "test-bop", "balance": balances.PUBLISHED}]
    assert tb.balance(_bop_rows(quarters), "Q")["balance"].tolist() == [7.0, 6.0, 7.0, 6.0]
    assert tb.balance(_bop_rows(quarters), "H")["balance"].tolist() == [13.0, 13.0]
    # No balance line in 2017Q1: the year and its first half are exports − imports (40 − 16, 20 − 8); the second
    # half is still published (7 + 6).
    quarters["2017Q1"] = (10.0, 4.0, None)
    year = tb.balance(_bop_rows(quarters), "Y")
    assert year["balance"].tolist() == [24.0] and year.attrs["provenance"] == [{"resource": "test-bop"}]
    assert tb.balance(_bop_rows(quarters), "H")["balance"].tolist() == [12.0, 13.0]


def test_errors_name_what_is_wrong(mof_usa):
    with pytest.raises(UnknownSectorError, match="unknown sector definition 'cars'; known: mof-sections"):
        tb.decompose(mof_usa, 2017, "cars")
    with pytest.raises(DataNotFoundError, match="no data for 1950; the data covers 1988-01 to 2025-06"):
        tb.decompose(mof_usa, 1950, "mof-narrow")
    with pytest.raises(DataNotFoundError, match="not a year"):
        tb.decompose(mof_usa, "last year", "mof-narrow")
    with pytest.raises(DataNotFoundError, match="needs one reporter and partner"):
        tb.decompose(tb.load("mof"), 2017, "mof-narrow")
    with pytest.raises(DataNotFoundError, match="has no partner 'BRA'; it has CHN, KOR, RUS, SUN, USA, WLD, X0003"):
        tb.load("mof", partner="BRA")


def test_sector_labels_guard_against_changed_code_lists(mof_usa):
    relabelled = mof_usa.copy()
    relabelled.loc[(relabelled["flow"] == "import") & (relabelled["code"] == "70503"), "label"] = "航空機類"
    with pytest.raises(UnknownSectorError, match="import code '70503' is labelled"):
        tb.decompose(relabelled, 2017, "mof-narrow")


def test_items_pair_export_and_import_sides_by_label(mof_usa):
    table = tb.items(mof_usa, 2017).set_index("label")
    cars = table.loc["自動車"]
    assert (cars["export_code"], cars["import_code"]) == ("70503", "70501")
    assert cars["exports"] == 4_568_431_409 * 1000 and cars["imports"] == 91_947_146 * 1000
    # Semiconductor equipment is itemised on the export side only: its imports are unknown, not zero.
    assert pd.isna(table.loc["半導体等製造装置", "imports"])


def test_items_pair_the_ic_items_whose_brackets_differ_in_width(mof_usa):
    # Export 7032305 is labelled （ＩＣ） (full-width brackets), import 7031103 (ＩＣ) (ASCII brackets).
    labels = mof_usa.groupby(["flow", "code"], observed=True)["label"].first()
    assert labels[("export", "7032305")] == "\uff08ＩＣ\uff09" and labels[("import", "7031103")] == "(ＩＣ)"
    table = tb.items(mof_usa, 2017)
    ic = table[(table["export_code"] == "7032305") | (table["import_code"] == "7031103")]
    assert len(ic) == 1  # one row for both sides, not two half-empty rows
    row = ic.iloc[0]
    assert (row["export_code"], row["import_code"], row["level"]) == ("7032305", "7031103", 3)
    # 2017 sums of the raw monthly columns (thousand yen), re-derived in test_ic_item_columns_in_the_raw_files.
    assert row["exports"] == IC_EXPORTS_2017 * 1000 == 126_705_252_000
    assert row["imports"] == IC_IMPORTS_2017 * 1000 == 270_252_345_000
    assert row["net"] == (126_705_252 - 270_252_345) * 1000 == -143_547_093_000


IC_EXPORTS_2017 = 126_705_252  # （ＩＣ） export code 7032305, d52ma001
IC_IMPORTS_2017 = 270_252_345  # (ＩＣ) import code 7031103, d62ma001


def test_ic_item_columns_in_the_raw_files(shared):
    def item_2017(path: Path, code: str) -> int:
        rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
        col = rows[4].index(f"'{code}'")
        value_col = col if rows[5][col] == "金額" else col + 1
        return sum(int(r[value_col]) for r in rows[7:] if r[0].startswith("2017/"))

    assert item_2017(shared / "mof" / "d52ma001.csv", "7032305") == IC_EXPORTS_2017
    assert item_2017(shared / "mof" / "d62ma001.csv", "7031103") == IC_IMPORTS_2017


@pytest.mark.parametrize("partner", ["USA", "WLD"])
def test_items_pair_no_item_with_two_in_any_year(partner):
    frame = tb.load("mof", partner=partner)
    for year in range(1988, 2026):
        table = tb.items(frame, year)
        rows = frame[frame["period"].dt.year == year]
        exported, imported = (rows.loc[rows["flow"] == f, "code"].nunique() for f in ("export", "import"))
        paired = table["export_code"].notna() & table["import_code"].notna()
        # Each code on one row only, and every item of the year on some row.
        assert table["export_code"].dropna().is_unique and table["import_code"].dropna().is_unique
        assert table["export_code"].notna().sum() == exported and table["import_code"].notna().sum() == imported
        # 35 pairs every year; e.g. 2017 (USA): 59 export items + 58 import items − 35 pairs = 82 rows.
        assert paired.sum() == 35 and len(table) == exported + imported - 35
        # Paired items have the same label once widths, case and spacing are normalised.
        label = rows.groupby(["flow", "code"], observed=True)["label"].first()
        for code_x, code_m in zip(table.loc[paired, "export_code"], table.loc[paired, "import_code"], strict=True):
            assert item_key(label[("export", code_x)]) == item_key(label[("import", code_m)])
    # 2025: 59 export and 58 import items with the world; with the USA, ships and iron ore are "-" (no figure)
    # in every month so far, so one fewer each.
    assert (exported, imported) == ((58, 57) if partner == "USA" else (59, 58))


def test_items_key_normalises_width_case_and_spacing():
    key = item_key
    assert key("（ＩＣ）") == key("(ＩＣ)") == "(ic)"
    assert key("１．食料品") == key("1.食料品")
    assert key("Fruits,  frozen juices") == key("Fruits, frozen juices")
    assert key("Medicinal Equipment") == key("Medicinal equipment")
    assert key("自動車") != key("自動車の部分品")


def _item_frame(rows: list[tuple[str, str, str, str | None, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "period": pd.Period("2020-01", "M"),
                "reporter": "JPN",
                "partner": "USA",
                "flow": flow,
                "classification": "mof-principal",
                "code": code,
                "label": label,
                "level": level,
                "parent": parent,
                "value": value,
                "currency": "JPY",
                "quantity": None,
                "quantity_unit": None,
                "basis": "FOB",
                "source": "test",
                "status": "confirmed",
            }
            for flow, code, label, parent, level, value in rows
        ]
    )


def test_items_pair_by_place_and_leave_a_repeated_place_unpaired():
    frame = _item_frame(
        [
            # flow, code, label, parent, level, value
            ("export", "T", "総額", None, 0, 100.0),
            ("export", "A", "機械", "T", 1, 60.0),
            ("export", "A1", "部分品", "A", 2, 20.0),
            ("export", "B", "車両", "T", 1, 40.0),
            ("export", "B1", "部分品", "B", 2, 30.0),
            ("import", "T", "総額", None, 0, 50.0),
            ("import", "X", "機械", "T", 1, 10.0),
            ("import", "X1", "部分品", "X", 2, 4.0),
            ("import", "Y", "車両", "T", 1, 40.0),
            ("import", "Y1", "部分品", "Y", 2, 25.0),
            ("import", "Y2", "部分品", "Y", 2, 15.0),  # the same place twice on one side
        ]
    )
    table = tb.items(frame, "2020-01")
    pairs = list(zip(table["export_code"].fillna("-"), table["import_code"].fillna("-"), strict=True))
    # Same label 部分品 under different parents: machinery parts pair with machinery parts only.
    assert ("A1", "X1") in pairs and ("A1", "Y1") not in pairs
    # 車両 / 部分品 appears twice among imports: neither is guessed, so B1, Y1 and Y2 stand alone.
    assert ("B1", "-") in pairs and ("-", "Y1") in pairs and ("-", "Y2") in pairs
    # 5 export + 6 import items − 4 pairs (T, A, A1, B) = 7 rows.
    assert len(table) == 5 + 6 - 4 == 7
    row = table.set_index("export_code").loc["A1"]
    assert (row["exports"], row["imports"], row["net"]) == (20.0, 4.0, 20.0 - 4.0)
