"""Mirror statistics: the same trade as reported by the exporting and by the importing country.

Japan's exports to the U.S. (MOF, FOB, by destination) are set against U.S. imports from Japan (Census,
customs value, by origin), and U.S. exports to Japan (Census, f.a.s.) against Japan's imports from the
U.S. (MOF, CIF), in one currency, by calendar year. The gap is importer's figure − exporter's figure.
"""

from __future__ import annotations

import pandas as pd

from tradebalance import balances, fx
from tradebalance.errors import DataNotFoundError
from tradebalance.store.snapshot import Snapshot

#: Why the two sides differ, labelled once and attached to every result.
REASONS = {
    "JPN→USA": (
        "valuation: Japan records exports FOB; the U.S. records imports at customs value (also excluding "
        "freight and insurance), so valuation explains little of this gap",
        "partner attribution: Japan records the country of final destination, the U.S. the country of origin "
        "(Japanese-origin goods routed through third countries count only on the U.S. side)",
        "timing: goods shipped in late December arrive in the U.S. in the next year",
        "exchange rate: MOF's yen figures are converted at an average annual rate, not the rates of each shipment",
    ),
    "USA→JPN": (
        "valuation: Japan records imports CIF (with freight and insurance to Japan); the U.S. records exports "
        "f.a.s. — the CIF margin is typically about 5–6 %",
        "partner attribution: the U.S. records the country of destination, Japan the country of origin "
        "(U.S. re-exports of foreign goods count as U.S. exports but as Japan's imports from their origin)",
        "timing: shipping time moves goods across the year boundary",
        "exchange rate: MOF's yen figures are converted at an average annual rate",
    ),
}
BASIS = {
    ("JPN", "export"): "MOF exports, FOB, by destination",
    ("JPN", "import"): "MOF imports, CIF, by origin",
    ("USA", "export"): "Census exports, f.a.s., by destination",
    ("USA", "import"): "Census general imports, customs value, by origin",
}


def _annual(frame: pd.DataFrame) -> pd.DataFrame:
    table = balances.balance(frame, "Y")
    return table[table["complete"]].set_index("period")


def mirror(
    years: tuple[int, int] | None = None, currency: str = "USD", vintage: str | Snapshot = "embedded"
) -> pd.DataFrame:
    """Both countries' figures for the same two flows, by calendar year, in one currency.

    Args:
        years: (first, last) calendar years to keep; default: every complete year both sides have.
        currency: ``"USD"`` (MOF converted at the annual mean daily rate) or ``"JPY"`` (Census converted).
        vintage: the data (trade and exchange rates) of this snapshot: ``"embedded"``, ``"latest"`` …

    Returns:
        Per year and flow (``JPN→USA``, ``USA→JPN``): ``exporter``, ``importer``,
        ``reported_by_exporter``, ``reported_by_importer``, ``currency``, ``gap`` (importer − exporter),
        ``gap_pct`` (gap ÷ exporter's figure), the valuation basis of each side, the rate used and the
        reasons. ``attrs`` hold provenance, the conversion and a balance comparison
        (``attrs["balance"]``: Japan's surplus per MOF against the U.S. deficit per Census).

    Example::

        >>> from tradebalance import mirror
        >>> mirror.mirror((2017, 2017))["flow"].tolist()
        ['JPN→USA', 'USA→JPN']
    """
    snap = Snapshot.open(vintage)
    raw_mof, raw_census = snap.load("mof", partner="USA"), snap.load("census", partner="JPN")
    rated = fx.rates("Y", snap)
    common = _annual(raw_mof).index.intersection(_annual(raw_census).index).intersection(rated["period"])
    if years is not None:
        common = common[(common.astype(int) >= years[0]) & (common.astype(int) <= years[1])]
    if common.empty:
        raise DataNotFoundError(f"no complete year that both countries' statistics and the rates cover in {years}")
    mof = fx.convert(raw_mof[raw_mof["period"].dt.year.astype(str).isin(common)], to=currency, rate="annual")
    census = fx.convert(raw_census[raw_census["period"].dt.year.astype(str).isin(common)], to=currency, rate="annual")
    jp, us = _annual(mof), _annual(census)
    rates = {**mof.attrs["conversion"]["rates"], **census.attrs["conversion"]["rates"]}
    records = []
    for year in common:
        for flow, exporter, importer, x, m in (
            ("JPN→USA", "JPN", "USA", jp.at[year, "exports"], us.at[year, "imports"]),
            ("USA→JPN", "USA", "JPN", us.at[year, "exports"], jp.at[year, "imports"]),
        ):
            records.append(
                {
                    "period": year,
                    "flow": flow,
                    "exporter": exporter,
                    "importer": importer,
                    "reported_by_exporter": float(x),
                    "reported_by_importer": float(m),
                    "currency": currency,
                    "gap": float(m - x),
                    "gap_pct": float((m - x) / x),
                    "exporter_basis": BASIS[(exporter, "export")],
                    "importer_basis": BASIS[(importer, "import")],
                    "jpy_per_usd": rates.get(year),
                    "reasons": "; ".join(REASONS[flow]),
                }
            )
    out = pd.DataFrame.from_records(records)
    balance = pd.DataFrame(
        {
            "japan_surplus_mof": jp.loc[common, "balance"],
            "us_deficit_census": -us.loc[common, "balance"],
        }
    )
    balance["gap"] = balance["us_deficit_census"] - balance["japan_surplus_mof"]
    balance["gap_pct"] = balance["gap"] / balance["japan_surplus_mof"]
    out.attrs = {
        "provenance": mof.attrs["provenance"] + [p for p in census.attrs["provenance"] if p["dataset"] != "fx"],
        "conversion": {"to": currency, "method": mof.attrs["conversion"]["method"], "rates": rates},
        "balance": balance.rename_axis("period").reset_index(),
        "notes": "Gap = importer's figure − exporter's figure. "
        + " ".join(f"{flow}: {REASONS[flow][0]}." for flow in REASONS),
    }
    return out


def japan_balance_both_sides(
    currency: str = "USD", freq: str = "Y", vintage: str | Snapshot = "embedded"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Japan's balance with the U.S. by period, as Japan records it (MOF) and as the U.S. records it (Census).

    The Census table is the U.S. balance with Japan with its sign flipped (its exports are Japan's imports),
    so both tables speak of Japan's surplus. Both are in ``currency``, converted month by month at FRED's
    EXJPUS rates over the months those rates cover, all from the snapshot of ``vintage``.
    """
    snap = Snapshot.open(vintage)
    tables = []
    for dataset, partner in (("mof", "USA"), ("census", "JPN")):
        frame = snap.load(dataset, partner=partner)
        if set(frame["currency"].unique()) != {currency}:
            months = frame["period"].dt.strftime("%Y-%m")
            frame = fx.convert(frame[months.isin(fx.rates("M", snap)["period"])], to=currency, rate="monthly")
        table = balances.balance(frame, freq)
        if dataset == "census":
            table = table.assign(
                reporter="JPN",
                partner="USA",
                exports=table["imports"],
                imports=table["exports"],
                balance=-table["balance"],
            )
            table.attrs["view"] = "U.S. statistics, sign flipped: U.S. imports from Japan − U.S. exports to Japan"
        else:
            table.attrs["view"] = "Japan's statistics: exports to the U.S. − imports from the U.S."
        table.attrs["provenance"] = frame.attrs["provenance"]
        tables.append(table)
    return tables[0], tables[1]
