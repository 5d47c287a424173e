"""The one HTTP client of the package (tradebalance.sources.http), against a local server (pytest-httpserver).

Nothing here sleeps for real: the client's ``sleep`` is a recorder.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import pickle
import socket
from urllib.parse import quote, quote_plus

import pytest
import requests
from werkzeug import Request, Response

from tradebalance.errors import DownloadError, RefreshError
from tradebalance.sources import census_api, http

SECRET = "s3cret key/with+signs"
NOW = dt.datetime(2026, 11, 28, 14, 22, 33, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def no_key(monkeypatch):
    monkeypatch.delenv("CENSUS_API_KEY", raising=False)


@pytest.fixture
def sleeps() -> list[float]:
    return []


def client(sleeps: list[float], **retry) -> http.Client:
    """A client whose waits are recorded in ``sleeps``; ``retry`` holds the other settings of its policy."""
    return http.Client(retry=http.RetryPolicy(sleep=sleeps.append, **retry))


def forms(secret: str) -> set[str]:
    """The secret as it may appear: raw or URL-encoded in any of the usual ways."""
    return {secret, *(f(secret, safe=safe) for f in (quote, quote_plus) for safe in ("", "/"))}


def client_logs(caplog: pytest.LogCaptureFixture) -> str:
    """What the client side logged (the test server's own access log, werkzeug's, shows what it was sent)."""
    return "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("werkzeug"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- pure functions ---------------------------------------------------------------------------------


def test_retry_after_reads_seconds_and_http_dates():
    assert http.retry_after("120") == 120.0
    assert http.retry_after(" 7 ") == 7.0
    later = email.utils.format_datetime(NOW + dt.timedelta(seconds=42), usegmt=True)
    assert later.endswith("GMT") and http.retry_after(later, now=NOW) == 42.0
    earlier = email.utils.format_datetime(NOW - dt.timedelta(hours=1), usegmt=True)
    assert http.retry_after(earlier, now=NOW) == 0.0  # a date in the past: no wait
    assert http.retry_after("Wed, 28 Nov 2026 14:23:03", now=NOW) == 30.0  # no zone: taken as UTC
    for unreadable in (None, "", "soon", "-5", "1.5", "Wed, 99 Foo 2026"):
        assert http.retry_after(unreadable, now=NOW) is None, unreadable


def test_redact_removes_every_form_of_every_secret():
    text = f"a {SECRET} b {quote(SECRET, safe='')} c s3cret+key%2Fwith%2Bsigns d s3cret+key/with%2Bsigns"
    assert http.redact(text, SECRET) == "a <redacted> b <redacted> c <redacted> d <redacted>"
    assert http.redact("k1 and k2", "k1", None, "k2", "") == "<redacted> and <redacted>"
    assert http.redact("nothing", None) == "nothing"
    assert census_api.redact is not None and census_api.redact("x KEY y", "KEY") == "x <redacted> y"


def test_html_title_tells_a_page_from_data():
    assert http.html_title(b"<!DOCTYPE html><html><head><title> Down  for\nmaintenance </title>") == (
        "Down for maintenance"
    )
    assert http.html_title(b"  <HTML>\n<body>Error</body></HTML>") == ""
    assert http.html_title("<html><title>&amp; ただいま</title>".encode()) == "& ただいま"
    assert http.html_title(b"DATE,DEXJPUS\n2017-01-03,117.68\n") is None
    assert http.html_title(b'[["CTY_CODE","CTY_NAME"],["5880","JAPAN"]]') is None
    assert http.html_title(b"x" * 2000 + b"<html>") is None  # only the first kilobyte counts


def test_the_census_key_variable_is_a_secret_everywhere():
    assert census_api.ENV_KEY in http.SECRET_ENV_VARS


# --- the retry loop ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", sorted(http.RETRY_STATUSES))
def test_each_retryable_status_is_retried_with_back_off(httpserver, sleeps, status):
    for _ in range(2):
        httpserver.expect_ordered_request("/f").respond_with_data("busy", status=status)
    httpserver.expect_ordered_request("/f").respond_with_data("data")
    answer = client(sleeps, backoff=0.5).get(httpserver.url_for("/f"))
    assert (answer.status, answer.body, answer.attempts) == (200, b"data", 3)
    assert sleeps == [0.5, 1.0]


@pytest.mark.parametrize("status", [400, 403, 404, 410, 501, 505])
def test_other_statuses_are_answers_not_retries(httpserver, sleeps, status):
    httpserver.expect_request("/f").respond_with_data("no", status=status)
    answer = client(sleeps).get(httpserver.url_for("/f"))
    assert answer.status == status and answer.attempts == 1 and sleeps == [] and len(httpserver.log) == 1


def test_back_off_is_capped_at_max_wait(httpserver, sleeps):
    httpserver.expect_request("/f").respond_with_data("busy", status=503)
    with pytest.raises(DownloadError, match=r"/f: failed after 5 attempts \(HTTP 503 SERVICE UNAVAILABLE\)$") as info:
        client(sleeps, backoff=4, max_wait=10, max_attempts=5).get(httpserver.url_for("/f"))
    assert sleeps == [4, 8, 10, 10]
    assert (info.value.status, info.value.attempts, info.value.url) == (503, 5, httpserver.url_for("/f"))
    assert isinstance(info.value, RefreshError)


def test_retry_after_in_seconds_replaces_the_back_off(httpserver, sleeps):
    httpserver.expect_ordered_request("/f").respond_with_data("", status=429, headers={"Retry-After": "7"})
    httpserver.expect_ordered_request("/f").respond_with_data("", status=503, headers={"Retry-After": "0"})
    httpserver.expect_ordered_request("/f").respond_with_data("data")
    assert client(sleeps).get(httpserver.url_for("/f")).body == b"data"
    assert sleeps == [7.0, 0.0]


def test_retry_after_as_an_http_date_is_honoured(httpserver, sleeps):
    when = email.utils.format_datetime(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30), usegmt=True)
    httpserver.expect_ordered_request("/f").respond_with_data("", status=503, headers={"Retry-After": when})
    httpserver.expect_ordered_request("/f").respond_with_data("data")
    assert client(sleeps).get(httpserver.url_for("/f")).body == b"data"
    assert len(sleeps) == 1 and 25 < sleeps[0] <= 30


def test_a_retry_after_beyond_the_bound_fails_at_once(httpserver, sleeps):
    later = email.utils.format_datetime(dt.datetime.now(dt.UTC) + dt.timedelta(hours=2), usegmt=True)
    httpserver.expect_request("/f").respond_with_data("", status=429, headers={"Retry-After": later})
    with pytest.raises(
        DownloadError, match=r"HTTP 429 TOO MANY REQUESTS; the server asks to wait 7\d\d\d s \(limit 60 s\)"
    ):
        client(sleeps).get(httpserver.url_for("/f"))
    assert sleeps == [] and len(httpserver.log) == 1
    httpserver.clear()
    httpserver.expect_request("/f").respond_with_data("", status=503, headers={"Retry-After": "90"})
    with pytest.raises(DownloadError, match=r"asks to wait 90 s \(limit 30 s\)"):
        client(sleeps, max_wait=30).get(httpserver.url_for("/f"))
    assert sleeps == []


def test_connection_errors_are_retried_then_reported_without_the_requests_exception(sleeps):
    url = f"http://127.0.0.1:{free_port()}/f"
    with pytest.raises(DownloadError, match=r"/f: failed after 3 attempts \(ConnectionError: ") as info:
        client(sleeps, max_attempts=3, timeout=2).get(url)
    assert sleeps == [1.0, 2.0]
    assert info.value.status is None and info.value.attempts == 3
    assert info.value.__cause__ is None and info.value.__context__ is None


def test_a_body_broken_off_mid_transfer_is_retried(httpserver, sleeps):
    def broken(request: Request) -> Response:
        return Response(iter([b"abc"]), headers={"Content-Length": "1000"}, direct_passthrough=True)

    httpserver.expect_ordered_request("/f").respond_with_handler(broken)
    httpserver.expect_ordered_request("/f").respond_with_data("whole")
    assert client(sleeps).get(httpserver.url_for("/f")).body == b"whole"
    assert sleeps == [1.0]


def test_a_request_that_cannot_be_made_is_not_retried(sleeps):
    with pytest.raises(DownloadError, match=r"^nope://x: request failed \(InvalidSchema: "):
        client(sleeps).get("nope://x")
    assert sleeps == []


def test_redirects_are_followed_or_returned(httpserver, sleeps):
    httpserver.expect_request("/old").respond_with_data("", status=302, headers={"Location": "/new"})
    httpserver.expect_request("/new").respond_with_data("moved")
    assert client(sleeps).get(httpserver.url_for("/old")).body == b"moved"
    answer = client(sleeps).get(httpserver.url_for("/old"), allow_redirects=False)
    assert answer.status == 302 and answer.headers["Location"] == "/new"


def test_answer_text_uses_the_declared_charset(httpserver, sleeps):
    httpserver.expect_request("/f").respond_with_data(
        "café".encode("latin-1"), content_type="text/csv; charset=latin-1"
    )
    assert client(sleeps).get(httpserver.url_for("/f")).text == "café"


def test_params_are_shown_and_headers_sent(httpserver, sleeps):
    httpserver.expect_request("/f", query_string="a=1&b=x&b=y").respond_with_data("ok")
    answer = client(sleeps).get(httpserver.url_for("/f"), params={"a": "1", "b": ["x", "y"]}, headers={"X-T": "1"})
    assert answer.url == httpserver.url_for("/f") + "?a=1&b=x&b=y"
    request = httpserver.log[0][0]
    assert request.headers["X-T"] == "1" and request.headers["User-Agent"].startswith("tradebalance/")


def test_html_where_data_was_expected_is_refused(httpserver, sleeps):
    page = "<!doctype html><html><head><title>Service notice</title></head><body>…</body></html>"
    httpserver.expect_request("/f").respond_with_data(page, content_type="text/html")
    c = client(sleeps)
    answer = c.get(httpserver.url_for("/f"))
    with pytest.raises(
        DownloadError, match=r"/f: the server sent an HTML page titled 'Service notice' instead of the CSV$"
    ):
        c.refuse_html(answer, "the CSV")
    c.refuse_html(http.Answer("u", 200, "OK", {}, b"DATE,X\n"))  # data passes


def test_a_given_session_is_left_open_and_an_own_one_closed(httpserver, sleeps, monkeypatch):
    httpserver.expect_request("/f").respond_with_data("ok")
    closed = []
    monkeypatch.setattr(requests.Session, "close", lambda self: closed.append(self))
    session = requests.Session()
    with http.Client(session, retry=http.RetryPolicy(sleep=sleeps.append)) as c:
        c.get(httpserver.url_for("/f"))
    assert closed == []
    with client(sleeps) as c:
        c.get(httpserver.url_for("/f"))
    assert closed == [c.session]


def test_max_attempts_must_be_positive():
    with pytest.raises(ValueError, match="max_attempts"):
        http.RetryPolicy(max_attempts=0)


def test_the_retry_policy_is_one_value_with_the_documented_defaults():
    policy = http.RetryPolicy()
    assert (policy.timeout, policy.max_attempts, policy.backoff, policy.max_wait) == ((10.0, 120.0), 4, 1.0, 60.0)
    assert [policy.wait(n) for n in (1, 2, 3, 7, 8)] == [1.0, 2.0, 4.0, 60.0, 60.0]  # doubling, capped at max_wait
    assert http.RetryPolicy(max_attempts=2) == http.RetryPolicy(max_attempts=2, sleep=print)  # the waiter aside
    with pytest.raises(AttributeError):
        policy.max_attempts = 9  # type: ignore[misc]


# --- secrets ----------------------------------------------------------------------------------------


def test_a_secret_parameter_is_sent_but_never_shown(httpserver, sleeps, caplog):
    caplog.set_level(logging.DEBUG)
    httpserver.expect_ordered_request("/f").respond_with_data(f"busy {SECRET}", status=503)
    httpserver.expect_ordered_request("/f").respond_with_data(f"no: {SECRET}", status=400)
    c = client(sleeps)
    answer = c.get(httpserver.url_for("/f"), params={"a": "1"}, secret_params={"key": SECRET})
    assert httpserver.log[0][0].args["key"] == SECRET  # sent…
    assert answer.url == httpserver.url_for("/f") + "?a=1"  # …never shown
    assert SECRET not in repr(answer) and SECRET not in repr(c)
    assert c.snippet(answer.text) == "no: <redacted>"
    logged = client_logs(caplog)
    assert "GET /f?a=1&key=<redacted> HTTP/1.1" in logged  # urllib3's request line, scrubbed
    assert not any(form in logged for form in forms(SECRET))


def test_secrets_from_the_environment_never_appear_in_errors_or_logs(sleeps, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("CENSUS_API_KEY", SECRET)
    url = f"http://127.0.0.1:{free_port()}/f?key={quote(SECRET, safe='')}"
    c = client(sleeps, max_attempts=2, timeout=2)
    with pytest.raises(DownloadError) as info:
        c.get(url)
    text = str(info.value)
    assert "failed after 2 attempts" in text and "<redacted>" in text
    for shown in (text, info.value.url, repr(info.value), client_logs(caplog), repr(c)):
        assert not any(form in shown for form in forms(SECRET)), shown
    copy = pickle.loads(pickle.dumps(info.value))
    assert (str(copy), copy.url, copy.status, copy.attempts) == (text, info.value.url, None, 2)


def test_a_subclass_words_the_failure(httpserver, sleeps):
    class Worded(http.Client):
        def failure_message(self, url, attempts, problem, answer):
            return f"{url}: {answer.status if answer else '-'} x{attempts}: {self.snippet(answer.text)} {SECRET}"

    httpserver.expect_request("/f").respond_with_data("<b>Busy</b>", status=502)
    with pytest.raises(DownloadError, match=r"/f: 502 x2: Busy <redacted>$"):
        Worded(retry=http.RetryPolicy(sleep=sleeps.append, max_attempts=2), secrets=[SECRET]).get(
            httpserver.url_for("/f")
        )
