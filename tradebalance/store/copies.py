"""Copies of official files the project did not download itself, found in public GitHub repositories.

Each is recorded with the repository, commit and path it was found in (:class:`FoundIn`): the earlier downloads
of the Census Bureau's ``country.xlsx`` and ``enduse_imports.xlsx`` (published vintages, see
:mod:`tradebalance.store.published`) and BEA's workbook. :mod:`tradebalance.store.catalog` registers them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FoundIn:
    """Where a copy of an official file was found: a public GitHub repository, commit and path."""

    repository: str
    """``owner/name`` on GitHub."""
    commit: str
    """Full commit id holding the copy."""
    path: str
    """Path of the file in that commit."""

    @property
    def url(self) -> str:
        """Permanent URL of the copy (the file at that commit)."""
        return f"https://github.com/{self.repository}/blob/{self.commit}/{self.path}"

    def as_dict(self) -> dict[str, str]:
        """The record written to ``datapackage.json`` (``sources[0].found_in``) and carried in provenance."""
        return {"repository": f"https://github.com/{self.repository}", "commit": self.commit, "path": self.path}

    @property
    def words(self) -> str:
        """``found in github.com/owner/name at commit abc1234``: where the copy is, in a title."""
        return f"found in github.com/{self.repository} at commit {self.commit[:7]}"


#: Earlier downloads of ``country.xlsx`` (reference copies in ``census/vintages/``): download date, last
#: month with data, and the public repository, commit and path the copy was found in.
COUNTRY_VINTAGES: tuple[tuple[str, str, FoundIn], ...] = (
    (
        "2018-10-18",
        "2018-08",
        FoundIn("mgmontella/preci.gov1005.2018", "ed154f733b783ca4b4980199edbc6626b3121703", "country.xlsx"),
    ),
    (
        "2020-01-07",
        "2019-10",
        FoundIn("ADeltanp/Current_Situation", "11d17e63555c56b61e999bd94cfa3b4755d5463e", "data/country.xlsx"),
    ),
    (
        "2020-10-25",
        "2020-08",
        FoundIn("Kamol-Roy/Data_Incumbator_Project", "fb2d7b31e4c1b33f144b70eecd44de692eadc053", "country.xlsx"),
    ),
    (
        "2022-05-11",
        "2022-01",
        FoundIn("nancunjie4560/Data608", "ea9a0cd13e4beb0c13166eb5acff1fae1031ddee", "country.xlsx"),
    ),
    (
        "2023-03-19",
        "2023-01",
        FoundIn("JJamesRoy/ECN3950", "cce8d5f134657220d7c7a45d8135f38b0581a761", "country.xlsx"),
    ),
    (
        "2024-11-01",
        "2024-06",
        FoundIn("cesinco/tableau-dashboard-extension-d3js", "bc24e2a48fa4738ce2d704d1e2a354199e31af1b", "country.xlsx"),
    ),
    (
        "2024-11-03",
        "2024-08",
        FoundIn("ooihiangee/raw_data", "5638023c317052c7581224ffe1872ac8ec751bbb", "country.xlsx"),
    ),
)
#: The earlier download of ``enduse_imports.xlsx``: download date, years covered, where it was found.
ENDUSE_VINTAGES: tuple[tuple[str, str, FoundIn], ...] = (
    (
        "2024-11-10",
        "2014–2023",
        FoundIn("redzone67/g", "a87a478b520c4b594ae1b0a06842c513f38f35ae", "enduse_imports.xlsx"),
    ),
)
#: Where BEA's workbook was found (BEA's own URL serves the newest release only).
BEA_FOUND_IN = FoundIn(
    "EIG-Research/trade-policy-targets-tracker",
    "e693cc40aaf7abf075015e688542e25508ca93e2",
    "data/BEA/trad-geo-time-series-0125.xlsx",
)
