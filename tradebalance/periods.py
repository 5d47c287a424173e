"""Periods: months, quarters, half-years, calendar years and fiscal years, as claims name them.

Japan's fiscal years run April–March and are named by the starting year; the U.S. federal fiscal year runs
October–September and is named by the year it ends in.
Labels: ``"2017-03"`` (M), ``"2017Q1"`` (Q), ``"2017H1"`` (H), ``"2017"`` (Y), ``"FY2017"`` (FY),
``"FY2017H1"`` (FYH: April–September 2017), ``"USFY2017"`` (USFY: October 2016 – September 2017).
A range of years, ``"1999-2024"``, is read by :func:`years` (claims total or average it).

The revision calendar (:data:`PRELIMINARY_FOR`, :data:`REVISED_FOR`): how long after a period ends an agency's
figures for it are preliminary, and how long they may still be revised. The build, the refresh and the verdict
on a claim read it here (:func:`preliminary`, :func:`preliminary_from`, :func:`months_after`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tradebalance.errors import DataNotFoundError

if TYPE_CHECKING:
    import pandas as pd

FREQS = ("M", "Q", "H", "Y", "FY", "FYH", "USFY")
#: Months in a complete period of each frequency.
MONTHS = {"M": 1, "Q": 3, "H": 6, "Y": 12, "FY": 12, "FYH": 6, "USFY": 12}
#: The month (0 = January) each kind of year starts in.
_STARTS = {"FY": 3, "FYH": 3, "USFY": 9}
_SELECTOR = re.compile(
    r"^(?:FY(?P<fyh>\d{4})-?H(?P<fh>[12])|FY(?P<fy>\d{4})|(?:USFY|FFY)(?P<us>\d{4})|(?P<ym>\d{4})-(?P<m>\d{2})"
    r"|(?P<yq>\d{4})-?Q(?P<q>[1-4])|(?P<yh>\d{4})-?H(?P<h>[12])|(?P<y>\d{4}))$"
)
_RANGE = re.compile(r"^\s*(\d{4})\s*(?:-|–|—|to|\.\.)\s*(\d{4})\s*$")
#: Words for periods relative to a claim's date.
RELATIVE = ("last year", "this year", "last fiscal year", "last month", "last quarter")
#: Months after a period ends during which an agency's figures for it are preliminary (as first published).
#: Census revises the previous year's months each June, with the April statistics: a year is preliminary until
#: the July after it. BEA's annual update is in June too. MOF publishes a year's revised figures in March of
#: the next: final from April.
PRELIMINARY_FOR = {"census": 6, "bea": 6, "mof": 3}
#: Months after a period ends during which its figures may still be revised: Census and BEA revise a year again
#: in the next one to three June revisions; MOF confirms its figures within the year after.
REVISED_FOR = {"census": 42, "bea": 42, "mof": 12}


def bucket(periods: pd.Series, freq: str) -> pd.Series:
    """Label each period with the bucket it falls in (``"2017-03"``, ``"2017Q1"``, ``"2017H1"``, ``"2017"``, ``"FY2017"``).

    Labels are made once per distinct period (a few hundred), not once per row.
    """
    import pandas as pd

    if freq not in FREQS:
        raise ValueError(f"freq must be one of {FREQS}, got {freq!r}")
    codes, distinct = pd.factorize(periods)
    index = pd.PeriodIndex(distinct) if len(distinct) else pd.PeriodIndex(periods)
    check_frequency(freq, months_of(index.freqstr))
    year = pd.Index(index.year)
    if freq in ("FYH", "USFY"):
        labels = pd.Index([_label(y * 12 + m - 1, freq) for y, m in zip(index.year, index.month, strict=True)])
    elif freq == "Y":
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


_NAMES = {
    "M": "months",
    "Q": "quarters",
    "H": "half-years",
    "Y": "calendar years",
    "FY": "fiscal years",
    "FYH": "fiscal half-years",
    "USFY": "U.S. federal fiscal years",
}


def months_of(freqstr: str) -> int:
    """The months in one period of a pandas frequency (``M``: 1, ``Q-DEC``: 3, ``Y-DEC``: 12)."""
    return {"M": 1, "Q": 3}.get(freqstr[0], 12)


def check_frequency(freq: str, months: int) -> None:
    """Raise DataNotFoundError where data of ``months``-month periods cannot be put in ``freq``'s buckets."""
    if MONTHS[freq] < months or (freq in _STARTS and months != 1):
        have = {1: "monthly", 3: "quarterly"}.get(months, "annual")
        raise DataNotFoundError(f"{_NAMES[freq]} need monthly data; this data is {have}")


