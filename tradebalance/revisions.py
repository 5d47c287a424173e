"""Revisions: how much the official figures changed after they were first published.

Published vintages
------------------
The package embeds, besides today's files, earlier downloads of the Census Bureau's ``country.xlsx`` as it
was published on seven days (2018-10-18, 2020-01-07, 2020-10-25, 2022-05-11, 2023-03-19, 2024-11-01 and
2024-11-03; data through 2018-08 … 2024-08), and one earlier download of ``enduse_imports.xlsx``
(2024-11-10, years 2014–2023). Each is a dataset of its own: ``tb.load("census@2020-01-07")`` gives U.S.
trade by partner as a reader could download it on 7 January 2020; ``store.published.published_vintages("census")``
lists them, today's ``census`` (downloaded 2026-04) last, and ``store.published.as_published("census", date)``
gives the latest download made before a date (``None`` before 2018-10-18).

The copies were not downloaded by this project: they were found in public GitHub repositories, saved
there by people who downloaded them at the time. Each resource's ``sources[0].found_in`` in
``data/datapackage.json`` (and ``found_in`` in a frame's provenance) names the repository, the commit and the
path; the download date is the day the copy was saved, and its data end a few months earlier. The snapshot
stores each vintage as the rows that differ from today's file (see ``tradebalance.store.builder``). Quirks of
the copies: the 2018 download has 233 blank rows (no year, all zeros), skipped and counted in its
``skipped`` entry; the end-use download has four columns of a side table added to the right of
``value_23``, ignored and counted likewise. Its 2016–2021 figures equal today's file; 2022–2023 were
revised since, and it adds 2014 and 2015.

Census revises the previous years' monthly figures every June; "preliminary" below follows
:func:`tradebalance.periods.preliminary_from` (the download year, and the year before when downloaded before
July). Years already called final were still revised by later June revisions.

Revision margin
---------------
:func:`margin` is the largest absolute relative revision of a Japan figure (exports, imports or balance)
between any embedded download and today's file: ``|today − then| ÷ |then|``, over every calendar year
complete in a download, over the months first published in a download's last year (summed), or over every
single month still preliminary in a download. A claim about figures "as published at the time" for which no download of the time
is embedded can use it as the band within which the figures it quoted may since have moved. The margins
live in ``data/reference/revision_margins.csv``: Census rows are measured (:func:`margins_table`
regenerates them); the Ministry of Finance's are borrowed from Census, because no earlier MOF download is
embedded and the files hold no provisional-versus-confirmed pair to measure them on.
"""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path

import numpy as np
import pandas as pd

from tradebalance.errors import DataNotFoundError
from tradebalance.store import paths
from tradebalance.store.published import published_vintages
from tradebalance.store.snapshot import load

#: Measures compared, in the order of the tables (balance = exports − imports, the reporter's view).
MEASURES = ("exports", "imports", "balance")
#: Columns of :func:`revision_table`.
COLUMNS = ("vintage", "year", "measure", "published", "current", "revision", "relative", "status")
#: The margins table, beside the Census country codes.
MARGINS_NAME = "reference/revision_margins.csv"
MARGINS_COLUMNS = ("agency", "measure", "stage", "margin", "basis", "how_measured")
#: ``preliminary``: a figure as first published, before the June revision; ``revised``: a complete year revised since.
STAGES = ("preliminary", "revised", "month")
#: A download's last, partial year counts as first-published figures when it has at least this many months.
PRELIMINARY_MONTHS = 6
#: MOF measure -> the Census measure of the same trade (Japan's exports to the U.S. are U.S. imports from Japan).
MOF_MIRROR = {"exports": "imports", "imports": "exports", "balance": "balance"}


def annual(frame: pd.DataFrame) -> pd.DataFrame:
    """Exports, imports and balance per complete calendar year of a monthly frame of one partner.

    Returns one row per year in which both flows have twelve months, with columns ``year``, ``exports``,
    ``imports``, ``balance`` and ``status`` (``preliminary`` if any month of the year is).
    """
    years = frame["period"].dt.year.to_numpy()
    table = frame.assign(year=years).pivot_table(
        index="year", columns="flow", values="value", aggfunc=["sum", "count"], observed=True
    )
    complete = (table["count"].reindex(columns=["export", "import"]) == 12).all(axis=1)
    preliminary = frame.assign(year=years, p=frame["status"] == "preliminary").groupby("year")["p"].any()
    out = pd.DataFrame(
        {
            "year": table.index[complete].astype(int),
            "exports": table["sum"]["export"][complete].to_numpy(),
            "imports": table["sum"]["import"][complete].to_numpy(),
        }
    )
    out["balance"] = out["exports"] - out["imports"]
    out["status"] = np.where(preliminary.reindex(out["year"]).to_numpy(), "preliminary", "confirmed")
    return out


