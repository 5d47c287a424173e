"""Claims as data, checked under every honest reading.

* :mod:`~tradebalance.claims.model`: the claim, its readings and verdicts, the reading parameters;
* :mod:`~tradebalance.claims.claim_tests`: the claim's test, one class per kind;
* :mod:`~tradebalance.claims.fileformat`: the TOML claim files;
* :mod:`~tradebalance.claims.reading_data`: the data a reading reads (sources, totals, sector decompositions);
* :mod:`~tradebalance.claims.metric_table`: what a claim measures, computed on the data of one reading;
* :mod:`~tradebalance.claims.flow_metrics`: the metrics of flows, quantities, changes, shares and ratios;
* :mod:`~tradebalance.claims.reading_axes`: the axes a claim's readings vary over, and their values;
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
    "TEST_KINDS": "claim_tests",
    "AboveTest": "claim_tests",
    "ApproxTest": "claim_tests",
    "BelowTest": "claim_tests",
    "BetweenTest": "claim_tests",
    "ContextTest": "claim_tests",
    "MagnitudeTest": "claim_tests",
    "RankTest": "claim_tests",
    "RecordTest": "claim_tests",
    "Test": "claim_tests",
    "TopTest": "claim_tests",
    "VagueTest": "claim_tests",
    "check": "evaluate",
    "framing": "evaluate",
    "over_time": "evaluate",
    "reading_parameters": "evaluate",
    "since": "evaluate",
    "statistic": "evaluate",
    "load_claims": "fileformat",
    "seed_claims_path": "fileformat",
    "METRICS": "metric_table",
    "SHARE_METRICS": "metric_table",
    "AXES": "model",
    "PARAMETERS": "model",
    "RATINGS": "model",
    "ROLES": "model",
    "VERDICTS": "model",
    "Claim": "model",
    "Reading": "model",
    "ReadingParameters": "model",
    "Robustness": "model",
    "Verdict": "model",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f"tradebalance.claims.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'tradebalance.claims' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
