"""The registry of official files: where each comes from, who publishes it, and which parser reads it.

One entry per original file. The embedded snapshot in ``data/`` holds one resource per entry, built by
``tradebalance data build --from DIR``; ``datapackage.json`` records what is written here plus the sha256
of the original file that was parsed.
"""

from __future__ import annotations

from dataclasses import dataclass

MOF_LICENSE = "Government of Japan Standard Terms of Use (Ver. 2.0), compatible with CC BY 4.0"
MOF_ATTRIBUTION = "Source: Trade Statistics of Japan, Ministry of Finance"
CENSUS_LICENSE = "Public domain (U.S. Government work)"
CENSUS_ATTRIBUTION = "Source: U.S. Census Bureau, U.S. International Trade in Goods"
FRED_ATTRIBUTION = (
    "Source: Board of Governors of the Federal Reserve System (H.10), via FRED, Federal Reserve Bank of St. Louis"
)
MOF_BASE_URL = "https://www.customs.go.jp/toukei/suii/html/data/"


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
    parser: str
    """``module:function`` that turns the file into a frame."""
    schema: str = "trade"
    """``trade`` (the tidy schema) or ``fx`` (date, series, value: exchange rates)."""
    not_final_from: int | None = None
    """First year not yet final when retrieved; default: the retrieval year."""

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
        parser="tradebalance.sources.mof:parse",
    )


FILES: tuple[FileSpec, ...] = (
    _mof("d52ma001", "Japan's exports to the USA, monthly, by principal commodity (FOB)"),
    _mof("d62ma001", "Japan's imports from the USA, monthly, by principal commodity (CIF)"),
    _mof("d51ma", "Japan's exports to the world, monthly, by principal commodity (FOB)"),
    _mof("d61ma", "Japan's imports from the world, monthly, by principal commodity (CIF)"),
)


def _census(
    resource: str,
    dataset: str,
    filename: str,
    url: str,
    title: str,
    retrieved: str,
    parser: str,
    not_final_from: int | None,
) -> FileSpec:
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
        parser=f"tradebalance.sources.census:{parser}",
        not_final_from=not_final_from,
    )


# Census revises the previous year each June: a file retrieved in April 2026 has preliminary 2025 and 2026.
FILES += (
    _census(
        "census-country",
        "census",
        "country.xlsx",
        "https://www.census.gov/foreign-trade/balance/country.xlsx",
        "U.S. trade in goods by country, monthly, all partners (exports f.a.s., general imports customs value)",
        "2026-04",
        "parse_country",
        2025,
    ),
    _census(
        "census-enduse-imports",
        "census-enduse",
        "enduse_imports.xlsx",
        "https://www.census.gov/foreign-trade/statistics/product/enduse/imports/",
        "U.S. imports by country and 5-digit end-use code, annual (general imports, customs value)",
        "2026-04",
        "parse_enduse",
        2025,
    ),
    _census(
        "census-enduse-exports",
        "census-enduse",
        "enduse_exports.csv",
        "https://www.census.gov/foreign-trade/statistics/product/enduse/exports/",
        "U.S. exports by country and 5-digit end-use code, annual (f.a.s.); 2021–2022 predate a later revision",
        "2023-07",
        "parse_enduse",
        2022,
    ),
    _census(
        "usitc-dataweb-hs2",
        "census-hs",
        "DataWeb-Query-Export__FAS_Value.csv",
        "https://dataweb.usitc.gov",
        "U.S. total exports by country and HS chapter, annual (f.a.s.), USITC DataWeb query",
        "2025-08-07",
        "parse_dataweb",
        None,
    ),
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
        parser="tradebalance.sources.fred:parse",
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
