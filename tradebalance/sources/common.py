"""What every parser shares: reading a file with a typed error, and the tidy schema's constant columns.

* :func:`reading` / :func:`read_bytes`: an ``OSError`` while reading an official file (missing, a folder,
  no permission) becomes a :class:`~tradebalance.errors.ParseError` naming the file, the same way in every
  parser; :func:`read_sheet` reads a workbook's sheet (fastexcel: Rust, straight into Arrow), and
  :func:`figures` the numbers written in cells of text;
* :func:`add_constants`: the columns that hold one value per file (``reporter``, ``partner``, ``flow``,
  ``classification``, ``currency``, ``basis``, ``source``, ``quantity_unit`` …) and :func:`status_column`,
  ``confirmed`` before a year and ``provisional``/``preliminary`` from it on. Text columns are built as
  Arrow dictionary arrays of their few distinct values, the schema's ``string`` dtype, which is several
  times faster than converting each cell of a frame of hundreds of thousands of rows.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import fastexcel
import numpy as np
import pandas as pd
import pyarrow as pa

from tradebalance.errors import ParseError

#: fastexcel's name for a column without a header cell.
_UNNAMED = re.compile(r"__UNNAMED__\d+")
# fastexcel logs a warning for every column with no typed cell ("falling back to string"); a reader of an
# official file has no use for it on standard error, so it reaches only the handlers a user sets up.
logging.getLogger("fastexcel").addHandler(logging.NullHandler())


@contextmanager
def reading(path: str | Path, what: str = "file") -> Iterator[None]:
    """Turn an ``OSError`` raised inside the block into ``ParseError(path, "cannot read <what> (<reason>)")``.

    The reason is the system's message for the error number (``No such file or directory``), whichever library
    raised it (a Rust reader adds ``(os error 2)`` to its own), else the error's message.
    """
    try:
        yield
    except OSError as exc:
        raise ParseError(path, f"cannot read {what} ({_reason(exc)})") from exc


def _reason(exc: OSError) -> str:
    """The system's words for an ``OSError`` (the same whichever library raised it), else its message."""
    if exc.errno:
        return os.strerror(exc.errno)
    return exc.strerror or str(exc)


def read_bytes(path: str | Path) -> bytes:
    """Return the bytes of an official file; a file that cannot be read raises :class:`ParseError`."""
    with reading(path):
        return Path(path).read_bytes()


def read_sheet(path: str | Path, *, header: bool = True) -> pa.Table:
    """The first sheet of a workbook (``.xlsx``/``.xls``) as an Arrow table, read by fastexcel.

    With ``header`` the first row names the columns (a repeated name gets a suffix, ``B_1``; an empty header
    cell gives ``""``); without it every row is data and the columns are named ``""``. A column's type is read
    from all its cells: numbers only (empty cells missing) give ``double``, a mix of numbers and text gives
    ``string`` (a whole number written ``5880``). Empty rows inside the sheet are kept, so data row ``i`` is
    sheet row ``i + 2`` (``i + 1`` without ``header``) when the sheet starts in A1.

    Raises:
        ParseError: the file cannot be read, or is not a workbook.
    """
    return _load(path, True, header)[0][1]


def read_sheets(path: str | Path, *, header: bool = True) -> list[tuple[str, pa.Table]]:
    """Every sheet of a workbook, by name, as :func:`read_sheet` reads the first one."""
    return _load(path, False, header)


#: Within :func:`shared_reads`, the last workbook read, by the sha256 of its bytes; None outside.
_SHARED: dict[tuple[str, bool, bool], list[tuple[str, pa.Table]]] | None = None


@contextmanager
def shared_reads() -> Iterator[None]:
    """Within, a workbook read again (the same bytes) is not parsed again.

    For two resources taken from one file (BEA's annual and quarterly tables; an end-use download and its
    earlier years), built in one job.
    """
    global _SHARED
    _SHARED = {}
    try:
        yield
    finally:
        _SHARED = None


