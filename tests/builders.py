"""Small files in the official layouts, for tests: one module every test imports its builders from.

- MOF (Japan customs) time-series CSVs: :func:`mof_text`, :func:`mof_bytes`, :func:`revised`, with
  :data:`MOF_EXPORT_COLUMNS`, :data:`MOF_MONTHS`, :data:`MOF_PARTNERS` and :data:`MOF_TITLES`.
- Census ``country.xlsx``: :func:`write_xlsx`, :func:`country_row`, :data:`HEADER`, :data:`COUNTRY_ROWS`;
  the end-use tables (:data:`ENDUSE_HEADER`, :data:`ENDUSE_ROWS`, :func:`write_enduse_csv`) and USITC
  DataWeb exports (:func:`dataweb_text`, :data:`DATAWEB_ROWS`, :func:`write_dataweb`).
- FRED series: :data:`EXJPUS`, :data:`DEXJPUS`, :data:`DEXJPUS_OLD`, :data:`DEXJPUS_NEW`.
- Originals for ``data build --from`` and vintage folders built from them: :func:`write_originals`,
  :func:`make_vintage`.

Fixtures (the ``shared`` folder, the private cache, ``write_mof``, loaded datasets) are in ``conftest.py``.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tradebalance.sources import census
from tradebalance.store import builder, catalog, refreshes

# --------------------------------------------------------------------------- MOF

# A small export file in MOF's layout: total, two sections, nested items, quantity-then-value pairs.
# Columns: (press-release name, principal-commodity name, code, unit of quantity or None for value-only).
MOF_EXPORT_COLUMNS = [
    ("総額", "", "'0'〜'9'", None),
    ("１．食料品", "", "'0'+'1'", ""),
    ("", "食料品及び動物", "'0'", ""),
    ("", "飲料及びたばこ", "'1'", ""),
    ("８．輸送用機器", "輸送用機器", "'705'", ""),
    ("自動車", "自動車", "'70503'", "NO"),
    ("（乗用車）", "（乗用車）", "'7050301'", "NO"),
    ("自動車の部分品", "自動車の部分品", "'70505'", "KG"),
]


def mof_text(
    months: dict[str, list[str]],
    *,
    title: str = "《米国》  【月別】  （輸出）",
    english: str = "USA Monthly Data  (Export)",
    columns: list[tuple[str, str, str, str | None]] | None = None,
) -> str:
    """A MOF time-series CSV. ``months`` maps ``YYYY/MM`` to one value per column (quantity first for pairs)."""
    columns = columns or MOF_EXPORT_COLUMNS
    names, items, codes, kinds, units = ["報道発表品目名"], ["概況品名"], ["概況品コード"], [""], ["Years/Months"]
    for press, name, code, unit in columns:
        if unit is None:
            names += [press]
            items += [name]
            codes += [code]
            kinds += ["金額"]
            units += ["(千円)"]  # noqa: E702
        else:
            names += [press, ""]
            items += [name, ""]
            codes += [code, ""]  # noqa: E702
            kinds += ["数量", "金額"]
            units += [f"(単位：{unit})" if unit else "(単位)", "(千円)"]  # noqa: E702
    width = len(names)
    rows = [[title] + [""] * (width - 1), [english] + [""] * (width - 1), names, items, codes, kinds, units]
    rows += [[month, *values] for month, values in months.items()]
    return "\n".join(",".join(r) for r in rows) + "\n"


#: Two months of figures for MOF_EXPORT_COLUMNS (thousand yen; quantities in units/kg), and one unpublished.
#: total 1000 = food 100 (60 + 40) + transport 900 (vehicles 700 ⊃ cars 650; parts 200).
MOF_MONTHS = {
    "2017/01": ["1000 ", "-", "100", "-", "60", "-", "40", "-", "900", "10", "700", "9", "650", "5000", "200"],
    "2017/02": ["1100 ", "-", "110", "-", "70", "-", "40", "-", "990", "11", "770", "-", "-", "5500", "220"],
    "2017/03": ["-"] * 15,
}

#: MOF's name of each partner file's partner (``d52ma004``: 中国), as in data/reference/mof_partners.csv.
MOF_PARTNERS = {
    "001": "米国",
    "002": "EU",
    "003": "アジア",
    "004": "中国",
    "005": "韓国",
    "006": "ASEAN",
    "007": "中東",
    "008": "ロシア",
}
#: Title of each MOF file in the catalog (the parser reads partner and flow from it): exports d5…, imports d6….
MOF_TITLES = {
    spec.filename.removesuffix(".csv"): "《{}》  【月別】  （{}）".format(
        MOF_PARTNERS.get(spec.filename[5:8], "世界"), "輸出" if spec.filename[1] == "5" else "輸入"
    )
    for spec in catalog.files("mof")
}


def mof_bytes(stem: str, months: dict[str, list[str]] | None = None) -> bytes:
    """A MOF file in Shift_JIS, as the customs site serves it."""
    return mof_text(months or MOF_MONTHS, title=MOF_TITLES[stem]).encode("shift_jis")


def revised(months: dict[str, list[str]], month: str, column: int, delta: int) -> dict[str, list[str]]:
    """``months`` with one figure (and the section and total above it) raised by ``delta`` thousand yen.

    ``column`` indexes the figures of ``MOF_MONTHS``: 4 is food (食料品, '0'), whose section ('0'+'1') is column 2
    and the total column 0.
    """
    out = {m: list(v) for m, v in months.items()}
    for c in {0, 2, column}:
        out[month][c] = str(int(out[month][c]) + delta)
    return out


# --------------------------------------------------------------------------- Census country.xlsx

HEADER = list(census.COUNTRY_COLUMNS)


def country_row(year: int, code: int | str, name: str, imports: list[float], exports: list[float]) -> list:
    """One country.xlsx row: months padded with 0 (unpublished) and the annual columns as their sums."""
    imports = imports + [0.0] * (12 - len(imports))
    exports = exports + [0.0] * (12 - len(exports))
    return [year, code, name, *imports, round(sum(imports), 6), *exports, round(sum(exports), 6)]


def write_xlsx(path: Path, header: list, rows: list[list]) -> Path:
    """A workbook of one sheet (``country``): the header row, then ``rows``."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "country"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


