"""The MOF parser on small files in the official layout, on broken files, and on the real originals."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

import tradebalance as tb
from tests.builders import MOF_EXPORT_COLUMNS, MOF_MONTHS
from tradebalance.errors import ParseError
from tradebalance.sources import mof


def parse(path: Path, provisional_from: int = 2018) -> pd.DataFrame:
    return mof.parse(path, provisional_from=provisional_from)


def test_fixture_values_are_yen_and_nested_items_keep_their_parents(write_mof):
    frame = parse(write_mof())
    jan = frame[frame["period"] == pd.Period("2017-01", "M")].set_index("code")
    # Thousand yen in the file, yen in the frame: 1000 thousand yen = 1,000,000 yen.
    assert jan.loc["0〜9", "value"] == 1000 * 1000
    assert jan.loc["70503", "value"] == 700 * 1000
    assert jan.loc["70503", "quantity"] == 10 and jan.loc["70503", "quantity_unit"] == "NO"
    assert jan.loc["70505", "quantity_unit"] == "KG"
    # Levels and parents: total 0, sections 1, items below; cars sit under vehicles.
    assert jan.loc["0〜9", "level"] == 0 and pd.isna(jan.loc["0〜9", "parent"])
    assert jan.loc["705", ["level", "parent"]].tolist() == [1, "0〜9"]
    assert jan.loc["70503", ["level", "parent"]].tolist() == [2, "705"]
    assert jan.loc["7050301", ["level", "parent"]].tolist() == [3, "70503"]
    assert jan.loc["0", "parent"] == "0+1"
    # The sections add up to the total: 100 + 900 = 1000.
    assert jan[jan["level"] == 1]["value"].sum() == jan.loc["0〜9", "value"]
    assert set(frame["flow"]) == {"export"} and set(frame["basis"]) == {"FOB"}
    assert set(frame["reporter"]) == {"JPN"} and set(frame["partner"]) == {"USA"}


def test_nil_is_no_figure_unpublished_months_are_dropped(write_mof):
    frame = parse(write_mof())
    # 2017/03 is all '-': not yet published, so no rows at all.
    assert sorted(frame["period"].astype(str).unique()) == ["2017-01", "2017-02"]
    feb = frame[frame["period"] == pd.Period("2017-02", "M")].set_index("code")
    # Cars are '-' (no figure) in February after having a value in January: no record, not a zero.
    cars = frame[frame["code"] == "7050301"]
    assert cars["period"].astype(str).tolist() == ["2017-01"] and "7050301" not in feb.index
    assert (frame["value"] > 0).all()
    # Vehicles (770) still hold February's cars inside their own figure: nothing above them changes.
    assert feb.loc["70503", "value"] == 770 * 1000 and feb.loc["0〜9", "value"] == 1100 * 1000
    # Items without a quantity unit have no quantity at all.
    assert pd.isna(feb.loc["705", "quantity"]) and pd.isna(feb.loc["705", "quantity_unit"])


def test_leading_nils_mean_not_compiled_and_are_dropped(write_mof):
    months = {m: list(v) for m, v in MOF_MONTHS.items() if m != "2017/03"}
    months["2017/01"][12], months["2017/01"][11] = "-", "-"  # cars not compiled yet in January …
    months["2017/02"][12], months["2017/02"][11] = "600", "8"  # … first published in February
    frame = parse(write_mof(months=months))
    cars = frame[frame["code"] == "7050301"]
    assert cars["period"].astype(str).tolist() == ["2017-02"]


def test_status_marks_provisional_years(write_mof):
    frame = parse(write_mof(), provisional_from=2017)
    assert set(frame["status"]) == {"provisional"}
    assert set(parse(write_mof(), provisional_from=2018)["status"]) == {"confirmed"}


def test_shift_jis_and_utf8_give_the_same_frame(write_mof):
    # cp932 decodes the wave dash of the total's code ('0'〜'9') as a fullwidth tilde; the parser
    # normalises it, so a live Shift_JIS download and a UTF-8 copy give the same codes.
    utf8 = parse(write_mof("a.csv", encoding="utf-8"))
    sjis = parse(write_mof("b.csv", encoding="cp932"))
    pd.testing.assert_frame_equal(utf8.drop(columns="source"), sjis.drop(columns="source"))


def test_value_and_quantity_are_read_by_header_not_position(write_mof, tmp_path):
    # Swap the quantity/value columns of 自動車 below the code row (kind, unit, figures): the code still
    # sits above the pair's first column, and values must follow the 金額 header.
    path = write_mof()
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    q, v = 10, 11  # the 自動車 pair
    for row in rows[5:]:
        row[q], row[v] = row[v], row[q]
    swapped = tmp_path / "swapped.csv"
    swapped.write_text("\n".join(",".join(r) for r in rows), encoding="utf-8")
    frame = parse(swapped).set_index(["period", "code"])
    assert frame.loc[(pd.Period("2017-01", "M"), "70503"), "value"] == 700_000


def test_import_file_and_world_partner(write_mof):
    frame = parse(write_mof("d61ma.csv", title="《世界》  【月別】  （輸入）", english="WORLD Monthly Data  (Import)"))
    assert set(frame["flow"]) == {"import"} and set(frame["basis"]) == {"CIF"} and set(frame["partner"]) == {"WLD"}


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda t: t.replace("《米国》", "《火星》"), "unknown partner '火星'"),
        (lambda t: t.replace("《米国》  【月別】  （輸出）", "Some other file"), "row 1"),
        (lambda t: t.replace("概況品コード", "コード"), "row 5, column 1: expected '概況品コード'"),
        (lambda t: t.replace("(千円)", "(百万円)", 1), "expected '(千円)' (thousand yen)"),
        (lambda t: t.replace("1100 ", "11O0"), "row 9, column 2: expected a number or '-', found '11O0'"),
        (lambda t: t.replace("2017/02", "2017-02"), "row 9, column 1: expected a month like '2017/01'"),
        (lambda t: t.replace(",5500,", ",-5500,"), "expected a non-negative number"),
        (lambda t: t.replace("'70505'", "'70503'"), "commodity code '70503' appears twice"),
        (lambda t: t.replace("金額", "価格", 2), "expected '金額' or '数量', found '価格'"),
        (lambda t: "\n".join(t.splitlines()[:7] + t.splitlines()[-1:]), "no published month"),
        (lambda t: "\n".join(t.splitlines()[:4]), "expected 7 header rows"),
    ],
)
def test_broken_files_raise_parse_errors_naming_the_file(write_mof, tmp_path, mutate, message):
    text = mutate(write_mof().read_text(encoding="utf-8"))
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError) as err:
        parse(bad)
    assert str(bad) in str(err.value) and message in str(err.value)


def test_truncated_row_and_unknown_encoding(write_mof, tmp_path):
    lines = write_mof().read_text(encoding="utf-8").splitlines()
    lines[7] = ",".join(lines[7].split(",")[:5])
    short = tmp_path / "short.csv"
    short.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ParseError, match="row 8: row has 5 columns"):
        parse(short)
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81\xff" * 10)
    with pytest.raises(ParseError, match="unknown text encoding"):
        parse(binary)
    with pytest.raises(ParseError, match="cannot read file"):
        parse(tmp_path / "missing.csv")


def test_fixture_columns_match_the_header_layout():
    # Guard for the fixture itself: 1 value column for the total + 2 per other item.
    assert 1 + 2 * (len(MOF_EXPORT_COLUMNS) - 1) == len(MOF_MONTHS["2017/01"])


# ----------------------------------------------------------------------------------- real originals


def _raw_2017_total(path: Path) -> int:
    """Sum of the 2017 monthly totals (column 2, thousand yen), read with the csv module alone."""
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    return sum(int(r[1]) for r in rows[7:] if r[0].startswith("2017/"))


def test_originals_2017_totals_match_the_published_cross_check(shared):
    exports = parse(shared / "mof" / "d52ma001.csv", 2025)
    imports = parse(shared / "mof" / "d62ma001.csv", 2025)
    for frame, path, thousand_yen in (
        (exports, shared / "mof" / "d52ma001.csv", 15_113_485_105),
        (imports, shared / "mof" / "d62ma001.csv", 8_090_251_224),
    ):
        y2017 = frame[(frame["period"].dt.year == 2017) & (frame["level"] == 0)]
        assert len(y2017) == 12
        assert y2017["value"].sum() == thousand_yen * 1000 == _raw_2017_total(path) * 1000


@pytest.mark.parametrize("stem", ["d52ma001", "d62ma001", "d51ma", "d61ma"])
def test_originals_sections_add_up_to_the_total_every_month(shared, stem):
    frame = parse(shared / "mof" / f"{stem}.csv", 2025)
    by_level = frame[frame["level"] <= 1].pivot_table(index="period", columns="level", values="value", aggfunc="sum")
    assert (by_level[0] - by_level[1]).abs().max() == 0
    # 450 published months: 1988/01 … 2025/06; 2025 is provisional.
    assert frame["period"].nunique() == 450
    assert set(frame.loc[frame["period"].dt.year == 2025, "status"]) == {"provisional"}
    assert set(frame.loc[frame["period"].dt.year == 2024, "status"]) == {"confirmed"}


def test_originals_keep_export_and_import_codes_apart(shared):
    exports = parse(shared / "mof" / "d52ma001.csv", 2025)
    imports = parse(shared / "mof" / "d62ma001.csv", 2025)
    label = lambda f, c: f.loc[f["code"] == c, "label"].iloc[0]  # noqa: E731
    assert label(exports, "70503") == "自動車" and label(imports, "70503") == "自動車の部分品"
    assert label(imports, "70501") == "自動車" and label(exports, "70505") == "自動車の部分品"


def test_originals_nil_is_no_figure_and_a_printed_zero_stays_zero(shared):
    # Iron ore (鉄鉱石, 21501) from the USA, 1989/09 … 1989/12, quantity (MT) then value (thousand yen):
    # '0', '271'; '-', '-'; '0', '1237'; '-', '-'.
    frame = parse(shared / "mof" / "d62ma001.csv", 2025)
    ore = frame[frame["code"] == "21501"].set_index("period")
    autumn = ore.loc[pd.Period("1989-09", "M") : pd.Period("1989-12", "M")]
    # The '-' months have no record (before, 1989/10 read 0 yen and 0 MT, like a printed zero); the printed
    # '0' MT beside a value stays a zero: less than half a ton.
    assert autumn.index.astype(str).tolist() == ["1989-09", "1989-11"]
    assert autumn[["value", "quantity"]].values.tolist() == [[271_000, 0], [1_237_000, 0]]
    # 1989 adds up as before: 271 + 1,237 = 1,508 thousand yen, over the two months with a figure.
    assert ore.loc[ore.index.year == 1989, "value"].sum() == 1_508_000


def test_snapshot_has_no_zero_values_and_keeps_mofs_printed_zero_quantities():
    frame = tb.load("mof")
    # 443,579 values published in the 18 files; the 19,268 '-' cells after an item's first figure, which
    # were zeros, have no record; no value is 0 (MOF prints none) and 1,487 quantities are MOF's '0'.
    assert len(frame) == 443_579
    assert (frame["value"] > 0).all()
    assert (frame["quantity"] == 0).sum() == 1_487
    usa = frame[(frame["partner"] == "USA") & (frame["code"] == "7051301") & (frame["flow"] == "export")]
    # Ships exported to the USA: a figure in 20 of the 450 months; the other 430 are '-' (6 before the first).
    assert len(usa) == 20


# ------------------------------------------------------------------------------------------ quantities


def test_quantity_nil_beside_a_published_value_is_missing_not_zero(write_mof):
    months = {m: list(v) for m, v in MOF_MONTHS.items()}
    # February: parts (KG; quantity column 13, value column 14) keep their value 220 but MOF prints no quantity.
    months["2017/02"][13] = "-"
    # January: cars (NO; quantity column 11, value column 12) get a published quantity 0 beside their value 650.
    months["2017/01"][11] = "0"
    frame = parse(write_mof(months=months)).set_index(["period", "code"])
    jan, feb = pd.Period("2017-01", "M"), pd.Period("2017-02", "M")
    # Value published, quantity '-': 220 thousand yen = 220,000 yen of parts, weight unknown (NaN, not 0 KG).
    assert frame.loc[(feb, "70505"), "value"] == 220 * 1000
    assert pd.isna(frame.loc[(feb, "70505"), "quantity"]) and frame.loc[(feb, "70505"), "quantity_unit"] == "KG"
    # A published 0 is a zero: 650,000 yen of cars, 0 NO.
    assert frame.loc[(jan, "7050301"), ["value", "quantity"]].tolist() == [650 * 1000, 0]
    # Nil value and nil quantity (cars, February: '-', '-') is no figure at all: no record, neither 0 yen nor 0 NO.
    assert (feb, "7050301") not in frame.index
    # A quantity published beside its value is read as is: 5000 KG of parts in January.
    assert frame.loc[(jan, "70505"), "quantity"] == 5000


def _raw_quantity_cells(path: Path) -> dict[str, int]:
    """Published months of a file's items with a quantity unit, by what the value and quantity cells hold.

    Read with the csv module alone: ``value, no quantity`` counts a value beside a ``-`` quantity; ``value, 0``
    a value beside a published ``0``.
    """
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    codes = [c for c in range(1, len(rows[4])) if rows[4][c].strip()]
    counts = {"value, no quantity": 0, "value, 0": 0}
    for n, col in enumerate(codes):
        end = codes[n + 1] if n + 1 < len(codes) else len(rows[4])
        kinds = {rows[5][c].strip(): c for c in range(col, end)}
        if "数量" not in kinds or rows[6][kinds["数量"]].strip() == "(単位)":
            continue
        for r in rows[7:]:
            if r[1].strip() == "-":  # month not yet published
                continue
            value, quantity = r[kinds["金額"]].strip(), r[kinds["数量"]].strip()
            if value != "-" and quantity == "-":
                counts["value, no quantity"] += 1
            elif value != "-" and quantity == "0":
                counts["value, 0"] += 1
    return counts


@pytest.mark.parametrize(
    ("stem", "missing", "zero"),
    [
        # export: parts of AV equipment 70313 (120 months, 1988–97) + batteries 70319 (354, 1996/01–2025/06)
        # + parts of motor vehicles 70505 (120, 1988–97)
        ("d52ma001", 120 + 354 + 120, 0),
        ("d51ma", 120 + 354 + 120, 0),
        # import: vegetables 01103 and fruit 01101 (120 each, 1988–97) + heavy electrical machinery 70301
        # (all 450) + telecom equipment 70307 and measuring instruments 70313 (354 each, 1996 on) + parts of
        # motor vehicles 70503 (120, 1988–97); published zeros: iron ore 19 + crude oil 18 + LPG 100 + steam coal 4
        ("d62ma001", 120 + 120 + 450 + 354 + 354 + 120, 19 + 18 + 100 + 4),
        ("d61ma", 120 + 120 + 450 + 354 + 354 + 120, 0),
    ],
)
def test_originals_unpublished_quantities_are_missing(shared, stem, missing, zero):
    path = shared / "mof" / f"{stem}.csv"
    frame = parse(path, 2025)
    counted = frame[frame["quantity_unit"].notna()]
    assert _raw_quantity_cells(path) == {"value, no quantity": missing, "value, 0": zero}
    # Every value without a quantity is NaN, and nothing else is: 594 export and 1,518 import months per partner.
    assert counted["quantity"].isna().sum() == missing
    assert ((counted["quantity"] == 0) & (counted["value"] > 0)).sum() == zero


def test_originals_batteries_weigh_nothing_known_after_1995(shared):
    frame = parse(shared / "mof" / "d52ma001.csv", 2025)
    batteries = frame[frame["code"] == "70319"].set_index("period")
    # 1995/12: 5,940,315 thousand yen and 1,214,335 KG; 1996/01: 4,328,321 thousand yen and '-' KG.
    assert batteries.loc[pd.Period("1995-12", "M"), ["value", "quantity"]].tolist() == [5_940_315_000, 1_214_335]
    assert batteries.loc[pd.Period("1996-01", "M"), "value"] == 4_328_321_000
    assert pd.isna(batteries.loc[pd.Period("1996-01", "M"), "quantity"])
    # 96 months with a weight (1988–1995), 354 without (1996/01–2025/06): 96 + 354 = 450 published months.
    assert batteries["quantity"].notna().sum() == 96 and batteries["quantity"].isna().sum() == 354
    # So no year after 1995 reports "0 KG" of batteries: the annual sum of an all-missing year is missing.
    annual = batteries["quantity"].groupby(batteries.index.year).sum(min_count=1)
    assert annual.loc[1996:].isna().all() and (annual.loc[:1995] > 0).all()


def test_snapshot_has_no_zero_kg_years_that_mof_did_not_publish():
    frame = tb.load("mof", partner="USA")
    frame = frame[frame["quantity_unit"].notna()]
    years = frame.assign(year=frame["period"].dt.year).groupby(["flow", "code", "year"], observed=True)
    annual = years.agg(value=("value", "sum"), quantity=("quantity", lambda q: q.sum(min_count=1)))
    # Item-years (1988–2025) with a value and no published quantity: all of each year's months are missing.
    # exports: 70313 1988–97 (10) + 70319 1996–2025 (30) + 70505 1988–97 (10) = 50;
    # imports: 01101 (10) + 01103 (10) + 70301 1988–2025 (38) + 70307 (30) + 70313 (30) + 70503 (10) = 128.
    missing = annual[annual["quantity"].isna()]
    assert (missing["value"] > 0).all()
    assert missing.groupby(level="flow").size().to_dict() == {
        "export": 10 + 30 + 10,
        "import": 10 + 10 + 38 + 30 + 30 + 10,
    }
    assert len(missing) == 178
    # What is left at zero with a value was published as 0: iron ore 21501 (7 years), crude oil 30301 (4), LPG 3050101 (1).
    zero = annual[(annual["quantity"] == 0) & (annual["value"] > 0)]
    assert zero.reset_index()["code"].value_counts().to_dict() == {"21501": 7, "30301": 4, "3050101": 1}
    batteries = annual.loc[("export", "70319")]
    assert batteries.loc[2017, "value"] > 0 and pd.isna(batteries.loc[2017, "quantity"])
