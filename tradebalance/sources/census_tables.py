"""The checks and the tidy step shared by the Census-family parsers (:mod:`.census`, :mod:`.dataweb`).

Their tables (``country.xlsx``, the end-use files, USITC DataWeb exports) have a header row, partner and
product codes, and figures that must all be non-negative numbers; codes that map to one partner are added
up; every record becomes a row of the tidy schema with the U.S. as reporter and dollars as currency. The
Census API client (:mod:`.census_api`) takes the same reporter, currency and valuation of each flow.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from tradebalance.errors import ParseError
from tradebalance.schema import validate
from tradebalance.sources.common import add_constants, status_column, text_column

REPORTER = "USA"
CURRENCY = "USD"
#: Valuation of each flow: exports free alongside ship, general imports at customs value.
BASIS: dict[str, str] = {"export": "FAS", "import": "customs"}


def check_header(
    found: Sequence[object], expected: Sequence[str], path: Path, *, exact: bool = True, row: int = 1
) -> None:
    """Raise unless the header starts with ``expected`` (and, if ``exact``, has nothing after it)."""
    names = [str(c).strip() for c in found]
    for n, name in enumerate(expected):
        if n >= len(names):
            raise ParseError(path, f"column {name!r} is missing (the header has {len(names)} columns)", row=row)
        if names[n] != name:
            where = "is missing" if name not in names else f"is out of place (found at column {names.index(name) + 1})"
            raise ParseError(path, f"column {name!r} {where}; found {names[n]!r} instead", row=row, column=n + 1)
    if exact and len(names) > len(expected):
        extra = names[len(expected)]
        raise ParseError(path, f"unexpected column {extra!r} after {expected[-1]!r}", row=row, column=len(expected) + 1)


def padded_codes(values: pd.Series, width: int, path: Path, rows: np.ndarray, column: str) -> pd.Series:
    """Codes as zero-padded strings of ``width`` digits (a workbook may hold ``3`` for ``0003``)."""
    text = values.astype("string").str.strip().str.replace(r"\.0+$", "", regex=True)
    ok = text.str.fullmatch(rf"\d{{1,{width}}}").fillna(False).to_numpy(dtype=bool)
    if not ok.all():
        i = int(np.flatnonzero(~ok)[0])
        raw = values.iloc[i]
        found = "an empty cell" if pd.isna(raw) or not str(raw).strip() else repr(raw)
        problem = f"expected a code of up to {width} digits, found {found}"
        raise ParseError(path, problem, row=int(rows[i]), column=column)
    return text.str.zfill(width).astype(object).reset_index(drop=True)


def nonnegative_numbers(frame: pd.DataFrame, columns: Sequence[str], path: Path, rows: np.ndarray) -> np.ndarray:
    """Return the given columns as a float array; every cell must hold a finite non-negative number."""
    out = np.empty((len(frame), len(columns)))
    for j, col in enumerate(columns):
        series = frame[col]
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            numbers = series.to_numpy(dtype=float, na_value=np.nan)
        else:
            text = series.astype("string").str.strip()
            numbers = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isfinite(numbers) | (numbers < 0)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raw = series.iloc[i]
            problem = (
                "empty cell; expected a number"
                if pd.isna(raw) or not str(raw).strip()
                else f"expected a non-negative number, found {raw if not isinstance(raw, str) else repr(raw)}"
            )
            raise ParseError(path, problem, row=int(rows[i]), column=col)
        out[:, j] = numbers
    return out


def no_duplicates(keys: pd.DataFrame, path: Path, rows: np.ndarray) -> None:
    """Raise for the first row whose ``keys`` repeat an earlier row's (``rows``: the sheet row of each)."""
    dup = keys.duplicated().to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        what = ", ".join(f"{c} {keys[c].iloc[i]}" for c in keys.columns)
        raise ParseError(path, f"{what} appears twice", row=int(rows[i]))


def merge_rows(keys: pd.DataFrame, values: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
    """Add up the ``values`` rows whose ``keys`` are equal (two source codes mapped to one partner).

    Returns one row per distinct key, sorted by the keys: the first row of ``keys`` with that key (its index
    is the row's position in ``keys``) and the summed values.
    """
    keys = keys.reset_index(drop=True)
    group = keys.groupby(list(keys.columns), sort=True).ngroup().to_numpy()
    merged = np.zeros((group.max() + 1 if len(group) else 0, values.shape[1]))
    np.add.at(merged, group, values)
    first = np.unique(group, return_index=True)[1]
    return keys.iloc[first], merged


def spread(values: np.ndarray, rows: np.ndarray) -> pd.Categorical:
    """``values[rows]`` as a categorical (``values``: a text per key; ``rows``: the key of each record).

    Each distinct text is held once, so the tidy frame's text column is built from codes (:func:`tidy`).
    """
    codes, uniques = pd.factorize(values)
    return pd.Categorical.from_codes(codes[rows], uniques)


def tidy(
    records: pd.DataFrame,
    path: Path,
    *,
    freq: str,
    classification: str,
    level: int,
    source: str,
    provisional_from: int | None,
    **constants: str,
) -> pd.DataFrame:
    """Add the constant columns to ``ordinal, partner, flow, code, label, value`` (``parent``) records; validate.

    ``constants`` give the text columns that hold one value in every record (``flow="export"``). Text columns
    are built through a dictionary of their few distinct values (see :mod:`tradebalance.sources.common`);
    records give them best as categoricals (:func:`spread`).
    """
    frame = records.reset_index(drop=True)
    periods = pd.PeriodIndex.from_ordinals(frame["ordinal"].to_numpy(dtype=np.int64), freq=freq)
    frame = frame.drop(columns="ordinal")
    for column in ("partner", "flow", "code", "label", "parent"):
        if column in frame:
            frame[column] = text_column(frame[column])
    add_constants(frame, **constants)
    frame["period"] = periods
    add_constants(frame, reporter=REPORTER, classification=classification, currency=CURRENCY, source=source)
    add_constants(frame, quantity_unit=None, **({} if "parent" in frame else {"parent": None}))
    frame["level"] = level
    frame["quantity"] = np.nan
    frame["basis"] = text_column(frame["flow"], BASIS)
    frame["status"] = status_column(periods, provisional_from, "preliminary")
    return validate(frame, str(path))