def _load(path: str | Path, first_only: bool, header: bool) -> list[tuple[str, pa.Table]]:
    raw = read_bytes(path)
    if _SHARED is None:
        return _read_workbook(raw, path, first_only, header)
    key = (hashlib.sha256(raw).hexdigest(), first_only, header)
    if key not in _SHARED:
        _SHARED.clear()  # one workbook at a time
        _SHARED[key] = _read_workbook(raw, path, first_only, header)
    return list(_SHARED[key])  # Arrow tables cannot be changed; the list is the caller's


def _read_workbook(raw: bytes, path: str | Path, first_only: bool, header: bool) -> list[tuple[str, pa.Table]]:
    try:
        book = fastexcel.read_excel(raw)
        names = book.sheet_names[:1] if first_only else book.sheet_names
        loaded = [
            (name, book.load_sheet(name, header_row=0 if header else None, schema_sample_rows=None)) for name in names
        ]
        tables = [(name, pa.table(sheet.to_arrow())) for name, sheet in loaded]
    except fastexcel.FastExcelError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ParseError(path, f"cannot read as an Excel workbook ({reason})") from exc
    if not tables:
        raise ParseError(path, "the workbook has no sheet")
    return [
        (name, t.rename_columns(["" if _UNNAMED.fullmatch(c) else c for c in t.column_names])) for name, t in tables
    ]


def figures(texts: list[str], words: tuple[str, ...] = ()) -> tuple[np.ndarray, np.ndarray]:
    """The numbers written in ``texts``, and which of ``words`` (``"-"``, ``"n.a."``) each text is.

    Spaces around a text and thousands separators (``,``) are dropped. Returns float64 numbers, NaN where a
    text is one of ``words`` or not a number as Python's ``float`` reads it, and for each text the index of
    the word it is (-1 for none). Read in Arrow; a block Arrow cannot read is read text by text.

    >>> numbers, word = figures([" 1,234 ", "-", "x"], ("-",))
    >>> numbers.tolist()[0], word.tolist()
    (1234.0, [-1, 0, -1])
    """
    import pyarrow.compute as pc

    text = pc.replace_substring(pc.utf8_trim_whitespace(pa.array(texts, pa.large_string())), ",", "")
    word = pc.index_in(text, pa.array(words, pa.large_string())).to_numpy(zero_copy_only=False)
    word = np.nan_to_num(word, nan=-1).astype(np.int64)
    try:
        numbers = pc.cast(pc.if_else(word >= 0, None, text), pa.float64()).to_numpy(zero_copy_only=False)
    except pa.ArrowInvalid:  # a text Arrow cannot read (Python's float may: "1_000"): each as float reads it
        numbers = np.array([math.nan if w >= 0 else _float(t) for t, w in zip(text.to_pylist(), word, strict=True)])
    return numbers, word


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return math.nan


def constant(value: str | None, n: int) -> pd.arrays.ArrowStringArray:
    """``n`` copies of ``value`` (``None``: missing) as the schema's ``string`` dtype.

    >>> constant("USA", 2).tolist()
    ['USA', 'USA']
    """
    if value is None:
        return pd.arrays.ArrowStringArray(pa.nulls(n, type=pa.large_string()))
    data = value.encode()
    offsets = np.arange(n + 1, dtype=np.int64) * len(data)
    array = pa.Array.from_buffers(pa.large_string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(data * n)])
    return pd.arrays.ArrowStringArray(array)


