"""One HTTP client for every download: the data refresh and the Census API.

One ``requests.Session``, one retry loop, one set of retryable answers and one way of writing what went wrong, so
every download behaves the same: :class:`Client` does, for every GET, what its :class:`RetryPolicy` says
(time-outs, retries with back-off, ``Retry-After`` up to a limit), and every text it produces passes through
:func:`redact`, so that secrets such as ``CENSUS_API_KEY`` never appear in a message, a log line or an exception.
The full rules: ``docs/user-guide/refreshing.md`` ("Downloads: one HTTP client").
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, quote_plus, urlencode

import requests
from tqdm import tqdm

from tradebalance import __version__
from tradebalance.errors import DownloadError

logger = logging.getLogger(__name__)

#: HTTP statuses worth another try: request time-out, rate limit, server errors and overloaded gateways.
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
#: ``requests`` exceptions worth another try: no connection, a time-out, a body broken off mid-transfer.
RETRY_ERRORS: tuple[type[Exception], ...] = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
)
CHUNK = 1 << 16
USER_AGENT = f"tradebalance/{__version__} (official trade statistics checker)"
#: Environment variables whose values are secrets, scrubbed from every message.
SECRET_ENV_VARS = ("CENSUS_API_KEY",)
REDACTED = "<redacted>"
_HTML = re.compile(rb"<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
#: A ``key`` query parameter (``key=``, ``api_key=``, URL-quoted ``key%3D``) and its value, up to the next one.
_KEY_PARAM = re.compile(r"(\b[\w.-]*key(?:=|%3D))(?:%(?!26)[0-9a-f]{2}|[^&%\s\"'<>#\\])+", re.IGNORECASE)
#: Secrets handed to any client in this process, for the logging filter on ``urllib3``.
_SECRETS: set[str] = set()


@dataclass(frozen=True)
class RetryPolicy:
    """How a GET is timed out and retried: ``RetryPolicy(max_attempts=2)`` keeps the other defaults."""

    timeout: float | tuple[float, float] = (10.0, 120.0)
    """Seconds per request, ``(connect, read)`` or one number."""
    max_attempts: int = 4
    """Tries per request (see the module docstring for what is retried)."""
    backoff: float = 1.0
    """First wait between tries, in seconds; it doubles each time, up to ``max_wait``."""
    max_wait: float = 60.0
    """Longest wait accepted from ``Retry-After`` (and the back-off's cap); a longer one fails the request at once."""
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False, repr=False)
    """The function that waits (tests pass a recorder)."""

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, not {self.max_attempts}")

    def wait(self, attempt: int) -> float:
        """Seconds of back-off after try number ``attempt`` (1, 2, …): ``backoff`` doubled each time, capped."""
        return min(self.backoff * 2 ** (attempt - 1), self.max_wait)


#: The default policy: 4 tries, waits of 1, 2 and 4 s, time-outs of 10 s (connect) and 120 s (read).
RETRY = RetryPolicy()


@dataclass(frozen=True)
class Answer:
    """A server's final answer to a GET: what the caller judges (status, headers, body)."""

    url: str
    """The URL as shown in messages: the request URL and its ``params``, never ``secret_params``."""
    status: int
    reason: str
    headers: Mapping[str, str] = field(repr=False)
    body: bytes = field(repr=False)
    encoding: str | None = field(default=None, repr=False)
    attempts: int = 1
    """How many tries it took."""

    @property
    def text(self) -> str:
        """The body decoded with the charset the server declared (UTF-8 if none); bad bytes become U+FFFD."""
        try:
            return self.body.decode(self.encoding or "utf-8", errors="replace")
        except LookupError:  # a charset Python does not know
            return self.body.decode("utf-8", errors="replace")

    @property
    def problem(self) -> str:
        """``"HTTP 503 SERVICE UNAVAILABLE"``: the status and the server's reason phrase."""
        return f"HTTP {self.status} {self.reason}".rstrip()


def redact(text: str, *secrets: str | None) -> str:
    """Return ``text`` with every form of each secret (raw, URL-quoted) replaced by ``<redacted>``.

    The value of any ``key`` query parameter (``key=…``, ``api_key=…``, ``key%3D…``) is replaced too, known
    secret or not: a server may echo a key this process was not told about.
    """
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        forms = {secret, *(f(secret, safe=safe) for f in (quote, quote_plus) for safe in ("", "/"))}
        for form in sorted(forms, key=len, reverse=True):
            text = text.replace(form, REDACTED)
    return _KEY_PARAM.sub(rf"\g<1>{REDACTED}", text)


