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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names as a type checker sees them (loaded lazily at run time, below)
    from tradebalance.claims.cache import cache_key as cache_key
    from tradebalance.claims.cache import check_all as check_all
    from tradebalance.claims.claim_tests import TEST_KINDS as TEST_KINDS
    from tradebalance.claims.claim_tests import AboveTest as AboveTest
    from tradebalance.claims.claim_tests import ApproxTest as ApproxTest
    from tradebalance.claims.claim_tests import BelowTest as BelowTest
    from tradebalance.claims.claim_tests import BetweenTest as BetweenTest
    from tradebalance.claims.claim_tests import ContextTest as ContextTest
    from tradebalance.claims.claim_tests import MagnitudeTest as MagnitudeTest
    from tradebalance.claims.claim_tests import RankTest as RankTest
    from tradebalance.claims.claim_tests import RecordTest as RecordTest
    from tradebalance.claims.claim_tests import Test as Test
    from tradebalance.claims.claim_tests import TopTest as TopTest
    from tradebalance.claims.claim_tests import VagueTest as VagueTest
    from tradebalance.claims.evaluate import check as check
    from tradebalance.claims.evaluate import framing as framing
    from tradebalance.claims.evaluate import over_time as over_time
    from tradebalance.claims.evaluate import reading_parameters as reading_parameters
    from tradebalance.claims.evaluate import since as since
    from tradebalance.claims.evaluate import statistic as statistic
    from tradebalance.claims.fileformat import load_claims as load_claims
    from tradebalance.claims.fileformat import seed_claims_path as seed_claims_path
    from tradebalance.claims.metric_table import METRICS as METRICS
    from tradebalance.claims.metric_table import SHARE_METRICS as SHARE_METRICS
    from tradebalance.claims.model import AXES as AXES
    from tradebalance.claims.model import PARAMETERS as PARAMETERS
    from tradebalance.claims.model import RATINGS as RATINGS
    from tradebalance.claims.model import ROLES as ROLES
    from tradebalance.claims.model import VERDICTS as VERDICTS
    from tradebalance.claims.model import Claim as Claim
    from tradebalance.claims.model import Reading as Reading
    from tradebalance.claims.model import ReadingParameters as ReadingParameters
    from tradebalance.claims.model import Robustness as Robustness
    from tradebalance.claims.model import Verdict as Verdict

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
