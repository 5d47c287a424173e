"""Helpers for tidy frames: bare views, the rows at the top level, groups of rows and their values.

What :mod:`tradebalance.balances` adds up with, kept apart from what it computes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

STATUS_ORDER = ("preliminary", "provisional", "confirmed")
KEYS = ["reporter", "partner"]


def top_level(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows at the shallowest level present for each reporter, partner and flow."""
    return frame[is_top(frame)]


def is_top(frame: pd.DataFrame) -> npt.NDArray[np.bool_]:
    """Whether each row is at the shallowest level present for its reporter, partner and flow."""
    group, keys = groups([frame[c] for c in (*KEYS, "flow")], sort=False)
    level = frame["level"].to_numpy()
    shallowest = np.full(len(keys[0]), np.iinfo(level.dtype).max)
    np.minimum.at(shallowest, group, level)
    return level == shallowest[group]


def worst_status(statuses: pd.Series) -> str:
    """The least final of ``statuses`` (preliminary before provisional before confirmed)."""
    present = set(statuses.unique())
    return next(s for s in STATUS_ORDER if s in present)


def carry(result: pd.DataFrame, frame: pd.DataFrame, **extra: object) -> pd.DataFrame:
    """``result`` with a copy of ``frame``'s provenance and ``extra`` as its ``attrs``."""
    result.attrs = {"provenance": [dict(p) for p in frame.attrs.get("provenance", [])], **extra}
    return result


def bare(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without ``attrs``: pandas deep-copies attrs on every operation, so work on a bare view."""
    view = pd.DataFrame(frame, copy=False)
    view.attrs = {}
    return view


def groups(
    columns: list[pd.Series], *, sort: bool = True
) -> tuple[npt.NDArray[np.intp], list[pd.api.extensions.ExtensionArray]]:
    """Each row's group (its distinct combination of ``columns``, numbered in sorted order), and each group's values.

    ``sort=False`` numbers the groups in no particular order, which is faster.
    """
    factorized = [pd.factorize(c, sort=sort) for c in columns]
    shape = tuple(len(names) for _, names in factorized)
    combinations, group = np.unique(
        np.ravel_multi_index([codes for codes, _ in factorized], shape), return_inverse=True
    )
    positions = np.unravel_index(combinations, shape)
    values = [pd.array(names, dtype="string").take(at) for (_, names), at in zip(factorized, positions, strict=True)]
    return group, values


def distinct(group: npt.NDArray[np.intp], values: pd.Series, n: int) -> list[str]:
    """For each of ``n`` groups, its distinct ``values``, sorted and joined by commas."""
    codes, uniques = pd.factorize(values, sort=True)
    names = list(uniques)
    pairs = np.unique(group * len(names) + codes)
    found: list[list[str]] = [[] for _ in range(n)]
    for g, c in zip(pairs // len(names), pairs % len(names), strict=True):
        found[g].append(names[c])
    return [",".join(f) for f in found]


def positions_in(values: pd.Series, names: Sequence[str]) -> npt.NDArray[np.intp]:
    """Each value's position in ``names`` (−1 for a value not there or missing)."""
    codes, uniques = pd.factorize(values)
    where = np.array([names.index(v) if v in names else -1 for v in uniques] + [-1], dtype=np.intp)
    return where[codes]  # a missing value's code is −1: the last entry
