"""Building the embedded snapshot in ``data/`` from the official files (``tradebalance data build``).

Each official file becomes one tidy, gzip-compressed CSV resource described in ``data/datapackage.json``, and
enters only if it passes :mod:`tradebalance.store.checks`, as in a refresh; how the build works (worker
processes, published vintages stored as differences) is in ``docs/user-guide/refreshing.md``.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pandas as pd

from tradebalance.errors import BuildError, DataNotFoundError, ParseError
from tradebalance.schema import FX_COLUMNS
from tradebalance.sources.common import shared_reads
from tradebalance.store import catalog, checks, deltas, descriptors, package, paths, workers
from tradebalance.store import recipes as recipes_of
from tradebalance.store.entries import Absent, Delta, ResourceEntry
from tradebalance.store.paths import DATAPACKAGE, data_dir, sha256

PACKAGE_NAME = "tradebalance-embedded"
#: Files parsed at once by :func:`build`, each in a process of its own (the cores this process may use, at most 4).
BUILD_WORKERS = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 4)


def parse_original(spec: catalog.FileSpec, path: Path) -> pd.DataFrame:
    """Parse one official file with its registered parser."""
    if spec.schema == "fx":
        frame = spec.parser.rates()(path)
        return frame.assign(source=spec.resource)[[*FX_COLUMNS, "source"]].reset_index(drop=True)
    return spec.parser.trade()(path, provisional_from=spec.provisional_from, source=spec.resource)


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    """Deterministic gzip CSV of a frame (periods and dates as their ISO string form), written by pyarrow."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    key = "period" if "period" in frame.columns else "date"
    codes, distinct = pd.factorize(frame[key])  # each distinct period or date written out once
    text = pa.array(pd.Series(distinct).astype(str).tolist(), pa.string()).take(pa.array(codes))
    table = pa.Table.from_pandas(frame.drop(columns=key), preserve_index=False)
    table = table.add_column(list(frame.columns).index(key), key, text)
    buffer = io.BytesIO()
    pacsv.write_csv(table, buffer, pacsv.WriteOptions(quoting_style="needed"))
    return gzip.compress(buffer.getvalue(), compresslevel=3, mtime=0)


#: What building one file gives: the files to write (path, bytes), its descriptor entry, and its frame (or None).
_Built = tuple[list[tuple[str, bytes]], ResourceEntry, "pd.DataFrame | None"]


#: A base resource's descriptor entry and frame.
_Base = tuple[ResourceEntry, pd.DataFrame]
#: The earlier versions of resources, whose periods the files rebuilt now must keep (by resource).
_Earlier = Mapping[str, tuple[checks.Earlier, ...]]
#: The bases a build's worker process has read from the build's scratch folder (by file).
_BASES: dict[str, deltas.Base] = {}


def _build_one(
    spec: catalog.FileSpec,
    originals: Path,
    base: tuple[ResourceEntry, deltas.Base] | None = None,
    keep: bool = True,
    earlier: tuple[checks.Earlier, ...] = (),
) -> _Built:
    """Parse and check one official file; returns the files to write (path, gzip CSV bytes), its entry and frame.

    The table must pass :func:`checks.verify` (totals, and the periods of the ``earlier`` versions of its
    resource). The frame is returned only with ``keep`` (``None`` otherwise), so that a build holds the frames
    of bases only. With ``base`` (the base resource's entry and frame), only the difference from it is written:
    the rows that differ, and in a second file the keys of the base's rows that the file lacks (if any).
    """
    src = originals / spec.folder / spec.filename
    frame = parse_original(spec, src)
    checks.verify(spec, frame, src, earlier)
    original_sha = sha256(src)
    stem = spec.snapshot_stem
    relpath = f"{stem}.csv.gz"
    if base is None:
        blob = _csv_bytes(frame)
        return (
            [(relpath, blob)],
            descriptors.resource_entry(spec, frame, relpath, blob, original_sha),
            frame if keep else None,
        )
    base_entry, base_frame = base
    try:
        rows, absent = deltas.difference(frame, base_frame)
    except ValueError as exc:
        raise ParseError(src, f"cannot be stored as its difference from {base_entry['name']!r}: {exc}") from None
    blob = _csv_bytes(rows)
    files = [(relpath, blob)]
    lacked: Absent = {"rows": len(absent)}
    if len(absent):
        absent_blob = _csv_bytes(absent)
        files.append((f"{stem}.absent.csv.gz", absent_blob))
        lacked |= {"path": files[-1][0], "hash": f"sha256:{hashlib.sha256(absent_blob).hexdigest()}"}
    delta: Delta = {
        "base": base_entry["name"],
        "base_hash": base_entry["hash"],
        "rows": len(rows),
        "absent": lacked,
        "preliminary_from": spec.provisional_from,
    }
    return files, descriptors.resource_entry(spec, frame, relpath, blob, original_sha, delta), frame if keep else None


