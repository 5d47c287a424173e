"""Claims as data, checked under every honest reading.

* :mod:`~tradebalance.claims.model`: the claim, its test, readings and verdicts;
* :mod:`~tradebalance.claims.fileformat`: the TOML claim files;
* :mod:`~tradebalance.claims.metrics`: what a claim measures, computed on the data of one reading;
* :mod:`~tradebalance.claims.evaluate`: the readings of a claim and their roles;
* :mod:`~tradebalance.claims.verdict`: the verdict rule and the rating;
* :mod:`~tradebalance.claims.claimreview`: schema.org ClaimReview output;
* :mod:`~tradebalance.claims.cache`: verdicts cached by claims, data and code.
"""

from importlib import import_module
from typing import Any

#: public name -> module that defines it (imported on first use, so that a cached check needs no pandas)
_EXPORTS = {
    "cache_key": "cache",
    "check_all": "cache",
    "check": "evaluate",
    "framing": "evaluate",
    "over_time": "evaluate",
    "readings": "evaluate",
    "since": "evaluate",
    "statistic": "evaluate",
    "load_claims": "fileformat",
    "seed_claims_path": "fileformat",
    "METRICS": "metrics",
    "SHARE_METRICS": "metrics",
    "AXES": "model",
    "PARAMETERS": "model",
    "RATINGS": "model",
    "ROLES": "model",
    "TEST_KINDS": "model",
    "VERDICTS": "model",
    "Claim": "model",
    "Reading": "model",
    "Robustness": "model",
    "Test": "model",
    "Verdict": "model",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f"tradebalance.claims.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'tradebalance.claims' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