def revision_table(partner: str = "JPN") -> pd.DataFrame:
    """Every embedded Census download's annual figures for ``partner`` beside today's.

    One row per download, calendar year complete in it and measure (``exports``, ``imports``, ``balance``,
    U.S. view, dollars): ``vintage`` (download date), ``year``, ``measure``, ``published`` (then),
    ``current`` (today's embedded ``census``), ``revision`` (current − published), ``relative`` (revision ÷
    ``|published|``; NaN where published is 0) and ``status`` (the year's status in that download).
    ``attrs["provenance"]`` lists every file behind the table.
    """
    vintages = published_vintages("census")
    today = load(vintages[-1][1], partner=partner)
    current = annual(today).set_index("year")
    parts, provenance = [], list(today.attrs["provenance"])
    for date, name in vintages[:-1]:
        then = load(name, partner=partner)
        provenance += then.attrs["provenance"]
        published = annual(then)
        published = published[published["year"].isin(current.index)]
        for measure in MEASURES:
            now = current.loc[published["year"], measure].to_numpy()
            was = published[measure].to_numpy()
            revision = now - was
            with np.errstate(divide="ignore", invalid="ignore"):
                relative = np.where(was != 0, revision / np.abs(was), np.nan)
            parts.append(
                pd.DataFrame(
                    {
                        "vintage": date,
                        "year": published["year"].to_numpy(),
                        "measure": measure,
                        "published": was,
                        "current": now,
                        "revision": revision,
                        "relative": relative,
                        "status": published["status"].to_numpy(),
                    }
                )
            )
    table = pd.concat(parts, ignore_index=True)
    order = {m: n for n, m in enumerate(MEASURES)}
    table = table.sort_values(["vintage", "year", "measure"], key=lambda c: c.map(order) if c.name == "measure" else c)
    table = table.reset_index(drop=True)[list(COLUMNS)]
    table.attrs = {"provenance": provenance, "partner": partner, "currency": "USD"}
    return table


def preliminary_table(partner: str = "JPN") -> pd.DataFrame:
    """How much figures move from their first release.

    The months first published in each download (its last year, if it has ``PRELIMINARY_MONTHS`` or more),
    summed then and today; columns as :func:`revision_table`, ``year`` the partial year, ``status``
    ``"<n> months"``.
    """
    vintages = published_vintages("census")
    today = load(vintages[-1][1], partner=partner)
    rows = []
    for date, name in vintages[:-1]:
        then = load(name, partner=partner)
        year = int(then["period"].dt.year.max())
        months = then.loc[then["period"].dt.year == year, "period"].unique()
        if len(months) < PRELIMINARY_MONTHS:
            continue
        was, now = (_sums(f[f["period"].isin(months)]) for f in (then, today))
        for measure in MEASURES:
            revision = now[measure] - was[measure]
            rows.append(
                {
                    "vintage": date,
                    "year": year,
                    "measure": measure,
                    "published": was[measure],
                    "current": now[measure],
                    "revision": revision,
                    "relative": revision / abs(was[measure]),
                    "status": f"{len(months)} months",
                }
            )
    return pd.DataFrame(rows, columns=list(COLUMNS))


def month_table(partner: str = "JPN") -> pd.DataFrame:
    """How much single months move from a preliminary release.

    Every month still preliminary in each download, then and today; columns as :func:`revision_table`, with
    ``status`` naming the month (``"2022-07, preliminary"``). Months move more than the years they add up to.
    """
    vintages = published_vintages("census")
    today = _monthly(load(vintages[-1][1], partner=partner))
    parts = []
    for date, name in vintages[:-1]:
        then = load(name, partner=partner)
        months = _monthly(then[then["status"] == "preliminary"])
        now = today.reindex(months.index)
        for measure in MEASURES:
            was, current = months[measure].to_numpy(), now[measure].to_numpy()
            with np.errstate(divide="ignore", invalid="ignore"):
                relative = np.where(was != 0, (current - was) / np.abs(was), np.nan)
            parts.append(
                pd.DataFrame(
                    {
                        "vintage": date,
                        "year": months.index.year.to_numpy(),
                        "measure": measure,
                        "published": was,
                        "current": current,
                        "revision": current - was,
                        "relative": relative,
                        "status": [f"{p}, preliminary" for p in months.index],
                    }
                )
            )
    return pd.concat(parts, ignore_index=True)[list(COLUMNS)]


