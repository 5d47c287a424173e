"""Resources stored as their difference from a base resource (an earlier download of the same file).

:func:`difference` turns a frame into the rows that its base lacks or holds differently, plus the keys of
the base's rows it lacks; :func:`apply_difference` turns them back. Rows are matched on ``TRADE_KEYS``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tradebalance.schema import COLUMNS, TRADE_KEYS, validate

if TYPE_CHECKING:
    from tradebalance.store.entries import ResourceEntry

#: The row order of a resource stored as a difference (rows are matched on ``schema.TRADE_KEYS``).
ROW_ORDER = ("reporter", "partner", "flow", "classification", "code", "period")
#: Columns compared between a file and its base (the source and the status are the file's own).
_COMPARED = tuple(c for c in COLUMNS if c not in (*TRADE_KEYS, "source", "status"))


class Base:
    """A frame with the codes of its key columns, and which of its columns hold one value, found once.

    A build stores several files against one base (the Census downloads against ``census-country``); each
    :func:`difference` from it reads these instead of finding them again.
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self._codes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._one: dict[str, tuple[bool, Any]] = {}

    def codes(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """Each row's code in ``column`` and the values the codes stand for (periods as ordinals)."""
        if column not in self._codes:
            values = self.frame[column].array.asi8 if column == "period" else self.frame[column]
            codes, uniques = pd.factorize(values)
            if len(codes) and codes.min() < 0:
                raise ValueError(f"a row has no {column}")
            self._codes[column] = codes, np.asarray(uniques, dtype=np.int64 if column == "period" else object)
        return self._codes[column]

    def one_value(self, column: str) -> tuple[bool, Any]:
        """Whether every row holds the same value in ``column`` (missing counts as one), and that value."""
        if column not in self._one:
            series = self.frame[column]
            first = series.iloc[0] if len(series) else None
            if first is None or pd.isna(first):
                self._one[column] = bool(series.isna().all()), None
            else:
                self._one[column] = bool((series == first).fillna(False).all()), first
        return self._one[column]


def _same_everywhere(frames: list[Base], column: str) -> bool:
    """Whether every row of every frame holds one and the same value in ``column`` (all missing counts)."""
    found = [f.one_value(column) for f in frames if len(f.frame)]
    return all(one for one, _ in found) and len({value for _, value in found}) <= 1


def keys(*frames: pd.DataFrame | Base) -> list[np.ndarray]:
    """One int64 per row of each frame, equal for equal ``TRADE_KEYS`` and sorting as ``ROW_ORDER`` does."""
    held = [f if isinstance(f, Base) else Base(f) for f in frames]
    key = [np.zeros(len(f.frame), dtype=np.int64) for f in held]
    span = 1
    for column in ROW_ORDER:
        if column != "period" and _same_everywhere(held, column):
            continue  # one value in every frame (a reporter, a classification): it tells no rows apart
        coded = [f.codes(column) for f in held]
        values = np.unique(np.concatenate([uniques for _, uniques in coded]))  # sorted: codes sort as values do
        size = max(len(values), 1)
        span *= size
        if span >= 2**62:
            raise ValueError("too many distinct keys to number them in 64 bits")
        for n, (codes, uniques) in enumerate(coded):
            key[n] = key[n] * size + np.searchsorted(values, uniques)[codes]
    return key


def within(base: pd.DataFrame, start: pd.Period, end: pd.Period) -> pd.DataFrame:
    """The rows of ``base`` whose period is from ``start`` to ``end``."""
    periods = base["period"]
    return base[((periods >= start) & (periods <= end)).to_numpy()].reset_index(drop=True)


def difference(frame: pd.DataFrame, base: pd.DataFrame | Base) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What ``frame`` has that ``base`` does not, and what it lacks.

    Returns the rows of ``frame`` that ``base`` lacks or holds differently, and the keys (``TRADE_KEYS``) of
    the rows of ``base`` within ``frame``'s periods that ``frame`` lacks, both in ``ROW_ORDER``.
    :func:`apply_difference` turns them back into ``frame``.
    """
    held = base if isinstance(base, Base) else Base(base)
    whole = held.frame
    if whole["period"].dtype != frame["period"].dtype:
        raise ValueError(f"periods are {frame['period'].dtype}, the base's {whole['period'].dtype}")
    periods = whole["period"]
    start, end = frame["period"].min(), frame["period"].max()
    inside = np.flatnonzero(((periods >= start) & (periods <= end)).to_numpy())  # base rows in frame's periods
    own = Base(frame)
    mine, every = keys(own, held)
    theirs = every[inside]
    order = np.argsort(theirs, kind="stable")
    slot = np.minimum(np.searchsorted(theirs[order], mine), max(len(order) - 1, 0))
    same = (theirs[order][slot] == mine) if len(order) else np.zeros(len(mine), dtype=bool)
    position = inside[order[slot]] if len(order) else slot  # the base row of each of frame's rows
    for column in _COMPARED:
        if _same_everywhere([own, held], column):
            continue  # e.g. the currency, or a label shared by every row
        a = frame[column].reset_index(drop=True)
        b = whole[column].take(position).reset_index(drop=True)
        same &= (a == b).fillna(False).to_numpy(dtype=bool) | (a.isna() & b.isna()).to_numpy()
    ranked = np.argsort(mine, kind="stable")
    rows = frame.take(ranked[~same[ranked]]).reset_index(drop=True)
    lacking = ~np.isin(theirs, mine)
    absent = whole[list(TRADE_KEYS)].take(inside[lacking][np.argsort(theirs[lacking], kind="stable")])
    return rows, absent.reset_index(drop=True)


def apply_difference(
    base: pd.DataFrame, rows: pd.DataFrame, absent: pd.DataFrame, entry: ResourceEntry, origin: str
) -> pd.DataFrame:
    """Rebuild the resource of ``entry``, stored as ``rows`` and ``absent`` (see :func:`difference`)."""
    coverage = entry["coverage"]
    freq = coverage["freq"]
    inside = within(base, pd.Period(coverage["start"], freq), pd.Period(coverage["end"], freq))
    kept, changed, lacking = keys(inside, rows, absent)
    keep = ~np.isin(kept, np.concatenate([changed, lacking]))
    frame = pd.concat([inside[keep], rows], ignore_index=True)
    frame = frame.take(np.argsort(np.concatenate([kept[keep], changed]), kind="stable"))
    frame["source"] = entry["name"]
    first = entry["delta"]["preliminary_from"]
    preliminary = frame["period"].dt.year >= first if first is not None else np.zeros(len(frame), dtype=bool)
    frame["status"] = np.where(preliminary, "preliminary", "confirmed")
    return validate(frame, origin)
