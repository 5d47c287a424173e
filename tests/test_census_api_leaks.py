"""The Census API key never leaks, even from a server that echoes the request back.

A local server (pytest-httpserver) answers with the request URL, which carries the key, in a data field, a
description, a header, or an error body long enough to be cut near the key. Nothing this package prints or
returns may hold the key or any 6-character piece of it: exception text, repr, fields, notes and chained
exceptions, warnings, log records, frame cells and ``attrs``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import warnings
from collections.abc import Callable, Iterator
from urllib.parse import quote

import pandas as pd
import pytest
from werkzeug import Request, Response

from tradebalance.errors import DownloadError, ParseError, RefreshError
from tradebalance.sources import census_api, http
from tradebalance.sources.census_api_answers import parse_response

PREFIX = "/data/timeseries/intltrade"
EXPORTS = f"{PREFIX}/exports/enduse"
KEY = "7f3a9c2e51b84d06a1e9f7c3b2d58e604c1a9b7e"  # a made-up key, 40 hex digits like the Census Bureau's
PIECES = {KEY[i : i + 6] for i in range(len(KEY) - 5)}
HEADER = ["CTY_CODE", "CTY_NAME", "E_ENDUSE", "E_ENDUSE_LDESC", "COMM_LVL", "ALL_VAL_MO", "time"]
ROW = ["5880", "JAPAN", "0", "FOODS, FEEDS, AND BEVERAGES", "EU1", "1101000000", "2017-12"]


def leaks(*texts: str) -> list[str]:
    """The pieces of the key (6 characters or more) found in ``texts``."""
    return sorted(piece for piece in PIECES if any(piece in text for text in texts))


def exception_texts(exc: BaseException | None) -> Iterator[str]:
    """Everything an exception shows: str, repr, args, fields, notes, and the same for its cause and context."""
    while exc is not None:
        yield from (str(exc), repr(exc), *map(str, exc.args), repr(vars(exc)), *getattr(exc, "__notes__", []))
        exc = exc.__cause__ or exc.__context__


@pytest.fixture
def api(httpserver, monkeypatch):
    monkeypatch.setenv(census_api.ENV_URL, httpserver.url_for(PREFIX))
    monkeypatch.setenv(census_api.ENV_KEY, KEY)
    return httpserver


@pytest.fixture
def shown(caplog) -> Iterator[list[str]]:
    """Collects what the run shows besides the exception: warnings and this package's log records."""
    caplog.set_level(logging.DEBUG)
    texts: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield texts
    texts += [f"{w.message!s} {w.message!r}" for w in caught]
    texts += [r.getMessage() for r in caplog.get_records("call") if not r.name.startswith("werkzeug")]  # ours
    assert not leaks(*texts)


def echo(body: Callable[[str], str], status: int = 200, content_type: str = "text/plain") -> Callable:
    """A handler answering ``body(<the request URL, key included>)``."""

    def handle(request: Request) -> Response:
        assert request.args["key"] == KEY  # the key was sent, so the URL echoed holds it
        return Response(body(request.url), status=status, content_type=content_type)

    return handle


def json_rows(*rows: list[str]) -> str:
    return json.dumps(rows)


def fetch(**kwargs) -> pd.DataFrame:
    """One month of exports, never waiting between tries (``max_attempts`` goes into the retry policy)."""
    retry = http.RetryPolicy(sleep=lambda s: None, **{k: kwargs.pop(k) for k in ("max_attempts",) if k in kwargs})
    query = census_api.Query("export", "enduse", "2017-12", codes=kwargs.pop("codes", None))
    return census_api.fetch(query, retry=retry, today=dt.date(2026, 4, 1), **kwargs)


def failure(expected: type[Exception], **kwargs):
    with pytest.raises(expected) as info:
        fetch(**kwargs)
    assert not leaks(*exception_texts(info.value))
    return info.value


# --- the request echoed into a data field or a header ----------------------------------------------------


def with_field(column: int) -> Callable[[str], str]:
    def body(url: str) -> str:
        row = list(ROW)
        row[column] = url
        return json_rows(HEADER, row)

    return body


@pytest.mark.parametrize(
    ("body", "words", "row"),
    [
        (with_field(0), "expected partner 5880", 2),
        (with_field(2), "expected a EU1 code of 1 digit", 2),
        (with_field(4), "unknown commodity level", 2),
        (with_field(5), "value in dollars", 2),
        (with_field(6), "expected a month", 2),
        (lambda url: json_rows([*HEADER[:3], url, *HEADER[4:]], ROW), "header lacks E_ENDUSE_LDESC", 1),
        (lambda url: json_rows([*HEADER, "CTY_CODE"], [*ROW, url]), "appears twice with different values", 2),
    ],
    ids=["partner", "code", "level", "value", "month", "header", "repeated-column"],
)
def test_a_field_echoing_the_request_is_refused_without_the_key(api, shown, body, words, row) -> None:
    api.expect_request(EXPORTS).respond_with_handler(echo(body, content_type="application/json"))
    error = failure(ParseError)
    assert words in str(error) and error.row == row


@pytest.mark.parametrize(
    "label",
    [
        lambda url: url,
        lambda url: f"CONSUMER GOODS ({url})",
        lambda url: quote(url, safe=""),
        lambda url: f"GOODS {KEY}",
    ],
    ids=["url", "url-inside", "url-quoted", "bare-key"],
)
def test_a_description_echoing_the_request_is_refused(api, shown, label) -> None:
    """Refused, not redacted: a placeholder in a label would be stored as if the Census Bureau had sent it."""
    api.expect_request(EXPORTS).respond_with_handler(
        echo(lambda url: json_rows(HEADER, [*ROW[:3], label(url), *ROW[4:]]))
    )
    error = failure(ParseError)
    assert (error.row, error.column) == (2, "E_ENDUSE_LDESC")
    assert "URL or an API key" in str(error)


