"""The registry of official files: where each comes from, who publishes it, and which parser reads it.

One entry per original file; the embedded snapshot in ``data/`` holds one resource per entry, built by
``tradebalance data build --from DIR``. Earlier downloads of a Census file are datasets of their own
(``census@2018-10-18``, see :mod:`tradebalance.revisions`), and one file may give two resources
(``snapshot_name``: BEA's ``bea`` and ``bea-quarterly``). Published vintages, resources sharing a file and MOF's
partner files: ``docs/user-guide/loading.md`` ("The catalog of official files").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from tradebalance import periods
from tradebalance.store.copies import BEA_FOUND_IN, COUNTRY_VINTAGES, ENDUSE_VINTAGES, FoundIn

if TYPE_CHECKING:
    import pandas as pd

MOF_LICENSE = "Government of Japan Standard Terms of Use (Ver. 2.0), compatible with CC BY 4.0"
MOF_ATTRIBUTION = "Source: Trade Statistics of Japan, Ministry of Finance"
CENSUS_LICENSE = "Public domain (U.S. Government work)"
CENSUS_ATTRIBUTION = "Source: U.S. Census Bureau, U.S. International Trade in Goods"
FRED_ATTRIBUTION = (
    "Source: Board of Governors of the Federal Reserve System (H.10), via FRED, Federal Reserve Bank of St. Louis"
)
MOF_BASE_URL = "https://www.customs.go.jp/toukei/suii/html/data/"


class TradeParser(Protocol):
    """A parser of an official trade file: the file in, a frame in the tidy schema out."""

    def __call__(self, path: Path, *, provisional_from: int, source: str) -> pd.DataFrame:
        """Parse ``path``; years from ``provisional_from`` on are preliminary; ``source`` names the resource."""


class RatesParser(Protocol):
    """A parser of an exchange-rate file: the file in, a frame of dates and rates out."""

    def __call__(self, path: Path) -> pd.DataFrame:
        """Parse ``path``."""


@dataclass(frozen=True)
class ParserRef:
    """A parser of ``tradebalance.sources``, by module and function, imported only when a file is parsed.

    The catalog stays light (reading a cached verdict imports no pandas); :meth:`trade` and :meth:`rates`
    give the parser typed by what it reads, and ``tests/test_datasets.py`` checks each entry's signature.
    """

    module: str
    """A module of :mod:`tradebalance.sources` (``mof``, ``census``, ``census_enduse``, ``bea``, ``fred``)."""
    function: str

    def load(self) -> Callable[..., pd.DataFrame]:
        """The function itself."""
        return cast(
            "Callable[..., pd.DataFrame]", getattr(import_module(f"tradebalance.sources.{self.module}"), self.function)
        )

    def trade(self) -> TradeParser:
        """The function, as a parser of a trade file."""
        return cast(TradeParser, self.load())

    def rates(self) -> RatesParser:
        """The function, as a parser of an exchange-rate file."""
        return cast(RatesParser, self.load())


@dataclass(frozen=True)
class FileSpec:
    """One official file and what the project knows about it."""

    resource: str
    """Resource name in ``datapackage.json`` and the ``source`` column (e.g. ``mof-d52ma001``)."""
    dataset: str
    """Dataset that ``tb.load`` serves it under (``mof``, ``census``, ``census-enduse``, ``census-hs``, ``fx``)."""
    folder: str
    """Sub-folder of the originals directory (``mof``, ``census``, ``fx``)."""
    filename: str
    url: str
    agency: str
    title: str
    license: str
    attribution: str
    retrieved: str
    """ISO date (or month) on which the reference copy was downloaded, or ``not recorded``."""
    parser: ParserRef
    """The parser that turns the file into a frame (:class:`ParserRef`)."""
    schema: str = "trade"
    """``trade`` (the tidy schema) or ``fx`` (date, series, value: exchange rates)."""
    not_final_from: int | None = None
    """First year not yet final when retrieved (:func:`tradebalance.periods.preliminary_from`); default: the
    retrieval year."""
    found_in: FoundIn | None = None
    """For a copy the project did not download itself: the public repository and commit it was found in."""
    base: str | None = None
    """Resource this one is stored against in the snapshot: only the rows that differ from it are written
    (a published vintage differs from today's file in a few thousand rows out of 200,000)."""
    snapshot_name: str | None = None
    """Name (without ``.csv.gz``) of the resource's file in the snapshot, when several resources are built from
    one original file (BEA's annual and quarterly blocks); default: the original's name without its suffix."""

    @property
    def snapshot_stem(self) -> str:
        """Path of the resource's file in the snapshot, without ``.csv.gz`` (``mof/d52ma001``)."""
        return f"{self.folder}/{self.snapshot_name or Path(self.filename).stem}"

    @property
    def vintage_of(self) -> str:
        """The dataset this file is a vintage of: ``census`` for ``census@2018-10-18`` (and for ``census``)."""
        return self.dataset.split("@", 1)[0]

    @property
    def provisional_from(self) -> int:
        """First calendar year that was still provisional (or preliminary) when the file was retrieved."""
        return self.not_final_from if self.not_final_from is not None else int(self.retrieved[:4])


def _mof(stem: str, title: str) -> FileSpec:
    return FileSpec(
        resource=f"mof-{stem}",
        dataset="mof",
        folder="mof",
        filename=f"{stem}.csv",
        url=f"{MOF_BASE_URL}{stem}.csv",
        agency="Japan Ministry of Finance (Customs)",
        title=title,
        license=MOF_LICENSE,
        attribution=MOF_ATTRIBUTION,
        retrieved="2025-08-03",
        parser=ParserRef("mof", "parse"),
    )


FILES: tuple[FileSpec, ...] = (
    _mof("d52ma001", "Japan's exports to the USA, monthly, by principal commodity (FOB)"),
    _mof("d62ma001", "Japan's imports from the USA, monthly, by principal commodity (CIF)"),
    _mof("d51ma", "Japan's exports to the world, monthly, by principal commodity (FOB)"),
    _mof("d61ma", "Japan's imports from the world, monthly, by principal commodity (CIF)"),
)
#: MOF's other partner files (same layout): number -> partner as in the files' titles. Regions overlap (China
#: and ASEAN are in Asia) and the EU is as MOF defines it each month; the partner codes are in
#: ``data/reference/mof_partners.csv`` (``X0003`` EU, ``XASIA``, ``XASEAN``, ``XMIDEAST``; ISO3 for countries).
MOF_PARTNER_FILES = {
    "002": "the EU",
    "003": "Asia",
    "004": "China",
    "005": "the Republic of Korea",
    "006": "ASEAN",
    "007": "the Middle East",
    "008": "Russia",
}
FILES += tuple(
    _mof(f"d52ma{n}", f"Japan's exports to {who}, monthly, by principal commodity (FOB)")
    for n, who in MOF_PARTNER_FILES.items()
) + tuple(
    _mof(f"d62ma{n}", f"Japan's imports from {who}, monthly, by principal commodity (CIF)")
    for n, who in MOF_PARTNER_FILES.items()
)


def _census(
    resource: str,
    dataset: str,
    filename: str,
    url: str,
    title: str,
    retrieved: str,
    parser: str,
    not_final_from: int | None = None,
) -> FileSpec:
    """A Census file; its first year not yet final follows the June revisions unless given."""
    return FileSpec(
        resource=resource,
        dataset=dataset,
        folder="census",
        filename=filename,
        url=url,
        agency="U.S. Census Bureau" + (" (via USITC DataWeb)" if "dataweb" in resource else ""),
        title=title,
        license=CENSUS_LICENSE,
        attribution=CENSUS_ATTRIBUTION,
        retrieved=retrieved,
        parser=ParserRef(*parser.split(":")),
        not_final_from=periods.preliminary_from(retrieved, "census") if not_final_from is None else not_final_from,
    )


# Census revises the previous year each June (periods.PRELIMINARY_FOR): a file retrieved in April 2026 has
# preliminary 2025 and 2026.
FILES += (
    _census(
        "census-country",
        "census",
        "country.xlsx",
        "https://www.census.gov/foreign-trade/balance/country.xlsx",
        "U.S. trade in goods by country, monthly, all partners (exports f.a.s., general imports customs value)",
        "2026-04",
        "census:parse_country",
    ),
    _census(
        "census-enduse-imports",
        "census-enduse",
        "enduse_imports.xlsx",
        "https://www.census.gov/foreign-trade/statistics/product/enduse/imports/",
        "U.S. imports by country and 5-digit end-use code, annual (general imports, customs value)",
        "2026-04",
        "census_enduse:parse_enduse",
    ),
    _census(
        "census-enduse-exports",
        "census-enduse",
        "enduse_exports.csv",
        "https://www.census.gov/foreign-trade/statistics/product/enduse/exports/",
        "U.S. exports by country and 5-digit end-use code, annual (f.a.s.); 2021–2022 predate a later revision",
        "2023-07",
        "census_enduse:parse_enduse",
        2022,
    ),
    _census(
        "usitc-dataweb-hs2",
        "census-hs",
        "DataWeb-Query-Export__FAS_Value.csv",
        "https://dataweb.usitc.gov",
        "U.S. total exports by country and HS chapter, annual (f.a.s.), USITC DataWeb query",
        "2025-08-07",
        "dataweb:parse_dataweb",
    ),
)


CENSUS_COUNTRY_URL = "https://www.census.gov/foreign-trade/balance/country.xlsx"
CENSUS_ENDUSE_IMPORTS_URL = "https://www.census.gov/foreign-trade/statistics/product/enduse/imports/"


FILES += tuple(
    FileSpec(
        resource=f"census-country-{date}",
        dataset=f"census@{date}",
        folder="census/vintages",
        filename=f"country_{date}.xlsx",
        url=CENSUS_COUNTRY_URL,
        agency="U.S. Census Bureau",
        title=f"U.S. trade in goods by country, monthly, all partners, as published on {date} "
        f"(data through {end}; copy {found.words})",
        license=CENSUS_LICENSE,
        attribution=CENSUS_ATTRIBUTION,
        retrieved=date,
        parser=ParserRef("census", "parse_country"),
        not_final_from=periods.preliminary_from(date, "census"),
        found_in=found,
        base="census-country",
    )
    for date, end, found in COUNTRY_VINTAGES
) + tuple(
    FileSpec(
        resource=f"census-enduse-imports-{date}",
        dataset=f"census-enduse@{date}",
        folder="census/vintages",
        filename=f"enduse_imports_{date}.xlsx",
        url=CENSUS_ENDUSE_IMPORTS_URL,
        agency="U.S. Census Bureau",
        title=f"U.S. imports by country and 5-digit end-use code, annual, as published on {date} "
        f"({years}; copy {found.words})",
        license=CENSUS_LICENSE,
        attribution=CENSUS_ATTRIBUTION,
        retrieved=date,
        parser=ParserRef("census_enduse", "parse_enduse"),
        not_final_from=periods.preliminary_from(date, "census"),
        found_in=found,
        base="census-enduse-imports",
    )
    for date, years, found in ENDUSE_VINTAGES
)
#: U.S. imports by end-use for 2014 and 2015, which today's ``enduse_imports.xlsx`` (2016 on) lacks: taken from
#: the 2024-11-10 download into the ``census-enduse`` dataset itself, as a resource of their own (its source
#: records the file, its sha256 and where it was found; its title says which years it gives). Those two years
#: were final long before that download, and every later year comes from today's file only, so no year of the
#: dataset mixes two downloads. The same file is also the published vintage ``census-enduse@2024-11-10``.
_ENDUSE_EARLY_DATE, _, _ENDUSE_EARLY_FOUND = ENDUSE_VINTAGES[0]
FILES += (
    FileSpec(
        resource="census-enduse-imports-2014-2015",
        dataset="census-enduse",
        folder="census/vintages",
        filename=f"enduse_imports_{_ENDUSE_EARLY_DATE}.xlsx",
        url=CENSUS_ENDUSE_IMPORTS_URL,
        agency="U.S. Census Bureau",
        title="U.S. imports by country and 5-digit end-use code, annual, 2014 and 2015 only (the years today's "
        f"file lacks), from the download of {_ENDUSE_EARLY_DATE} (copy {_ENDUSE_EARLY_FOUND.words})",
        license=CENSUS_LICENSE,
        attribution=CENSUS_ATTRIBUTION,
        retrieved=_ENDUSE_EARLY_DATE,
        parser=ParserRef("census_enduse", "parse_enduse_earlier_years"),
        not_final_from=periods.preliminary_from(_ENDUSE_EARLY_DATE, "census"),
        found_in=_ENDUSE_EARLY_FOUND,
        snapshot_name="enduse_imports_2014-2015",
    ),
)


BEA_LICENSE = "Public domain (U.S. Government work)"
BEA_ATTRIBUTION = "Source: U.S. Bureau of Economic Analysis, U.S. International Transactions"
BEA_URL = "https://www.bea.gov/sites/default/files/2025-03/trad-geo-time-series-0125.xlsx"
#: The workbook's "Last updated": a copy of the January 2025 release's file.
BEA_RETRIEVED = "2025-03-06"


def _bea(resource: str, dataset: str, what: str, parser: str) -> FileSpec:
    return FileSpec(
        resource=resource,
        dataset=dataset,
        folder="bea",
        filename="trad-geo-time-series-0125.xlsx",
        url=BEA_URL,
        agency="U.S. Bureau of Economic Analysis",
        title="U.S. international trade in goods and services by selected countries and areas, balance of "
        f"payments basis, {what} (exports, imports and balances of goods and services, goods, services)",
        license=BEA_LICENSE,
        attribution=BEA_ATTRIBUTION,
        retrieved=BEA_RETRIEVED,
        parser=ParserRef("bea", parser),
        not_final_from=periods.preliminary_from(BEA_RETRIEVED, "bea"),  # 2024: until BEA's June annual update
        found_in=BEA_FOUND_IN,
        snapshot_name=f"trad-geo-time-series-0125-{resource.removeprefix('bea-')}",
    )


# BEA: one workbook, two resources in two datasets, because a resource (and a dataset's period column) holds
# one frequency: ``bea`` the calendar years 1999–2024, ``bea-quarterly`` the seasonally adjusted quarters.
FILES += (
    _bea("bea-annual", "bea", "annual 1999–2024", "parse"),
    _bea("bea-quarterly", "bea-quarterly", "quarterly 1999Q1–2024Q4, seasonally adjusted", "parse_quarterly"),
)


def _fred(resource: str, series: str, filename: str, title: str) -> FileSpec:
    return FileSpec(
        resource=resource,
        dataset="fx",
        folder="fx",
        filename=filename,
        url=f"https://fred.stlouisfed.org/series/{series}",
        agency="Board of Governors of the Federal Reserve System (H.10), via FRED",
        title=title,
        license="Public domain (Federal Reserve data); cite FRED, Federal Reserve Bank of St. Louis",
        attribution=FRED_ATTRIBUTION,
        retrieved="not recorded",  # FRED downloads found in public repositories; see the coverage instead
        parser=ParserRef("fred", "parse"),
        schema="fx",
    )


FILES += (
    _fred("fred-exjpus", "EXJPUS", "EXJPUS.csv", "Japanese yen to one U.S. dollar, monthly average (EXJPUS)"),
    _fred(
        "fred-dexjpus-1971",
        "DEXJPUS",
        "DEXJPUS_1971-01-04_to_2023-09-15.csv",
        "Japanese yen to one U.S. dollar, daily noon buying rate (DEXJPUS)",
    ),
    _fred(
        "fred-dexjpus-2015",
        "DEXJPUS",
        "DEXJPUS_2015-07-13_to_2025-07-11.csv",
        "Japanese yen to one U.S. dollar, daily noon buying rate (DEXJPUS)",
    ),
)


def files(dataset: str | None = None) -> tuple[FileSpec, ...]:
    """Specs of every registered file, or of one dataset's files."""
    return tuple(f for f in FILES if dataset is None or f.dataset == dataset)


def datasets() -> tuple[str, ...]:
    """Names of the datasets, in registry order."""
    return tuple(dict.fromkeys(f.dataset for f in FILES))