def _monthly(frame: pd.DataFrame) -> pd.DataFrame:
    """Exports, imports and balance by month (a PeriodIndex) of a frame of one partner."""
    table = frame.pivot_table(index="period", columns="flow", values="value", aggfunc="sum", observed=True)
    table = table.reindex(columns=["export", "import"]).rename(columns={"export": "exports", "import": "imports"})
    table["balance"] = table["exports"] - table["imports"]
    return table


def _sums(frame: pd.DataFrame) -> dict[str, float]:
    exports = float(frame.loc[frame["flow"] == "export", "value"].sum())
    imports = float(frame.loc[frame["flow"] == "import", "value"].sum())
    return {"exports": exports, "imports": imports, "balance": exports - imports}


def _format(value: float) -> str:
    return f"{value:.6f}"


def margins_table(partner: str = "JPN") -> pd.DataFrame:
    """The revision margins, as ``data/reference/revision_margins.csv`` holds them (computed afresh).

    Census rows are measured on :func:`revision_table`, :func:`preliminary_table` and :func:`month_table`;
    MOF rows borrow the Census margin of the same trade (MOF exports ← Census imports from Japan, and the
    reverse; balance ← balance), and say so. MOF's single months take the margin of a first-published year:
    Census's single-month margin reflects its June revisions of the months, which MOF does not make.
    """
    table = revision_table(partner)
    vintages = sorted(table["vintage"].unique())
    today = published_vintages("census")[-1][0]
    rows = []
    measured: dict[tuple[str, str], float] = {}
    stages = {"preliminary": preliminary_table(partner), "revised": table, "month": month_table(partner)}
    whats = {
        "preliminary": f"the months first published in a download's last year ({PRELIMINARY_MONTHS} or more), summed",
        "revised": "every calendar year complete in a download",
        "month": "every single month still preliminary in a download",
    }
    for stage, figures in stages.items():
        what = whats[stage]
        for measure in MEASURES:
            mine = figures[figures["measure"] == measure]
            worst = mine.loc[mine["relative"].abs().idxmax()]
            measured[stage, measure] = float(abs(worst["relative"]))
            rows.append(
                {
                    "agency": "census",
                    "measure": measure,
                    "stage": stage,
                    "margin": _format(measured[stage, measure]),
                    "basis": f"U.S. trade with {partner}, {len(mine)} figures: {len(vintages)} downloads of "
                    f"country.xlsx ({vintages[0]} to {vintages[-1]}) against the embedded one ({today})",
                    "how_measured": f"largest |current - published| / |published| over {what}; reached by "
                    f"{int(worst['year'])} as published on {worst['vintage']} ({worst['status']} then): "
                    f"{worst['published']:,.0f} then, {worst['current']:,.0f} now (USD)",
                }
            )
    for stage, measure in itertools.product(STAGES, MEASURES):
        source = MOF_MIRROR[measure]
        # Census's single-month margin comes from its June revisions of the months, which MOF does not make.
        borrowed = "preliminary" if stage == "month" else stage
        what = " of a first-published year" if stage == "month" else ""
        rows.append(
            {
                "agency": "mof",
                "measure": measure,
                "stage": stage,
                "margin": _format(measured[borrowed, source]),
                "basis": f"borrowed: the census margin for {source}{what} (the same trade seen from the U.S.)",
                "how_measured": "not measured: no earlier MOF download is embedded, and the MOF files hold no "
                "provisional and confirmed figures of the same year to compare; the Census margin stands in "
                "for MOF's, as an assumption",
            }
        )
    rows += _enduse_rows(partner, measured) + _bea_rows(measured)
    return pd.DataFrame(rows, columns=list(MARGINS_COLUMNS))


