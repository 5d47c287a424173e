"""Charts over time: balances, and a claim year by year (mirror statistics: :mod:`tradebalance.plots.mirror`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from tradebalance.plots.layout import (
    ANNOTATION_SIZE,
    _finish,
    _legend_above,
    _metric_scale,
    _money_scale,
    _new_figure,
    _period_x,
    _provenance,
    _single_currency,
    _style,
    _year_axis,
)
from tradebalance.plots.year_to_date import (
    draw_year_to_date,
    lifts_of,
    offsets_of,
    without_year_to_date,
    year_to_date,
    ytd_legend_entry,
)


def _hollow_points(ax: Axes, x: Any, y: Any, style: Mapping[str, Any], **kw: Any) -> None:
    """Hollow markers in a series' style (incomplete periods; years a claim fails)."""
    ax.plot(
        x,
        y,
        linestyle="none",
        marker=style["marker"],
        markersize=6,
        markerfacecolor="white",
        markeredgecolor=style["color"],
        markeredgewidth=1.3,
        zorder=3,
        **kw,
    )


def _hollow_legend_entry(ax: Axes, label: str, linestyle: str) -> None:
    """A legend entry (no data) explaining hollow markers."""
    ax.plot(
        [],
        [],
        linestyle=linestyle,
        marker="o",
        markerfacecolor="white",
        markeredgecolor="0.2",
        color="0.2",
        label=label,
    )


def _text_width(text: str, size: float) -> float:
    """Rough width of ``text`` in inches (DejaVu Sans averages about 0.6 em a character)."""
    return len(text) * size * 0.6 / 72


# ------------------------------------------------------------------------------- balance over time


