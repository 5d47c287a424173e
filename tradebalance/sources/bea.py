"""Parser for BEA's "U.S. International Trade in Goods and Services by Selected Countries and Areas" workbook.

BEA gives U.S. trade in goods **and services** by partner, on a balance-of-payments basis, so claims about "the
trade deficit" in goods and services can be read. :func:`parse` gives the annual rows, :func:`parse_quarterly`
the quarterly ones, in dollars, with BEA's published balances kept as rows of flow ``balance``; every sum the
workbook implies is checked within BEA's rounding, and a failure raises :class:`ParseError` naming the sheet and
cell. The workbook's layout, the checks and BEA's own exemptions: ``docs/user-guide/loading.md`` ("BEA trade in
goods and services").
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import numpy as np
import pandas as pd

from tradebalance.errors import ParseError
from tradebalance.schema import PARTNER_CODE, PARTNER_CODE_WORDS
from tradebalance.sources.bea_tables import SCOPES, Table, cell_name, read_tables
from tradebalance.sources.common import read_reference, tidy_ordinals
from tradebalance.store.paths import packaged

REFERENCE_COLUMNS = ("name", "partner", "kind", "note")
REPORTER = "USA"
CURRENCY = "USD"
BASIS = "BOP"
CLASSIFICATION = "BEA-scope"
MILLION = 1_000_000
#: Largest accepted gaps, in millions, of figures each rounded to the million.
BALANCE_TOLERANCE = 1.0
SCOPE_TOLERANCE = 1.0
QUARTER_TOLERANCE = 2.0


def reference_path() -> Path:
    """Path of the reference table in the package data (``tradebalance.store.paths.packaged``)."""
    return packaged("data", "reference", "bea_partners.csv")


def _name_key(name: str) -> str:
    """A partner name compared without case and spacing (a line break after ``South/`` is ignored)."""
    return re.sub(r"\s*/\s*", "/", " ".join(str(name).split())).casefold()


@functools.cache
def partner_table() -> dict[str, str]:
    """BEA partner name (case- and space-insensitive key) -> partner code, from ``bea_partners.csv``.

    Raises:
        ParseError: the table cannot be read, or a name appears twice.
    """
    path = reference_path()
    table = read_reference(path, REFERENCE_COLUMNS, "the BEA partner table")
    names: dict[str, str] = {}
    for n, (name, partner) in enumerate(zip(table["name"], table["partner"], strict=True), start=2):
        if not PARTNER_CODE.fullmatch(partner.strip()):
            raise ParseError(path, f"partner {partner!r} is not {PARTNER_CODE_WORDS}", row=n, column="partner")
        if _name_key(name) in names:
            raise ParseError(path, f"name {name!r} appears twice", row=n, column="name")
        names[_name_key(name)] = partner.strip()
    return names


def _check(path: Path, tables: dict[tuple[str, str], Table], names: list[str]) -> None:
    """The published balances, the goods + services sums and the quarters' sums (see the module docstring)."""
    for scope in SCOPES:
        x, m, b = (tables[(scope, k)] for k in ("export", "import", "balance"))
        for t in (m, b):
            if t.periods != x.periods:
                raise ParseError(path, f"sheet {t.sheet!r} has other periods than sheet {x.sheet!r}")
        derived = x.values - m.values
        present = ~np.isnan(derived)
        gap = np.abs(derived - b.values)
        bad = (present != ~np.isnan(b.values)) | (present & ~b.small & (gap > BALANCE_TOLERANCE))
        bad |= present & b.small & (np.abs(derived) > BALANCE_TOLERANCE)
        if bad.any():
            i, j = (int(k[0]) for k in np.nonzero(bad))
            raise ParseError(
                path,
                f"sheet {b.sheet!r}, cell {cell_name(b.rows[i], j + 1)}: the balance with {names[j]} in "
                f"{b.periods[i]} is {b.values[i, j]:,.0f} but exports − imports (sheets {x.sheet!r}, "
                f"{m.sheet!r}) is {derived[i, j]:,.0f} million dollars",
            )
    for measure in ("export", "import"):
        total, goods, services = (tables[(s, measure)] for s in SCOPES)
        parts = goods.values + services.values
        gap = np.abs(parts - total.values)
        skip = _exempt_mask(total, names)
        bad = ~np.isnan(gap) & (gap > SCOPE_TOLERANCE) & ~skip
        if bad.any():
            i, j = (int(k[0]) for k in np.nonzero(bad))
            raise ParseError(
                path,
                f"sheet {total.sheet!r}, cell {cell_name(total.rows[i], j + 1)}: {measure}s of goods and "
                f"services with {names[j]} in {total.periods[i]} are {total.values[i, j]:,.0f} but goods + "
                f"services (sheets {goods.sheet!r}, {services.sheet!r}) make {parts[i, j]:,.0f} million dollars",
            )
    for table in tables.values():
        _check_quarters(path, table, names)


