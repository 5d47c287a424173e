"""Reading a snapshot folder (a Frictionless data package): its descriptor, and each resource verified.

A snapshot folder holds ``datapackage.json`` and one gzip CSV per resource. :func:`read_resource` checks a
resource's sha256, rebuilds a resource stored as a difference (:mod:`tradebalance.store.deltas`), and keeps an
uncompressed Arrow copy in the user cache (keyed by the sha256), memory-mapped on the next read.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import json
import os
import threading
import time
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradebalance.errors import ChecksumError, DataNotFoundError, ParseError
from tradebalance.store.paths import DATAPACKAGE, cache_dir, cache_unwritable, data_dir

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from tradebalance.store.entries import ResourceEntry


def read_descriptor(folder: Path) -> dict[str, Any]:
    """Read ``folder``'s ``datapackage.json`` (uncached); raises ParseError naming the file."""
    path = folder / DATAPACKAGE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ParseError(path, f"cannot read data package descriptor ({exc})") from exc


def descriptor(folder: Path | None = None) -> dict[str, Any]:
    """The ``datapackage.json`` of a snapshot folder (default: the embedded snapshot)."""
    return _descriptor(Path(folder) if folder is not None else data_dir())


@cache
def _descriptor(folder: Path) -> dict[str, Any]:
    return read_descriptor(folder)


def resources(dataset: str | None = None, folder: Path | None = None) -> list[ResourceEntry]:
    """Resource entries of a snapshot (default: the embedded one), optionally of one dataset."""
    entries = descriptor(folder)["resources"]
    found = [r for r in entries if dataset is None or r["dataset"] == dataset]
    if dataset is not None and not found:
        known = sorted({r["dataset"] for r in entries})
        raise DataNotFoundError(f"unknown dataset {dataset!r}; the snapshot has {', '.join(known)}")
    return found


def read_resource(folder: Path, entry: ResourceEntry, where: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Read one snapshot resource as a frame (see :func:`read_table`)."""
    return to_frame(read_table(folder, entry, where), entry["coverage"]["freq"])


def read_table(folder: Path, entry: ResourceEntry, where: Mapping[str, str] | None = None) -> pa.Table:
    """Read one snapshot resource as an Arrow table, verifying its sha256, via an Arrow copy in the cache.

    ``where`` keeps the rows whose columns have the given values (``{"partner": "USA"}``); they are selected
    in Arrow, before anything becomes a pandas object, which is most of a load's time and memory. The copy
    is an uncompressed Arrow IPC (Feather) file of the table as parsed (periods as ordinals), memory-mapped
    on read. It is written to a temporary file and renamed into place, so a reader never sees half of one;
    a copy that does not read back whole (its row count) is rebuilt. A cache that cannot be written (full
    disk, read-only folder) costs speed only, with one warning.
    """
    import pyarrow.feather as feather

    from tradebalance.store import deltas

    digest = entry["hash"].removeprefix("sha256:")
    delta = entry.get("delta")
    key = digest if delta is None else hashlib.sha256(f"{digest}:{delta['base_hash']}".encode()).hexdigest()
    cached = cache_dir() / "arrow" / f"{entry['name']}-{key[:16]}.v{CACHE_FORMAT}.arrow"
    freq = entry["coverage"]["freq"]
    if cached.is_file():
        try:
            table = feather.read_table(cached, memory_map=True)
            if table.num_rows == entry["rows"]:
                return _arrow_rows(table, where)
        except Exception:  # a damaged cache file is rebuilt from the verified CSV below
            pass
        cached.unlink(missing_ok=True)
    path = folder / entry["path"]
    blob = path.read_bytes()
    if hashlib.sha256(blob).hexdigest() != digest:
        raise ChecksumError(f"{path}: sha256 does not match {DATAPACKAGE}; the file was changed or damaged")
    table = _from_csv(blob, path, freq, entry.get("schema_name", "trade"))
    if delta is not None:
        base_folder, base_entry = _base_of(folder, entry)
        base = read_resource(base_folder, base_entry)
        frame = deltas.apply_difference(base, to_frame(table, freq), _read_absent(folder, entry), entry, str(path))
        if len(frame) != entry["rows"]:
            raise ChecksumError(f"{path}: rebuilt {len(frame)} rows from {delta['base']!r}, expected {entry['rows']}")
        table = to_table(frame)
    tmp = cached.with_name(f".{cached.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(cached.parent)
        feather.write_feather(table, tmp, compression="uncompressed")
        os.replace(tmp, cached)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        cache_unwritable(cached.parent, exc)
    return _arrow_rows(table, where)


#: The layout of the Arrow copies in the cache (part of their names: a new layout is a new file).
CACHE_FORMAT = 3


def _arrow_rows(table: pa.Table, where: Mapping[str, str] | None) -> pa.Table:
    """The rows of an Arrow table whose columns have the values in ``where`` (all of them if None)."""
    import pyarrow.compute as pc

    for column, value in (where or {}).items():
        table = table.filter(pc.equal(table[column], value))
    return table


def to_frame(table: pa.Table, freq: str) -> pd.DataFrame:
    """Resources' Arrow table (:func:`read_table`) as a frame: strings Arrow-backed, period ordinals as Periods."""
    import pandas as pd
    import pyarrow as pa

    strings = pd.StringDtype("pyarrow")
    frame = table.to_pandas(types_mapper={pa.large_string(): strings, pa.string(): strings}.get)
    if "period" in frame.columns:
        frame["period"] = pd.PeriodIndex.from_ordinals(frame["period"].to_numpy(), freq=freq)
    return frame


def to_table(frame: pd.DataFrame) -> pa.Table:
    """The inverse of :func:`to_frame`."""
    import pyarrow as pa

    if "period" in frame.columns:
        frame = frame.assign(period=frame["period"].array.asi8)
    return pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)