def balance_over_time(
    tables: Sequence[pd.DataFrame],
    *,
    labels: Sequence[str] | None = None,
    events: Mapping[str, str] | None = None,
    title: str | None = None,
    monthly: Sequence[pd.DataFrame | None] | None = None,
) -> Figure:
    """Balances over time, one line per table (from ``tb.balance``), on one axis in one currency.

    Incomplete periods (``complete`` false, e.g. a year with six months of data) are drawn with hollow
    markers joined by a thin dotted line, and listed in the legend. ``monthly`` (one monthly balance table
    per table, or ``None``) turns an incomplete *last* year into year to date against the same months of
    the year before (:func:`year_to_date`): off the annual line, a star for the year to date and a hollow
    star for the same months a year earlier, an arrow between them, the values in the legend, so a year
    with one month of data is not read as a collapse. ``events`` maps period labels to short texts
    (``{"1985": "Plaza Accord"}``), drawn as vertical markers with labels staggered so they do not overlap.
    Raises ValueError when the tables' currencies differ or a table is empty.
    """
    tables = list(tables)
    if not tables or any(t.empty for t in tables):
        raise ValueError("balance_over_time needs at least one non-empty balance table")
    if labels is not None and len(labels) != len(tables):
        raise ValueError(f"{len(labels)} labels for {len(tables)} tables")
    if monthly is not None and len(monthly) != len(tables):
        raise ValueError(f"{len(monthly)} monthly tables for {len(tables)} tables")
    ytd = [
        year_to_date(t, m) if m is not None else None
        for t, m in zip(tables, monthly or [None] * len(tables), strict=True)
    ]
    currency = _single_currency(*(t["currency"] for t in tables))
    scale = _money_scale(
        currency,
        [
            v
            for t, y in zip(tables, ytd, strict=True)
            for v in (without_year_to_date(t, y)["balance"] if y else t["balance"])
        ],
    )
    fig = _new_figure(6.0)
    ax = fig.add_subplot()
    ax.axhline(0, color="0.5", linewidth=0.8, zorder=1)
    partial_notes: list[str] = []
    xs_all: list[float] = []
    ys_all: list[float] = []
    ytd_offsets = offsets_of(ytd)
    values = [v for t in tables for v in t["balance"] if pd.notna(v)]
    ytd_lifts = lifts_of(ytd, (max(values) - min(min(values), 0.0)) or 1.0)
    for n, table in enumerate(tables):
        style = _style(n)
        label = labels[n] if labels is not None else _series_label(table)
        own_ytd = ytd[n]
        if own_ytd is not None:
            table = without_year_to_date(table, own_ytd)
        x = np.array([_period_x(p) for p in table["period"]])
        y = scale(table["balance"].to_numpy(dtype=float))
        complete = table["complete"].to_numpy(dtype=bool) if "complete" in table else np.ones(len(table), bool)
        order = np.argsort(x)
        x, y, complete = x[order], y[order], complete[order]
        ax.plot(x, np.where(complete, y, np.nan), label=label, markersize=4, linewidth=1.6, gid=f"series-{n}", **style)
        if not complete.all():
            # Dotted connectors from each incomplete period to its neighbours, then hollow markers on them.
            near = ~complete
            near[:-1] |= ~complete[1:]
            near[1:] |= ~complete[:-1]
            ax.plot(x, np.where(near, y, np.nan), color=style["color"], linestyle=":", linewidth=1.0, zorder=2)
            _hollow_points(ax, x[~complete], y[~complete], style, gid=f"incomplete-{n}")
            rows = table.iloc[order][~complete]
            for _, row in rows.iterrows():
                months = f" ({int(row['months'])} of 12 months)" if "months" in row and pd.notna(row["months"]) else ""
                note = f"{row['period']}{months}"
                if note not in partial_notes:
                    partial_notes.append(note)
        if own_ytd is not None:
            xs_all.append(_period_x(own_ytd.year))
            ys_all += draw_year_to_date(ax, own_ytd, n, style, scale, ytd_offsets[n], ytd_lifts[n])
        xs_all += list(x)
        ys_all += list(y[np.isfinite(y)])
    if any(ytd):
        ytd_legend_entry(ax)
    if partial_notes:
        _hollow_legend_entry(ax, "hollow: incomplete period, " + ", ".join(partial_notes), linestyle=":")
    events = dict(events or {})
    event_x = {label: _period_x(label) for label in events}
    lo_x = min([*xs_all, *event_x.values()]) - 0.8
    hi_x = max([*xs_all, *event_x.values()]) + 0.8
    ax.set_xlim(lo_x, hi_x)
    rows = _place_events(ax, events, event_x, (lo_x, hi_x), fig.get_figwidth())
    _headroom(ax, min(ys_all, default=0.0), max(ys_all, default=0.0), rows)
    freqs = {str(p)[:2] == "FY" for t in tables for p in t["period"]}
    _year_axis(
        ax,
        "Fiscal year (April–March), plotted at its start"
        if freqs == {True}
        else "Year" + (" (fiscal years plotted at their start, April)" if True in freqs else ""),
    )
    ax.set_ylabel(f"Balance ({scale.unit})")
    ax.grid(axis="y", color="0.9", linewidth=0.6)
    _legend_above(ax, min(2, len(tables) + bool(partial_notes) + any(ytd)))
    ordered = sorted({str(p) for t in tables for p in t["period"]}, key=_period_x)
    default = f"Trade balance, {ordered[0]}–{ordered[-1]}" + (f" ({currency})" if currency else "")
    return _finish(fig, _provenance(*tables), title or default)


def _series_label(table: pd.DataFrame) -> str:
    """``JPN–USA balance (MOF, converted to USD)`` from a balance table's columns and provenance."""
    pair = ""
    if {"reporter", "partner"} <= set(table.columns):
        reporter, partner = table["reporter"].iloc[0], table["partner"].iloc[0]
        pair = f"{reporter}'s balance with {partner}"
    datasets = [str(p.get("dataset", "")) for p in table.attrs.get("provenance", [])]
    named = list(dict.fromkeys(d.upper() if len(d) <= 3 else d.capitalize() for d in datasets if d and d != "fx"))
    parts = ", ".join(named) + (f", converted to {table['currency'].iloc[0]}" if "fx" in datasets else "")
    return f"{pair or 'Balance'}{f' ({parts})' if parts else ''}"