def _keep_base(scratch: Path, name: str, frame: pd.DataFrame) -> None:
    """Write a base's frame to the build's scratch folder, for the workers that store files against it.

    As the Arrow cache holds a resource (:func:`package.to_table`), read back by :func:`_build_against_base`.
    """
    import pyarrow.feather as feather

    feather.write_feather(package.to_table(frame), _base_path(scratch, name), compression="uncompressed")


def _base_path(scratch: Path, name: str) -> Path:
    return scratch / f"{name}.arrow"


def _build_base(
    spec: catalog.FileSpec, originals: Path, scratch: Path, earlier: tuple[checks.Earlier, ...] = ()
) -> _Built:
    """:func:`_build_one` in a worker process, for a base: its frame goes to ``scratch``, not back to the parent.

    This process keeps it too, for the files stored against it that it builds next.
    """
    files, entry, frame = _build_one(spec, originals, keep=True, earlier=earlier)
    _keep_base(scratch, spec.resource, frame)
    _BASES[str(_base_path(scratch, spec.resource))] = deltas.Base(frame)
    return files, entry, None


def _build_against_base(
    spec: catalog.FileSpec,
    originals: Path,
    base_entry: ResourceEntry,
    scratch: Path,
    earlier: tuple[checks.Earlier, ...] = (),
) -> _Built:
    """:func:`_build_one` in a worker process, against its base, read from ``scratch`` once per process."""
    import pyarrow.feather as feather

    path = str(_base_path(scratch, base_entry["name"]))
    if path not in _BASES:
        table = feather.read_table(path, memory_map=False)
        _BASES[path] = deltas.Base(package.to_frame(table, base_entry["coverage"]["freq"]))
    return _build_one(spec, originals, (base_entry, _BASES[path]), keep=False, earlier=earlier)


def _riders(leaders: list[catalog.FileSpec], others: list[catalog.FileSpec]) -> dict[str, list[str]]:
    """For each file's job, the others that read the same original and go with it (read once, one worker)."""
    first: dict[tuple[str, str], str] = {}
    riders: dict[str, list[str]] = {}
    for spec in leaders:
        first.setdefault((spec.folder, spec.filename), spec.resource)
        riders[spec.resource] = []
    for spec in others:
        leader = first.setdefault((spec.folder, spec.filename), spec.resource)
        riders.setdefault(spec.resource, [])
        if leader != spec.resource:
            riders[leader].append(spec.resource)
    return riders


def _together(calls: list[tuple[Callable[..., _Built], tuple[Any, ...]]]) -> list[_Built]:
    """Several builds in one worker process, in order (files that read one original: it is read once)."""
    with shared_reads():
        return [fn(*args) for fn, args in calls]


