"""The rubric measured against ratings fact-checkers published (``data/reference/published_checks.csv``).

Each case is a published fact-check of a numeric statement about trade: the figure claimed (its words, hedge
and numbers), the official figure the checker found, and the published rating mapped to the five steps.
:func:`rate_case` rates the case by :func:`tradebalance.claims.rubric.rate_miss`, the rule the claims use, and
:func:`agreement` counts how often the two agree. Cases rated on something else than the figure (another part
of the sentence, the speaker's wider point) are kept as ``context`` and counted apart.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from tradebalance.claims import rubric
from tradebalance.errors import DataNotFoundError

#: The collection of published fact-checks, with how each was found in ``published_checks.md`` beside it.
CASES = ("data", "reference", "published_checks.csv")
#: A change larger than this is an amount (dollars), not a relative change.
_RELATIVE_LIMIT = 10.0


@dataclass(frozen=True)
class Agreement:
    """How often the rubric gives the published rating: exactly, and within one step."""

    cases: int
    exact: int
    within_one: int

    @property
    def exact_share(self) -> float:
        """Exact agreement as a fraction of the cases."""
        return self.exact / self.cases if self.cases else math.nan

    @property
    def within_one_share(self) -> float:
        """Agreement within one step as a fraction of the cases."""
        return self.within_one / self.cases if self.cases else math.nan


def published_cases(path: str | Path | None = None) -> list[dict[str, str]]:
    """Every published case, one dict of the file's columns per row."""
    from tradebalance.store.paths import packaged

    path = Path(path) if path else packaged(*CASES)
    if not path.is_file():
        raise DataNotFoundError(f"no published fact-checks at {path}")
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


def claimed_interval(case: dict[str, str]) -> tuple[float, float]:
    """The interval the case's figure claims: its words read by the rubric, or the stated range."""
    low, high = _number(case["claimed_low"]), _number(case["claimed_high"])
    hedge = case["hedge"]
    if hedge == "range" and low is not None and high is not None:
        return low, high
    if hedge in ("over", "at least") and low is not None:
        return low, math.inf
    if hedge in ("under", "up to") and high is not None:
        return -math.inf, high
    value = low if low is not None else high
    if value is None:
        raise ValueError(f"case {case['id']}: no claimed figure")
    words = case["figure_claimed"] if hedge != "vague" else ""
    return rubric.figure_interval(value, words, hedge if hedge in ("about", "nearly") else "")


def miss(case: dict[str, str]) -> tuple[str, float, bool]:
    """How the case's figure misses the official one: (kind of miss, distance, wrong direction)."""
    low, high = claimed_interval(case)
    x = _number(case["official_value"])
    if x is None:
        raise ValueError(f"case {case['id']}: no official figure")
    gap = max(low - x, x - high, 0.0)
    if case["kind"] == "rank":
        return "rank", gap, False
    if case["kind"] == "change" and abs(x) < _RELATIVE_LIMIT:
        wrong = (low >= 0 > x) or (high <= 0 < x)
        return "change", gap * 100, wrong
    return ("vague" if case["hedge"] == "vague" else "level"), (gap / abs(x) if x else math.inf), False


def rate_case(case: dict[str, str]) -> str:
    """The rubric's rating of a published case."""
    kind, distance, wrong = miss(case)
    return rubric.rate_miss(kind, distance, wrong_direction=wrong)


def agreement(cases: list[dict[str, str]], calibration: str = "figure") -> Agreement:
    """How often the rubric agrees with the published ratings of the cases marked ``calibration``."""
    chosen = [c for c in cases if c["calibration"] == calibration]
    exact = within = 0
    for case in chosen:
        got, want = rubric.SCALE.index(rate_case(case)), rubric.SCALE.index(case["rating5"])
        exact += got == want
        within += abs(got - want) <= 1
    return Agreement(len(chosen), exact, within)
