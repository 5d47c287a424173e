"""Parser for Japan Ministry of Finance customs time-series CSVs (``d51ma``, ``d52ma00N``, ``d61ma``, ``d62ma00N``).

MOF's files are Japan's side of every claim, monthly since 1988 by principal commodity. Their legend tells "no
figure" (``-``) from a figure that rounds to zero (``0``), and their items nest (乗用車 ⊂ 自動車 ⊂ ８．輸送用機器), so
this parser keeps that difference and records each item's ``level`` and ``parent``: analyses never read a missing
figure as 0 or add a child to its parent. The file layout, the legend and the partner table:
``docs/user-guide/loading.md`` ("MOF customs time series").
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from tradebalance.errors import ParseError
from tradebalance.schema import validate
from tradebalance.sources import mof_partners
from tradebalance.sources.common import add_constants, figures, read_bytes, status_column, taken

FLOWS = {"輸出": "export", "輸入": "import"}
BASIS = {"export": "FOB", "import": "CIF"}
CLASSIFICATION = "mof-principal"
ENCODINGS = ("utf-8-sig", "cp932")
_SECTION = re.compile(r"^[１-９1-9][．.]")
_MONTH = re.compile(r"^(\d{4})/(\d{2})$")
_UNIT = re.compile(r"^\((?:単位：?)?(.*)\)$")
#: What a figure's cell holds when there is no figure: ``-`` (MOF's 該当数値なし) or nothing at all.
NIL = ("", "-")
#: The value unit the parser expects in row 7 for every value column, and its factor to yen.
VALUE_UNIT, VALUE_FACTOR = "(千円)", 1000.0


@dataclass(frozen=True)
class _Item:
    """One commodity item: where its columns are and where it sits in the hierarchy."""

    code: str
    label: str
    level: int
    parent: str | None
    value_col: int
    quantity_col: int | None
    quantity_unit: str | None


def decode(raw: bytes, path: str | Path) -> str:
    """Decode a MOF file, which the site serves in Shift_JIS and copies may hold in UTF-8.

    Python's cp932 codec turns the wave dash of ``'0'〜'9'`` into a fullwidth tilde; it is mapped back
    so that both encodings give the same codes.
    """
    for encoding in ENCODINGS:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text.replace("\uff5e", "\u301c") if encoding == "cp932" else text
    raise ParseError(path, f"unknown text encoding; expected one of {', '.join(ENCODINGS)}")


def parse(path: str | Path, *, provisional_from: int, source: str | None = None) -> pd.DataFrame:
    """Parse one MOF time-series CSV into the tidy schema.

    Args:
        path: the CSV file.
        provisional_from: first calendar year whose figures are provisional (later years too).
        source: dataset id for the ``source`` column; defaults to ``mof-<file stem>``.

    Returns:
        One row per month and commodity item, values in yen, quantities with their unit.

    Raises:
        ParseError: the file is not in the expected layout; the message names the row and column.
    """
    path = Path(path)
    return parse_bytes(read_bytes(path), path, provisional_from=provisional_from, source=source)


def parse_bytes(raw: bytes, path: str | Path, *, provisional_from: int, source: str | None = None) -> pd.DataFrame:
    """Parse the bytes of a MOF CSV; ``path`` is used only for messages and the default source id."""
    path = Path(path)
    try:
        rows = list(csv.reader(io.StringIO(decode(raw, path), newline="")))
    except csv.Error as exc:
        raise ParseError(path, f"not a CSV file ({exc})") from None
    if len(rows) < 8:
        raise ParseError(path, f"expected 7 header rows and data, found {len(rows)} rows")
    partner, flow = _title(rows, path)
    items = _items(rows, path)
    ordinals, item, values, quantities = _records(rows, items, path)
    frame = pd.DataFrame({"period": ordinals, "value": values, "quantity": quantities})
    for column in ("code", "label", "parent", "quantity_unit"):
        frame[column] = taken([getattr(i, column) for i in items], item)
    frame["level"] = np.array([i.level for i in items], dtype=np.int64)[item]
    periods = pd.PeriodIndex.from_ordinals(frame["period"].to_numpy(), freq="M")
    frame["period"] = periods
    frame["partner"] = mof_partners.partner_column(partner, ordinals)
    add_constants(
        frame,
        reporter="JPN",
        flow=flow,
        classification=CLASSIFICATION,
        currency="JPY",
        basis=BASIS[flow],
        source=source or f"mof-{path.stem}",
    )
    frame["status"] = status_column(periods, provisional_from, "provisional")
    return validate(frame, str(path))


def _title(rows: list[list[str]], path: Path) -> tuple[tuple[mof_partners.Partner, ...], str]:
    """Partners (by period) and flow from the Japanese title in row 1."""
    title = rows[0][0] if rows[0] else ""
    match = re.search(r"《(.+?)》.*（(輸出|輸入)）", title)
    if not match:
        raise ParseError(
            path, f"title {title!r} is not a MOF time-series title like '《米国》 【月別】 （輸出）'", row=1
        )
    name, kind = match.groups()
    partners = mof_partners.partner_table()
    if name not in partners:
        raise ParseError(
            path,
            f"unknown partner {name!r} in title; known: {', '.join(partners)} (data/reference/mof_partners.csv)",
            row=1,
        )
    return partners[name], FLOWS[kind]


def _cell(rows: list[list[str]], r: int, c: int) -> str:
    row = rows[r]
    return row[c].strip() if c < len(row) else ""


def _items(rows: list[list[str]], path: Path) -> list[_Item]:
    """Read header rows 3–7 into items, with their level and parent code."""
    _check_row_names(rows, path)
    width = len(rows[4])
    code_cols = [c for c in range(1, width) if _cell(rows, 4, c)]
    if not code_cols:
        raise ParseError(path, "no commodity codes in the code row", row=5)
    items: list[_Item] = []
    section: list[_Item] = []  # items seen in the current top-level section, for parent look-up
    for n, (col, end) in enumerate(zip(code_cols, [*code_cols[1:], width], strict=True)):
        code = _cell(rows, 4, col).replace("'", "")
        if any(i.code == code for i in items):
            raise ParseError(path, f"commodity code {code!r} appears twice", row=5, column=col + 1)
        value_col, quantity_col, unit = _item_columns(rows, col, end, code, path)
        label, level, parent = _place(rows, col, code, items[0] if n else None, section, path)
        item = _Item(code, label, level, parent, value_col, quantity_col, unit)
        items.append(item)
        if level == 1:
            section = [item]
        elif level > 1:
            section.append(item)
    return items


def _check_row_names(rows: list[list[str]], path: Path) -> None:
    """Check the names of header rows 3–5 in the first column."""
    for r, expected in ((2, "報道発表品目名"), (3, "概況品名"), (4, "概況品コード")):
        if _cell(rows, r, 0) != expected:
            raise ParseError(path, f"expected {expected!r}, found {_cell(rows, r, 0)!r}", row=r + 1, column=1)


def _item_columns(
    rows: list[list[str]], start: int, end: int, code: str, path: Path
) -> tuple[int, int | None, str | None]:
    """The value column, quantity column and quantity unit of the item whose columns are ``start``…``end - 1``."""
    value_col = quantity_col = None
    for c in range(start, end):
        kind = _cell(rows, 5, c)
        if kind == "金額":
            value_col = c
        elif kind == "数量":
            quantity_col = c
        elif kind:
            raise ParseError(path, f"expected '金額' or '数量', found {kind!r}", row=6, column=c + 1)
    if value_col is None:
        raise ParseError(path, f"item {code!r} has no value (金額) column", row=6, column=start + 1)
    if _cell(rows, 6, value_col) != VALUE_UNIT:
        raise ParseError(
            path,
            f"value unit {_cell(rows, 6, value_col)!r}, expected {VALUE_UNIT!r} (thousand yen)",
            row=7,
            column=value_col + 1,
        )
    unit = None
    if quantity_col is not None:
        unit_match = _UNIT.match(_cell(rows, 6, quantity_col))
        unit = (unit_match.group(1) if unit_match else "") or None
    return value_col, quantity_col, unit


def _place(
    rows: list[list[str]], col: int, code: str, total: _Item | None, section: list[_Item], path: Path
) -> tuple[str, int, str | None]:
    """Label, level and parent code of the item in column ``col``.

    The first item (no ``total`` yet) is the total, level 0; an item whose press-release name is numbered
    (``８．輸送用機器``) is a top-level section under the total; any other item sits under the item of
    the current ``section`` whose code is the longest prefix of its own.
    """
    if total is None:
        return _cell(rows, 3, col) or _cell(rows, 2, col), 0, None
    if _SECTION.match(_cell(rows, 2, col)):
        return _cell(rows, 2, col), 1, total.code
    owner = _parent(code, section)
    if owner is None:
        raise ParseError(path, f"item {code!r} comes before any top-level section", row=5, column=col + 1)
    return _cell(rows, 3, col) or _cell(rows, 2, col), owner.level + 1, owner.code


def _components(code: str) -> list[str]:
    return code.split("+")


def _parent(code: str, section: list[_Item]) -> _Item | None:
    """The item in ``section`` whose code (or a component of it) is the longest prefix of ``code``."""
    head = _components(code)[0]
    best: tuple[int, _Item] | None = None
    for item in section:
        for comp in _components(item.code):
            if head != item.code and head.startswith(comp) and (best is None or len(comp) >= best[0]):
                best = (len(comp), item)
    return best[1] if best else None


def _number(text: str, path: Path, row: int, col: int) -> float | None:
    """A figure: ``-`` or blank is nil (``None``), otherwise a non-negative number."""
    text = text.strip().replace(",", "")
    if text in NIL:
        return None
    try:
        number = float(text)
    except ValueError:
        raise ParseError(path, f"expected a number or '-', found {text!r}", row=row, column=col) from None
    if not math.isfinite(number) or number < 0:
        raise ParseError(path, f"expected a non-negative number, found {text!r}", row=row, column=col)
    return number


def _figures(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The figures of a block of cells (rows × columns of text), and which cells are bad.

    A figure is NaN where the cell is nil (``-`` or blank) or bad (not a non-negative number, as :func:`_number`
    reads it).
    """
    numbers, word = figures(cells.ravel().tolist(), NIL)
    numbers, nil = numbers.reshape(cells.shape), word.reshape(cells.shape) >= 0
    bad = ~nil & ~(numbers >= 0) | np.isinf(numbers)  # NaN compares False: not a number
    return np.where(bad, np.nan, numbers), bad


