"""How values are written for readers: ``76.6%``, ``¥7.023 trillion``, ``$68.81 billion``, ``3``.

One place for the value formats of verdicts, the command line and the report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

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


#: Units of quantity in MOF's files, as a reader would write them.
QUANTITY_UNITS = {"NO": "units", "MT": "tonnes", "KG": "kg", "KL": "kilolitres", "CT": "carats", "TH": "thousand"}


def value(x: float, unit: str) -> str:
    """A value in its unit, as a reader would write it.

    ``share`` as a percent, ``change`` as a signed percent, ``ratio`` as ``5.02×``, ``rank`` as a whole
    number, a quantity unit (``NO``, ``MT`` …) in words, else money in that currency.
    """
    if unit == "share":
        return f"{x:.1%}"
    if unit == "change":
        return f"{x:+.1%}".replace("-", MINUS)
    if unit == "ratio":
        return f"{x:.2f}×"
    if unit == "rank":
        return f"{x:.0f}"
    if unit in QUANTITY_UNITS:
        return f"{x:,.0f} {QUANTITY_UNITS[unit]}"
    return money(x, unit)


def exact(x: float, unit: str) -> str:
    """A value to the unit, as in the agencies' files: ``7,023,233,881,000``, ``76.6%``, ``3``."""
    if unit in ("share", "rank", "ratio"):
        return value(x, unit)
    if unit == "change":
        return f"{x:+.3%}".replace("-", MINUS)
    if unit in QUANTITY_UNITS:
        return value(x, unit)
    return f"{x:,.0f}"


#: How each role of a reading is named in text and tables.
ROLE_NOTES = {
    "framing": "claim's framing",
    "variant": "variant (robustness)",
    "bound": "bound, not counted",
    "mirror": "mirror: other country's statistics (context)",
    "sub-group": "sub-group, not counted",
}


def skipped(counts: Mapping[str, int]) -> list[str]:
    """``3 × reason`` for each reason readings were skipped."""
    return [f"{n} × {reason}" for reason, n in counts.items()]


def cited(attribution: Mapping[str, str]) -> str:
    """Who said a claim and when: ``"— The Japan Times, 2018-09-25"``, or ``""`` when the claim file names neither."""
    said = ", ".join(str(attribution[k]) for k in ("publication", "date") if attribution.get(k))
    return f"— {said}" if said else ""


def source_line(p: Mapping[str, Any], *, licence: bool = False) -> str:
    """One file behind a result: ``attribution: file (URL), retrieved …, sha256 …, vintage data``."""
    line = (
        f"{p['attribution']}: {p['file']} ({p['url']}), retrieved {p['retrieved']}, sha256 {p['sha256'][:12]}…, "
        f"{p['vintage']} data"
    )
    return line + (f", licence: {p['license']}" if licence else "") + "."


def source_summary(provenance: Sequence[Mapping[str, Any]]) -> str:
    """``Source: agency: file, file, retrieved date; agency: …`` — one clause per agency (for charts)."""
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


def percent_change(new: float, old: float) -> str:
    """``+9.8 %``-style relative difference of ``new`` from ``old``."""
    change = (new - old) / abs(old)
    sign = "+" if change > 0 else MINUS if change < 0 else "±"
    return f"{sign}{abs(change):.2%}" if abs(change) < 0.01 else f"{sign}{abs(change):.1%}"
