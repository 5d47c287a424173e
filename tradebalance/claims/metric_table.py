"""The metric table: what a claim measures, computed on the data of one reading (:data:`METRICS`).

A metric is a function of a reading's parameters (source, period, currency, sector definition …) that
returns an :class:`~tradebalance.claims.reading_data.Outcome`: the value, the arithmetic in words and the
provenance of the data. The balance, sector shares, ranks and tariff exposure are computed here; the metrics of
flows, quantities, changes, shares and ratios in :mod:`tradebalance.claims.flow_metrics`. The axes a claim's
readings vary over are in :mod:`tradebalance.claims.reading_axes`.
"""

from __future__ import annotations

from typing import Any

from tradebalance import partners
from tradebalance.claims import flow_metrics
from tradebalance.claims.model import CHOICES, METRIC_NAMES, ReadingParameters
from tradebalance.claims.reading_data import (
    PUBLISHED,
    SOURCES,
    Metric,
    NotApplicable,
    Outcome,
    decomposition,
    side,
    total_flows,
)


def _metric_balance(params: ReadingParameters) -> Outcome:
    src, sign, _ = side(params)
    t = total_flows(params)
    mirror = "" if sign == 1 else f"; the negative of {src.reporter}'s balance as {src.reporter} records it"
    detail = f"{t.balance_words()} {t.currency} ({t.label}, {t.status}{mirror}{t.note}{t.found.conversion})"
    return Outcome(sign * t.balance, detail, t.found.provenance)


def _metric_sector_share(params: ReadingParameters) -> Outcome:
    row, found = decomposition(params, params["definition"])
    currency = params["currency"]
    total = row["net"] / row["share_of_balance"]
    if params["measure"] == "net":
        detail = f"({row['exports']:,.0f} − {row['imports']:,.0f}) ÷ {total:,.0f} {currency}{found.conversion}"
        return Outcome(float(row["share_of_balance"]), detail, found.provenance)
    flow = row["exports"] if total > 0 else row["imports"]
    detail = f"{flow:,.0f} ÷ {abs(total):,.0f} {currency} (gross: one flow only){found.conversion}"
    return Outcome(float(row["gross_share_of_balance"]), detail, found.provenance)


def _metric_share_of_exports(params: ReadingParameters) -> Outcome:
    _, sign, _ = side(params)
    flow = "exports" if sign == 1 else "imports"
    row, found = decomposition(params, params["definition"], needs=(flow[:-1],))
    share = row["share_of_exports" if sign == 1 else "share_of_imports"]
    whole = f"{row[flow] / share:,.0f}" if share else "the total"  # no sector trade: the total cannot be read off
    detail = f"{row[flow]:,.0f} ÷ {whole} {params['currency']}{found.conversion}"
    return Outcome(float(share), detail, found.provenance)


def _metric_rank(params: ReadingParameters) -> Outcome:
    source, scope = params["source"], str(params.get("scope", "goods"))
    if source == "mof":
        raise NotApplicable("the mof data in this snapshot have no partners to rank against")
    if source == "census" and scope != "goods":
        raise NotApplicable(f"Census ranks goods only: a rank of {scope} is read on BEA's countries")
    dataset = params.get(PUBLISHED) or SOURCES[source].totals
    by = params.get("by", "balance")
    table = partners.rank(params["period"], by=by, vintage=params["vintage"], dataset=dataset, scope=scope)
    target = params.get("partner", "JPN")
    if target not in set(table["partner"]):
        raise NotApplicable(f"{target} is not among {table.attrs['among']} in {params['period']}")
    row = table.set_index("partner").loc[target]
    ahead = ", ".join(table.loc[table["rank"] < row["rank"], "name"])
    detail = (
        f"{row['name']}: {params.get('by', 'balance')} {row[params.get('by', 'balance')]:,.0f} {row['currency']}, "
        f"{row['share_of_world']:.1%} of the U.S. total; rank {row['rank']} among {table.attrs['among']}"
        + (f", after {ahead}" if ahead else "")
    )
    return Outcome(float(row["rank"]), detail, table.attrs["provenance"], _tie(table, row, by))