#: A temporary cache file older than this (seconds) was left by a process that died.
STALE_AFTER = 600.0


def _remove_stale(folder: Path) -> None:
    """Remove temporary files that killed processes left behind, and copies in an older cache layout."""
    now = time.time()
    for tmp in folder.glob(".*.tmp"):
        try:
            if now - tmp.stat().st_mtime > STALE_AFTER:
                tmp.unlink()
        except OSError:
            continue  # another process removed or renamed it
    for copy in folder.glob("*.arrow"):
        if not copy.name.endswith(f".v{CACHE_FORMAT}.arrow"):  # no version of this code reads it again
            with contextlib.suppress(OSError):
                copy.unlink()


def _base_of(folder: Path, entry: ResourceEntry) -> tuple[Path, ResourceEntry]:
    """The folder and entry of the resource that ``entry`` is stored against, matched by name and sha256.

    The base is looked for in ``folder`` and then in the embedded snapshot (a refresh that replaced the base
    keeps the embedded one there).
    """
    delta = entry["delta"]
    for candidate in dict.fromkeys([Path(folder), data_dir()]):
        for other in descriptor(candidate)["resources"]:
            if other["name"] == delta["base"] and other["hash"] == delta["base_hash"]:
                return candidate, other
    raise DataNotFoundError(
        f"resource {entry['name']!r} is stored as its difference from {delta['base']!r} ({delta['base_hash']}), "
        f"which is in neither {folder} nor the embedded snapshot; rebuild it with `tradebalance data build`"
    )


