"""BEA's workbook read as its nine tables: exports, imports and balance of three scopes, in millions.

The layout is described in :mod:`tradebalance.sources.bea`, which checks the tables and makes them tidy rows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tradebalance.errors import ParseError
from tradebalance.sources.common import figures, read_sheets

#: What each table holds (row 3) -> (scope code, measure).
TITLES: dict[str, tuple[str, str]] = {
    "Exports of Goods and Services": ("goods-and-services", "export"),
    "Imports of Goods and Services": ("goods-and-services", "import"),
    "Balance on Goods and Services": ("goods-and-services", "balance"),
    "Exports of Goods": ("goods", "export"),
    "Imports of Goods": ("goods", "import"),
    "Balance on Goods": ("goods", "balance"),
    "Exports of Services": ("services", "export"),
    "Imports of Services": ("services", "import"),
    "Balance on Services": ("services", "balance"),
}
#: Scope code -> label, level, parent.
SCOPES: dict[str, tuple[str, int, str | None]] = {
    "goods-and-services": ("Goods and services", 0, None),
    "goods": ("Goods (balance of payments basis)", 1, "goods-and-services"),
    "services": ("Services", 1, "goods-and-services"),
}
UNIT = "[Millions of dollars, quarters seasonally adjusted]"
_QUARTER = re.compile(r"^(\d{4})\s+([1-4])\s*(?:\(R\))?$")
_EXEMPT = re.compile(r"quarters do not sum to annual totals for \"([^\"]+)\" for (\d{4})\s*[–-]\s*(\d{4})")


@dataclass(frozen=True)
class Table:
    """One sheet: its scope and measure, and its figures (periods × partners, millions; NaN = n.a.)."""

    sheet: str
    scope: str
    measure: str
    periods: list[str]
    """``1999`` … for years, ``1999Q1`` … for quarters."""
    rows: list[int]
    """The sheet row (1-based) of each period."""
    values: np.ndarray
    small: np.ndarray
    """Where the sheet says ``(*)`` (less than 500,000 dollars either way)."""
    exempt: dict[str, tuple[int, int]]
    """Partner name -> years whose quarters BEA's note says do not add up to the year."""


def cell_name(row: int, col: int) -> str:
    """Spreadsheet name of a 0-based column and 1-based row (``N23``)."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def _read_workbook(path: Path) -> dict[str, list[list[Any]]]:
    """Each sheet's rows (cells: a number, a text, or ``""`` where empty)."""
    sheets = {}
    for name, table in read_sheets(path, header=False):
        columns = [["" if v is None else v for v in c.to_pylist()] for c in table.columns]
        sheets[name] = [list(row) for row in zip(*columns, strict=True)]
    return sheets


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _table(path: Path, sheet: str, rows: list[list[Any]], partners: list[str] | None) -> tuple[Table, list[str]]:
    """Read one ``Table N`` sheet; ``partners`` are the first table's column names, to compare with."""

    def fail(problem: str, row: int, col: int = 0) -> ParseError:
        return ParseError(path, f"sheet {sheet!r}, cell {cell_name(row, col)}: {problem}")

    title, header, names = _heading(rows, partners, fail)
    periods, where, cells = _period_rows(rows, header, len(names), fail)
    values, small, bad = _figures(cells, measure=TITLES[title][1])
    if bad.any():
        i, j = (int(k[0]) for k in np.nonzero(bad))
        raise fail(f"expected a number, 'n.a.' or '(*)', found {cells[i][j]!r}", where[i], j + 1)
    notes = " ".join(_text(r[0]) for r in rows if r)
    exempt = {m.group(1): (int(m.group(2)), int(m.group(3))) for m in _EXEMPT.finditer(notes)}
    scope, measure = TITLES[title]
    table = Table(sheet, scope, measure, periods, where, values, small, exempt)
    return table, names