def _place_events(
    ax: Axes, events: Mapping[str, str], where: Mapping[str, float], xlim: tuple[float, float], fig_width: float
) -> int:
    """Vertical markers with labels in rows at the top of the axes, so no two labels overlap; returns the rows.

    ``fig_width`` is the width of the axes' figure in inches.
    """
    axes_in = fig_width * 0.86  # the axes' share of the figure width, roughly
    per_in = (xlim[1] - xlim[0]) / axes_in
    row_ends: list[float] = []
    for label, text in sorted(events.items(), key=lambda kv: where[kv[0]]):
        x = where[label]
        width = (_text_width(text, ANNOTATION_SIZE) + 0.12) * per_in
        fits_right = x + width <= xlim[1]
        left, ha, tx = (x, "left", x + 0.06 * per_in) if fits_right else (x - width, "right", x - 0.06 * per_in)
        row = next((r for r, end in enumerate(row_ends) if end < left), len(row_ends))
        if row == len(row_ends):
            row_ends.append(left + width)
        row_ends[row] = left + width
        ax.axvline(x, color="0.35", linewidth=0.9, linestyle=(0, (1, 2)), zorder=1, gid=f"event-{label}")
        ax.text(
            tx,
            0.985 - row * 0.06,
            text,
            transform=ax.get_xaxis_transform(),
            ha=ha,
            va="top",
            fontsize=ANNOTATION_SIZE,
            color="0.15",
            gid=f"event-label-{label}",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0, "alpha": 0.9},
        )
    return len(row_ends)


def _headroom(ax: Axes, low: float, high: float, rows: int) -> None:
    """Y limits that keep the data below ``rows`` rows of event labels."""
    span = (high - low) or max(abs(high), 1.0)
    low, high = min(low, 0.0) - 0.05 * span, max(high, 0.0) + 0.05 * span
    top_fraction = 1 - rows * 0.06 - (0.02 if rows else 0)
    ax.set_ylim(low, low + (high - low) / top_fraction)


def claim_over_time(table: pd.DataFrame, *, threshold: float | None = None, title: str | None = None) -> Figure:
    """Plot a claim's value year by year under each reading (``year``, ``reading``, ``value``, ``holds``).

    One line per reading; filled markers where the reading holds, hollow where it fails; the threshold is a
    horizontal line. When ``attrs["framing"]`` names a reading, the years where it holds are shaded.
    """
    if table.empty:
        raise ValueError("claim_over_time needs a non-empty table")
    attrs = table.attrs
    metric = str(attrs.get("metric", ""))
    currency = str(attrs.get("currency", "")) or _single_currency(table.get("currency", []))
    values = [*table["value"], *([threshold] if threshold is not None else [])]
    scale = _metric_scale(metric, currency, values)
    fig = _new_figure(5.5)
    ax = fig.add_subplot()
    framing = attrs.get("framing")
    for n, (reading, rows) in enumerate(table.groupby("reading", sort=False)):
        rows = rows.sort_values("year")
        style = _style(n)
        x, y = rows["year"].to_numpy(dtype=float), scale(rows["value"].to_numpy(dtype=float))
        label = f"{reading} (claim's framing)" if reading == framing else str(reading)
        ax.plot(
            x,
            y,
            label=label,
            markersize=5,
            linewidth=2.2 if reading == framing else 1.4,
            gid=f"reading-{reading}",
            **style,
        )
        fails = (rows["holds"] == False).to_numpy()  # noqa: E712 - None is neither
        _hollow_points(ax, x[fails], y[fails], style)
        if reading == framing:
            for year in rows.loc[rows["holds"] == True, "year"]:  # noqa: E712
                ax.axvspan(year - 0.5, year + 0.5, color="0.93", zorder=0)
    if threshold is not None:
        ax.axhline(
            scale(threshold),
            color="#D55E00",
            linestyle="--",
            linewidth=1.5,
            gid="threshold",
            label=f"threshold {scale.fmt(threshold)}",
        )
    if (table["holds"] == False).any():  # noqa: E712
        _hollow_legend_entry(ax, "hollow marker: the claim fails that year", linestyle="none")
    _year_axis(ax, "Year")
    what = {"balance": "Balance"}.get(metric, metric.replace("_", " ").capitalize() or "Value")
    ax.set_ylabel(f"{what} ({scale.unit})")
    ax.grid(axis="y", color="0.9", linewidth=0.6)
    _legend_above(ax, 2)
    claim_id = attrs.get("claim_id")
    default = f"{claim_id}: the claim year by year" if claim_id else "The claim year by year"
    return _finish(fig, _provenance(table), title or default)
