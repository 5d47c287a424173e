"""Claims as data, checked under every honest reading.

* :mod:`~tradebalance.claims.model`: the claim, its test, readings and verdicts;
* :mod:`~tradebalance.claims.fileformat`: the TOML claim files;
* :mod:`~tradebalance.claims.metrics`: what a claim measures, computed on the data of one reading;
* :mod:`~tradebalance.claims.evaluate`: the readings of a claim and their roles;
* :mod:`~tradebalance.claims.verdict`: the verdict rule and the rating;
* :mod:`~tradebalance.claims.claimreview`: schema.org ClaimReview output;
* :mod:`~tradebalance.claims.cache`: verdicts cached by claims, data and code.
"""

from tradebalance.claims.cache import cache_key, check_all
from tradebalance.claims.evaluate import check, framing, over_time, readings, since, statistic
from tradebalance.claims.fileformat import load_claims, seed_claims_path
from tradebalance.claims.metrics import AXES, METRICS, PARAMETERS, SHARE_METRICS
from tradebalance.claims.model import RATINGS, ROLES, TEST_KINDS, VERDICTS, Claim, Reading, Robustness, Test, Verdict

__all__ = [
    "AXES",
    "METRICS",
    "PARAMETERS",
    "RATINGS",
    "ROLES",
    "SHARE_METRICS",
    "TEST_KINDS",
    "VERDICTS",
    "Claim",
    "Reading",
    "Robustness",
    "Test",
    "Verdict",
    "cache_key",
    "check",
    "check_all",
    "framing",
    "load_claims",
    "over_time",
    "readings",
    "seed_claims_path",
    "since",
    "statistic",
]
