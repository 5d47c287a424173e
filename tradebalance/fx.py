"""Yen per U.S. dollar, and converting frames between yen and dollars.

Rates come from FRED (Federal Reserve H.10): daily ``DEXJPUS`` and monthly ``EXJPUS``. The annual rate is
the mean of the year's daily values, which is how FRED computes ``AEXJPUS`` (2017: 112.0986) — not the
mean of the twelve monthly values (112.1369). Fiscal-year rates (April–March) are daily means too.
"""

from __future__ import annotations

import pandas as pd

from tradebalance import periods, snapshot
from tradebalance.errors import DataNotFoundError, SchemaError
from tradebalance.snapshot import Snapshot

RATES = ("annual", "monthly")
METHOD = {
    "Y": "mean of the year's daily DEXJPUS noon buying rates (FRED's AEXJPUS method)",
    "FY": "mean of the fiscal year's (April–March) daily DEXJPUS noon buying rates",
    "M": "FRED EXJPUS, monthly average of daily noon buying rates",
    "D": "FRED DEXJPUS, daily noon buying rate in New York",
}


def _daily(snap: Snapshot) -> pd.DataFrame:
    frame = snap.load("fx")
    daily = frame[frame["series"] == "DEXJPUS"]
    # The two daily files overlap (2015-07-13 … 2023-09-15) and agree there (checked in the tests).
    daily = daily.sort_values(["date", "source"]).drop_duplicates("date", keep="last")
    daily.attrs = frame.attrs
    return daily.reset_index(drop=True)


def rates(freq: str = "Y", vintage: str | Snapshot = "embedded") -> pd.DataFrame:
    """Yen per dollar by ``freq``: ``"D"`` daily, ``"M"`` monthly (EXJPUS), ``"Y"`` or ``"FY"`` (daily means).

    The rates are those of the snapshot of ``vintage`` (see :class:`~tradebalance.snapshot.Snapshot`).
    Returns ``period``, ``jpy_per_usd``, ``observations`` (days behind a mean; 1 otherwise), ``complete``
    (the period is fully covered by the data), ``method``; provenance in ``attrs``.

    Example::

        >>> from tradebalance import fx
        >>> round(float(fx.rates("Y").set_index("period").loc["2017", "jpy_per_usd"]), 4)  # FRED's AEXJPUS
        112.0986
    """
    snap = Snapshot.open(vintage)
    table = snap.memo(("fx.rates", freq), lambda: _rates(freq, snap))
    out = table.copy()
    out.attrs = {"provenance": [dict(p) for p in table.attrs["provenance"]]}
    return out


def _rates(freq: str, snap: Snapshot) -> pd.DataFrame:
    if freq == "D":
        daily = snap.memo(("fx.daily",), lambda: _daily(snap))
        out = pd.DataFrame(
            {
                "period": daily["date"].dt.strftime("%Y-%m-%d"),
                "jpy_per_usd": daily["value"],
                "observations": 1,
                "complete": True,
            }
        )
        attrs = daily.attrs
    elif freq == "M":
        frame = snap.load("fx")
        monthly = frame[frame["series"] == "EXJPUS"]
        out = pd.DataFrame(
            {
                "period": monthly["date"].dt.strftime("%Y-%m"),
                "jpy_per_usd": monthly["value"],
                "observations": 1,
                "complete": True,
            }
        )
        attrs = {"provenance": [p for p in frame.attrs["provenance"] if p["resource"] == "fred-exjpus"]}
    elif freq in ("Y", "FY"):
        daily = snap.memo(("fx.daily",), lambda: _daily(snap))
        monthly = daily["date"].dt.to_period("M")
        label = periods.bucket(monthly, freq).to_numpy()
        grouped = daily.groupby(label)
        out = pd.DataFrame({"jpy_per_usd": grouped["value"].mean(), "observations": grouped["value"].size()})
        months = monthly.groupby(label).nunique()
        last = daily["date"].max()
        out["complete"] = (months == 12) & ~((out.index == out.index.max()) & (last.month != 12 or last.day < 28))
        out = out.rename_axis("period").reset_index()
        attrs = {"provenance": [p for p in daily.attrs["provenance"] if p["resource"] != "fred-exjpus"]}
    else:
        raise ValueError(f"freq must be D, M, Y or FY, got {freq!r}")
    out["method"] = METHOD[freq]
    out = out.reset_index(drop=True)
    out.attrs = {"provenance": [dict(p) for p in attrs["provenance"]]}
    return out


