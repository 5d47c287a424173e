"""Storage: the official files' registry, building a snapshot from them, reading it, and refreshing it online.

One word per concept. A *snapshot* is a full set of the data in the tidy schema (the embedded one in ``data/``,
or a refresh); a *refresh* is a snapshot folder made online from the agencies' files; a *published download* is
an earlier copy of an agency's file, kept as a dataset of its own (``census@2018-10-18``).

* :mod:`~tradebalance.store.paths`: the package's and the cache's folders, sha256 (what ``sources`` imports);
* :mod:`~tradebalance.store.catalog`: the registry of official files and the parser of each;
* :mod:`~tradebalance.store.copies`: the copies of official files found in public repositories, and where;
* :mod:`~tradebalance.store.published`: the published downloads, and which a reader had on a given day;
* :mod:`~tradebalance.store.builder`: official files → checked, tidy resources, written as a snapshot;
* :mod:`~tradebalance.store.checks`: the checks a file passes before it is stored (build and refresh alike);
* :mod:`~tradebalance.store.workers`: the worker processes of a build, which die with it;
* :mod:`~tradebalance.store.descriptors`: the ``datapackage.json`` entries of a snapshot;
* :mod:`~tradebalance.store.deltas`: resources stored as their differences from another;
* :mod:`~tradebalance.store.package`: reading a snapshot folder (descriptor, resources verified, provenance);
* :mod:`~tradebalance.store.snapshot`: :class:`~tradebalance.store.snapshot.Snapshot`, one snapshot's data as one value;
* :mod:`~tradebalance.store.refreshes`: refresh folders in the cache, and the lock that lets one refresh run;
* :mod:`~tradebalance.store.refresh`: downloading, verifying and installing a refresh.

Modules are imported when first used, so reading a cached verdict needs none of them.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names as a type checker sees them (loaded lazily at run time, below)
    from tradebalance.store.builder import build as build
    from tradebalance.store.builder import parse_original as parse_original
    from tradebalance.store.catalog import datasets as datasets
    from tradebalance.store.catalog import files as files
    from tradebalance.store.published import as_published as as_published
    from tradebalance.store.published import published_vintages as published_vintages
    from tradebalance.store.snapshot import Snapshot as Snapshot
    from tradebalance.store.snapshot import load as load

#: public name -> module of this package that defines it
_EXPORTS = {
    "Snapshot": "snapshot",
    "load": "snapshot",
    "build": "builder",
    "parse_original": "builder",
    "published_vintages": "published",
    "as_published": "published",
    "files": "catalog",
    "datasets": "catalog",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f"tradebalance.store.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'tradebalance.store' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
