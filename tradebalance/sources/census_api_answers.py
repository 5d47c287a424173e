"""An answer of the U.S. Census Bureau International Trade API read into the tidy schema.

:mod:`.census_api` asks; this module reads what comes back, with no network. The API answers a JSON array of
arrays whose first row holds the variable names (:data:`VARIABLES`: value, commodity code and description
per flow and dataset); every row is checked (one partner, a month, a commodity level, a value in dollars) and
becomes a row with the U.S. side's reporter, currency and valuation (:mod:`.census_tables`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from tradebalance.errors import DataNotFoundError, ParseError, RefreshError
from tradebalance.schema import validate
from tradebalance.sources import http
from tradebalance.sources.census_tables import BASIS, CURRENCY, REPORTER
from tradebalance.sources.common import add_constants, status_column

#: Flow -> the API's endpoint for it.
FLOWS = {"export": "exports", "import": "imports"}
#: Dataset -> value of the ``classification`` column.
CLASSIFICATIONS = {"enduse": "census-enduse", "hs": "hs"}
#: Commodity aggregation level (``COMM_LVL``) -> ``level`` column, per dataset; the first is the default.
LEVELS: dict[str, dict[str, int]] = {
    "enduse": {"EU1": 1, "EU5": 2},
    "hs": {"HS2": 1, "HS4": 2, "HS6": 3, "HS10": 4},
}
#: Length of the parent's code, per dataset and level (level 1 rows have no parent).
_PARENT_LENGTH = {("enduse", 2): 1, ("hs", 2): 2, ("hs", 3): 4, ("hs", 4): 6}
#: Code of the all-commodities total, if the API sends one; it becomes a level-0 row.
TOTAL_CODES = frozenset({"-", ""})
#: A month as the API writes it (``2017-01``).
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Variables:
    """The names of an endpoint's value, commodity code and description variables."""

    value: str
    code: str
    label: str


VARIABLES: dict[tuple[str, str], Variables] = {
    ("export", "enduse"): Variables("ALL_VAL_MO", "E_ENDUSE", "E_ENDUSE_LDESC"),
    ("import", "enduse"): Variables("GEN_VAL_MO", "I_ENDUSE", "I_ENDUSE_LDESC"),
    ("export", "hs"): Variables("ALL_VAL_MO", "E_COMMODITY", "E_COMMODITY_LDESC"),
    ("import", "hs"): Variables("GEN_VAL_MO", "I_COMMODITY", "I_COMMODITY_LDESC"),
}


def parse_response(
    text: str,
    url: str,
    *,
    flow: str,
    classification: str,
    partner: str | int = "5880",
    partner_iso: str = "JPN",
    preliminary_from: int,
    key: str | None = None,
) -> pd.DataFrame:
    """Parse one API answer (JSON array of arrays, header first) into the tidy schema.

    ``url`` (without the key) names the answer in messages; ``key``, if given, is scrubbed from any text
    quoted from the answer. Rows identical to the header are skipped and counted in
    ``attrs["duplicate_headers"]``; every other row must be complete and valid.

    Raises:
        ParseError: malformed JSON, wrong shape, missing column, another partner, a bad month, value or
            commodity level, or a month and code listed twice.
        RefreshError: the answer is the API's HTML page about a missing or invalid key.
        DataNotFoundError: the answer has a header but no rows.
    """
    variables = variables_of(flow, classification)
    data = _load(text, url, key)
    header = data[0]
    index = _columns(header, url, [variables.code, variables.label, variables.value, "CTY_CODE", "COMM_LVL", "time"])
    row_reader = _Rows(url, header, index, variables, classification, country_code(partner))
    records = []
    seen: dict[tuple[str, str], int] = {}
    duplicate_headers = 0
    for number, row in enumerate(data[1:], start=2):
        if row == header:
            duplicate_headers += 1
            continue
        record = row_reader.read(row, number)
        month, code = record[0], record[1]
        if (month, code) in seen:
            raise ParseError(
                url, f"month {month} and code {code!r} appear twice (first in row {seen[(month, code)]})", row=number
            )
        seen[(month, code)] = number
        records.append(record)
    if not records:
        raise DataNotFoundError(f"{url}: the answer has a header but no data rows")
    frame = pd.DataFrame.from_records(records, columns=["period", "code", "label", "level", "parent", "value"])
    periods = pd.PeriodIndex(frame["period"], freq="M")
    frame["period"] = periods
    add_constants(
        frame,
        reporter=REPORTER,
        partner=partner_iso,
        flow=flow,
        classification=CLASSIFICATIONS[classification],
        currency=CURRENCY,
        quantity_unit=None,
        basis=BASIS[flow],
        source=f"census-api-{flow}-{classification}",
    )
    frame["quantity"] = float("nan")
    frame["status"] = status_column(periods, preliminary_from, "preliminary")
    out = validate(frame, url)
    out.attrs["duplicate_headers"] = duplicate_headers
    return out


