"""Parser for USITC DataWeb exports of the Census trade-in-goods data (shared checks: :mod:`.census_tables`).

``DataWeb-Query-Export__FAS_Value.csv`` (https://dataweb.usitc.gov): title ``Total Exports|Annual Data``,
``Data Row Count,N``, header ``Data Type, HTS Number, Description, Country, <years>``, one row per HS
chapter and country name, and a closing ``Total:`` row that the parser checks every year against. A year
column that is empty or 0 in every row (2025 in the copy) is not yet published and is left out. Country
names map to partners through the Census country table (:mod:`.census_countries`).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from tradebalance.errors import ParseError
from tradebalance.sources.census_countries import REFERENCE_NAME, name_key, name_partners
from tradebalance.sources.census_tables import (
    check_header,
    merge_rows,
    no_duplicates,
    nonnegative_numbers,
    padded_codes,
    spread,
    tidy,
)
from tradebalance.sources.common import read_bytes

DATAWEB_COLUMNS = ("Data Type", "HTS Number", "Description", "Country")
#: DataWeb trade flow (first part of the title row) -> flow, and the data type that flow must report.
DATAWEB_FLOWS: dict[str, str] = {"Total Exports": "export"}
DATAWEB_DATA_TYPES: dict[str, str] = {"export": "FAS Value"}
#: Largest accepted gap, in dollars, between a year's rows and the file's ``Total:`` row (rounded to dollars).
DATAWEB_TOLERANCE = 1.0


def parse_dataweb(
    path: str | Path, *, provisional_from: int | None = None, source: str = "usitc-dataweb-hs2"
) -> pd.DataFrame:
    """Parse a USITC DataWeb CSV export (annual, country × HS chapter, dollars) into the tidy schema.

    Args:
        path: the CSV (``DataWeb-Query-Export__FAS_Value.csv``).
        provisional_from: first year whose figures are still preliminary; ``None`` (default) marks every
            year confirmed, right for full years downloaded after Census's June revision of the previous year.

    Returns:
        One row per partner, HS chapter (2-digit code) and published year, flow from the title row.

    Raises:
        ParseError: the file is not in the expected layout, the row count or a year's ``Total:`` row does not
            match the rows, a cell is not a number, or a country name is not in the country table.
    """
    path = Path(path)
    lines = _csv_lines(path)
    if len(lines) < 4:
        raise ParseError(path, f"expected a title, a row count, a header and data; found {len(lines)} rows")
    flow = _dataweb_flow(lines[0], path)
    header = _dataweb_header(lines[2], path)
    body = _dataweb_body(lines, len(header), path)
    frame = pd.DataFrame(body, columns=header)
    rows = np.arange(len(frame)) + 4
    _check_data_type(frame["Data Type"], DATAWEB_DATA_TYPES[flow], path, rows)
    codes = padded_codes(frame["HTS Number"], 2, path, rows, "HTS Number")
    countries = frame["Country"].str.strip()
    partners = _named_partners(countries, path, rows)
    no_duplicates(pd.DataFrame({"HTS Number": codes, "Country": countries}), path, rows)
    published = [y for y in header[len(DATAWEB_COLUMNS) :] if frame[y].str.strip().ne("").any()]
    values = nonnegative_numbers(frame, published, path, rows)
    _check_dataweb_totals(values, published, dict(zip(header, lines[-1], strict=False)), path, row=len(lines))
    keep = (values != 0).any(axis=0)  # a year that is 0 in every row is not yet published
    years = np.array([int(y) for y in published], dtype=np.int64)
    keys, merged = merge_rows(pd.DataFrame({"partner": partners, "code": codes}), values)
    r, c = np.nonzero(np.broadcast_to(keep, merged.shape))
    if not len(r):
        raise ParseError(path, "no published year found")
    records = pd.DataFrame(
        {
            "ordinal": years[c] - 1970,
            "partner": spread(keys["partner"].to_numpy(), r),
            "code": spread(keys["code"].to_numpy(), r),
            "label": spread(frame["Description"].str.strip().to_numpy()[keys.index.to_numpy()], r),
            "value": merged[r, c],
        }
    )
    return tidy(
        records,
        path,
        freq="Y",
        classification="hs",
        level=1,
        source=source,
        provisional_from=provisional_from,
        flow=flow,
    )


def _csv_lines(path: Path) -> list[list[str]]:
    """Return the rows of a UTF-8 CSV file (a byte-order mark allowed), without trailing blank rows."""
    raw = read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(path, f"not UTF-8 text (byte {exc.start})") from None
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ParseError(path, f"not a CSV file ({exc})") from None
    while lines and not any(cell.strip() for cell in lines[-1]):
        lines.pop()
    return lines


def _dataweb_flow(title_row: list[str], path: Path) -> str:
    """The flow named by a DataWeb title row (``Total Exports|Annual Data``)."""
    title = title_row[0].strip() if title_row else ""
    flow_name, _, aggregation = title.partition("|")
    if flow_name not in DATAWEB_FLOWS or aggregation != "Annual Data":
        known = ", ".join(f"'{f}|Annual Data'" for f in DATAWEB_FLOWS)
        raise ParseError(path, f"title {title!r} is not one of {known}", row=1, column=1)
    return DATAWEB_FLOWS[flow_name]


def _dataweb_header(row: list[str], path: Path) -> list[str]:
    """The header (row 3): :data:`DATAWEB_COLUMNS`, then at least one year column, each year once."""
    header = [cell.strip() for cell in row]
    check_header(header[: len(DATAWEB_COLUMNS)], DATAWEB_COLUMNS, path, exact=False, row=3)
    year_columns = header[len(DATAWEB_COLUMNS) :]
    for n, col in enumerate(year_columns, start=len(DATAWEB_COLUMNS) + 1):
        if not re.fullmatch(r"\d{4}", col) or year_columns.index(col) != n - len(DATAWEB_COLUMNS) - 1:
            raise ParseError(path, f"expected a distinct year like '2020', found {col!r}", row=3, column=n)
    if not year_columns:
        raise ParseError(path, "no year columns after 'Country'", row=3)
    return header


def _dataweb_body(lines: list[list[str]], width: int, path: Path) -> list[list[str]]:
    """The data rows between the header and the closing ``Total:`` row, checked against ``Data Row Count``."""
    body, total = lines[3:-1], lines[-1]
    if not total or not total[0].strip().startswith("Total"):
        raise ParseError(path, "the last row is not the 'Total:' row", row=len(lines), column=1)
    count_row = [cell.strip() for cell in lines[1]]
    if len(count_row) < 2 or count_row[0] != "Data Row Count" or count_row[1] != str(len(body)):
        raise ParseError(path, f"expected 'Data Row Count,{len(body)}', found {','.join(count_row[:2])!r}", row=2)
    for n, row in enumerate(body, start=4):
        if len(row) != width:
            raise ParseError(path, f"row has {len(row)} fields, the header {width}", row=n)
    return body


def _check_data_type(types: pd.Series, expected: str, path: Path, rows: np.ndarray) -> None:
    wrong = types.str.strip() != expected
    if wrong.any():
        i = int(np.flatnonzero(wrong)[0])
        found = types.iloc[i]
        raise ParseError(path, f"data type {found!r}, expected {expected!r}", row=int(rows[i]), column="Data Type")


def _named_partners(countries: pd.Series, path: Path, rows: np.ndarray) -> pd.Series:
    """Partner code for each country name (or alias); an unknown name is an error."""
    names = name_partners()
    codes, distinct = pd.factorize(countries)  # a few hundred names for tens of thousands of rows
    found = [names.get(name_key(name)) for name in distinct] + [None]  # code -1, a missing name: the last
    partners = pd.Series(np.array(found, dtype=object)[codes], index=countries.index).astype(countries.dtype)
    if partners.isna().any():
        i = int(np.flatnonzero(partners.isna())[0])
        raise ParseError(
            path,
            f"country {countries.iloc[i]!r} is not a name or alias in {REFERENCE_NAME}",
            row=int(rows[i]),
            column="Country",
        )
    return partners


def _check_dataweb_totals(
    values: np.ndarray, years: list[str], totals: dict[str, str], path: Path, *, row: int
) -> None:
    """Check that each year's rows add up to the ``Total:`` row (``totals``: header -> cell)."""
    for j, year in enumerate(years):
        raw = totals.get(year, "").strip().replace(",", "")
        try:
            expected = float(raw)
        except ValueError:
            problem = f"expected a number in the Total row, found {raw!r}"
            raise ParseError(path, problem, row=row, column=year) from None
        if abs(values[:, j].sum() - expected) > DATAWEB_TOLERANCE:
            raise ParseError(
                path,
                f"the rows for {year} add up to {values[:, j].sum():,.2f}, the Total row says {expected:,.0f}",
                row=row,
                column=year,
            )
