"""Metrics of flows: what was traded, how it changed, its share of a whole, its ratio to another partner's.

Money or units.
``flow`` names what is measured: ``exports``, ``imports``, ``total`` (exports + imports), ``balance``
(exports − imports, signed), ``surplus`` (the balance) or ``deficit`` (minus the balance: a deficit is
positive). Exports and imports are the claim's reporter's: on the other country's statistics (the mirror)
they are that country's imports and exports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from tradebalance import frames, periods, sectors
from tradebalance.claims.model import ReadingParameters
from tradebalance.claims.reading_data import (
    NotApplicable,
    Outcome,
    Rows,
    decomposition,
    period,
    side,
    total_flows,
)
from tradebalance.store.snapshot import Snapshot

FLOWS = ("exports", "imports", "total", "balance", "surplus", "deficit")
CHANGES = ("percent", "absolute")
#: What a share is a share of.
SHARE_OF = ("balance", "exports", "imports", "world")


def flow_metric(params: ReadingParameters) -> Outcome:
    """A flow of the total, or of a sector when the claim names one, in the reading's currency."""
    flow = str(params.get("flow", "balance"))
    if flow not in FLOWS:
        raise NotApplicable(f"flow {flow!r} is not one of {', '.join(FLOWS)}")
    src, sign, partner = side(params)
    freq, label = period(params)
    if "definition" in params:
        own = {"exports": ("export",), "imports": ("import",)}.get(flow, ("export", "import"))
        needs = own if sign == 1 else tuple({"export": "import", "import": "export"}[f] for f in own)
        row, found = decomposition(params, params["definition"], share=False, needs=needs)
        exports, imports = float(row["exports"]), float(row["imports"])
        balance, what = exports - imports, f"{params['definition']} "
    else:
        t = total_flows(params)
        exports, imports, balance, found, what = t.exports, t.imports, t.balance, t.found, ""
        published = t.published and flow in ("balance", "surplus", "deficit")
        label += t.note + (f"; balance {t.balance:,.0f} {t.published}" if published else "")
    if sign == -1:
        # The other country's imports are the claim's reporter's exports.
        exports, imports, balance = imports, exports, -balance
    value = _flow_value(flow, exports, imports, balance)
    mirror = "" if sign == 1 else f"; {src.reporter}'s figures, seen from {params.get('reporter')}"
    detail = (
        f"{what}exports {exports:,.0f}, imports {imports:,.0f} {params['currency']} ({label}{mirror}{found.conversion})"
    )
    return Outcome(value, detail, found.provenance)


def _flow_value(flow: str, exports: float, imports: float, balance: float) -> float:
    return {
        "exports": exports,
        "imports": imports,
        "total": exports + imports,
        "balance": balance,
        "surplus": balance,
        "deficit": -balance,
    }[flow]


def quantity_metric(params: ReadingParameters) -> Outcome:
    """Units of a sector's exports or imports (vehicles, tonnes …) where the agency publishes them."""
    flow = str(params.get("flow", "exports"))
    if flow not in ("exports", "imports"):
        raise NotApplicable(f"a quantity is of exports or imports, not {flow!r}")
    src, sign, partner = side(params)
    freq, label = period(params)
    own_flow = flow if sign == 1 else {"exports": "imports", "imports": "exports"}[flow]
    definition = str(params["definition"])
    table = quantities(str(src.by_sector), partner, own_flow[:-1], definition, params["vintage"])
    if not table.published:
        raise NotApplicable(f"the {src.by_sector} data publish no quantities")
    found = table.rows
    held = pd.Series(pd.PeriodIndex(list(found.rows), freq=table.freq))
    chosen = [str(p) for p, b in zip(held, periods.bucket(held, freq), strict=True) if b == label]
    if not chosen:
        raise NotApplicable(f"no data for {label}; the data cover {table.first} to {table.last}")
    rows = [found[p] for p in chosen]
    units = {u for r in rows for u in r["units"]}
    items = sum(r["items"] for r in rows)
    if not items or not units:
        raise NotApplicable(f"{definition} has no published quantity for {own_flow} in {label}")
    if len(units) > 1:
        raise NotApplicable(f"{definition} adds items counted in different units ({', '.join(sorted(units))})")
    if len(chosen) < periods.months_in(label):
        raise NotApplicable(f"{label} has {len(chosen)} months of {src.name} data only")
    unpublished = sum(r["unpublished"] for r in rows)
    if unpublished:
        raise NotApplicable(f"{definition}: the quantity is not published for {unpublished} item-months")
    total = float(sum(r["quantity"] for r in rows))
    unit = units.pop()
    detail = f"{definition} {own_flow} {total:,.0f} {unit} ({label}, {src.name}, {items} item-months)"
    return Outcome(total, detail, table.provenance, {}, unit)


