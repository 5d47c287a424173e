"""Storage: the official files' registry, building a snapshot from them, reading it, and refreshing it online.

One word per concept. A *snapshot* is a full set of the data in the tidy schema (the embedded one in ``data/``,
or a refresh); a *refresh* is a snapshot folder made online from the agencies' files; a *published download* is
an earlier copy of an agency's file, kept as a dataset of its own (``census@2018-10-18``). Each submodule holds
one step (registry, copies, published downloads, build, checks, workers, descriptors, deltas, reading, the
snapshot, refreshes), each listed in ``docs/architecture.md``. Modules are imported when first used, so reading
a cached verdict needs none of them.
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
