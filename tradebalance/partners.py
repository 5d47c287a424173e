"""U.S. trading partners: names, and ranking them by balance, exports or imports (Census statistics)."""

from __future__ import annotations

import pandas as pd

from tradebalance import balances
from tradebalance.errors import DataNotFoundError
from tradebalance.snapshot import Snapshot
from tradebalance.sources.census_countries import country_table

BY = ("balance", "exports", "imports", "total")


def partner_names() -> pd.DataFrame:
    """Partner code, name and kind (``country`` or ``aggregate``) of every Census partner."""
    table = country_table()
    table = table[table["kind"] != "not-partner"].drop_duplicates("iso3")
    return table.rename(columns={"iso3": "partner"})[["partner", "name", "kind"]].reset_index(drop=True)


def rank(
    year: int | str, by: str = "balance", vintage: str | Snapshot = "embedded", dataset: str = "census"
) -> pd.DataFrame:
    """U.S. partners (countries only, no groupings) for one complete calendar year, ranked.

    ``by="balance"`` ranks the largest U.S. deficit first; ``exports``, ``imports`` and ``total``
    (exports + imports) rank the largest first. ``share_of_world`` is the partner's figure as a share of the
    U.S. total with the world. ``dataset`` may name an earlier download (``census@2020-01-07``) to rank as
    published then.

    Example::

        >>> from tradebalance import partners
        >>> partners.rank(2017)["partner"].head(3).tolist()  # the largest U.S. deficits first
        ['CHN', 'MEX', 'JPN']
    """
    if by not in BY:
        raise ValueError(f"by must be one of {BY}, got {by!r}")
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
    out = countries[columns]
    out.attrs = {"provenance": provenance, "by": by, "period": label}
    return out
