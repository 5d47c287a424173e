"""The rating rubric: what a quoted figure claims, and how far from the data each rating step reaches.

A quoted figure is an interval, from its own precision and hedge (as statcheck reads reported statistics):
"$69 billion" claims [68.5, 69.5) billion, "$68.85 billion" a narrower one, "about $69 billion" a wider one,
"over $69 billion" one side. Vague words ("millions", "around a third", "nearly doubled") are intervals kept as
data in ``data/reference/vague_words.csv``. A claim that misses is rated by the distance of the data from that
interval, relative to the value, in steps calibrated on ratings fact-checkers published
(``data/reference/published_checks.csv``; ``docs/user-guide/ratings.md`` shows the cases behind each step).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from tradebalance.errors import ClaimFileError

#: The five-step scale, best first (the same as :data:`tradebalance.claims.model.RATINGS`).
SCALE = ("true", "mostly true", "half true", "mostly false", "false")
#: The widest rounding a figure's digits are read with, relative to the figure: "$100 billion" is read as
#: $95–105 billion, not $50–150 billion; "¥7 trillion" as ¥6.65–7.35 trillion.
MAX_ROUNDING = 0.05
#: An immaterial miss of a precise figure, relative to the value: beyond the figure's interval by at most this
#: much (or by the agency's revision margin, if wider) is *mostly true*.
NEAR = 0.05
#: A miss so small that any reader's rounding covers it ("Rs 1,239 billion" of 1,239.7: truncated, not wrong).
TRIVIAL = 0.002
#: A precise figure that misses: the largest distance (relative to the value) of each rating beyond the near band.
LEVEL_STEPS = ((0.12, "half true"), (0.25, "mostly false"))
#: A vague word that misses: a vague plural 15 % short is not a precise figure 15 % off.
VAGUE_STEPS = ((0.10, "mostly true"), (0.20, "half true"), (0.35, "mostly false"))
#: A change in the right direction that misses, in percentage points beyond the near band.
CHANGE_NEAR_POINTS = 1.0
CHANGE_STEPS = ((4.0, "half true"), (8.0, "mostly false"))
#: A stated range ("anywhere from $69 billion to $100 billion"): the best rating by how far its far end is from
#: the data (relative to the value); beyond the last step, *half true* at best.
RANGE_CAPS = ((0.10, "true"), (0.25, "mostly true"))
#: A ``between`` test wider than this (relative to its middle) is a range the speaker stated, not a figure's band.
STATED_RANGE = 0.25
#: Two places whose figures differ by less than this (relative), or the revision margin if wider, are a near tie.
NEAR_TIE = 0.015
#: A rank: one place off is *mostly false* unless the places are a near tie (within the revision margin).
RANK_STEPS = ((1.0, "mostly false"),)

#: Hedge kinds: how a hedge widens a figure's interval.
_SPLIT = re.compile(r"\s*;\s*")


@dataclass(frozen=True)
class Word:
    """A vague word or hedge of ``data/reference/vague_words.csv``: the interval it is read as, and why."""

    word: str
    kind: str
    """``hedge`` (widens a quoted figure), ``quantity``, ``share``, ``change`` or ``level``."""
    low: float
    high: float
    absolute: bool
    """The interval bounds the size of the value (a deficit's "millions" or "massive" is its magnitude)."""
    why: str


@functools.cache
def word_table() -> dict[str, Word]:
    """Every vague word and hedge, and its aliases, by its lower-case spelling."""
    from tradebalance.store.paths import packaged, read_rows

    path = packaged("data", "reference", "vague_words.csv")
    words: dict[str, Word] = {}
    for row in read_rows(path, ("word", "aliases", "kind", "low", "high", "absolute", "why")):
        entry = Word(
            row["word"], row["kind"], float(row["low"]), float(row["high"]), row["absolute"] == "yes", row["why"]
        )
        for name in [row["word"], *_SPLIT.split(row["aliases"])]:
            if name:
                words[name.lower()] = entry
    return words


def word(name: str) -> Word:
    """The vague word ``name`` (or an alias); raises ClaimFileError with the known words."""
    found = word_table().get(name.strip().lower())
    if found is None or found.kind == "hedge":
        known = sorted({w.word for w in word_table().values() if w.kind != "hedge"})
        raise ClaimFileError(f"unknown vague word {name!r}; known: {', '.join(known)}")
    return found


_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?|\.\d+)")


def hedge_of(said: str) -> str:
    """The hedge in a figure's words ("about", "over" …, by its canonical name), or ``""``."""
    text = " " + re.sub(r"\s+", " ", said.lower()) + " "
    number = _NUMBER.search(text)
    before = text[: number.start()] if number else text
    hedges = sorted(((n, w) for n, w in word_table().items() if w.kind == "hedge"), key=lambda p: -len(p[0]))
    for name, entry in hedges:
        if re.search(rf"(?<![a-z]){re.escape(name)}(?![a-z])", before):
            return entry.word
    return ""