def is_monthly(periods: pd.Series) -> bool:
    """Whether a ``period`` column holds months (rather than quarters or years)."""
    import pandas as pd

    return pd.PeriodIndex(periods[:1]).freqstr == "M" if len(periods) else periods.dtype == pd.PeriodDtype("M")


def months_in(label: str) -> int:
    """How many months a complete bucket has."""
    return MONTHS[parse_label(label)[0]]


def parse_label(selector: str | int) -> tuple[str, str]:
    """Turn ``2017``, ``"FY2017"``, ``"FY2017H1"``, ``"USFY2017"``, ``"2017-03"``, ``"2017Q1"`` or ``"2017H1"`` into (freq, label)."""
    text = str(selector).strip().upper()
    match = _SELECTOR.match(text)
    if not match:
        raise DataNotFoundError(
            f"period {selector!r} is not a year (2017), fiscal year (FY2017), fiscal half (FY2017H1), U.S. "
            "federal fiscal year (USFY2017), quarter (2017Q1), half-year (2017H1) or month (2017-03)"
        )
    g = match.groupdict()
    if g["fyh"]:
        return "FYH", f"FY{g['fyh']}H{g['fh']}"
    if g["fy"]:
        return "FY", f"FY{g['fy']}"
    if g["us"]:
        return "USFY", f"USFY{g['us']}"
    if g["ym"]:
        return "M", f"{g['ym']}-{g['m']}"
    if g["yq"]:
        return "Q", f"{g['yq']}Q{g['q']}"
    if g["yh"]:
        return "H", f"{g['yh']}H{g['h']}"
    return "Y", str(g["y"])


def years(selector: str | int) -> tuple[int, int] | None:
    """The first and last year of a range of years (``"1999-2024"``, ``"1999 to 2024"``), or ``None``."""
    found = _RANGE.match(str(selector))
    if not found:
        return None
    first, last = int(found.group(1)), int(found.group(2))
    if first >= last:
        raise DataNotFoundError(f"period {selector!r}: a range of years runs from an earlier year to a later one")
    return first, last


def span(selector: str | int, freq: str) -> tuple[str, str]:
    """The first and last periods at ``freq`` that ``selector`` covers: ``2017`` in months is ``2017-01`` to ``2017-12``.

    Raises:
        DataNotFoundError: ``selector`` does not begin and end with whole periods of ``freq`` (a calendar
            year in fiscal years, a month in years).

    Example::

        >>> span(2017, "M"), span("FY2017", "Q"), span("2017H2", "H")
        (('2017-01', '2017-12'), ('2017Q2', '2018Q1'), ('2017H2', '2017H2'))
    """
    given, label = parse_label(selector)
    first = _month(label)
    last = first + MONTHS[given] - 1
    start, end = _label(first, freq), _label(last, freq)
    if _month(start) != first or _month(end) + MONTHS[freq] - 1 != last:
        raise DataNotFoundError(f"{_NAMES[given][:-1]} {label} is not a whole number of {_NAMES[freq]}")
    return start, end


def _month(label: str) -> int:
    """The first month of a period label, counted from January of year 0."""
    freq, label = parse_label(label)
    if freq == "FY":
        return int(label[2:]) * 12 + 3
    if freq == "FYH":
        return int(label[2:6]) * 12 + 3 + (int(label[-1]) - 1) * 6
    if freq == "USFY":
        return (int(label[4:]) - 1) * 12 + 9
    year = int(label[:4])
    if freq == "M":
        return year * 12 + int(label[5:7]) - 1
    return year * 12 + (0 if freq == "Y" else (int(label[-1]) - 1) * MONTHS[freq])


def _label(month: int, freq: str) -> str:
    """The label at ``freq`` of the period holding ``month`` (counted as :func:`_month` counts)."""
    year, index = divmod(month, 12)
    fiscal = year if index >= 3 else year - 1
    return {
        "M": f"{year}-{index + 1:02d}",
        "Q": f"{year}Q{index // 3 + 1}",
        "H": f"{year}H{index // 6 + 1}",
        "Y": str(year),
        "FY": f"FY{fiscal}",
        "FYH": f"FY{fiscal}H{1 if 3 <= index < 9 else 2}",
        "USFY": f"USFY{year + 1 if index >= 9 else year}",
    }[freq]


