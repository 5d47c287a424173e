"""Yen-per-dollar exchange rates from FRED (Federal Reserve H.10): CSV downloads and live reads.

Every conversion between yen and dollars uses these rates (``DEXJPUS`` daily, ``EXJPUS`` monthly). FRED has served
its CSV in two layouts, both read here, into frames with the columns of ``tradebalance.schema.FX_COLUMNS`` and the
dates without a value counted in ``frame.attrs``. The layouts, the series and the attributes:
``docs/user-guide/loading.md`` ("FRED exchange rates").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import requests
from pandas_datareader.fred import FredReader

from tradebalance.errors import ParseError, RefreshError
from tradebalance.schema import FX_COLUMNS
from tradebalance.sources.common import read_bytes
from tradebalance.sources.registry import SOURCES

#: Header of the first column -> name of the layout.
HEADERS = {"DATE": "old", "observation_date": "new"}
#: Values that mean "no observation on this date" (holidays, for the daily series).
MISSING = frozenset({"", "."})
#: Environment variable that replaces FRED's CSV URL (``https://fred.stlouisfed.org/graph/fredgraph.csv``).
ENV_URL = SOURCES["fx"].refresh_env
_SERIES = re.compile(r"^[A-Z0-9_]+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse(path: str | Path) -> pd.DataFrame:
    """Parse a FRED CSV download (either header layout) into ``date``, ``series``, ``value``.

    Dates without a value (``.`` or empty; for the daily series these are U.S. holidays, when no
    noon rate is certified) are dropped from the frame and counted in ``frame.attrs["missing"]``.

    Args:
        path: the CSV file.

    Returns:
        One row per date with a value, sorted by date; see the module docstring for ``attrs``.

    Raises:
        ParseError: unknown header, bad date, non-numeric, zero or negative value, a date listed twice,
            or no dates at all; the message names the file and row.
    """
    path = Path(path)
    return parse_bytes(read_bytes(path), path)


def parse_bytes(raw: bytes, origin: str | Path) -> pd.DataFrame:
    """Parse the bytes of a FRED CSV; ``origin`` (file or URL) is used in messages and ``attrs["source"]``."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParseError(origin, "not UTF-8 text; expected a FRED CSV download") from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ParseError(origin, f"not a CSV file ({exc})") from None
    header = rows[0] if rows else None
    series = _header(header, origin)
    seen: dict[dt.date, int] = {}
    dates: list[dt.date] = []
    values: list[float] = []
    missing: list[dt.date] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line carries no observation
        if len(row) != 2:
            raise ParseError(origin, f"expected 2 fields (date, {series}), found {len(row)}: {row!r}", row=number)
        date = _date(row[0].strip(), origin, number)
        if date in seen:
            raise ParseError(origin, f"date {date} is listed twice (first in row {seen[date]})", row=number, column=1)
        seen[date] = number
        value = _value(row[1].strip(), origin, number)
        if value is None:
            missing.append(date)
        else:
            dates.append(date)
            values.append(value)
    if not seen:
        raise ParseError(origin, f"no observations after the header {','.join(header or [])!r}")
    frame = _frame(dates, series, values)
    _describe(frame, origin=str(origin), series=series, missing=missing, first=min(seen), last=max(seen))
    return frame