def _from_csv(blob: bytes, path: Path, freq: str, schema: str) -> pa.Table:
    """A resource's table from its gzip CSV, whose sha256 was checked: it holds what the build validated.

    Read by pyarrow, decompressed as it is parsed. Empty cells are empty strings, except in the trade
    schema's optional text columns, where they are missing.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    from tradebalance.schema import COLUMNS, FX_COLUMNS

    stream = pa.input_stream(pa.BufferReader(blob), compression="gzip")
    words = pa.large_string()  # what pandas' Arrow-backed strings hold: converted without a copy
    kinds = {"string": words, "int64": pa.int64(), "float64": pa.float64(), "period": words}
    if schema == "fx":
        kinds["datetime64[ns]"] = pa.timestamp("ns")
        types = {c: kinds[t] for c, t in {**FX_COLUMNS, "source": "string"}.items()}
        return pacsv.read_csv(stream, convert_options=pacsv.ConvertOptions(column_types=types))
    types = {c: kinds[t] for c, t in COLUMNS.items()}
    table = pacsv.read_csv(stream, convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=False))
    missing = [c for c in COLUMNS if c not in table.column_names]
    if missing:
        raise ParseError(path, f"missing columns {missing}")
    for name in ("parent", "quantity_unit"):
        column = table[name]
        table = table.set_column(
            table.schema.get_field_index(name),
            name,
            pc.if_else(pc.equal(column, ""), pa.scalar(None, words), column),
        )
    table = table.set_column(0, "period", _ordinals(table["period"], freq))
    return table.select(list(COLUMNS))


def _ordinals(text: pa.ChunkedArray, freq: str) -> pa.Array:
    """Period labels of frequency ``freq`` as pandas' ordinals (months or years since 1970, …)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    def number(start: int, stop: int) -> Any:
        return pc.cast(pc.utf8_slice_codeunits(text, start, stop), pa.int64()).to_numpy()

    if freq == "M" and pc.all(pc.match_substring_regex(text, r"^\d{4}-\d{2}$")).as_py():
        return pa.array((number(0, 4) - 1970) * 12 + number(5, 7) - 1)
    if freq.startswith("Y") and pc.all(pc.match_substring_regex(text, r"^\d{4}$")).as_py():
        return pa.array(number(0, 4) - 1970)
    return pa.array(pd.PeriodIndex(text.to_pandas(), freq=freq).asi8)


def provenance(entry: ResourceEntry, vintage: str = "embedded") -> dict[str, Any]:
    """The provenance record of one resource, as carried in ``DataFrame.attrs["provenance"]``."""
    source = entry["sources"][0]
    return {
        "resource": entry["name"],
        "dataset": entry["dataset"],
        "agency": source["agency"],
        "title": source["title"],
        "url": source["path"],
        "file": source["file"],
        "retrieved": source["retrieved"],
        "sha256": source["sha256"],
        "license": entry["licenses"][0]["title"],
        "attribution": entry["attribution"],
        "coverage": f"{entry['coverage']['start']}/{entry['coverage']['end']}",
        "status": dict(entry["status"]),
        "vintage": vintage,
    } | ({"found_in": dict(source["found_in"])} if "found_in" in source else {})


def _read_absent(folder: Path, entry: ResourceEntry) -> pd.DataFrame:
    """The keys of the base's rows that a resource stored as a difference lacks (sha256 verified).

    The file is looked for in ``folder``, then in the embedded snapshot (a refresh copies resource files only).
    """
    import pandas as pd

    from tradebalance.schema import TRADE_KEYS

    absent = entry["delta"]["absent"]
    if not absent["rows"]:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in TRADE_KEYS}).assign(
            period=pd.PeriodIndex([], freq=entry["coverage"]["freq"])
        )
    for candidate in dict.fromkeys([Path(folder), data_dir()]):
        path = candidate / absent["path"]
        if path.is_file() and hashlib.sha256(blob := path.read_bytes()).hexdigest() == absent["hash"].removeprefix(
            "sha256:"
        ):
            text = pd.read_csv(io.BytesIO(gzip.decompress(blob)), dtype="string", keep_default_na=False)
            return text.assign(period=pd.PeriodIndex(text["period"], freq=entry["coverage"]["freq"]))
    raise ChecksumError(f"{Path(folder) / absent['path']}: missing, or its sha256 does not match {DATAPACKAGE}")


def clear_caches() -> None:
    """Forget the descriptors read so far (after a build rewrote one)."""
    _descriptor.cache_clear()
