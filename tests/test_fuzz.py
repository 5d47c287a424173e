"""Fuzzing the parsers: whatever the bytes, a parser returns a frame or raises a TradebalanceError.

Each parser is fed random bytes, and valid files in its official layout damaged the way downloads go wrong:
cells replaced (huge, negative, non-finite, empty, text), rows dropped, cut short, duplicated or swapped,
header rows shuffled, and the text cut at a random byte. Anything else escaping a parser (a ``KeyError``
from pandas, an ``IndexError``, a bare ``ValueError``) fails the test with the input that caused it.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from tests.builders import (
    COUNTRY_ROWS,
    DATAWEB_ROWS,
    DEXJPUS,
    ENDUSE_HEADER,
    ENDUSE_ROWS,
    HEADER,
    MOF_MONTHS,
    dataweb_text,
    mof_text,
)
from tradebalance.errors import TradebalanceError
from tradebalance.sources import census, census_enduse, dataweb, fred, mof

FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: Inputs that made ``csv.reader`` raise its own ``_csv.Error`` inside the parsers: a carriage return without a
#: line feed (old Mac line endings, or a stray CR in a line) and a field longer than csv's limit of 131,072.
CR_ONLY = b"DATE,DEXJPUS\r2017-01-03,117.68\r"
STRAY_CR = b"a\rb,c\n"
LONG_FIELD = b"x" * 200_000

#: Cell contents that have broken parsers before, or might: numbers too big for a float, negatives,
#: non-finite and malformed numbers, dates and months out of range, quotes, separators, control characters.
NASTY = st.sampled_from(
    ["0", "-1", "-0.0", "1e309", "9" * 400, "-" + "9" * 400, "1e-400", "nan", "NaN", "inf", "-inf", "1,000", "1e5"]
    + ["", " ", "-", ".", "'0'", "'0'〜'9'", "(千円)", "金額", "数量", "Total:", "World, Not Seasonally Adjusted"]
    + ["2017/13", "0000/00", "99999/01", "2017-02-30", "0x10", "1_000", "\x00", '"', "\n"]
)
CELL = st.one_of(
    NASTY,
    st.text(max_size=6),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats().map(repr),
)


#: Kinds of damage (a cell thrice, so that it is the likeliest).
ACTIONS = ["cell", "cell", "cell", "drop", "cut", "duplicate", "swap", "shuffle-header", "widen"]


@st.composite
def damaged(draw: st.DrawFn, rows: list[list[str]], header_rows: int, cell: st.SearchStrategy = CELL) -> list[list]:
    """``rows`` with one to four kinds of damage applied."""
    rows = [list(r) for r in rows]
    for _ in range(draw(st.integers(1, 4))):
        if not rows:
            break
        i = draw(st.integers(0, len(rows) - 1))
        action = draw(st.sampled_from(ACTIONS))
        if action == "cell" and rows[i]:
            rows[i][draw(st.integers(0, len(rows[i]) - 1))] = draw(cell)
        elif action == "drop":
            del rows[i]
        elif action == "cut":
            rows[i] = rows[i][: draw(st.integers(0, len(rows[i])))]
        elif action == "duplicate":
            rows.insert(i, list(rows[i]))
        elif action == "swap":
            j = draw(st.integers(0, len(rows) - 1))
            rows[i], rows[j] = rows[j], rows[i]
        elif action == "shuffle-header":
            rows[:header_rows] = draw(st.permutations(rows[:header_rows]))
        elif action == "widen":
            rows[i] = [*rows[i], draw(cell)]
    return rows


def csv_bytes(rows: list[list], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def parses_or_refuses(parse: Callable[[], object]) -> None:
    """Run ``parse``; a TradebalanceError is a fine answer to bad input, any other exception is a bug."""
    try:
        parse()
    except TradebalanceError:
        pass


def in_file(name: str, blob: bytes, parse: Callable[[Path], object]) -> None:
    """Write ``blob`` to a file called ``name`` and parse it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(blob)
        parses_or_refuses(lambda: parse(path))


# ------------------------------------------------------------------------------------------------------- MOF

MOF_ROWS = rows_of(mof_text(MOF_MONTHS))