def merge_daily(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Combine overlapping downloads of one daily series (e.g. the two ``DEXJPUS`` files) into one.

    On every date that two inputs both cover (between the later ``first`` and the earlier ``last``), both
    must list the date and agree: the same value, or both without a value. The merged frame's
    ``attrs["overlap_days"]`` counts the dates compared.

    Args:
        frames: frames returned by :func:`parse` or :func:`fetch` (their ``attrs`` are needed).

    Returns:
        The union of the observations, sorted by date, with ``attrs`` as for :func:`parse`; ``source``
        joins the inputs' sources with ``" + "``.

    Raises:
        ParseError: the inputs are different series, or disagree on a shared date; the message names both
            sources, how many dates disagree and the first of them.
        ValueError: no frames, or a frame without the ``attrs`` that :func:`parse` sets.
    """
    if not frames:
        raise ValueError("merge_daily needs at least one frame")
    for frame in frames:
        if not {"source", "series", "first", "last", "missing_dates"} <= frame.attrs.keys():
            raise ValueError("merge_daily needs frames returned by fred.parse or fred.fetch (their attrs are missing)")
    first = frames[0]
    for other in frames[1:]:
        if other.attrs["series"] != first.attrs["series"]:
            raise ParseError(
                first.attrs["source"],
                f"series {first.attrs['series']} cannot be merged with {other.attrs['series']} "
                f"from {other.attrs['source']}",
            )
    overlap_days = 0
    for i, left in enumerate(frames):
        for right in frames[i + 1 :]:
            overlap_days += _compare(left, right)
    data = pd.concat([f.loc[:, list(FX_COLUMNS)] for f in frames], ignore_index=True)
    data = data.drop_duplicates(subset="date").sort_values("date", ignore_index=True)
    observed = set(data["date"].dt.date)
    missing = sorted({dt.date.fromisoformat(d) for f in frames for d in f.attrs["missing_dates"]} - observed)
    merged = _frame(list(data["date"].dt.date), first.attrs["series"], list(data["value"]))
    _describe(
        merged,
        origin=" + ".join(f.attrs["source"] for f in frames),
        series=first.attrs["series"],
        missing=missing,
        first=min(dt.date.fromisoformat(f.attrs["first"]) for f in frames),
        last=max(dt.date.fromisoformat(f.attrs["last"]) for f in frames),
    )
    merged.attrs["overlap_days"] = overlap_days
    return merged


def fetch(
    series: str,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    *,
    session: requests.Session | None = None,
    retry_count: int = 3,
    pause: float = 0.1,
    timeout: float = 30,
) -> pd.DataFrame:
    """Read a FRED series live through pandas-datareader's FRED reader, in the same shape as :func:`parse`.

    This is ``pandas_datareader.data.DataReader(series, "fred", start, end)`` — which only constructs a
    ``FredReader`` and calls ``read()`` — through a subclass of ``FredReader``: ``DataReader`` has no way to
    change the URL, whereas ``FredReader.url`` is a property a subclass can override. The subclass reads
    its URL from the environment variable ``TRADEBALANCE_FRED_URL`` when set, and hooks
    ``_sanitize_response`` to check the raw CSV with :func:`parse_bytes` (header, dates, numbers,
    duplicates) before datareader parses it. The two parses are then compared.

    Args:
        series: FRED series id, e.g. ``"DEXJPUS"``.
        start: first date (datareader's default: five years ago).
        end: last date (default: today).
        session: a ``requests.Session`` to use. Datareader closes it after the read.
        retry_count: datareader's retries on a failed request.
        pause: datareader's pause in seconds between retries.
        timeout: seconds per request.

    Returns:
        One row per date in ``[start, end]`` with a value; ``attrs["missing"]`` counts the dates without one.

    Raises:
        RefreshError: the download failed (connection error, HTTP error after retries, empty answer).
        ParseError: the answer is not a FRED CSV for ``series``; the message names the URL and row.
        ValueError: ``series`` is not a FRED id, or ``start`` is after ``end``.
    """
    if not _SERIES.match(series):
        raise ValueError(f"{series!r} is not a FRED series id (upper-case letters, digits, underscores)")
    reader = _Reader(
        symbols=series,
        start=start,
        end=end,
        retry_count=retry_count,
        pause=pause,
        timeout=timeout,
        session=session,
        base_url=os.environ.get(ENV_URL) or None,
    )
    origin = f"{reader.url}?id={series}"
    try:
        via_datareader = reader.read()
    except (ParseError, RefreshError):
        raise
    except OSError as exc:  # pandas_datareader's RemoteDataError is an OSError
        raise RefreshError(f"{origin}: download failed: {exc}") from exc
    except (ValueError, TypeError, KeyError) as exc:
        raise ParseError(origin, f"pandas-datareader could not read the answer as a FRED CSV ({exc})") from exc
    parsed = reader.parsed
    if parsed is None or parsed.attrs["series"] != series:
        found = None if parsed is None else parsed.attrs["series"]
        raise ParseError(origin, f"expected series {series}, the answer's header names {found}", row=1)
    return _window(parsed, via_datareader, reader.start, reader.end, origin)


class _Reader(FredReader):
    """``FredReader`` with a configurable URL that validates the raw CSV before datareader parses it."""

    def __init__(self, *args: object, base_url: str | None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._base_url = base_url
        self.parsed: pd.DataFrame | None = None

    @property
    def url(self) -> str:
        """``$TRADEBALANCE_FRED_URL`` if set, else FredReader's (``https://fred.stlouisfed.org/graph/fredgraph.csv``)."""
        return self._base_url or super().url

    def _sanitize_response(self, response: requests.Response) -> bytes:
        content = response.content
        self.parsed = parse_bytes(content, response.url)
        return content


def _window(
    parsed: pd.DataFrame, via_datareader: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, origin: str
) -> pd.DataFrame:
    """Restrict ``parsed`` to ``[start, end]`` and check it against datareader's own parse."""
    start_date, end_date = pd.Timestamp(start).date(), pd.Timestamp(end).date()
    inside = (parsed["date"] >= pd.Timestamp(start_date)) & (parsed["date"] <= pd.Timestamp(end_date))
    frame = parsed.loc[inside].reset_index(drop=True)
    column = via_datareader.iloc[:, 0].dropna()
    theirs = pd.Series(pd.to_numeric(column, errors="coerce").to_numpy(), index=column.index.normalize())
    ours = pd.Series(frame["value"].to_numpy(), index=pd.DatetimeIndex(frame["date"]).as_unit("ns"))
    if (
        len(theirs) != len(ours)
        or not (theirs.index.as_unit("ns") == ours.index).all()
        or not ((theirs.to_numpy() == ours.to_numpy()).all())
    ):
        raise ParseError(origin, "pandas-datareader's reading of the answer differs from tradebalance's")
    missing = [
        dt.date.fromisoformat(d)
        for d in parsed.attrs["missing_dates"]
        if start_date.isoformat() <= d <= end_date.isoformat()
    ]
    listed = [d.date() for d in frame["date"]] + missing
    result = frame.copy()
    _describe(
        result,
        origin=origin,
        series=parsed.attrs["series"],
        missing=missing,
        first=min(listed, default=start_date),
        last=max(listed, default=end_date),
    )
    return result


def _header(header: list[str] | None, origin: str | Path) -> str:
    """Return the series id from the header row, which must be ``DATE,<SERIES>`` or ``observation_date,<SERIES>``."""
    cells = [c.strip() for c in header] if header else []
    if len(cells) != 2 or cells[0] not in HEADERS or not _SERIES.match(cells[1]):
        raise ParseError(
            origin,
            f"unknown header {','.join(cells)!r}; expected 'DATE,<SERIES>' or 'observation_date,<SERIES>' "
            "with an upper-case FRED series id",
            row=1,
        )
    return cells[1]


def _date(text: str, origin: str | Path, row: int) -> dt.date:
    if _DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise ParseError(origin, f"expected a date like 2017-01-03, found {text!r}", row=row, column=1)


def _value(text: str, origin: str | Path, row: int) -> float | None:
    """Read a rate in yen per dollar, or ``None`` for a date without one (``.`` or empty)."""
    if text in MISSING:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ParseError(
            origin, f"expected a number of yen per dollar, '.' or nothing, found {text!r}", row=row, column=2
        ) from None
    if not math.isfinite(value) or value <= 0:
        raise ParseError(origin, f"expected a positive exchange rate, found {text!r}", row=row, column=2)
    return value


def _frame(dates: list[dt.date], series: str, values: list[float]) -> pd.DataFrame:
    columns = {
        "date": pd.to_datetime(pd.Series(dates, dtype="object")),
        "series": pd.Series([series] * len(dates), dtype="object"),
        "value": pd.Series(values, dtype="object"),
    }
    frame = pd.DataFrame({c: columns[c].astype(dtype) for c, dtype in FX_COLUMNS.items()})
    return frame.sort_values("date", ignore_index=True)


def _describe(
    frame: pd.DataFrame, *, origin: str, series: str, missing: list[dt.date], first: dt.date, last: dt.date
) -> None:
    frame.attrs.clear()
    frame.attrs.update(
        source=origin,
        series=series,
        missing=len(missing),
        missing_dates=[d.isoformat() for d in sorted(missing)],
        first=first.isoformat(),
        last=last.isoformat(),
    )


def _compare(left: pd.DataFrame, right: pd.DataFrame) -> int:
    """Check two downloads agree on every date both cover; return how many dates were compared."""
    lo = max(left.attrs["first"], right.attrs["first"])
    hi = min(left.attrs["last"], right.attrs["last"])
    if lo > hi:
        return 0
    a, b = _states(left, lo, hi), _states(right, lo, hi)
    days = sorted(a.keys() | b.keys())
    bad = [d for d in days if a.get(d, "not listed") != b.get(d, "not listed")]
    if bad:
        d = bad[0]
        raise ParseError(
            left.attrs["source"],
            f"disagrees with {right.attrs['source']} on {len(bad)} of {len(days)} overlapping days "
            f"({lo} to {hi}); first {d}: {a.get(d, 'not listed')} vs {b.get(d, 'not listed')}",
        )
    return len(days)


def _states(frame: pd.DataFrame, lo: str, hi: str) -> dict[str, object]:
    """Map each date in ``[lo, hi]`` to its value, or ``"no value"`` for a listed date without one."""
    dates = frame["date"].dt.strftime("%Y-%m-%d")
    inside = (dates >= lo) & (dates <= hi)
    states: dict[str, object] = dict(zip(dates[inside], frame.loc[inside, "value"], strict=True))
    for d in frame.attrs["missing_dates"]:
        if lo <= d <= hi:
            states[d] = "no value"
    return states