#: 2023 complete; 2024 published through February (the world row is 0 from March on).
#: Codes are numbers, as in the real workbook (0015 is stored as 15).
COUNTRY_ROWS = [
    country_row(2023, 15, "World, Not Seasonally Adjusted", [300.0] * 12, [200.0] * 12),
    country_row(2023, 4, "World, Seasonally Adjusted", [301.0] * 12, [201.0] * 12),  # not a partner: skipped
    country_row(2023, 3, "European Union", [50.0] * 12, [40.0] * 12),
    country_row(2023, 5880, "Japan", [12.345678] + [10.0] * 11, [5.000001] * 12),
    country_row(2023, 6862, "Nauru", [0.0, 0.001] + [0.0] * 10, [0.0] * 12),  # real zeros in published months
    country_row(2024, 15, "World, Not Seasonally Adjusted", [310.0, 320.0], [210.0, 220.0]),
    country_row(2024, 4, "World, Seasonally Adjusted", [311.0, 321.0], [211.0, 221.0]),
    country_row(2024, 3, "European Union", [51.0, 52.0], [41.0, 42.0]),
    country_row(2024, 5880, "Japan", [11.0, 12.5], [6.0, 7.25]),
    country_row(2024, 6862, "Nauru", [0.0, 0.0], [0.0, 0.0]),
]

# --------------------------------------------------------------------------- Census end use

ENDUSE_HEADER = "CTY_CODE,CTY_DESC,END_USE,COMM_DESC,value_21,value_22,value_23\n"
#: value_23 is 0 in every row: not yet published.
ENDUSE_ROWS = [
    "0000,World Total,00000,Wheat,1000,1100,0",
    '0000,World Total,30000,"Passenger cars, new and used",5000,5500,0',
    "5880,Japan,00000,Wheat,100,0,0",
    '5880,Japan,30000,"Passenger cars, new and used",2000,2100,0',
    "5082,Gaza Strip Administered by Israel,00000,Wheat,7,8,0",
    "5083,West Bank Administered by Israel,00000,Wheat,30,40,0",
]


