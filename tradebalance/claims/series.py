"""Records: whether a figure is the highest or lowest of its series up to then ("a record deficit")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tradebalance import periods
from tradebalance.claims.data import Outcome
from tradebalance.errors import TradebalanceError

#: The longest series a record is compared with: 60 years of months.
MAX_PERIODS = 720


def against_series(
    metric: Callable[[dict[str, Any]], Outcome], params: dict[str, Any], value: float, side: str
) -> tuple[float, str]:
    """How far ``value`` is beyond the previous record of its series (relative; > 0: a new record), in words.

    The series is the same metric, read the same way, for every earlier period of the same frequency that the
    data hold (back to their first period).
    """
    label = str(params["period"])
    earlier: list[tuple[str, float]] = []
    for _ in range(MAX_PERIODS):
        label = periods.previous(label)
        try:
            earlier.append((label, metric({**params, "period": label}).value))
        except TradebalanceError:
            break
    if not earlier:
        return 0.0, "; no earlier period in the data to compare with"
    pick = max if side == "highest" else min
    when, best = pick(earlier, key=lambda pair: pair[1])
    beyond = value - best if side == "highest" else best - value
    gap = beyond / abs(best) if best else float(beyond > 0)
    verb = "beyond" if gap > 0 else "short of"
    first = earlier[-1][0]
    return gap, f"; {abs(gap):.1%} {verb} the {side} before it, {best:,.0f} in {when} (series from {first})"