def rounding(value: float, said: str = "") -> float:
    """Half the unit of the last digit quoted, relative to the figure (statcheck's reading of a rounded number).

    Read from the words (``said``: "$68.5 billion" → 0.05 ÷ 68.5) or, without them, from the value as written
    (68.8e9 → 0.05 ÷ 68.8); trailing zeros of a whole number are rounding ("$70 billion": the tens), and no
    figure is read wider than :data:`MAX_ROUNDING`.
    """
    digits = ""
    if said:
        found = _NUMBER.search(said)
        digits = found.group(1).replace(",", "") if found else ""
    if not digits:
        digits = f"{abs(value):.12g}"
        if "e" in digits:
            mantissa, _, exponent = digits.partition("e")
            digits = f"{float(mantissa) * 10 ** int(exponent):.0f}" if int(exponent) > 0 else mantissa
    number = float(digits) if digits.strip(".") else 0.0
    if not number:
        return MAX_ROUNDING
    if "." in digits:
        unit = 10.0 ** -len(digits.partition(".")[2])
    else:
        unit = 10.0 ** (len(digits) - len(digits.rstrip("0")))
    return min(0.5 * unit / number, MAX_ROUNDING)


def figure_interval(value: float, said: str = "", hedge: str = "") -> tuple[float, float]:
    """The interval a quoted figure claims: its rounding, widened or made one-sided by its hedge.

    Hedges act on the size of the figure: "over $69 billion" of a deficit recorded as −69e9 is below −69e9.

    Example::

        >>> [round(x / 1e9, 2) for x in figure_interval(69e9, "$69 billion")]
        [68.5, 69.5]
        >>> [round(x / 1e9, 2) for x in figure_interval(69e9, "about $69 billion")]
        [65.55, 72.45]
        >>> figure_interval(-69e9, "over $69 billion")[0]
        -inf
    """
    name = hedge or hedge_of(said)
    entry = word_table().get(name.lower()) if name else None
    if name and (entry is None or entry.kind != "hedge"):
        known = sorted({w.word for w in word_table().values() if w.kind == "hedge"})
        raise ClaimFileError(f"unknown hedge {name!r}; known: {', '.join(known)}")
    size, half = abs(value), rounding(value, said) * abs(value)
    low, high = size - half, size + half
    if entry is not None:
        if entry.low == 0 and math.isinf(entry.high):  # over, at least: above the figure as said
            low, high = size, math.inf
        elif entry.high == 0 and math.isinf(entry.low):  # under, up to: below it
            low, high = -math.inf if value < 0 else 0.0, size
        else:
            low = min(low, size * (1 + entry.low))
            high = max(high, size * (1 + entry.high)) if entry.high > 0 else size  # nearly: up to the figure
    if value < 0:
        return -high, -low
    return low, high


def step(distance: float, steps: tuple[tuple[float, str], ...]) -> str:
    """The rating of a miss by ``distance``: the first step whose limit it does not pass, else ``false``."""
    return next((rating for limit, rating in steps if distance <= limit), SCALE[-1])


def level_rating(distance: float, near: float) -> str:
    """A precise figure that misses by ``distance`` (relative): *mostly true* within ``near``, then the steps."""
    if distance <= near:
        return SCALE[1]
    return step(distance, LEVEL_STEPS)


#: How a miss is measured, by kind: ``level`` (relative), ``vague`` (relative), ``change`` (points), ``rank`` (places).
MISS_KINDS = ("level", "vague", "change", "rank", "record")


def rate_miss(kind: str, distance: float, near: float = NEAR, wrong_direction: bool = False) -> str:
    """The rating of a figure ``distance`` from what its words claim (0: it holds), by the kind of miss.

    ``near`` is the immaterial band of a level or record (the revision margin, where wider than :data:`NEAR`).
    This is the rubric the published cases calibrate (:mod:`tradebalance.claims.calibration`).
    """
    if kind not in MISS_KINDS:
        raise ValueError(f"kind must be one of {MISS_KINDS}, got {kind!r}")
    if wrong_direction:
        return SCALE[-1]
    if distance <= 0 or (kind == "level" and distance <= TRIVIAL):
        return SCALE[0]
    if kind == "vague":
        return step(distance, VAGUE_STEPS)
    if kind == "change":
        return SCALE[1] if distance <= CHANGE_NEAR_POINTS else step(distance, CHANGE_STEPS)
    if kind == "rank":
        return step(distance, RANK_STEPS)
    return level_rating(distance, near)


def lower(a: str, b: str) -> str:
    """The worse of two ratings."""
    return a if SCALE.index(a) >= SCALE.index(b) else b


def raised(rating: str, steps: int = 1) -> str:
    """A rating ``steps`` better (a secondary part's miss weighs less than the central figure's)."""
    return SCALE[max(SCALE.index(rating) - steps, 0)]