def _load(text: str, url: str, key: str | None) -> list[list[Any]]:
    """Decode an answer: a JSON array of arrays whose first row holds the variable names."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        snippet = http.snippet(text, key)
        if text.lstrip().startswith("<") and "key" in text.lower():
            raise RefreshError(f"{url}: the Census API answered with a page about the API key: {snippet}") from None
        problem = f"malformed JSON ({exc.msg} at line {exc.lineno} column {exc.colno}): {snippet}"
        raise ParseError(url, problem) from None
    if not isinstance(data, list) or not data or not all(isinstance(r, list) for r in data):
        raise ParseError(url, "expected a JSON array of arrays with a header row first", row=1)
    if not all(isinstance(h, str) for h in data[0]):
        raise ParseError(url, f"header row must hold variable names, found {data[0]!r}", row=1)
    return data


@dataclass(frozen=True)
class _Rows:
    """Reads the data rows of one answer into ``(month, code, label, level, parent, value)`` records."""

    url: str
    header: list[str]
    index: dict[str, list[int]]
    variables: Variables
    classification: str
    partner: str

    def read(self, row: list[object], number: int) -> tuple[str, str, str, int, str | None, float]:
        """Check row ``number`` (1-based, the header is row 1) and return its record."""
        url, variables = self.url, self.variables
        if len(row) != len(self.header):
            raise ParseError(url, f"row has {len(row)} fields, header has {len(self.header)}", row=number)
        get = _getter(row, self.header, self.index, url, number)
        if get("CTY_CODE") != self.partner:
            problem = f"expected partner {self.partner}, found {get('CTY_CODE')!r}"
            raise ParseError(url, problem, row=number, column="CTY_CODE")
        month = get("time")
        if not isinstance(month, str) or not MONTH.match(month):
            raise ParseError(url, f"expected a month like '2017-01', found {month!r}", row=number, column="time")
        code = get(variables.code)
        if not isinstance(code, str):
            raise ParseError(url, f"expected a commodity code, found {code!r}", row=number, column=variables.code)
        label = get(variables.label)
        if not isinstance(label, str) or not label.strip():
            raise ParseError(url, f"expected a description, found {label!r}", row=number, column=variables.label)
        code, level, parent = self._level(code, get("COMM_LVL"), number)
        value = _dollars(get(variables.value), url, number, variables.value)
        return month, code, label.strip(), level, parent, value

    def _level(self, code: str, comm_lvl: object, number: int) -> tuple[str, int, str | None]:
        """Code, level and parent code: the all-commodities total is level 0; others follow ``COMM_LVL``."""
        if code in TOTAL_CODES:
            return "-", 0, None
        levels = LEVELS[self.classification]
        if comm_lvl not in levels:
            raise ParseError(
                self.url,
                f"unknown commodity level {comm_lvl!r}; expected one of {', '.join(levels)}",
                row=number,
                column="COMM_LVL",
            )
        level = levels[comm_lvl]
        return code, level, code[: _PARENT_LENGTH[(self.classification, level)]] if level > 1 else None


def variables_of(flow: str, classification: str) -> Variables:
    """The variables of a flow's endpoint for a dataset (``"enduse"``, ``"hs"``); unknown ones are a ValueError."""
    if flow not in FLOWS:
        raise ValueError(f"flow {flow!r} must be one of {', '.join(FLOWS)}")
    if classification not in CLASSIFICATIONS:
        raise ValueError(f"classification {classification!r} must be one of {', '.join(CLASSIFICATIONS)}")
    return VARIABLES[(flow, classification)]


def country_code(code: str | int) -> str:
    """A Census country code as its 4 digits (``5880`` Japan); anything else is a ValueError."""
    text = str(code).strip()
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(f"Census country code {code!r} must be 4 digits, e.g. 5880 for Japan")
    return text


def _columns(header: list[str], url: str, needed: Iterable[str]) -> dict[str, list[int]]:
    """Map names to positions in the header (the API may repeat a predicate variable); check ``needed``."""
    index: dict[str, list[int]] = {}
    for i, name in enumerate(header):
        index.setdefault(name, []).append(i)
    absent = [n for n in needed if n not in index]
    if absent:
        raise ParseError(url, f"header lacks {', '.join(absent)}; found {', '.join(header)}", row=1)
    return index


def _getter(
    row: list[object], header: list[str], index: dict[str, list[int]], url: str, number: int
) -> Callable[[str], object]:
    """Return a look-up of variables in ``row``; a variable that appears twice must hold the same value."""

    def get(name: str) -> object:
        values = {json.dumps(row[i]) for i in index[name]}
        if len(values) > 1:
            raise ParseError(url, f"column {name} appears twice with different values {sorted(values)}", row=number)
        return row[index[name][0]]

    return get


def _dollars(value: object, url: str, row: int, column: str) -> float:
    """Read a value in dollars (the API sends integers as strings)."""
    if isinstance(value, bool) or value is None:
        raise ParseError(url, f"expected a value in dollars, found {value!r}", row=row, column=column)
    text = str(value).strip()
    if not re.fullmatch(r"\d+(?:\.\d+)?", text):
        raise ParseError(url, f"expected a non-negative value in dollars, found {value!r}", row=row, column=column)
    return float(text)
