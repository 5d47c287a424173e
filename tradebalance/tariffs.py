"""What a tariff on Japanese vehicles and parts would touch: the trade in scope and the duty it would raise."""

from __future__ import annotations

import pandas as pd

from tradebalance import balances, fx, periods, sectors, store

#: Scope of a tariff on "automobiles and auto parts", read on U.S. statistics (goods the U.S. imports
#: from Japan) and on Japan's (goods Japan exports to the U.S.).
SCOPES = (
    ("census-enduse-3", "census-enduse", "JPN", "import"),
    ("census-enduse-300", "census-enduse", "JPN", "import"),
    ("mof-narrow", "mof", "USA", "export"),
    ("mof-vehicles", "mof", "USA", "export"),
)


def exposure(year: int | str, rate: float = 0.25, currency: str = "USD") -> pd.DataFrame:
    """Trade from Japan to the U.S. in each scope for one year, and the duty ``rate`` would raise on it.

    Returns ``scope`` (the sector definition), ``title``, ``source`` (whose statistics), ``imports``
    (goods from Japan in scope, in ``currency``: U.S. imports on Census data, Japan's exports on MOF data;
    monthly data converted at each month's rate, annual data at the year's mean daily rate), ``duty``
    (``rate`` × imports, before any change in trade), ``share_of_imports`` (of all goods from Japan),
    ``currency``, ``months`` (of data behind the figure), ``complete`` and ``status``. A static first-round
    figure: it ignores how trade and prices would respond.
    """
    rows, provenance = [], {}
    for scope, dataset, partner, flow in SCOPES:
        frame, _, label = balances.select_period(store.load(dataset, partner=partner), year)
        if set(frame["currency"].unique()) != {currency}:
            frame = fx.convert(frame, to=currency, rate="monthly" if periods.is_monthly(frame["period"]) else "annual")
        table = balances.decompose(frame, label, scope)
        row = table.iloc[0]
        rows.append(
            {
                "scope": scope,
                "title": sectors.get(scope).title,
                "source": "Census" if dataset.startswith("census") else "MOF",
                "imports": float(row[f"{flow}s"]),
                "duty": rate * float(row[f"{flow}s"]),
                "share_of_imports": float(row[f"share_of_{flow}s"]),
                "currency": currency,
                "months": table.attrs["months"],
                "complete": table.attrs["months"] == 12,
                "status": table.attrs["status"],
            }
        )
        provenance.update({p["resource"]: p for p in table.attrs["provenance"]})
    out = pd.DataFrame(rows)
    out.attrs = {"provenance": list(provenance.values()), "rate": rate, "period": str(year)}
    return out
