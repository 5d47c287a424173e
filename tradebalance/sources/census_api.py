"""Client for the U.S. Census Bureau International Trade API: monthly U.S. exports and imports by partner.

Census publishes its end-use tables as web pages, not files; the API gives them (and HS commodities) monthly, one
partner at a time. :func:`fetch` asks for one calendar year per request (the API has no paging) through
:class:`tradebalance.sources.http.Client`, as the :class:`~tradebalance.sources.http.RetryPolicy` it is given
says; answers are read by :mod:`.census_api_answers`. The key, read from ``CENSUS_API_KEY`` only, is never
written anywhere. Endpoints, requests, answers and how the key is kept out of sight:
``docs/user-guide/refreshing.md`` ("The Census International Trade API").
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pandas as pd
import requests

from tradebalance.errors import DataNotFoundError, RefreshError
from tradebalance.schema import validate
from tradebalance.sources import http
from tradebalance.sources.census_api_answers import (
    FLOWS,
    LEVELS,
    MONTH,
    commodity_codes,
    country_code,
    parse_response,
    variables_of,
)

logger = logging.getLogger(__name__)

BASE_URL = "https://api.census.gov/data/timeseries/intltrade"
#: Environment variable that replaces :data:`BASE_URL` (e.g. a local test server).
ENV_URL = "TRADEBALANCE_CENSUS_URL"
#: Environment variable holding the optional API key (500 calls a day are allowed without one).
ENV_KEY = "CENSUS_API_KEY"
#: Census (Schedule C) country code -> ISO3, for the partners this package knows without being told.
PARTNERS: dict[str, str] = {"5880": "JPN"}
#: Statuses retried (one set for every download: :data:`tradebalance.sources.http.RETRY_STATUSES`).
RETRY_STATUSES = http.RETRY_STATUSES
_TIME = re.compile(r"^(?:\d{4}-\d{2}|from \d{4}-\d{2} to \d{4}-\d{2})$")


@dataclass(frozen=True)
class Request:
    """One API call, without the key: ``url`` plus query ``params`` (list values repeat the parameter)."""

    url: str
    params: dict[str, str | list[str]] = field(default_factory=dict)

    def display_url(self) -> str:
        """Return the full URL for messages and provenance; it never contains the key."""
        return f"{self.url}?{urlencode(self.params, doseq=True)}"


def base_url() -> str:
    """Return the API's base URL: ``$TRADEBALANCE_CENSUS_URL`` if set, else :data:`BASE_URL`."""
    return (os.environ.get(ENV_URL) or BASE_URL).rstrip("/")


def build_request(
    flow: str,
    classification: str,
    time: str,
    *,
    partner: str | int = "5880",
    level: str | None = None,
    codes: Sequence[str] | None = None,
) -> Request:
    """Build the request for one time predicate.

    Args:
        flow: ``"export"`` or ``"import"``.
        classification: dataset, ``"enduse"`` or ``"hs"``.
        time: ``"2017-12"`` or ``"from 2017-01 to 2017-12"``.
        partner: Census country code (``5880`` = Japan).
        level: ``COMM_LVL`` (default ``EU1`` for end use, ``HS2`` for HS).
        codes: optional commodity codes to keep (the API's ``*`` wildcard works, e.g. ``"3*"``).

    Raises:
        ValueError: unknown flow, dataset or level, a malformed time predicate, or a commodity code that is
            not digits (optionally ending in ``*``), such as a URL.
    """
    variables = variables_of(flow, classification)
    level = _level(classification, level)
    if not _TIME.match(time):
        raise ValueError(f"time {time!r} must look like '2017-12' or 'from 2017-01 to 2017-12'")
    get = ["CTY_CODE", "CTY_NAME", variables.code, variables.label, "COMM_LVL", variables.value]
    params: dict[str, str | list[str]] = {
        "get": ",".join(get),
        "time": time,
        "CTY_CODE": country_code(partner),
        "COMM_LVL": level,
    }
    if codes:
        params[variables.code] = commodity_codes(classification, codes)
    return Request(f"{base_url()}/{FLOWS[flow]}/{classification}", params)


