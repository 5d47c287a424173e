"""An answer of the U.S. Census Bureau International Trade API read into the tidy schema.

:mod:`.census_api` asks; this module reads what comes back, with no network. The API answers a JSON array of
arrays whose first row holds the variable names (:data:`VARIABLES`: value, commodity code and description
per flow and dataset); every row is checked (one partner, a month, a commodity level, a code of that level's
digits, a description, a value in dollars) and becomes a row with the U.S. side's reporter, currency and
valuation (:mod:`.census_tables`).

The API key must not leak through an answer that echoes the request: a field quoted in a message is redacted
(:func:`tradebalance.sources.http.redact`) before it is shortened (:func:`quoted`), and only checked fields
reach the frame, so a code that is not digits or a description holding a URL or the key refuses the answer.
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
#: Digits of a commodity code, per dataset and level: end use 1 (``EU1``) or 5 (``EU5``), HS 2, 4, 6 or 10.
CODE_DIGITS = {("enduse", 1): 1, ("enduse", 2): 5, ("hs", 1): 2, ("hs", 2): 4, ("hs", 3): 6, ("hs", 4): 10}
#: Code of the all-commodities total, if the API sends one; it becomes a level-0 row.
TOTAL_CODES = frozenset({"-", ""})
#: A month as the API writes it (``2017-01``).
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
#: What does not belong in a commodity description: a URL (an answer echoing the request).
_URL = re.compile(r"[a-z][a-z0-9+.-]*://|\bwww\.", re.IGNORECASE)
#: Longest quotation of a server's field in a message (after redaction).
QUOTE_LIMIT = 80


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

    ``url`` (without the key) names the answer in messages; ``key`` (and ``$CENSUS_API_KEY``) is scrubbed
    from any text quoted from the answer, before it is shortened. Rows identical to the header are skipped and
    counted in ``attrs["duplicate_headers"]``; every other row must be complete and valid.

    Raises:
        ParseError: malformed JSON, wrong shape, missing column, another partner, a bad month, value,
            commodity level or code (not its level's digits), a description holding a URL or the key (an
            answer echoing the request), or a month and code listed twice.
        RefreshError: the answer is the API's HTML page about a missing or invalid key.
        DataNotFoundError: the answer has a header but no rows.
    """
    variables = variables_of(flow, classification)
    secrets = (key, *http.secrets_from_env())
    data = _load(text, url, secrets)
    header = data[0]
    needed = [variables.code, variables.label, variables.value, "CTY_CODE", "COMM_LVL", "time"]
    index = _columns(header, url, needed, secrets)
    row_reader = _Rows(url, header, index, variables, classification, country_code(partner), secrets)
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


def quoted(value: object, *secrets: str | None, limit: int = QUOTE_LIMIT) -> str:
    """``repr(value)`` for a message, redacted, then cut to ``limit`` characters.

    Redacted: ``secrets``, ``$CENSUS_API_KEY`` and any ``key=`` value (:func:`tradebalance.sources.http.redact`).
    """
    return http.shorten(repr(value), *secrets, *http.secrets_from_env(), limit=limit)


def _load(text: str, url: str, secrets: tuple[str | None, ...]) -> list[list[Any]]:
    """Decode an answer: a JSON array of arrays whose first row holds the variable names.

    A decoding error is raised outside the ``except`` block: the ``JSONDecodeError`` holds the whole answer
    (``doc``), key included, and would otherwise stay attached as ``__context__``.
    """
    malformed = None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        malformed = f"malformed JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
    if malformed is not None:
        snippet = http.snippet(text, *secrets)
        if text.lstrip().startswith("<") and "key" in text.lower():
            raise RefreshError(f"{url}: the Census API answered with a page about the API key: {snippet}")
        raise ParseError(url, f"{malformed}: {snippet}")
    if not isinstance(data, list) or not data or not all(isinstance(r, list) for r in data):
        raise ParseError(url, "expected a JSON array of arrays with a header row first", row=1)
    if not all(isinstance(h, str) for h in data[0]):
        raise ParseError(url, f"header row must hold variable names, found {quoted(data[0], *secrets)}", row=1)
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
    secrets: tuple[str | None, ...]

    def read(self, row: list[object], number: int) -> tuple[str, str, str, int, str | None, float]:
        """Check row ``number`` (1-based, the header is row 1) and return its record."""
        url, variables, quote = self.url, self.variables, self.quote
        if len(row) != len(self.header):
            raise ParseError(url, f"row has {len(row)} fields, header has {len(self.header)}", row=number)
        get = _getter(row, self.header, self.index, url, number, self.secrets)
        if get("CTY_CODE") != self.partner:
            problem = f"expected partner {self.partner}, found {quote(get('CTY_CODE'))}"
            raise ParseError(url, problem, row=number, column="CTY_CODE")
        month = get("time")
        if not isinstance(month, str) or not MONTH.match(month):
            raise ParseError(url, f"expected a month like '2017-01', found {quote(month)}", row=number, column="time")
        code = get(variables.code)
        if not isinstance(code, str):
            problem = f"expected a commodity code, found {quote(code)}"
            raise ParseError(url, problem, row=number, column=variables.code)
        code, level, parent = self._level(code, get("COMM_LVL"), number)
        label = self._label(get(variables.label), number)
        value = _dollars(get(variables.value), url, number, variables.value, self.secrets)
        return month, code, label, level, parent, value

    def quote(self, value: object) -> str:
        """A field of the answer as quoted in a message (redacted, then shortened)."""
        return quoted(value, *self.secrets)

    def _level(self, code: str, comm_lvl: object, number: int) -> tuple[str, int, str | None]:
        """Code, level and parent code: the all-commodities total is level 0; others follow ``COMM_LVL``.

        A code must be the digits of its level (:data:`CODE_DIGITS`): anything else, such as a URL echoed
        back, is refused rather than copied into the frame.
        """
        if code in TOTAL_CODES:
            return "-", 0, None
        levels = LEVELS[self.classification]
        if comm_lvl not in levels:
            raise ParseError(
                self.url,
                f"unknown commodity level {self.quote(comm_lvl)}; expected one of {', '.join(levels)}",
                row=number,
                column="COMM_LVL",
            )
        level = levels[comm_lvl]
        digits = CODE_DIGITS[(self.classification, level)]
        if not re.fullmatch(rf"\d{{{digits}}}", code):
            problem = f"expected a {comm_lvl} code of {digits} digit(s), found {self.quote(code)}"
            raise ParseError(self.url, problem, row=number, column=self.variables.code)
        return code, level, code[: CODE_DIGITS[(self.classification, level - 1)]] if level > 1 else None

    def _label(self, label: object, number: int) -> str:
        """The description: text, with no URL and no API key in it (such a field echoes the request)."""
        column = self.variables.label
        if not isinstance(label, str) or not label.strip():
            raise ParseError(self.url, f"expected a description, found {self.quote(label)}", row=number, column=column)
        if _URL.search(label) or http.redact(label, *self.secrets) != label:
            problem = f"expected a description, found a URL or an API key (the request echoed?): {self.quote(label)}"
            raise ParseError(self.url, problem, row=number, column=column)
        return label.strip()


