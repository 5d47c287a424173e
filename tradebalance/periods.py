"""Periods: months, quarters, half-years, calendar years and Japanese fiscal years, as claims name them.

Fiscal years run April–March and are named by the starting year.
Labels: ``"2017-03"`` (M), ``"2017Q1"`` (Q), ``"2017H1"`` (H), ``"2017"`` (Y), ``"FY2017"`` (FY).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tradebalance.errors import DataNotFoundError

if TYPE_CHECKING:
    import pandas as pd

FREQS = ("M", "Q", "H", "Y", "FY")
#: Months in a complete period of each frequency.
MONTHS = {"M": 1, "Q": 3, "H": 6, "Y": 12, "FY": 12}
_SELECTOR = re.compile(
    r"^(?:FY(?P<fy>\d{4})|(?P<ym>\d{4})-(?P<m>\d{2})|(?P<yq>\d{4})-?Q(?P<q>[1-4])|(?P<yh>\d{4})-?H(?P<h>[12])|(?P<y>\d{4}))$"
)
#: Words for periods relative to a claim's date.
RELATIVE = ("last year", "this year", "last fiscal year", "last month", "last quarter")


def bucket(periods: pd.Series, freq: str) -> pd.Series:
    """Label each period with the bucket it falls in (``"2017-03"``, ``"2017Q1"``, ``"2017H1"``, ``"2017"``, ``"FY2017"``).

    Labels are made once per distinct period (a few hundred), not once per row.
    """
    import pandas as pd

    if freq not in FREQS:
        raise ValueError(f"freq must be one of {FREQS}, got {freq!r}")
    codes, distinct = pd.factorize(periods)
    index = pd.PeriodIndex(distinct) if len(distinct) else pd.PeriodIndex(periods)
    months = {"M": 1, "Q": 3}.get(index.freqstr[0], 12)
    if MONTHS[freq] < months or (freq == "FY" and months != 1):
        have = {1: "monthly", 3: "quarterly"}.get(months, "annual")
        raise DataNotFoundError(f"{_NAMES[freq]} need monthly data; this data is {have}")
    year = pd.Index(index.year)
    if freq == "Y":
        labels = year.astype(str)
    elif freq == "FY":
        labels = "FY" + pd.Index(index.year - (index.month < 4)).astype(str)
    elif freq == "H":
        labels = year.astype(str) + "H" + pd.Index((index.month > 6) + 1).astype(str)
    elif freq == "Q":
        labels = year.astype(str) + "Q" + pd.Index(index.quarter).astype(str)
    else:
        labels = pd.Index(index.strftime("%Y-%m"))
    # factorize codes a missing period -1, which take() turns into <NA>
    return pd.Series(pd.array(labels, dtype="string").take(codes, allow_fill=True), index=periods.index)


_NAMES = {"M": "months", "Q": "quarters", "H": "half-years", "Y": "calendar years", "FY": "fiscal years"}


def is_monthly(periods: pd.Series) -> bool:
    """Whether a ``period`` column holds months (rather than quarters or years)."""
    import pandas as pd

    return pd.PeriodIndex(periods[:1]).freqstr == "M" if len(periods) else periods.dtype == pd.PeriodDtype("M")


def months_in(label: str) -> int:
    """How many months a complete bucket has."""
    return MONTHS[parse(label)[0]]


def parse(selector: str | int) -> tuple[str, str]:
    """Turn ``2017``, ``"FY2017"``, ``"2017-03"``, ``"2017Q1"`` or ``"2017H1"`` into (freq, label)."""
    text = str(selector).strip().upper()
    match = _SELECTOR.match(text)
    if not match:
        raise DataNotFoundError(
            f"period {selector!r} is not a year (2017), fiscal year (FY2017), quarter (2017Q1), half-year "
            "(2017H1) or month (2017-03)"
        )
    g = match.groupdict()
    if g["fy"]:
        return "FY", f"FY{g['fy']}"
    if g["ym"]:
        return "M", f"{g['ym']}-{g['m']}"
    if g["yq"]:
        return "Q", f"{g['yq']}Q{g['q']}"
    if g["yh"]:
        return "H", f"{g['yh']}H{g['h']}"
    return "Y", str(g["y"])


def span(selector: str | int, freq: str) -> tuple[str, str]:
    """The first and last periods at ``freq`` that ``selector`` covers: ``2017`` in months is ``2017-01`` to ``2017-12``.

    Raises:
        DataNotFoundError: ``selector`` does not begin and end with whole periods of ``freq`` (a calendar
            year in fiscal years, a month in years).

    Example::

        >>> span(2017, "M"), span("FY2017", "Q"), span("2017H2", "H")
        (('2017-01', '2017-12'), ('2017Q2', '2018Q1'), ('2017H2', '2017H2'))
    """
    given, label = parse(selector)
    first = _month(label)
    last = first + MONTHS[given] - 1
    start, end = _label(first, freq), _label(last, freq)
    if _month(start) != first or _month(end) + MONTHS[freq] - 1 != last:
        raise DataNotFoundError(f"{_NAMES[given][:-1]} {label} is not a whole number of {_NAMES[freq]}")
    return start, end


def _month(label: str) -> int:
    """The first month of a period label, counted from January of year 0."""
    freq, label = parse(label)
    if freq == "FY":
        return int(label[2:]) * 12 + 3
    year = int(label[:4])
    if freq == "M":
        return year * 12 + int(label[5:7]) - 1
    return year * 12 + (0 if freq == "Y" else (int(label[-1]) - 1) * MONTHS[freq])


def _label(month: int, freq: str) -> str:
    """The label at ``freq`` of the period holding ``month`` (counted as :func:`_month` counts)."""
    year, index = divmod(month, 12)
    return {
        "M": f"{year}-{index + 1:02d}",
        "Q": f"{year}Q{index // 3 + 1}",
        "H": f"{year}H{index // 6 + 1}",
        "Y": str(year),
        "FY": f"FY{year if index >= 3 else year - 1}",
    }[freq]


def previous(label: str) -> str:
    """The period before ``label`` at the same frequency (``2017`` → ``2016``, ``2017Q1`` → ``2016Q4``)."""
    freq, label = parse(label)
    if freq in ("Y", "FY"):
        return label[:-4] + str(int(label[-4:]) - 1)
    year, part = (int(label[:4]), int(label[-1])) if freq in ("Q", "H") else (int(label[:4]), int(label[5:7]))
    count = {"Q": 4, "H": 2, "M": 12}[freq]
    year, part = (year - 1, count) if part == 1 else (year, part - 1)
    return f"{year}-{part:02d}" if freq == "M" else f"{year}{freq}{part}"


def year_before(label: str) -> str:
    """The same period a year earlier (``2017-03`` → ``2016-03``, ``FY2017`` → ``FY2016``)."""
    freq, label = parse(label)
    start = 2 if freq == "FY" else 0
    year = int(label[start : start + 4])
    return label[:start] + str(year - 1) + label[start + 4 :]


def resolve(words: str | int, date: str) -> str:
    """A period named relative to a claim's date (``"last year"`` said on 2018-04-18 → ``"2017"``)."""
    text = str(words).strip().lower()
    if text not in RELATIVE:
        return str(words)
    if not date[:4].isdigit():
        raise DataNotFoundError(f"period {words!r} needs the claim's date (attribution.date)")
    year = int(date[:4])
    month = int(date[5:7]) if date[5:7].isdigit() else 1
    if text == "last year":
        return str(year - 1)
    if text == "this year":
        return str(year)
    if text == "last fiscal year":
        return f"FY{year - 1 if month >= 4 else year - 2}"
    if text == "last quarter":
        quarter = (month - 1) // 3
        return f"{year - 1}Q4" if quarter == 0 else f"{year}Q{quarter}"
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"
