"""Parsers for U.S. Census Bureau trade-in-goods files (end use: :mod:`.census_enduse`; USITC DataWeb: :mod:`.dataweb`).

Census is the U.S. side of every comparison, so its files are read without guessing: a month counts as published
from the world-total row (a 0 for a small partner stays a real zero), the months must add up to the annual
columns, an empty cell or an unknown country code is an error, and the partner codes come from
``data/reference/census_countries.csv``. The two layouts (``country.xlsx``, the end-use files), their columns and
the rules for each: ``docs/user-guide/loading.md`` ("Census trade in goods").
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from tradebalance.errors import ParseError
from tradebalance.sources.census_countries import REFERENCE_NAME, code_partners
from tradebalance.sources.census_tables import (
    check_header,
    merge_rows,
    no_duplicates,
    nonnegative_numbers,
    padded_codes,
    spread,
    tidy,
)
from tradebalance.sources.common import read_sheet, reading

Flow = Literal["export", "import"]

WORLD = "WLD"

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
FLOW_PREFIX: dict[str, str] = {"import": "I", "export": "E"}
COUNTRY_COLUMNS: tuple[str, ...] = (
    "year",
    "CTY_CODE",
    "CTYNAME",
    *(f"I{m}" for m in MONTHS),
    "IYR",
    *(f"E{m}" for m in MONTHS),
    "EYR",
)
#: country.xlsx is in millions of dollars with 6 decimals.
MILLION = 1_000_000
#: Largest accepted gap, in millions, between the sum of a row's months and its annual column.
ANNUAL_TOLERANCE = 0.0015

# --------------------------------------------------------------------------- parsers


def parse_country(path: str | Path, *, provisional_from: int, source: str = "census-country") -> pd.DataFrame:
    """Parse Census ``country.xlsx`` (trade in goods by partner, monthly) into the tidy schema.

    Args:
        path: the workbook.
        provisional_from: first year whose figures are still preliminary (later years too); Census revises
            the previous year's monthly figures each June.

    Returns:
        One row per published month, partner and flow: code ``TOTAL`` (total goods), values in dollars.
        ``attrs["skipped"]`` lists rows left out on purpose (rows with no year and only zeros), with the
        count and the reason; it is empty when none were.

    Raises:
        ParseError: the file is not in the expected layout, a partner code is unknown, a row's months do not
            add up to its annual total, a partner has a nonzero value in an unpublished month, or a row with
            no year has a value other than 0.
    """
    path = Path(path)
    frame = _read_excel(path, dtype={"CTY_CODE": str})
    check_header(frame.columns, COUNTRY_COLUMNS, path)
    rows = np.arange(len(frame)) + 2  # sheet row numbers: the header is row 1
    frame, rows, skipped = _skip_blank_years(frame, rows, path)
    years = _years(frame["year"], path, rows)
    codes = padded_codes(frame["CTY_CODE"], 4, path, rows, "CTY_CODE")
    no_duplicates(pd.DataFrame({"year": years, "CTY_CODE": codes}), path, rows)
    partners = partners_of(codes, path, rows)
    keep = partners.notna().to_numpy()
    names = frame["CTYNAME"].astype("string").fillna("").to_numpy()
    checked = []
    for prefix in FLOW_PREFIX.values():
        values = nonnegative_numbers(frame, [*(prefix + m for m in MONTHS), prefix + "YR"], path, rows)
        months, annual = values[:, :12], values[:, 12]
        gap = np.abs(months.sum(axis=1) - annual)
        bad = keep & (gap > ANNUAL_TOLERANCE)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ParseError(
                path,
                f"{names[i]} ({codes.iloc[i]}) {years[i]}: the 12 months add up to {months[i].sum():.6f} million "
                f"but {prefix}YR is {annual[i]:.6f}",
                row=int(rows[i]),
                column=prefix + "YR",
            )
        published = _published_months(months, years, partners, path, rows, prefix)
        stray = keep[:, None] & ~published & (months != 0)
        if stray.any():
            i, j = (int(x[0]) for x in np.nonzero(stray))
            raise ParseError(
                path,
                f"{names[i]} ({codes.iloc[i]}) has {months[i, j]} in {MONTHS[j]} {years[i]}, "
                "a month the world total shows as not yet published (0)",
                row=int(rows[i]),
                column=prefix + MONTHS[j],
            )
        checked.append((months[keep], published[keep]))
    # Both flows' months side by side, so that partners' rows are merged once: row r, month m of flow n.
    keys, merged = merge_rows(
        pd.DataFrame({"year": years, "partner": partners})[keep], np.hstack([m for m, _ in checked])
    )
    merged_years = keys["year"].to_numpy()
    parts = []
    for n, (_, published) in enumerate(checked):
        r, m = np.nonzero(published[keys.index.to_numpy()])
        parts.append((r, np.full(len(r), n), (merged_years[r] - 1970) * 12 + m, merged[r, 12 * n + m]))
    r, flow, ordinal, value = (np.concatenate(column) for column in zip(*parts, strict=True))
    if not len(r):
        raise ParseError(path, "no published month found")
    records = pd.DataFrame(
        {
            "ordinal": ordinal,
            "partner": spread(keys["partner"].to_numpy(), r),
            "flow": pd.Categorical.from_codes(flow, list(FLOW_PREFIX)),
            "value": np.round(value * MILLION),
        }
    )
    frame = tidy(
        records,
        path,
        freq="M",
        classification="total",
        level=0,
        source=source,
        provisional_from=provisional_from,
        code="TOTAL",
        label="Total goods",
    )
    frame.attrs["skipped"] = skipped
    return frame


def _skip_blank_years(
    frame: pd.DataFrame, rows: np.ndarray, path: Path
) -> tuple[pd.DataFrame, np.ndarray, list[dict[str, object]]]:
    """Drop the rows whose ``year`` is empty and whose every value is 0; return what was skipped.

    Raises:
        ParseError: such a row holds a value other than 0 (or a cell that is not a number).
    """
    year = frame["year"]
    blank = (year.isna() | (year.astype("string").str.strip() == "")).to_numpy(dtype=bool, na_value=True)
    if not blank.any():
        return frame, rows, []
    columns = [c for c in COUNTRY_COLUMNS if c not in ("year", "CTY_CODE", "CTYNAME")]
    values = nonnegative_numbers(frame[blank], columns, path, rows[blank])
    nonzero = values != 0
    if nonzero.any():
        i, j = (int(x[0]) for x in np.nonzero(nonzero))
        raise ParseError(
            path,
            f"a row with no year has {values[i, j]} in {columns[j]}; only rows of zeros may lack a year",
            row=int(rows[blank][i]),
            column="year",
        )
    skipped = {
        "rows": int(blank.sum()),
        "reason": "empty year and every value 0 (blank rows in the download)",
        "first_row": int(rows[blank][0]),
        "last_row": int(rows[blank][-1]),
    }
    return frame[~blank].reset_index(drop=True), rows[~blank], [skipped]


# --------------------------------------------------------------------------- helpers


def _read_excel(path: Path, *, dtype: dict[str, type]) -> pd.DataFrame:
    """Read the first sheet of a workbook (header in row 1); the columns in ``dtype`` as text.

    Text columns keep whole numbers as their digits (``"5880"``, not ``"5880.0"``).
    """
    table = read_sheet(path)
    if table.num_columns == 0:
        raise ParseError(path, "the first sheet is empty")
    frame = table.to_pandas()
    for column in dtype:
        if column in frame.columns and pd.api.types.is_float_dtype(frame[column]):
            frame[column] = [None if v != v else _text(v) for v in frame[column].tolist()]
    return frame


def _text(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


def read_census_table(path: Path, *, dtype: dict[str, type]) -> pd.DataFrame:
    """Read a workbook (``.xlsx``/``.xls``) or a UTF-8 CSV with a header row; empty CSV cells stay ``""``."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return _read_excel(path, dtype=dtype)
    if suffix != ".csv":
        raise ParseError(path, f"expected a .xlsx, .xls or .csv file, not {suffix or 'no suffix'!r}")
    try:
        with reading(path):
            return pd.read_csv(path, dtype=dtype, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, pd.errors.ParserError) as exc:  # UnicodeDecodeError is a ValueError
        raise ParseError(path, f"cannot read as a CSV file ({exc})") from exc