def variables_of(flow: str, classification: str) -> Variables:
    """The variables of a flow's endpoint for a dataset (``"enduse"``, ``"hs"``); unknown ones are a ValueError."""
    if flow not in FLOWS:
        raise ValueError(f"flow {flow!r} must be one of {', '.join(FLOWS)}")
    if classification not in CLASSIFICATIONS:
        raise ValueError(f"classification {classification!r} must be one of {', '.join(CLASSIFICATIONS)}")
    return VARIABLES[(flow, classification)]


def commodity_codes(classification: str, codes: Iterable[str]) -> list[str]:
    """Check the codes asked for: digits of a level of ``classification``, optionally ending in ``*``.

    ``*`` is the API's wildcard (``"3*"``: every code starting with 3). A URL or any other text is a ValueError,
    raised before any request is made.
    """
    if isinstance(codes, str):
        raise ValueError(f"codes must be a list of codes, such as ['3'], not the one string {quoted(codes)}")
    longest = max(d for (dataset, _), d in CODE_DIGITS.items() if dataset == classification)
    out = []
    for code in codes:
        if not isinstance(code, str) or not re.fullmatch(rf"\d{{1,{longest}}}\*?", code):
            raise ValueError(
                f"commodity code {quoted(code)} is not a valid {classification} code: expected a string of 1 to "
                f"{longest} digits, optionally ending in the API's wildcard '*' (e.g. '3' or '3*')"
            )
        out.append(code)
    return out


def country_code(code: str | int) -> str:
    """A Census country code as its 4 digits (``5880`` Japan); anything else is a ValueError."""
    text = str(code).strip()
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(f"Census country code {quoted(code)} must be 4 digits, e.g. 5880 for Japan")
    return text


def _columns(
    header: list[str], url: str, needed: Iterable[str], secrets: tuple[str | None, ...]
) -> dict[str, list[int]]:
    """Map names to positions in the header (the API may repeat a predicate variable); check ``needed``."""
    index: dict[str, list[int]] = {}
    for i, name in enumerate(header):
        index.setdefault(name, []).append(i)
    absent = [n for n in needed if n not in index]
    if absent:
        found = http.shorten(", ".join(header), *secrets)
        raise ParseError(url, f"header lacks {', '.join(absent)}; found {found}", row=1)
    return index


def _getter(
    row: list[object],
    header: list[str],
    index: dict[str, list[int]],
    url: str,
    number: int,
    secrets: tuple[str | None, ...],
) -> Callable[[str], object]:
    """Return a look-up of variables in ``row``; a variable that appears twice must hold the same value."""

    def get(name: str) -> object:
        values = {json.dumps(row[i]) for i in index[name]}
        if len(values) > 1:
            problem = f"column {name} appears twice with different values {quoted(sorted(values), *secrets)}"
            raise ParseError(url, problem, row=number)
        return row[index[name][0]]

    return get


def _dollars(value: object, url: str, row: int, column: str, secrets: tuple[str | None, ...]) -> float:
    """Read a value in dollars (the API sends integers as strings)."""
    if isinstance(value, bool) or value is None:
        raise ParseError(url, f"expected a value in dollars, found {quoted(value, *secrets)}", row=row, column=column)
    text = str(value).strip()
    if not re.fullmatch(r"\d+(?:\.\d+)?", text):
        problem = f"expected a non-negative value in dollars, found {quoted(value, *secrets)}"
        raise ParseError(url, problem, row=row, column=column)
    return float(text)
