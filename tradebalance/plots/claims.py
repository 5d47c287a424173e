"""The readings chart: every reading of a claim against its test, one row per definition and role."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from tradebalance import formatting
from tradebalance.claims.claim_tests import ApproxTest, BetweenTest, ContextTest, RecordTest, VagueTest
from tradebalance.claims.model import AXES
from tradebalance.claims.reading_data import PUBLISHED
from tradebalance.plots.layout import (
    LineLook,
    PatchLook,
    Scale,
    _finish,
    _footer_height,
    _metric_scale,
    _new_figure,
    _provenance,
    _wrap,
)

if TYPE_CHECKING:
    from tradebalance.claims import Claim, Reading, Test, Verdict

WIDTH = 6.4  # inches: the chart fits a screen beside the text
ROW_HEIGHT = 0.4  # inches
TICK_SIZE = 7.5
LEGEND_SIZE = 8.0
TITLE_SIZE = 11.0
#: Characters of the quote shown in the title (a longer one is cut at a word, with "…"): about seven lines.
TITLE_QUOTE_CHARS = 400
#: Role → (marker, size, words in the legend); the framing is also bold, on a shaded row.
ROLE_LOOKS = {
    "framing": ("o", 11.0, "framing: the claim's own reading"),
    "variant": ("o", 6.0, "variant"),
    "bound": ("D", 6.0, "bound (not counted)"),
    "mirror": ("^", 7.5, "mirror: other country's statistics"),
    "sub-group": ("s", 6.5, "sub-group (not counted)"),
}
#: The framing on the figures published when the claim was made (``Verdict.published``).
PUBLISHED_LOOK = ("*", 12.0, "framing as published at the time")
#: Whether a reading holds → the face of its mark: filled, hollow, grey (a context claim is not judged).
FACES = {True: "black", False: "white", None: "0.65"}
FILLS = {True: "filled: holds the test", False: "hollow: fails the test", None: "grey: not judged (context)"}
RANGE_LOOK: LineLook = {"color": "0.6", "linewidth": 4.5, "solid_capstyle": "butt"}
TEST_LINE: LineLook = {"color": "#D55E00", "linewidth": 1.6, "linestyle": "--"}
TEST_BAND: PatchLook = {"facecolor": "#FBE3D6", "edgecolor": "#D55E00", "hatch": "\\\\", "alpha": 0.6}
#: Axes a row's label names: the source and definition name the row, the panel its currency.
LABEL_AXES = ("measure", "calendar")


@dataclass
class _Row:
    """Readings that differ only on axes the claim leaves open: one source, definition, role and unit."""

    name: str
    role: str
    readings: list[tuple[int, Reading]] = field(default_factory=list)

    @property
    def values(self) -> list[float]:
        return [_value(r) for _, r in self.readings]

    @property
    def own(self) -> list[Reading]:
        return [r for _, r in self.readings if r.role == "framing"]


def readings(verdict: Verdict, *, title: str | None = None) -> Figure:
    """Every evaluated reading of a claim against the claim's test, one row per definition.

    A row gathers one definition's readings (net/gross, calendar/fiscal, and for shares yen/dollars) on a
    grey bar from the lowest to the highest, one mark per reading: filled where it holds, hollow where it
    fails, grey where a context claim is not judged. The mark's shape says the reading's role; the claim's
    framing is larger, in bold, on a shaded row. ``>``/``<``, ``rank`` and ``top`` tests are a vertical
    line, ``approx`` a line and its tolerance band, ``between`` a band. Money readings in different
    currencies get one panel each; the test is drawn in the first, in the claim's currency.

    Example::

        >>> from tradebalance import claims, plots
        >>> fig = plots.readings(claims.check(claims.load_claims(claims.seed_claims_path())[1]))
        >>> fig._suptitle.get_text().split(" — ")[0]
        'auto-share-2017: SUPPORTED · rated TRUE'
    """
    claim = verdict.claim
    done = verdict.evaluated
    if not done:
        raise ValueError(f"claim {claim.id!r} has no evaluated reading to plot")
    test = None if isinstance(claim.test, (ContextTest, RecordTest)) else claim.test  # a record: no line to draw
    panels = _panels(done, _test_unit(claim, done))
    notes = _notes(verdict, panels, test)
    provenance = _provenance(*(r.provenance for r in done))
    heading = title or _title(verdict)
    handles, labels = _legend(done, panels, test, verdict.published)
    heights = [0.7 + ROW_HEIGHT * len(rows) for rows in panels.values()]
    height = (
        sum(heights)
        + len(_wrap(heading, TITLE_SIZE, WIDTH - 0.3, em=0.66)) * TITLE_SIZE * 1.3 / 72
        + -(-sum(label.count("\n") + 1 for label in labels) // 2) * 0.19
        + _footer_height([notes, formatting.source_summary(provenance)], WIDTH)
        + 0.15
    )
    fig = _new_figure(height, WIDTH)
    axes = fig.subplots(len(panels), 1, squeeze=False, height_ratios=heights)[:, 0]
    for n, (ax, (unit, rows)) in enumerate(zip(axes, panels.items(), strict=True)):
        here = test if n == 0 else None
        scale = _metric_scale(claim.metric, unit, [v for row in rows for v in row.values] + _test_points(here))
        _panel(ax, rows, scale, unit, here, verdict.published)
        ax.set_ylabel(f"Readings in {unit}" if len(panels) > 1 else "Readings", fontsize=8.5)
    fig.align_ylabels(axes)
    axes[0].legend(
        handles,
        labels,
        loc="lower left",
        bbox_to_anchor=(0, 1.01),
        ncols=2,
        fontsize=LEGEND_SIZE,
        frameon=False,
        borderaxespad=0,
    )
    return _finish(fig, provenance, heading, notes, TITLE_SIZE)


def _panels(done: list[Reading], first: str) -> dict[str, list[_Row]]:
    """Rows by unit (a panel per currency, ``first`` first): framing and variants, bounds, mirrors, sub-groups."""
    rows: dict[tuple[str, ...], _Row] = {}
    for i, r in enumerate(done):
        role = "variant" if r.role == "framing" else r.role
        name = str(r.parameters.get("definition") or r.parameters.get("source", "reading"))
        key = (r.unit, str(r.parameters.get("source", "")), name, role)
        rows.setdefault(key, _Row(name, role)).readings.append((i, r))
    panels: dict[str, list[_Row]] = {first: []}
    for (unit, *_), row in rows.items():
        if row.own:
            row.role = "framing"
        panels.setdefault(unit, []).append(row)
    order = list(ROLE_LOOKS)
    return {unit: sorted(group, key=lambda row: order.index(row.role)) for unit, group in panels.items() if group}


def _test_unit(claim: Claim, done: list[Reading]) -> str:
    """The unit the test is stated in: the claim's currency, else its framing reading's unit."""
    units = [r.unit for r in done]
    currency = str(claim.parameters.get("currency") or claim.framing.get("currency") or "")
    own = [r.unit for r in done if r.role == "framing"]
    return currency if currency in units else own[0] if own else units[0]


def _band(test: Test) -> tuple[float, float] | None:
    """The interval drawn as a band: a quoted figure's, a stated range's or a vague word's."""
    return test.accepted() if isinstance(test, (ApproxTest, BetweenTest, VagueTest)) else None