def _parse(
    todo: list[catalog.FileSpec], originals: Path, bases: dict[str, _Base], earlier: _Earlier
) -> dict[str, _Built]:
    """Build every file of ``todo``, side by side in :data:`BUILD_WORKERS` processes; by resource name.

    The bases go first, with as many other files as there are workers (a worker done with its base takes one
    of those); the worker that parses a base writes its frame to a scratch folder, where the others read it
    (``bases`` holds those not parsed now). The files stored against a base go as soon as it is parsed, then
    the rest, largest first, so that no long job is left for the end; files that read one original go in one
    job (:func:`_riders`). ``earlier`` holds the earlier versions of each resource, whose periods its file
    must keep.
    """
    later = [s for s in todo if s.base is not None]
    wanted = {str(s.base) for s in later}

    def largest_first(spec: catalog.FileSpec) -> tuple[bool, int]:
        return spec.resource not in wanted, -(originals / spec.folder / spec.filename).stat().st_size

    first = sorted((s for s in todo if s.base is None), key=largest_first)
    later.sort(key=largest_first)
    if BUILD_WORKERS < 2 or len(todo) < 2:
        built = {
            s.resource: _build_one(s, originals, None, s.resource in wanted, earlier.get(s.resource, ())) for s in first
        }
        bases = bases | {name: built[name][1:] for name in wanted if name in built}
        held = {name: (entry, deltas.Base(frame)) for name, (entry, frame) in bases.items()}
        return built | {
            s.resource: _build_one(s, originals, held[str(s.base)], False, earlier.get(s.resource, ())) for s in later
        }
    return _in_workers(todo, first, later, originals, bases, earlier)


def _in_workers(
    todo: list[catalog.FileSpec],
    first: list[catalog.FileSpec],
    later: list[catalog.FileSpec],
    originals: Path,
    bases: dict[str, _Base],
    earlier: _Earlier,
) -> dict[str, _Built]:
    """:func:`_parse` in :data:`BUILD_WORKERS` processes (``first``: the files stored whole, bases first)."""
    wanted = {str(s.base) for s in later}
    for spec in todo:  # imported once here rather than in every worker (forked workers inherit them)
        spec.parser.load()
    jobs: dict[str, Future[list[_Built]]] = {}
    riders = _riders(later, [s for s in first if s.resource not in wanted])
    riding = {r for names in riders.values() for r in names}
    others = [s for s in first if s.resource not in wanted | riding]
    with workers.scratch() as scratch:
        for name, (_, frame) in bases.items():
            _keep_base(scratch, name, frame)
        size = min(BUILD_WORKERS, len(todo))
        pool = workers.pool(size)
        entries = {name: entry for name, (entry, _) in bases.items()}
        specs = {s.resource: s for s in todo}

        def submit(spec: catalog.FileSpec, fn: Callable[..., _Built], *args: Any) -> None:
            """``fn`` for ``spec`` in a worker, with the files that read the same original after it."""
            calls = [(fn, (spec, originals, *args, earlier.get(spec.resource, ())))]
            calls += [
                (_build_one, (specs[r], originals, None, False, earlier.get(r, ())))
                for r in riders.get(spec.resource, [])
            ]
            jobs[spec.resource] = pool.submit(_together, calls)

        def submit_against(base: str) -> None:
            for spec in (s for s in later if s.base == base):
                submit(spec, _build_against_base, entries[base], scratch)

        try:
            for spec in (s for s in first if s.resource in wanted):
                submit(spec, _build_base, scratch)
            parsing = {jobs[name]: name for name in wanted if name in jobs}
            for name in bases:  # stored against a base not parsed now: at once
                submit_against(name)
            # A worker that finishes a base takes the next of these while the others parse theirs; the files
            # stored against a base go as soon as it is done, ahead of the rest.
            fill = size if parsing else len(others)
            for spec in others[:fill]:
                submit(spec, _build_one, None, False)
            for done in as_completed(parsing):
                entries[parsing[done]] = done.result()[0][1]
                submit_against(parsing[done])
            for spec in others[fill:]:
                submit(spec, _build_one, None, False)
            return {built[1]["name"]: built for job in jobs.values() for built in job.result()}
        except BrokenProcessPool as exc:
            unfinished = [name for name, job in jobs.items() if not job.done() or job.exception() is not None]
            raise BuildError(
                f"a worker process stopped before the build finished (killed, or out of memory?) while "
                f"{len(unfinished)} of {len(jobs)} files were not yet built ({', '.join(unfinished[:3])}"
                f"{', …' if len(unfinished) > 3 else ''}); nothing was written"
            ) from exc
        finally:
            pool.shutdown(cancel_futures=True)


