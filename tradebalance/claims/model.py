"""The claim model.

What was said (:class:`Claim`), how it is judged (its :data:`~tradebalance.claims.Test`), and what
the data say (:class:`Reading`, :class:`Verdict`) under a reading's parameters (:class:`ReadingParameters`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict, cast

from tradebalance.claims.claim_tests import Test

if TYPE_CHECKING:
    import pandas as pd

#: A claim's verdict; ``context`` for a claim that is quantified, not judged (test kind ``context``);
#: ``not checkable`` for a statement that trade statistics cannot check (metric ``not_checkable``).
VERDICTS = ("supported", "not supported", "mixed", "context", "not checkable")
#: The five-step rating scale fact-checkers use, best first.
RATINGS = ("true", "mostly true", "half true", "mostly false", "false")
#: Parameters a claim may fix; axes it leaves open are varied over every applicable value.
PARAMETERS = (
    "source",
    "reporter",
    "partner",
    "period",
    "calendar",
    "currency",
    "sector",
    "definition",
    "measure",
    "rate",
    "by",
    "flow",
    "of",
    "from",
    "change",
    "compare",
    "scope",
    "basis",
    "amount",
    "aggregate",
)
#: The metrics a claim may name (each is computed in :mod:`tradebalance.claims.metric_table`).
METRIC_NAMES = (
    "balance",
    "sector_share",
    "share_of_exports",
    "rank",
    "tariff_exposure",
    "flow",
    "quantity",
    "change",
    "share",
    "ratio",
)
#: The values a parameter may take, where they form a closed list (a claim file naming another is refused).
CHOICES = {
    "source": ("mof", "census", "bea"),
    "calendar": ("calendar", "fiscal", "federal"),
    "currency": ("JPY", "USD"),
    "measure": ("net", "gross"),
    "by": ("balance", "exports", "imports", "total"),
    "flow": ("exports", "imports", "total", "balance", "surplus", "deficit"),
    "of": ("balance", "exports", "imports", "world", "quantity"),
    "change": ("percent", "absolute"),
    "compare": ("previous", "year-ago"),
    "scope": ("goods", "services", "goods-and-services"),
    "basis": ("census", "bop"),
    "aggregate": ("total", "mean"),
}
#: The metric of a statement that trade statistics cannot check (kept in a claims file, never given a verdict).
NOT_CHECKABLE = "not_checkable"
#: Reading parameters shown in labels and tables, in this order.
AXES = ("source", "scope", "definition", "measure", "calendar", "currency")
#: What a reading is to the claim (see the README's verdict rule).
ROLES = ("framing", "variant", "bound", "mirror", "sub-group")


#: A reading's parameters: those a claim may fix (:data:`PARAMETERS`, the axes its readings vary over among
#: them), and two internal ones: ``vintage`` (the snapshot read) and ``published`` (the dataset of an earlier
#: download read instead: the figures "as published"). A year is an ``int``, other periods text.
ReadingParameters = TypedDict(
    "ReadingParameters",
    {
        "source": str,
        "reporter": str,
        "partner": str,
        "period": str | int,
        "calendar": str,
        "currency": str,
        "sector": str,
        "definition": str,
        "measure": str,
        "rate": float,
        "by": str,
        "flow": str,
        "of": str,
        "from": str | int,
        "change": str,
        "compare": str,
        "scope": str,
        "basis": str,
        "amount": float,
        "aggregate": str,
        "vintage": str,
        "published": str,
    },
    total=False,
)
#: The internal reading parameters (not in a claim file).
INTERNAL_PARAMETERS = ("vintage", "published")


def as_parameters(values: Mapping[str, Any]) -> ReadingParameters:
    """``values`` (keys built at run time: axes and their values) as reading parameters; ValueError for other keys."""
    unknown = sorted(set(values) - set(PARAMETERS) - set(INTERNAL_PARAMETERS))
    if unknown:
        raise ValueError(f"{unknown[0]!r} is not a reading parameter; known: {', '.join(PARAMETERS)}")
    return cast(ReadingParameters, dict(values))


@dataclass(frozen=True)
class Claim:
    """A checkable statement: what was said, by whom, and how to measure it."""

    id: str
    quote: str
    attribution: dict[str, str]
    metric: str
    parameters: ReadingParameters
    test: Test
    framing: dict[str, str] = field(default_factory=dict)
    """The reading that matches the claim's own wording (e.g. "¥" → MOF, yen, calendar year)."""
    notes: str = ""
    expect: dict[str, str] = field(default_factory=dict)
    """What a claims collection expects (``verdict``, ``rating``, ``why``), checked by the tests."""
    parts: tuple[Claim, ...] = ()
    """The statement's other tested parts (``[[claim.part]]``): a direction, a rank, another flow beside the figure."""

    @property
    def date(self) -> str:
        """The date the claim was made (``attribution.date``), or ``""``."""
        return self.attribution.get("date", "")


