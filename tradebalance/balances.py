"""Balances and their decomposition by sector.

The total of a flow is the sum of the rows at the top level present (MOF's 総額, Census's country total,
or all end-use codes when only those are loaded), so nested items are never added to their parents.
A sector's share of the balance is its net contribution: (X_k − M_k) / (X − M). Over a partition the
shares add to 100 %; one sector may exceed 100 % when others run the opposite way.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tradebalance import frames, periods, schema
from tradebalance import sectors as sector_defs
from tradebalance.errors import DataNotFoundError, SchemaError


def balance(frame: pd.DataFrame, freq: str = "Y") -> pd.DataFrame:
    """Exports, imports and balance by period, for each reporter and partner in ``frame``.

    Args:
        frame: a tidy frame (e.g. ``tb.load("mof", partner="USA")``).
        freq: ``"M"`` months, ``"Q"`` quarters, ``"H"`` half-years, ``"Y"`` calendar years, ``"FY"`` Japanese
            fiscal years (April–March).

    Returns:
        One row per reporter, partner and period: ``period`` (``"2017"``, ``"FY2017"``, ``"2017H1"``, ``"2017-03"``),
        ``exports``, ``imports``, ``balance`` (in currency units: exports − imports, or the sum of the balances
        the agency publishes where it publishes one in every period of the row, as BEA does), ``currency``,
        ``months`` (months of data behind the row), ``complete``, ``status`` and ``source``. The provenance
        of a resource whose published balances are used says so (``"balance"``: :data:`PUBLISHED`).

    Example::

        >>> import tradebalance as tb
        >>> table = tb.balance(tb.load("mof", partner="USA"), "Y").set_index("period")
        >>> int(table.loc["2017", "balance"])  # yen: 15,113,485,105,000 − 8,090,251,224,000
        7023233881000
    """
    top = frames.top_level(frames.bare(frame))
    if top.empty:
        raise DataNotFoundError("no data to compute a balance from")
    bucket = periods.bucket(top["period"], freq)
    group, keys = frames.groups([top["reporter"], top["partner"], bucket])
    n = len(keys[0])
    flow = frames.positions_in(top["flow"], schema.FLOWS)  # export, import, balance
    value = np.nan_to_num(top["value"].to_numpy(dtype="float64", na_value=np.nan))
    width = len(schema.FLOWS)
    cell = np.where(flow >= 0, group * width + flow, n * width)  # another flow: a cell past the end
    sums = np.bincount(cell, value, n * width + 1)[:-1].reshape(n, width)
    rows = np.bincount(cell, minlength=n * width + 1)[:-1].reshape(n, width)
    sums[rows == 0] = np.nan  # no row of a flow: not published, not zero
    x, m, b = (sums[:, schema.FLOWS.index(f)] for f in ("export", "import", schema.BALANCE))
    currency = frames.distinct(group, top["currency"], n)
    if any("," in c for c in currency):
        raise SchemaError("cannot add values in different currencies; convert the frame first (tb.convert)")
    per_period = {"M": 1, "Q": 3}.get(pd.PeriodIndex(top["period"][:1]).freqstr[0], 12)
    period, distinct = pd.factorize(top["period"])
    in_group = np.unique(group * len(distinct) + period) // len(distinct)  # the group of each distinct period
    spans = np.bincount(in_group, minlength=n)  # the periods of each row
    months = spans * per_period
    published = rows[:, schema.FLOWS.index(schema.BALANCE)] == spans  # the agency's balance in each of them
    worst = np.full(n, len(frames.STATUS_ORDER) - 1)
    np.minimum.at(worst, group, frames.positions_in(top["status"], frames.STATUS_ORDER))
    out = pd.DataFrame(
        {
            "period": keys[2],
            "reporter": keys[0],
            "partner": keys[1],
            "exports": x,
            "imports": m,
            "balance": np.where(published, b, x - m),
            "currency": pd.array(currency, dtype="string"),
            "months": months,
            "complete": (months == periods.MONTHS[freq]) & ~np.isnan(x) & ~np.isnan(m),
            "status": pd.array(np.asarray(frames.STATUS_ORDER, dtype=object)[worst], dtype="string"),
            "source": pd.array(frames.distinct(group, top["source"], n), dtype="string"),
        }
    )
    resources = {r for sources in out.loc[published, "source"] for r in sources.split(",")}
    out = frames.carry(out, frame, freq=freq)
    out.attrs["provenance"] = published_in(out.attrs["provenance"], resources)
    return out


#: What the provenance of a resource says when its balances are the ones the agency publishes.
PUBLISHED = "as published: the agency's own balance line, not exports − imports of its rounded flows"


def published_in(provenance: list[dict[str, Any]], resources: set[str]) -> list[dict[str, Any]]:
    """``provenance`` where each entry of one of ``resources`` says that its balances are the published ones."""
    return [{**p, "balance": PUBLISHED} if p.get("resource") in resources else p for p in provenance]


def select_period(frame: pd.DataFrame, period: str | int) -> tuple[pd.DataFrame, str, str]:
    """Rows of ``frame`` in one year, fiscal year or month; returns (rows, freq, label)."""
    freq, label = periods.parse_label(period)
    bare = frames.bare(frame)
    first, last = periods.calendar_years(label)
    years = bare["period"].dt.year
    candidates = bare[(years >= first) & (years <= last)]
    rows = candidates[periods.bucket(candidates["period"], freq) == label]
    rows.attrs = {
        "provenance": [dict(p) for p in frame.attrs.get("provenance", [])],
        **{k: v for k, v in frame.attrs.items() if k != "provenance"},
    }
    if rows.empty:
        first, last = frame["period"].min(), frame["period"].max()
        raise DataNotFoundError(f"no data for {label}; the data covers {first} to {last}")
    return rows, freq, label


def _single_pair(frame: pd.DataFrame) -> tuple[str, str]:
    if frame["reporter"].nunique() == 1 and frame["partner"].nunique() == 1:
        return str(frame["reporter"].iloc[0]), str(frame["partner"].iloc[0])
    pairs = frame[frames.KEYS].drop_duplicates()
    if len(pairs) != 1:
        listed = ", ".join(f"{r}→{p}" for r, p in pairs.itertuples(index=False))
        raise DataNotFoundError(f"decompose needs one reporter and partner; the frame has {listed} (filter it first)")
    reporter, partner = pairs.iloc[0]
    return str(reporter), str(partner)


SECTOR_COLUMNS = [
    "sector",
    "label",
    "exports",
    "imports",
    "net",
    "share_of_balance",
    "gross_share_of_balance",
    "share_of_exports",
    "share_of_imports",
]


#: The flows a total or a sector adds up (a published ``balance`` row is in neither).
FLOWS = ("export", "import")


@dataclass(frozen=True)
class SectorPanel:
    """Each named sector's exports and imports, and the totals, at the data's own periods (months, years).

    The sums every decomposition of one frame under one definition starts from: a few hundred periods that
    any frequency (calendar or fiscal year, month) adds up from, whatever the size of the frame.
    """

    periods: pd.Index
    """The data's periods, in order."""
    totals: npt.NDArray[np.float64]
    """Total exports and imports: one row per period, columns in :data:`FLOWS` order."""
    sectors: npt.NDArray[np.float64]
    """Exports and imports of the named sectors: period × sector (definition order) × flow."""
    definition: sector_defs.Definition