def text_column(values: pd.Series, mapping: dict[str, str] | None = None) -> pd.Series:
    """``values`` (mapped through ``mapping`` if given) as the schema's ``string`` dtype; missing stays missing.

    Built through a dictionary of the distinct values. A value ``mapping`` lacks becomes missing.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):  # already codes of its distinct values (-1: missing)
        codes, uniques = values.cat.codes.to_numpy(), values.cat.categories
    else:
        codes, uniques = pd.factorize(values)  # a missing value gets code -1
    texts = [str(u) if mapping is None else mapping.get(u) for u in uniques]
    return pd.Series(taken(texts, codes), index=values.index)


def taken(texts: list[str | None], indices: np.ndarray) -> pd.arrays.ArrowStringArray:
    """``texts[i]`` for each ``i`` of ``indices`` (``None``, or an index of -1: missing) as the schema's ``string`` dtype.

    Strings are held as ``large_string``, pandas' own type for them, so that pandas takes them without a copy.

    >>> taken(["a", None], np.array([1, 0, -1])).tolist()
    [<NA>, 'a', <NA>]
    """
    indices = np.asarray(indices, dtype=np.int32)
    dictionary = pa.array(texts, type=pa.large_string())
    array = pa.DictionaryArray.from_arrays(pa.array(indices, mask=indices < 0), dictionary)
    return pd.arrays.ArrowStringArray(array.cast(pa.large_string()))


def add_constants(frame: pd.DataFrame, **columns: str | None) -> pd.DataFrame:
    """Set each named column of ``frame`` to one value on every row (``None``: missing); return ``frame``.

    >>> add_constants(pd.DataFrame({"value": [1.0, 2.0]}), reporter="JPN", currency="JPY")["reporter"].tolist()
    ['JPN', 'JPN']
    """
    n = len(frame)
    for name, value in columns.items():
        frame[name] = constant(value, n)
    return frame


#: Periods a year holds, by frequency, for periods whose years start in January (their ordinals count from 1970).
_PER_YEAR = {"M": 12, "Q-DEC": 4, "Y-DEC": 1, "A-DEC": 1}


def period_years(periods: pd.PeriodIndex) -> np.ndarray:
    """The calendar year of each period, from the ordinals where a year starts in January.

    >>> period_years(pd.PeriodIndex(["1969-12", "2024-01"], freq="M")).tolist()
    [1969, 2024]
    """
    per_year = _PER_YEAR.get(periods.freqstr)
    if per_year is None:
        return np.asarray(periods.year)
    return 1970 + periods.asi8 // per_year


def status_column(periods: pd.PeriodIndex, first: int | None, word: str) -> pd.arrays.ArrowStringArray:
    """``word`` (``provisional``, ``preliminary``) for the periods in years ``>= first``, ``confirmed`` before.

    ``first`` ``None``: every year is confirmed.
    """
    years = period_years(periods)
    later = np.zeros(len(years), dtype=bool) if first is None else years >= first
    indices = pa.array(np.asarray(later, dtype=np.int8))
    array = pa.DictionaryArray.from_arrays(indices, pa.array(["confirmed", word])).cast(pa.large_string())
    return pd.arrays.ArrowStringArray(array)


def read_reference(path: Path, columns: tuple[str, ...], what: str) -> pd.DataFrame:
    """One of the package's reference tables (``data/reference/``) as text, its columns checked.

    Raises:
        ParseError: the table cannot be read, or its columns are not ``columns``.
    """
    with reading(path, what):
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    if tuple(table.columns) != columns:
        raise ParseError(path, f"expected columns {list(columns)}, found {list(table.columns)}", row=1)
    return table


def tidy_ordinals(
    records: pd.DataFrame, freq: str, path: Path, provisional_from: int | None, **constants: str | None
) -> pd.DataFrame:
    """Value rows keyed by period ordinal (``ordinal``) as the tidy schema, for sources without quantities.

    ``records`` holds ``ordinal``, ``flow``, ``code``, ``label``, ``parent``, ``value`` (and ``partner`` unless a
    constant gives it); years from ``provisional_from`` on are preliminary (:func:`status_column`).
    """
    from tradebalance.schema import validate

    keys = [c for c in ("partner", "flow", "code") if c in records.columns]
    frame = records.sort_values([*keys, "ordinal"], kind="stable", ignore_index=True)
    periods = pd.PeriodIndex.from_ordinals(frame.pop("ordinal").to_numpy(dtype=np.int64), freq=freq)
    for column in (*keys, "label", "parent"):
        frame[column] = text_column(frame[column])
    frame["period"] = periods
    add_constants(frame, quantity_unit=None, **constants)
    frame["quantity"] = np.nan
    frame["status"] = status_column(periods, provisional_from, "preliminary")
    return validate(frame, str(path))
