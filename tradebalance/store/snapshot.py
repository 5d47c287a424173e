"""A snapshot: the data as of one vintage, as one value that loads datasets and keeps its own caches.

``Snapshot.open("embedded")`` is the snapshot shipped with the package, ``Snapshot.open("latest")`` the
newest verified refresh, ``Snapshot.open("2026-11-28")`` the newest refresh of that day (see
:mod:`tradebalance.store.refreshes`). Everything that reads data (balances, exchange rates, mirror statistics,
partners, tariffs, claims, the report, the command line) takes a snapshot, so that one run uses one
consistent set of data, exchange rates included. Opening the same vintage twice gives the same object.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tradebalance.errors import DataNotFoundError
from tradebalance.schema import FX_KEYS, TRADE_KEYS
from tradebalance.store import derived, entries, package, paths, refreshes

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd
    import pyarrow as pa

    from tradebalance.store.entries import ResourceEntry

T = TypeVar("T")
EMBEDDED = "embedded"


class Snapshot:
    """The data of one vintage: its folder, its descriptor, and the frames and derived tables loaded from it."""

    def __init__(self, folder: Path, name: str) -> None:
        self.folder = Path(folder)
        self.name = name
        """``embedded`` or a refresh's timestamp (``2026-11-28T142233Z``)."""
        self._frames: dict[str, pd.DataFrame] = {}
        self._memo: dict[tuple[Any, ...], Any] = {}
        self._seen: dict[str, Any] | None = None
        self._kept: derived.Kept | None = None

    def __repr__(self) -> str:
        return f"Snapshot({self.name!r}, {str(self.folder)!r})"

    @classmethod
    def open(cls, vintage: str | Snapshot = EMBEDDED) -> Snapshot:
        """The snapshot of ``vintage``: ``"embedded"``, ``"latest"``, a refresh's date or time, or a Snapshot."""
        if isinstance(vintage, Snapshot):
            return vintage
        folder, name = (paths.data_dir(), EMBEDDED) if vintage == EMBEDDED else refreshes.resolve(vintage)
        return _opened(folder, name)

    @property
    def descriptor(self) -> dict[str, Any]:
        """The snapshot's ``datapackage.json``."""
        return package.descriptor(self.folder)

    def datasets(self) -> list[str]:
        """Names of the datasets in the snapshot, in descriptor order."""
        return list(dict.fromkeys(r["dataset"] for r in self.descriptor["resources"]))

    def provenance(self, dataset: str) -> list[dict[str, Any]]:
        """The provenance records of a dataset's resources (agency, file, URL, retrieval, sha256, vintage …)."""
        return [package.provenance(e, self.name) for e in package.resources(dataset, self.folder)]

    def load(
        self,
        dataset: str,
        *,
        reporter: str | None = None,
        partner: str | None = None,
        flow: str | None = None,
    ) -> pd.DataFrame:
        """A dataset as a frame whose ``attrs["provenance"]`` lists every file behind it (see :func:`load`).

        A filtered load of a dataset not yet loaded whole reads only the resources that hold the values,
        selects the rows from their Arrow copies in the cache, and keeps just them. ``partner`` may be a
        code or a name (``tradebalance.partner_names.partner_code``).
        """
        if partner is not None:
            partner = self.memo(("partner", dataset, partner), partial(self._partner_code, dataset, partner))
        given = dict(zip(entries.FILTERS, (reporter, partner, flow), strict=True))
        where = {c: v for c, v in given.items() if v is not None}
        if where and dataset not in self._frames:
            found = self.memo(("load", dataset, *where.items()), partial(self._read_rows, dataset, where))
            frame = found.copy(deep=False)
            frame.attrs = {"provenance": [dict(p) for p in found.attrs["provenance"]]}
            return frame
        full = self._full(dataset)
        # pandas' copy-on-write makes a shallow copy safe: changing the result never changes the cached frame.
        frame = full.copy(deep=False)
        for column, wanted in where.items():
            if column not in frame.columns:
                raise DataNotFoundError(f"dataset {dataset!r} has no column {column!r} to filter on")
            rows = self.memo(("rows", dataset, column), partial(_positions, full, column))
            if wanted not in rows:
                known = ", ".join(sorted(full[column].unique()))
                raise DataNotFoundError(f"dataset {dataset!r} has no {column} {wanted!r}; it has {known}")
            frame = frame.take(rows[wanted]) if len(frame) == len(full) else frame[frame[column] == wanted]
        provenance = full.attrs["provenance"]
        if len(frame) != len(full):
            frame = frame.reset_index(drop=True)
            used = set(frame["source"].unique())
            provenance = [p for p in provenance if p["resource"] in used]
        frame.attrs = {"provenance": [dict(p) for p in provenance]}
        return frame

    def memo(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """A table derived from this snapshot's data, computed once (``key`` names it and its arguments)."""
        self._check_current()
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def kept(self, key: tuple[Any, ...], compute: Callable[[], Any], use: Callable[[Any], T]) -> T:
        """:meth:`memo` of ``use(value)``, the JSON ``value`` also kept in the user cache between runs.

        A kept value that ``use`` refuses (TypeError, KeyError, ValueError) is computed again (:mod:`.derived`).
        """
        return self.memo(key, lambda: self._derived().value(key, compute, use))

    def _derived(self) -> derived.Kept:
        if self._kept is None:
            self._kept = derived.Kept(self.folder, self.name)
        return self._kept

    def _check_current(self) -> None:
        """Forget what was loaded if the folder's descriptor was rewritten since (a rebuild)."""
        current = self.descriptor
        if current is not self._seen:
            self._frames.clear()
            self._memo.clear()
            self._kept = None
            self._seen = current

    def _partner_code(self, dataset: str, partner: str) -> str:
        """The code of the partner ``partner`` names, as ``dataset`` holds it; an error if it does not."""
        from tradebalance import partner_names

        def held(name: str) -> set[str]:
            return {v for e in package.resources(name, self.folder) for v in e.get("values", {}).get("partner", [])}

        codes = held(dataset)
        code = partner_names.partner_code(partner, codes)
        if codes and code not in codes:  # (an older snapshot lists no values: the rows decide)
            has = ", ".join(sorted(codes)) if len(codes) <= 20 else f"{len(codes)} others"
            others = [d for d in self.datasets() if "@" not in d and code in held(d)]
            also = f". {partner_names.described(code)} is in {', '.join(others)}" if others else ""
            raise DataNotFoundError(f"dataset {dataset!r} has no partner {code!r}; it has {has}{also}")
        return code

    def _full(self, dataset: str) -> pd.DataFrame:
        self._check_current()
        if dataset not in self._frames:
            entries = package.resources(dataset, self.folder)
            frame = _frame(entries, [package.read_table(self.folder, e) for e in entries])
            frame.attrs["provenance"] = [package.provenance(e, self.name) for e in entries]
            self._frames[dataset] = frame
        return self._frames[dataset]

    def _read_rows(self, dataset: str, where: dict[str, str]) -> pd.DataFrame:
        """The rows of ``dataset`` matching ``where``, read resource by resource; errors as a full load gives."""
        entries = package.resources(dataset, self.folder)
        fields = {f["name"] for e in entries for f in e["schema"]["fields"]}
        for column in where:
            if column not in fields:
                raise DataNotFoundError(f"dataset {dataset!r} has no column {column!r} to filter on")
        # A resource is read only if its entry lists the values (older snapshots list none: read them all).
        held = [e for e in entries if all(v in e.get("values", {}).get(c, [v]) for c, v in where.items())]
        parts = [(e, package.read_table(self.folder, e, where)) for e in held]
        used = [(e, part) for e, part in parts if part.num_rows]
        if not used:  # a value not in the data: the whole dataset names the values there are
            self._full(dataset)
            return self.load(dataset, **where)
        frame = _frame([e for e, _ in used], [part for _, part in used])
        frame.attrs["provenance"] = [package.provenance(e, self.name) for e, _ in used]
        return frame


def _frame(entries: list[ResourceEntry], tables: list[pa.Table]) -> pd.DataFrame:
    """Resources' tables as one frame, put together in Arrow and converted to pandas once."""
    import pyarrow as pa

    (freq,) = {e["coverage"]["freq"] for e in entries} or {""}
    return package.to_frame(pa.concat_tables(tables, promote_options="permissive"), freq)


def _positions(frame: pd.DataFrame, column: str) -> dict[Any, npt.NDArray[np.intp]]:
    """The row positions of each value of ``column`` in ``frame``."""
    return frame.groupby(column, observed=True).indices


@cache
def _opened(folder: Path, name: str) -> Snapshot:
    return Snapshot(folder, name)


def of(frame: pd.DataFrame) -> Snapshot:
    """The snapshot a loaded frame comes from (its provenance names the vintage); embedded if it does not say."""
    names = {p.get("vintage", EMBEDDED) for p in frame.attrs.get("provenance", [])}
    if len(names) > 1:
        raise DataNotFoundError(f"the frame mixes data of several vintages: {', '.join(sorted(names))}")
    return Snapshot.open(names.pop() if names else EMBEDDED)


def load(
    dataset: str,
    *,
    vintage: str | Snapshot = EMBEDDED,
    reporter: str | None = None,
    partner: str | None = None,
    flow: str | None = None,
) -> pd.DataFrame:
    """Load a dataset as a frame whose ``attrs["provenance"]`` lists every file behind it.

    Args:
        dataset: ``"mof"`` (Japan customs), ``"census"`` (U.S. trade by country), ``"census-enduse"``,
            ``"census-hs"``, ``"fx"`` (yen per dollar), ``"census@2020-01-07"`` (a Census download of that
            date), or another name in ``datapackage.json``.
        vintage: ``"embedded"`` (default: the snapshot shipped with the package), ``"latest"`` (the newest
            verified refresh, see ``tradebalance data refresh``), a refresh's date (``"2026-11-28"``) or a
            :class:`Snapshot`.
        reporter, partner, flow: optional filters (ISO3 codes; ``"export"``/``"import"``). ``partner`` may
            also be a name or an alias, in English or Japanese (``"China"``, ``"EU"``, ``"ASEAN"``, ``"米国"``).

    Example::

        >>> import tradebalance as tb
        >>> mof = tb.load("mof", partner="USA")
        >>> mof.attrs["provenance"][0]["agency"]
        'Japan Ministry of Finance (Customs)'
    """
    return Snapshot.open(vintage).load(dataset, reporter=reporter, partner=partner, flow=flow)


def diff(old: str, new: str, dataset: str) -> pd.DataFrame:
    """List what changed in ``dataset`` between two vintages (``"embedded"``, ``"latest"`` or a date).

    Returns:
        One row per key whose value differs, was added or was removed, sorted by key: the key columns
        (``period, reporter, partner, flow, classification, code``, or ``date, series`` for exchange
        rates), ``old`` and ``new`` values (NaN where absent), ``change`` (new − old, NaN unless revised) and
        ``kind`` (``revised``, ``added`` or ``removed``). ``attrs`` names the two vintages and the dataset.

    Raises:
        DataNotFoundError: a vintage or the dataset is not there.
    """
    snapshots = [Snapshot.open(v) for v in (old, new)]  # both must exist before anything is loaded
    frames = [s.load(dataset) for s in snapshots]
    keys = list(TRADE_KEYS if "period" in frames[0].columns else FX_KEYS)
    before, after = (_values(f, keys) for f in frames)
    merged = before.merge(after, on=keys, how="outer", suffixes=("_old", "_new"), indicator=True)
    merged = merged.rename(columns={"value_old": "old", "value_new": "new"})
    kind = merged["_merge"].map({"left_only": "removed", "right_only": "added", "both": "revised"}).astype("string")
    merged["change"] = (merged["new"] - merged["old"]).where(kind == "revised")
    merged["kind"] = kind
    changed = (kind != "revised") | (merged["old"] != merged["new"])
    out = merged.loc[changed, [*keys, "old", "new", "change", "kind"]].sort_values(keys, ignore_index=True)
    out.attrs = {"old": snapshots[0].name, "new": snapshots[1].name, "dataset": dataset}
    return out


def _values(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Return the keys and value, one row per key; where files overlap (the daily FX files) the last source wins."""
    ordered = frame.sort_values([*keys, "source"], kind="stable")
    return ordered.drop_duplicates(keys, keep="last")[[*keys, "value"]]
