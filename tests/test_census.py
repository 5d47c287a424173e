"""Census country and end-use parsers, USITC DataWeb parser: small files in the official layouts, then the originals."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from tests.builders import (
    COUNTRY_ROWS,
    DATAWEB_ROWS,
    ENDUSE_HEADER,
    ENDUSE_ROWS,
    HEADER,
    country_row,
    dataweb_text,
    write_dataweb,
    write_enduse_csv,
    write_xlsx,
)
from tradebalance.errors import ParseError
from tradebalance.sources import census, census_countries, census_enduse, dataweb

#: The official reference copies beside the checkout (absent on a machine without them).
CENSUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "census"

MONTHS = census.MONTHS


@pytest.fixture
def originals() -> Path:
    if not CENSUS.is_dir():
        pytest.skip("official reference files (../shared/data/census) are not present on this machine")
    return CENSUS


# --------------------------------------------------------------------------- small files


@pytest.fixture
def country_file(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "country.xlsx", HEADER, COUNTRY_ROWS)


def status_by_year(frame: pd.DataFrame) -> dict[int, str]:
    """Status per calendar year; fails if a year has two."""
    statuses = frame.groupby(frame["period"].dt.year)["status"].unique()
    assert statuses.map(len).eq(1).all()
    return {int(year): str(values[0]) for year, values in statuses.items()}


def one(frame: pd.DataFrame, **where: object) -> float:
    """The value of the single row matching ``where`` (period given as a string)."""
    mask = pd.Series(True, index=frame.index)
    for col, want in where.items():
        mask &= (frame[col].astype(str) if col == "period" else frame[col]) == want
    assert mask.sum() == 1, f"{mask.sum()} rows match {where}"
    return float(frame.loc[mask, "value"].iloc[0])


def test_country_values_in_dollars(country_file: Path) -> None:
    frame = census.parse_country(country_file, provisional_from=2024)
    # 12.345678 million dollars = 12,345,678 dollars
    assert one(frame, partner="JPN", flow="import", period="2023-01") == 12_345_678
    assert one(frame, partner="JPN", flow="export", period="2023-12") == 5_000_001
    assert one(frame, partner="JPN", flow="export", period="2024-02") == 7_250_000
    japan_2023 = frame[(frame.partner == "JPN") & (frame.period.dt.year == 2023)].groupby("flow")["value"].sum()
    assert japan_2023["import"] == 12_345_678 + 11 * 10_000_000  # 122.345678 million = IYR
    assert japan_2023["export"] == 12 * 5_000_001  # 60.000012 million = EYR
    assert one(frame, partner="WLD", flow="import", period="2024-02") == 320_000_000
    assert one(frame, partner="X0003", flow="export", period="2023-06") == 40_000_000


def test_country_columns(country_file: Path) -> None:
    frame = census.parse_country(country_file, provisional_from=2024)
    assert frame["period"].dtype == pd.PeriodDtype("M")
    assert set(frame["reporter"]) == {"USA"}
    assert set(frame["classification"]) == {"total"}
    assert set(frame["code"]) == {"TOTAL"} and set(frame["label"]) == {"Total goods"}
    assert set(frame["level"]) == {0} and frame["parent"].isna().all()
    assert set(frame["currency"]) == {"USD"} and frame["quantity"].isna().all() and frame["quantity_unit"].isna().all()
    assert set(frame.loc[frame.flow == "export", "basis"]) == {"FAS"}
    assert set(frame.loc[frame.flow == "import", "basis"]) == {"customs"}
    assert set(frame["source"]) == {"census-country"}
    assert status_by_year(frame) == {2023: "confirmed", 2024: "preliminary"}


def test_country_drops_unpublished_months_keeps_real_zeros(country_file: Path) -> None:
    frame = census.parse_country(country_file, provisional_from=2024)
    # partners WLD, X0003, JPN, NRU (the seasonally adjusted world, code 4, is not a partner)
    assert sorted(frame["partner"].unique()) == ["JPN", "NRU", "WLD", "X0003"]
    # per flow: 4 partners x (12 months of 2023 + 2 of 2024) = 56 rows
    assert frame.groupby("flow").size().to_dict() == {"export": 56, "import": 56}
    assert frame.loc[frame.period.dt.year == 2024, "period"].astype(str).unique().tolist() == ["2024-01", "2024-02"]
    # Nauru's zeros in published months are data
    assert one(frame, partner="NRU", flow="import", period="2023-01") == 0
    assert one(frame, partner="NRU", flow="import", period="2023-02") == 1_000  # 0.001 million
    assert one(frame, partner="NRU", flow="export", period="2024-02") == 0


def test_country_codes_as_text(tmp_path: Path) -> None:
    rows = [[r[0], f"{int(r[1]):04d}", *r[2:]] for r in COUNTRY_ROWS]
    frame = census.parse_country(write_xlsx(tmp_path / "country.xlsx", HEADER, rows), provisional_from=2024)
    assert one(frame, partner="JPN", flow="import", period="2023-01") == 12_345_678


def test_country_renamed_column(tmp_path: Path) -> None:
    header = [("IJANUARY" if c == "IJAN" else c) for c in HEADER]
    path = write_xlsx(tmp_path / "country.xlsx", header, COUNTRY_ROWS)
    with pytest.raises(ParseError, match=r"country\.xlsx.*'IJAN'.*'IJANUARY'") as err:
        census.parse_country(path, provisional_from=2024)
    assert err.value.row == 1 and err.value.column == 4


def test_country_missing_column(tmp_path: Path) -> None:
    header = [c for c in HEADER if c != "EYR"]
    rows = [r[:-1] for r in COUNTRY_ROWS]
    with pytest.raises(ParseError, match=r"country\.xlsx.*'EYR' is missing"):
        census.parse_country(write_xlsx(tmp_path / "country.xlsx", header, rows), provisional_from=2024)


def test_country_unknown_partner_code(tmp_path: Path) -> None:
    rows = [*COUNTRY_ROWS, country_row(2024, 9999, "Atlantis", [1.0, 1.0], [1.0, 1.0])]
    with pytest.raises(ParseError, match=r"country\.xlsx, row 12, column CTY_CODE: CTY_CODE '9999' is not in"):
        census.parse_country(write_xlsx(tmp_path / "country.xlsx", HEADER, rows), provisional_from=2024)


def test_country_months_must_add_up_to_the_year(tmp_path: Path) -> None:
    rows = [list(r) for r in COUNTRY_ROWS]
    rows[3][HEADER.index("IYR")] = 122.35  # Japan 2023: months add up to 122.345678
    with pytest.raises(
        ParseError, match=r"row 5, column IYR: Japan \(5880\) 2023: the 12 months add up to 122\.345678"
    ):
        census.parse_country(write_xlsx(tmp_path / "country.xlsx", HEADER, rows), provisional_from=2024)
    rows[3][HEADER.index("IYR")] = 122.346678  # 0.001 million off: within the 0.0015 tolerance
    census.parse_country(write_xlsx(tmp_path / "country.xlsx", HEADER, rows), provisional_from=2024)


def test_country_nonzero_value_in_unpublished_month(tmp_path: Path) -> None:
    rows = [*COUNTRY_ROWS[:-2], country_row(2024, 5880, "Japan", [11.0, 12.5, 3.0], [6.0, 7.25]), COUNTRY_ROWS[-1]]
    with pytest.raises(ParseError, match=r"row 10, column IMAR: Japan \(5880\) has 3\.0 in MAR 2024"):
        census.parse_country(write_xlsx(tmp_path / "country.xlsx", HEADER, rows), provisional_from=2024)


def test_country_gap_in_world_total(tmp_path: Path) -> None:
    rows = [list(r) for r in COUNTRY_ROWS]
    world = country_row(2024, 15, "World, Not Seasonally Adjusted", [310.0, 0.0, 330.0], [210.0, 220.0])
    rows[5] = world
    with pytest.raises(ParseError, match=r"column IFEB: the world total is 0 in FEB 2024 but not in a later month"):
        census.parse_country(write_xlsx(tmp_path / "country.xlsx", HEADER, rows), provisional_from=2024)


def test_country_year_without_world_row(tmp_path: Path) -> None:
    # like 1985-1986 in the real file: publication then comes from all rows of the year
    rows = [r for r in COUNTRY_ROWS if not (r[0] == 2024 and r[1] == 15)]
    frame = census.parse_country(write_xlsx(tmp_path / "country.xlsx", HEADER, rows), provisional_from=2024)
    assert frame.loc[frame.period.dt.year == 2024, "period"].astype(str).unique().tolist() == ["2024-01", "2024-02"]


def test_country_two_codes_for_one_partner_are_added(tmp_path: Path) -> None:
    # Sudan: 7320 until July 2011, 7321 from August 2011; both are SDN
    rows = [
        country_row(2011, 15, "World, Not Seasonally Adjusted", [100.0] * 12, [100.0] * 12),
        country_row(2011, 7320, "Sudan", [0.5] * 7, [1.0] * 7),
        country_row(2011, 7321, "Sudan", [0.0] * 7 + [0.25] * 5, [0.0] * 7 + [2.0] * 5),
    ]
    frame = census.parse_country(write_xlsx(tmp_path / "country.xlsx", HEADER, rows), provisional_from=2024)
    sudan = frame[frame.partner == "SDN"]
    assert len(sudan) == 24  # one row per month and flow
    assert one(frame, partner="SDN", flow="import", period="2011-07") == 500_000
    assert one(frame, partner="SDN", flow="import", period="2011-08") == 250_000
    assert sudan.groupby("flow")["value"].sum().to_dict() == {
        "export": 7 * 1e6 + 5 * 2e6,
        "import": 7 * 5e5 + 5 * 2.5e5,
    }


def test_country_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "country.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(ParseError, match=r"country\.xlsx: cannot read as an Excel workbook"):
        census.parse_country(path, provisional_from=2024)
    with pytest.raises(ParseError, match=r"missing\.xlsx: cannot read file"):
        census.parse_country(tmp_path / "missing.xlsx", provisional_from=2024)


# --------------------------------------------------------------------------- end use


def test_enduse_csv(tmp_path: Path) -> None:
    frame = census_enduse.parse_enduse(write_enduse_csv(tmp_path / "enduse_exports.csv"), provisional_from=2022)
    assert set(frame["flow"]) == {"export"} and set(frame["basis"]) == {"FAS"}
    assert set(frame["source"]) == {"census-enduse-exports"}
    assert set(frame["classification"]) == {"census-enduse"}
    assert frame["period"].dtype == pd.PeriodDtype("Y")
    assert sorted(frame["period"].astype(str).unique()) == ["2021", "2022"]  # 2023 is 0 everywhere
    assert sorted(frame["code"].unique()) == ["00000", "30000"]  # leading zeros kept
    assert one(frame, partner="JPN", code="30000", period="2022") == 2100
    assert one(frame, partner="JPN", code="00000", period="2022") == 0  # a real zero
    assert one(frame, partner="PSE", code="00000", period="2021") == 7 + 30  # Gaza Strip + West Bank
    assert one(frame, partner="WLD", code="30000", period="2021") == 5000
    row = frame[(frame.partner == "JPN") & (frame.code == "30000")].iloc[0]
    assert (row.label, row.level, row.parent) == ("Passenger cars, new and used", 2, "3")
    assert status_by_year(frame) == {2021: "confirmed", 2022: "preliminary"}
    assert len(frame) == 2 * 5  # 5 (partner, code) pairs after adding PSE, 2 published years


def test_enduse_xlsx_and_flow(tmp_path: Path) -> None:
    rows = [
        ["0000", "World Total", "00000", "Green coffee", 4000, 4100],
        ["5880", "Japan", 100, "Meat products", 12, 13],  # a code stored as a number loses its zeros: restored
    ]
    header = ["CTY_CODE", "CTY_DESC", "END_USE", "COMM_DESC", "value_24", "value_25"]
    path = write_xlsx(tmp_path / "enduse_imports.xlsx", header, rows)
    frame = census_enduse.parse_enduse(path, provisional_from=2025)
    assert set(frame["flow"]) == {"import"} and set(frame["basis"]) == {"customs"}
    assert set(frame["source"]) == {"census-enduse-imports"}
    assert one(frame, partner="JPN", code="00100", period="2025") == 13
    assert one(frame, partner="WLD", code="00000", period="2024") == 4000
    renamed = path.rename(tmp_path / "enduse.xlsx")
    with pytest.raises(ParseError, match=r"enduse\.xlsx: cannot tell the flow"):
        census_enduse.parse_enduse(renamed, provisional_from=2025)
    assert set(census_enduse.parse_enduse(renamed, provisional_from=2025, flow="import")["basis"]) == {"customs"}


def test_enduse_empty_cell(tmp_path: Path) -> None:
    rows = [*ENDUSE_ROWS[:3], '5880,Japan,30000,"Passenger cars, new and used",2000,,0']
    path = write_enduse_csv(tmp_path / "enduse_exports.csv", rows)
    with pytest.raises(ParseError, match=r"enduse_exports\.csv, row 5, column value_22: empty cell"):
        census_enduse.parse_enduse(path, provisional_from=2022)


def test_enduse_renamed_column(tmp_path: Path) -> None:
    header = ENDUSE_HEADER.replace("COMM_DESC", "DESCRIPTION")
    path = write_enduse_csv(tmp_path / "enduse_exports.csv", header=header)
    with pytest.raises(ParseError, match=r"enduse_exports\.csv, row 1, column 4: column 'COMM_DESC' is missing"):
        census_enduse.parse_enduse(path, provisional_from=2022)
    path = write_enduse_csv(tmp_path / "enduse_exports.csv", header=ENDUSE_HEADER.replace("value_22", "v22"))
    with pytest.raises(ParseError, match=r"column 6: expected a year column like 'value_17', found 'v22'"):
        census_enduse.parse_enduse(path, provisional_from=2022)


def test_enduse_unknown_partner_and_duplicate(tmp_path: Path) -> None:
    path = write_enduse_csv(tmp_path / "enduse_exports.csv", [*ENDUSE_ROWS, "9999,Atlantis,00000,Wheat,1,1,0"])
    with pytest.raises(ParseError, match=r"row 8, column CTY_CODE: CTY_CODE '9999' is not in"):
        census_enduse.parse_enduse(path, provisional_from=2022)
    path = write_enduse_csv(tmp_path / "enduse_exports.csv", [*ENDUSE_ROWS, "5880,Japan,00000,Wheat,1,1,0"])
    with pytest.raises(ParseError, match=r"row 8: CTY_CODE 5880, END_USE 00000 appears twice"):
        census_enduse.parse_enduse(path, provisional_from=2022)


# --------------------------------------------------------------------------- DataWeb


def test_dataweb(tmp_path: Path) -> None:
    frame = dataweb.parse_dataweb(write_dataweb(tmp_path, dataweb_text(DATAWEB_ROWS)))
    assert sorted(frame["period"].astype(str).unique()) == ["2023", "2024"]  # 2025 is 0 everywhere
    assert one(frame, partner="JPN", code="87", period="2024") == 2_000_000
    assert one(frame, partner="JPN", code="01", period="2023") == 1_500
    assert one(frame, partner="KOR", code="01", period="2024") == 0  # "South Korea" is an alias of Korea, South
    assert one(frame, partner="PSE", code="87", period="2023") == 10 + 5  # Gaza Strip + West Bank
    row = frame[frame.code == "87"].iloc[0]
    assert (row.label, row.level, row.classification) == ("VEHICLES, EXCEPT RAILWAY", 1, "hs")
    assert set(frame["flow"]) == {"export"} and set(frame["basis"]) == {"FAS"}
    assert set(frame["source"]) == {"usitc-dataweb-hs2"} and set(frame["status"]) == {"confirmed"}
    assert len(frame) == 4 * 2  # (JPN 01, KOR 01, JPN 87, PSE 87) x 2 years
    later = dataweb.parse_dataweb(write_dataweb(tmp_path, dataweb_text(DATAWEB_ROWS)), provisional_from=2024)
    assert status_by_year(later) == {2023: "confirmed", 2024: "preliminary"}


def test_dataweb_total_row_must_match(tmp_path: Path) -> None:
    # 2023: 1500 + 100 + 1000000 + 10 + 5 = 1,001,615 (right); 2024: 2500 + 0 + 2000000 + 20 + 6 = 2,002,526
    text = dataweb_text(DATAWEB_ROWS, total=['"1,001,615"', '"2,002,536"', "0"])
    with pytest.raises(
        ParseError, match=r"column 2024: the rows for 2024 add up to 2,002,526\.00, the Total row says 2,002,536"
    ):
        dataweb.parse_dataweb(write_dataweb(tmp_path, text))


def test_dataweb_unknown_country_and_row_count(tmp_path: Path) -> None:
    rows = [*DATAWEB_ROWS, ["FAS Value", "01", "LIVE ANIMALS", "Atlantis", "1.00", "1.00", "0.00"]]
    with pytest.raises(ParseError, match=r"row 9, column Country: country 'Atlantis' is not a name or alias"):
        dataweb.parse_dataweb(write_dataweb(tmp_path, dataweb_text(rows)))
    with pytest.raises(ParseError, match=r"row 2: expected 'Data Row Count,5'"):
        dataweb.parse_dataweb(write_dataweb(tmp_path, dataweb_text(DATAWEB_ROWS, count=6)))


def test_dataweb_renamed_column(tmp_path: Path) -> None:
    text = dataweb_text(DATAWEB_ROWS).replace("HTS Number", "HS Code")
    with pytest.raises(ParseError, match=r"row 3, column 2: column 'HTS Number' is missing; found 'HS Code'"):
        dataweb.parse_dataweb(write_dataweb(tmp_path, text))


# --------------------------------------------------------------------------- country table


def test_country_table() -> None:
    table = census_countries.country_table()
    assert table["cty_code"].is_unique
    codes = dict(zip(table["cty_code"], table["iso3"], strict=True))
    assert codes["5880"] == "JPN" and codes["5700"] == "CHN" and codes["1220"] == "CAN"
    assert codes["0015"] == "WLD" and codes["0000"] == "WLD"  # world total: country.xlsx, end-use files
    assert codes["0003"] == "X0003"  # European Union
    assert set(table.loc[table.kind == "not-partner", "cty_code"]) == {"0004", "0005", "0006", "0007", "0021", "0022"}
    countries = table[table.kind == "country"]
    assert all(re.fullmatch(r"[A-Z]{3}|X\d{4}", c) for c in countries["iso3"])


# --------------------------------------------------------------------------- the originals


@pytest.fixture(scope="module")
def country() -> pd.DataFrame:
    if not CENSUS.is_dir():
        pytest.skip("official reference files (../shared/data/census) are not present on this machine")
    return census.parse_country(CENSUS / "country.xlsx", provisional_from=2025)


def test_original_country_japan_2017(country: pd.DataFrame) -> None:
    # country.xlsx, CTY_CODE 5880, year 2017, millions of dollars
    exports = [4986.223021, 5282.725504, 5803.2575, 5952.840107, 5144.076375, 5575.754213,
               5736.965967, 5408.695243, 5948.395678, 5603.112154, 5831.565211, 6329.763958]  # fmt: skip
    imports = [10493.398601, 9869.077416, 13018.970809, 11198.376314, 10951.229966, 11186.406538,
               11454.936239, 11965.095002, 10820.115253, 12021.842532, 11505.063342, 11926.829558]  # fmt: skip
    assert round(sum(exports), 6) == 67_603.374931  # EYR
    assert round(sum(imports), 6) == 136_411.34157  # IYR
    japan = country[(country.partner == "JPN") & (country.period.dt.year == 2017)]
    by_month = japan.pivot(index="period", columns="flow", values="value")
    assert by_month["export"].tolist() == [round(x * 1e6) for x in exports]
    assert by_month["import"].tolist() == [round(x * 1e6) for x in imports]
    assert by_month["export"].sum() == 67_603_374_931
    assert by_month["import"].sum() == 136_411_341_570
    assert set(japan["status"]) == {"confirmed"}


def test_original_country_unpublished_2026(country: pd.DataFrame) -> None:
    # the copy (downloaded 2026-04) has January 2026 only; February-December hold 0
    japan = country[(country.partner == "JPN") & (country.period.dt.year == 2026)]
    assert japan["period"].astype(str).tolist() == ["2026-01", "2026-01"]
    assert one(japan, flow="export") == 6_043_420_526  # 6,043.420526 million
    assert one(japan, flow="import") == 11_043_989_675  # 11,043.989675 million
    assert set(japan["status"]) == {"preliminary"}
    assert country["period"].max() == pd.Period("2026-01", "M")


def test_original_countries_add_up_to_world(country: pd.DataFrame) -> None:
    kinds = census_countries.country_table().set_index("iso3")["kind"]
    countries = kinds[kinds == "country"].index.unique()

    def gap(year: int) -> dict[str, float]:
        rows = country[country.period.dt.year == year]
        world = rows[rows.partner == "WLD"].groupby("flow")["value"].sum()
        return (rows[rows.partner.isin(countries)].groupby("flow")["value"].sum() - world).to_dict()

    # to the dollar in a revised year, aggregates and not-partner series left out
    assert gap(2017) == {"export": 0, "import": 0}
    # in the preliminary year 2025 the world total holds 22.389301 / 52.456757 million not yet given a country
    assert gap(2025) == {"export": 22_389_301, "import": 52_456_757}


def test_original_enduse_japan_adds_up_to_country(country: pd.DataFrame, originals: Path) -> None:
    annual = country[country.partner == "JPN"].groupby([country.period.dt.year, "flow"])["value"].sum()
    imports = census_enduse.parse_enduse(originals / "enduse_imports.xlsx", provisional_from=2025)
    exports = census_enduse.parse_enduse(originals / "enduse_exports.csv", provisional_from=2022)
    for frame, flow, years in ((imports, "import", range(2016, 2026)), (exports, "export", range(2013, 2023))):
        japan = frame[frame.partner == "JPN"].groupby(frame.period.dt.year)["value"].sum()
        assert japan.index.tolist() == list(years)
        gap = {year: japan[year] - annual[(year, flow)] for year in years}
        # exact for every year, except exports 2021-2022: the end-use copy predates a Census revision
        expected = {year: 0 for year in years} | ({2021: 5_919_955, 2022: 29_210_397} if flow == "export" else {})
        assert gap == expected
    # 2017, the README's cross-check: exports 67,603.374931 and imports 136,411.34157 million
    assert exports[(exports.partner == "JPN") & (exports.period.dt.year == 2017)]["value"].sum() == 67_603_374_931
    assert imports[(imports.partner == "JPN") & (imports.period.dt.year == 2017)]["value"].sum() == 136_411_341_570


def test_original_dataweb_japan_adds_up_to_country(country: pd.DataFrame, originals: Path) -> None:
    frame = dataweb.parse_dataweb(originals / "DataWeb-Query-Export__FAS_Value.csv")
    assert sorted(frame["period"].astype(str).unique()) == ["2020", "2021", "2022", "2023", "2024"]  # 2025 is 0
    japan = frame[frame.partner == "JPN"].groupby(frame.period.dt.year)["value"].sum()
    exports = country[(country.partner == "JPN") & (country.flow == "export")]
    annual = exports.groupby(exports.period.dt.year)["value"].sum()
    for year in range(2020, 2025):
        assert japan[year] == annual[year], year  # HS chapters add up to the country total, to the dollar
    assert japan[2020] == 64_030_307_995  # = end-use exports 2020, = country.xlsx EYR 64,030.307995
