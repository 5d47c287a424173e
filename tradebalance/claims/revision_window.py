"""The agency's revision margin a claim's figures get, when the claim was made while they could still move.

A figure quoted right after its release may since have been revised: within the margin the agency's figures
moved by at the time (:mod:`tradebalance.revisions`), the claim matched what was published then.
"""

from __future__ import annotations

from tradebalance import periods, revisions
from tradebalance.claims.model import Claim, Reading
from tradebalance.claims.reading_data import SOURCES
from tradebalance.claims.reading_data import period as period_of
from tradebalance.errors import TradebalanceError


def holds_within(claim: Claim, reading: Reading, margin: float) -> bool:
    """Whether the reading holds once its figures may each have moved by ``margin`` (relative) since publication.

    A change moves with both figures it compares: its value ranges over every pair of revised figures, but
    keeps its direction (a revision may have changed how much a flow grew, not whether it grew).
    """
    x = reading.number
    low, high = x - margin * abs(x), x + margin * abs(x)
    if claim.metric == "change" and "base_level" in reading.extra:
        now, then = reading.extra["level"], reading.extra["base_level"]
        nows = (now - margin * abs(now), now + margin * abs(now))
        thens = (then - margin * abs(then), then + margin * abs(then))
        if reading.parameters.get("change", "percent") == "absolute":
            low, high = nows[0] - thens[1], nows[1] - thens[0]
        elif (thens[0] > 0) == (thens[1] > 0):
            corners = [(a - b) / abs(b) for a in nows for b in thens]
            low, high = min(corners), max(corners)
        low, high = (max(low, 0.0), high) if x > 0 else (low, min(high, 0.0)) if x < 0 else (low, high)
    return bool(claim.test.admits(low, high))


def revision_margin(claim: Claim, reading: Reading) -> float:
    """The agency's revision margin if the claim was made while the figures could still be revised, else 0.

    Before the June revision that follows the year (:func:`tradebalance.periods.preliminary` on Census's
    calendar, on which the margins are measured, MOF's borrowed from Census), the figures were preliminary;
    later, until ``periods.REVISED_FOR`` after the period, revised.
    A month, quarter or half while preliminary takes the margin of single months, which move more than years.
    The margin is the one of the figure the claim is about: exports, imports or the balance.
    """
    source = str(reading.parameters["source"])
    try:
        freq, label = period_of(reading.parameters)
    except (KeyError, TradebalanceError):  # no period, or a range of years
        return 0.0
    if not claim.date or source not in periods.REVISED_FOR:
        return 0.0
    if periods.months_after(label, claim.date) > periods.REVISED_FOR[source]:
        return 0.0
    stage = "preliminary" if periods.preliminary(label, claim.date, "census") else "revised"
    if periods.MONTHS[freq] < 12 and stage == "preliminary":
        stage = "month"
    measures = _measures(claim, reading)
    agency = "census-enduse" if source == "census" and "definition" in reading.parameters else source
    return max(revisions.margin(agency, measure, stage) for measure in measures)


#: The figures behind each flow a claim can name, as the agency records them.
_FLOW_MEASURES = {
    "exports": ("exports",),
    "imports": ("imports",),
    "total": ("exports", "imports"),
    "balance": ("balance",),
    "surplus": ("balance",),
    "deficit": ("balance",),
}


def _measures(claim: Claim, reading: Reading) -> tuple[str, ...]:
    """The agency's measures a claim's figure is made of (seen from the partner, its exports are the imports)."""
    if claim.metric == "balance":
        return ("balance",)
    flow = str(reading.parameters.get("flow", ""))
    if claim.metric not in ("flow", "change") or flow not in _FLOW_MEASURES:
        return ("exports",)
    own = SOURCES[str(reading.parameters["source"])].reporter
    if reading.parameters.get("reporter", own) == own:
        return _FLOW_MEASURES[flow]
    return tuple(revisions.MOF_MIRROR[x] for x in _FLOW_MEASURES[flow])  # the other side's exports are its imports