def test_a_field_echoing_a_key_parameter_is_redacted_even_when_the_key_is_unknown(monkeypatch) -> None:
    """``key=…`` values are redacted whatever they are: parse_response may be called without the key."""
    monkeypatch.delenv(census_api.ENV_KEY, raising=False)
    row = [f"?key={KEY}", *ROW[1:]]
    with pytest.raises(ParseError) as info:
        parse_response(json_rows(HEADER, row), "u", flow="export", classification="enduse", preliminary_from=2026)
    assert "found '?key=<redacted>'" in str(info.value)
    assert not leaks(*exception_texts(info.value))


# --- an error body cut near the key --------------------------------------------------------------------


def across(cut: int, start: str = "error: ") -> Callable[[str], str]:
    """A body ``start`` + padding + the echoed URL, laid out so that the key straddles character ``cut``."""

    def body(url: str) -> str:
        padding = "x" * (cut - 10 - len(start) - url.index(KEY))
        text = start + padding + url
        assert KEY[:10] in text[:cut] and KEY not in text[:cut]  # cut first, redact then: a prefix would stay
        return text

    return body


def bare_key_across(cut: int) -> Callable[[str], str]:
    """Like :func:`across`, but the key alone, with no ``key=`` before it to give it away."""
    start = "error: invalid "
    return lambda url: start + "x" * (cut - 10 - len(start)) + KEY + " rest of the message"


@pytest.mark.parametrize(
    ("respond", "expected", "kwargs"),
    [
        (echo(across(300), status=400), RefreshError, {}),
        (echo(bare_key_across(300), status=400), RefreshError, {}),
        (echo(across(300), status=503), DownloadError, {"max_attempts": 1}),
        (echo(bare_key_across(300), status=503), DownloadError, {"max_attempts": 1}),
        (echo(across(300, start='[["'), content_type="application/json"), ParseError, {}),
        (echo(bare_key_across(300), content_type="application/json"), ParseError, {}),
        (echo(lambda url: f"<html><body>{across(300, 'Invalid key: ')(url)}</body></html>"), RefreshError, {}),
    ],
    ids=["400-url", "400-key", "503-url", "503-key", "json-url", "json-key", "key-page-url"],
)
def test_an_error_body_cut_near_the_key_shows_no_piece_of_it(api, shown, respond, expected, kwargs) -> None:
    api.expect_request(EXPORTS).respond_with_handler(respond)
    error = failure(expected, **kwargs)
    assert "<redacted>" in str(error)


def test_an_html_title_cut_near_the_key_shows_no_piece_of_it(api, shown) -> None:
    title = "x" * 190 + KEY  # html_title cuts at 200 characters
    page = f"<!DOCTYPE html><html><head><title>{title}</title></head><body>down</body></html>"
    api.expect_request(EXPORTS).respond_with_data(page, content_type="text/html")
    error = failure(DownloadError)
    assert f"titled '{'x' * 190}<redacted>'" in str(error)


# --- the codes asked for ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "codes",
    [[f"http://127.0.0.1/?key={KEY}"], [f"3&key={KEY}"], ["3x"], ["3", "EU1"], ["123456"], ["*"], [3], "3"],
    ids=["url", "parameter", "letter", "level-name", "too-long", "wildcard-alone", "int", "one-string"],
)
def test_an_end_use_code_that_is_not_digits_is_refused_before_any_request(api, shown, codes) -> None:
    with pytest.raises(ValueError, match="code") as info:
        fetch(codes=codes)
    assert api.log == []
    assert not leaks(*exception_texts(info.value))


def test_codes_of_digits_and_the_wildcard_are_sent(monkeypatch) -> None:
    monkeypatch.setenv(census_api.ENV_URL, "http://127.0.0.1:1/x")
    assert census_api.build_request("export", "enduse", "2017-12", codes=["3", "3*", "00100"]).params["E_ENDUSE"] == [
        "3",
        "3*",
        "00100",
    ]
    hs = census_api.build_request("import", "hs", "2017-12", level="HS10", codes=["87*", "8703230190"])
    assert hs.params["I_COMMODITY"] == ["87*", "8703230190"]
    with pytest.raises(ValueError, match="1 to 10 digits"):
        census_api.build_request("import", "hs", "2017-12", codes=["87032301901"])


# --- the one redaction, before any cut ----------------------------------------------------------------------


def test_redaction_comes_before_the_cut() -> None:
    text = "x" * 290 + KEY
    assert http.shorten(text, KEY) == "x" * 290 + "<redacted>"
    assert http.snippet(text + " more", KEY) == "x" * 290 + "<redacted>" + "…"  # 300 characters, then the mark
    assert not leaks(http.shorten(text, KEY, limit=295), http.snippet(text, KEY, limit=297))


def test_key_parameters_are_redacted_whoever_sent_them() -> None:
    assert http.redact("https://h/p?get=A,B&key=abc123&time=2017") == "https://h/p?get=A,B&key=<redacted>&time=2017"
    assert http.redact("next=%2Fp%3Fkey%3Dabc123%26time%3D2017") == "next=%2Fp%3Fkey%3D<redacted>%26time%3D2017"
    assert http.redact("api_key=abc x-api-key=def") == "api_key=<redacted> x-api-key=<redacted>"
    assert http.redact("a monkey; key = value") == "a monkey; key = value"  # only a parameter's value