def sector_panel(frame: pd.DataFrame, definition: str) -> SectorPanel:
    """The :class:`SectorPanel` of ``frame`` (one reporter and partner) under ``definition``."""
    spec = sector_defs.get(definition)
    rows = frames.bare(frame)
    _single_pair(rows)
    named = [s for s, _ in spec.sectors() if s != sector_defs.OTHER]
    period, distinct = pd.factorize(rows["period"], sort=True)
    flow = frames.positions_in(rows["flow"], FLOWS)
    value = np.nan_to_num(rows["value"].to_numpy(dtype="float64", na_value=np.nan))  # a blank adds nothing
    known = flow >= 0  # a published balance row is in no total
    top = known & frames.is_top(rows)
    cells = (len(distinct), len(FLOWS))
    totals = np.bincount(np.ravel_multi_index((period[top], flow[top]), cells), value[top], np.prod(cells))
    sector = frames.positions_in(sector_defs.assign(rows, spec), named)
    tagged = known & (sector >= 0)
    cube = (len(distinct), len(named), len(FLOWS))
    index = np.ravel_multi_index((period[tagged], sector[tagged], flow[tagged]), cube)
    sums = np.bincount(index, value[tagged], np.prod(cube))
    return SectorPanel(
        pd.Index(distinct),
        totals.reshape(cells).astype(np.float64, copy=False),
        sums.reshape(cube).astype(np.float64, copy=False),
        spec,
    )