@dataclass(frozen=True)
class Quantities:
    """A sector's quantities in each period of the data (:class:`Rows`), and what the data cover."""

    rows: Rows
    published: bool
    """Whether the data publish quantities at all."""
    freq: str
    first: str
    last: str
    provenance: list[dict[str, Any]]

    @classmethod
    def read(cls, kept: dict[str, Any]) -> Quantities:
        """The quantities :func:`quantities` kept (KeyError or TypeError if ``kept`` is of another shape)."""
        texts = (str(kept["freq"]), str(kept["first"]), str(kept["last"]))
        return cls(Rows.read(kept), bool(kept["published"]), *texts, list(kept["provenance"]))


def quantities(dataset: str, partner: str, flow: str, definition: str, vintage: str) -> Quantities:
    """A sector's quantities in each period of the data, and what the data cover (kept between runs).

    Each period: ``quantity`` (the sum where published), its ``units``, the sector's ``items`` and how many of
    them have no quantity (``unpublished``).
    """
    snap = Snapshot.open(vintage)

    def compute() -> dict[str, Any]:
        loaded = snap.load(dataset, partner=partner, flow=flow)
        frame = frames.bare(loaded)
        sector = sectors.assign(frame, sectors.get(definition))
        named = (sector.notna() & (sector != sectors.OTHER)).to_numpy(dtype=bool, na_value=False)
        code, held = pd.factorize(frame["period"], sort=True)
        at, size = code[named], len(held)
        quantity = frame["quantity"].to_numpy(dtype="float64", na_value=np.nan)[named]
        units = pd.DataFrame({"at": at, "unit": frame["quantity_unit"].to_numpy()[named]}).dropna().drop_duplicates()
        listed: list[list[str]] = [[] for _ in range(size)]
        for place, unit in sorted(zip(units["at"], units["unit"], strict=True)):
            listed[place].append(unit)
        table = pd.DataFrame(
            {
                "quantity": np.bincount(at, np.nan_to_num(quantity), size),
                "units": listed,
                "items": np.bincount(at, minlength=size),
                "unpublished": np.bincount(at, minlength=size, weights=np.isnan(quantity)).astype(int),
            },
            index=held.astype(str),
        )
        return {
            **Rows.of(table),
            "published": bool(frame["quantity_unit"].notna().any()),
            "freq": {1: "M", 3: "Q"}.get(periods.months_of(frame["period"].dtype.freq.freqstr), "Y"),
            "first": str(held.min()) if size else "",
            "last": str(held.max()) if size else "",
            "provenance": loaded.attrs["provenance"],
        }

    return snap.kept(("claims.quantities", dataset, partner, flow, definition), compute, Quantities.read)


def change_metric(params: ReadingParameters) -> Outcome:
    """The change of a flow (or quantity) from ``from`` (default: the period before) to ``period``."""
    kind = str(params.get("change", "percent"))
    if kind not in CHANGES:
        raise NotApplicable(f"change {kind!r} is not one of {', '.join(CHANGES)}")
    measure = quantity_metric if params.get("of") == "quantity" else flow_metric
    _, label = period(params)
    base_label = str(params.get("from") or _default_base(label, params))
    base_params: ReadingParameters = {**params, "period": base_label}
    if params.get("calendar") in ("fiscal", "federal") and periods.parse_label(base_label)[0] == "Y":
        base_params["calendar"] = params["calendar"]
    now, then = measure(params), measure(base_params)
    difference = now.value - then.value
    if kind == "absolute":
        value = difference
        words = f"{now.value:,.0f} − {then.value:,.0f} = {difference:,.0f}"
    else:
        if then.value == 0:
            raise NotApplicable(f"no percent change from zero ({base_label})")
        value = difference / abs(then.value)
        words = f"({now.value:,.0f} − {then.value:,.0f}) ÷ |{then.value:,.0f}| = {value:+.2%}"
    detail = f"{words}; {label}: {now.detail}; {base_label}: {then.detail}"
    levels = {"level": now.value, "base_level": then.value}  # what a revision of either would move
    unit = now.unit if kind == "absolute" else ""  # a percent change has no unit of its own (the metric's "change")
    return Outcome(value, detail, _merged(now.provenance, then.provenance), levels, unit)