def _years(values: pd.Series, path: Path, rows: np.ndarray) -> np.ndarray:
    """Calendar years as int64; each must be a whole number between 1900 and 2100."""
    numbers = pd.to_numeric(values.astype("string").str.strip(), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(numbers) | (numbers != np.round(numbers)) | (numbers < 1900) | (numbers > 2100)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ParseError(path, f"expected a year, found {values.iloc[i]!r}", row=int(rows[i]), column="year")
    return numbers.astype(np.int64)


def partners_of(codes: pd.Series, path: Path, rows: np.ndarray) -> pd.Series:
    """Partner code for each CTY_CODE (``None`` for not-partner series); unknown codes are an error."""
    table = code_partners()
    known = codes.isin(table.keys()).to_numpy()
    if not known.all():
        i = int(np.flatnonzero(~known)[0])
        raise ParseError(
            path,
            f"CTY_CODE {codes.iloc[i]!r} is not in {REFERENCE_NAME}; add it with its partner code",
            row=int(rows[i]),
            column="CTY_CODE",
        )
    return codes.map(table)


def _published_months(
    months: np.ndarray, years: np.ndarray, partners: pd.Series, path: Path, rows: np.ndarray, prefix: str
) -> np.ndarray:
    """For each row, which of its 12 months are published.

    A month is published when its year's world total (the row mapped to ``WLD``) is not 0 in it. A year
    without a world row (1985–1986 in country.xlsx) falls back on its rows together: a month is published
    when any row of the year is not 0 in it. Publication must be a run of months from January.
    """
    world = (partners == WORLD).to_numpy()
    published = np.zeros(months.shape, dtype=bool)
    for year in np.unique(years):
        in_year = years == year
        found = np.flatnonzero(in_year & world)
        if len(found) > 1:
            raise ParseError(
                path,
                f"{year} has {len(found)} world-total rows (CTY_CODEs mapped to {WORLD}), expected at most 1",
                row=int(rows[found[1]]),
                column="CTY_CODE",
            )
        if len(found) == 1:
            months_out = months[found[0]] != 0
            what, row = "the world total", int(rows[found[0]])
        else:
            months_out = (months[in_year] != 0).any(axis=0)
            what, row = "every row", None
        first_gap = int(np.argmin(months_out)) if not months_out.all() else 12
        if months_out[first_gap:].any():
            raise ParseError(
                path,
                f"{what} is 0 in {MONTHS[first_gap]} {year} but not in a later month",
                row=row,
                column=prefix + MONTHS[first_gap],
            )
        published[in_year] = months_out
    return published
