"""The embedded snapshot in ``data/``: building it from official files, and loading it with provenance.

Each official file becomes one gzip-compressed CSV resource in the tidy schema, described in
``data/datapackage.json`` (a Frictionless Data Package: path, sha256, rows, coverage, sources with URL,
retrieval date and the sha256 of the original, licence, attribution, schema). Loading reads the CSV once,
then keeps an Arrow copy in the user cache folder (keyed by the resource's sha256) and the frame in memory.

A resource whose catalog entry names a ``base`` (an earlier download of a file, a *published vintage*) is
stored as a difference: its CSV holds only the rows that the base resource lacks or holds differently, and
its ``delta`` entry in ``datapackage.json`` names the base (and its sha256), the base's rows it lacks, and
the first preliminary year. Loading rebuilds the whole table from the two (a test checks, on the real files,
that the rebuilt table equals the parsed file row for row).
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
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tradebalance import catalog
from tradebalance.errors import ChecksumError, DataNotFoundError, ParseError
from tradebalance.schema import COLUMNS, validate

PACKAGE_NAME = "tradebalance-embedded"
#: Files parsed at once by :func:`build` (the machine's cores, at most 4).
BUILD_THREADS = min(os.cpu_count() or 1, 4)
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
    spec: catalog.FileSpec,
    frame: pd.DataFrame,
    relpath: str,
    blob: bytes,
    original_sha: str,
    delta: dict[str, Any] | None = None,
) -> dict[str, Any]:
    source: dict[str, Any] = {
        "title": spec.title,
        "agency": spec.agency,
        "path": spec.url,
        "file": spec.filename,
        "retrieved": spec.retrieved,
        "sha256": original_sha,
    }
    if spec.found_in is not None:
        source["found_in"] = spec.found_in.as_dict()
    entry = {
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
        "sources": [source],
        "licenses": [{"title": spec.license}],
        "attribution": spec.attribution,
        "schema": {"fields": _fields(spec.schema)},
    }
    if frame.attrs.get("skipped"):
        entry["skipped"] = [dict(s) for s in frame.attrs["skipped"]]
    if delta is not None:
        lacks = delta["absent"]["rows"]
        entry["description"] = (
            f"Stored as the {delta['rows']:,} rows that differ from resource {delta['base']!r} or that it lacks"
            + (
                f", and the keys of the {lacks:,} rows of it that this file lacks ({delta['absent']['path']})"
                if lacks
                else ""
            )
            + f"; every other row of {delta['base']!r} from {entry['coverage']['start']} to "
            f"{entry['coverage']['end']} is the same in this file. tradebalance.load rebuilds the whole table."
        )
        entry["delta"] = delta
    return entry


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


#: What building one file gives: the files to write (path, bytes), its descriptor entry, and its frame (or None).
_Built = tuple[list[tuple[str, bytes]], dict[str, Any], "pd.DataFrame | None"]


def _build_one(
    spec: catalog.FileSpec,
    originals: Path,
    base: Future[tuple[dict[str, Any], pd.DataFrame]] | None = None,
    keep: bool = True,
) -> _Built:
    """Parse one official file; returns the files to write (path, gzip CSV bytes), its entry and its frame.

    The frame is returned only with ``keep`` (``None`` otherwise), so that a build holds the frames of bases only.
    With ``base`` (to become the base resource's entry and frame), only the difference from it is written:
    the rows that differ, and in a second file the keys of the base's rows that the file lacks (if any).
    """
    src = originals / spec.folder / spec.filename
    frame = parse_original(spec, src)
    original_sha = sha256(src)
    stem = f"{spec.folder}/{Path(spec.filename).stem}"
    relpath = f"{stem}.csv.gz"
    if base is None:
        blob = _csv_bytes(frame)
        return [(relpath, blob)], _resource_entry(spec, frame, relpath, blob, original_sha), frame if keep else None
    base_entry, base_frame = base.result()
    try:
        rows, absent = _difference(frame, base_frame)
    except ValueError as exc:
        raise ParseError(src, f"cannot be stored as its difference from {base_entry['name']!r}: {exc}") from None
    blob = _csv_bytes(rows)
    files = [(relpath, blob)]
    delta: dict[str, Any] = {"base": base_entry["name"], "base_hash": base_entry["hash"], "rows": len(rows)}
    delta["absent"] = {"rows": len(absent)}
    if len(absent):
        absent_blob = _csv_bytes(absent)
        files.append((f"{stem}.absent.csv.gz", absent_blob))
        delta["absent"] |= {"path": files[-1][0], "hash": f"sha256:{hashlib.sha256(absent_blob).hexdigest()}"}
    delta["preliminary_from"] = spec.provisional_from
    return files, _resource_entry(spec, frame, relpath, blob, original_sha, delta), frame if keep else None


def _done(value: Any) -> Future[Any]:
    future: Future[Any] = Future()
    future.set_result(value)
    return future


#: Key columns of a trade resource (one row per key), and the row order of a resource stored as a difference.
TRADE_KEYS = ("period", "reporter", "partner", "flow", "classification", "code")
ROW_ORDER = ("reporter", "partner", "flow", "classification", "code", "period")
#: Columns compared between a file and its base (the source and the status are the file's own).
_COMPARED = tuple(c for c in COLUMNS if c not in (*TRADE_KEYS, "source", "status"))


def _keys(*frames: pd.DataFrame) -> list[np.ndarray]:
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


def _within(base: pd.DataFrame, start: pd.Period, end: pd.Period) -> pd.DataFrame:
    periods = base["period"]
    return base[((periods >= start) & (periods <= end)).to_numpy()].reset_index(drop=True)


def _difference(frame: pd.DataFrame, base: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What ``frame`` has that ``base`` does not, and what it lacks.

    Returns the rows of ``frame`` that ``base`` lacks or holds differently, and the keys (``TRADE_KEYS``) of
    the rows of ``base`` within ``frame``'s periods that ``frame`` lacks, both in ``ROW_ORDER``.
    :func:`_apply_difference` turns them back into ``frame``.
    """
    if base["period"].dtype != frame["period"].dtype:
        raise ValueError(f"periods are {frame['period'].dtype}, the base's {base['period'].dtype}")
    inside = _within(base, frame["period"].min(), frame["period"].max())
    mine, theirs = _keys(frame, inside)
    order = np.argsort(theirs, kind="stable")
    slot = np.minimum(np.searchsorted(theirs[order], mine), max(len(order) - 1, 0))
    same = (theirs[order][slot] == mine) if len(order) else np.zeros(len(mine), dtype=bool)
    position = order[slot] if len(order) else slot
    for column in _COMPARED:
        if _same_everywhere([frame[column], inside[column]]):
            continue  # e.g. the currency, or a label shared by every row
        a = frame[column].reset_index(drop=True)
        b = inside[column].take(position).reset_index(drop=True)
        same &= (a == b).fillna(False).to_numpy(dtype=bool) | (a.isna() & b.isna()).to_numpy()
    ranked = np.argsort(mine, kind="stable")
    rows = frame.take(ranked[~same[ranked]]).reset_index(drop=True)
    lacking = ~np.isin(theirs, mine)
    absent = inside.loc[lacking, list(TRADE_KEYS)].take(np.argsort(theirs[lacking], kind="stable"))
    return rows, absent.reset_index(drop=True)


def _apply_difference(
    base: pd.DataFrame, rows: pd.DataFrame, absent: pd.DataFrame, entry: dict[str, Any], origin: str
) -> pd.DataFrame:
    """Rebuild the resource of ``entry``, stored as ``rows`` and ``absent`` (see :func:`_difference`)."""
    coverage = entry["coverage"]
    freq = coverage["freq"]
    inside = _within(base, pd.Period(coverage["start"], freq), pd.Period(coverage["end"], freq))
    kept, changed, lacking = _keys(inside, rows, absent)
    keep = ~np.isin(kept, np.concatenate([changed, lacking]))
    frame = pd.concat([inside[keep], rows], ignore_index=True)
    frame = frame.take(np.argsort(np.concatenate([kept[keep], changed]), kind="stable"))
    frame["source"] = entry["name"]
    first = entry["delta"]["preliminary_from"]
    preliminary = frame["period"].dt.year >= first if first is not None else np.zeros(len(frame), dtype=bool)
    frame["status"] = np.where(preliminary, "preliminary", "confirmed")
    return validate(frame, origin)


def _read_absent(folder: Path, entry: dict[str, Any]) -> pd.DataFrame:
    """The keys of the base's rows that a resource stored as a difference lacks (sha256 verified).

    The file is looked for in ``folder``, then in the embedded snapshot (a refresh copies resource files only).
    """
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
    if specs is None:  # a rebuilt base takes along the resources stored against it, when their files are there
        rebuilt = {s.resource for s in todo}
        todo += [
            s
            for s in catalog.FILES
            if s not in todo and s.base in rebuilt and (Path(originals) / s.folder / s.filename).is_file()
        ]
    for spec in todo:
        src = Path(originals) / spec.folder / spec.filename
        if not src.is_file():
            raise DataNotFoundError(f"{src}: official file for resource {spec.resource!r} not found")
    todo.sort(key=lambda s: s.base is not None)  # bases first (a stable sort keeps the catalog order)
    built: dict[str, Future[_Built]] = {}
    # Threads: the workbook reader, gzip and the CSV writer release the GIL, so files are parsed side by side.
    with ThreadPoolExecutor(max_workers=BUILD_THREADS) as pool:
        for spec in todo:
            base = None
            if spec.base in built:
                base = _base_future(built[spec.base])
            elif spec.base is not None and spec.base in entries:
                base = _done((entries[spec.base], read_resource(out, entries[spec.base])))
            elif spec.base is not None:
                raise DataNotFoundError(f"resource {spec.resource!r} is stored against {spec.base!r}; build that too")
            keep = any(other.base == spec.resource for other in todo)  # only a base's frame is kept
            built[spec.resource] = pool.submit(_build_one, spec, Path(originals), base, keep)
        results = [built[spec.resource].result()[:2] for spec in todo]
    for files, entry in results:
        for relpath, blob in files:
            _atomic_write(out / relpath, blob)
        entries[entry["name"]] = entry
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


def _base_future(
    job: Future[_Built],
) -> Future[tuple[dict[str, Any], pd.DataFrame]]:
    """The entry and frame a build job will give, for the jobs that store their file against it."""
    future: Future[tuple[dict[str, Any], pd.DataFrame]] = Future()

    def done(finished: Future[_Built]) -> None:
        error = finished.exception()
        if error is not None:
            future.set_exception(error)
        else:
            _, entry, frame = finished.result()
            future.set_result((entry, frame))

    job.add_done_callback(done)
    return future


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
    delta = entry.get("delta")
    key = digest if delta is None else hashlib.sha256(f"{digest}:{delta['base_hash']}".encode()).hexdigest()
    cached = cache_dir() / "arrow" / f"{entry['name']}-{key[:16]}.arrow"
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
    if delta is not None:
        base_folder, base_entry = _base_of(folder, entry)
        base = read_resource(base_folder, base_entry)
        frame = _apply_difference(base, frame, _read_absent(folder, entry), entry, str(path))
        if len(frame) != entry["rows"]:
            raise ChecksumError(f"{path}: rebuilt {len(frame)} rows from {delta['base']!r}, expected {entry['rows']}")
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        feather.write_feather(frame, tmp, compression="uncompressed")
        os.replace(tmp, cached)
    except OSError:
        pass  # a read-only cache only costs speed
    return frame


def _base_of(folder: Path, entry: dict[str, Any]) -> tuple[Path, dict[str, Any]]:
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
    } | ({"found_in": dict(source["found_in"])} if "found_in" in source else {})


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