def shorten(text: str, *secrets: str | None, limit: int = 300) -> str:
    """Return ``text`` redacted, *then* cut to ``limit`` characters (``…`` marks a cut).

    Cutting first could leave a prefix of a secret that :func:`redact` no longer recognises.
    """
    text = redact(text, *secrets)
    return text[:limit] + "…" if len(text) > limit else text


def secrets_from_env() -> tuple[str, ...]:
    """Return the values of the :data:`SECRET_ENV_VARS` that are set."""
    return tuple(v for v in (os.environ.get(name) for name in SECRET_ENV_VARS) if v)


def retry_after(value: str | None, *, now: dt.datetime | None = None) -> float | None:
    """Return the seconds a ``Retry-After`` header asks to wait, or ``None`` if it is absent or unreadable.

    Both forms of RFC 9110 are read: delta-seconds (``"120"``) and an HTTP date
    (``"Wed, 21 Oct 2026 07:28:00 GMT"``, parsed with :func:`email.utils.parsedate_to_datetime`; a date in
    the past means no wait). ``now`` (default: the current time) is for tests.
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


def html_title(body: bytes, limit: int | None = 200) -> str | None:
    """Return the title of an HTML page (``""`` when it has none), or ``None`` when ``body`` is not HTML.

    A body counts as HTML when its first kilobyte holds ``<!DOCTYPE html`` or an ``<html>`` tag. The title is
    cut to ``limit`` characters (``None``: not cut; redact it before cutting it for a message).
    """
    if not _HTML.search(body[:1024]):
        return None
    match = _TITLE.search(body[:65536])
    return " ".join(html.unescape(match.group(1).decode("utf-8", "replace")).split())[:limit] if match else ""


def snippet(text: str, *secrets: str | None, limit: int = 300) -> str:
    """Return a server's message with tags stripped, whitespace collapsed, secrets removed, then shortened."""
    plain = " ".join(html.unescape(_TAG.sub(" ", text)).split())
    return shorten(plain, *secrets, limit=limit) or "(empty body)"


