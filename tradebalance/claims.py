"""Claims as data, checked under every applicable reading.

A claim file is TOML with one ``[[claim]]`` table per claim::

    [[claim]]
    id = "surplus-2017"
    quote = "In 2017, Japan's trade surplus with the United States amounted to as much as about ¥7 trillion."
    attribution = { publication = "…", date = "2018-09-25" }
    metric = "balance"                       # see METRICS
    parameters = { reporter = "JPN", partner = "USA", period = "2017", currency = "JPY" }
    test = { kind = "approx", value = 7e12, tolerance = 0.05 }

Test kinds: ``approx`` (``value`` and relative ``tolerance``), ``>`` / ``<`` (``value``), ``between``
(``low``, ``high``), ``rank`` (``value``: the rank must be at most this), ``context`` (no test: the claim
is quantified, not judged). Checking a claim evaluates its metric on every reading (source × definition ×
measure × calendar × currency) that applies, and returns a :class:`Verdict`.
"""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from tradebalance import balances as bal
from tradebalance import sectors, store
from tradebalance.errors import ClaimFileError, TradebalanceError

TEST_KINDS = ("approx", ">", "<", "between", "rank", "context")
VERDICTS = ("supported", "not supported", "mixed")


@dataclass(frozen=True)
class Test:
    """How a claim's value is judged."""

    kind: str
    value: float | None = None
    tolerance: float | None = None
    low: float | None = None
    high: float | None = None

    def holds(self, x: float) -> bool | None:
        """Whether ``x`` satisfies the test (``None`` for a context claim)."""
        if self.kind == "approx":
            assert self.value is not None and self.tolerance is not None
            return abs(x - self.value) <= self.tolerance * abs(self.value)
        if self.kind == ">":
            return x > self.value  # type: ignore[operator]
        if self.kind == "<":
            return x < self.value  # type: ignore[operator]
        if self.kind == "between":
            return self.low <= x <= self.high  # type: ignore[operator]
        if self.kind == "rank":
            return x <= self.value  # type: ignore[operator]
        return None

    def describe(self, fmt: Callable[[float], str] = lambda x: f"{x:,.4g}") -> str:
        """The test in words, with values written by ``fmt`` (e.g. ``> 70.0%``, ``≈ ¥7.000 trillion ± 5%``)."""
        if self.kind == "approx":
            return f"≈ {fmt(self.value)} ± {self.tolerance:.0%}"  # type: ignore[arg-type]
        if self.kind == "between":
            return f"between {fmt(self.low)} and {fmt(self.high)}"  # type: ignore[arg-type]
        if self.kind == "rank":
            return f"rank ≤ {self.value:g}"
        if self.kind == "context":
            return "context (quantified, not judged)"
        return f"{self.kind} {fmt(self.value)}"  # type: ignore[arg-type]


@dataclass(frozen=True)
class Claim:
    """A checkable statement: what was said, by whom, and how to measure it."""

    id: str
    quote: str
    attribution: dict[str, str]
    metric: str
    parameters: dict[str, Any]
    test: Test
    framing: dict[str, str] = field(default_factory=dict)
    """The reading that matches the claim's own wording (e.g. "¥" → MOF, yen, calendar year)."""
    notes: str = ""


@dataclass
class Reading:
    """One way of measuring a claim, and what the data say under it."""

    parameters: dict[str, Any]
    value: float | None
    holds: bool | None
    framing: bool = False
    detail: str = ""
    provenance: list[dict[str, Any]] = field(default_factory=list)
    skipped: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        out: dict[str, Any] = dict(self.parameters)
        out.update(value=self.value, holds=self.holds, framing=self.framing, detail=self.detail)
        if self.skipped:
            out["skipped"] = self.skipped
        out["provenance"] = [_short_provenance(p) for p in self.provenance]
        return out