@dataclass
class Reading:
    """One way of measuring a claim, and what the data say under it."""

    parameters: ReadingParameters
    value: float | None
    holds: bool | None
    framing: bool = False
    detail: str = ""
    provenance: list[dict[str, Any]] = field(default_factory=list)
    skipped: str = ""
    counted: bool = True
    """True for the readings of the claim's own statistic (framing and variants), which robustness counts."""
    extra: dict[str, float] = field(default_factory=dict)
    role: str = "variant"
    """One of :data:`ROLES`."""
    unit: str = ""
    """The unit of ``value``: a currency, ``share`` or ``rank``."""
    published_value: float | None = None
    """The framing reading's value on the figures published when the claim was made, where a download holds them."""
    published_in: str = ""
    """The date of that download (``2023-03-19``)."""

    @property
    def number(self) -> float:
        """The value of an evaluated reading (raises for a skipped one)."""
        if self.value is None:
            raise ValueError(f"the reading was skipped: {self.skipped}")
        return float(self.value)

    def label(self, axes: tuple[str, ...]) -> str:
        """The reading's parameters on ``axes``, comma-separated."""
        given: Mapping[str, object] = self.parameters
        return ", ".join(str(given[k]) for k in axes if k in given)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        out: dict[str, Any] = dict(self.parameters)
        out.update(
            value=self.value,
            holds=self.holds,
            role=self.role,
            framing=self.framing,
            counted=self.counted,
            detail=self.detail,
        )
        out.update(self.extra)
        if self.published_in:
            out.update(published_value=self.published_value, published_in=self.published_in)
        if self.skipped:
            out["skipped"] = self.skipped
        out["provenance"] = [_short_provenance(p) for p in self.provenance]
        return out


@dataclass
class Robustness:
    """How many readings of the claim's own statistic agree with the verdict, and which do not."""

    agree: int
    of: int
    disagree: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"agree": self.agree, "of": self.of, "disagree": list(self.disagree)}


@dataclass
class Verdict:
    """The result of checking a claim under every applicable reading."""

    claim: Claim
    readings: list[Reading]
    verdict: str
    summary: str
    rating: str | None = None
    robustness: Robustness = field(default_factory=lambda: Robustness(0, 0))
    published: Reading | None = None
    """The framing reading on the figures published when the claim was made, where a download of the time exists."""
    answer: str = ""
    """The answer in one line a journalist can quote: the figure, what it is, and the judgement."""
    parts: list[Verdict] = field(default_factory=list)
    """The verdicts of the statement's parts, the central figure first, where it has several (the whole above)."""

    @property
    def evaluated(self) -> list[Reading]:
        """Readings that produced a value (not skipped)."""
        return [r for r in self.readings if r.value is not None]

    @property
    def framing(self) -> Reading | None:
        """The claim's framing reading, if it could be evaluated and there is exactly one."""
        own = [r for r in self.evaluated if r.role == "framing"]
        return own[0] if len(own) == 1 else None

    def skipped_counts(self) -> dict[str, int]:
        """Each reason a reading was skipped, with how many readings it skipped (in order of first use)."""
        counts: dict[str, int] = {}
        for r in self.readings:
            if r.value is None:
                counts[r.skipped] = counts.get(r.skipped, 0) + 1
        return counts

    def sources(self) -> list[dict[str, Any]]:
        """The provenance records behind the readings, one per resource, in order of first use."""
        return list({p["resource"]: p for r in self.readings for p in r.provenance}.values())

    def to_frame(self) -> pd.DataFrame:
        """Every reading as a row: its parameters, ``value``, ``holds``, ``role``, ``counted``, ``detail``, ``skipped``."""
        import pandas as pd

        return pd.DataFrame([r.as_dict() for r in self.readings]).drop(columns="provenance")

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (the ``tradebalance check --format json`` record)."""
        values = [r.value for r in self.evaluated if r.value is not None]
        return {
            "id": self.claim.id,
            "quote": self.claim.quote,
            "answer": self.answer,
            "attribution": self.claim.attribution,
            "metric": self.claim.metric,
            "test": self.claim.test.describe(),
            "test_kind": self.claim.test.kind,
            "verdict": self.verdict,
            "rating": self.rating,
            "summary": self.summary,
            "robustness": self.robustness.as_dict(),
            "published": self.published.as_dict() if self.published else None,
            "range": [min(values), max(values)] if values else None,
            "readings": [r.as_dict() for r in self.readings],
            "parts": [p.as_dict() for p in self.parts],
        }


def _short_provenance(p: dict[str, Any]) -> dict[str, Any]:
    keys = ("agency", "file", "url", "retrieved", "sha256", "vintage")
    return {k: p[k] for k in keys if k in p}