def enduse_revisions(partner: str = "JPN") -> pd.DataFrame:
    """Imports by one-digit end-use category, as downloaded on 2024-11-10 and today (the years both hold).

    Columns: ``period``, ``sector``, ``published``, ``current``, ``relative``.
    """
    then = load("census-enduse@2024-11-10", partner=partner)
    now = load("census-enduse", partner=partner, flow="import")
    keys = ["period", "code"]
    both = then[[*keys, "value"]].merge(now[[*keys, "value"]], on=keys, suffixes=("_then", "_now"))
    both["sector"] = both["code"].str[0]
    table = both.groupby(["period", "sector"], observed=True)[["value_then", "value_now"]].sum().reset_index()
    table = table.rename(columns={"value_then": "published", "value_now": "current"})
    table["relative"] = (table["current"] - table["published"]) / table["published"].abs()
    return table


def _enduse_rows(partner: str, measured: dict[tuple[str, str], float]) -> list[dict[str, str]]:
    """End-use margins: imports measured on the one earlier download; exports and the balance borrowed."""
    table = enduse_revisions(partner)
    worst = table.loc[table["relative"].abs().idxmax()]
    rows = []
    for stage, measure in itertools.product(STAGES, MEASURES):
        if measure == "imports" and stage == "revised":
            margin = float(abs(worst["relative"]))
            basis = (
                f"U.S. imports from {partner} by one-digit end-use category: the download of 2024-11-10 against today's"
            )
            how = (
                f"largest |current - published| / |published| over {len(table)} category-years; reached by "
                f"category {worst['sector']} in {worst['period']}: {worst['published']:,.0f} then, "
                f"{worst['current']:,.0f} now (USD)"
            )
        else:
            margin = measured[stage, measure]
            basis = f"borrowed: the census margin for {measure} (the country totals the categories add up to)"
            how = "not measured: one earlier end-use download (imports, 2024-11-10) is embedded"
        rows.append(
            {"agency": "census-enduse", "measure": measure, "stage": stage, "margin": _format(margin), "basis": basis}
            | {"how_measured": how}
        )
    return rows


def _bea_rows(measured: dict[tuple[str, str], float]) -> list[dict[str, str]]:
    """BEA's margins, borrowed from Census: no earlier BEA release is embedded."""
    return [
        {
            "agency": "bea",
            "measure": measure,
            "stage": stage,
            "margin": _format(measured[stage, measure]),
            "basis": f"borrowed: the census margin for {measure} (BEA's goods start from Census's figures)",
            "how_measured": "not measured: no earlier BEA release is embedded; BEA's annual updates also revise "
            "services, which this margin does not cover (an assumption)",
        }
        for stage, measure in itertools.product(STAGES, MEASURES)
    ]


def margins_csv(partner: str = "JPN") -> str:
    """The text of ``revision_margins.csv`` as :func:`margins_table` computes it."""
    buffer = io.StringIO()
    margins_table(partner).to_csv(buffer, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buffer.getvalue()


def write_margins(path: Path | None = None) -> Path:
    """Regenerate ``data/reference/revision_margins.csv`` (or ``path``) from the embedded data."""
    path = Path(path) if path is not None else paths.data_dir() / MARGINS_NAME
    path.write_text(margins_csv(), encoding="utf-8")
    return path


def margin(agency: str, measure: str = "balance", stage: str = "revised") -> float:
    """The revision margin of an agency's Japan–U.S. figure: a relative band (0.01 = 1 %).

    ``stage`` ``"preliminary"``: how far a year's figure moves from its first release (for a claim made
    before the June revision that follows the year); ``"revised"``: how far a complete year moved later;
    ``"month"``: how far a single month's figure moves while preliminary (months move more than years).

    Read from ``data/reference/revision_margins.csv``: for ``census`` measured on the embedded downloads,
    for ``mof`` borrowed from Census (see the table's ``how_measured``).

    Raises:
        DataNotFoundError: no margin for that agency and measure.
    """
    table = pd.read_csv(paths.data_dir() / MARGINS_NAME, dtype={"margin": float})
    found = table[(table["agency"] == agency) & (table["measure"] == measure) & (table["stage"] == stage)]
    if found.empty:
        known = ", ".join(dict.fromkeys(f"{a}/{m}" for a, m in zip(table["agency"], table["measure"], strict=True)))
        raise DataNotFoundError(f"no revision margin for {agency}/{measure} ({stage}); there are {known}")
    return float(found["margin"].iloc[0])