def _sector_table(panel: SectorPanel, freq: str) -> pd.DataFrame:
    """Sector exports, imports, net and shares for every period of ``panel`` at ``freq``, in one pass."""
    definition = panel.definition
    bucket, labels = pd.factorize(periods.bucket(pd.Series(panel.periods), freq), sort=True)
    totals = np.zeros((len(labels), len(FLOWS)))
    np.add.at(totals, bucket, panel.totals)
    sums = np.zeros((len(labels), *panel.sectors.shape[1:]))
    np.add.at(sums, bucket, panel.sectors)
    order = definition.sectors()
    named = [s for s, _ in order if s != sector_defs.OTHER]
    rest = totals - sums.sum(axis=1)
    if definition.kind == "subset":
        extra, shown = sector_defs.OTHER, np.ones(len(labels), dtype=bool)
    else:
        extra, shown = "unallocated", (np.abs(rest) > 0.5).any(axis=1)
    cells = np.concatenate([sums, rest[:, None, :]], axis=1)  # period × (named sectors, the rest) × flow
    keep = np.column_stack([np.ones((len(labels), len(named)), dtype=bool), shown]).ravel()
    names = np.array([*named, extra], dtype=object)
    text = dict(order) | {"unallocated": "Not in any sector of the partition"}
    exports, imports = cells[..., 0].ravel()[keep], cells[..., 1].ravel()[keep]
    at = np.repeat(np.arange(len(labels)), len(names))[keep]
    total_x, total_m = totals[at, 0], totals[at, 1]
    balance = total_x - total_m
    sector = np.tile(names, len(labels))[keep]
    with np.errstate(divide="ignore", invalid="ignore"):
        table = pd.DataFrame(
            {
                "period": pd.array(np.asarray(labels, dtype=object)[at], dtype="string"),
                "sector": pd.array(sector, dtype="string"),
                "label": pd.array([text[s] for s in sector], dtype="string"),
                "exports": exports,
                "imports": imports,
                "net": exports - imports,
                "share_of_balance": (exports - imports) / balance,
                "gross_share_of_balance": np.where(balance > 0, exports, imports) / np.abs(balance),
                "share_of_exports": exports / total_x,
                "share_of_imports": imports / total_m,
            }
        )
    totals_table = pd.DataFrame(totals, index=pd.Index(labels, name="period", dtype="string"), columns=list(FLOWS))
    table.attrs = {"totals": totals_table, "definition": definition}
    return table


def decompose(frame: pd.DataFrame, period: str | int, definition: str = "mof-sections") -> pd.DataFrame:
    """Each sector's exports, imports, net contribution and shares, for one period.

    Args:
        frame: tidy frame for one reporter and partner.
        period: ``2017``, ``"FY2017"`` or ``"2017-03"``.
        definition: a sector definition id from ``data/sectors/definitions.csv``.

    Returns:
        One row per sector (``other`` holds the rest of the total for a subset definition):
        ``exports``, ``imports``, ``net``, ``share_of_balance`` (net ÷ balance), ``gross_share_of_balance``
        (the sector's flow in the balance's direction ÷ ``|balance|``: exports for a surplus, imports for a
        deficit), ``share_of_exports``, ``share_of_imports``. ``attrs`` hold the totals, definition and
        provenance.

    Example::

        >>> import tradebalance as tb
        >>> auto = tb.decompose(tb.load("mof", partner="USA"), 2017, "mof-narrow").set_index("sector")
        >>> round(float(auto.loc["automotive", "share_of_balance"]), 3)
        0.766
    """
    rows, freq, label = select_period(frame, period)
    table = _sector_table(sector_panel(rows, definition), freq)
    totals, spec = table.attrs["totals"].loc[label], table.attrs["definition"]
    reporter, partner = _single_pair(rows)
    return frames.carry(
        table[SECTOR_COLUMNS].reset_index(drop=True),
        frame,
        period=label,
        reporter=reporter,
        partner=partner,
        currency=",".join(sorted(rows["currency"].unique())),
        definition=spec.id,
        definition_title=spec.title,
        totals={
            "exports": float(totals["export"]),
            "imports": float(totals["import"]),
            "balance": float(totals["export"] - totals["import"]),
        },
        months=int(rows["period"].nunique() if periods.is_monthly(rows["period"]) else 12),
        status=frames.worst_status(rows["status"]),
    )


def decompose_all(
    frame: pd.DataFrame, freq: str = "Y", definition: str = "mof-sections", *, panel: SectorPanel | None = None
) -> pd.DataFrame:
    """:func:`decompose` for every period of ``frame`` at once (``freq`` ``"Y"``, ``"FY"`` or ``"M"``).

    Returns one row per period and sector with ``period`` first and the columns of :func:`decompose`,
    plus each period's ``balance``. Incomplete periods are included; check ``tb.balance(frame, freq)``.
    ``panel``: the frame's :func:`sector_panel` under ``definition``, when it is already at hand.
    """
    table = _sector_table(panel or sector_panel(frame, definition), freq)
    totals, spec = table.attrs["totals"], table.attrs["definition"]
    out = table[["period", *SECTOR_COLUMNS]].copy()
    out["balance"] = out["period"].map(totals["export"] - totals["import"])
    currency = ",".join(sorted(frame["currency"].unique()))
    return frames.carry(out, frame, freq=freq, currency=currency, definition=spec.id, definition_title=spec.title)