def time_predicates(start: str | pd.Period, end: str | pd.Period | None = None) -> list[str]:
    """Split the months ``start``…``end`` into one ``time`` predicate per calendar year.

    >>> time_predicates("2016-11", "2017-12")
    ['from 2016-11 to 2016-12', 'from 2017-01 to 2017-12']
    """
    first, last = _month(start), _month(end if end is not None else start)
    if first > last:
        raise ValueError(f"start {first} is after end {last}")
    out = []
    for year in range(first.year, last.year + 1):
        lo = max(first, pd.Period(year=year, month=1, freq="M"))
        hi = min(last, pd.Period(year=year, month=12, freq="M"))
        out.append(str(lo) if lo == hi else f"from {lo} to {hi}")
    return out


@dataclass(frozen=True)
class Query:
    """What :func:`fetch` asks the Census API for: one flow of one classification with one partner, by month.

    ``start`` and ``end`` are months (``"2017-01"`` or monthly Periods; ``end`` defaults to ``start``); ``partner``
    a Census country code; ``level`` and ``codes`` as in :func:`build_request`.
    """

    flow: str
    classification: str
    start: str | pd.Period
    end: str | pd.Period | None = None
    partner: str | int = "5880"
    level: str | None = None
    codes: Sequence[str] | None = None


def fetch(
    query: Query,
    *,
    partners: Mapping[str, str] | None = None,
    session: requests.Session | None = None,
    retry: http.RetryPolicy = http.RETRY,
    preliminary_from: int | None = None,
    today: dt.date | None = None,
    allow_partial: bool = False,
) -> pd.DataFrame:
    """Fetch monthly U.S. trade with one partner from the Census API, in the tidy schema.

    Rows: reporter ``USA``; partner the ISO3 code of ``partner``; flow; classification ``census-enduse`` or
    ``hs``; code (string, as the API gives it); label from the long description; level (1 for ``EU1``/``HS2``,
    deeper levels count down the hierarchy, an all-commodities total row if the API sends one is level 0);
    parent (the code's prefix at the level above, for levels > 1); value in dollars; currency ``USD``; basis
    ``FAS`` (exports) or ``customs`` (imports); source ``census-api-<flow>-<dataset>``; status below.

    Status: the API says nothing about revisions (its ``LAST_UPDATE`` variable is reportedly always ``"0"``),
    so it is set by calendar: months in a year ``>= preliminary_from`` are ``preliminary``, others
    ``confirmed``. ``preliminary_from`` defaults to the current (partial) year, from ``today``. Census revises
    the previous year's months each June; pass ``preliminary_from=<last year>`` to treat those as preliminary
    too.

    Args:
        query: the flow (``"export"`` or ``"import"``), classification (``"enduse"`` or ``"hs"``), first and
            last month (long ranges are fetched one calendar year per request), partner, level and codes.
        partners: Census code -> ISO3 (default :data:`PARTNERS`, which knows only Japan); keys may be ints.
        session: ``requests.Session`` to use (one is created and closed if not given).
        retry: time-outs, tries per request and the waits between them, e.g.
            ``http.RetryPolicy(max_attempts=2, timeout=5)`` (default ``http.RETRY``, 4
            tries). Tries are made on connection errors, timeouts and HTTP 408, 429, 500, 502, 503, 504; a
            ``Retry-After`` header beyond ``retry.max_wait`` fails the request.
        preliminary_from: first year whose months are ``preliminary``.
        today: the date used for the default ``preliminary_from``.
        allow_partial: return the months found when some requested months have no data (they are listed in
            ``attrs["missing_periods"]``) instead of raising.

    Returns:
        The tidy frame (validated); ``attrs["requests"]`` lists the URLs called (without the key),
        ``attrs["duplicate_headers"]`` counts repeated header rows skipped.

    Raises:
        DataNotFoundError: the API has no data for the request (HTTP 204 or an empty answer), or, unless
            ``allow_partial``, for some of the requested months.
        RefreshError: the API refused the request (its message is quoted), redirected it (missing or invalid
            key), or failed after ``retry.max_attempts`` tries.
        ParseError: the answer is not the API's JSON array of arrays, or a code or description in it is not
            what the API sends (e.g. the request echoed back); the message names the URL and row.
        ValueError: bad arguments (checked before any request), or a partner without an ISO3 code.
    """
    flow, classification, start, end = query.flow, query.classification, query.start, query.end
    cty = country_code(query.partner)
    known = PARTNERS if partners is None else {country_code(k): v for k, v in partners.items()}
    iso = known.get(cty)
    if iso is None:
        raise ValueError(f"no ISO3 code known for Census country code {cty}; pass partners={{'{cty}': '<ISO3>'}}")
    if preliminary_from is None:
        preliminary_from = (today or dt.date.today()).year
    key = os.environ.get(ENV_KEY) or None
    requests_made = [
        build_request(flow, classification, t, partner=cty, level=query.level, codes=query.codes)
        for t in time_predicates(start, end)
    ]
    frames: list[pd.DataFrame] = []
    with _Client(session, retry=retry, secrets=(key,)) as client:
        for req in requests_made:
            text = _get(client, req, key)
            if text is not None:
                frames.append(
                    parse_response(
                        text,
                        req.display_url(),
                        flow=flow,
                        classification=classification,
                        partner=cty,
                        partner_iso=iso,
                        preliminary_from=preliminary_from,
                        key=key,
                    )
                )
    urls = [r.display_url() for r in requests_made]
    if not frames:
        raise DataNotFoundError(f"{'; '.join(urls)}: the Census API has no data for this request (HTTP 204 or empty)")
    duplicate_headers = sum(f.attrs.get("duplicate_headers", 0) for f in frames)
    out = pd.concat(frames, ignore_index=True)
    found = set(out["period"])
    wanted = pd.period_range(_month(start), _month(end if end is not None else start), freq="M")
    missing = [str(p) for p in wanted if p not in found]
    if missing and not allow_partial:
        raise DataNotFoundError(f"{'; '.join(urls)}: no data for {', '.join(missing)}")
    out = validate(out, "; ".join(urls))
    out.attrs.update(requests=urls, duplicate_headers=duplicate_headers, missing_periods=missing)
    return out


