"""The five-step rating of a verdict, and the near misses that fact-checkers call *mostly true*.

The steps are :mod:`tradebalance.claims.rubric`'s; this module applies them to a claim's readings: how far a
reading is from what the claim's words accept (relative for figures and vague words, in percentage points for
changes, in places for ranks), whether that miss is immaterial, and the rating it earns.
"""

from __future__ import annotations

from tradebalance import periods
from tradebalance.claims import rubric
from tradebalance.claims.claim_tests import ApproxTest, BetweenTest, RankTest, RecordTest, TopTest, VagueTest
from tradebalance.claims.model import RATINGS, Claim, Reading, Robustness

#: Readings whose value is a relative change, judged in percentage points.
CHANGE_UNIT = "change"


def kind_of_miss(claim: Claim, reading: Reading) -> str:
    """How a miss is measured: ``vague``, ``change`` (points), ``rank`` (places), ``record`` or ``level``."""
    if isinstance(claim.test, VagueTest):
        return "vague"
    if isinstance(claim.test, (RankTest, TopTest)):
        return "rank"
    if isinstance(claim.test, RecordTest):
        return "record"
    if reading.unit == CHANGE_UNIT:
        return "change"
    return "level"


def distance(claim: Claim, reading: Reading) -> float:
    """How far ``reading`` is from what the claim's words accept, in the unit of :func:`kind_of_miss`."""
    kind = kind_of_miss(claim, reading)
    if kind == "record":
        return max(-reading.extra.get("record_gap", 0.0), 0.0)
    if kind == "change":
        return claim.test.gap(reading.number) * 100
    return claim.test.distance(reading.number)


def wrong_direction(claim: Claim, reading: Reading) -> bool:
    """A change whose sign is not the sign every accepted value has ("rose" when it fell)."""
    accepted = claim.test.accepted()
    if accepted is None or reading.unit != CHANGE_UNIT or claim.test.absolute:
        return False
    x = reading.number
    return (accepted[0] >= 0 and x < 0) or (accepted[1] <= 0 and x > 0)


def near_band(claim: Claim, reading: Reading, margin: float) -> float:
    """The largest immaterial miss of ``reading``: in the unit of :func:`distance` (0 where none is immaterial).

    ``margin`` is the agency's revision margin for figures published when the claim was made (0 if none).
    """
    kind = kind_of_miss(claim, reading)
    if kind == "vague":
        return rubric.VAGUE_STEPS[0][0]
    if kind == "change":
        return 0.0 if wrong_direction(claim, reading) else rubric.CHANGE_NEAR_POINTS
    if kind == "rank":
        return 1.0 if tie(claim, reading) <= max(margin, rubric.NEAR_TIE) else 0.0
    if kind == "record":
        return max(rubric.TRIVIAL, margin)  # a record is a yes or no: only a revision may have decided it
    return max(rubric.NEAR, margin)


def tie(claim: Claim, reading: Reading) -> float:
    """How close the partner is to the one at the place the claim says (relative; 1 where that is not next to it)."""
    accepted = claim.test.accepted()
    if accepted is None:
        return 1.0
    side = "tie_above" if reading.number > accepted[1] else "tie_below" if reading.number < accepted[0] else ""
    return reading.extra.get(side, 1.0) if side else 0.0


def is_trivial(claim: Claim, reading: Reading) -> bool:
    """A quoted figure that misses its own rounding by less than ``rubric.TRIVIAL`` (0.2 %).

    As good as holding; a band set by hand (``tolerance``) has its slack already.
    """
    quoted = isinstance(claim.test, ApproxTest) and claim.test.tolerance is None
    return quoted and kind_of_miss(claim, reading) == "level" and 0 < distance(claim, reading) <= rubric.TRIVIAL


def is_near(claim: Claim, reading: Reading, margin: float) -> bool:
    """Whether ``reading`` misses the claim by an immaterial amount (a near miss) or not at all."""
    return distance(claim, reading) <= near_band(claim, reading, margin)


def seasonally_unadjusted(claim: Claim) -> bool:
    """A change between adjacent months, which monthly releases headline on seasonally adjusted figures."""
    period = str(claim.parameters.get("period", ""))
    if claim.metric != "change" or not period or "from" in claim.parameters:
        return False
    try:
        freq, _ = periods.parse_label(period)
    except Exception:  # a relative period ("last month") is resolved before judging
        return False
    return freq == "M" and claim.parameters.get("compare") == "previous"


