"""What a tariff on Japanese vehicles and parts would touch: the trade in scope and the duty it would raise."""

from __future__ import annotations

import pandas as pd

from tradebalance import balances, fx, periods, sectors
from tradebalance.store.snapshot import Snapshot

#: The sector whose definitions are the scopes of a tariff on "automobiles and auto parts" (data/sectors/).
SECTOR = "auto-tariff"
#: Goods from Japan to the U.S. on each side's statistics: U.S. imports from Japan, Japan's exports to the U.S.
FROM_JAPAN = {"census-enduse": ("JPN", "import"), "mof": ("USA", "export")}


def exposure(
    year: int | str, rate: float = 0.25, currency: str = "USD", vintage: str | Snapshot = "embedded"
) -> pd.DataFrame:
    """Trade from Japan to the U.S. in each scope for one year, and the duty ``rate`` would raise on it.

    Returns ``definition`` (the sector definition: the tariff's scope), ``title``, ``source`` (whose statistics), ``imports``
    (goods from Japan in scope, in ``currency``: U.S. imports on Census data, Japan's exports on MOF data;
    monthly data converted at each month's rate, annual data at the year's mean daily rate), ``duty``
    (``rate`` × imports, before any change in trade), ``share_of_imports`` (of all goods from Japan),
    ``currency``, ``months`` (of data behind the figure), ``complete`` and ``status``. A static first-round
    figure: it ignores how trade and prices would respond. The scopes are the definitions of the sector
    ``auto-tariff`` in ``data/sectors/vocabulary.csv``.

    Example::

        >>> from tradebalance import tariffs
        >>> table = tariffs.exposure(2017, rate=0.25).set_index("definition")
        >>> round(float(table.loc["census-enduse-3", "imports"]) / 1e9, 1)  # $ billion of U.S. imports from Japan
        55.4
    """
    snap = Snapshot.open(vintage)
    rows, provenance = [], {}
    for scope, _ in sectors.readings_of(SECTOR):
        dataset = sectors.get(scope).dataset
        partner, flow = FROM_JAPAN[dataset]
        frame, _, label = balances.select_period(snap.load(dataset, partner=partner), year)
        if set(frame["currency"].unique()) != {currency}:
            frame = fx.convert(frame, to=currency, rate="monthly" if periods.is_monthly(frame["period"]) else "annual")
        table = balances.decompose(frame, label, scope)
        row = table.iloc[0]
        rows.append(
            {
                "definition": scope,
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
