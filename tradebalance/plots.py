"""Charts of the library's results: every function takes analysis results and returns a matplotlib Figure.

Nothing here reads files or loads data, and nothing touches pyplot's global state: figures are built with
the object API (``matplotlib.figure.Figure``), so they work under any backend, save with ``fig.savefig``
and display in notebooks. Every chart has a title, axis labels with units and currency, and a source line
built from the inputs' ``attrs["provenance"]``; series are told apart by line style, marker and hatch as
well as colour, so the charts read in black and white.

Typical use::

    import tradebalance as tb
    from tradebalance import plots

    fig = plots.waterfall(tb.decompose(tb.load("mof", partner="USA"), 2017, "mof-sections"))
    fig.savefig("waterfall-2017.png")
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator

if TYPE_CHECKING:
    from tradebalance.claims import Reading, Verdict

__all__ = ["balance_over_time", "waterfall", "readings", "claim_over_time", "mirror_gap", "tariff_exposure"]

WIDTH = 10.0  # inches; every chart is this wide
FOOTER_SIZE = 7.0  # points, source line and notes
ANNOTATION_SIZE = 8.0
#: Series styles, told apart without colour (Okabe–Ito colours for those who see them).
STYLES = (
    {"color": "#000000", "linestyle": "-", "marker": "o"},
    {"color": "#0072B2", "linestyle": "--", "marker": "s"},
    {"color": "#D55E00", "linestyle": "-.", "marker": "^"},
    {"color": "#009E73", "linestyle": ":", "marker": "D"},
    {"color": "#CC79A7", "linestyle": (0, (6, 2, 1, 2, 1, 2)), "marker": "v"},
)
SYMBOLS = {"JPY": "¥", "USD": "$"}
#: Bar looks, told apart by hatch in black and white.
POSITIVE_LOOK = {"facecolor": "#D9E8F5", "hatch": "////", "edgecolor": "black"}
NEGATIVE_LOOK = {"facecolor": "#F6DCCB", "hatch": "....", "edgecolor": "black"}
TOTAL_LOOK = {"facecolor": "0.25", "edgecolor": "black"}
SHARE_METRICS = {"sector_share": "% of the balance", "share_of_exports": "% of exports"}
READING_KEYS = ("source", "definition", "measure", "calendar", "currency")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
_MINUS = "\u2212"


# ------------------------------------------------------------------------------------ shared helpers


@dataclass(frozen=True)
class Scale:
    """How values are shown: divided by ``divisor``, axes labelled in ``unit``, annotations by :meth:`fmt`."""

    divisor: float = 1.0
    unit: str = ""  # axis unit: "¥ trillion", "$ billion", "%", "rank"
    prefix: str = ""  # before an annotated number: "¥"
    suffix: str = ""  # after it: " trillion", "%"
    digits: int = 2

    def __call__(self, values: Any) -> Any:
        """Values in display units."""
        return np.asarray(values, dtype=float) / self.divisor if np.ndim(values) else float(values) / self.divisor

    def fmt(self, value: float, signed: bool = False) -> str:
        """One value as a reader would write it: ``¥7.02 trillion``, ``−19.1%``, ``3``."""
        x = float(value) / self.divisor
        sign = _MINUS if x < 0 else ("+" if signed and x > 0 else "")
        return f"{sign}{self.prefix}{abs(x):,.{self.digits}f}{self.suffix}"


def _money_scale(currency: str, values: Iterable[float] = ()) -> Scale:
    """Trillion yen or billion dollars (a smaller unit when every value is tiny in it)."""
    steps = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1.0, ""))
    preferred = {"JPY": 1e12, "USD": 1e9}.get(currency, 1e9)
    finite = [abs(v) for v in values if v is not None and np.isfinite(v)]
    biggest = max(finite, default=preferred)
    divisor, word = next((d, w) for d, w in steps if d <= preferred and (biggest >= d / 100 or d == 1.0))
    symbol = SYMBOLS.get(currency, f"{currency} " if currency else "")
    unit = f"{symbol}{' ' if symbol and not symbol.endswith(' ') else ''}{word}".strip() or "currency units"
    scaled = biggest / divisor
    digits = 0 if scaled >= 100 else 1 if scaled >= 10 else 2
    return Scale(divisor, unit, symbol, f" {word}" if word else "", digits)


def _metric_scale(metric: str, currency: str = "", values: Iterable[float] = (), test_kind: str = "") -> Scale:
    """Choose the scale for a claim metric: percent for shares, integers for ranks, money otherwise."""
    if metric in SHARE_METRICS:
        return Scale(0.01, SHARE_METRICS[metric], "", "%", 1)
    if metric == "rank" or test_kind == "rank":
        return Scale(1.0, "rank", "", "", 0)  # 1 = the largest
    return _money_scale(currency, values)


def _single_currency(*columns: Iterable[str]) -> str:
    found = sorted({str(c) for col in columns for c in col if isinstance(c, str) and c})
    if len(found) > 1:
        listed = ", ".join(found)
        raise ValueError(f"cannot plot values in different currencies ({listed}) on one axis; convert them first")
    return found[0] if found else ""


def _provenance(*sources: Any) -> list[dict[str, Any]]:
    """Provenance records of frames (their ``attrs``) or lists of records, without duplicates, in order."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for source in sources:
        records = source.attrs.get("provenance", []) if isinstance(source, pd.DataFrame) else source or []
        for p in records:
            seen.setdefault((str(p.get("agency", "")), str(p.get("file", p.get("resource", "")))), dict(p))
    return list(seen.values())