def _exempt_mask(table: Table, names: list[str]) -> np.ndarray:
    """Where BEA's notes to ``table`` say its figures do not add up (partner, years), for every period."""
    mask = np.zeros(table.values.shape, dtype=bool)
    years = np.array([int(p[:4]) for p in table.periods])
    for name, (first, last) in table.exempt.items():
        if name in names:
            mask[:, names.index(name)] = (years >= first) & (years <= last)
    return mask


def _check_quarters(path: Path, table: Table, names: list[str]) -> None:
    annual = {p: i for i, p in enumerate(table.periods) if "Q" not in p}
    exempt = _exempt_mask(table, names)
    for year, i in annual.items():
        quarters = [table.periods.index(q) for q in (f"{year}Q{k}" for k in range(1, 5)) if q in table.periods]
        if not quarters:
            continue
        if len(quarters) != 4:
            raise ParseError(path, f"sheet {table.sheet!r}: {year} has {len(quarters)} quarters, expected 4")
        summed = table.values[quarters].sum(axis=0)
        gap = np.abs(summed - table.values[i])
        small = table.small[quarters].any(axis=0) | table.small[i]
        bad = ~np.isnan(gap) & (gap > QUARTER_TOLERANCE + small) & ~exempt[i]
        if bad.any():
            j = int(np.flatnonzero(bad)[0])
            raise ParseError(
                path,
                f"sheet {table.sheet!r}, cell {cell_name(table.rows[i], j + 1)}: {year} with {names[j]} is "
                f"{table.values[i, j]:,.0f} but its quarters add up to {summed[j]:,.0f} million dollars",
            )


def _partner_codes(path: Path, names: list[str]) -> list[str]:
    table = partner_table()
    codes = []
    for j, name in enumerate(names):
        code = table.get(_name_key(name))
        if code is None:
            raise ParseError(
                path,
                f"partner {name!r} (column {cell_name(6, j + 1)[:-1]}) is not in data/reference/bea_partners.csv; "
                "add it with its partner code",
            )
        codes.append(code)
    if len(set(codes)) != len(codes):
        raise ParseError(path, f"two partner columns map to one partner code: {names}")
    return codes


def parse(
    path: str | Path, *, provisional_from: int | None, source: str = "bea-annual", freq: str = "Y"
) -> pd.DataFrame:
    """Parse the BEA workbook into the tidy schema: annual rows (``freq="Y"``) or quarterly ones (``"Q"``).

    Args:
        path: ``trad-geo-time-series-MMYY.xlsx``.
        provisional_from: first year still preliminary (later years too); ``None``: every year is final.
        source: resource id for the ``source`` column.
        freq: ``"Y"`` for the annual block, ``"Q"`` for the seasonally adjusted quarters.

    Returns:
        One row per period, partner, flow (``export``, ``import``, ``balance``) and scope (code
        ``goods-and-services``, ``goods``, ``services``) that BEA publishes (``n.a.`` gives no row), in
        dollars, basis ``BOP``.

    Raises:
        ParseError: the layout is not the one described in the module docstring, a partner name is unknown,
            or a check fails (the message names the sheet and cell).
    """
    if freq not in ("Y", "Q"):
        raise ValueError(f"freq must be 'Y' or 'Q', got {freq!r}")
    path = Path(path)
    tables, names = read_tables(path)
    _check(path, tables, names)
    partners = _partner_codes(path, names)
    parts = []
    for (scope, measure), table in tables.items():
        keep = np.array([("Q" in p) == (freq == "Q") for p in table.periods])
        periods = pd.PeriodIndex([p for p, k in zip(table.periods, keep, strict=True) if k], freq=freq)
        values = table.values[keep]
        r, c = np.nonzero(~np.isnan(values))
        label, level, parent = SCOPES[scope]
        parts.append(
            pd.DataFrame(
                {
                    "ordinal": periods.asi8[r],
                    "partner": np.asarray(partners, dtype=object)[c],
                    "flow": measure,
                    "code": scope,
                    "label": label,
                    "level": level,
                    "parent": parent,
                    "value": values[r, c] * MILLION,
                }
            )
        )
    records = pd.concat(parts, ignore_index=True)
    if records.empty:
        raise ParseError(path, f"no {'quarterly' if freq == 'Q' else 'annual'} figures")
    return tidy_ordinals(
        records,
        freq,
        Path(path),
        provisional_from,
        reporter=REPORTER,
        classification=CLASSIFICATION,
        currency=CURRENCY,
        basis=BASIS,
        source=source,
    )


def parse_quarterly(path: str | Path, *, provisional_from: int | None, source: str = "bea-quarterly") -> pd.DataFrame:
    """The quarterly (seasonally adjusted) rows of the BEA workbook: :func:`parse` with ``freq="Q"``."""
    return parse(path, provisional_from=provisional_from, source=source, freq="Q")