@dataclass
class Verdict:
    """The result of checking a claim under every applicable reading."""

    claim: Claim
    readings: list[Reading]
    verdict: str
    summary: str

    @property
    def evaluated(self) -> list[Reading]:
        """Readings that produced a value (not skipped)."""
        return [r for r in self.readings if r.value is not None]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (the ``tradebalance check --format json`` record)."""
        values = [r.value for r in self.evaluated]
        return {
            "id": self.claim.id,
            "quote": self.claim.quote,
            "attribution": self.claim.attribution,
            "metric": self.claim.metric,
            "test": self.claim.test.describe(),
            "test_kind": self.claim.test.kind,
            "verdict": self.verdict,
            "summary": self.summary,
            "range": [min(values), max(values)] if values else None,
            "readings": [r.as_dict() for r in self.readings],
        }


def _short_provenance(p: dict[str, Any]) -> dict[str, Any]:
    keys = ("agency", "file", "url", "retrieved", "sha256", "vintage")
    return {k: p[k] for k in keys if k in p}


# ---------------------------------------------------------------------------------------- claim files


def load_claims(path: str | Path) -> list[Claim]:
    """Read a claim file; raises ClaimFileError naming the claim and the field that is wrong."""
    path = Path(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ClaimFileError(f"{path}: cannot read claim file ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ClaimFileError(f"{path}: not valid TOML ({exc})") from exc
    tables = document.get("claim")
    if not isinstance(tables, list) or not tables:
        raise ClaimFileError(f"{path}: no [[claim]] tables found")
    claims = [_claim(t, n, path) for n, t in enumerate(tables, 1)]
    ids = [c.id for c in claims]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ClaimFileError(f"{path}: claim id {dupes[0]!r} is used twice")
    return claims


def _claim(table: dict[str, Any], n: int, path: Path) -> Claim:
    name = str(table.get("id", f"#{n}"))

    def fail(fld: str, problem: str) -> ClaimFileError:
        return ClaimFileError(f"{path}: claim {name!r}, field {fld!r}: {problem}")

    for fld, kind in (("id", str), ("quote", str), ("metric", str), ("test", dict)):
        if not isinstance(table.get(fld), kind):
            raise fail(fld, f"missing or not a {kind.__name__}")
    if table["metric"] not in METRICS:
        raise fail("metric", f"unknown metric {table['metric']!r}; known: {', '.join(METRICS)}")
    params = table.get("parameters", {})
    if not isinstance(params, dict):
        raise fail("parameters", "must be a table")
    unknown = set(params) - set(PARAMETERS)
    if unknown:
        raise fail("parameters", f"unknown parameter {sorted(unknown)[0]!r}; known: {', '.join(PARAMETERS)}")
    spec = table["test"]
    kind = spec.get("kind")
    if kind not in TEST_KINDS:
        raise fail("test.kind", f"{kind!r} is not one of {', '.join(TEST_KINDS)}")
    needed = {"approx": ("value", "tolerance"), ">": ("value",), "<": ("value",), "between": ("low", "high"), "rank": ("value",), "context": ()}[kind]
    for key in needed:
        if not isinstance(spec.get(key), (int, float)) or isinstance(spec.get(key), bool):
            raise fail(f"test.{key}", f"a number is required for a {kind!r} test")
    attribution = table.get("attribution", {})
    if not isinstance(attribution, dict):
        raise fail("attribution", "must be a table with publication and date")
    test = Test(kind=kind, **{k: float(spec[k]) for k in ("value", "tolerance", "low", "high") if k in spec})
    return Claim(
        id=table["id"],
        quote=table["quote"],
        attribution={k: str(v) for k, v in attribution.items()},
        metric=table["metric"],
        parameters=params,
        test=test,
        framing={k: str(v) for k, v in table.get("framing", {}).items()},
        notes=str(table.get("notes", "")),
    )


# -------------------------------------------------------------------------------------------- metrics

#: Parameters a claim may fix; any it leaves open are varied over every applicable value.
PARAMETERS = ("source", "reporter", "partner", "period", "calendar", "currency", "sector", "definition", "measure")
#: Readings the library knows: source -> (reporter, partner, currency, sector definitions by sector).
SOURCES: dict[str, dict[str, Any]] = {
    "mof": {"dataset": "mof", "reporter": "JPN", "partner": "USA", "currency": "JPY", "calendars": ("calendar", "fiscal")},
}
MEASURES = ("net", "gross")


def _frame(source: str) -> pd.DataFrame:
    info = SOURCES[source]
    return store.load(info["dataset"], partner=info["partner"])


def _period(params: dict[str, Any]) -> str:
    year = str(params["period"])
    return f"FY{year}" if params.get("calendar") == "fiscal" else year


def _metric_balance(params: dict[str, Any]) -> tuple[float, str, list[dict[str, Any]]]:
    frame = _frame(params["source"])
    rows, _, label = bal.select_period(frame, _period(params))
    table = bal.balance(rows, "FY" if label.startswith("FY") else "Y")
    row = table.iloc[0]
    note = f"exports {row['exports']:,.0f} − imports {row['imports']:,.0f} {row['currency']} ({label}, {row['status']})"
    return float(row["balance"]), note, table.attrs["provenance"]


def _metric_sector_share(params: dict[str, Any]) -> tuple[float, str, list[dict[str, Any]]]:
    frame = _frame(params["source"])
    table = bal.decompose(frame, _period(params), params["definition"])
    row = table.set_index("sector").loc[params.get("sector", "automotive")]
    totals = table.attrs["totals"]
    if params["measure"] == "net":
        value = float(row["share_of_balance"])
        note = f"({row['exports']:,.0f} − {row['imports']:,.0f}) ÷ {totals['balance']:,.0f} {table.attrs['currency']}"
    else:
        value = float(row["gross_share_of_balance"])
        flow = row["exports"] if totals["balance"] > 0 else row["imports"]
        note = f"{flow:,.0f} ÷ {abs(totals['balance']):,.0f} {table.attrs['currency']} (gross: one flow only)"
    return value, note, table.attrs["provenance"]


def _metric_share_of_exports(params: dict[str, Any]) -> tuple[float, str, list[dict[str, Any]]]:
    frame = _frame(params["source"])
    table = bal.decompose(frame, _period(params), params["definition"])
    row = table.set_index("sector").loc[params.get("sector", "automotive")]
    totals = table.attrs["totals"]
    note = f"{row['exports']:,.0f} ÷ {totals['exports']:,.0f} {table.attrs['currency']}"
    return float(row["share_of_exports"]), note, table.attrs["provenance"]


Metric = Callable[[dict[str, Any]], tuple[float, str, list[dict[str, Any]]]]
#: metric name -> (function, axes it varies over).
METRICS: dict[str, tuple[Metric, tuple[str, ...]]] = {
    "balance": (_metric_balance, ("source", "calendar")),
    "sector_share": (_metric_sector_share, ("source", "definition", "measure", "calendar")),
    "share_of_exports": (_metric_share_of_exports, ("source", "definition", "calendar")),
}


#: Sector definitions that are honest readings of a sector named in a claim (vehicles-only is too narrow
#: to stand for "automotive trade"; it is reported as context by the tariff claim instead).
READINGS_OF: dict[str, tuple[str, ...]] = {"automotive": ("mof-narrow", "mof-broad")}


def _axis_values(axis: str, fixed: dict[str, Any], source: str) -> list[Any]:
    if axis == "calendar":
        return list(SOURCES[source]["calendars"])
    if axis == "measure":
        return list(MEASURES)
    if axis == "definition":
        dataset = SOURCES[source]["dataset"]
        sector = fixed.get("sector", "automotive")
        return [d for d in READINGS_OF.get(sector, ()) if sectors.get(d).dataset == dataset]
    raise ClaimFileError(f"no values known for axis {axis!r}")


def readings(claim: Claim) -> Iterator[dict[str, Any]]:
    """Every combination of parameters under which the claim is evaluated."""
    _, axes = METRICS[claim.metric]
    fixed = dict(claim.parameters)
    sources = [fixed["source"]] if "source" in fixed else list(SOURCES)
    for source in sources:
        varied = [a for a in axes if a != "source" and a not in fixed]
        choices = [_axis_values(a, fixed, source) for a in varied]
        for combo in itertools.product(*choices):
            yield {"currency": SOURCES[source]["currency"], **fixed, "source": source, **dict(zip(varied, combo))}


def _is_framing(claim: Claim, params: dict[str, Any]) -> bool:
    """Whether ``params`` is the reading that matches the claim's own framing."""
    return bool(claim.framing) and all(str(params.get(k)) == v for k, v in claim.framing.items())