def _first_bad(cells: np.ndarray, bad: np.ndarray, lines: np.ndarray, columns: np.ndarray, path: Path) -> None:
    """Raise :func:`_number`'s error for the first bad cell in row order (``bad``), if any."""
    if bad.any():
        i, j = (int(k[0]) for k in np.nonzero(bad))
        _number(cells[i, j], path, int(lines[i]), int(columns[j]) + 1)


def _records(rows: list[list[str]], items: list[_Item], path: Path) -> tuple[np.ndarray, ...]:
    """The figures MOF publishes: period ordinal, item index, value (yen) and quantity, one per record.

    MOF writes ``-`` where it has no figure (該当数値なし) and ``0`` where a figure rounds to less than the unit.
    A month whose total is ``-`` is not yet published and is dropped (its other cells are not read). An item
    whose value is ``-`` has no record that month, before the item was first compiled and after alike (ships
    exported to the USA, ``7051301``, have a figure in 20 of 450 months): no figure is not a published zero,
    and sums skip it as they would a zero. No value in the 18 files is ``0``: the smallest is 201 thousand
    yen, as MOF does not count consignments of ¥200,000 or less. Records come month by month, items in
    column order.

    A quantity is zero only where MOF prints ``0``: where a small trade rounds to nothing, beside its value
    (e.g. iron ore from the USA, ``21501``, 1989/09: 271 thousand yen, ``0`` MT). A ``-`` or blank quantity
    beside a published value is a quantity MOF does not publish, and is missing (``NaN``), not zero. In the
    four files that is whole eras of an item, never a scattered month: e.g. batteries (export ``70319``,
    ``KG``) have a quantity for 1988–1995 only, parts of motor vehicles (export ``70505``) and fruit and
    vegetables (import ``01101``/``01103``) from 1998 on, heavy electrical machinery (import ``70301``)
    never. A quantity counts only beside a published value: beside a ``-`` it would have no record to go in
    (the 18 files have none there).
    """
    width = len(rows[4])
    lines: list[int] = []
    ordinals: list[int] = []
    block: list[list[str]] = []
    for r in range(7, len(rows)):
        row = rows[r]
        if not row or not any(cell.strip() for cell in row):
            continue
        month = _MONTH.match(row[0].strip())
        if not month:
            raise ParseError(path, f"expected a month like '2017/01', found {row[0]!r}", row=r + 1, column=1)
        if len(row) < width:
            raise ParseError(path, f"row has {len(row)} columns, header has {width}", row=r + 1)
        lines.append(r + 1)
        ordinals.append((int(month.group(1)) - 1970) * 12 + int(month.group(2)) - 1)  # monthly Period ordinal
        block.append(row[:width])
    cells = np.array(block, dtype=object).reshape(len(block), width)
    line = np.array(lines)
    total = np.array([items[0].value_col])
    figures, bad = _figures(cells[:, total])
    _first_bad(cells[:, total], bad, line, total, path)
    published = ~np.isnan(figures[:, 0])
    cells, line = cells[published], line[published]
    # Each item's value, then its quantity (if it has one with a unit): read at once, checked as they count.
    counted = [i for i in items if i.quantity_col is not None and i.quantity_unit]
    columns = np.array([c for i in items for c in ((i.value_col, i.quantity_col) if i in counted else (i.value_col,))])
    figures, bad = _figures(cells[:, columns])
    value_at = np.array([n for n, c in enumerate(columns) if c in {i.value_col for i in items}])
    values = figures[:, value_at]
    compiled = ~np.isnan(values)  # a value published: a record (bad cells are NaN too, and raise below)
    checked = bad.copy()
    quantities = np.full(values.shape, np.nan)
    for n, item in enumerate(items):  # a quantity counts only beside a published value, in its record
        if item in counted:
            q = value_at[n] + 1
            checked[:, q] &= compiled[:, n]
            quantities[:, n] = figures[:, q]
    _first_bad(cells[:, columns], checked, line, columns, path)
    month_of, item_of = np.nonzero(compiled)
    if not len(month_of):
        raise ParseError(path, "no published month found")
    ordinal = np.array(ordinals, dtype=np.int64)[published][month_of]
    return ordinal, item_of, values[month_of, item_of] * VALUE_FACTOR, quantities[month_of, item_of]