class Client:
    """GETs with time-outs, retries with back-off, ``Retry-After``, a progress bar and redacted messages.

    Args:
        session: a ``requests.Session`` to use; one is made (and closed by :meth:`close`) if not given.
        retry: time-outs, tries and waits (default :data:`RETRY`).
        progress: show a byte progress bar per labelled download, when stderr is a terminal.
        secrets: values never to show, besides those of :data:`SECRET_ENV_VARS`.

    Subclasses may override :meth:`failure_message` to word a request that failed every try.
    """

    def __init__(
        self,
        session: requests.Session | None = None,
        *,
        retry: RetryPolicy = RETRY,
        progress: bool = False,
        secrets: Iterable[str | None] = (),
    ) -> None:
        self._own = session is None
        self.session = session if session is not None else requests.Session()
        self.retry = retry
        self.progress = progress
        self._secrets = tuple(dict.fromkeys(s for s in (*secrets, *secrets_from_env()) if s))
        _SECRETS.update(self._secrets)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(retry={self.retry!r}, secrets={len(self._secrets)} hidden)"

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the session if this client made it (a session passed in is left open)."""
        if self._own:
            self.session.close()

    def redact(self, text: str) -> str:
        """Return ``text`` without this client's secrets."""
        return redact(text, *self._secrets)

    def snippet(self, text: str, limit: int = 300) -> str:
        """:func:`snippet` with this client's secrets removed."""
        return snippet(text, *self._secrets, limit=limit)

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, str | list[str]] | None = None,
        secret_params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        allow_redirects: bool = True,
        label: str | None = None,
    ) -> Answer:
        """GET ``url``, retrying what is worth retrying; return the first answer that is not retried.

        Args:
            url: the URL (it may carry a query string of its own).
            params: query parameters (a list value repeats the parameter); shown in messages.
            secret_params: query parameters sent but never shown (an API key); their values are secrets.
            headers: extra request headers (e.g. ``If-None-Match``).
            allow_redirects: follow redirects (``False``: a 3xx is returned as the answer).
            label: the name for the progress bar (no bar without one).

        Returns:
            The answer: any status but those of :data:`RETRY_STATUSES`, the body read in full.

        Raises:
            DownloadError: a retryable failure on every try, a ``Retry-After`` beyond ``max_wait``, or a
                request that could not be made at all; the message names the URL (without secrets) and
                the last problem.
        """
        self._secrets = tuple(dict.fromkeys([*self._secrets, *(v for v in (secret_params or {}).values() if v)]))
        _SECRETS.update(self._secrets)
        secrets = self._secrets
        shown = redact(f"{url}?{urlencode(params, doseq=True)}" if params else url, *secrets)
        query = {**(params or {}), **(secret_params or {})} or None
        sent = {"User-Agent": USER_AGENT, **(headers or {})}
        for attempt in range(1, self.retry.max_attempts + 1):
            answer, problem = self._attempt(url, shown, query, sent, allow_redirects, label, attempt, secrets)
            if answer is not None and answer.status not in RETRY_STATUSES:
                return answer
            if attempt == self.retry.max_attempts:
                message = self.failure_message(shown, attempt, problem, answer)
                raise DownloadError(
                    redact(message, *secrets),
                    url=shown,
                    status=answer.status if answer else None,
                    attempts=attempt,
                ) from None
            wait = self._wait(shown, attempt, answer, secrets)
            logger.info("%s", redact(f"{shown}: {problem}; retrying in {wait:.1f} s", *secrets))
            self.retry.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def failure_message(self, url: str, attempts: int, problem: str, answer: Answer | None) -> str:
        """Word a request that failed every try (``answer`` is the last one, ``None`` after a connection error).

        The result is redacted before it is raised.
        """
        return f"{url}: failed after {attempts} attempts ({problem})"

    def refuse_html(self, answer: Answer, what: str = "the data file") -> None:
        """Raise :class:`DownloadError` if ``answer``'s body is an HTML page (an error page sent with 200)."""
        title = html_title(answer.body, limit=None)
        if title is None:
            return
        about = f" titled {shorten(title, *self._secrets, limit=200)!r}" if title else ""
        message = self.redact(f"{answer.url}: the server sent an HTML page{about} instead of {what}")
        raise DownloadError(message, url=answer.url, status=answer.status, attempts=answer.attempts)

    # ------------------------------------------------------------------------------------------------ inside

    def _attempt(
        self,
        url: str,
        shown: str,
        query: dict[str, Any] | None,
        headers: dict[str, str],
        allow_redirects: bool,
        label: str | None,
        attempt: int,
        secrets: tuple[str, ...],
    ) -> tuple[Answer | None, str]:
        """Make one try: the answer (and its problem, for a retryable status) or ``None`` and the error."""
        try:
            with self.session.get(
                url,
                params=query,
                headers=headers,
                timeout=self.retry.timeout,
                stream=True,
                allow_redirects=allow_redirects,
            ) as response:
                body = self._read(response, label)
                answer = Answer(
                    shown,
                    response.status_code,
                    response.reason or "",
                    response.headers,
                    body,
                    response.encoding,
                    attempt,
                )
                return answer, answer.problem
        except RETRY_ERRORS as exc:
            return None, redact(f"{type(exc).__name__}: {exc}", *secrets)
        except requests.RequestException as exc:
            problem = redact(f"{type(exc).__name__}: {exc}", *secrets)
        raise DownloadError(f"{shown}: request failed ({problem})", url=shown) from None

    def _wait(self, shown: str, attempt: int, answer: Answer | None, secrets: tuple[str, ...]) -> float:
        """Seconds to wait before the next try: the back-off, or what ``Retry-After`` asks (within the bound)."""
        wait = self.retry.wait(attempt)
        after = retry_after(answer.headers.get("Retry-After")) if answer is not None else None
        if after is None:
            return wait
        if after > self.retry.max_wait:
            assert answer is not None
            limit = self.retry.max_wait
            message = f"{shown}: {answer.problem}; the server asks to wait {after:.0f} s (limit {limit:.0f} s)"
            raise DownloadError(redact(message, *secrets), url=shown, status=answer.status, attempts=attempt)
        return after

    def _read(self, response: requests.Response, label: str | None) -> bytes:
        """Return the body of a streamed response, showing a byte progress bar on a terminal."""
        size = response.headers.get("Content-Length", "")
        chunks = []
        with tqdm(
            total=int(size) if size.isdigit() else None,
            desc=label,
            unit="B",
            unit_scale=True,
            leave=False,
            disable=not (self.progress and label and sys.stderr.isatty()),
        ) as bar:
            for chunk in response.iter_content(CHUNK):
                chunks.append(chunk)
                bar.update(len(chunk))
        return b"".join(chunks)


class _RedactSecrets(logging.Filter):
    """Scrub the secrets of every client from ``urllib3``'s log records (its debug lines show the URL)."""

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = (*_SECRETS, *secrets_from_env())
        if secrets:
            message = record.getMessage()
            clean = redact(message, *secrets)
            if clean != message:
                record.msg, record.args = clean, ()
        return True


_FILTER = _RedactSecrets()
for _name in ("urllib3.connectionpool", "urllib3.util.retry"):
    if not any(isinstance(f, _RedactSecrets) for f in logging.getLogger(_name).filters):
        logging.getLogger(_name).addFilter(_FILTER)