def check(claim: Claim) -> Verdict:
    """Evaluate ``claim`` under every applicable reading."""
    metric, _ = METRICS[claim.metric]
    results: list[Reading] = []
    for params in readings(claim):
        try:
            value, detail, prov = metric(params)
        except TradebalanceError as exc:
            results.append(Reading(params, None, None, skipped=str(exc)))
            continue
        results.append(Reading(params, value, claim.test.holds(value), _is_framing(claim, params), detail, prov))
    return Verdict(claim, results, *_judge(claim, results))


SYMBOLS = {"JPY": "¥", "USD": "$"}


def _fmt(claim: Claim, x: float, currency: str = "") -> str:
    """A value as a reader would write it: ``76.6%``, ``¥7.023 trillion``, ``$68.8 billion``, ``3``."""
    if claim.metric in ("sector_share", "share_of_exports"):
        return f"{x:.1%}"
    if claim.metric == "rank":
        return f"{x:.0f}"
    sign, x = ("−" if x < 0 else ""), abs(x)
    symbol = SYMBOLS.get(currency, "")
    if x >= 1e12:
        return f"{sign}{symbol}{x / 1e12:,.3f} trillion"
    if x >= 1e9:
        return f"{sign}{symbol}{x / 1e9:,.2f} billion"
    return f"{sign}{symbol}{x:,.0f}"


