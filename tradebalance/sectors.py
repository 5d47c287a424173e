"""Sector definitions, read from ``data/sectors/`` (data, not code).

``definitions.csv`` names each definition (``mof-narrow``, ``mof-sections`` …), the dataset it applies to,
and whether it is a ``partition`` (its sectors add up to the total) or a ``subset`` (the rest of the total
becomes the sector ``other``). ``members.csv`` maps (definition, flow, code) to a sector; ``match`` is
``exact`` or ``prefix``; ``published_label``, when given, must equal the label in the data, so that a
changed code list is caught instead of silently mis-mapped.

``vocabulary.csv`` maps the names that claims use (``automotive``) to definitions, each with its role: a
``reading`` (an honest reading of the name), a ``bound`` (wider or narrower than the name: shown, never
deciding a verdict) or a ``sub-group`` (a part of the sector, shown for context).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from tradebalance.errors import ParseError, UnknownSectorError
from tradebalance.store.paths import data_dir

OTHER = "other"
DEFINITION_COLUMNS = ("definition", "dataset", "kind", "title", "description")
MEMBER_COLUMNS = ("definition", "flow", "match", "code", "sector", "sector_label", "published_label")
VOCABULARY_COLUMNS = ("name", "definition", "role", "note")
#: Roles of a definition in the vocabulary.
ROLES = ("reading", "bound", "sub-group")


@dataclass(frozen=True)
class Definition:
    """A named sector definition and its members."""

    id: str
    dataset: str
    kind: str
    title: str
    description: str
    members: pd.DataFrame

    def sectors(self) -> list[tuple[str, str]]:
        """(sector id, label) in file order, with ``other`` last for a subset definition."""
        pairs = list(dict.fromkeys(zip(self.members["sector"], self.members["sector_label"], strict=True)))
        return pairs + ([(OTHER, "Everything else")] if self.kind == "subset" else [])


@cache
def _tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    folder = data_dir() / "sectors"
    tables = []
    for name, columns in (
        ("definitions.csv", DEFINITION_COLUMNS),
        ("members.csv", MEMBER_COLUMNS),
        ("vocabulary.csv", VOCABULARY_COLUMNS),
    ):
        path = folder / name
        try:
            table = pd.read_csv(path, dtype="string", keep_default_na=False)
        except (OSError, ValueError) as exc:
            raise ParseError(path, f"cannot read sector table ({exc})") from exc
        if list(table.columns) != list(columns):
            raise ParseError(path, f"columns {list(table.columns)}, expected {list(columns)}", row=1)
        tables.append(table)
    defs, members, vocabulary = tables
    for row, (definition, role) in enumerate(zip(vocabulary["definition"], vocabulary["role"], strict=True), 2):
        if definition not in set(defs["definition"]) or role not in ROLES:
            raise ParseError(folder / "vocabulary.csv", f"unknown definition {definition!r} or role {role!r}", row=row)
    return defs, members, vocabulary


def definitions() -> pd.DataFrame:
    """Every sector definition: id, dataset, kind, title, description."""
    return _tables()[0].rename(columns={"definition": "id"}).copy()


def vocabulary() -> pd.DataFrame:
    """The names claims use for sectors, each with its definitions and their roles (``vocabulary.csv``)."""
    return _tables()[2].copy()


def catalogue() -> list[dict[str, Any]]:
    """Every sector name claims may use, with each definition's dataset, role and member codes per flow."""
    defs, members, vocabulary = _tables()
    titles = dict(zip(defs["definition"], defs["title"], strict=True))
    datasets = dict(zip(defs["definition"], defs["dataset"], strict=True))
    out: list[dict[str, Any]] = []
    for name, rows in vocabulary.groupby("name", sort=False):
        entries = []
        for r in rows.itertuples(index=False):
            mine = members[members["definition"] == r.definition]
            codes = {
                flow: [f"{c}*" if m == "prefix" else c for c, m in zip(g["code"], g["match"], strict=True)]
                for flow, g in mine.groupby("flow", sort=False)
            }
            entries.append(
                {
                    "definition": r.definition,
                    "dataset": datasets[r.definition],
                    "role": r.role,
                    "title": titles[r.definition],
                    "codes": codes,
                    "note": r.note,
                }
            )
        out.append({"name": name, "definitions": entries})
    return out


@cache
def readings_of(name: str) -> tuple[tuple[str, str], ...]:
    """``(definition, role)`` pairs of a sector name; raises UnknownSectorError listing the known names."""
    table = _tables()[2]
    rows = table[table["name"] == name]
    if rows.empty:
        raise UnknownSectorError(f"unknown sector {name!r}; known: {', '.join(dict.fromkeys(table['name']))}")
    return tuple(zip(rows["definition"], rows["role"], strict=True))


@cache
def get(definition: str) -> Definition:
    """The definition named ``definition`` (shared: do not modify); raises UnknownSectorError listing the known ones."""
    defs, members, _ = _tables()
    row = defs[defs["definition"] == definition]
    if row.empty:
        raise UnknownSectorError(f"unknown sector definition {definition!r}; known: {', '.join(defs['definition'])}")
    r = row.iloc[0]
    return Definition(
        id=definition,
        dataset=r["dataset"],
        kind=r["kind"],
        title=r["title"],
        description=r["description"],
        members=members[members["definition"] == definition].reset_index(drop=True),
    )


def assign(frame: pd.DataFrame, definition: Definition) -> pd.Series:
    """The sector of each row of ``frame`` under ``definition`` (``<NA>`` where the row is in no sector).

    Raises UnknownSectorError when a member code's published label differs from the definition's.
    """
    # Work on the distinct (flow, code) items — a few hundred — rather than on every row.
    flows, _ = pd.factorize(frame["flow"])
    codes, distinct = pd.factorize(frame["code"])
    _, first, rows = np.unique(flows * len(distinct) + codes, return_index=True, return_inverse=True)
    items = [frame[c].array.take(first).tolist() for c in ("flow", "code", "label")]
    item_flow, item_code, item_label = items
    sector: list[str | None] = [None] * len(first)
    for m in definition.members.itertuples(index=False):
        on_flow = [f == m.flow for f in item_flow]
        matches = str.startswith if m.match == "prefix" else str.__eq__
        hit = [f and matches(c, m.code) for f, c in zip(on_flow, item_code, strict=True)]
        # A member absent from these rows had no trade in them (MOF's "-" gives no row); that every member
        # exists in the data is checked over the whole of it (tests/test_vocabulary.py).
        if m.published_label and any(hit):
            labels = {label for label, h in zip(item_label, hit, strict=True) if h}
            if labels != {m.published_label}:
                raise UnknownSectorError(
                    f"sector definition {definition.id!r}: {m.flow} code {m.code!r} is labelled "
                    f"{sorted(labels)} in the data, expected {m.published_label!r}; the code list may have changed"
                )
        sector = [m.sector if h else s for s, h in zip(sector, hit, strict=True)]
    return pd.Series(pd.array(sector, dtype="string").take(rows), index=frame.index)