def write_enduse_csv(path: Path, rows: list[str] = ENDUSE_ROWS, header: str = ENDUSE_HEADER) -> Path:
    """An end-use CSV: ``header`` (ending in a newline), then ``rows``."""
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- USITC DataWeb


def dataweb_text(rows: list[list[str]], total: list[str] | None = None, count: int | None = None) -> str:
    """A DataWeb export: title, row count, header, rows and the Total row (computed unless given)."""
    years = ["2023", "2024", "2025"]
    if total is None:
        sums = [sum(float(r[4 + j]) for r in rows) for j in range(len(years))]
        total = [f'"{s:,.0f}"' if s else "0" for s in sums]
    lines = [
        "Total Exports|Annual Data,,,,,,",
        f"Data Row Count,{len(rows) if count is None else count},,,,,",
        "Data Type,HTS Number,Description,Country," + ",".join(years),
        *(",".join(r) for r in rows),
        "Total: ,,,," + ",".join(total),
    ]
    return "\n".join(lines) + "\n"


#: 2025 is 0.00 everywhere: not yet published.
DATAWEB_ROWS = [
    ["FAS Value", "01", "LIVE ANIMALS", "Japan", "1500.00", "2500.00", "0.00"],
    ["FAS Value", "01", "LIVE ANIMALS", "South Korea", "100.00", "0.00", "0.00"],
    ["FAS Value", "87", '"VEHICLES, EXCEPT RAILWAY"', "Japan", "1000000.00", "2000000.00", "0.00"],
    ["FAS Value", "87", '"VEHICLES, EXCEPT RAILWAY"', "Gaza Strip", "10.00", "20.00", "0.00"],
    ["FAS Value", "87", '"VEHICLES, EXCEPT RAILWAY"', "West Bank", "5.00", "6.00", "0.00"],
]


def write_dataweb(tmp_path: Path, text: str) -> Path:
    """``text`` as ``DataWeb-Query-Export__FAS_Value.csv`` in ``tmp_path``."""
    path = tmp_path / "DataWeb-Query-Export__FAS_Value.csv"
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- FRED

EXJPUS = "observation_date,EXJPUS\n2017-01-01,114.7\n2017-02-01,112.9\n"
DEXJPUS_OLD = "DATE,DEXJPUS\n2017-01-02,.\n2017-01-03,117.68\n"
DEXJPUS_NEW = "observation_date,DEXJPUS\n2017-01-03,117.68\n2017-01-04,117.28\n"
#: The whole daily series, as FRED serves it today.
DEXJPUS = "observation_date,DEXJPUS\n2017-01-02,\n2017-01-03,117.68\n2017-01-04,117.28\n"

# --------------------------------------------------------------------------- originals and vintages


def write_originals(folder: Path, mof: dict[str, dict[str, list[str]]] | None = None) -> Path:
    """Small originals for the mof, census and fx datasets, laid out as ``data build --from`` expects."""
    for stem in MOF_TITLES:
        path = folder / "mof" / f"{stem}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(mof_bytes(stem, (mof or {}).get(stem)))
    (folder / "census").mkdir(parents=True, exist_ok=True)
    write_xlsx(folder / "census" / "country.xlsx", HEADER, COUNTRY_ROWS)
    (folder / "fx").mkdir(parents=True, exist_ok=True)
    for name, text in (
        ("EXJPUS.csv", EXJPUS),
        ("DEXJPUS_1971-01-04_to_2023-09-15.csv", DEXJPUS_OLD),
        ("DEXJPUS_2015-07-13_to_2025-07-11.csv", DEXJPUS_NEW),
    ):
        (folder / "fx" / name).write_text(text, encoding="utf-8")
    return folder


def make_vintage(originals: Path, name: str, datasets: tuple[str, ...] = ("mof", "census", "fx")) -> Path:
    """Build a vintage folder from originals, as a refresh would leave it."""
    folder = refreshes.root() / name
    builder.build(originals, folder, datasets=datasets)
    return folder
