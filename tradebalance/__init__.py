"""tradebalance: check claims about the Japan–U.S. trade balance against both countries' official statistics.

Typical use::

    import tradebalance as tb
    mof = tb.load("mof", partner="USA")          # tidy frame, provenance in mof.attrs
    tb.balance(mof, freq="FY")                     # exports, imports, balance by fiscal year
    tb.decompose(mof, 2017, definition="mof-narrow")  # automotive's net contribution to the 2017 surplus
    tb.convert(mof, to="USD", rate="monthly")      # dollars, the rates used recorded in attrs
    tb.rank(2017)                                  # U.S. partners ranked by balance (Census)
    latest = tb.Snapshot.open("latest")            # one refresh's data, exchange rates included
    [tb.check(c) for c in tb.load_claims("seeds/claims.toml")]

Names are imported lazily, so ``import tradebalance`` is fast. Modules hold the rest: ``tradebalance.mirror``
(mirror statistics), ``tradebalance.plots`` (charts), ``tradebalance.report``, ``tradebalance.fx``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

if TYPE_CHECKING:  # the names as a type checker sees them (loaded lazily at run time, below)
    from tradebalance.balances import balance as balance
    from tradebalance.balances import decompose as decompose
    from tradebalance.balances import decompose_all as decompose_all
    from tradebalance.balances import items as items
    from tradebalance.claims import check as check
    from tradebalance.claims import load_claims as load_claims
    from tradebalance.claims import over_time as over_time
    from tradebalance.extract import extract as extract
    from tradebalance.fx import convert as convert
    from tradebalance.fx import rates as rates
    from tradebalance.partners import rank as rank
    from tradebalance.sectors import definitions as sector_definitions  # noqa: F401 (in __all__)
    from tradebalance.store.snapshot import Snapshot as Snapshot
    from tradebalance.store.snapshot import load as load
    from tradebalance.tariffs import exposure as exposure

#: public name -> module that defines it
_EXPORTS = {
    "load": "tradebalance.store.snapshot",
    "Snapshot": "tradebalance.store.snapshot",
    "balance": "tradebalance.balances",
    "decompose": "tradebalance.balances",
    "items": "tradebalance.balances",
    "decompose_all": "tradebalance.balances",
    "convert": "tradebalance.fx",
    "rates": "tradebalance.fx",
    "rank": "tradebalance.partners",
    "exposure": "tradebalance.tariffs",
    "load_claims": "tradebalance.claims",
    "check": "tradebalance.claims",
    "over_time": "tradebalance.claims",
    "sector_definitions": "tradebalance.sectors",
    "extract": "tradebalance.extract",
}
_RENAMED = {"sector_definitions": "definitions"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), _RENAMED.get(name, name))
    raise AttributeError(f"module 'tradebalance' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
