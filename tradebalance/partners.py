"""U.S. trading partners: names, and ranking them by balance, exports or imports.

Goods are ranked on Census statistics (every country); goods and services, or services, on BEA's (the 23
countries BEA publishes in its own columns: a rank among them, said as such).
"""

from __future__ import annotations

import pandas as pd

from tradebalance import balances
from tradebalance.errors import DataNotFoundError
from tradebalance.sources.census_countries import country_table
from tradebalance.store.snapshot import Snapshot

BY = ("balance", "exports", "imports", "total")


def partner_names() -> pd.DataFrame:
    """Partner code, name and kind (``country`` or ``aggregate``) of every Census partner."""
    table = country_table()
    table = table[table["kind"] != "not-partner"].drop_duplicates("iso3")
    return table.rename(columns={"iso3": "partner"})[["partner", "name", "kind"]].reset_index(drop=True)


def rank(
    year: int | str,
    by: str = "balance",
    vintage: str | Snapshot = "embedded",
    dataset: str = "census",
    scope: str = "goods",
) -> pd.DataFrame:
    """U.S. partners (countries only, no groupings) for one complete calendar year, ranked.

    ``by="balance"`` ranks the largest U.S. deficit first; ``exports``, ``imports`` and ``total``
    (exports + imports) rank the largest first. ``share_of_world`` is the partner's figure as a share of the
    U.S. total with the world. ``dataset`` may name an earlier download (``census@2020-01-07``) to rank as
    published then. ``scope`` ``goods-and-services`` or ``services`` ranks on BEA's balance of payments (the
    balances as BEA publishes them), among the countries BEA publishes (``attrs["among"]`` says which).

    Example::

        >>> from tradebalance import partners
        >>> partners.rank(2017)["partner"].head(3).tolist()  # the largest U.S. deficits first
        ['CHN', 'MEX', 'JPN']
    """
    if by not in BY:
        raise ValueError(f"by must be one of {BY}, got {by!r}")
    if scope != "goods" or dataset.startswith("bea"):
        return _rank_bea(year, by, vintage, scope)
    frame = Snapshot.open(vintage).load(dataset)
    rows, _, label = balances.select_period(frame, str(year))
    table = balances.balance(rows, "Y")
    if not table["complete"].all():
        raise DataNotFoundError(f"{label} is not a complete year in the Census data")
    provenance = table.attrs["provenance"]
    table["total"] = table["exports"] + table["imports"]
    names = partner_names()
    table = table.merge(names, on="partner", how="left", validate="one_to_one")
    # Countries only: not groupings, and not the "unidentified countries" or "international organizations" lines.
    countries = table[(table["kind"] == "country") & ~table["partner"].str.startswith("X")].copy()
    world = table.loc[table["partner"] == "WLD", by]
    # 1985–1986 files have no world row: the world is then the sum of the countries.
    countries["share_of_world"] = countries[by] / (world.iloc[0] if len(world) else countries[by].sum())
    out = _ranked(countries, by)
    out.attrs = {"provenance": provenance, "by": by, "period": label, "among": "every country in the Census data"}
    return out


def _ranked(countries: pd.DataFrame, by: str) -> pd.DataFrame:
    """Countries sorted by ``by`` (the largest deficit first for the balance), with their ``rank``."""
    countries = countries.sort_values(by, ascending=by == "balance", kind="stable").reset_index(drop=True)
    countries["rank"] = range(1, len(countries) + 1)
    columns = [
        "rank",
        "partner",
        "name",
        "balance",
        "exports",
        "imports",
        "total",
        "share_of_world",
        "currency",
        "period",
        "status",
    ]
    return countries[columns]


def _rank_bea(year: int | str, by: str, vintage: str | Snapshot, scope: str) -> pd.DataFrame:
    """:func:`rank` on BEA's balance of payments, among the countries BEA publishes in columns of their own."""
    from tradebalance.sources.bea import reference_path
    from tradebalance.sources.common import read_reference

    if scope not in ("goods", "services", "goods-and-services"):
        raise ValueError(f"scope must be goods, services or goods-and-services, got {scope!r}")
    frame = Snapshot.open(vintage).load("bea")
    rows = frame[(frame["code"] == scope).to_numpy() & (frame["period"].astype(str) == str(year)).to_numpy()]
    if rows.empty:
        raise DataNotFoundError(f"BEA has no {scope} figures for {year}")
    table = balances.balance(rows, "Y")  # the balances BEA publishes, its provenance says so
    provenance = table.attrs["provenance"]
    table["total"] = table["exports"] + table["imports"]
    names = read_reference(reference_path(), ("name", "partner", "kind", "note"), "BEA partner table")
    names = names.drop_duplicates("partner")
    kinds = dict(zip(names["partner"], names["kind"], strict=False))
    labels = dict(zip(names["partner"], names["name"], strict=False))
    world = table.loc[table["partner"] == "WLD", by]
    countries = table[table["partner"].map(kinds) == "country"].copy()
    countries["name"] = countries["partner"].map(labels)
    countries["share_of_world"] = countries[by] / (world.iloc[0] if len(world) else countries[by].sum())
    out = _ranked(countries, by)
    among = f"the {len(out)} countries BEA publishes ({', '.join(sorted(out['partner']))})"
    out.attrs = {"provenance": provenance, "by": by, "period": str(year), "among": among}
    return out
