"""The embedded snapshot in ``data/``: building it from official files, and loading it with provenance.

Each official file becomes one gzip-compressed CSV resource in the tidy schema, described in
``data/datapackage.json`` (a Frictionless Data Package: path, sha256, rows, coverage, sources with URL,
retrieval date and the sha256 of the original, licence, attribution, schema). Loading reads the CSV once,
then keeps an Arrow copy in the user cache folder (keyed by the resource's sha256) and the frame in memory.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from tradebalance import catalog
from tradebalance.errors import ChecksumError, DataNotFoundError, ParseError
from tradebalance.schema import COLUMNS, validate

PACKAGE_NAME = "tradebalance-embedded"
DATAPACKAGE = "datapackage.json"


def data_dir() -> Path:
    """Folder of the embedded snapshot: inside the installed package, or ``data/`` beside it in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent / "data"):
        if (candidate / DATAPACKAGE).is_file():
            return candidate
    raise DataNotFoundError(f"no embedded snapshot ({DATAPACKAGE}) beside the package in {here}")


def cache_dir() -> Path:
    """User cache folder (``TRADEBALANCE_CACHE_DIR`` overrides the platform default)."""
    override = os.environ.get("TRADEBALANCE_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("tradebalance", appauthor=False))


def sha256(path: Path) -> str:
    """Hex sha256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------- build


def parser_for(spec: catalog.FileSpec) -> Callable[..., pd.DataFrame]:
    """The parser function named in ``spec.parser``."""
    module, _, name = spec.parser.partition(":")
    return getattr(importlib.import_module(module), name)


#: Columns of an exchange-rate resource (``schema: "fx"``): one observation per row.
FX_COLUMNS = ("date", "series", "value", "source")


def parse_original(spec: catalog.FileSpec, path: Path) -> pd.DataFrame:
    """Parse one official file with its registered parser."""
    parser = parser_for(spec)
    if spec.schema == "fx":
        frame = parser(path)
        return frame.assign(source=spec.resource)[list(FX_COLUMNS)].reset_index(drop=True)
    return parser(path, provisional_from=spec.provisional_from, source=spec.resource)


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    """Deterministic gzip CSV of a frame (periods and dates as their ISO string form), written by pyarrow."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    key = "period" if "period" in frame.columns else "date"
    table = pa.Table.from_pandas(frame.assign(**{key: frame[key].astype(str)}), preserve_index=False)
    buffer = io.BytesIO()
    pacsv.write_csv(table, buffer, pacsv.WriteOptions(quoting_style="needed"))
    return gzip.compress(buffer.getvalue(), compresslevel=3, mtime=0)


def _coverage(frame: pd.DataFrame) -> dict[str, str]:
    if "period" in frame.columns:
        periods = frame["period"]
        return {"freq": periods.iloc[0].freqstr, "start": str(periods.min()), "end": str(periods.max())}
    dates = frame["date"]
    return {"freq": "D", "start": dates.min().date().isoformat(), "end": dates.max().date().isoformat()}


def _resource_entry(
    spec: catalog.FileSpec, frame: pd.DataFrame, relpath: str, blob: bytes, original_sha: str
) -> dict[str, Any]:
    return {
        "name": spec.resource,
        "dataset": spec.dataset,
        "title": spec.title,
        "path": relpath,
        "profile": "tabular-data-resource",
        "format": "csv",
        "compression": "gz",
        "encoding": "utf-8",
        "hash": f"sha256:{hashlib.sha256(blob).hexdigest()}",
        "bytes": len(blob),
        "rows": len(frame),
        "schema_name": spec.schema,
        "coverage": _coverage(frame),
        "status": {k: int(v) for k, v in frame["status"].value_counts().sort_index().items()}
        if "status" in frame
        else {},
        "sources": [
            {
                "title": spec.title,
                "agency": spec.agency,
                "path": spec.url,
                "file": spec.filename,
                "retrieved": spec.retrieved,
                "sha256": original_sha,
            }
        ],
        "licenses": [{"title": spec.license}],
        "attribution": spec.attribution,
        "schema": {"fields": _fields(spec.schema)},
    }


def _fields(schema: str) -> list[dict[str, str]]:
    """Frictionless field descriptors of a schema."""
    if schema == "fx":
        return [
            {"name": "date", "type": "date"},
            {"name": "series", "type": "string"},
            {"name": "value", "type": "number", "description": "yen per U.S. dollar"},
            {"name": "source", "type": "string"},
        ]
    kinds = {"string": "string", "period": "string", "int64": "integer", "float64": "number"}
    return [{"name": c, "type": kinds[t]} for c, t in COLUMNS.items()]


def _build_one(spec: catalog.FileSpec, originals: Path) -> tuple[str, bytes, dict[str, Any]]:
    """Parse one official file; returns its resource path, gzip CSV bytes and descriptor entry."""
    src = originals / spec.folder / spec.filename
    frame = parse_original(spec, src)
    blob = _csv_bytes(frame)
    relpath = f"{spec.folder}/{Path(spec.filename).stem}.csv.gz"
    return relpath, blob, _resource_entry(spec, frame, relpath, blob, sha256(src))


def build(
    originals: Path,
    out: Path | None = None,
    datasets: Iterable[str] | None = None,
    specs: Iterable[catalog.FileSpec] | None = None,
) -> dict[str, Any]:
    """Parse the official files under ``originals`` and write the snapshot to ``out`` (default: ``data_dir()``).

    ``specs`` are the files to build (default: every file in the catalog); a refresh passes specs that carry
    a download's URL and retrieval time. Resources already described in ``out`` and not rebuilt are kept.
    Each file is written atomically; ``datapackage.json`` last, so a failed build leaves the old one.
    Returns the data package descriptor.
    """
    out = Path(out) if out is not None else data_dir()
    wanted = set(datasets) if datasets else set(catalog.datasets())
    old = _read_descriptor(out) if (out / DATAPACKAGE).is_file() else {"resources": []}
    entries = {r["name"]: r for r in old["resources"]}
    todo = [s for s in (catalog.FILES if specs is None else specs) if s.dataset in wanted]
    for spec in todo:
        src = Path(originals) / spec.folder / spec.filename
        if not src.is_file():
            raise DataNotFoundError(f"{src}: official file for resource {spec.resource!r} not found")
    built = [_build_one(spec, Path(originals)) for spec in todo]
    for spec, (relpath, blob, entry) in zip(todo, built, strict=True):
        _atomic_write(out / relpath, blob)
        entries[spec.resource] = entry
    order = [s.resource for s in catalog.FILES]
    descriptor = {
        "profile": "data-package",
        "name": PACKAGE_NAME,
        "title": "tradebalance embedded snapshot of official Japan–U.S. trade statistics",
        "description": "Tidy tables built by tradebalance's own parsers from the official files listed under each resource's sources.",
        "resources": sorted(
            entries.values(), key=lambda r: order.index(r["name"]) if r["name"] in order else len(order)
        ),
    }
    write_descriptor(out, descriptor)
    _load.cache_clear()
    _rows_by_value.cache_clear()
    _descriptor.cache_clear()
    return descriptor


def write_descriptor(folder: Path, descriptor: dict[str, Any]) -> None:
    """Write ``descriptor`` as ``folder``'s ``datapackage.json``, atomically and in the snapshot's JSON layout."""
    blob = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    _atomic_write(Path(folder) / DATAPACKAGE, blob)


def _atomic_write(path: Path, blob: bytes) -> None:
    """Write ``blob`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------------------------------------- load


def _read_descriptor(folder: Path) -> dict[str, Any]:
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
    return _read_descriptor(folder)


def resources(dataset: str | None = None, folder: Path | None = None) -> list[dict[str, Any]]:
    """Resource entries of a snapshot (default: the embedded one), optionally of one dataset."""
    entries = descriptor(folder)["resources"]
    found = [r for r in entries if dataset is None or r["dataset"] == dataset]
    if dataset is not None and not found:
        known = sorted({r["dataset"] for r in entries})
        raise DataNotFoundError(f"unknown dataset {dataset!r}; the snapshot has {', '.join(known)}")
    return found


def read_resource(folder: Path, entry: dict[str, Any]) -> pd.DataFrame:
    """Read one snapshot resource, verifying its sha256, via an Arrow copy in the cache when possible.

    The copy is an uncompressed Arrow IPC (Feather) file, memory-mapped on read: loading the largest
    dataset takes tens of milliseconds instead of hundreds from Parquet, for some disk in the user cache.
    """
    import pyarrow.feather as feather

    digest = entry["hash"].removeprefix("sha256:")
    cached = cache_dir() / "arrow" / f"{entry['name']}-{digest[:16]}.arrow"
    if cached.is_file():
        try:
            return feather.read_table(cached, memory_map=True).to_pandas()
        except Exception:  # a corrupt cache file is rebuilt from the verified CSV below
            cached.unlink(missing_ok=True)
    path = folder / entry["path"]
    blob = path.read_bytes()
    if hashlib.sha256(blob).hexdigest() != digest:
        raise ChecksumError(f"{path}: sha256 does not match {DATAPACKAGE}; the file was changed or damaged")
    frame = _from_csv(blob, path, entry["coverage"]["freq"], entry.get("schema_name", "trade"))
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        feather.write_feather(frame, tmp, compression="uncompressed")
        os.replace(tmp, cached)
    except OSError:
        pass  # a read-only cache only costs speed
    return frame


def _from_csv(blob: bytes, path: Path, freq: str, schema: str) -> pd.DataFrame:
    if schema == "fx":
        frame = pd.read_csv(
            io.BytesIO(gzip.decompress(blob)), dtype={"series": "string", "value": "float64", "source": "string"}
        )
        frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d")
        return frame
    dtypes = {c: t for c, t in COLUMNS.items() if t != "period"}
    frame = pd.read_csv(
        io.BytesIO(gzip.decompress(blob)),
        dtype=dtypes | {"period": "string"},
        keep_default_na=False,
        na_values={"parent": [""], "quantity": [""], "quantity_unit": [""]},
    )
    text = frame["period"]
    if freq == "M":
        frame["period"] = pd.PeriodIndex.from_fields(
            year=text.str.slice(0, 4).astype(int).to_numpy(),
            month=text.str.slice(5, 7).astype(int).to_numpy(),
            freq="M",
        )
    elif freq.startswith("Y") and text.str.fullmatch(r"\d{4}").all():
        frame["period"] = pd.PeriodIndex.from_ordinals(text.astype(int).to_numpy() - 1970, freq="Y")
    else:
        frame["period"] = pd.PeriodIndex(text, freq=freq)
    return validate(frame, str(path))


def provenance(entry: dict[str, Any], vintage: str = "embedded") -> dict[str, Any]:
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
    }


@cache
def _load(folder: Path, dataset: str, vintage: str) -> pd.DataFrame:
    entries = resources(dataset, folder)
    frame = pd.concat([read_resource(folder, e) for e in entries], ignore_index=True)
    frame.attrs["provenance"] = [provenance(e, vintage) for e in entries]
    return frame


@cache
def _rows_by_value(folder: Path, dataset: str, vintage: str, column: str) -> dict[str, Any]:
    """Row positions of each value of ``column`` in a cached dataset (a filter becomes a ``take``)."""
    return _load(folder, dataset, vintage).groupby(column, observed=True).indices


def vintage_folder(vintage: str) -> tuple[Path, str]:
    """The snapshot folder of ``vintage`` and the vintage's name (``embedded`` or a refresh's timestamp)."""
    if vintage == "embedded":
        return data_dir(), "embedded"
    from tradebalance import vintages

    return vintages.resolve(vintage)


def load(
    dataset: str,
    *,
    vintage: str = "embedded",
    reporter: str | None = None,
    partner: str | None = None,
    flow: str | None = None,
) -> pd.DataFrame:
    """Load a dataset as a frame whose ``attrs["provenance"]`` lists every file behind it.

    Args:
        dataset: ``"mof"`` (Japan customs), ``"census"`` (U.S. trade by country), ``"census-enduse"``,
            ``"census-hs"``, ``"fx"`` (yen per dollar), or another name in ``datapackage.json``.
        vintage: ``"embedded"`` (default: the snapshot shipped with the package), ``"latest"`` (the newest
            verified refresh, see ``tradebalance data refresh``) or a refresh's date (``"2026-11-28"``).
        reporter, partner, flow: optional filters (ISO3 codes; ``"export"``/``"import"``).
    """
    folder, name = vintage_folder(vintage)
    full = _load(folder, dataset, name)
    # pandas' copy-on-write makes a shallow copy safe: changing the result never changes the cached frame.
    frame = full.copy(deep=False)
    for column, wanted in (("reporter", reporter), ("partner", partner), ("flow", flow)):
        if wanted is None:
            continue
        if column not in frame.columns:
            raise DataNotFoundError(f"dataset {dataset!r} has no column {column!r} to filter on")
        rows = _rows_by_value(folder, dataset, name, column).get(wanted)
        if rows is None:
            known = ", ".join(sorted(full[column].unique()))
            raise DataNotFoundError(f"dataset {dataset!r} has no {column} {wanted!r}; it has {known}")
        frame = frame.take(rows) if len(frame) == len(full) else frame[frame[column] == wanted]
    provenance = full.attrs["provenance"]
    if len(frame) != len(full):
        frame = frame.reset_index(drop=True)
        used = set(frame["source"].unique())
        provenance = [p for p in provenance if p["resource"] in used]
    frame.attrs = {"provenance": [dict(p) for p in provenance]}
    return frame
