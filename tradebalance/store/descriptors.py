"""The entry that describes a built resource in ``datapackage.json``: its file, table, original and provenance.

Written by :func:`tradebalance.store.builder.build`, read by :mod:`tradebalance.store.package`: path, sha256 and size of
the gzip CSV, rows, coverage, status counts, the values a load can filter on, the original's source (URL,
retrieval date, sha256, where a copy was found), licence, attribution and the Frictionless schema.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd

from tradebalance.schema import COLUMNS, FX_COLUMNS
from tradebalance.store import catalog
from tradebalance.store.entries import FILTERS, Coverage, Delta, ResourceEntry


def coverage(frame: pd.DataFrame) -> Coverage:
    """A table's frequency and its first and last period (or date, for exchange rates)."""
    if "period" in frame.columns:
        periods = frame["period"]
        return {"freq": periods.iloc[0].freqstr, "start": str(periods.min()), "end": str(periods.max())}
    dates = frame["date"]
    return {"freq": "D", "start": dates.min().date().isoformat(), "end": dates.max().date().isoformat()}


def resource_entry(
    spec: catalog.FileSpec,
    frame: pd.DataFrame,
    relpath: str,
    blob: bytes,
    original_sha: str,
    delta: Delta | None = None,
) -> ResourceEntry:
    """The entry of one resource: its file (``relpath``, gzip CSV ``blob``), table, original and provenance.

    ``delta``: for a resource stored as its difference from a base, the record of that (see
    :func:`tradebalance.store.builder.build`).
    """
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
    covers = coverage(frame)
    entry: ResourceEntry = {
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
        "coverage": covers,
        "status": {k: int(v) for k, v in frame["status"].value_counts().sort_index().items()}
        if "status" in frame
        else {},
        "values": {c: sorted(frame[c].unique()) for c in FILTERS if c in frame},
        "sources": [source],
        "licenses": [{"title": spec.license}],
        "attribution": spec.attribution,
        "schema": {"fields": fields(spec.schema)},
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
            + f"; every other row of {delta['base']!r} from {covers['start']} to "
            f"{covers['end']} is the same in this file. tradebalance.load rebuilds the whole table."
        )
        entry["delta"] = delta
    return entry


def fields(schema: str) -> list[dict[str, str]]:
    """Frictionless field descriptors of a schema."""
    kinds = {"string": "string", "period": "string", "int64": "integer", "float64": "number", "datetime64[ns]": "date"}
    if schema == "fx":
        described = {"value": {"description": "yen per U.S. dollar"}}
        return [
            {"name": c, "type": kinds[t]} | described.get(c, {}) for c, t in {**FX_COLUMNS, "source": "string"}.items()
        ]
    return [{"name": c, "type": kinds[t]} for c, t in COLUMNS.items()]
