"""Metrics: what a claim measures, computed on the data of one reading.

A metric is a function of a reading's parameters (source, period, currency, sector definition …) that
returns an :class:`Outcome`: the value, the arithmetic in words and the provenance of the data. Each metric
names the axes its readings vary over (:data:`METRICS`). Data are loaded once per dataset, partner,
currency and vintage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from tradebalance import balances as bal
from tradebalance import fx, partners, periods, sectors
from tradebalance.errors import TradebalanceError
from tradebalance.snapshot import Snapshot


@dataclass(frozen=True)
class Source:
    """Whose statistics a reading uses."""

    name: str
    reporter: str
    partner: str
    currency: str
    totals: str
    """Dataset for balances (monthly)."""
    by_sector: str
    """Dataset for sector decompositions."""


SOURCES: dict[str, Source] = {
    "mof": Source("mof", "JPN", "USA", "JPY", totals="mof", by_sector="mof"),
    "census": Source("census", "USA", "JPN", "USD", totals="census", by_sector="census-enduse"),
}
#: Whose balance a claim speaks of when it does not say: Japan's (a surplus), on either country's statistics.
DEFAULT_REPORTER = "JPN"
CALENDARS = ("calendar", "fiscal")
CURRENCIES = ("JPY", "USD")
MEASURES = ("net", "gross")
#: Parameters a claim may fix; axes it leaves open are varied over every applicable value.
PARAMETERS = (
    "source",
    "reporter",
    "partner",
    "period",
    "calendar",
    "currency",
    "sector",
    "definition",
    "measure",
    "rate",
    "by",
)
#: The sector a metric reads when the claim names none (names are in ``data/sectors/vocabulary.csv``).
DEFAULT_SECTOR = {"tariff_exposure": "auto-tariff"}
#: Internal parameter: the dataset of an earlier download to read instead (figures "as published").
PUBLISHED = "published"


class NotApplicable(TradebalanceError):
    """A combination of parameters that makes no sense for a metric (the reading is skipped, with this reason)."""


@dataclass
class Outcome:
    """What a metric measured under one reading."""

    value: float
    detail: str
    provenance: list[dict[str, Any]]
    extra: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class _Data:
    """A dataset for one partner in one currency, with its provenance and how it was converted.

    The frame is bare (no attrs), so that pandas does not deep-copy the provenance on every operation.
    """

    frame: pd.DataFrame
    provenance: list[dict[str, Any]]
    conversion: str


def _data(dataset: str, partner: str, currency: str, vintage: str) -> _Data:
    """A dataset for one partner in ``currency``: as published, or converted over the periods rates cover.

    Monthly data are converted at each month's rate, annual data at the year's mean daily rate, both the
    snapshot's own rates.
    """
    snap = Snapshot.open(vintage)
    return snap.memo(("claims.data", dataset, partner, currency), lambda: _converted(snap, dataset, partner, currency))


def _converted(snap: Snapshot, dataset: str, partner: str, currency: str) -> _Data:
    frame = snap.load(dataset, partner=partner)
    if set(frame["currency"].unique()) != {currency}:
        monthly = periods.is_monthly(frame["period"])
        table = fx.rates("M" if monthly else "Y", snap)
        keys = frame["period"].dt.strftime("%Y-%m") if monthly else frame["period"].dt.year.astype(str)
        frame = fx.convert(frame[keys.isin(table["period"])], to=currency, rate="monthly" if monthly else "annual")
    conversion = frame.attrs.get("conversion")
    note = f"; converted at {conversion['method']}" if conversion else ""
    provenance = frame.attrs["provenance"]
    frame.attrs = {}
    return _Data(frame, provenance, note)


def _source(params: dict[str, Any]) -> tuple[Source, int]:
    """The reading's source, and +1/−1: whether its reporter is the claim's (else the balance flips sign)."""
    src = SOURCES[params["source"]]
    if params.get(PUBLISHED):
        src = replace(src, totals=params[PUBLISHED])
    reporter = params.get("reporter", DEFAULT_REPORTER)
    if reporter not in (src.reporter, src.partner):
        raise NotApplicable(f"{src.name} statistics cover {src.reporter}–{src.partner} trade, not {reporter}")
    return src, 1 if reporter == src.reporter else -1


def _period(params: dict[str, Any]) -> tuple[str, str]:
    """The reading's (freq, period label): ``("Y", "2017")`` or ``("FY", "FY2017")``."""
    year = str(params["period"])
    return ("FY", f"FY{year}") if params.get("calendar") == "fiscal" else ("Y", year)


