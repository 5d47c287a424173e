"""The shape of a snapshot's ``datapackage.json`` entries, and the columns a load can filter on.

Types only (no pandas): the builder writes these entries (:mod:`~tradebalance.store.descriptors`), the reader
and the refresh read them (:mod:`~tradebalance.store.package`, :mod:`~tradebalance.store.deltas`), so they sit
below all of them.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

#: Columns a load can filter on; a resource's entry lists the values each holds (``values``), so that a
#: filtered load skips the resources without the value.
FILTERS = ("reporter", "partner", "flow")


class Coverage(TypedDict):
    """A resource's frequency (``M``, ``Y``, ``D`` …) and its first and last period (or date)."""

    freq: str
    start: str
    end: str


class Absent(TypedDict):
    """The rows of a base that a resource stored as a difference lacks: how many, and their file where any."""

    rows: int
    path: NotRequired[str]
    hash: NotRequired[str]


class Delta(TypedDict):
    """How a resource is stored as its difference from a base resource (an earlier download of its file)."""

    base: str
    base_hash: str
    rows: int
    absent: Absent
    preliminary_from: int
    """The first year whose figures the file holds as preliminary."""


class ResourceEntry(TypedDict):
    """A resource's entry in ``datapackage.json`` (a Frictionless tabular data resource, with tradebalance's keys)."""

    name: str
    dataset: str
    title: str
    path: str
    profile: str
    format: str
    compression: str
    encoding: str
    hash: str
    bytes: int
    rows: int
    schema_name: str
    coverage: Coverage
    status: dict[str, int]
    values: NotRequired[dict[str, list[str]]]
    """The values of each filter column (:data:`FILTERS`); older snapshots list none."""
    sources: list[dict[str, Any]]
    licenses: list[dict[str, str]]
    attribution: str
    schema: dict[str, list[dict[str, str]]]
    skipped: NotRequired[list[dict[str, Any]]]
    description: NotRequired[str]
    delta: NotRequired[Delta]
