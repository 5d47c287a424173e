"""MOF's partner table: the partner name in a file's title row (``《米国》``) and its partner codes, by period.

The table is ``data/reference/mof_partners.csv`` (columns ``title, english, partner, kind, until, note``).
Most titles name one partner for all months. A title may name another partner in its earlier months: one
row per partner, in order, each but the last with ``until``, the last month (``YYYY-MM``) that row holds.
MOF's Russia file (``《ロシア》``, ``d52ma008``/``d62ma008``) gives the USSR for 1988–1991 (``SUN``, the ISO
3166-3 code of the former Soviet Union, as on the Census side) and Russia (``RUS``) from 1992-01, so that
``tb.load("mof", partner="RUS")`` never returns the Soviet Union's trade as Russia's.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from tradebalance.errors import ParseError
from tradebalance.schema import PARTNER_CODE, PARTNER_CODE_WORDS
from tradebalance.sources.common import read_reference, taken
from tradebalance.store.paths import packaged

REFERENCE_COLUMNS = ("title", "english", "partner", "kind", "until", "note")
_UNTIL = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class Partner:
    """A partner code of a MOF title, and the last month it holds (``None``: up to the latest month)."""

    code: str
    until: pd.Period | None


def reference_path() -> Path:
    """Path of the reference table in the package data (``tradebalance.store.paths.packaged``)."""
    return packaged("data", "reference", "mof_partners.csv")


@functools.cache
def partner_table() -> dict[str, tuple[Partner, ...]]:
    """Japanese partner name of the title row (``米国``, ``EU``, ``ロシア``) -> its partners, earliest first.

    ISO 3166 alpha-3 for countries (``SUN``, ISO 3166-3, for the former USSR), ``WLD`` for the world,
    ``X0003`` (the Census code) for the EU, and ``XASIA``, ``XASEAN``, ``XMIDEAST`` for MOF's regions that
    have no Census code. Every title's last partner has no ``until``.

    Raises:
        ParseError: the table cannot be read, a code or month is malformed, or a title's rows are out of order.
    """
    path = reference_path()
    table = read_reference(path, REFERENCE_COLUMNS, "the MOF partner table")
    partners: dict[str, list[Partner]] = {}
    for n, (title, code, until) in enumerate(zip(table["title"], table["partner"], table["until"], strict=True), 2):
        if not PARTNER_CODE.fullmatch(code):
            raise ParseError(path, f"partner {code!r} is not {PARTNER_CODE_WORDS}", row=n, column="partner")
        if until and not _UNTIL.fullmatch(until):
            raise ParseError(path, f"until {until!r} is not a month like '1991-12'", row=n, column="until")
        end = pd.Period(until, "M") if until else None
        earlier = partners.setdefault(title, [])
        if earlier and (earlier[-1].until is None or end is not None and end <= earlier[-1].until):
            raise ParseError(
                path,
                f"title {title!r} appears twice: each earlier row needs an 'until' month before the next row's",
                row=n,
                column="title",
            )
        earlier.append(Partner(code, end))
    for title, rows in partners.items():
        if rows[-1].until is not None:
            raise ParseError(path, f"title {title!r} has no row without 'until' (its partner in the latest months)")
    return {title: tuple(rows) for title, rows in partners.items()}


def partner_column(partners: tuple[Partner, ...], ordinals: np.ndarray) -> pd.arrays.ArrowStringArray:
    """The partner code of each month (monthly Period ordinals), from a title's :func:`partner_table` entry."""
    ends = np.array([p.until.ordinal for p in partners if p.until is not None], dtype=np.int64)
    return taken([p.code for p in partners], np.searchsorted(ends, ordinals, side="left"))
