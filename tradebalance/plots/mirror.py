"""Mirror statistics: the same trade as its exporter and its importer report it, and the gap between them."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from tradebalance.plots.layout import (
    Scale,
    _finish,
    _money_scale,
    _new_figure,
    _period_x,
    _provenance,
    _single_currency,
    _style,
    _year_axis,
)


def mirror_gap(table: pd.DataFrame, *, title: str | None = None) -> Figure:
    """Mirror statistics: each flow as reported by its exporter and by its importer, and the gap.

    One column of panels per flow (``JPN→USA``, ``USA→JPN``): the two figures as lines above, the gap
    (importer − exporter) as hatched bars below. ``attrs["notes"]`` (why the two differ: CIF/FOB/f.a.s.
    valuation, partner attribution, timing) is printed as a caption.
    """
    if table.empty:
        raise ValueError("mirror_gap needs a non-empty mirror table")
    currency = _single_currency(table["currency"])
    scale = _money_scale(currency, [*table["reported_by_exporter"], *table["reported_by_importer"]])
    gap_scale = _money_scale(currency, table["gap"]) if currency else scale
    gap_scale = Scale(scale.divisor, scale.unit, scale.prefix, scale.suffix, gap_scale.digits)
    flows = list(dict.fromkeys(table["flow"]))
    fig = _new_figure(6.6)
    axes = fig.subplots(2, len(flows), squeeze=False, sharex="col", height_ratios=[2.3, 1])
    for col, flow in enumerate(flows):
        rows = table[table["flow"] == flow].sort_values("period", key=lambda s: s.map(_period_x))
        x = rows["period"].map(_period_x).to_numpy(dtype=float)
        top, bottom = axes[0, col], axes[1, col]
        exporter = rows["exporter"].iloc[0] if "exporter" in rows else "exporter"
        importer = rows["importer"].iloc[0] if "importer" in rows else "importer"
        for n, (column, who, basis) in enumerate(
            (("reported_by_exporter", exporter, "exporter_basis"), ("reported_by_importer", importer, "importer_basis"))
        ):
            how = f": {rows[basis].iloc[0]}" if basis in rows else ""
            top.plot(
                x,
                scale(rows[column].to_numpy(dtype=float)),
                label=f"{who}{how}",
                markersize=3.5,
                linewidth=1.5,
                gid=f"{flow}-{column}",
                **_style(n),
            )
        top.set_title(f"{flow}: {exporter}'s exports = {importer}'s imports", fontsize=10)
        top.set_ylabel(f"Trade ({scale.unit})")
        top.set_ylim(bottom=0)
        top.grid(axis="y", color="0.9", linewidth=0.6)
        top.legend(loc="best", fontsize=7.5, framealpha=0.95)
        bottom.bar(
            x,
            gap_scale(rows["gap"].to_numpy(dtype=float)),
            width=0.75,
            color="0.85",
            edgecolor="black",
            linewidth=0.5,
            hatch="///",
            gid=f"{flow}-gap",
        )
        bottom.axhline(0, color="0.3", linewidth=0.8)
        bottom.set_ylabel(f"Gap ({gap_scale.unit})")
        bottom.grid(axis="y", color="0.9", linewidth=0.6)
        _year_axis(bottom, "Year")
        bottom.set_title("gap = importer's figure − exporter's figure", fontsize=8.5, loc="left")
    fig.align_ylabels(axes[:, 0])
    notes = table.attrs.get("notes")
    return _finish(
        fig,
        _provenance(table),
        title or f"Mirror statistics: the same trade reported twice ({currency})",
        str(notes) if notes else None,
    )