def _test_points(test: Test | None) -> list[float]:
    """The figures the test states, which the scale must show: its value and the finite ends of its words' band."""
    if test is None:
        return []
    band = _band(test) if not (isinstance(test, ApproxTest) and test.tolerance is not None) else None
    return [v for v in (test.threshold, *(band or ())) if v is not None and math.isfinite(v)]


def _panel(
    ax: Axes, rows: Sequence[_Row], scale: Scale, unit: str, test: Test | None, published: Reading | None
) -> None:
    """One line per row: the range bar, a mark per reading, labels on the left and values on the right."""
    xs: list[float] = []
    for y, row in enumerate(rows):
        values = [float(scale(v)) for v in row.values]
        xs += values
        if row.role == "framing":
            ax.axhspan(y - 0.45, y + 0.45, color="0.9", zorder=0)
        if max(values) > min(values):
            ax.plot([min(values), max(values)], [y, y], zorder=1, gid="range", **RANGE_LOOK)
        for i, r in row.readings:
            _mark(ax, float(scale(r.value)), y, ROLE_LOOKS[r.role], r.holds, r.role == "framing", gid=f"reading-{i}")
        if row.own and published is not None and published.unit == unit:
            xs.append(float(scale(published.value)))
            _mark(ax, xs[-1], y - 0.3, PUBLISHED_LOOK, published.holds, True, gid="published")  # above the marks
    lo, hi = min(xs), max(xs)
    if test is not None:
        lo, hi = _draw_test(ax, test, scale, lo, hi)
    if unit == "rank":  # whole ranks, from the top
        lo = 1.0
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    span = (hi - lo) or max(abs(hi) * 0.1, 1.0)
    ax.set_xlim(lo - 0.08 * span, hi + 0.08 * span)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ticks = np.arange(len(rows))
    ax.set_yticks(ticks, [_row_label(row) for row in rows])
    right = ax.secondary_yaxis("right")
    right.set_yticks(ticks, [_row_values(row) for row in rows])
    right.tick_params(length=0)
    for side in (ax, right):
        side.tick_params(axis="y", labelsize=TICK_SIZE)
        for tick, row in zip(side.get_yticklabels(), rows, strict=True):
            tick.set_fontweight("bold" if row.role == "framing" else "normal")
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", color="0.9", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_xlabel("Rank (1 = largest)" if unit == "rank" else f"Value ({scale.unit})", fontsize=8.5)


