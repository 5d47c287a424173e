"""What every chart shares: scales, figures, the title and source line, legends, fonts, wrapping, series styles."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, TypedDict

import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.typing import CapStyleType, ColorType, LineStyleType

from tradebalance import formatting, periods
from tradebalance.errors import DataNotFoundError
from tradebalance.formatting import MINUS, SYMBOLS

WIDTH = 10.0  # inches; the default width of a chart
TITLE_SIZE = 12.5  # points
FOOTER_SIZE = 7.0  # points, source line and notes
ANNOTATION_SIZE = 8.0
#: Axis units of share metrics.
SHARE_UNITS = {"sector_share": "% of the balance", "share_of_exports": "% of exports", "share": "% share"}
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


class PatchLook(TypedDict, total=False):
    """How a filled shape looks (a bar, a band, its legend patch): keyword arguments of ``Patch`` and ``barh``."""

    facecolor: ColorType
    edgecolor: ColorType
    hatch: str
    alpha: float


class LineLook(TypedDict, total=False):
    """How a line looks: keyword arguments of ``Line2D``, ``Axes.plot`` and ``Axes.axvline``."""

    color: ColorType
    linewidth: float
    linestyle: LineStyleType
    solid_capstyle: CapStyleType


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
        sign = MINUS if x < 0 else ("+" if signed and x > 0 else "")
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


def _metric_scale(metric: str, currency: str = "", values: Iterable[float] = ()) -> Scale:
    """Choose the scale for a claim metric: percent for shares, integers for ranks, money otherwise."""
    if metric in SHARE_UNITS:
        return Scale(0.01, SHARE_UNITS[metric], "", "%", 1)
    if metric == "rank":
        return Scale(1.0, "rank", "", "", 0)  # 1 = the largest
    if currency == "change":
        return Scale(0.01, "% change", "", "%", 1)
    if currency == "ratio":
        return Scale(1.0, "ratio", "", "×", 2)
    if currency in formatting.QUANTITY_UNITS:
        word = formatting.QUANTITY_UNITS[currency]
        return Scale(1e6, f"million {word}", "", f" million {word}", 2)
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


def _wrap(text: str, size: float, width_in: float = WIDTH, em: float = 0.56) -> list[str]:
    """Lines of ``text`` that fit ``width_in`` inches at ``size`` points (``em``: average character width)."""
    chars = max(20, int(width_in * 72 / (size * em)))
    return [line for para in text.splitlines() for line in (textwrap.wrap(para, chars) or [""])]


def _new_figure(height: float, width: float = WIDTH) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def _finish(
    fig: Figure,
    provenance: Sequence[Mapping[str, Any]],
    title: str,
    notes: str | None = None,
    title_size: float = TITLE_SIZE,
) -> Figure:
    """Title at the top; notes and the source line at the bottom, with room kept for them by the layout."""
    width = fig.get_figwidth()
    fig.suptitle("\n".join(_wrap(title, title_size, width - 0.3, em=0.66)), fontsize=title_size, fontweight="bold")
    line_in = FOOTER_SIZE * 1.3 / 72
    y_in = 2 / 72
    for gid, text in (("source", formatting.source_summary(provenance)), ("notes", notes)):
        if not text:
            continue
        lines = _wrap(text, FOOTER_SIZE, width)
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
    for artist in fig.findobj(Text):  # a "$" is a dollar here, never the start of mathtext
        if "$" in artist.get_text():
            artist.set_parse_math(False)
    return fig


def _footer_height(texts: Iterable[str], width: float) -> float:
    """Inches the notes and source line of :func:`_finish` take at the bottom of a ``width``-inch figure."""
    lines = sum(len(_wrap(t, FOOTER_SIZE, width)) for t in texts if t)
    return lines * FOOTER_SIZE * 1.3 / 72 + 8 / 72


def _legend_above(ax: Axes, ncols: int, **kw: Any) -> None:
    """Legend in a row just above the axes (the layout keeps room for it): it never covers data."""
    ax.legend(
        loc="lower left", bbox_to_anchor=(0, 1.005), ncols=ncols, fontsize=8.5, frameon=False, borderaxespad=0.2, **kw
    )


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


#: Series styles, told apart without colour (Okabe–Ito colours for those who see them).
STYLES = (
    {"color": "#000000", "linestyle": "-", "marker": "o"},
    {"color": "#0072B2", "linestyle": "--", "marker": "s"},
    {"color": "#D55E00", "linestyle": "-.", "marker": "^"},
    {"color": "#009E73", "linestyle": ":", "marker": "D"},
    {"color": "#CC79A7", "linestyle": (0, (6, 2, 1, 2, 1, 2)), "marker": "v"},
)


def _style(n: int) -> dict[str, Any]:
    return dict(STYLES[n % len(STYLES)])


def _period_x(label: str) -> float:
    """Place a period label on a continuous year axis, at its start: 2017 → 2017, FY2017 → 2017.25."""
    try:
        return periods.start_of(label)
    except DataNotFoundError:
        raise ValueError(f"{label!r} is not a period label (2017, FY2017, 2017Q1 or 2017-03)") from None


def _year_axis(ax: Axes, label: str) -> None:
    ax.xaxis.set_major_locator(MaxNLocator(nbins=12, integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:.0f}"))
    ax.set_xlabel(label)