@FUZZ
@given(raw=st.binary(max_size=2000))
@example(raw=STRAY_CR)
@example(raw=LONG_FIELD)
def test_mof_random_bytes(raw: bytes) -> None:
    parses_or_refuses(lambda: mof.parse_bytes(raw, "fuzz.csv", provisional_from=2025))


@FUZZ
@given(
    rows=damaged(MOF_ROWS, header_rows=7),
    encoding=st.sampled_from(["utf-8", "shift_jis", "cp932"]),
    cut=st.integers(0, 64),
)
def test_mof_damaged_files(rows: list[list[str]], encoding: str, cut: int) -> None:
    raw = csv_bytes(rows, encoding)
    for blob in (raw, raw[: len(raw) - cut]):
        parses_or_refuses(lambda blob=blob: mof.parse_bytes(blob, "d52ma001.csv", provisional_from=2025))


# ---------------------------------------------------------------------------------------------------- Census

#: What a worksheet cell can hold (openpyxl refuses control characters, so they are left out).
XLSX_CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=False, allow_infinity=False),
    st.one_of(st.text(max_size=6), NASTY).filter(lambda text: not ILLEGAL_CHARACTERS_RE.search(text)),
)


def xlsx_bytes(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


COUNTRY_XLSX = xlsx_bytes([HEADER, *COUNTRY_ROWS])


@FUZZ
@given(raw=st.one_of(st.binary(max_size=2000), st.integers(0, len(COUNTRY_XLSX) - 1).map(lambda n: COUNTRY_XLSX[:n])))
def test_census_country_random_or_truncated_bytes(raw: bytes) -> None:
    in_file("country.xlsx", raw, lambda path: census.parse_country(path, provisional_from=2024))


@settings(FUZZ, max_examples=30)
@given(rows=damaged([HEADER, *COUNTRY_ROWS], header_rows=1, cell=XLSX_CELL))
def test_census_country_damaged_workbooks(rows: list[list]) -> None:
    in_file("country.xlsx", xlsx_bytes(rows), lambda path: census.parse_country(path, provisional_from=2024))


ENDUSE = rows_of(ENDUSE_HEADER + "\n".join(ENDUSE_ROWS) + "\n")


@FUZZ
@given(rows=damaged(ENDUSE, header_rows=1), raw=st.binary(max_size=500), cut=st.integers(0, 64))
def test_census_enduse_damaged_files(rows: list[list[str]], raw: bytes, cut: int) -> None:
    blob = csv_bytes(rows)
    for data in (blob, blob[: len(blob) - cut], raw):
        in_file("enduse_exports.csv", data, lambda path: census_enduse.parse_enduse(path, provisional_from=2022))


DATAWEB = rows_of(dataweb_text(DATAWEB_ROWS))


@FUZZ
@given(rows=damaged(DATAWEB, header_rows=3), raw=st.binary(max_size=500), cut=st.integers(0, 64))
@example(rows=DATAWEB, raw=STRAY_CR, cut=0)
@example(rows=DATAWEB, raw=LONG_FIELD, cut=0)
def test_census_dataweb_damaged_files(rows: list[list[str]], raw: bytes, cut: int) -> None:
    blob = csv_bytes(rows)
    for data in (blob, blob[: len(blob) - cut], raw):
        in_file("DataWeb-Query-Export__FAS_Value.csv", data, dataweb.parse_dataweb)


# ------------------------------------------------------------------------------------------------------ FRED

FRED_ROWS = rows_of(DEXJPUS)


@FUZZ
@given(raw=st.binary(max_size=2000))
@example(raw=CR_ONLY)
@example(raw=LONG_FIELD)
def test_fred_random_bytes(raw: bytes) -> None:
    parses_or_refuses(lambda: fred.parse_bytes(raw, "fuzz.csv"))


@FUZZ
@given(rows=damaged(FRED_ROWS, header_rows=1), cut=st.integers(0, 32))
def test_fred_damaged_files(rows: list[list[str]], cut: int) -> None:
    raw = csv_bytes(rows)
    for blob in (raw, raw[: len(raw) - cut]):
        parses_or_refuses(lambda blob=blob: fred.parse_bytes(blob, "DEXJPUS.csv"))