def _missing(label: str, data: _Data) -> NotApplicable:
    converted = " with an exchange rate" if data.conversion else ""
    span = f"{data.frame['period'].min()} to {data.frame['period'].max()}"
    return NotApplicable(f"no data for {label}{converted}; the data cover {span}")


def _balances(dataset: str, partner: str, currency: str, vintage: str, freq: str) -> pd.DataFrame:
    def compute() -> pd.DataFrame:
        table = bal.balance(_data(dataset, partner, currency, vintage).frame, freq).set_index("period")
        table.attrs = {}
        return table

    return Snapshot.open(vintage).memo(("claims.balances", dataset, partner, currency, freq), compute)


def _shares(dataset: str, partner: str, currency: str, vintage: str, freq: str, definition: str) -> pd.DataFrame:
    return Snapshot.open(vintage).memo(
        ("claims.shares", dataset, partner, currency, freq, definition),
        lambda: _decompose(dataset, partner, currency, vintage, freq, definition),
    )


def _decompose(dataset: str, partner: str, currency: str, vintage: str, freq: str, definition: str) -> pd.DataFrame:
    frame = _data(dataset, partner, currency, vintage).frame
    if freq == "FY" and not periods.is_monthly(frame["period"]):
        raise NotApplicable("fiscal years need monthly data; this data is annual")
    table = bal.decompose_all(frame, freq, definition).set_index(["period", "sector"])
    table.attrs = {}
    return table


def _flows_by_year(dataset: str, partner: str, vintage: str) -> dict[int, frozenset[str]]:
    snap = Snapshot.open(vintage)

    def compute() -> dict[int, frozenset[str]]:
        frame = snap.load(dataset, partner=partner)
        pairs = frame[["flow"]].assign(year=frame["period"].dt.year).drop_duplicates()
        return {int(y): frozenset(g["flow"]) for y, g in pairs.groupby("year")}

    return snap.memo(("claims.flows", dataset, partner), compute)


def _decomposition(
    params: dict[str, Any], definition: str, *, share: bool = True, both_flows: bool = True
) -> tuple[pd.Series, _Data]:
    """The sector's row of the reading's decomposition, and the data behind it."""
    src, _ = _source(params)
    freq, label = _period(params)
    data = _data(src.by_sector, src.partner, params["currency"], params["vintage"])
    if both_flows:
        years = _flows_by_year(src.by_sector, src.partner, params["vintage"])
        have = years.get(int(str(params["period"])[:4]), frozenset())
        if have and have != {"export", "import"}:
            missing = ({"export", "import"} - have).pop()
            raise NotApplicable(
                f"the {src.by_sector} data have no {missing}s for {label}, only {', '.join(sorted(have))}s"
            )
    if share and data.conversion and not periods.is_monthly(data.frame["period"]):
        raise NotApplicable("annual data converted at one rate give the same share as in the original currency")
    sector = next(s for s, _ in sectors.get(definition).sectors() if s != sectors.OTHER)
    try:
        table = _shares(src.by_sector, src.partner, params["currency"], params["vintage"], freq, definition)
        return table.loc[(label, sector)], data
    except KeyError:
        raise _missing(label, data) from None


def _metric_balance(params: dict[str, Any]) -> Outcome:
    src, sign = _source(params)
    freq, label = _period(params)
    data = _data(src.totals, src.partner, params["currency"], params["vintage"])
    try:
        row = _balances(src.totals, src.partner, params["currency"], params["vintage"], freq).loc[label]
    except KeyError:
        raise _missing(label, data) from None
    if not row["complete"]:
        raise NotApplicable(f"{label} has {row['months']} months of {src.name} data only")
    side = "" if sign == 1 else f"; the negative of {src.reporter}'s balance as {src.reporter} records it"
    detail = (
        f"exports {row['exports']:,.0f} − imports {row['imports']:,.0f} = {row['balance']:,.0f} "
        f"{row['currency']} ({label}, {row['status']}{side}{data.conversion})"
    )
    return Outcome(sign * float(row["balance"]), detail, data.provenance)


def _metric_sector_share(params: dict[str, Any]) -> Outcome:
    row, data = _decomposition(params, params["definition"])
    currency = params["currency"]
    total = row["net"] / row["share_of_balance"]
    if params["measure"] == "net":
        detail = f"({row['exports']:,.0f} − {row['imports']:,.0f}) ÷ {total:,.0f} {currency}{data.conversion}"
        return Outcome(float(row["share_of_balance"]), detail, data.provenance)
    flow = row["exports"] if total > 0 else row["imports"]
    detail = f"{flow:,.0f} ÷ {abs(total):,.0f} {currency} (gross: one flow only){data.conversion}"
    return Outcome(float(row["gross_share_of_balance"]), detail, data.provenance)