def rate(period: str, freq: str = "Y", vintage: str | Snapshot = "embedded") -> float:
    """Yen per dollar for one period label of :func:`rates` (``"2017"``, ``"FY2017"``, ``"2017-03"``)."""
    table = rates(freq, vintage).set_index("period")["jpy_per_usd"]
    if period not in table.index:
        raise DataNotFoundError(
            f"no {freq} JPY/USD rate for {period}; the rates cover {table.index[0]} to {table.index[-1]}"
        )
    return float(table[period])


def to_currency(
    value: float, currency: str, to: str, period: str, freq: str = "Y", vintage: str | Snapshot = "embedded"
) -> float:
    """``value`` in ``currency`` (JPY or USD) expressed in ``to`` at the rate of ``period``."""
    if currency == to:
        return value
    jpy_per_usd = rate(period, freq, vintage)
    return value * jpy_per_usd if to == "JPY" else value / jpy_per_usd


def convert(frame: pd.DataFrame, to: str = "USD", rate: str = "annual") -> pd.DataFrame:
    """Convert a tidy frame's values between JPY and USD.

    Args:
        frame: tidy frame (monthly or annual periods).
        to: target currency, ``"USD"`` or ``"JPY"``; rows already in it are left alone.
        rate: ``"annual"`` (each row at its calendar year's mean daily rate) or ``"monthly"`` (each
            monthly row at its month's EXJPUS rate).

    The rates are those of the snapshot the frame was loaded from (its provenance names the vintage), so
    refreshed data are converted at refreshed rates. The rates used are recorded in ``attrs["conversion"]``
    and their files in ``attrs["provenance"]``. Raises DataNotFoundError naming the periods for which no
    rate exists.

    Example::

        >>> import tradebalance as tb
        >>> from tradebalance import fx
        >>> mof = tb.load("mof", partner="USA")
        >>> fx.convert(mof[mof["period"] == "2017-01"], to="USD", rate="monthly").attrs["conversion"]["rates"]
        {'2017-01': 114.8721}
    """
    if to not in ("USD", "JPY") or rate not in RATES:
        raise ValueError(f"to must be USD or JPY and rate one of {RATES}; got {to!r}, {rate!r}")
    unknown = set(frame["currency"].unique()) - {"USD", "JPY"}
    if unknown:
        raise SchemaError(f"cannot convert currency {sorted(unknown)}")
    moving = frame["currency"] != to
    snap = snapshot.of(frame)
    out = frame.copy()
    if rate == "monthly":
        if not periods.is_monthly(frame["period"]):
            raise DataNotFoundError("monthly rates need monthly data; this frame is annual (use rate='annual')")
        table, keys = rates("M", snap), periods.bucket(frame["period"], "M")
    else:
        table, keys = rates("Y", snap), periods.bucket(frame["period"], "Y")
    lookup = table.set_index("period")["jpy_per_usd"]
    used = keys[moving].map(lookup).astype("float64")
    missing = sorted(keys[moving][used.isna()].unique())
    if missing:
        raise DataNotFoundError(
            f"no {rate} JPY/USD rate for {', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}; "
            f"the rates cover {table['period'].iloc[0]} to {table['period'].iloc[-1]}"
        )
    factor = used if to == "JPY" else 1 / used
    out.loc[moving, "value"] = frame.loc[moving, "value"] * factor
    out.loc[moving, "currency"] = to
    converted = keys[moving].unique()
    partial = sorted(set(table.loc[~table["complete"], "period"]) & set(converted))
    out.attrs = {
        **frame.attrs,
        "provenance": [dict(p) for p in frame.attrs.get("provenance", [])] + table.attrs["provenance"],
        "conversion": {
            "to": to,
            "rate": rate,
            "method": table["method"].iloc[0],
            "rates": {k: float(lookup[k]) for k in sorted(converted)},
            "partial_periods": partial,
        },
    }
    return out
