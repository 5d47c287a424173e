"""How a claim's value is judged: one small class per test kind, each the interval of values its words claim.

:data:`Test` is the union of the kinds (:data:`TEST_KINDS`): ``approx`` (:class:`ApproxTest`: a quoted figure with
its rounding and hedge, or a relative tolerance), ``>`` / ``<`` (:class:`AboveTest`, :class:`BelowTest`),
``between`` (:class:`BetweenTest`), ``magnitude`` (:class:`MagnitudeTest`: the size exceeds a value, a change of
more than 10 % either way), ``vague`` (:class:`VagueTest`: "millions", "around a third", "nearly doubled"),
``record`` (:class:`RecordTest`: the highest or lowest of the series up to then), ``rank`` (:class:`RankTest`:
"the third-largest"), ``top`` (:class:`TopTest`: "among the five largest") and ``context``
(:class:`ContextTest`: quantified, not judged). Each keeps its ``kind`` as a field (not given to the
constructor) so that :func:`dataclasses.asdict` and the JSON of ``check --format json`` carry it.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Literal, TypeAlias

Format = Callable[[float], str]


def _plain(x: float) -> str:
    return f"{x:,.4g}"


@dataclass(frozen=True)
class BaseTest(ABC):
    """What every test shares: the interval of values it accepts and how a value stands against it."""

    kind: str = field(init=False, default="")
    FILE_FIELDS: ClassVar[tuple[str, ...]] = ("said",)
    """The fields a claim file gives (the others are derived from them: a quoted figure's interval …)."""
    said: str = field(default="", kw_only=True)
    """The figure's words ("about $69 billion"), where the claim file gives them."""

    @property
    def absolute(self) -> bool:
        """Whether the test bounds the size of the value (a deficit's "massive", a change of 10 % either way)."""
        return False

    @property
    def words(self) -> str:
        """The claim's own words the test reads (``said``, or a vague word); ``""`` where the file gives none."""
        return self.said

    @property
    def threshold(self) -> float | None:
        """The one figure the test names, drawn as a line in charts over time; ``None`` for an interval."""
        return None

    def accepted(self) -> tuple[float, float] | None:
        """The interval of values (sizes, if :attr:`absolute`) the test accepts; ``None`` for context and records."""
        return None

    def holds(self, x: float, margin: float = 0.0) -> bool | None:
        """Whether ``x`` satisfies the test, or any value within ``margin`` (relative) of it; ``None`` for context."""
        slack = margin * abs(x)
        return self.admits(x - slack, x + slack)

    def admits(self, low: float, high: float) -> bool | None:
        """Whether some value from ``low`` to ``high`` satisfies the test; ``None`` for context."""
        accepted = self.accepted()
        if accepted is None:
            return None
        if self.absolute:
            low, high = (0.0, max(-low, high)) if low <= 0 <= high else sorted((abs(low), abs(high)))
        return high >= accepted[0] and low <= accepted[1]

    def gap(self, x: float) -> float:
        """How far ``x`` (its size, if :attr:`absolute`) is outside what the test accepts (0 where it holds)."""
        accepted = self.accepted()
        if accepted is None:
            return 0.0
        y = abs(x) if self.absolute else x
        return max(accepted[0] - y, y - accepted[1], 0.0)

    def distance(self, x: float) -> float:
        """How far ``x`` is from what the test accepts, relative to ``x`` (0 where it holds)."""
        return self.gap(x) / abs(x) if x else math.inf

    @abstractmethod
    def describe(self, fmt: Format = _plain) -> str:
        """The test in words, with values written by ``fmt`` (e.g. ``> 70.0%``, ``≈ ¥7.000 trillion ± 5%``)."""

    def as_table(self) -> dict[str, Any]:
        """The test as a claim file writes it (``kind`` and the fields of :attr:`FILE_FIELDS` it has), read back alike."""
        given = ((k, getattr(self, k)) for k in self.FILE_FIELDS)
        return {"kind": self.kind} | {k: v for k, v in given if v is not None and v != ""}


def _band(low: float, high: float, words: str, absolute: bool, fmt: Format) -> str:
    """An interval in words: ``“about $69 billion”: between $68.5 billion and $69.5 billion``, ``≥ …``, ``≤ …``."""
    quoted = f"“{words}”: " if words else ""
    size = "|value| " if absolute else ""
    if math.isinf(high):
        return f"{quoted}{size}≥ {fmt(low)}"
    if math.isinf(low) or (absolute and low == 0):
        return f"{quoted}{size}≤ {fmt(high)}"
    return f"{quoted}{size}between {fmt(low)} and {fmt(high)}"


@dataclass(frozen=True)
class ApproxTest(BaseTest):
    """A quoted figure: the interval its rounding and hedge claim, or ``value`` ± a relative ``tolerance``."""

    value: float
    low: float
    high: float
    hedge: str = ""
    """The hedge of the quoted figure (``about``, ``over``, ``nearly`` …), from ``said`` or given."""
    tolerance: float | None = None
    """A relative tolerance set by hand (0.05 = ±5 %), which sets ``low`` and ``high``."""
    kind: Literal["approx"] = field(init=False, default="approx")
    FILE_FIELDS: ClassVar[tuple[str, ...]] = ("value", "tolerance", "said", "hedge")

    @classmethod
    def within(cls, value: float, tolerance: float, *, said: str = "", hedge: str = "") -> ApproxTest:
        """``value`` ± ``tolerance`` (relative: 0.05 = ±5 %)."""
        slack = tolerance * abs(value)
        return cls(value, value - slack, value + slack, hedge, tolerance, said=said)

    @property
    def threshold(self) -> float | None:
        """The quoted figure."""
        return self.value

    def accepted(self) -> tuple[float, float]:
        """From ``low`` to ``high``."""
        return self.low, self.high

    def describe(self, fmt: Format = _plain) -> str:
        """``≈ value ± tolerance``, or the interval the figure's words claim."""
        if self.tolerance is not None:
            return f"≈ {fmt(self.value)} ± {self.tolerance * 100:g}%"
        return _band(self.low, self.high, self.said, False, fmt)


@dataclass(frozen=True)
class AboveTest(BaseTest):
    """More than ``value`` (kind ``>``)."""

    value: float
    kind: Literal[">"] = field(init=False, default=">")
    FILE_FIELDS: ClassVar[tuple[str, ...]] = ("value", "said")

    @property
    def threshold(self) -> float | None:
        """The value the claim says is exceeded."""
        return self.value

    def accepted(self) -> tuple[float, float]:
        """Every value above ``value``."""
        return math.nextafter(self.value, math.inf), math.inf

    def describe(self, fmt: Format = _plain) -> str:
        """``> value``."""
        return f"> {fmt(self.value)}"


@dataclass(frozen=True)
class BelowTest(BaseTest):
    """Less than ``value`` (kind ``<``)."""

    value: float
    kind: Literal["<"] = field(init=False, default="<")
    FILE_FIELDS: ClassVar[tuple[str, ...]] = ("value", "said")

    @property
    def threshold(self) -> float | None:
        """The value the claim says is not reached."""
        return self.value

    def accepted(self) -> tuple[float, float]:
        """Every value below ``value``."""
        return -math.inf, math.nextafter(self.value, -math.inf)

    def describe(self, fmt: Format = _plain) -> str:
        """``< value``."""
        return f"< {fmt(self.value)}"


@dataclass(frozen=True)
class BetweenTest(BaseTest):
    """From ``low`` to ``high``: a range the speaker stated, or a figure's band written as one."""

    low: float
    high: float
    kind: Literal["between"] = field(init=False, default="between")
    FILE_FIELDS: ClassVar[tuple[str, ...]] = ("low", "high", "said")

    def accepted(self) -> tuple[float, float]:
        """From ``low`` to ``high``."""
        return self.low, self.high

    def describe(self, fmt: Format = _plain) -> str:
        """``between low and high`` (``≥ low`` or ``≤ high`` where the other end is open)."""
        return _band(self.low, self.high, self.said, False, fmt)


@dataclass(frozen=True)
class MagnitudeTest(BaseTest):
    """The size exceeds ``value``: a change of more than 10 % either way (``value = 0.10``)."""

    value: float
    kind: Literal["magnitude"] = field(init=False, default="magnitude")
    FILE_FIELDS: ClassVar[tuple[str, ...]] = ("value", "said")

    @property
    def absolute(self) -> bool:
        """Always: the test bounds the size."""
        return True

    @property
    def threshold(self) -> float | None:
        """The size the claim says is exceeded."""
        return self.value

    def accepted(self) -> tuple[float, float]:
        """Every size above ``value``."""
        return math.nextafter(self.value, math.inf), math.inf

    def describe(self, fmt: Format = _plain) -> str:
        """``|value| > value``."""
        return f"|value| > {fmt(self.value)}"


@dataclass(frozen=True)
class VagueTest(BaseTest):
    """A vague word ("millions"), read as the interval :mod:`tradebalance.claims.rubric` gives it."""

    word: str
    low: float
    high: float
    absolute: bool = False
    """The word bounds the size of the value (a deficit's "massive")."""
    kind: Literal["vague"] = field(init=False, default="vague")
    FILE_FIELDS: ClassVar[tuple[str, ...]] = ("word", "said")

    @property
    def words(self) -> str:
        """``said``, else the vague word."""
        return self.said or self.word

    def accepted(self) -> tuple[float, float]:
        """The rubric's interval for the word."""
        return self.low, self.high

    def describe(self, fmt: Format = _plain) -> str:
        """The word and its interval (``“massive”: |value| ≥ 2e+10``)."""
        return _band(self.low, self.high, self.words, self.absolute, fmt)


@dataclass(frozen=True)
class RecordTest(BaseTest):
    """The ``highest`` or ``lowest`` value of the series up to then (judged against the series, not an interval)."""

    side: str
    kind: Literal["record"] = field(init=False, default="record")
    FILE_FIELDS: ClassVar[tuple[str, ...]] = ("side", "said")

    def describe(self, fmt: Format = _plain) -> str:
        """``the highest of the series up to then (a record)``."""
        return f"the {self.side} of the series up to then (a record)"


@dataclass(frozen=True)
class RankTest(BaseTest):
    """Exactly rank ``value`` ("the third-largest"); misses are counted in places."""

    value: float
    kind: Literal["rank"] = field(init=False, default="rank")
    FILE_FIELDS: ClassVar[tuple[str, ...]] = ("value", "said")

    @property
    def threshold(self) -> float | None:
        """The rank claimed."""
        return self.value

    def accepted(self) -> tuple[float, float]:
        """The one rank."""
        return self.value, self.value

    def distance(self, x: float) -> float:
        """How many places ``x`` is from the rank claimed."""
        return self.gap(x)

    def describe(self, fmt: Format = _plain) -> str:
        """``rank = value``."""
        return f"rank = {self.value:g}"


@dataclass(frozen=True)
class TopTest(BaseTest):
    """Rank ``value`` or better ("among the five largest"); misses are counted in places."""

    value: float
    kind: Literal["top"] = field(init=False, default="top")
    FILE_FIELDS: ClassVar[tuple[str, ...]] = ("value", "said")

    @property
    def threshold(self) -> float | None:
        """The last rank the claim admits."""
        return self.value

    def accepted(self) -> tuple[float, float]:
        """Ranks 1 to ``value``."""
        return 1.0, self.value

    def distance(self, x: float) -> float:
        """How many places ``x`` is below the last rank admitted."""
        return self.gap(x)

    def describe(self, fmt: Format = _plain) -> str:
        """``rank ≤ value``."""
        return f"rank ≤ {self.value:g}"


@dataclass(frozen=True)
class ContextTest(BaseTest):
    """A figure quantified for context, not judged."""

    kind: Literal["context"] = field(init=False, default="context")
    FILE_FIELDS: ClassVar[tuple[str, ...]] = ("said",)

    def describe(self, fmt: Format = _plain) -> str:
        """``context (quantified, not judged)``."""
        return "context (quantified, not judged)"


#: A claim's test: one of the classes above, told apart by ``kind`` (or ``isinstance``).
Test: TypeAlias = (
    ApproxTest
    | AboveTest
    | BelowTest
    | BetweenTest
    | MagnitudeTest
    | VagueTest
    | RecordTest
    | RankTest
    | TopTest
    | ContextTest
)
#: Test kind -> its class, in the order of :data:`TEST_KINDS`.
TEST_CLASSES: dict[str, type[Test]] = {
    cls.kind: cls
    for cls in (
        ApproxTest,
        AboveTest,
        BelowTest,
        BetweenTest,
        MagnitudeTest,
        VagueTest,
        RecordTest,
        RankTest,
        TopTest,
        ContextTest,
    )
}
#: The test kinds a claim file may name.
TEST_KINDS = tuple(TEST_CLASSES)


def restore_test(record: Mapping[str, Any]) -> Test:
    """A test from its :func:`dataclasses.asdict` form (``kind`` and its fields), as the verdict cache keeps it.

    Raises KeyError for an unknown kind and TypeError for a missing field.
    """
    cls = TEST_CLASSES[str(record["kind"])]
    return cls(**{f.name: record[f.name] for f in fields(cls) if f.init and f.name in record})
