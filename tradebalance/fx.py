"""Yen per U.S. dollar, and converting frames between yen and dollars.

Rates come from FRED (Federal Reserve H.10): daily ``DEXJPUS`` and monthly ``EXJPUS``. The annual rate is
the mean of the year's daily values, which is how FRED computes ``AEXJPUS`` (2017: 112.0986) — not the
mean of the twelve monthly values (112.1369). Fiscal-year rates (April–March) are daily means too.
``EXJPUS`` is the month's mean of the daily values, rounded to four decimals (so it is for every month the
embedded files share); the months after its last, which the daily files already cover, are computed that
way and labelled as derived (:data:`DERIVED`), so that the newest months of trade convert too.
"""

from __future__ import annotations

import pandas as pd

from tradebalance import periods
from tradebalance.errors import DataNotFoundError, SchemaError
from tradebalance.store import snapshot
from tradebalance.store.snapshot import Snapshot

RATES = ("annual", "monthly")
MISSING = ("raise", "drop")
#: The method of a month that ``EXJPUS`` does not cover yet, computed from the daily rates as FRED does.
DERIVED = "mean of the month's daily DEXJPUS noon buying rates, rounded to 4 decimals (FRED's EXJPUS method; EXJPUS not yet published)"
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

    The rates are those of the snapshot of ``vintage`` (see :class:`~tradebalance.store.snapshot.Snapshot`).
    Returns ``period``, ``jpy_per_usd``, ``observations`` (days behind a mean; 1 otherwise), ``complete``
    (the period is fully covered by the data), ``method``; provenance in ``attrs``. Monthly rates run to
    the last month of the daily rates: the months after EXJPUS's last are the means of their daily rates
    (method :data:`DERIVED`; their files' provenance records say so under ``derived``).

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
        return _monthly(snap)
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


def _monthly(snap: Snapshot) -> pd.DataFrame:
    """EXJPUS, then the means of the daily rates of the months after its last (:data:`DERIVED`)."""
    frame = snap.load("fx")
    monthly = frame[frame["series"] == "EXJPUS"]
    published = pd.DataFrame(
        {
            "period": monthly["date"].dt.strftime("%Y-%m"),
            "jpy_per_usd": monthly["value"],
            "observations": 1,
            "complete": True,
            "method": METHOD["M"],
        }
    )
    provenance = [p for p in frame.attrs["provenance"] if p["resource"] == "fred-exjpus"]
    daily = snap.memo(("fx.daily",), lambda: _daily(snap))
    month = daily["date"].dt.to_period("M")
    later = daily[month > monthly["date"].max().to_period("M")] if len(monthly) else daily
    if len(later):
        means, last = monthly_means(later), later["date"].max()
        derived = pd.DataFrame(
            {
                "period": means["month"].dt.strftime("%Y-%m"),
                "jpy_per_usd": means["value"],
                "observations": means["days"],
                # the last month is complete if the daily rates reach its last business day
                "complete": (means["month"] < last.to_period("M")) | (last >= last + pd.offsets.BMonthEnd(0)),
                "method": DERIVED,
            }
        )
        published = pd.concat([published, derived], ignore_index=True)
        months = f"{derived['period'].iloc[0]} to {derived['period'].iloc[-1]}"
        note = f"EXJPUS for {months}, not yet published: the mean of each month's daily rates (FRED's method)"
        used = set(later["source"].unique())
        provenance += [p | {"derived": note} for p in daily.attrs["provenance"] if p["resource"] in used]
    published.attrs = {"provenance": [dict(p) for p in provenance]}
    return published.reset_index(drop=True)


def monthly_means(daily: pd.DataFrame) -> pd.DataFrame:
    """Each month's mean of daily rates, rounded to 4 decimals: how FRED makes ``EXJPUS`` of ``DEXJPUS``.

    Args:
        daily: ``date`` and ``value`` columns (days without a value left out).

    Returns:
        ``month`` (``Period[M]``), ``value`` and ``days`` (the days averaged), one row per month, in order.
    """
    grouped = daily.groupby(daily["date"].dt.to_period("M"))["value"]
    means = grouped.mean()
    return pd.DataFrame({"month": means.index, "value": means.round(4).to_numpy(), "days": grouped.size().to_numpy()})


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


def convert(frame: pd.DataFrame, to: str = "USD", rate: str = "annual", missing: str = "raise") -> pd.DataFrame:
    """Convert a tidy frame's values between JPY and USD.

    Args:
        frame: tidy frame (monthly or annual periods).
        to: target currency, ``"USD"`` or ``"JPY"``; rows already in it are left alone.
        rate: ``"annual"`` (each row at its calendar year's mean daily rate) or ``"monthly"`` (each
            monthly row at its month's EXJPUS rate; after EXJPUS's last month, the mean of the month's
            daily rates, FRED's method: see :func:`rates`).
        missing: what to do with rows of periods no rate covers: ``"raise"`` (DataNotFoundError naming
            the periods) or ``"drop"`` (leave them out; ``attrs["conversion"]["dropped_periods"]`` lists them).

    The rates are those of the snapshot the frame was loaded from (its provenance names the vintage), so
    refreshed data are converted at refreshed rates. The rates used are recorded in ``attrs["conversion"]``
    (``derived_periods``: months converted at rates derived from the daily ones; ``partial_periods``:
    periods whose rate rests on part of the period's days) and their files in ``attrs["provenance"]``.

    Example::

        >>> import tradebalance as tb
        >>> from tradebalance import fx
        >>> mof = tb.load("mof", partner="USA")
        >>> fx.convert(mof[mof["period"] == "2017-01"], to="USD", rate="monthly").attrs["conversion"]["rates"]
        {'2017-01': 114.8721}
    """
    if to not in ("USD", "JPY") or rate not in RATES or missing not in MISSING:
        raise ValueError(
            f"to must be USD or JPY, rate one of {RATES} and missing one of {MISSING}; got {to!r}, {rate!r}, {missing!r}"
        )
    unknown = set(frame["currency"].unique()) - {"USD", "JPY"}
    if unknown:
        raise SchemaError(f"cannot convert currency {sorted(unknown)}")
    snap = snapshot.of(frame)
    if rate == "monthly":
        if not periods.is_monthly(frame["period"]):
            raise DataNotFoundError("monthly rates need monthly data; this frame is annual (use rate='annual')")
        table, keys = rates("M", snap), periods.bucket(frame["period"], "M")
    else:
        table, keys = rates("Y", snap), periods.bucket(frame["period"], "Y")
    lookup = table.set_index("period")["jpy_per_usd"]
    used = keys.map(lookup).astype("float64")
    absent = (frame["currency"] != to) & used.isna()
    dropped = sorted(keys[absent].unique())
    if dropped and missing == "raise":
        raise DataNotFoundError(_no_rate(dropped, rate, table))
    if dropped:
        frame, keys, used = frame[~absent], keys[~absent], used[~absent]
    moving = frame["currency"] != to
    out = frame.copy()
    factor = used[moving] if to == "JPY" else 1 / used[moving]
    out.loc[moving, "value"] = frame.loc[moving, "value"] * factor
    out.loc[moving, "currency"] = to
    converted = set(keys[moving].unique())
    derived = sorted(set(table.loc[table["method"] == DERIVED, "period"]) & converted)
    provenance = [p for p in table.attrs["provenance"] if derived or "derived" not in p]
    out.attrs = {
        **frame.attrs,
        "provenance": [dict(p) for p in frame.attrs.get("provenance", [])] + provenance,
        "conversion": {
            "to": to,
            "rate": rate,
            "method": table["method"].iloc[0],
            "rates": {k: float(lookup[k]) for k in sorted(converted)},
            "partial_periods": sorted(set(table.loc[~table["complete"], "period"]) & converted),
            "derived_periods": derived,
            "dropped_periods": dropped,
        },
    }
    return out


def _no_rate(periods_without: list[str], rate: str, table: pd.DataFrame) -> str:
    """The message for periods no rate covers: which, what the rates cover, and how to convert the rest."""
    derived = table.loc[table["method"] == DERIVED, "period"]
    how = (
        f" (EXJPUS to {table.loc[table['method'] != DERIVED, 'period'].iloc[-1]}, then daily means)"
        if len(derived)
        else ""
    )
    return (
        f"no {rate} JPY/USD rate for {_spans(periods_without)}; the rates cover {table['period'].iloc[0]} to "
        f"{table['period'].iloc[-1]}{how}. Convert the rest with missing='drop' (the periods without a rate are "
        "left out and listed in attrs['conversion']['dropped_periods']), or bring the rates up to date: "
        "tradebalance data refresh --source fx"
    )


def _spans(labels: list[str]) -> str:
    """Period labels as runs: ``2025-08, 2025-09, 2025-10, 2026-01`` → ``2025-08 to 2025-10, 2026-01``."""
    runs: list[list[str]] = []
    previous = None
    for label in sorted(labels, key=lambda x: pd.Period(x).ordinal):
        ordinal = pd.Period(label).ordinal
        if previous is not None and ordinal == previous + 1:
            runs[-1][1] = label
        else:
            runs.append([label, label])
        previous = ordinal
    return ", ".join(a if a == b else f"{a} to {b}" for a, b in runs)
