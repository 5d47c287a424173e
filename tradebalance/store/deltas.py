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


def keys(*frames: pd.DataFrame) -> list[np.ndarray]:
    """One int64 per row of each frame, equal for equal ``TRADE_KEYS`` and sorting as ``ROW_ORDER`` does."""
    sizes = [len(f) for f in frames]
    key = np.zeros(sum(sizes), dtype=np.int64)
    span = 1
    for column in ROW_ORDER:
        if column == "period":
            values: Any = np.concatenate([np.asarray(f["period"].array.asi8) for f in frames])
        elif _same_everywhere([f[column] for f in frames]):
            continue  # one value in every frame (a reporter, a classification): it tells no rows apart
        else:
            values = pd.concat([f[column].reset_index(drop=True) for f in frames], ignore_index=True)
        codes, uniques = pd.factorize(values, sort=True)
        span *= max(len(uniques), 1)
        if span >= 2**62:
            raise ValueError("too many distinct keys to number them in 64 bits")
        key = key * max(len(uniques), 1) + codes
    return np.split(key, np.cumsum(sizes)[:-1])


def _same_everywhere(columns: list[pd.Series]) -> bool:
    """Whether every value of every column is one and the same (all missing counts), checked vectorised."""
    values = [c for c in columns if len(c)]
    if not values:
        return True
    first = values[0].iloc[0]
    if pd.isna(first):
        return all(bool(c.isna().all()) for c in values)
    return all(bool((c == first).fillna(False).all()) for c in values)


def within(base: pd.DataFrame, start: pd.Period, end: pd.Period) -> pd.DataFrame:
    """The rows of ``base`` whose period is from ``start`` to ``end``."""
    periods = base["period"]
    return base[((periods >= start) & (periods <= end)).to_numpy()].reset_index(drop=True)


def difference(frame: pd.DataFrame, base: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What ``frame`` has that ``base`` does not, and what it lacks.

    Returns the rows of ``frame`` that ``base`` lacks or holds differently, and the keys (``TRADE_KEYS``) of
    the rows of ``base`` within ``frame``'s periods that ``frame`` lacks, both in ``ROW_ORDER``.
    :func:`apply_difference` turns them back into ``frame``.
    """
    if base["period"].dtype != frame["period"].dtype:
        raise ValueError(f"periods are {frame['period'].dtype}, the base's {base['period'].dtype}")
    periods = base["period"]
    start, end = frame["period"].min(), frame["period"].max()
    inside = np.flatnonzero(((periods >= start) & (periods <= end)).to_numpy())  # base rows in frame's periods
    mine, theirs = keys(frame, base[list(ROW_ORDER)].take(inside))
    order = np.argsort(theirs, kind="stable")
    slot = np.minimum(np.searchsorted(theirs[order], mine), max(len(order) - 1, 0))
    same = (theirs[order][slot] == mine) if len(order) else np.zeros(len(mine), dtype=bool)
    position = inside[order[slot]] if len(order) else slot  # the base row of each of frame's rows
    for column in _COMPARED:
        if _same_everywhere([frame[column], base[column]]):
            continue  # e.g. the currency, or a label shared by every row
        a = frame[column].reset_index(drop=True)
        b = base[column].take(position).reset_index(drop=True)
        same &= (a == b).fillna(False).to_numpy(dtype=bool) | (a.isna() & b.isna()).to_numpy()
    ranked = np.argsort(mine, kind="stable")
    rows = frame.take(ranked[~same[ranked]]).reset_index(drop=True)
    lacking = ~np.isin(theirs, mine)
    absent = base[list(TRADE_KEYS)].take(inside[lacking][np.argsort(theirs[lacking], kind="stable")])
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
