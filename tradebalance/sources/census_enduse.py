"""Parser for the Census end-use files: U.S. trade by partner and 5-digit end-use category, annual, dollars.

``enduse_imports.xlsx`` / ``enduse_exports.csv`` (layout and checks in :mod:`.census`'s docstring): one row per
country and end-use code, columns ``CTY_CODE, CTY_DESC, END_USE, COMM_DESC, value_YY…``. An earlier download of
the imports (2024-11-10) adds the years today's file lacks (:func:`parse_enduse_earlier_years`).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from tradebalance.errors import ParseError
from tradebalance.sources.census import Flow, partners_of, read_census_table
from tradebalance.sources.census_tables import (
    BASIS,
    check_header,
    merge_rows,
    no_duplicates,
    nonnegative_numbers,
    padded_codes,
    spread,
    tidy,
)

ENDUSE_COLUMNS = ("CTY_CODE", "CTY_DESC", "END_USE", "COMM_DESC")
#: 5-digit end-use codes sit below the one-digit principal categories (``3`` automotive), as in
#: :mod:`tradebalance.sources.census_api` (``EU1`` level 1, ``EU5`` level 2); their parent is the first digit.
ENDUSE_LEVEL = 2
_ENDUSE_YEAR = re.compile(r"^value_(\d{2})$")


def parse_enduse(
    path: str | Path, *, provisional_from: int, flow: Flow | None = None, source: str | None = None
) -> pd.DataFrame:
    """Parse a Census end-use file (partner × 5-digit end-use code, annual, dollars) into the tidy schema.

    Args:
        path: ``enduse_imports.xlsx`` or ``enduse_exports.csv`` (``.xlsx``/``.xls`` or ``.csv``).
        provisional_from: first year whose figures are still preliminary (later years too).
        flow: ``"export"`` or ``"import"``; by default read from the file name, which must then contain
            exactly one of ``export`` and ``import``.

    Returns:
        One row per partner, end-use code and published year (zeros included): code a 5-digit string,
        level 2, parent the code's first digit (its principal end-use category). ``attrs["skipped"]``
        records the columns right of the last ``value_YY`` column, which are ignored (empty if none).

    Raises:
        ParseError: the flow cannot be told, the file is not in the expected layout, a cell is empty or not a
            non-negative number, a (country, end-use) pair appears twice, or a partner code is unknown.
    """
    return _parse_enduse(Path(path), provisional_from, flow, source)[0]


def _parse_enduse(
    path: Path, provisional_from: int, flow: Flow | None, source: str | None, before: int | None = None
) -> tuple[pd.DataFrame, list[int], int]:
    """:func:`parse_enduse`; with ``before``, only the years before it become rows (every year is checked).

    Returns the frame, the published years left out and the rows they hold.
    """
    direction = _enduse_flow(path, flow)
    frame = read_census_table(path, dtype={c: str for c in ENDUSE_COLUMNS})
    check_header(frame.columns[: len(ENDUSE_COLUMNS)], ENDUSE_COLUMNS, path, exact=False)
    value_columns = [str(c) for c in frame.columns[len(ENDUSE_COLUMNS) :]]
    last = max((n for n, c in enumerate(value_columns) if _ENDUSE_YEAR.match(c)), default=None)
    skipped: list[dict[str, object]] = []
    if last is not None and last + 1 < len(value_columns):
        extra = value_columns[last + 1 :]
        skipped.append(
            {
                "columns": len(extra),
                "reason": f"columns right of the last year column {value_columns[last]!r} "
                f"(headers {extra}): not part of the Census layout, ignored",
            }
        )
        value_columns = value_columns[: last + 1]
    if not value_columns:
        raise ParseError(path, "no year columns (value_YY) after COMM_DESC", row=1)
    years = []
    for n, col in enumerate(value_columns, start=len(ENDUSE_COLUMNS) + 1):
        match = _ENDUSE_YEAR.match(col)
        if not match:
            raise ParseError(path, f"expected a year column like 'value_17', found {col!r}", row=1, column=n)
        if 2000 + int(match.group(1)) in years:
            raise ParseError(path, f"year column {col!r} appears twice", row=1, column=n)
        years.append(2000 + int(match.group(1)))
    rows = np.arange(len(frame)) + 2
    codes = padded_codes(frame["CTY_CODE"], 4, path, rows, "CTY_CODE")
    end_use = padded_codes(frame["END_USE"], 5, path, rows, "END_USE")
    labels = frame["COMM_DESC"].astype("string").str.strip().fillna("")
    if (labels == "").any():
        i = int(np.flatnonzero(labels == "")[0])
        raise ParseError(path, "empty COMM_DESC", row=int(rows[i]), column="COMM_DESC")
    no_duplicates(pd.DataFrame({"CTY_CODE": codes, "END_USE": end_use}), path, rows)
    partners = partners_of(codes, path, rows)
    values = nonnegative_numbers(frame, value_columns, path, rows)
    published = (values != 0).any(axis=0)  # a year that is 0 in every row is not yet published
    later = published & (np.asarray(years) >= before) if before is not None else np.zeros(len(years), dtype=bool)
    keep = partners.notna().to_numpy()
    keys, merged = merge_rows(pd.DataFrame({"partner": partners, "code": end_use})[keep], values[keep])
    r, c = np.nonzero(np.broadcast_to(published & ~later, merged.shape))
    if not len(r):
        raise ParseError(path, "no published year found" if before is None else f"no year before {before}")
    end_uses = keys["code"].to_numpy()
    records = pd.DataFrame(
        {
            "ordinal": np.asarray(years)[c] - 1970,
            "partner": spread(keys["partner"].to_numpy(), r),
            "code": spread(end_uses, r),
            "label": spread(labels[keep].to_numpy()[keys.index.to_numpy()], r),
            "parent": spread(np.array([e[:1] for e in end_uses], dtype=object), r),  # the principal category
            "value": merged[r, c],
        }
    )
    frame = tidy(
        records,
        path,
        freq="Y",
        classification="census-enduse",
        level=ENDUSE_LEVEL,
        source=source or f"census-enduse-{direction}s",
        provisional_from=provisional_from,
        flow=direction,
    )
    frame.attrs["skipped"] = skipped
    return frame, [y for y, out in zip(years, later, strict=True) if out], int(later.sum()) * len(keys)


#: First year of today's ``enduse_imports.xlsx`` (2016–2025): an earlier download adds the years before it.
ENDUSE_IMPORTS_FIRST_YEAR = 2016


def parse_enduse_earlier_years(path: str | Path, *, provisional_from: int, source: str | None = None) -> pd.DataFrame:
    """The years before 2016 of an end-use **imports** file: those an earlier download holds and today's lacks.

    The download of 2024-11-10 (``enduse_imports_2024-11-10.xlsx``) covers 2014–2023; today's file starts in
    2016. This keeps 2014 and 2015 (every partner and end-use code, parsed and checked by
    :func:`parse_enduse`), so that the ``census-enduse`` dataset reaches back to 2014 on imports without
    holding two downloads' figures for one year. ``attrs["skipped"]`` also records the years left out.
    """
    frame, later, rows = _parse_enduse(Path(path), provisional_from, "import", source, ENDUSE_IMPORTS_FIRST_YEAR)
    frame.attrs["skipped"] = [
        *frame.attrs["skipped"],
        *(
            [
                {
                    "rows": rows,
                    "reason": f"years {later[0]}–{later[-1]}: today's enduse_imports.xlsx holds them "
                    "(resource census-enduse-imports); this resource adds only the earlier years",
                }
            ]
            if later
            else []
        ),
    ]
    return frame


def _enduse_flow(path: Path, flow: str | None) -> str:
    if flow is not None:
        if flow not in BASIS:
            raise ParseError(path, f"flow {flow!r} is not one of {tuple(BASIS)}")
        return flow
    name = path.name.lower()
    found = [f for f in BASIS if f in name]
    if len(found) != 1:
        raise ParseError(path, "cannot tell the flow from the file name (no 'export' or 'import' in it); pass flow=")
    return found[0]
