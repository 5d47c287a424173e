"""Charts of a collection of checked claims: how the ratings fall decade by decade."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from tradebalance.claims.collection import ratings_by_decade
from tradebalance.claims.model import Verdict
from tradebalance.plots.layout import WIDTH, _finish, _legend_above, _new_figure, _provenance

#: The five ratings, best first: a grey from light to dark and a hatch each, so the bars read in black and white.
RATING_LOOKS = {
    "true": ("0.95", ""),
    "mostly true": ("0.8", "...."),
    "half true": ("0.6", "////"),
    "mostly false": ("0.4", "xxxx"),
    "false": ("0.15", ""),
}


def ratings_over_time(verdicts: Sequence[Verdict], *, title: str | None = None) -> Figure:
    """Stacked bars: how many claims of each decade got each rating (claims without a rating are left out)."""
    counts = ratings_by_decade(verdicts)
    if counts.empty:
        raise ValueError("no rated claim to plot")
    fig = _new_figure(4.2, WIDTH * 0.8)
    ax = fig.subplots()
    x = np.arange(len(counts.index))
    bottom = np.zeros(len(x))
    for rating, (face, hatch) in RATING_LOOKS.items():
        heights = counts[rating].to_numpy(dtype=float)
        ax.bar(x, heights, bottom=bottom, color=face, hatch=hatch, edgecolor="black", linewidth=0.6, label=rating)
        bottom += heights
    ax.set_xticks(x, list(counts.index))
    ax.set_xlabel("Decade the claim was made")
    ax.set_ylabel("Claims (number)")
    ax.set_ylim(0, max(bottom.max() * 1.15, 1))
    for xi, total in zip(x, bottom, strict=True):
        ax.text(float(xi), float(total), f"{int(total)}", ha="center", va="bottom", fontsize=9)
    _legend_above(ax, ncols=5)
    provenance = _provenance(*(r.provenance for v in verdicts for r in v.evaluated))
    notes = "Ratings on the five-step scale of this package's verdict rule (README, 'How a verdict is decided')."
    return _finish(fig, provenance, title or f"Ratings of {int(bottom.sum())} real claims, by decade", notes)
