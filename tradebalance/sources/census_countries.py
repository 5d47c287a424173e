"""The Census country table: Census country codes and country names mapped to the schema's partner codes.

``data/reference/census_countries.csv``: ISO 3166 alpha-3 for countries, ``WLD`` for the world total, ``X`` +
code for groupings (``X0003`` European Union); kind ``not-partner`` for series that are not trade with a set
of partners. Read by the Census country and end-use parsers (codes) and the DataWeb parser (names).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import numpy as np
import pandas as pd

from tradebalance.errors import ParseError
from tradebalance.schema import PARTNER_CODE, PARTNER_CODE_WORDS
from tradebalance.sources.common import read_reference
from tradebalance.store.paths import packaged

#: The table mapping Census country codes (and DataWeb country names) to partner codes: ``data/reference/``
#: beside the package in a checkout; an installed wheel carries ``data/`` inside the package instead.
REFERENCE_NAME = "data/reference/census_countries.csv"
REFERENCE_COLUMNS = ("cty_code", "name", "iso3", "kind", "aliases")
#: ``country``: a partner of its own (countries sum to the world); ``aggregate``: a group of countries or
#: the world; ``not-partner``: a series that is not trade with a set of partners (skipped by the parsers).
KINDS = ("country", "aggregate", "not-partner")


def reference_path() -> Path:
    """Path of the reference table in the package data (``tradebalance.store.paths.packaged``)."""
    return packaged("data", "reference", "census_countries.csv")


@functools.cache
def country_table() -> pd.DataFrame:
    """Read the Census country-code table, one row per ``cty_code`` (4-digit string).

    Columns ``cty_code, name, iso3, kind, aliases``: ``iso3`` is the partner code (empty for kind
    ``not-partner``), ``aliases`` other spellings of ``name`` separated by ``|``. Cached: do not modify.

    Raises:
        ParseError: the table cannot be read or breaks one of these rules.
    """
    path = reference_path()
    table = read_reference(path, REFERENCE_COLUMNS, "the country table")
    table = table.apply(lambda col: col.str.strip())
    for n, rec in enumerate(table.itertuples(index=False), start=2):
        if not re.fullmatch(r"\d{4}", rec.cty_code):
            raise ParseError(path, f"cty_code {rec.cty_code!r} is not 4 digits", row=n, column="cty_code")
        if rec.kind not in KINDS:
            raise ParseError(path, f"kind {rec.kind!r} is not one of {KINDS}", row=n, column="kind")
        if rec.kind == "not-partner" and rec.iso3:
            raise ParseError(path, "a not-partner row must have an empty iso3", row=n, column="iso3")
        if rec.kind != "not-partner" and not PARTNER_CODE.fullmatch(rec.iso3):
            raise ParseError(path, f"iso3 {rec.iso3!r} is not {PARTNER_CODE_WORDS}", row=n, column="iso3")
    dup = table["cty_code"].duplicated()
    if dup.any():
        n = int(np.flatnonzero(dup)[0])
        raise ParseError(path, f"cty_code {table['cty_code'].iloc[n]} appears twice", row=n + 2)
    return table


@functools.cache
def code_partners() -> dict[str, str | None]:
    """CTY_CODE -> partner code (``None`` for not-partner series)."""
    table = country_table()
    return {code: (iso3 or None) for code, iso3 in zip(table["cty_code"], table["iso3"], strict=True)}


def name_key(name: str) -> str:
    """A country name as names are compared: runs of white space as one space, case-folded."""
    return " ".join(name.split()).casefold()


@functools.cache
def name_partners() -> dict[str, str]:
    """Country name or alias (case- and space-insensitive) -> partner code, for files that give names only."""
    names: dict[str, str] = {}
    for n, rec in enumerate(country_table().itertuples(index=False), start=2):
        if rec.kind == "not-partner":
            continue
        for name in [rec.name, *filter(None, rec.aliases.split("|"))]:
            key = name_key(name)
            if names.setdefault(key, rec.iso3) != rec.iso3:
                problem = f"name {name!r} stands for both {names[key]} and {rec.iso3}"
                raise ParseError(reference_path(), problem, row=n, column="aliases")
    return names
