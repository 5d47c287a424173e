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
FRED_ATTRIBUTION = "Source: Board of Governors of the Federal Reserve System (H.10), via FRED, Federal Reserve Bank of St. Louis"
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
    """ISO date on which the reference copy was downloaded from the agency."""
    parser: str
    """``module:function`` that turns the file into a frame."""

    @property
    def provisional_from(self) -> int:
        """First calendar year that was still provisional when the file was retrieved."""
        return int(self.retrieved[:4])


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


def files(dataset: str | None = None) -> tuple[FileSpec, ...]:
    """Specs of every registered file, or of one dataset's files."""
    return tuple(f for f in FILES if dataset is None or f.dataset == dataset)


def datasets() -> tuple[str, ...]:
    """Names of the datasets, in registry order."""
    return tuple(dict.fromkeys(f.dataset for f in FILES))