def _source_text(provenance: Sequence[Mapping[str, Any]]) -> str:
    """``Source: agency: file, file, retrieved date; agency: …`` — one clause per agency."""
    if not provenance:
        return "Source: not recorded in the input (no provenance in attrs)"
    agencies: dict[str, tuple[list[str], list[str]]] = {}
    for p in provenance:
        files, dates = agencies.setdefault(str(p.get("agency", "unknown agency")), ([], []))
        name = str(p.get("file") or p.get("resource") or "")
        if name and name not in files:
            files.append(name)
        date = str(p.get("retrieved", "not recorded"))
        if date not in dates:
            dates.append(date)
    clauses = []
    for agency, (files, dates) in agencies.items():
        known = [d for d in dates if d != "not recorded"]
        when = f"retrieved {', '.join(known)}" if known else "retrieval date not recorded"
        clauses.append(f"{agency}: {', '.join(files)}, {when}")
    return "Source: " + "; ".join(clauses) + "."


def _wrap(text: str, size: float, width_in: float = WIDTH, em: float = 0.56) -> list[str]:
    """Lines of ``text`` that fit ``width_in`` inches at ``size`` points (``em``: average character width)."""
    chars = max(20, int(width_in * 72 / (size * em)))
    return [line for para in text.splitlines() for line in (textwrap.wrap(para, chars) or [""])]


def _new_figure(height: float) -> Figure:
    return Figure(figsize=(WIDTH, height), layout="constrained")


def _finish(fig: Figure, provenance: Sequence[Mapping[str, Any]], title: str, notes: str | None = None) -> Figure:
    """Title at the top; notes and the source line at the bottom, with room kept for them by the layout."""
    fig.suptitle("\n".join(_wrap(title, 12.5, WIDTH - 0.3, em=0.66)), fontsize=12.5, fontweight="bold")
    line_in = FOOTER_SIZE * 1.3 / 72
    y_in = 2 / 72
    for gid, text in (("source", _source_text(provenance)), ("notes", notes)):
        if not text:
            continue
        lines = _wrap(text, FOOTER_SIZE)
        fig.text(
            0.01,
            y_in / fig.get_figheight(),
            "\n".join(lines),
            fontsize=FOOTER_SIZE,
            ha="left",
            va="bottom",
            color="0.25",
            linespacing=1.3,
            gid=gid,
            fontstyle="italic" if gid == "notes" else "normal",
        )
        y_in += len(lines) * line_in + 2 / 72
    bottom = (y_in + 4 / 72) / fig.get_figheight()
    fig.set_layout_engine("constrained", rect=(0, bottom, 1, 1 - bottom))
    for text in fig.findobj(Text):  # a "$" is a dollar here, never the start of mathtext
        if "$" in text.get_text():
            text.set_parse_math(False)
    return fig


