"""The sources: whose statistics the package reads, as data, one entry each.

A source is what a command's ``--source``, a claim's ``source`` and ``tradebalance data refresh --source``
name. Each :class:`Source` holds what every part of the package needs of it: its datasets, the country whose
statistics they are and that country's currency, the partner read when none is given, what they cover, whether
claims may name it, and where a refresh downloads it from. Importing this module imports nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """One agency's statistics as the package reads them."""

    name: str
    """As commands and claim files name it (``mof``, ``census``, ``bea``)."""
    title: str
    """Whose statistics they are, in words (the command line's help and table headings)."""
    reporter: str = ""
    """ISO3 code of the country whose statistics they are (empty for exchange rates)."""
    partner: str = ""
    """The partner read when none is given."""
    currency: str = ""
    """The currency its figures are published in."""
    totals: str = ""
    """Dataset of its totals: the balances of a claim and of ``tradebalance balance``."""
    by_sector: str = ""
    """Dataset of sector decompositions ("" where there is none)."""
    scopes: tuple[str, ...] = ("goods",)
    """What the statistics cover: ``goods``, ``services``, ``goods-and-services``."""
    quarterly: str = ""
    """Dataset of quarters, where the totals are annual."""
    basis: str = "customs"
    """``customs`` (Census or MOF goods statistics) or ``bop`` (balance of payments)."""
    claims: bool = False
    """Whether claim files may name it (the claim model's ``source``)."""
    refresh_env: str = ""
    """Environment variable that replaces the folder (FRED: the CSV endpoint) a refresh downloads it from;
    empty for a source ``tradebalance data refresh`` does not download."""


SOURCES: dict[str, Source] = {
    s.name: s
    for s in (
        Source(
            "mof",
            "Japan Ministry of Finance customs statistics (yen; exports FOB, imports CIF)",
            "JPN",
            "USA",
            "JPY",
            totals="mof",
            by_sector="mof",
            claims=True,
            refresh_env="TRADEBALANCE_MOF_URL",
        ),
        Source(
            "census",
            "U.S. Census Bureau statistics (dollars; exports f.a.s., imports customs value)",
            "USA",
            "JPN",
            "USD",
            totals="census",
            by_sector="census-enduse",
            scopes=("goods", "goods-and-services"),
            claims=True,
            refresh_env="TRADEBALANCE_CENSUS_URL",
        ),
        Source(
            "census-enduse",
            "U.S. Census Bureau trade by end-use category (annual; dollars)",
            "USA",
            "JPN",
            "USD",
            totals="census-enduse",
            by_sector="census-enduse",
        ),
        Source(
            "bea",
            "U.S. Bureau of Economic Analysis, balance of payments (dollars; goods, services, goods and services; "
            "annual and quarterly)",
            "USA",
            "JPN",
            "USD",
            totals="bea",
            scopes=("goods", "goods-and-services", "services"),
            quarterly="bea-quarterly",
            basis="bop",
            claims=True,
        ),
        Source(
            "fx",
            "yen per U.S. dollar, Federal Reserve H.10 via FRED (EXJPUS monthly, DEXJPUS daily)",
            totals="fx",
            refresh_env="TRADEBALANCE_FRED_URL",
        ),
    )
}
#: Sources of trade statistics (every one but the exchange rates): what ``--source`` may name.
TRADE = tuple(name for name, s in SOURCES.items() if s.reporter)
#: Sources claim files may name, in the order the claim model lists them.
CLAIMED = tuple(name for name, s in SOURCES.items() if s.claims)
#: Sources ``tradebalance data refresh`` downloads.
REFRESHED = tuple(name for name, s in SOURCES.items() if s.refresh_env)