def rating_of(claim: Claim, verdict: str, robustness: Robustness, own: list[Reading], rescued: str = "") -> str:
    """The five-step rating.

    Supported: ``true`` when every reading of the claim's words agrees, ``mostly true`` when at least half do,
    or a revision margin, a near miss or the other scope saves it, ``half true`` otherwise. Mixed: ``half
    true``. Not supported, by the nearest framing reading's miss: a change in the wrong direction is
    ``false``; otherwise the steps of :mod:`~tradebalance.claims.rubric` for figures, vague words, changes
    (points) and ranks (places). A change between adjacent months, which the release headlines seasonally
    adjusted, is rated no worse than ``half true`` (these data are not adjusted).
    """
    if verdict == "supported":
        share = robustness.agree / robustness.of if robustness.of else 1.0
        if rescued in ("scope", "margin", "near"):
            rating = RATINGS[1]
        elif share == 1.0:
            rating = RATINGS[0]
        else:
            rating = RATINGS[1] if share >= 0.5 else RATINGS[2]
    elif verdict == "mixed":
        rating = RATINGS[2]
    else:
        rating = _miss_rating(claim, own)
        if seasonally_unadjusted(claim) and rubric.SCALE.index(rating) > 2:
            rating = RATINGS[2]
    return rubric.lower(rating, range_cap(claim, own))


def far_end(claim: Claim, own: list[Reading]) -> float:
    """How far the far end of a stated range (``between``) is from the data, relative to the value (0 otherwise)."""
    test = claim.test
    if not isinstance(test, BetweenTest) or not own or own[0].unit == CHANGE_UNIT:
        return 0.0
    middle = (test.low + test.high) / 2
    if not middle or (test.high - test.low) / abs(middle) <= rubric.STATED_RANGE:
        return 0.0  # a figure's band written as a range, not a range the speaker stated
    x = own[0].number
    return max(abs(x - test.low), abs(x - test.high)) / abs(x) if x else 0.0


def range_cap(claim: Claim, own: list[Reading]) -> str:
    """The best rating a stated range earns: a wide range is only as good as its far end allows.

    "Anywhere from $69 billion to $100 billion" of a $68.8 billion deficit: the near end is right, the far end
    45 % off, so at best *half true* (PolitiFact's rating); a far end within 10 % does not limit the rating.
    """
    gap = far_end(claim, own)
    limit = rubric.RANGE_CAPS
    return next((rating for bound, rating in limit if gap <= bound), RATINGS[2])


def _miss_rating(claim: Claim, own: list[Reading]) -> str:
    """The rubric's rating of the nearest framing reading (a change wrong in direction on every reading: false)."""
    nearest = min(own, key=lambda r: distance(claim, r))
    wrong = all(wrong_direction(claim, r) for r in own)
    return rubric.rate_miss(kind_of_miss(claim, nearest), distance(claim, nearest), wrong_direction=wrong)


def describe_miss(claim: Claim, reading: Reading, margin: float) -> str:
    """A near miss in words: how far, and why it is immaterial."""
    kind = kind_of_miss(claim, reading)
    gap = distance(claim, reading)
    if isinstance(claim.test, VagueTest):
        return (
            f"a near miss of a vague word: {gap:.1%} beyond what “{claim.test.word}” is read as "
            f"(up to {rubric.VAGUE_STEPS[0][0]:.0%} is a near miss for a vague word)"
        )
    if kind == "change":
        return f"a near miss: {gap:.1f} percentage points from the change claimed, in the same direction"
    if kind == "rank":
        return (
            f"a near tie: the partner at the place claimed differs by {tie(claim, reading):.2%} of the value, "
            f"within {max(margin, rubric.NEAR_TIE):.1%} (a revision could swap them)"
        )
    band = near_band(claim, reading, margin)
    why = "the agency's revision margin" if margin >= rubric.NEAR else "the band fact-checkers treat as immaterial"
    return f"a near miss: {gap:.1%} beyond what the words claim, within {band:.1%} ({why})"