def _legend_above(ax: Axes, ncols: int, **kw: Any) -> None:
    """Legend in a row just above the axes (the layout keeps room for it): it never covers data."""
    ax.legend(
        loc="lower left", bbox_to_anchor=(0, 1.005), ncols=ncols, fontsize=8.5, frameon=False, borderaxespad=0.2, **kw
    )


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


def _style(n: int) -> dict[str, Any]:
    return dict(STYLES[n % len(STYLES)])


def _period_x(label: str) -> float:
    """Place a period label on a continuous year axis, at its start: 2017 → 2017, FY2017 → 2017.25."""
    text = str(label).strip().upper()
    match = re.fullmatch(r"(FY)?(\d{4})(?:-(\d{2}))?", text)
    if not match:
        raise ValueError(f"{label!r} is not a period label (2017, FY2017 or 2017-03)")
    fiscal, year, month = match.groups()
    return int(year) + (0.25 if fiscal else 0.0) + ((int(month) - 1) / 12 if month else 0.0)


def _year_axis(ax: Axes, label: str) -> None:
    ax.xaxis.set_major_locator(MaxNLocator(nbins=12, integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:.0f}"))
    ax.set_xlabel(label)


def _has_cjk(text: str) -> bool:
    return bool(_CJK.search(str(text)))


@cache
def _cjk_font() -> str | None:
    """Name of an installed font with Japanese glyphs (Noto Sans CJK, IPA, …), or None."""
    probe = [ord(c) for c in "自動車の部分品"]
    for entry in font_manager.fontManager.ttflist:
        try:
            charmap = font_manager.get_font(entry.fname).get_charmap()
        except (OSError, RuntimeError):
            continue
        if all(code in charmap for code in probe):
            return entry.name
    return None


def _readable_labels(labels: Sequence[str], fallbacks: Sequence[str]) -> tuple[list[str], str | None]:
    """Labels to show, and the CJK font to show them in; without such a font, CJK labels fall back."""
    if not any(_has_cjk(lab) for lab in labels):
        return [str(lab) for lab in labels], None
    font = _cjk_font()
    if font is not None:
        return [str(lab) for lab in labels], font
    return [str(fb) if _has_cjk(lab) else str(lab) for lab, fb in zip(labels, fallbacks, strict=True)], None


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
) -> Figure:
    """Balances over time, one line per table (from ``tb.balance``), on one axis in one currency.

    Incomplete periods (``complete`` false, e.g. a year with six months of data) are drawn with hollow
    markers joined by a thin dotted line, and listed in the legend. ``events`` maps period labels to short
    texts (``{"1985": "Plaza Accord"}``), drawn as vertical markers with labels staggered so they do not
    overlap. Raises ValueError when the tables' currencies differ or a table is empty.
    """
    tables = list(tables)
    if not tables or any(t.empty for t in tables):
        raise ValueError("balance_over_time needs at least one non-empty balance table")
    if labels is not None and len(labels) != len(tables):
        raise ValueError(f"{len(labels)} labels for {len(tables)} tables")
    currency = _single_currency(*(t["currency"] for t in tables))
    scale = _money_scale(currency, [v for t in tables for v in t["balance"]])
    fig = _new_figure(6.0)
    ax = fig.add_subplot()
    ax.axhline(0, color="0.5", linewidth=0.8, zorder=1)
    partial_notes: list[str] = []
    xs_all: list[float] = []
    ys_all: list[float] = []
    for n, table in enumerate(tables):
        style = _style(n)
        x = np.array([_period_x(p) for p in table["period"]])
        y = scale(table["balance"].to_numpy(dtype=float))
        complete = table["complete"].to_numpy(dtype=bool) if "complete" in table else np.ones(len(table), bool)
        order = np.argsort(x)
        x, y, complete = x[order], y[order], complete[order]
        label = labels[n] if labels is not None else _series_label(table)
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
        xs_all += list(x)
        ys_all += list(y[np.isfinite(y)])
    if partial_notes:
        _hollow_legend_entry(ax, "hollow: incomplete period, " + ", ".join(partial_notes), linestyle=":")
    events = dict(events or {})
    event_x = {label: _period_x(label) for label in events}
    lo_x = min([*xs_all, *event_x.values()]) - 0.8
    hi_x = max([*xs_all, *event_x.values()]) + 0.8
    ax.set_xlim(lo_x, hi_x)
    rows = _place_events(ax, events, event_x, (lo_x, hi_x))
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
    _legend_above(ax, min(2, len(tables) + bool(partial_notes)))
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