def _tie(table: Any, row: Any, by: str) -> dict[str, float]:
    """How close the partner is to the partners ranked just above and below it, relative to its own figure."""
    values = table.set_index("rank")[by]
    own, place = float(row[by]), int(row["rank"])
    out = {}
    for key, other in (("tie_above", place - 1), ("tie_below", place + 1)):
        if other in values.index and own:
            out[key] = abs(float(values[other]) - own) / abs(own)
    return out


def _metric_tariff_exposure(params: ReadingParameters) -> Outcome:
    src, _, _ = side(params)
    rate = float(params.get("rate", 0.25))
    row, found = decomposition(params, params["definition"], share=False, needs=())
    # Goods from Japan to the U.S.: U.S. imports on Census data, Japan's exports on MOF data.
    flow = "imports" if src.name == "census" else "exports"
    value, share = float(row[flow]), float(row[f"share_of_{flow}"])
    duty = rate * value
    detail = (
        f"{flow} in scope {value:,.0f} {params['currency']} = {share:.1%} of all goods from Japan; "
        f"duty at {rate:.0%}: {duty:,.0f}{found.conversion}"
    )
    return Outcome(value, detail, found.provenance, {"duty": duty, "share_of_goods_from_japan": share})


#: metric name -> (function, axes it varies over).
METRICS: dict[str, tuple[Metric, tuple[str, ...]]] = {
    "balance": (_metric_balance, ("source", "calendar", "currency")),
    "sector_share": (_metric_sector_share, ("source", "definition", "measure", "calendar", "currency")),
    "share_of_exports": (_metric_share_of_exports, ("source", "definition", "calendar", "currency")),
    "rank": (_metric_rank, ("source",)),
    "tariff_exposure": (_metric_tariff_exposure, ("source", "definition", "currency")),
    "flow": (flow_metrics.flow_metric, ("source", "definition", "calendar", "currency")),
    "quantity": (flow_metrics.quantity_metric, ("source", "definition", "calendar")),
    "change": (flow_metrics.change_metric, ("source", "definition", "calendar", "currency")),
    "share": (flow_metrics.share_metric, ("source", "definition", "calendar", "currency")),
    "ratio": (flow_metrics.ratio_metric, ("source", "calendar", "currency")),
}
if tuple(SOURCES) != CHOICES["source"]:  # the claim model names the sources a claim file may use
    raise ImportError(
        f"claims.reading_data defines the sources {tuple(SOURCES)}, the claim model names {CHOICES['source']}"
    )
if tuple(METRICS) != METRIC_NAMES:  # the claim model names the metrics a claim file may use
    raise ImportError(f"claims.metric_table defines {tuple(METRICS)}, the claim model names {METRIC_NAMES}")
SHARE_METRICS = ("sector_share", "share_of_exports", "share")
#: Metrics whose value is an amount of money (so a test's value is in one currency).
MONEY_METRICS = ("balance", "tariff_exposure", "flow")
#: Metrics of totals, read on goods and on goods and services where the claim does not say (``scope``).
SCOPED = ("balance", "flow", "change", "ratio")
#: Metrics that read a sector only when the claim names one.
SECTOR_OPTIONAL = ("flow", "change", "share", "ratio")


def unit(metric: str, params: ReadingParameters) -> str:
    """The unit of a metric's value: a currency, ``share``, ``change`` (relative), ``ratio`` or ``rank``.

    A quantity's unit (``NO``, ``MT`` …) is the data's, known once the reading is evaluated.
    """
    if metric in SHARE_METRICS:
        return "share"
    if metric in ("rank", "ratio"):
        return metric
    if metric == "change" and params.get("change", "percent") == "percent":
        return "change"
    if metric == "change" and params.get("of") == "quantity" or metric == "quantity":
        return ""
    return str(params.get("currency", ""))


def is_money(claim_metric: str, parameters: ReadingParameters) -> bool:
    """Whether the metric's value is an amount of money (a test's value then has one currency)."""
    if claim_metric == "change":
        return parameters.get("change", "percent") == "absolute" and parameters.get("of") != "quantity"
    return claim_metric in MONEY_METRICS
