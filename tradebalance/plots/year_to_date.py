"""The year to date on a chart of balances: the months published so far, against the same months a year before.

:func:`year_to_date` finds them (:class:`YearToDate`); :func:`draw` marks them beside the annual line, off it,
so that a part of a year is never read as a fall; shared by the charts of :mod:`tradebalance.plots.timeseries`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from matplotlib.axes import Axes

from tradebalance.plots.layout import ANNOTATION_SIZE, Scale, _period_x


@dataclass(frozen=True)
class YearToDate:
    """An incomplete final year as year to date, against the same months of the year before."""

    year: str
    """The incomplete year (``"2026"``)."""
    months: tuple[int, ...]
    """Its months of data (``(1,)`` for January only)."""
    value: float
    """The balance over those months."""
    before: float
    """The balance over the same months of the year before."""

    @property
    def span(self) -> str:
        """The months in words: ``Jan`` or ``Jan–Apr``."""
        first, last = calendar.month_abbr[self.months[0]], calendar.month_abbr[self.months[-1]]
        return first if first == last else f"{first}–{last}"

    @property
    def label(self) -> str:
        """``2026 Jan YTD vs 2025 Jan``, ``2025 Jan–Apr YTD vs 2024 Jan–Apr``."""
        return f"{self.year} {self.span} YTD vs {int(self.year) - 1} {self.span}"


def year_to_date(annual: pd.DataFrame, monthly: pd.DataFrame) -> YearToDate | None:
    """The last year of an annual balance table as year to date, from the monthly table of the same data.

    ``annual`` and ``monthly`` are ``tb.balance(frame, "Y")`` and ``tb.balance(frame, "M")`` of one frame.
    ``None`` when the last period is complete or not a calendar year, or when the monthly table lacks the
    months it needs (the months of the last year, from January, and the same months of the year before).
    """
    if annual.empty or monthly.empty:
        return None
    last = annual.loc[annual["period"].map(_period_x).idxmax()]
    year = str(last["period"])
    if bool(last.get("complete", True)) or not re.fullmatch(r"\d{4}", year):
        return None
    periods = monthly["period"].astype(str)
    balance = pd.to_numeric(monthly["balance"], errors="coerce")
    this_year = periods.str.startswith(f"{year}-") & balance.notna()
    months = tuple(sorted(int(p[5:7]) for p in periods[this_year]))
    if not months or months != tuple(range(1, len(months) + 1)):
        return None
    before_labels = {f"{int(year) - 1}-{m:02d}" for m in months}
    before = periods.isin(before_labels) & balance.notna()
    if set(periods[before]) != before_labels:
        return None
    return YearToDate(year, months, float(balance[this_year].sum()), float(balance[before].sum()))


def without_year_to_date(table: pd.DataFrame, ytd: YearToDate) -> pd.DataFrame:
    """The annual table without the incomplete year shown as year to date."""
    return table[table["period"].astype(str) != ytd.year]


def offsets_of(ytd: Sequence[YearToDate | None]) -> list[float]:
    """Small x offsets so that two series' year-to-date marks in the same year stand side by side."""
    offsets = [0.0] * len(ytd)
    for year in {y.year for y in ytd if y is not None}:
        same = [n for n, y in enumerate(ytd) if y is not None and y.year == year]
        for k, n in enumerate(same):
            offsets[n] = (k - (len(same) - 1) / 2) * 0.3
    return offsets


def draw_year_to_date(
    ax: Axes, ytd: YearToDate, n: int, style: Mapping[str, Any], scale: Scale, offset: float, lift: float
) -> list[float]:
    """A star at the year to date, a hollow star at the same months a year earlier, an arrow between them.

    The label (``2026 Jan YTD vs 2025 Jan``, both values) is written to the left, ``lift`` points up.
    Returns the y values drawn (display units).
    """
    x = _period_x(ytd.year) + offset
    now, before = scale(ytd.value), scale(ytd.before)
    ax.plot(
        [x],
        [before],
        linestyle="none",
        marker="*",
        markersize=11,
        markerfacecolor="white",
        markeredgecolor=style["color"],
        markeredgewidth=1.2,
        zorder=4,
        gid=f"ytd-before-{n}",
    )
    ax.annotate(
        "",
        xy=(x, now),
        xytext=(x, before),
        arrowprops={"arrowstyle": "->", "color": style["color"], "linewidth": 1.0, "shrinkA": 5, "shrinkB": 5},
        zorder=4,
    )
    ax.plot(
        [x],
        [now],
        linestyle="none",
        marker="*",
        markersize=13,
        markerfacecolor=style["color"],
        markeredgecolor="white",
        markeredgewidth=0.6,
        zorder=5,
        gid=f"ytd-{n}",
    )
    ax.annotate(
        f"{ytd.label}: {scale.fmt(ytd.value)} vs {scale.fmt(ytd.before)}",
        xy=(x, (now + before) / 2),
        xytext=(-12, lift),
        textcoords="offset points",
        ha="right",
        va="center",
        fontsize=ANNOTATION_SIZE,
        color=style["color"],
        gid=f"ytd-label-{n}",
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0, "alpha": 0.9},
        zorder=6,
    )
    return [now, before]


def lifts_of(ytd: Sequence[YearToDate | None], span: float) -> list[float]:
    """Vertical offsets (points) of the year-to-date labels, so that labels at close heights do not overlap."""
    lifts = [0.0] * len(ytd)
    placed: list[float] = []
    marks = sorted(((n, y) for n, y in enumerate(ytd) if y is not None), key=lambda pair: pair[1].value)
    for n, here in marks:
        middle = (here.value + here.before) / 2
        lifts[n] = 11.0 * sum(abs(middle - other) < 0.06 * span for other in placed)
        placed.append(middle)
    return lifts


def ytd_legend_entry(ax: Axes) -> None:
    """A legend entry (no data) explaining the year-to-date stars."""
    ax.plot(
        [],
        [],
        linestyle="none",
        marker="*",
        markersize=9,
        markerfacecolor="white",
        markeredgecolor="0.2",
        label="stars: incomplete last year, year to date (filled) vs the same months a year earlier (hollow)",
    )