def _mark(ax: Axes, x: float, y: float, look: tuple[str, float, str], holds: bool | None, top: bool, gid: str) -> None:
    """One reading's mark: its role's shape, filled, hollow or grey; ``top`` for the framing's, drawn over the rest."""
    marker, size, _ = look
    ax.plot(
        x,
        y,
        linestyle="none",
        marker=marker,
        markersize=size,
        markeredgewidth=1.8 if top else 1.2,
        markeredgecolor="black",
        markerfacecolor=FACES[holds],
        zorder=4 if top else 3,
        gid=gid,
    )


def _row_label(row: _Row) -> str:
    """``mof-narrow`` over what varies in the row (``net/gross, calendar/fiscal``) or the one reading's axes."""
    parts = []
    for axis in LABEL_AXES:
        values: list[Mapping[str, object]] = [r.parameters for _, r in row.readings]
        seen = dict.fromkeys(str(p[axis]) for p in values if axis in p)
        if seen:
            parts.append("/".join(seen))
    return row.name + (f"\n{', '.join(parts)}" if parts else "")


def _row_values(row: _Row) -> str:
    """The value on the right (the framing's, where the row has it), then the row's range and how many hold."""
    rs = [r for _, r in row.readings]
    if len(rs) == 1:
        return _value_mark(rs[0])
    held = [r.holds for r in rs]
    if None in held:
        count = f"{len(rs)} readings"
    elif all(held) or not any(held):
        count = f"all {len(rs)} {'hold ✓' if all(held) else 'fail ✗'}"
    else:
        count = f"{sum(bool(h) for h in held)} of {len(rs)} hold"
    if len(row.own) == 1:
        return f"{_value_mark(row.own[0])}\n{_range(row.values, rs[0].unit)}, {count}"
    return f"{_range(row.values, rs[0].unit)}\n{count}"


def _value_mark(r: Reading) -> str:
    mark = {True: "holds ✓", False: "fails ✗", None: "context"}[r.holds]
    return f"{formatting.value(_value(r), r.unit)}  {mark}"


def _value(r: Reading) -> float:
    """An evaluated reading's value (the chart draws only those; a reading without one is a TypeError)."""
    if r.value is None:
        raise TypeError(f"reading {r.parameters} has no value to plot")
    return float(r.value)


def _range(values: Sequence[float], unit: str) -> str:
    """``76.6–79.5%``, ``¥6.998–7.023 trillion``, ``−$68.86 to −68.81 billion``; one value if both read the same."""
    low, high = formatting.value(min(values), unit), formatting.value(max(values), unit)
    if low == high:
        return low
    tail = next((t for t in ("%", " trillion", " billion", " million") if low.endswith(t) and high.endswith(t)), "")
    if tail:
        low = low.removesuffix(tail)
        for symbol in formatting.SYMBOLS.values():
            high = high.replace(symbol, "")
    return f"{low} to {high}" if formatting.MINUS in low + high else f"{low}–{high}"


