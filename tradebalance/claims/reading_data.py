"""The data a reading reads, and the tables derived from them, kept between runs (:mod:`tradebalance.store.derived`).

Whose statistics (:data:`SOURCES`), which side of the trade, which period, in which currency: the totals of a
period (:func:`total_flows`) and the row of a sector decomposition (:func:`decomposition`) that the metrics of
:mod:`tradebalance.claims.metric_table` and :mod:`tradebalance.claims.flow_metrics` are computed from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Final

import numpy as np
import pandas as pd

from tradebalance import balances as bal
from tradebalance import fx, periods, sectors
from tradebalance.claims.model import ReadingParameters
from tradebalance.errors import TradebalanceError
from tradebalance.sources import registry
from tradebalance.sources.registry import Source
from tradebalance.store.snapshot import Snapshot

#: Whose balance a claim speaks of when it does not say: Japan's (a surplus), on either country's statistics.
DEFAULT_REPORTER = "JPN"
#: Internal parameter: the dataset of an earlier download to read instead (figures "as published").
PUBLISHED: Final = "published"


#: Whose statistics a reading uses: the sources claims may name, from the one table of sources.
SOURCES: dict[str, Source] = {name: registry.SOURCES[name] for name in registry.CLAIMED}


class NotApplicable(TradebalanceError):
    """A combination of parameters that makes no sense for a metric (the reading is skipped, with this reason)."""


@dataclass
class Outcome:
    """What a metric measured under one reading."""

    value: float
    detail: str
    provenance: list[dict[str, Any]]
    extra: dict[str, float] = field(default_factory=dict)
    unit: str = ""
    """The value's unit where the metric decides it (a quantity's: ``NO``, ``MT`` …)."""


#: A metric: what it measures under one reading's parameters.
Metric = Callable[[ReadingParameters], Outcome]


@dataclass(frozen=True)
class Data:
    """A dataset for one partner in one currency: its provenance, conversion and periods; the frame on demand.

    What it covers is kept between runs; :attr:`frame` is read (and converted) only to compute a table.
    """

    dataset: str
    partner: str
    currency: str
    vintage: str
    provenance: list[dict[str, Any]]
    conversion: str
    """How the figures were converted (``"; converted at …"``), empty where they are as published."""
    months: int
    """The months in one of its periods: 1, 3 or 12."""
    first: str
    """The first period (``2017-01``, ``2017``)."""
    last: str

    @property
    def frame(self) -> pd.DataFrame:
        """The data (bare: no attrs, so that pandas does not deep-copy the provenance on every operation)."""
        return converted(Snapshot.open(self.vintage), self.dataset, self.partner, self.currency)[0]


def data(dataset: str, partner: str, currency: str, vintage: str) -> Data:
    """A dataset for one partner in ``currency``: as published, or converted over the periods rates cover.

    Monthly data are converted at each month's rate, annual data at the year's mean daily rate, both the
    snapshot's own rates. ``dataset:scope`` (``bea:goods-and-services``) keeps one scope of a balance-of-
    payments dataset. What it covers is kept in the cache between runs; the frame is computed on demand.
    """
    snap = Snapshot.open(vintage)

    def describe() -> dict[str, Any]:
        frame, provenance, conversion = converted(snap, dataset, partner, currency)
        span = frame["period"]
        first, last = (str(span.min()), str(span.max())) if len(span) else ("", "")
        months = periods.months_of(span.dtype.freq.freqstr)
        return {"provenance": provenance, "conversion": conversion, "months": months, "first": first, "last": last}

    return snap.kept(
        ("claims.data", dataset, partner, currency),
        describe,
        lambda kept: Data(dataset, partner, currency, snap.name, **kept),
    )


def converted(snap: Snapshot, dataset: str, partner: str, currency: str) -> tuple[pd.DataFrame, list[Any], str]:
    """The frame of :func:`data` (bare), its provenance and how it was converted (kept while the process runs)."""
    return snap.memo(("claims.frame", dataset, partner, currency), lambda: _converted(snap, dataset, partner, currency))


def _converted(snap: Snapshot, dataset: str, partner: str, currency: str) -> tuple[pd.DataFrame, list[Any], str]:
    name, _, scope = dataset.partition(":")
    frame = snap.load(name, partner=partner)
    if scope:
        frame = frame[(frame["code"] == scope).to_numpy()].reset_index(drop=True)
        frame.attrs = {"provenance": snap.load(name, partner=partner).attrs["provenance"]}
    if set(frame["currency"].unique()) != {currency}:
        monthly = periods.is_monthly(frame["period"])
        table = fx.rates("M" if monthly else "Y", snap)
        keys = periods.bucket(frame["period"], "M" if monthly else "Y")
        frame = fx.convert(frame[keys.isin(table["period"])], to=currency, rate="monthly" if monthly else "annual")
    conversion = frame.attrs.get("conversion")
    note = f"; converted at {conversion['method']}" if conversion else ""
    provenance = frame.attrs["provenance"]
    frame.attrs = {}
    return frame, provenance, note


def side(params: ReadingParameters) -> tuple[Source, int, str]:
    """The reading's source, +1/−1 and the partner in its data.

    +1 when the claim's reporter is the source's (its exports are the claim's exports), −1 when the claim
    speaks of the other country (the source's exports are the claim's imports, its balance flips sign).
    """
    src = SOURCES[params["source"]]
    if params.get(PUBLISHED):
        src = replace(src, totals=params[PUBLISHED])
    reporter = params.get("reporter", DEFAULT_REPORTER)
    partner = params.get("partner")
    if reporter == src.reporter:
        return src, 1, str(partner or src.partner)
    if reporter == src.partner and partner in (None, src.reporter):
        return src, -1, src.partner
    with_partner = f" with {partner}" if partner else ""
    raise NotApplicable(f"{src.name} statistics do not cover {reporter}'s trade{with_partner}")


def totals(src: Source, params: ReadingParameters, freq: str) -> str:
    """The dataset (``dataset:scope`` for balance-of-payments data) of the reading's totals."""
    scope = str(params.get("scope", "goods"))
    if scope not in src.scopes or (src.basis != "bop" and scope != "goods"):
        raise NotApplicable(f"{src.name} statistics cover {' and '.join(src.scopes)}, not {scope}")
    if src.basis != "bop":
        return src.totals
    return f"{src.quarterly if freq == 'Q' and src.quarterly else src.totals}:{scope}"


@dataclass(frozen=True)
class Totals:
    """A reading's total exports, imports and balance for one period, as its source records them."""

    exports: float
    imports: float
    balance: float
    """Exports − imports, or the balance as the agency publishes it (:attr:`published`)."""
    label: str
    status: str
    currency: str
    found: Data
    note: str = ""
    """How the figure was put together, where it is not one published statistic (a mixed basis)."""
    published: str = ""
    """Whose published balance :attr:`balance` is (``as BEA publishes it``); empty for exports − imports."""

    def balance_words(self) -> str:
        """The balance and how it is had: ``exports … − imports … = …``, or the published figure beside its flows."""
        if not self.published:
            return f"exports {self.exports:,.0f} − imports {self.imports:,.0f} = {self.balance:,.0f}"
        return (
            f"balance {self.balance:,.0f} {self.published} (exports {self.exports:,.0f}, imports {self.imports:,.0f})"
        )


def total_flows(params: ReadingParameters) -> Totals:
    """The reading's source's total exports, imports and balance for the period (complete periods only).

    The balance is the one the source publishes where it publishes one (BEA), exports − imports elsewhere.
    Census ``goods-and-services`` is a mixed basis: Census goods plus BEA services, as some published
    figures (trade representatives' country pages) are put together.
    """
    src, _, partner = side(params)
    freq, label = period(params)
    scope = str(params.get("scope", "goods"))
    if src.name == "census" and scope == "goods-and-services":
        goods = total_flows({**params, "scope": "goods"})
        services = total_flows({**params, "source": "bea", "scope": "services", "reporter": src.reporter})
        merged = replace(goods.found, provenance=goods.found.provenance + services.found.provenance)
        note = "; a mixed basis: Census goods plus BEA services"
        return Totals(
            goods.exports + services.exports,
            goods.imports + services.imports,
            goods.balance + services.balance,
            label,
            goods.status,
            goods.currency,
            merged,
            note,
            f"with the services balance {services.published}" if services.published else "",
        )
    dataset = totals(src, params, freq)
    found = data(dataset, partner, params["currency"], params["vintage"])
    try:
        row = balances(dataset, partner, params["currency"], params["vintage"], freq)[label]
    except KeyError:
        raise missing(label, found) from None
    if not row["complete"]:
        raise NotApplicable(f"{label} has {row['months']} months of {src.name} data only")
    published = f"as {src.name.upper()} publishes it" if row["published"] else ""
    if published:
        found = replace(found, provenance=bal.published_in(found.provenance, set(str(row["source"]).split(","))))
    figures = (float(row["exports"]), float(row["imports"]), float(row["balance"]))
    return Totals(*figures, label, str(row["status"]), str(row["currency"]), found, published=published)


def period(params: ReadingParameters) -> tuple[str, str]:
    """The reading's (freq, period label): ``("Y", "2017")``, ``("FY", "FY2017")``, ``("Q", "2017Q1")``.

    A plain year is a calendar year, Japan's fiscal year (``calendar = "fiscal"``) or the U.S. federal fiscal
    year (``"federal"``); other periods name themselves.
    """
    freq, label = periods.parse_label(params["period"])
    if freq == "Y" and params.get("calendar") == "fiscal":
        return "FY", f"FY{label}"
    if freq == "Y" and params.get("calendar") == "federal":
        return "USFY", f"USFY{label}"
    return freq, label


def missing(label: str, found: Data) -> NotApplicable:
    """The reason a period has no figure: outside the data, or outside the exchange rates."""
    converted = " with an exchange rate" if found.conversion else ""
    span = f"{found.first} to {found.last}"
    return NotApplicable(f"no data for {label}{converted}; the data cover {span}")


@dataclass(frozen=True)
class Rows:
    """A derived table as its rows by label, the form it is kept in between runs (JSON).

    ``rows["2017"]`` or ``rows["2017", "automotive"]`` is one row as a dict (KeyError if absent); numbers
    are NumPy floats, so that a division by zero gives inf or NaN as it does in the table.
    """

    columns: list[str]
    rows: dict[str, list[Any]]

    def __getitem__(self, label: str | tuple[str, ...]) -> dict[str, Any]:
        values = self.rows["|".join(label) if isinstance(label, tuple) else label]
        return {c: np.float64(v) if isinstance(v, float) else v for c, v in zip(self.columns, values, strict=True)}

    @classmethod
    def read(cls, kept: dict[str, Any]) -> Rows:
        """The rows :meth:`of` wrote (KeyError or TypeError if ``kept`` is of another shape)."""
        if not isinstance(kept["columns"], list) or not isinstance(kept["rows"], dict):
            raise TypeError("not a table of rows")
        return cls(kept["columns"], kept["rows"])

    @staticmethod
    def of(table: pd.DataFrame, drop: tuple[str, ...] = ()) -> dict[str, Any]:
        """``table``'s JSON form (its index, one or more levels, as the label; missing values as null)."""
        table = table.drop(columns=list(drop))
        values = table.astype(object).where(table.notna(), None)
        labels = ["|".join(k) if isinstance(k, tuple) else str(k) for k in table.index]
        return {"columns": list(table.columns), "rows": dict(zip(labels, values.to_numpy().tolist(), strict=True))}


def balances(dataset: str, partner: str, currency: str, vintage: str, freq: str) -> Rows:
    """Exports, imports and balance by period at ``freq``, by period label (kept between runs).

    ``published``: whether the balance is the one the agency publishes (:func:`tradebalance.balances.balance`).
    """

    def compute() -> dict[str, Any]:
        found = data(dataset, partner, currency, vintage)
        frame = pd.DataFrame(found.frame, copy=False)
        frame.attrs = {"provenance": found.provenance}  # which resource's balances are published, said by balance
        table = bal.balance(frame, freq).set_index("period")
        said = {p["resource"] for p in table.attrs["provenance"] if "balance" in p}
        table["published"] = table["source"].isin(said)
        return Rows.of(table)

    periods.check_frequency(freq, data(dataset, partner, currency, vintage).months)  # before the cache: not kept
    return Snapshot.open(vintage).kept(("claims.balances", dataset, partner, currency, freq), compute, Rows.read)


def shares(dataset: str, partner: str, currency: str, vintage: str, freq: str, definition: str) -> Rows:
    """Every period's decomposition by ``definition``, by (period, sector) (kept between runs)."""
    periods.check_frequency(freq, data(dataset, partner, currency, vintage).months)  # before the cache: not kept

    def compute() -> dict[str, Any]:
        return Rows.of(sector_table(dataset, partner, currency, vintage, freq, definition), drop=("label",))

    return Snapshot.open(vintage).kept(
        ("claims.shares", dataset, partner, currency, freq, definition), compute, Rows.read
    )


def sector_table(dataset: str, partner: str, currency: str, vintage: str, freq: str, definition: str) -> pd.DataFrame:
    """Compute :func:`shares` (uncached)."""
    frame = data(dataset, partner, currency, vintage).frame
    panel = Snapshot.open(vintage).memo(
        ("claims.panel", dataset, partner, currency, definition), lambda: bal.sector_panel(frame, definition)
    )
    table = bal.decompose_all(frame, freq, definition, panel=panel).set_index(["period", "sector"])
    table.attrs = {}
    return table


def flows_by_year(dataset: str, partner: str, vintage: str) -> dict[int, frozenset[str]]:
    """The flows (export, import) a dataset has in each year for ``partner``."""
    snap = Snapshot.open(vintage)

    def compute() -> dict[str, list[str]]:
        frame = snap.load(dataset, partner=partner)
        pairs = frame[["flow"]].assign(year=frame["period"].dt.year).drop_duplicates()
        return {str(y): sorted(g["flow"]) for y, g in pairs.groupby("year")}

    def use(kept: dict[str, list[str]]) -> dict[int, frozenset[str]]:
        return {int(year): frozenset(flows) for year, flows in kept.items()}

    return snap.kept(("claims.flows_by_year", dataset, partner), compute, use)


def decomposition(
    params: ReadingParameters, definition: str, *, share: bool = True, needs: tuple[str, ...] = ("export", "import")
) -> tuple[dict[str, Any], Data]:
    """The sector's row of the reading's decomposition, and the data behind it.

    ``needs``: the flows (``export``, ``import``) the data must have in the period's year; a year the data
    hold one flow only (the end-use exports end in 2022) is not read as a zero.
    """
    src, _, partner = side(params)
    freq, label = period(params)
    if not src.by_sector:
        raise NotApplicable(f"{src.name} statistics have no sectors")
    found = data(src.by_sector, partner, params["currency"], params["vintage"])
    if needs:
        years = flows_by_year(src.by_sector, partner, params["vintage"])
        have = years.get(periods.year_of(label), frozenset())
        if have and not set(needs) <= have:
            lacking = (set(needs) - have).pop()
            raise NotApplicable(
                f"the {src.by_sector} data have no {lacking}s for {label}, only {', '.join(sorted(have))}s"
            )
    if share and found.conversion and found.months != 1:
        raise NotApplicable("annual data converted at one rate give the same share as in the original currency")
    sector = next(s for s, _ in sectors.get(definition).sectors() if s != sectors.OTHER)
    try:
        table = shares(src.by_sector, partner, params["currency"], params["vintage"], freq, definition)
        return table[label, sector], found
    except KeyError:
        raise missing(label, found) from None