def _metric_share_of_exports(params: dict[str, Any]) -> Outcome:
    _, sign = _source(params)
    row, data = _decomposition(params, params["definition"], both_flows=False)
    flow = "exports" if sign == 1 else "imports"
    share = row["share_of_exports" if sign == 1 else "share_of_imports"]
    detail = f"{row[flow]:,.0f} ÷ {row[flow] / share:,.0f} {params['currency']}{data.conversion}"
    return Outcome(float(share), detail, data.provenance)


def _metric_rank(params: dict[str, Any]) -> Outcome:
    if params["source"] != "census":
        raise NotApplicable(f"the {params['source']} data in this snapshot have no partners to rank against")
    dataset = params.get(PUBLISHED) or SOURCES["census"].totals
    table = partners.rank(params["period"], by=params.get("by", "balance"), vintage=params["vintage"], dataset=dataset)
    target = params.get("partner", "JPN")
    row = table.set_index("partner").loc[target]
    ahead = ", ".join(table.loc[table["rank"] < row["rank"], "name"])
    detail = (
        f"{row['name']}: {params.get('by', 'balance')} {row[params.get('by', 'balance')]:,.0f} {row['currency']}, "
        f"{row['share_of_world']:.1%} of the U.S. total; rank {row['rank']} of {len(table)} countries"
        + (f", after {ahead}" if ahead else "")
    )
    return Outcome(float(row["rank"]), detail, table.attrs["provenance"])


def _metric_tariff_exposure(params: dict[str, Any]) -> Outcome:
    src, _ = _source(params)
    rate = float(params.get("rate", 0.25))
    row, data = _decomposition(params, params["definition"], share=False, both_flows=False)
    # Goods from Japan to the U.S.: U.S. imports on Census data, Japan's exports on MOF data.
    flow = "imports" if src.name == "census" else "exports"
    value, share = float(row[flow]), float(row[f"share_of_{flow}"])
    duty = rate * value
    detail = (
        f"{flow} in scope {value:,.0f} {params['currency']} = {share:.1%} of all goods from Japan; "
        f"duty at {rate:.0%}: {duty:,.0f}{data.conversion}"
    )
    return Outcome(value, detail, data.provenance, {"duty": duty, "share_of_goods_from_japan": share})


Metric = Callable[[dict[str, Any]], Outcome]
#: metric name -> (function, axes it varies over).
METRICS: dict[str, tuple[Metric, tuple[str, ...]]] = {
    "balance": (_metric_balance, ("source", "calendar", "currency")),
    "sector_share": (_metric_sector_share, ("source", "definition", "measure", "calendar", "currency")),
    "share_of_exports": (_metric_share_of_exports, ("source", "definition", "calendar", "currency")),
    "rank": (_metric_rank, ("source",)),
    "tariff_exposure": (_metric_tariff_exposure, ("source", "definition", "currency")),
}
SHARE_METRICS = ("sector_share", "share_of_exports")
#: Metrics whose value is an amount of money (so a test's value is in one currency).
MONEY_METRICS = ("balance", "tariff_exposure")
#: Reading parameters shown in labels and tables, in this order.
AXES = ("source", "definition", "measure", "calendar", "currency")


def unit(metric: str, params: dict[str, Any]) -> str:
    """The unit of a metric's value under a reading: its currency, ``share`` or ``rank``."""
    if metric in SHARE_METRICS:
        return "share"
    if metric == "rank":
        return "rank"
    return str(params.get("currency", ""))


def sector_name(metric: str, parameters: dict[str, Any]) -> str:
    """The sector a claim names, or the metric's default."""
    return str(parameters.get("sector", DEFAULT_SECTOR.get(metric, "automotive")))


def definitions(metric: str, parameters: dict[str, Any], source: Source) -> list[tuple[str, str]]:
    """``(definition, role)`` of the claim's sector that apply to ``source``'s data."""
    if "definition" in parameters:
        name = str(parameters["definition"])
        return [(name, "reading")] if sectors.get(name).dataset == source.by_sector else []
    pairs = sectors.readings_of(sector_name(metric, parameters))
    return [(d, role) for d, role in pairs if sectors.get(d).dataset == source.by_sector]


def axis_values(metric: str, axis: str, parameters: dict[str, Any], source: Source) -> list[Any]:
    """The values a reading axis takes for ``source``."""
    if axis == "calendar":
        return list(CALENDARS)
    if axis == "measure":
        return list(MEASURES)
    if axis == "currency":
        return list(CURRENCIES)
    if axis == "definition":
        return [d for d, _ in definitions(metric, parameters, source)]
    raise NotApplicable(f"no values known for axis {axis!r}")