def redact(text: str, key: str | None) -> str:
    """``text`` with every form of ``key`` (raw, URL-quoted) replaced by ``<redacted>``."""
    return http.redact(text, key)


class _Client(http.Client):
    """The shared HTTP client, with the Census API client's wording for a request that failed every try."""

    def failure_message(self, url: str, attempts: int, problem: str, answer: http.Answer | None) -> str:
        if answer is None:
            return f"{url}: request failed after {attempts} attempts ({problem})"
        return f"{url}: HTTP {answer.status} after {attempts} attempts: {self.snippet(answer.text)}"


def _get(client: http.Client, req: Request, key: str | None) -> str | None:
    """GET ``req`` (with retries); the body text, or ``None`` for "no data" (HTTP 204 or an empty body)."""
    url = req.display_url()
    answer = client.get(req.url, params=req.params, secret_params={"key": key} if key else None, allow_redirects=False)
    status = answer.status
    if status == 204:
        return None
    if 300 <= status < 400:
        where = client.redact(answer.headers.get("Location", "?"))
        raise RefreshError(
            f"{url}: HTTP {status} redirect to {where}; the Census API redirects when the API key is missing "
            f"or invalid (check {ENV_KEY})"
        )
    if status != 200:
        message = client.snippet(answer.text)
        raise RefreshError(f"{url}: the Census API refused the request (HTTP {status}): {message}")
    if http.html_title(answer.body) is not None and b"key" in answer.body.lower():
        message = client.snippet(answer.text)
        raise RefreshError(f"{url}: the Census API answered with a page about the API key: {message}")
    client.refuse_html(answer, "the API's JSON answer")
    text = answer.text
    return text if text.strip() else None


def _level(classification: str, level: str | None) -> str:
    levels = LEVELS[classification]
    if level is None:
        return next(iter(levels))
    if level not in levels:
        raise ValueError(f"level {level!r} is not a {classification} level; expected one of {', '.join(levels)}")
    return level


def _month(value: str | pd.Period) -> pd.Period:
    if isinstance(value, pd.Period):
        return value.asfreq("M")
    match = MONTH.match(str(value))
    if not match:
        raise ValueError(f"month {value!r} must look like '2017-01'")
    return pd.Period(year=int(match.group(1)), month=int(match.group(2)), freq="M")
