"""Periods: calendar months and years, and Japanese fiscal years (April–March, named by the starting year)."""

from __future__ import annotations

import re

import pandas as pd

from tradebalance.errors import DataNotFoundError

FREQS = ("M", "Y", "FY")
_SELECTOR = re.compile(r"^(?:(FY)(\d{4})|(\d{4})-(\d{2})|(\d{4}))$")


def bucket(periods: pd.Series, freq: str) -> pd.Series:
    """Label each period with the bucket it falls in: ``"2017-03"``, ``"2017"`` or ``"FY2017"``."""
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {FREQS}, got {freq!r}")
    index = pd.PeriodIndex(periods)
    if freq == "M":
        if index.freqstr != "M":
            raise DataNotFoundError("monthly figures need monthly data; this data is annual")
        return pd.Series(index.strftime("%Y-%m"), index=periods.index, dtype="string")
    if freq == "Y":
        return pd.Series(index.year.astype(str), index=periods.index, dtype="string")
    if index.freqstr != "M":
        raise DataNotFoundError("fiscal years need monthly data; this data is annual")
    fiscal = index.year - (index.month < 4)
    return pd.Series("FY" + pd.Index(fiscal).astype(str), index=periods.index, dtype="string")


def is_monthly(periods: pd.Series) -> bool:
    """Whether a ``period`` column holds months (rather than years)."""
    return pd.PeriodIndex(periods[:1]).freqstr == "M" if len(periods) else periods.dtype == pd.PeriodDtype("M")


def months_in(label: str) -> int:
    """How many months a complete bucket has."""
    return 1 if "-" in label else 12


def parse(selector: str | int) -> tuple[str, str]:
    """Turn ``2017``, ``"2017"``, ``"FY2017"`` or ``"2017-03"`` into (freq, label)."""
    text = str(selector).strip().upper()
    match = _SELECTOR.match(text)
    if not match:
        raise DataNotFoundError(f"period {selector!r} is not a year (2017), fiscal year (FY2017) or month (2017-03)")
    if match.group(1):
        return "FY", f"FY{match.group(2)}"
    if match.group(3):
        return "M", f"{match.group(3)}-{match.group(4)}"
    return "Y", match.group(5)