def _judge(claim: Claim, results: list[Reading]) -> tuple[str, str]:
    done = [r for r in results if r.value is not None]
    if not done:
        return "not supported", "no reading could be evaluated: " + "; ".join(r.skipped for r in results)
    values = [float(r.value) for r in done if r.value is not None]
    currencies = {str(r.parameters.get("currency", "")) for r in done}
    currency = currencies.pop() if len(currencies) == 1 else ""
    low, high = min(values), max(values)
    span = _fmt(claim, low, currency) if low == high else f"{_fmt(claim, low, currency)} to {_fmt(claim, high, currency)}"
    framing = next((r for r in done if r.framing), None)
    own = ""
    if framing is not None and framing.value is not None:
        where = ", ".join(f"{v}" for k, v in framing.parameters.items() if k in ("source", "definition", "measure", "calendar", "currency"))
        own = f"; on the claim's own framing ({where}) it was {_fmt(claim, framing.value, str(framing.parameters.get('currency', '')))}"
    if claim.test.kind == "context":
        return "supported", f"context: {span} over {len(done)} readings{own}"
    held = sum(bool(r.holds) for r in done)
    verdict = "supported" if held == len(done) else "not supported" if held == 0 else "mixed"
    test = claim.test.describe(lambda x: _fmt(claim, x, currency))
    return verdict, f"holds on {held} of {len(done)} readings (test: {test}); the value ranged {span}{own}"


def seed_claims_path() -> Path:
    """``seeds/claims.toml`` of the checkout, or the copy inside the installed package."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "seeds" / "claims.toml", here.parent / "seeds" / "claims.toml"):
        if candidate.is_file():
            return candidate
    raise ClaimFileError(f"seed claims (seeds/claims.toml) not found beside the package in {here}")