def item_key(label: str) -> str:
    """A label as :func:`items` compares it: NFKC, case-folded, runs of white space as one space.

    NFKC maps full-width Latin letters, digits and brackets to their ASCII forms, so MOF's export
    ``（ＩＣ）`` and import ``(ＩＣ)`` both become ``(ic)``, and ``１．食料品`` on either side ``1.食料品``;
    the case fold and the white space pair Census's ``Medicinal Equipment`` with ``Medicinal equipment``
    and ``Fruits,  frozen juices`` with ``Fruits, frozen juices``.
    """
    return " ".join(unicodedata.normalize("NFKC", label).casefold().split())


def _item_paths(side: pd.DataFrame) -> list[tuple[str, ...]]:
    """For each item of one flow, the keys of its label and of its ancestors' labels, from the top down.

    Ancestors are followed through ``parent`` codes of the same flow; a parent without a row in ``side``
    ends the path (Census end-use codes name parents that are not rows).
    """
    label = dict(zip(side["code"], side["label"], strict=True))
    parent = dict(zip(side["code"], side["parent"], strict=True))
    paths = []
    for code in side["code"]:
        path, seen = [], set()
        while code in label and code not in seen:
            seen.add(code)
            path.append(item_key(label[code]))
            code = parent[code]
        paths.append(tuple(reversed(path)))
    return paths


def items(frame: pd.DataFrame, period: str | int) -> pd.DataFrame:
    """Every published item of one period, the export and import sides paired by label and place.

    Codes cannot pair the sides: MOF numbers its export and import lists separately, and the same code
    means different goods (``70503`` is motor vehicles among exports and their parts among imports;
    ``611`` is iron and steel among exports, non-metallic mineral products among imports). Nor can raw
    labels: the export side writes ``（ＩＣ）`` in full-width brackets, the import side ``(ＩＣ)``. An item is
    keyed by its label and its ancestors' labels (its path: ``総額 / ７．電気機器 / 半導体等電子部品 /
    （ＩＣ）``), each compared through :func:`item_key`; an export item and an import item are paired when
    their paths are equal. In every year of the MOF files (1988–2025, USA and world) this pairs 35 items,
    each the same goods on both sides (``自動車`` export ``70503`` with import ``70501``, the IC items
    ``7032305`` with ``7031103`` …), and no two items on one side share a path. Items whose scope differs
    stay apart: export ``音響・映像機器`` (``70309+70311``) is not import ``音響・映像機器(含部品)`` (``70305``),
    which includes parts. Should a future file repeat a path on one side, those items
    are left unpaired rather than guessed, so no item is ever paired with two.

    An item published on one side only has ``NaN`` on the other: its trade there is inside its section,
    not zero. Items nest (see ``level`` and ``parent``), so this table is not a partition and has no
    shares; use :func:`decompose` for that.

    Example::

        >>> import tradebalance as tb
        >>> rows = tb.items(tb.load("mof", partner="USA"), 2017).set_index("label")
        >>> rows.loc["（ＩＣ）", ["export_code", "import_code"]].tolist()  # the same goods, numbered apart
        ['7032305', '7031103']
    """
    rows, _, label = select_period(frame, period)
    rows = frames.bare(rows)
    reporter, partner = _single_pair(rows)
    sums = (
        rows.groupby(["flow", "code"], observed=True, sort=False)
        .agg(value=("value", "sum"), label=("label", "last"), level=("level", "first"), parent=("parent", "first"))
        .reset_index()
    )
    side = {}
    for flow in ("export", "import"):
        one = sums[sums["flow"] == flow].reset_index(drop=True)
        path = pd.Series(_item_paths(one), dtype=object)
        repeated = path.duplicated(keep=False)
        # An unpaired placeholder for a repeated path: unique to its flow and code, never equal across sides.
        one["key"] = path.where(~repeated, pd.Series([(flow, c) for c in one["code"]], dtype=object))
        side[flow] = one[["key", "label", "level", "code", "value"]].rename(
            columns={"code": f"{flow}_code", "value": f"{flow}s"}
        )
    table = side["export"].merge(
        side["import"], on="key", how="outer", suffixes=("", "_import"), sort=False, validate="one_to_one"
    )
    # Export items in their published order, then the import-only items in theirs.
    order = {k: n for n, k in enumerate(dict.fromkeys([*side["export"]["key"], *side["import"]["key"]]))}
    table["order"] = [order[k] for k in table["key"]]
    table = table.sort_values("order", ignore_index=True)
    table["label"] = table["label"].fillna(table.pop("label_import"))
    table["level"] = table["level"].fillna(table.pop("level_import")).astype(int)
    table["net"] = table["exports"] - table["imports"]
    table = table[["label", "level", "export_code", "import_code", "exports", "imports", "net"]]
    currency = ",".join(sorted(rows["currency"].unique()))
    return frames.carry(table, frame, period=label, reporter=reporter, partner=partner, currency=currency)
