"""Where a balance comes from, sector by sector, and how much trade a tariff touches."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.text import Text

from tradebalance.plots.layout import (
    ANNOTATION_SIZE,
    PatchLook,
    Scale,
    _finish,
    _legend_above,
    _money_scale,
    _new_figure,
    _provenance,
    _readable_labels,
    _single_currency,
)

#: Bar looks, told apart by hatch in black and white.
POSITIVE_LOOK: PatchLook = {"facecolor": "#D9E8F5", "hatch": "////", "edgecolor": "black"}
NEGATIVE_LOOK: PatchLook = {"facecolor": "#F6DCCB", "hatch": "....", "edgecolor": "black"}
TOTAL_LOOK: PatchLook = {"facecolor": "0.25", "edgecolor": "black"}


def waterfall(decomposition: pd.DataFrame, *, title: str | None = None) -> Figure:
    """Each sector's net contribution stepping from zero to the total balance (from ``tb.decompose``).

    Horizontal bars, one per sector in the table's order, each starting where the previous one ended; the
    last bar is the total, ``attrs["totals"]["balance"]``. Each bar is annotated with its share of the
    balance. Net-positive sectors (exports > imports) are hatched ``//``, net-negative ones ``..``; the
    total is solid.

    Example::

        >>> import tradebalance as tb
        >>> from tradebalance import plots
        >>> fig = plots.waterfall(tb.decompose(tb.load("mof", partner="USA"), 2017, "mof-sections"))
        >>> float(fig.get_figwidth())
        10.0
    """
    if decomposition.empty:
        raise ValueError("waterfall needs a non-empty decomposition")
    attrs = decomposition.attrs
    currency = str(attrs.get("currency", "")) or _single_currency(decomposition.get("currency", []))
    net = decomposition["net"].to_numpy(dtype=float)
    total = float(attrs.get("totals", {}).get("balance", net.sum()))
    ends = np.cumsum(net)
    starts = ends - net
    scale = _money_scale(currency, [*ends, *starts, total])
    names = list(decomposition["label"] if "label" in decomposition else decomposition["sector"])
    shown, font = _readable_labels(names, list(decomposition["sector"]))
    shares = net / total
    if "share_of_balance" in decomposition:
        shares = decomposition["share_of_balance"].to_numpy(dtype=float)
    n = len(net)
    fig = _new_figure(2.0 + 0.42 * (n + 1))
    ax = fig.add_subplot()
    y = np.arange(n + 1)
    percent = Scale(0.01, "%", "", "%", 1)
    annotations = []
    for i in range(n + 1):
        value, left = (net[i], starts[i]) if i < n else (total, 0.0)
        up = value >= 0
        look = TOTAL_LOOK if i == n else POSITIVE_LOOK if up else NEGATIVE_LOOK
        ax.barh(
            y[i],
            scale(value),
            left=scale(left),
            height=0.62,
            linewidth=0.8,
            gid="bar-total" if i == n else f"bar-{i}",
            **look,
        )
        if i < n:  # connector to the next bar
            ax.plot([scale(ends[i])] * 2, [y[i] + 0.31, y[i + 1] - 0.31], color="0.45", linewidth=0.7, linestyle=":")
        outer = scale(left + value)
        text = percent.fmt(shares[i], signed=True) if i < n else "100%"
        annotations.append(
            ax.annotate(
                text,
                (outer, y[i]),
                xytext=(4 if up else -4, 0),
                textcoords="offset points",
                ha="left" if up else "right",
                va="center",
                fontsize=ANNOTATION_SIZE,
                gid=f"share-{i}",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
            )
        )
    ax.set_yticks(y, [*shown, f"Total balance\n{scale.fmt(total)}"])
    if font:
        for tick in ax.get_yticklabels()[:n]:
            tick.set_fontfamily([font, "DejaVu Sans"])
    ax.get_yticklabels()[-1].set_fontweight("bold")
    ax.set_ylim(n + 0.6, -0.6)
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.grid(axis="x", color="0.9", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_xlabel(f"Net contribution, exports − imports ({scale.unit}); bar labels: % of the balance")
    ax.set_ylabel("Sector" + (f" ({attrs['definition']})" if attrs.get("definition") else ""))
    _legend_above(
        ax,
        3,
        handles=[
            Patch(**POSITIVE_LOOK, label="net positive (exports > imports)"),
            Patch(**NEGATIVE_LOOK, label="net negative (imports > exports)"),
            Patch(**TOTAL_LOOK, label="total balance"),
        ],
    )
    pair = f" {attrs['reporter']}–{attrs['partner']}" if attrs.get("reporter") and attrs.get("partner") else ""
    period = f" {attrs['period']}" if attrs.get("period") else ""
    what = attrs.get("definition_title") or attrs.get("definition") or "sectors"
    notes = []
    if shown != [str(s) for s in names]:
        notes.append("Sector ids stand in for Japanese labels (no font with Japanese characters is installed).")
    if attrs.get("status") and attrs["status"] != "confirmed":
        notes.append(f"Figures for{period} are {attrs['status']}.")
    default = f"Where the{pair}{period} trade balance comes from: {what}"
    _finish(fig, _provenance(decomposition), title or default, " ".join(notes) or None)
    _fit_x(fig, ax, annotations)
    return fig


def _fit_x(fig: Figure, ax: Axes, texts: Sequence[Text], rounds: int = 3) -> None:
    """Widen the x limits until every annotation in ``texts`` lies inside the axes (measured, not guessed)."""
    for _ in range(rounds):
        fig.draw_without_rendering()
        inverse = ax.transData.inverted()
        xs = np.concatenate([inverse.transform(t.get_window_extent().get_points())[:, 0] for t in texts])
        lo, hi = sorted(ax.get_xlim())
        need_lo, need_hi = min(lo, xs.min()), max(hi, xs.max())
        if need_lo >= lo and need_hi <= hi:
            return
        margin = 0.015 * (need_hi - need_lo)
        ax.set_xlim(need_lo - (margin if need_lo < lo else 0), need_hi + (margin if need_hi > hi else 0))


# ------------------------------------------------------------------------------------- tariff exposure


def tariff_exposure(table: pd.DataFrame, *, title: str | None = None) -> Figure:
    """U.S. imports from Japan a tariff touches, under each scope, with the duty at the tariff rate overlaid.

    ``table`` has ``scope`` (label), ``imports`` and ``duty`` (USD) and optionally ``share_of_imports``;
    values are shown in $ billion, written out on the right of each bar.
    """
    if table.empty:
        raise ValueError("tariff_exposure needs a non-empty table")
    currency = _single_currency(table["currency"]) if "currency" in table else "USD"
    scale = _money_scale(currency, [*table["imports"], *table["duty"]])
    n = len(table)
    fig = _new_figure(2.2 + 0.55 * n)
    ax = fig.add_subplot()
    y = np.arange(n)
    imports = scale(table["imports"].to_numpy(dtype=float))
    duty = scale(table["duty"].to_numpy(dtype=float))
    ax.barh(
        y, imports, height=0.7, linewidth=0.8, **POSITIVE_LOOK, label="imports touched by the tariff", gid="imports"
    )
    ax.barh(y, duty, height=0.32, linewidth=0.8, **TOTAL_LOOK, label="duty at the tariff rate", gid="duty")
    ax.set_yticks(y, [str(s) for s in table["definition"]])
    ax.set_ylim(n - 0.5, -0.5)
    share = table["share_of_imports"] if "share_of_imports" in table else [None] * n
    notes = [
        f"imports {scale.fmt(m)}\nduty {scale.fmt(d)}" + (f" · {s:.1%} of imports from Japan" if pd.notna(s) else "")
        for m, d, s in zip(table["imports"], table["duty"], share, strict=True)
    ]
    right = ax.secondary_yaxis("right")
    right.set_yticks(y, notes)
    right.tick_params(length=0, labelsize=8.5)
    ax.set_xlim(0, max(imports.max(), duty.max(), 0) * 1.04 or 1)
    ax.grid(axis="x", color="0.9", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_xlabel(f"U.S. imports from Japan and duty ({scale.unit})")
    ax.set_ylabel("Tariff scope")
    _legend_above(ax, 2)
    return _finish(fig, _provenance(table), title or "U.S. imports from Japan touched by the tariff, by scope")