def year_of(label: str | int) -> int:
    """The calendar year a period starts in (``FY2017`` → 2017, ``USFY2017`` → 2016, ``2017-03`` → 2017)."""
    return _month(str(label)) // 12


def calendar_years(label: str | int) -> tuple[int, int]:
    """The first and last calendar years a period touches (``FY2017`` → (2017, 2018), ``2017Q2`` → (2017, 2017))."""
    freq, label = parse_label(label)
    first = _month(label)
    return first // 12, (first + MONTHS[freq] - 1) // 12


def start_of(label: str | int) -> float:
    """When a period starts, in years (``2017`` → 2017.0, ``FY2017`` → 2017.25, ``2017Q3`` → 2017.5)."""
    return _month(str(label)) / 12


def end_of(label: str | int) -> float:
    """When a period ends, in years (``2017`` → 2018.0, ``FY2017`` → 2018.25, ``2017-03`` → 2017.25)."""
    freq, label = parse_label(label)
    return (_month(label) + MONTHS[freq]) / 12


def months_after(label: str | int, date: str) -> int:
    """Whole months from the end of period ``label`` to the month of ``date`` (negative before the period ends).

    ``date`` is an ISO date, month or year (a year counts as its January): ``months_after(2017, "2018-06-18")``
    is 5, ``months_after("FY2017", "2018-06")`` 2.
    """
    freq, label = parse_label(label)
    return _date_month(date) - (_month(label) + MONTHS[freq])


def preliminary(label: str | int, date: str, agency: str) -> bool:
    """Whether ``agency``'s figures for period ``label`` were still preliminary on ``date`` (:data:`PRELIMINARY_FOR`).

    Census's figures for 2017 were preliminary until its June 2018 revision: ``preliminary(2017, "2018-06-30",
    "census")`` is true, ``preliminary(2017, "2018-07-01", "census")`` false.
    """
    return months_after(label, date) < PRELIMINARY_FOR[agency]


def preliminary_from(date: str, agency: str) -> int:
    """The first calendar year whose figures by ``agency`` were still preliminary on ``date``.

    The year of ``date``, and the year before until it is revised (:func:`preliminary`)::

        >>> preliminary_from("2026-04-15", "census"), preliminary_from("2026-07", "census")
        (2025, 2026)
        >>> preliminary_from("2026-04", "mof")
        2026
    """
    year = _date_month(date) // 12
    return year - 1 if preliminary(year - 1, date, agency) else year


def _date_month(date: str) -> int:
    """The month of an ISO date, month or year (a year is its January), counted as :func:`_month` counts."""
    if not date[:4].isdigit():
        raise DataNotFoundError(f"date {date!r} is not an ISO date (2018-04-18), month (2018-04) or year")
    return int(date[:4]) * 12 + (int(date[5:7]) - 1 if date[5:7].isdigit() else 0)


def previous(label: str) -> str:
    """The period before ``label`` at the same frequency (``2017`` → ``2016``, ``2017Q1`` → ``2016Q4``)."""
    freq, label = parse_label(label)
    return _label(_month(label) - MONTHS[freq], freq)


def year_before(label: str) -> str:
    """The same period a year earlier (``2017-03`` → ``2016-03``, ``FY2017`` → ``FY2016``)."""
    freq, label = parse_label(label)
    return _label(_month(label) - 12, freq)


def first_day(date: str) -> str:
    """An ISO date from a claim's date, which may give only the year or month (``2013-04`` → ``2013-04-01``)."""
    return date + "-01" * (2 - date.count("-"))


def resolve_relative(words: str | int, date: str) -> str:
    """A period named relative to a claim's date (``"last year"`` said on 2018-04-18 → ``"2017"``)."""
    text = str(words).strip().lower()
    if text not in RELATIVE:
        return str(words)
    if not date[:4].isdigit():
        raise DataNotFoundError(f"period {words!r} needs the claim's date (attribution.date)")
    year, index = divmod(_date_month(date), 12)
    month = index + 1
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