def _draw_test(ax: Axes, test: Test, scale: Scale, lo: float, hi: float) -> tuple[float, float]:
    """Draw the claim's test (a line, a band or both); returns the x range it needs.

    A band open at one end ("over", "millions") runs past the edge of the axis; a band on the size of the value
    (a deficit's "massive") is drawn on the side of the readings.
    """
    band = _band(test)
    if band is not None and test.absolute and hi <= 0:
        band = (-band[1], -band[0])
    marks = [float(scale(x)) for x in (*(band or ()), test.threshold) if x is not None and math.isfinite(x)]
    lo, hi = min([lo, *marks]), max([hi, *marks])
    if band is not None:
        reach = (hi - lo) or 1.0
        low, high = (float(scale(x)) if math.isfinite(x) else x for x in band)
        ax.axvspan(max(low, lo - reach), min(high, hi + reach), zorder=1, gid="test-band", **TEST_BAND)
    if test.threshold is not None:
        ax.axvline(float(scale(test.threshold)), zorder=2, gid="test-line", **TEST_LINE)
    return lo, hi


def _legend(
    done: list[Reading], panels: dict[str, list[_Row]], test: Test | None, published: Reading | None
) -> tuple[list[Any], list[str]]:
    """Legend entries: the roles present, the fills, the range bar, the test and the published figure."""
    entries: list[tuple[Any, str]] = []
    for role, (marker, size, words) in ROLE_LOOKS.items():
        if any(r.role == role for r in done):
            entries.append(
                (Line2D([], [], linestyle="none", marker=marker, markersize=min(size, 10.0), color="k"), words)
            )
    for holds, words in FILLS.items():
        if any(r.holds is holds for r in done):
            mark = Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=6.5,
                markerfacecolor=FACES[holds],
                markeredgecolor="black",
            )
            entries.append((mark, words))
    if any(max(row.values) > min(row.values) for rows in panels.values() for row in rows):
        entries.append((Line2D([], [], **RANGE_LOOK), "range of a row's readings"))
    if test is not None:
        unit = next(iter(panels))
        band, line = Patch(**TEST_BAND), Line2D([], [], **TEST_LINE)
        drawn = _band(test) is not None
        handle = (band, line) if drawn and test.threshold is not None else band if drawn else line
        entries.append((handle, "test: " + test.describe(lambda v: formatting.value(v, unit))))
    if published is not None:
        marker, _, words = PUBLISHED_LOOK
        entries.append((Line2D([], [], linestyle="none", marker=marker, markersize=10, color="k"), words))
    return [h for h, _ in entries], ["\n".join(_wrap(w, LEGEND_SIZE, 2.4)) for _, w in entries]


def _title(verdict: Verdict) -> str:
    rated = f" · rated {verdict.rating.upper()}" if verdict.rating else ""
    said = verdict.claim.quote
    if len(said) > TITLE_QUOTE_CHARS:
        said = said[: TITLE_QUOTE_CHARS - 1].rsplit(" ", 1)[0] + "…"
    quote = f" — “{said}”" if said else ""
    return f"{verdict.claim.id}: {verdict.verdict.upper()}{rated}{quote}"


def _notes(verdict: Verdict, panels: dict[str, list[_Row]], test: Test | None) -> str:
    """The claim's own reading, what a row and the marks mean, and the readings skipped with their reasons."""
    done = verdict.evaluated
    own = [r.label(AXES) for r in done if r.role == "framing"]
    parts = [f"The claim's own reading (framing): {'; '.join(own)}."] if own else []
    if any(len(row.readings) > 1 for rows in panels.values() for row in rows):
        shares = (
            "; for a share, yen and dollars too, which differ only by exchange-rate timing" if "share" in panels else ""
        )
        parts.append(
            f"A row holds the readings of one source and definition that differ on the axes its label lists{shares}."
        )
    if any(r.role in ("bound", "mirror", "sub-group") for r in done):
        parts.append("Bound, mirror and sub-group readings are context: they never decide the verdict.")
    if test is not None and len(panels) > 1:
        parts.append(f"The test is stated in {next(iter(panels))} and drawn in that panel only.")
    if verdict.published is not None:
        dataset = str(verdict.published.parameters.get(PUBLISHED, ""))
        parts.append(
            f"Star: the framing on the figures published at the time ({dataset.partition('@')[2] or dataset})."
        )
    reasons = formatting.skipped(verdict.skipped_counts())
    if reasons:
        parts.append("Not evaluated: " + "; ".join(reasons) + ".")
    return " ".join(parts)