def build(
    originals: Path,
    out: Path | None = None,
    datasets: Iterable[str] | None = None,
    specs: Iterable[catalog.FileSpec] | None = None,
    *,
    force: bool = False,
    earlier: _Earlier | None = None,
) -> dict[str, Any]:
    """Parse the official files under ``originals`` and write the snapshot to ``out`` (default: ``data_dir()``).

    ``specs`` are the files to build (default: every file in the catalog); a refresh passes specs that carry
    a download's URL and retrieval time. Resources already described in ``out`` and not rebuilt are kept.
    A resource whose recipe (:func:`recipe`: its official file, catalog entry and the package's code) is
    the one that built the file now in ``out`` is not parsed again, unless ``force``. Each file is written
    atomically; ``datapackage.json`` last, so a failed build leaves the old one. Returns the descriptor.

    Every file is checked first (:mod:`tradebalance.store.checks`): its sha256 against the ``SHA256SUMS`` files
    under ``originals`` that list it, and its table: totals, and every period of the earlier versions of its
    resource (``earlier``, by resource; default: the first and last period ``out``'s descriptor records).

    Raises:
        ChecksumError: an original's sha256 is not the one a ``SHA256SUMS`` file gives.
        ParseError: a file does not parse, or its table does not pass the checks; the message names the file.
    """
    workers.remove_stale()
    out = Path(out) if out is not None else data_dir()
    wanted = set(datasets) if datasets else set(catalog.datasets())
    old = package.read_descriptor(out) if (out / DATAPACKAGE).is_file() else {"resources": []}
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
    digests = {path: sha256(path) for path in dict.fromkeys(Path(originals) / s.folder / s.filename for s in todo)}
    checks.verify_checksums(Path(originals), digests)
    recipes = recipes_of.recipes(todo, Path(originals), entries, digests)
    if not force:
        todo = [s for s in todo if not recipes_of.up_to_date(s, recipes[s.resource], entries.get(s.resource), out)]
    bases = _bases(todo, entries, out)
    if earlier is None:
        where = str(out / DATAPACKAGE)
        earlier = {
            s.resource: (checks.Earlier.of_entry(entries[s.resource], where),) for s in todo if s.resource in entries
        }
    built = _parse(todo, Path(originals), bases, earlier)
    results = [built[spec.resource][:2] for spec in todo]
    for files, entry in results:
        for relpath, blob in files:
            paths.atomic_write(out / relpath, blob)
        entries[entry["name"]] = entry
        recipes_of.remember(entry, recipes[entry["name"]])
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
    package.clear_caches()
    return descriptor


def _bases(todo: list[catalog.FileSpec], entries: dict[str, Any], out: Path) -> dict[str, _Base]:
    """The bases the differences in ``todo`` are stored against that are not built now, read from the snapshot."""
    bases: dict[str, _Base] = {}  # those not built now, from the snapshot
    named = {s.resource: s for s in (*catalog.FILES, *todo)}
    for spec in todo:
        if spec.base is None:
            continue
        if spec.base in named and named[spec.base].base is not None:
            raise ValueError(f"resource {spec.resource!r} is stored against {spec.base!r}, itself a difference")
        if spec.base not in {s.resource for s in todo} and spec.base not in bases:
            if spec.base not in entries:
                raise DataNotFoundError(f"resource {spec.resource!r} is stored against {spec.base!r}; build that too")
            bases[spec.base] = (entries[spec.base], package.read_resource(out, entries[spec.base]))
    return bases


def write_descriptor(folder: Path, descriptor: dict[str, Any]) -> None:
    """Write ``descriptor`` as ``folder``'s ``datapackage.json``, atomically and in the snapshot's JSON layout."""
    blob = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    paths.atomic_write(Path(folder) / DATAPACKAGE, blob)