def _heading(
    rows: list[list[Any]], partners: list[str] | None, fail: Callable[..., ParseError]
) -> tuple[str, int, list[str]]:
    """A sheet's title, the index of its header row and its partner columns, each checked."""
    if len(rows) < 8:
        raise fail(f"expected a title, a unit, a header and data, found {len(rows)} rows", 1)
    title = _text(rows[2][0])
    if title not in TITLES:
        raise fail(f"unknown table {title!r}; expected one of {', '.join(TITLES)}", 3)
    if _text(rows[3][0]) != UNIT:
        raise fail(f"unit {_text(rows[3][0])!r}, expected {UNIT!r}", 4)
    header = next((n for n, r in enumerate(rows) if r and _text(r[0]) == "Period"), None)
    if header is None:
        raise fail("no header row starting with 'Period'", 1)
    names = [_text(c) for c in rows[header][1:]]
    while names and not names[-1]:
        names.pop()
    if partners is not None and names != partners:
        raise fail(f"partner columns {names} differ from those of the first table {partners}", header + 1, 1)
    return title, header, names


def _period_rows(
    rows: list[list[Any]], header: int, width: int, fail: Callable[..., ParseError]
) -> tuple[list[str], list[int], list[list[Any]]]:
    """The rows of the Annual and Quarterly blocks below ``header``: periods, sheet row numbers, figures' cells."""
    periods: list[str] = []
    where: list[int] = []
    cells: list[list[Any]] = []  # the figures' cells, a row per period
    block = None
    for n in range(header + 1, len(rows)):
        row = rows[n]
        label = row[0] if row else ""
        text = _text(label)
        if text in ("Annual", "Quarterly"):
            block = text
            continue
        if block == "Annual" and isinstance(label, (int, float)) and not isinstance(label, bool):
            if not float(label).is_integer():
                raise fail(f"expected a year, found {label!r}", n + 1)
            period = str(int(label))
        elif block == "Annual" and re.fullmatch(r"\d{4}", text):
            period = text
        elif block == "Quarterly" and (match := _QUARTER.match(text)):
            period = f"{match.group(1)}Q{match.group(2)}"
        else:
            block = None  # a blank row, or the notes below the data
            continue
        if period in periods:
            raise fail(f"period {text!r} appears twice", n + 1)
        periods.append(period)
        where.append(n + 1)
        cells.append([row[c] if c < len(row) else "" for c in range(1, width + 1)])
    if not periods:
        raise fail("no annual or quarterly rows", header + 2)
    return periods, where, cells


def _figures(cells: list[list[Any]], *, measure: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The figures of rows of cells, in millions: values, ``(*)`` flags, and bad cells.

    ``n.a.`` is NaN; ``(*)`` (less than 500,000 dollars either way) is 0, on balances only; any other cell
    must be a number, non-negative unless it is a balance.
    """
    shape = (len(cells), len(cells[0]) if cells else 0)
    balance = measure == "balance"
    numbers, word = figures([str(c) for row in cells for c in row], ("n.a.", "(*)") if balance else ("n.a.",))
    missing, small = word == 0, word == 1
    bad = (word < 0) & ~(np.isfinite(numbers) & ((numbers >= 0) | balance))
    values = np.where(missing, math.nan, np.where(small, 0.0, numbers))
    return values.reshape(shape), small.reshape(shape), bad.reshape(shape)


def read_tables(path: str | Path) -> tuple[dict[tuple[str, str], Table], list[str]]:
    """Read the nine tables of the workbook: ``(scope, measure)`` -> table, and the partner column names.

    Raises:
        ParseError: a table is missing, appears twice or is not in the layout described above.
    """
    path = Path(path)
    sheets = _read_workbook(path)
    tables: dict[tuple[str, str], Table] = {}
    names: list[str] | None = None
    for sheet, rows in sheets.items():
        if not re.fullmatch(r"Table \d+", sheet):
            continue
        table, found = _table(path, sheet, rows, names)
        names = names or found
        key = (table.scope, table.measure)
        if key in tables:
            raise ParseError(path, f"sheet {sheet!r} holds {key} again (also in {tables[key].sheet!r})")
        tables[key] = table
    missing = [f"{s} {m}" for s, m in TITLES.values() if (s, m) not in tables]
    if missing or names is None:
        raise ParseError(path, f"no table of {', '.join(missing)}")
    return tables, names