def _default_base(label: str, params: ReadingParameters) -> str:
    """The period a change is measured from.

    A year earlier for a month, quarter or half (year on year) unless the claim says ``compare =
    "previous"``; the year before for a year.
    """
    freq, label = periods.parse_label(label)
    if freq in ("M", "Q", "H", "FYH") and params.get("compare", "year-ago") == "year-ago":
        return periods.year_before(label)
    return periods.previous(label)


def share_metric(params: ReadingParameters) -> Outcome:
    """A sector's flow as a share of the reporter's total flow, or of its flow with the world (``of``)."""
    of = str(params.get("of", "balance"))
    if of not in SHARE_OF:
        raise NotApplicable(f"a share is of {', '.join(SHARE_OF)}, not {of!r}")
    flow = str(params.get("flow", "exports" if of != "imports" else "imports"))
    if "amount" in params:
        return _amount_share(params, of)
    if of == "world":
        return _share_of_world(params, flow)
    sector = flow_metric({**params, "flow": flow if of == "balance" else of})
    total: ReadingParameters = {**params, "flow": "balance" if of == "balance" else of}
    total.pop("definition", None)
    whole = flow_metric(total)
    if whole.value == 0:
        raise NotApplicable("the whole is zero")
    value = sector.value / whole.value
    detail = f"{sector.value:,.0f} ÷ {whole.value:,.0f} = {value:.1%}; {sector.detail}"
    return Outcome(value, detail, _merged(sector.provenance, whole.provenance))


def _amount_share(params: ReadingParameters, of: str) -> Outcome:
    """A stated amount (``amount``, in the claim's currency) as a share of a flow: "$N billion, or N % of trade"."""
    if of not in FLOWS or of in ("balance", "surplus", "deficit") and "flow" not in params:
        of = str(params.get("flow", "total"))
    if of not in FLOWS:
        raise NotApplicable(f"an amount is a share of a flow ({', '.join(FLOWS)}), not of {of!r}")
    stated = float(params["amount"])
    whole = flow_metric({**params, "flow": of})
    if whole.value == 0:
        raise NotApplicable("the whole is zero")
    value = stated / abs(whole.value)
    detail = f"{stated:,.0f} ÷ {abs(whole.value):,.0f} {params['currency']} ({of}) = {value:.2%}; {whole.detail}"
    return Outcome(value, detail, whole.provenance)


def _share_of_world(params: ReadingParameters, flow: str) -> Outcome:
    src, sign, partner = side(params)
    if sign == -1:
        raise NotApplicable(
            f"{src.name} statistics measure a different share (of {src.reporter}'s trade with the world, not "
            f"{params.get('reporter')}'s)"
        )
    mine = flow_metric({**params, "flow": flow})
    world = flow_metric({**params, "flow": flow, "partner": "WLD"})
    if world.value == 0:
        raise NotApplicable("no trade with the world in this sector and period")
    value = mine.value / world.value
    detail = f"{mine.value:,.0f} with {partner} ÷ {world.value:,.0f} with the world = {value:.1%}"
    return Outcome(value, detail, _merged(mine.provenance, world.provenance))


def ratio_metric(params: ReadingParameters) -> Outcome:
    """A flow with ``partner`` divided by the same flow with ``compare`` ("five times that with Japan")."""
    other = params.get("compare")
    if not other:
        raise NotApplicable("a ratio needs the partner to compare with (compare)")
    mine = flow_metric(params)
    theirs = flow_metric({**params, "partner": other})
    if theirs.value == 0:
        raise NotApplicable(f"the flow with {other} is zero")
    value = mine.value / theirs.value
    detail = f"{mine.value:,.0f} with {params.get('partner')} ÷ {theirs.value:,.0f} with {other} = {value:.2f}"
    return Outcome(value, detail, _merged(mine.provenance, theirs.provenance))


def _merged(*lists: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return list({p["resource"]: p for records in lists for p in records}.values())
