"""How values are written for readers: ``76.6%``, ``¥7.023 trillion``, ``$68.81 billion``, ``3``.

One place for the value formats of verdicts, the command line and the report.
"""

from __future__ import annotations

#: Currency symbols.
SYMBOLS = {"JPY": "¥", "USD": "$"}
MINUS = "\u2212"


def money(x: float, currency: str = "") -> str:
    """An amount as a reader would write it: ``¥7.023 trillion``, ``−$68.81 billion``, ``$512,000``."""
    sign, x = (MINUS if x < 0 else ""), abs(x)
    symbol = SYMBOLS.get(currency, f"{currency} " if currency else "")
    if x >= 1e12:
        return f"{sign}{symbol}{x / 1e12:,.3f} trillion"
    if x >= 1e9:
        return f"{sign}{symbol}{x / 1e9:,.2f} billion"
    if x >= 1e6:
        return f"{sign}{symbol}{x / 1e6:,.1f} million"
    return f"{sign}{symbol}{x:,.0f}"


def value(x: float, unit: str) -> str:
    """A value in its unit: ``share`` as a percent, ``rank`` as a whole number, else money in that currency."""
    if unit == "share":
        return f"{x:.1%}"
    if unit == "rank":
        return f"{x:.0f}"
    return money(x, unit)


def exact(x: float, unit: str) -> str:
    """A value to the unit, as in the agencies' files: ``7,023,233,881,000``, ``76.6%``, ``3``."""
    if unit in ("share", "rank"):
        return value(x, unit)
    return f"{x:,.0f}"


def percent_change(new: float, old: float) -> str:
    """``+9.8 %``-style relative difference of ``new`` from ``old``."""
    change = (new - old) / abs(old)
    sign = "+" if change > 0 else MINUS if change < 0 else "±"
    return f"{sign}{abs(change):.2%}" if abs(change) < 0.01 else f"{sign}{abs(change):.1%}"