def _place_events(ax: Axes, events: Mapping[str, str], where: Mapping[str, float], xlim: tuple[float, float]) -> int:
    """Vertical markers with labels in rows at the top of the axes, so no two labels overlap; returns the rows."""
    axes_in = WIDTH * 0.86  # the axes' share of the figure width, roughly
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


# ------------------------------------------------------------------------------------------ waterfall


def waterfall(decomposition: pd.DataFrame, *, title: str | None = None) -> Figure:
    """Each sector's net contribution stepping from zero to the total balance (from ``tb.decompose``).

    Horizontal bars, one per sector in the table's order, each starting where the previous one ended; the
    last bar is the total, ``attrs["totals"]["balance"]``. Each bar is annotated with its share of the
    balance. Net-positive sectors (exports > imports) are hatched ``//``, net-negative ones ``..``; the
    total is solid.
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


# ------------------------------------------------------------------------------------------- readings


def readings(verdict: Verdict, *, title: str | None = None) -> Figure:
    """One dot per evaluated reading of a claim, against the claim's test.

    Filled dots hold, hollow dots fail (and the value column on the right says ✓ or ✗); the claim's
    framing reading is drawn larger, in bold, on a shaded row. ``>``/``<``/``rank`` tests are a vertical
    line, ``approx`` a line and its tolerance band, ``between`` a band, ``context`` nothing. Money readings
    in different currencies get one panel each; the test is drawn in the panel of the claim's currency.
    """
    claim = verdict.claim
    done = verdict.evaluated
    if not done:
        raise ValueError(f"claim {claim.id!r} has no evaluated reading to plot")
    test = claim.test
    money = claim.metric not in SHARE_METRICS and claim.metric != "rank" and test.kind != "rank"
    groups: dict[str, list[Reading]] = {}
    for r in done:
        groups.setdefault(str(r.parameters.get("currency", "")) if money else "", []).append(r)
    claim_currency = str(claim.parameters.get("currency") or claim.framing.get("currency") or "")
    heights = [0.55 + 0.38 * len(g) for g in groups.values()]
    fig = _new_figure(1.9 + sum(heights))
    axes = fig.subplots(len(groups), 1, squeeze=False, height_ratios=heights)[:, 0]
    for ax, (currency, group) in zip(axes, groups.items(), strict=True):
        test_values = [v for v in (test.value, test.low, test.high) if v is not None and test.kind != "context"]
        draw_test = not money or currency == claim_currency or (len(groups) == 1 and not claim_currency)
        scale = _metric_scale(claim.metric, currency, [r.value for r in group] + test_values, test.kind)
        _reading_panel(ax, group, scale, test if draw_test else None)
        if money and len(groups) > 1 and not draw_test and test.kind != "context":
            ax.set_title(f"Readings in {currency} (the test is stated in {claim_currency})", fontsize=9, loc="left")
    fig.align_ylabels(axes)
    reasons: dict[str, int] = {}
    for r in verdict.readings:
        if r.value is None:
            reasons[r.skipped] = reasons.get(r.skipped, 0) + 1
    notes = "Not evaluated: " + "; ".join(f"{n} × {why}" for why, n in reasons.items()) if reasons else None
    if any(not r.counted for r in done):
        notes = "Squares: narrower sub-groups, shown for context and not counted in the verdict. " + (notes or "")
    quote = f"“{claim.quote}”" if claim.quote else ""
    default = f"{claim.id}: {verdict.verdict.upper()} — {quote}"
    return _finish(fig, _provenance(*(r.provenance for r in done)), title or default, notes)


def _reading_label(r: Reading) -> str:
    return ", ".join(str(r.parameters[k]) for k in READING_KEYS if k in r.parameters) or "reading"


def _reading_panel(ax: Axes, group: Sequence[Reading], scale: Scale, test: Any) -> None:
    values = np.array([float(r.value) for r in group])  # type: ignore[arg-type]
    y = np.arange(len(group))
    marks = {True: "holds ✓", False: "fails ✗", None: "context"}
    for i, r in enumerate(group):
        if r.framing:
            ax.axhspan(i - 0.45, i + 0.45, color="0.9", zorder=0)
        filled = r.holds is not False
        ax.plot(
            scale(r.value),
            i,
            linestyle="none",
            marker="D" if r.holds is None else "o" if r.counted else "s",
            markersize=10 if r.framing else 7,
            markeredgewidth=1.5,
            markeredgecolor="black",
            markerfacecolor="black" if filled else "white",
            zorder=3,
            gid=f"reading-{i}",
        )
    lo, hi = float(scale(values.min())), float(scale(values.max()))
    if test is not None:
        lo, hi = _draw_test(ax, test, scale, lo, hi)
    if scale.unit == "rank":  # whole ranks, from the top
        lo = 1.0
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    span = (hi - lo) or max(abs(hi) * 0.1, 1.0)
    ax.set_xlim(lo - 0.12 * span, hi + 0.12 * span)
    notes = {True: "  (claim's framing)", False: ""}
    ax.set_yticks(
        y, [_reading_label(r) + notes[r.framing] + ("" if r.counted else "  (sub-group, not counted)") for r in group]
    )
    for tick, r in zip(ax.get_yticklabels(), group, strict=True):
        if r.framing:
            tick.set_fontweight("bold")
    ax.set_ylim(len(group) - 0.5, -0.5)
    right = ax.secondary_yaxis("right")
    right.set_yticks(y, [f"{scale.fmt(r.value)}  {marks[r.holds]}" for r in group])  # type: ignore[arg-type]
    right.tick_params(length=0)
    for tick, r in zip(right.get_yticklabels(), group, strict=True):
        tick.set_fontweight("bold" if r.framing else "normal")
    ax.grid(axis="x", color="0.9", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_xlabel("Rank (1 = largest)" if scale.unit == "rank" else f"Value ({scale.unit})")
    ax.set_ylabel("Reading")


def _test_band(ax: Axes, low: float, high: float) -> None:
    """The range a claim's test accepts (approx tolerance, between), hatched."""
    ax.axvspan(low, high, facecolor="#FBE3D6", edgecolor="#D55E00", hatch="\\\\", alpha=0.6, zorder=1, gid="test-band")


