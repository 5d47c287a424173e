"""Tests for tradebalance.sources.census_api, offline against a local HTTP server (pytest-httpserver).

Answers follow the API's documented format: a JSON array of arrays, header row first, the ``time`` column
appended by the API, values as digit strings. The values are synthetic; the fixture under
``fixtures/census_api/`` is marked ``.synthetic`` for that reason.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import logging
import socket
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import pandas as pd
import pytest
import requests
from pytest_httpserver.httpserver import QueryMatcher

from tradebalance.errors import DataNotFoundError, DownloadError, ParseError, RefreshError
from tradebalance.schema import COLUMNS, validate
from tradebalance.sources import census_api, http

#: The settings of a retry policy the tests give (the waits are always recorded).
RETRY_SETTINGS = ("timeout", "max_attempts", "backoff", "max_wait")
FIXTURES = Path(__file__).parent / "fixtures" / "census_api"
PREFIX = "/data/timeseries/intltrade"
EXPORTS = f"{PREFIX}/exports/enduse"
IMPORTS = f"{PREFIX}/imports/enduse"
SECRET = "0123456789abcdefSECRETKEY0123456789abcdef"
EU1 = {
    "0": "FOODS, FEEDS, AND BEVERAGES",
    "1": "INDUSTRIAL SUPPLIES AND MATERIALS",
    "2": "CAPITAL GOODS, EXCEPT AUTOMOTIVE",
    "3": "AUTOMOTIVE VEHICLES, PARTS, AND ENGINES",
    "4": "CONSUMER GOODS",
    "5": "OTHER GOODS",
}
HEADERS = {
    "export": ["CTY_CODE", "CTY_NAME", "E_ENDUSE", "E_ENDUSE_LDESC", "COMM_LVL", "ALL_VAL_MO", "time"],
    "import": ["CTY_CODE", "CTY_NAME", "I_ENDUSE", "I_ENDUSE_LDESC", "COMM_LVL", "GEN_VAL_MO", "time"],
}


def value(month: str, code: str) -> int:
    """Deterministic synthetic dollars: 1,000,000 × (code + 1) + month number."""
    return 1_000_000 * (int(code[0]) + 1) + int(month[-2:])


def answer(months: list[str], flow: str = "export", partner: str = "5880") -> list[list[str]]:
    rows = [list(HEADERS[flow])]
    for m in months:
        for code, label in EU1.items():
            rows.append([partner, "JAPAN", code, label, "EU1", str(value(m, code)), m])
    return rows


def months(year: int, first: int = 1, last: int = 12) -> list[str]:
    return [f"{year}-{m:02d}" for m in range(first, last + 1)]


class Has(QueryMatcher):
    """Match requests whose query holds these parameters (and maybe others)."""

    def __init__(self, **params: str) -> None:
        self.params = params

    def get_comparing_values(self, request_query_string: bytes) -> tuple[dict, dict]:
        query = dict(parse_qsl(request_query_string.decode()))
        return {k: query.get(k) for k in self.params}, self.params


@pytest.fixture(autouse=True)
def no_key(monkeypatch):
    monkeypatch.delenv(census_api.ENV_KEY, raising=False)


@pytest.fixture
def api(httpserver, monkeypatch):
    monkeypatch.setenv(census_api.ENV_URL, httpserver.url_for(PREFIX))
    return httpserver


@pytest.fixture
def sleeps() -> list[float]:
    return []


QUERY_FIELDS = ("end", "partner", "level", "codes")


def fetch(sleeps: list[float], *args, **kwargs) -> pd.DataFrame:
    """``census_api.fetch`` with its waits recorded; the query's fields go into a Query, a retry policy's into ``retry``."""
    kwargs.setdefault("today", dt.date(2026, 4, 1))
    retry = {k: kwargs.pop(k) for k in RETRY_SETTINGS if k in kwargs}
    query = census_api.Query(*args, **{k: kwargs.pop(k) for k in QUERY_FIELDS if k in kwargs})
    return census_api.fetch(query, retry=http.RetryPolicy(sleep=sleeps.append, **retry), **kwargs)


# --- request building -------------------------------------------------------------------------------


def test_build_request_exports_enduse_defaults(monkeypatch) -> None:
    monkeypatch.delenv(census_api.ENV_URL, raising=False)
    req = census_api.build_request("export", "enduse", "from 2017-01 to 2017-12")
    assert req.url == "https://api.census.gov/data/timeseries/intltrade/exports/enduse"
    assert req.params == {
        "get": "CTY_CODE,CTY_NAME,E_ENDUSE,E_ENDUSE_LDESC,COMM_LVL,ALL_VAL_MO",
        "time": "from 2017-01 to 2017-12",
        "CTY_CODE": "5880",
        "COMM_LVL": "EU1",
    }
    assert req.display_url() == (
        "https://api.census.gov/data/timeseries/intltrade/exports/enduse?"
        "get=CTY_CODE%2CCTY_NAME%2CE_ENDUSE%2CE_ENDUSE_LDESC%2CCOMM_LVL%2CALL_VAL_MO"
        "&time=from+2017-01+to+2017-12&CTY_CODE=5880&COMM_LVL=EU1"
    )


def test_build_request_imports_hs_level_codes_and_env_base(monkeypatch) -> None:
    monkeypatch.setenv(census_api.ENV_URL, "http://localhost:1/base/")
    req = census_api.build_request("import", "hs", "2017-12", partner=5880, level="HS4", codes=["8703", "8708"])
    assert req.url == "http://localhost:1/base/imports/hs"
    assert req.params["get"] == "CTY_CODE,CTY_NAME,I_COMMODITY,I_COMMODITY_LDESC,COMM_LVL,GEN_VAL_MO"
    assert req.params["time"] == "2017-12"
    assert req.params["COMM_LVL"] == "HS4"
    assert req.params["I_COMMODITY"] == ["8703", "8708"]
    assert "I_COMMODITY=8703&I_COMMODITY=8708" in req.display_url()


@pytest.mark.parametrize(
    ("args", "kwargs", "words"),
    [
        (("exports", "enduse", "2017-12"), {}, "flow"),
        (("export", "naics", "2017-12"), {}, "classification"),
        (("export", "enduse", "2017-12"), {"level": "HS2"}, "level"),
        (("export", "enduse", "2017"), {}, "time"),
        (("export", "enduse", "2017-01 to 2017-12"), {}, "time"),
        (("export", "enduse", "2017-12"), {"partner": "JPN"}, "4 digits"),
    ],
)
def test_build_request_rejects_bad_arguments(args, kwargs, words) -> None:
    with pytest.raises(ValueError, match=words):
        census_api.build_request(*args, **kwargs)


def test_time_predicates_split_by_calendar_year() -> None:
    assert census_api.time_predicates("2017-12") == ["2017-12"]
    assert census_api.time_predicates("2017-01", "2017-12") == ["from 2017-01 to 2017-12"]
    assert census_api.time_predicates(pd.Period("2016-11", "M"), "2018-01") == [
        "from 2016-11 to 2016-12",
        "from 2017-01 to 2017-12",
        "2018-01",
    ]
    with pytest.raises(ValueError, match="after"):
        census_api.time_predicates("2018-01", "2017-01")
    with pytest.raises(ValueError, match="month"):
        census_api.time_predicates("2017-13")


# --- success ----------------------------------------------------------------------------------------


def test_fetch_exports_enduse_year_in_tidy_schema(api, sleeps) -> None:
    api.expect_request(
        EXPORTS,
        query_string={
            "get": "CTY_CODE,CTY_NAME,E_ENDUSE,E_ENDUSE_LDESC,COMM_LVL,ALL_VAL_MO",
            "time": "from 2017-01 to 2017-12",
            "CTY_CODE": "5880",
            "COMM_LVL": "EU1",
        },
    ).respond_with_json(answer(months(2017)))
    frame = fetch(sleeps, "export", "enduse", "2017-01", "2017-12")
    assert list(frame.columns) == list(COLUMNS)
    validate(frame, "test")
    assert len(frame) == 12 * 6
    first = frame.iloc[0]
    assert first["period"] == pd.Period("2017-01", "M")
    assert (first["reporter"], first["partner"], first["flow"]) == ("USA", "JPN", "export")
    assert (first["classification"], first["code"], first["label"]) == ("census-enduse", "0", EU1["0"])
    assert (first["level"], first["value"], first["currency"]) == (1, 1_000_001.0, "USD")
    assert pd.isna(first["parent"]) and pd.isna(first["quantity"]) and pd.isna(first["quantity_unit"])
    assert (first["basis"], first["source"], first["status"]) == ("FAS", "census-api-export-enduse", "confirmed")
    # 12 months × (1+2+3+4+5+6) × 1,000,000 + 6 codes × (1+…+12) = 252,000,000 + 468
    assert frame["value"].sum() == 252_000_468
    params = census_api.build_request("export", "enduse", "from 2017-01 to 2017-12").params
    assert frame.attrs["requests"] == [api.url_for(EXPORTS) + "?" + urlencode(params)]
    assert "key" not in dict(api.log[0][0].args)
    assert sleeps == []


def test_fetch_imports_basis_and_source(api, sleeps) -> None:
    api.expect_request(IMPORTS).respond_with_json(answer(["2017-12"], flow="import"))
    frame = fetch(sleeps, "import", "enduse", "2017-12")
    assert set(frame["basis"]) == {"customs"} and set(frame["flow"]) == {"import"}
    assert set(frame["source"]) == {"census-api-import-enduse"}
    assert api.log[0][0].args["get"].endswith("GEN_VAL_MO") and api.log[0][0].args["time"] == "2017-12"


def test_fetch_reads_documented_format_fixture(api, sleeps) -> None:
    api.expect_request(EXPORTS).respond_with_data(
        (FIXTURES / "exports_enduse_eu1_5880_2017-12.synthetic.json").read_text(), content_type="application/json"
    )
    frame = fetch(sleeps, "export", "enduse", "2017-12")
    assert frame["code"].tolist() == ["0", "1", "2", "3", "4", "5"]
    assert frame.loc[frame["code"] == "3", "label"].item() == "AUTOMOTIVE VEHICLES, PARTS, AND ENGINES"
    assert frame["value"].sum() == 5_721_000_000


def test_fetch_splits_long_ranges_into_yearly_requests(api, sleeps) -> None:
    api.expect_request(EXPORTS, query_string=Has(time="from 2016-11 to 2016-12")).respond_with_json(
        answer(months(2016, 11))
    )
    api.expect_request(EXPORTS, query_string=Has(time="2017-01")).respond_with_json(answer(["2017-01"]))
    frame = fetch(sleeps, "export", "enduse", "2016-11", "2017-01")
    assert sorted(frame["period"].astype(str).unique()) == ["2016-11", "2016-12", "2017-01"]
    assert [r.args["time"] for r, _ in api.log] == ["from 2016-11 to 2016-12", "2017-01"]
    assert len(frame.attrs["requests"]) == 2


def test_fetch_status_preliminary_for_current_year(api, sleeps) -> None:
    api.expect_request(EXPORTS).respond_with_json(answer(["2017-05"]))
    assert set(fetch(sleeps, "export", "enduse", "2017-05", today=dt.date(2017, 7, 7))["status"]) == {"preliminary"}
    assert set(fetch(sleeps, "export", "enduse", "2017-05", today=dt.date(2018, 3, 1))["status"]) == {"confirmed"}
    assert set(fetch(sleeps, "export", "enduse", "2017-05", preliminary_from=2017)["status"]) == {"preliminary"}


def test_fetch_hs_levels_and_parents(api, sleeps) -> None:
    header = ["CTY_CODE", "CTY_NAME", "I_COMMODITY", "I_COMMODITY_LDESC", "COMM_LVL", "GEN_VAL_MO", "time"]
    rows = [
        header,
        ["5880", "JAPAN", "8703", "MOTOR CARS AND VEHICLES FOR TRANSPORTING PERSONS", "HS4", "4000000000", "2017-12"],
        ["5880", "JAPAN", "8708", "PARTS AND ACCESSORIES FOR MOTOR VEHICLES", "HS4", "1000000000", "2017-12"],
    ]
    api.expect_request(f"{PREFIX}/imports/hs").respond_with_json(rows)
    frame = fetch(sleeps, "import", "hs", "2017-12", level="HS4", codes=["8703", "8708"])
    assert frame["level"].tolist() == [2, 2]
    assert frame["parent"].tolist() == ["87", "87"]
    assert set(frame["classification"]) == {"hs"}
    assert api.log[0][0].args.getlist("I_COMMODITY") == ["8703", "8708"]
    assert api.log[0][0].args["COMM_LVL"] == "HS4"


def test_total_row_becomes_level_zero(api, sleeps) -> None:
    rows = answer(["2017-12"])
    rows.insert(1, ["5880", "JAPAN", "-", "TOTAL EXPORTS FOR ALL END-USE CODES", "EU1", "999", "2017-12"])
    api.expect_request(EXPORTS).respond_with_json(rows)
    frame = fetch(sleeps, "export", "enduse", "2017-12")
    total = frame[frame["level"] == 0]
    assert total["code"].tolist() == ["-"] and total["value"].tolist() == [999.0]


def test_other_partner_needs_a_mapping(api, sleeps) -> None:
    with pytest.raises(ValueError, match="partners="):
        fetch(sleeps, "export", "enduse", "2017-12", partner=5700)
    assert api.log == []
    api.expect_request(EXPORTS, query_string=Has(CTY_CODE="5700")).respond_with_json(
        answer(["2017-12"], partner="5700")
    )
    frame = fetch(sleeps, "export", "enduse", "2017-12", partner=5700, partners={5700: "CHN"})
    assert set(frame["partner"]) == {"CHN"}


def test_repeated_predicate_column_is_accepted_when_equal(api, sleeps) -> None:
    rows = [r + [r[0]] for r in answer(["2017-12"])]  # CTY_CODE appended again, as a predicate column
    api.expect_request(EXPORTS).respond_with_json(rows)
    assert len(fetch(sleeps, "export", "enduse", "2017-12")) == 6


# --- no data, errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "respond",
    [
        lambda h: h.respond_with_data("", status=204),
        lambda h: h.respond_with_data("", status=200),
        lambda h: h.respond_with_json([HEADERS["export"]]),
    ],
    ids=["204", "empty-200", "header-only"],
)
def test_no_data_is_data_not_found(api, sleeps, respond) -> None:
    respond(api.expect_request(EXPORTS))
    with pytest.raises(DataNotFoundError, match="exports/enduse"):
        fetch(sleeps, "export", "enduse", "2030-01")
    assert len(api.log) == 1 and sleeps == []


def test_missing_months_raise_unless_partial_allowed(api, sleeps) -> None:
    api.expect_request(EXPORTS).respond_with_json(answer(months(2026, 1, 7)))
    with pytest.raises(DataNotFoundError, match="2026-08, 2026-09, 2026-10, 2026-11, 2026-12"):
        fetch(sleeps, "export", "enduse", "2026-01", "2026-12")
    frame = fetch(sleeps, "export", "enduse", "2026-01", "2026-12", allow_partial=True, today=dt.date(2026, 9, 9))
    assert frame.attrs["missing_periods"] == months(2026, 8)
    assert set(frame["status"]) == {"preliminary"}


def test_400_surfaces_the_api_message_without_retry(api, sleeps) -> None:
    api.expect_request(EXPORTS).respond_with_data(
        "error: unknown variable 'NOPE'", status=400, content_type="text/plain"
    )
    with pytest.raises(RefreshError) as info:
        fetch(sleeps, "export", "enduse", "2017-12")
    assert "HTTP 400" in str(info.value) and "error: unknown variable 'NOPE'" in str(info.value)
    assert "exports/enduse?get=" in str(info.value)
    assert len(api.log) == 1 and sleeps == []


def test_html_error_page_is_reduced_to_its_text(api, sleeps) -> None:
    api.expect_request(EXPORTS).respond_with_data(
        "<html><body><h1>Invalid Parameter</h1><p>error: unknown predicate variable: 'FOO'</p></body></html>",
        status=400,
        content_type="text/html",
    )
    with pytest.raises(RefreshError, match=r"Invalid Parameter error: unknown predicate variable: 'FOO'"):
        fetch(sleeps, "export", "enduse", "2017-12")


def test_500_then_success_retries_with_backoff(api, sleeps) -> None:
    api.expect_ordered_request(EXPORTS).respond_with_data("Internal Server Error", status=500)
    api.expect_ordered_request(EXPORTS).respond_with_data("bad gateway", status=502)
    api.expect_ordered_request(EXPORTS).respond_with_json(answer(["2017-12"]))
    frame = fetch(sleeps, "export", "enduse", "2017-12", backoff=0.5)
    assert len(frame) == 6
    assert sleeps == [0.5, 1.0]  # exponential: 0.5 × 2**0, 0.5 × 2**1
    assert len(api.log) == 3


def test_429_honours_retry_after(api, sleeps) -> None:
    api.expect_ordered_request(EXPORTS).respond_with_data("slow down", status=429, headers={"Retry-After": "7"})
    api.expect_ordered_request(EXPORTS).respond_with_json(answer(["2017-12"]))
    fetch(sleeps, "export", "enduse", "2017-12")
    assert sleeps == [7.0]


def test_retry_after_beyond_limit_fails(api, sleeps) -> None:
    api.expect_request(EXPORTS).respond_with_data("slow down", status=503, headers={"Retry-After": "3600"})
    with pytest.raises(RefreshError, match="asks to wait 3600 s"):
        fetch(sleeps, "export", "enduse", "2017-12")
    assert sleeps == []


def test_persistent_5xx_gives_up_after_max_attempts(api, sleeps) -> None:
    api.expect_request(EXPORTS).respond_with_data("Service Unavailable", status=503)
    with pytest.raises(RefreshError, match="HTTP 503 after 4 attempts: Service Unavailable"):
        fetch(sleeps, "export", "enduse", "2017-12")
    assert sleeps == [1.0, 2.0, 4.0]
    assert len(api.log) == 4


def test_redirect_is_not_followed(api, sleeps) -> None:
    api.expect_request(EXPORTS).respond_with_data(
        "", status=302, headers={"Location": "https://api.census.gov/data/missing_key.html"}
    )
    with pytest.raises(RefreshError, match="redirect to https://api.census.gov/data/missing_key.html"):
        fetch(sleeps, "export", "enduse", "2017-12")


def test_html_key_page_with_200_is_refresh_error(api, sleeps) -> None:
    api.expect_request(EXPORTS).respond_with_data(
        "<html><body>Invalid Key. You included a key with this request, however, it is not valid.</body></html>",
        content_type="text/html",
    )
    with pytest.raises(RefreshError, match="page about the API key"):
        fetch(sleeps, "export", "enduse", "2017-12")


def test_malformed_json_is_parse_error_naming_the_url(api, sleeps) -> None:
    api.expect_request(EXPORTS).respond_with_data(
        '[["CTY_CODE","ALL_VAL_MO"],["5880",', content_type="application/json"
    )
    with pytest.raises(ParseError) as info:
        fetch(sleeps, "export", "enduse", "2017-12")
    assert "malformed JSON" in str(info.value)
    assert info.value.path.startswith(api.url_for(EXPORTS) + "?get=")


def test_duplicated_header_rows_are_skipped_and_counted(api, sleeps) -> None:
    rows = answer(["2017-12"])
    rows.insert(4, list(rows[0]))
    rows.append(list(rows[0]))
    api.expect_request(EXPORTS).respond_with_json(rows)
    frame = fetch(sleeps, "export", "enduse", "2017-12")
    assert len(frame) == 6
    assert frame.attrs["duplicate_headers"] == 2


@pytest.mark.parametrize(
    ("mutate", "words", "row"),
    [
        (lambda rows: rows[2].__setitem__(5, "12x"), "non-negative value in dollars", 3),
        (lambda rows: rows[2].__setitem__(5, "-5"), "non-negative value in dollars", 3),
        (lambda rows: rows[2].__setitem__(5, None), "value in dollars", 3),
        (lambda rows: rows[2].__setitem__(0, "5700"), "expected partner 5880", 3),
        (lambda rows: rows[2].__setitem__(6, "2017-13"), "expected a month", 3),
        (lambda rows: rows[2].__setitem__(4, "EU9"), "unknown commodity level", 3),
        (lambda rows: rows[2].__setitem__(3, None), "expected a description", 3),
        (lambda rows: rows.append(list(rows[1])), r"appear twice \(first in row 2\)", 8),
        (lambda rows: rows[2].pop(), "row has 6 fields", 3),
        (lambda rows: [r.append("CTY_CODE" if i == 0 else "1220") for i, r in enumerate(rows)], "appears twice", 2),
    ],
    ids=["text", "negative", "null", "partner", "month", "level", "label", "duplicate", "short", "clash"],
)
def test_bad_rows_are_parse_errors_with_row_and_column(api, sleeps, mutate, words, row) -> None:
    rows = answer(["2017-12"])
    mutate(rows)
    api.expect_request(EXPORTS).respond_with_json(rows)
    with pytest.raises(ParseError, match=words) as info:
        fetch(sleeps, "export", "enduse", "2017-12")
    assert info.value.row == row


@pytest.mark.parametrize(
    "payload",
    [
        {"error": "x"},
        [],
        [["CTY_CODE", 5]],
        [["CTY_CODE", "CTY_NAME", "ALL_VAL_MO", "time"], ["5880", "J", "1", "2017-12"]],
    ],
    ids=["object", "empty-array", "bad-header", "missing-columns"],
)
def test_wrong_shapes_are_parse_errors(api, sleeps, payload) -> None:
    api.expect_request(EXPORTS).respond_with_json(payload)
    with pytest.raises(ParseError, match="row 1"):
        fetch(sleeps, "export", "enduse", "2017-12")


# --- the API key ------------------------------------------------------------------------------------------


def test_key_is_sent_but_never_shown(api, sleeps, monkeypatch) -> None:
    monkeypatch.setenv(census_api.ENV_KEY, SECRET)
    api.expect_ordered_request(EXPORTS).respond_with_json(answer(["2017-12"]))
    api.expect_ordered_request(EXPORTS).respond_with_data(f"error: invalid key {SECRET}", status=400)
    api.expect_ordered_request(EXPORTS).respond_with_data(f'[["oops", "{SECRET}"', content_type="application/json")
    api.expect_ordered_request(EXPORTS).respond_with_data(
        "", status=302, headers={"Location": f"https://api.census.gov/data/missing_key.html?key={SECRET}"}
    )
    frame = fetch(sleeps, "export", "enduse", "2017-12")
    assert api.log[0][0].args["key"] == SECRET  # sent to the API…
    assert SECRET not in json.dumps(frame.attrs)  # …but not in provenance
    for _ in range(3):
        with pytest.raises((RefreshError, ParseError)) as info:
            fetch(sleeps, "export", "enduse", "2017-12")
        assert SECRET not in str(info.value)
        assert "<redacted>" in str(info.value)


def test_key_never_in_connection_errors(monkeypatch, sleeps) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv(census_api.ENV_URL, f"http://127.0.0.1:{port}{PREFIX}")
    monkeypatch.setenv(census_api.ENV_KEY, SECRET)
    with pytest.raises(RefreshError) as info:
        fetch(sleeps, "export", "enduse", "2017-12", max_attempts=2, timeout=2)
    text = str(info.value)
    assert "failed after 2 attempts" in text and "ConnectionError" in text
    assert SECRET not in text
    assert info.value.__cause__ is None and info.value.__suppress_context__
    assert sleeps == [1.0]


def test_redact_covers_quoted_forms() -> None:
    assert census_api.redact("a k+y b k%2By c", "k+y") == "a <redacted> b <redacted> c"
    assert census_api.redact("nothing", None) == "nothing"


def test_given_session_is_used_and_left_open(api, sleeps) -> None:
    api.expect_request(EXPORTS).respond_with_json(answer(["2017-12"]))
    session = requests.Session()
    seen = []
    session.hooks["response"].append(lambda r, *a, **k: seen.append(r.status_code))
    fetch(sleeps, "export", "enduse", "2017-12", session=session)
    fetch(sleeps, "export", "enduse", "2017-12", session=session)
    assert seen == [200, 200]


@pytest.mark.network
def test_live_japan_exports_2017_match_country_total(monkeypatch) -> None:
    """Live: 2017 U.S. exports to Japan by 1-digit end use sum to the published 67,603.374931 million dollars."""
    monkeypatch.delenv(census_api.ENV_URL, raising=False)
    frame = census_api.fetch(census_api.Query("export", "enduse", "2017-01", "2017-12"))
    assert frame["period"].nunique() == 12
    assert frame.loc[frame["level"] == 1, "value"].sum() == pytest.approx(67_603_374_931, rel=1e-4)


# --- the shared HTTP client (tradebalance.sources.http) --------------------------------------------------


def test_the_shared_retryable_statuses_apply(api, sleeps) -> None:
    api.expect_ordered_request(EXPORTS).respond_with_data("Request Timeout", status=408)
    api.expect_ordered_request(EXPORTS).respond_with_data("Gateway Timeout", status=504)
    api.expect_ordered_request(EXPORTS).respond_with_json(answer(["2017-12"]))
    assert len(fetch(sleeps, "export", "enduse", "2017-12")) == 6
    assert sleeps == [1.0, 2.0]


def test_not_implemented_is_not_retried(api, sleeps) -> None:
    api.expect_request(EXPORTS).respond_with_data("Not Implemented", status=501)
    with pytest.raises(RefreshError, match=r"refused the request \(HTTP 501\): Not Implemented"):
        fetch(sleeps, "export", "enduse", "2017-12")
    assert sleeps == [] and len(api.log) == 1


def test_retry_after_as_an_http_date_and_its_bound(api, sleeps) -> None:
    soon = email.utils.format_datetime(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=20), usegmt=True)
    api.expect_ordered_request(EXPORTS).respond_with_data("slow down", status=429, headers={"Retry-After": soon})
    api.expect_ordered_request(EXPORTS).respond_with_json(answer(["2017-12"]))
    fetch(sleeps, "export", "enduse", "2017-12")
    assert len(sleeps) == 1 and 15 < sleeps[0] <= 20
    api.clear()
    api.expect_request(EXPORTS).respond_with_data("slow down", status=503, headers={"Retry-After": "120"})
    with pytest.raises(RefreshError, match=r"asks to wait 120 s \(limit 60 s\)"):  # the default bound: 60 s
        fetch(sleeps, "export", "enduse", "2017-12")
    api.clear()  # a larger bound is a parameter away
    api.expect_ordered_request(EXPORTS).respond_with_data("slow down", status=503, headers={"Retry-After": "120"})
    api.expect_ordered_request(EXPORTS).respond_with_json(answer(["2017-12"]))
    fetch(sleeps, "export", "enduse", "2017-12", max_wait=300)
    assert sleeps[-1] == 120.0


def test_an_html_page_where_json_was_expected_is_refused(api, sleeps) -> None:
    api.expect_request(EXPORTS).respond_with_data(
        "<!DOCTYPE html><html><head><title>Census.gov | Maintenance</title></head><body>Back soon</body></html>",
        content_type="text/html",
    )
    with pytest.raises(DownloadError, match=r"sent an HTML page titled 'Census.gov \| Maintenance' instead of"):
        fetch(sleeps, "export", "enduse", "2017-12")


def test_key_never_in_logs(api, sleeps, monkeypatch, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv(census_api.ENV_KEY, SECRET)
    api.expect_ordered_request(EXPORTS).respond_with_data("busy", status=503)
    api.expect_ordered_request(EXPORTS).respond_with_json(answer(["2017-12"]))
    fetch(sleeps, "export", "enduse", "2017-12")
    assert api.log[-1][0].args["key"] == SECRET
    ours = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("werkzeug"))  # not the server's
    assert "&key=<redacted>" in ours and SECRET not in ours  # urllib3's request lines, scrubbed
