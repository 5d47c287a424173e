"""A metric over a series of periods: records ("a record deficit") and ranges of years ("an average of … since 1999").

:func:`against_series` compares a figure with every earlier period of its series; :func:`over_years` totals
or averages a metric over a range of years (``period = "1999-2024"``, ``aggregate = "total"`` or ``"mean"``).
"""

from __future__ import annotations

from tradebalance import periods
from tradebalance.claims.model import ReadingParameters
from tradebalance.claims.reading_data import Metric, NotApplicable, Outcome
from tradebalance.errors import TradebalanceError

#: The longest series a record is compared with: 60 years of months.
MAX_PERIODS = 720


def against_series(metric: Metric, params: ReadingParameters, value: float, side: str) -> tuple[float, str]:
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


#: How a range of years is summed up when the claim does not say: money and quantities in total, the rest
#: (shares, changes, ratios, ranks) as a mean of the years.
AGGREGATES = ("total", "mean")


def over_years(metric: Metric, params: ReadingParameters, first: int, last: int) -> Outcome:
    """The metric for each year from ``first`` to ``last``, totalled or averaged (``params["aggregate"]``)."""
    aggregate = str(params.get("aggregate", "total"))
    if aggregate not in AGGREGATES:
        raise NotApplicable(f"aggregate {aggregate!r} is not one of {', '.join(AGGREGATES)}")
    outcomes = [metric({**params, "period": str(year)}) for year in range(first, last + 1)]
    values = [o.value for o in outcomes]
    value = sum(values) if aggregate == "total" else sum(values) / len(values)
    each = ", ".join(f"{year}: {v:,.4g}" for year, v in zip(range(first, last + 1), values, strict=True))
    detail = f"{aggregate} of {len(values)} years {first}–{last} = {value:,.6g} ({each})"
    provenance = list({p["resource"]: p for o in outcomes for p in o.provenance}.values())
    return Outcome(value, detail, provenance, {}, outcomes[0].unit)