def _draw_test(ax: Axes, test: Any, scale: Scale, lo: float, hi: float) -> tuple[float, float]:
    """Draw the claim's test; returns the x range it needs."""
    line = {"color": "#D55E00", "linewidth": 1.6, "linestyle": "--", "zorder": 2}
    if test.kind == "approx":
        low, high = test.value * (1 - test.tolerance), test.value * (1 + test.tolerance)
        _test_band(ax, scale(low), scale(high))
        ax.axvline(scale(test.value), gid="test-line", **line)
        text, points = f"test: ≈ {scale.fmt(test.value)} ± {test.tolerance:.0%}", (low, high)
    elif test.kind == "between":
        _test_band(ax, scale(test.low), scale(test.high))
        text, points = f"test: between {scale.fmt(test.low)} and {scale.fmt(test.high)}", (test.low, test.high)
    elif test.kind in (">", "<", "rank"):
        ax.axvline(scale(test.value), gid="test-line", **line)
        word = "rank ≤" if test.kind == "rank" else test.kind
        text, points = f"test: {word} {scale.fmt(test.value)}", (test.value,)
    else:
        return lo, hi
    ax.set_title(text, fontsize=9, loc="left", color="#A04000")
    scaled = [float(scale(p)) for p in points]
    return min(lo, *scaled), max(hi, *scaled)


# ------------------------------------------------------------------------------------ claim over time


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


# ------------------------------------------------------------------------------------------ mirror gap


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
    ax.set_yticks(y, [str(s) for s in table["scope"]])
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
