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

import hashlib
import itertools
import json
import os
import tomllib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from tradebalance import balances as bal
from tradebalance import fx, partners, periods, sectors, store
from tradebalance.errors import ClaimFileError, TradebalanceError

TEST_KINDS = ("approx", ">", "<", "between", "rank", "context")
#: A claim's verdict; ``context`` for a claim that is quantified, not judged (test kind ``context``).
VERDICTS = ("supported", "not supported", "mixed", "context")


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
    counted: bool = True
    """False for a narrower sub-group shown for context (e.g. cars only, for a claim about automotive trade)."""
    extra: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        out: dict[str, Any] = dict(self.parameters)
        out.update(value=self.value, holds=self.holds, framing=self.framing, counted=self.counted, detail=self.detail)
        out.update(self.extra)
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

    def to_frame(self) -> pd.DataFrame:
        """Every reading as a row: its parameters, ``value``, ``holds``, ``framing``, ``counted``, ``detail``, ``skipped``."""
        return pd.DataFrame([r.as_dict() for r in self.readings]).drop(columns="provenance")

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
    needed = {
        "approx": ("value", "tolerance"),
        ">": ("value",),
        "<": ("value",),
        "between": ("low", "high"),
        "rank": ("value",),
        "context": (),
    }[kind]
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


@dataclass(frozen=True)
class Source:
    """Whose statistics a reading uses."""

    name: str
    reporter: str
    partner: str
    currency: str
    totals: str
    """Dataset for balances (monthly)."""
    sectors: str
    """Dataset for sector decompositions."""


SOURCES: dict[str, Source] = {
    "mof": Source("mof", "JPN", "USA", "JPY", totals="mof", sectors="mof"),
    "census": Source("census", "USA", "JPN", "USD", totals="census", sectors="census-enduse"),
}
#: Whose balance a claim speaks of when it does not say: Japan's (a surplus), on either country's statistics.
DEFAULT_REPORTER = "JPN"
CALENDARS = ("calendar", "fiscal")
CURRENCIES = ("JPY", "USD")
MEASURES = ("net", "gross")
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
)
#: Sector definitions that are honest readings of a sector named in a claim …
READINGS_OF: dict[str, tuple[str, ...]] = {"automotive": ("mof-narrow", "mof-broad", "census-enduse-3")}
#: … and narrower sub-groups, evaluated and shown for context but not counted in the verdict.
PARTS_OF: dict[str, tuple[str, ...]] = {
    "automotive": ("mof-vehicles", "census-enduse-300", "census-enduse-301", "census-enduse-302")
}
#: Scopes a tariff on "automobiles and auto parts" could have: vehicles + parts, and cars only.
TARIFF_SCOPES = ("census-enduse-3", "census-enduse-300", "mof-narrow", "mof-vehicles")


class NotApplicable(TradebalanceError):
    """A combination of parameters that makes no sense for a metric (the reading is skipped, with this reason)."""


@dataclass
class Outcome:
    """What a metric measured under one reading."""

    value: float
    detail: str
    provenance: list[dict[str, Any]]
    extra: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class _Data:
    """A dataset for one partner in one currency, with its provenance and how it was converted.

    The frame is bare (no attrs), so that pandas does not deep-copy the provenance on every operation.
    """

    frame: pd.DataFrame
    provenance: list[dict[str, Any]]
    conversion: str


@cache
def _data(dataset: str, partner: str, currency: str, vintage: str) -> _Data:
    """A dataset for one partner in ``currency``: as published, or converted over the periods rates cover.

    Monthly data are converted at each month's rate, annual data at the year's mean daily rate.
    """
    frame = store.load(dataset, partner=partner, vintage=vintage)
    if set(frame["currency"].unique()) != {currency}:
        monthly = periods.is_monthly(frame["period"])
        table = fx.rates("M" if monthly else "Y")
        keys = frame["period"].dt.strftime("%Y-%m") if monthly else frame["period"].dt.year.astype(str)
        frame = fx.convert(frame[keys.isin(table["period"])], to=currency, rate="monthly" if monthly else "annual")
    conversion = frame.attrs.get("conversion")
    note = f"; converted at {conversion['method']}" if conversion else ""
    provenance = frame.attrs["provenance"]
    frame.attrs = {}
    return _Data(frame, provenance, note)


def _source(params: dict[str, Any]) -> tuple[Source, int]:
    """The reading's source, and +1/−1: whether its reporter is the claim's (else the balance flips sign)."""
    src = SOURCES[params["source"]]
    reporter = params.get("reporter", DEFAULT_REPORTER)
    if reporter not in (src.reporter, src.partner):
        raise NotApplicable(f"{src.name} statistics cover {src.reporter}–{src.partner} trade, not {reporter}")
    return src, 1 if reporter == src.reporter else -1


def _period(params: dict[str, Any]) -> tuple[str, str]:
    """The reading's (freq, period label): ``("Y", "2017")`` or ``("FY", "FY2017")``."""
    year = str(params["period"])
    return ("FY", f"FY{year}") if params.get("calendar") == "fiscal" else ("Y", year)


def _missing(label: str, data: _Data) -> NotApplicable:
    converted = " with an exchange rate" if data.conversion else ""
    span = f"{data.frame['period'].min()} to {data.frame['period'].max()}"
    return NotApplicable(f"no data for {label}{converted}; the data cover {span}")


@cache
def _balances(dataset: str, partner: str, currency: str, vintage: str, freq: str) -> pd.DataFrame:
    table = bal.balance(_data(dataset, partner, currency, vintage).frame, freq).set_index("period")
    table.attrs = {}
    return table


@cache
def _shares(dataset: str, partner: str, currency: str, vintage: str, freq: str, definition: str) -> pd.DataFrame:
    frame = _data(dataset, partner, currency, vintage).frame
    if freq == "FY" and not periods.is_monthly(frame["period"]):
        raise NotApplicable("fiscal years need monthly data; this data is annual")
    table = bal.decompose_all(frame, freq, definition).set_index(["period", "sector"])
    table.attrs = {}
    return table


def _decomposition(params: dict[str, Any], definition: str, *, share: bool = True) -> tuple[pd.Series, _Data]:
    """The sector's row of the reading's decomposition, and the data behind it."""
    src, _ = _source(params)
    freq, label = _period(params)
    data = _data(src.sectors, src.partner, params["currency"], params["vintage"])
    if share and data.conversion and not periods.is_monthly(data.frame["period"]):
        raise NotApplicable("annual data converted at one rate give the same share as in the original currency")
    sector = next(s for s, _ in sectors.get(definition).sectors() if s != sectors.OTHER)
    try:
        table = _shares(src.sectors, src.partner, params["currency"], params["vintage"], freq, definition)
        return table.loc[(label, sector)], data
    except KeyError:
        raise _missing(label, data) from None


def _metric_balance(params: dict[str, Any]) -> Outcome:
    src, sign = _source(params)
    freq, label = _period(params)
    data = _data(src.totals, src.partner, params["currency"], params["vintage"])
    try:
        row = _balances(src.totals, src.partner, params["currency"], params["vintage"], freq).loc[label]
    except KeyError:
        raise _missing(label, data) from None
    if not row["complete"]:
        raise NotApplicable(f"{label} has {row['months']} months of {src.name} data only")
    side = "" if sign == 1 else f"; the negative of {src.reporter}'s balance as {src.reporter} records it"
    detail = (
        f"exports {row['exports']:,.0f} − imports {row['imports']:,.0f} = {row['balance']:,.0f} "
        f"{row['currency']} ({label}, {row['status']}{side}{data.conversion})"
    )
    return Outcome(sign * float(row["balance"]), detail, data.provenance)


def _metric_sector_share(params: dict[str, Any]) -> Outcome:
    row, data = _decomposition(params, params["definition"])
    currency = params["currency"]
    total = row["net"] / row["share_of_balance"]
    if params["measure"] == "net":
        detail = f"({row['exports']:,.0f} − {row['imports']:,.0f}) ÷ {total:,.0f} {currency}{data.conversion}"
        return Outcome(float(row["share_of_balance"]), detail, data.provenance)
    flow = row["exports"] if total > 0 else row["imports"]
    detail = f"{flow:,.0f} ÷ {abs(total):,.0f} {currency} (gross: one flow only){data.conversion}"
    return Outcome(float(row["gross_share_of_balance"]), detail, data.provenance)


def _metric_share_of_exports(params: dict[str, Any]) -> Outcome:
    _, sign = _source(params)
    row, data = _decomposition(params, params["definition"])
    flow = "exports" if sign == 1 else "imports"
    share = row["share_of_exports" if sign == 1 else "share_of_imports"]
    detail = f"{row[flow]:,.0f} ÷ {row[flow] / share:,.0f} {params['currency']}{data.conversion}"
    return Outcome(float(share), detail, data.provenance)


def _metric_rank(params: dict[str, Any]) -> Outcome:
    if params["source"] != "census":
        raise NotApplicable(f"the {params['source']} data in this snapshot have no partners to rank against")
    table = partners.rank(params["period"], by=params.get("by", "balance"), vintage=params["vintage"])
    target = params.get("partner", "JPN")
    row = table.set_index("partner").loc[target]
    ahead = ", ".join(table.loc[table["rank"] < row["rank"], "name"])
    detail = (
        f"{row['name']}: {params.get('by', 'balance')} {row[params.get('by', 'balance')]:,.0f} {row['currency']}, "
        f"{row['share_of_world']:.1%} of the U.S. total; rank {row['rank']} of {len(table)} countries"
        + (f", after {ahead}" if ahead else "")
    )
    return Outcome(float(row["rank"]), detail, table.attrs["provenance"])


def _metric_tariff_exposure(params: dict[str, Any]) -> Outcome:
    src, _ = _source(params)
    rate = float(params.get("rate", 0.25))
    row, data = _decomposition(params, params["definition"], share=False)
    # Goods from Japan to the U.S.: U.S. imports on Census data, Japan's exports on MOF data.
    flow = "imports" if src.name == "census" else "exports"
    value, share = float(row[flow]), float(row[f"share_of_{flow}"])
    duty = rate * value
    detail = (
        f"{flow} in scope {value:,.0f} {params['currency']} = {share:.1%} of all goods from Japan; "
        f"duty at {rate:.0%}: {duty:,.0f}{data.conversion}"
    )
    return Outcome(value, detail, data.provenance, {"duty": duty, "share_of_goods_from_japan": share})


Metric = Callable[[dict[str, Any]], Outcome]
#: metric name -> (function, axes it varies over).
METRICS: dict[str, tuple[Metric, tuple[str, ...]]] = {
    "balance": (_metric_balance, ("source", "calendar", "currency")),
    "sector_share": (_metric_sector_share, ("source", "definition", "measure", "calendar", "currency")),
    "share_of_exports": (_metric_share_of_exports, ("source", "definition", "calendar", "currency")),
    "rank": (_metric_rank, ("source",)),
    "tariff_exposure": (_metric_tariff_exposure, ("source", "definition", "currency")),
}
SHARE_METRICS = ("sector_share", "share_of_exports")


def _definitions(metric: str, fixed: dict[str, Any], source: Source) -> list[str]:
    if metric == "tariff_exposure":
        names: tuple[str, ...] = TARIFF_SCOPES
    else:
        sector = fixed.get("sector", "automotive")
        names = READINGS_OF.get(sector, ()) + PARTS_OF.get(sector, ())
    return [d for d in names if sectors.get(d).dataset == source.sectors]


def _axis_values(metric: str, axis: str, fixed: dict[str, Any], source: Source) -> list[Any]:
    if axis == "calendar":
        return list(CALENDARS)
    if axis == "measure":
        return list(MEASURES)
    if axis == "currency":
        return list(CURRENCIES)
    if axis == "definition":
        return _definitions(metric, fixed, source)
    raise ClaimFileError(f"no values known for axis {axis!r}")


def readings(claim: Claim) -> Iterator[dict[str, Any]]:
    """Every combination of parameters under which the claim is evaluated."""
    _, axes = METRICS[claim.metric]
    fixed = dict(claim.parameters)
    names = [fixed["source"]] if "source" in fixed else list(SOURCES)
    for name in names:
        source = SOURCES[name]
        varied = [a for a in axes if a != "source" and a not in fixed]
        choices = [_axis_values(claim.metric, a, fixed, source) for a in varied]
        for combo in itertools.product(*choices):
            yield {"currency": source.currency, **fixed, "source": name, **dict(zip(varied, combo, strict=True))}


def _is_framing(claim: Claim, params: dict[str, Any]) -> bool:
    """Whether ``params`` is the reading that matches the claim's own framing."""
    return bool(claim.framing) and all(str(params.get(k)) == v for k, v in claim.framing.items())


def _counted(claim: Claim, params: dict[str, Any]) -> bool:
    """Sub-group readings (cars only, parts only) are context for a claim about the whole sector."""
    return params.get("definition") not in PARTS_OF.get(str(claim.parameters.get("sector")), ())


def check(claim: Claim, vintage: str = "embedded") -> Verdict:
    """Evaluate ``claim`` under every applicable reading, on the data of ``vintage`` (see ``tb.load``)."""
    metric, _ = METRICS[claim.metric]
    results: list[Reading] = []
    for params in readings(claim):
        params["vintage"] = vintage
        counted = _counted(claim, params)
        try:
            out = metric(params)
        except TradebalanceError as exc:
            results.append(Reading(params, None, None, skipped=str(exc), counted=counted))
            continue
        results.append(
            Reading(
                params,
                out.value,
                claim.test.holds(out.value),
                _is_framing(claim, params),
                out.detail,
                out.provenance,
                counted=counted,
                extra=out.extra,
            )
        )
    return Verdict(claim, results, *_judge(claim, results))


SYMBOLS = {"JPY": "¥", "USD": "$"}


def check_all(claims: Sequence[Claim], vintage: str = "embedded") -> list[Verdict]:
    """:func:`check` every claim, reusing verdicts computed before on the same claims, data and code.

    Verdicts are kept as JSON in the user cache folder, keyed by a hash of the claims, the vintage's
    ``datapackage.json``, the sector tables and the package's source, so any change recomputes them.
    """
    key = cache_key(claims, vintage)
    path = store.cache_dir() / "verdicts" / f"{key}.json"
    try:
        return [_verdict_from_dict(d) for d in json.loads(path.read_text(encoding="utf-8"))]
    except (OSError, ValueError, KeyError, TypeError):
        pass  # not computed yet, or unreadable: compute
    verdicts = [check(c, vintage) for c in claims]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps([asdict(v) for v in verdicts], ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs speed
    return verdicts


def cache_key(claims: Sequence[Claim], vintage: str) -> str:
    """Hash of the claims, the vintage's data, the sector tables and the package's code."""
    folder, _ = store.vintage_folder(vintage)
    digest = hashlib.sha256(json.dumps([asdict(c) for c in claims], sort_keys=True, default=str).encode())
    digest.update(vintage.encode())
    package = Path(__file__).resolve().parent
    for path in [
        folder / store.DATAPACKAGE,
        *sorted((store.data_dir() / "sectors").glob("*.csv")),
        *sorted(package.rglob("*.py")),
    ]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def _verdict_from_dict(d: dict[str, Any]) -> Verdict:
    c = d["claim"]
    claim = Claim(**{**c, "test": Test(**c["test"])})
    return Verdict(claim, [Reading(**r) for r in d["readings"]], d["verdict"], d["summary"])


def _fmt(claim: Claim, x: float, currency: str = "") -> str:
    """A value as a reader would write it: ``76.6%``, ``¥7.023 trillion``, ``$68.8 billion``, ``3``."""
    if claim.metric in SHARE_METRICS:
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


def _span(claim: Claim, readings: list[Reading]) -> str:
    """The range of values, per currency for money metrics: ``76.6% to 91.9%``, ``¥7.02 trillion to …``."""
    groups: dict[str, list[float]] = {}
    for r in readings:
        key = "" if claim.metric in (*SHARE_METRICS, "rank") else str(r.parameters.get("currency", ""))
        groups.setdefault(key, []).append(float(r.value))  # type: ignore[arg-type]
    parts = []
    for currency, values in groups.items():
        low, high = min(values), max(values)
        parts.append(
            _fmt(claim, low, currency)
            if low == high
            else f"{_fmt(claim, low, currency)} to {_fmt(claim, high, currency)}"
        )
    return "; ".join(parts)


def _judge(claim: Claim, results: list[Reading]) -> tuple[str, str]:
    done = [r for r in results if r.value is not None]
    counted = [r for r in done if r.counted]
    if not counted:
        return "not supported", "no reading could be evaluated: " + "; ".join(dict.fromkeys(r.skipped for r in results))
    framing = next((r for r in done if r.framing), None)
    own = ""
    if framing is not None and framing.value is not None:
        where = ", ".join(str(framing.parameters[k]) for k in AXES if k in framing.parameters)
        own = f"; on the claim's own framing ({where}) it was {_fmt(claim, framing.value, str(framing.parameters.get('currency', '')))}"
    context = [
        r
        for r in done
        if not r.counted
        and r.parameters.get("measure") == "net"
        and r.parameters.get("calendar") == "calendar"
        and r.parameters.get("currency") == SOURCES[r.parameters["source"]].currency
    ]
    extra = (
        (
            "; narrower sub-groups, not counted (net, calendar year): "
            + ", ".join(f"{r.parameters['definition']} {_fmt(claim, float(r.value))}" for r in context)
        )
        if context
        else ""
    )  # type: ignore[arg-type]
    if framing is not None and framing.extra:
        own += (
            " ("
            + ", ".join(
                f"{k.replace('_', ' ')} {_fmt_extra(k, v, str(framing.parameters.get('currency', '')))}"
                for k, v in framing.extra.items()
            )
            + ")"
        )
    skipped = len(results) - len(done)
    skipped_note = f"; {skipped} combinations skipped (see readings)" if skipped else ""
    if claim.test.kind == "context":
        return (
            "context",
            f"quantified, not judged: {_span(claim, counted)} over {len(counted)} readings{own}{skipped_note}",
        )
    held = sum(bool(r.holds) for r in counted)
    verdict = "supported" if held == len(counted) else "not supported" if held == 0 else "mixed"
    currency = (
        str(counted[0].parameters.get("currency", ""))
        if framing is None
        else str(framing.parameters.get("currency", ""))
    )
    test = claim.test.describe(lambda x: _fmt(claim, x, currency))
    return verdict, (
        f"holds on {held} of {len(counted)} readings (test: {test}); the value ranged "
        f"{_span(claim, counted)}{own}{extra}{skipped_note}"
    )


def _fmt_extra(key: str, value: float, currency: str) -> str:
    return f"{value:.1%}" if key.startswith("share") else f"{SYMBOLS.get(currency, '')}{value / 1e9:,.2f} billion"


#: Reading parameters shown in labels and tables, in this order.
AXES = ("source", "definition", "measure", "calendar", "currency")


def seed_claims_path() -> Path:
    """``seeds/claims.toml`` of the checkout, or the copy inside the installed package."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "seeds" / "claims.toml", here.parent / "seeds" / "claims.toml"):
        if candidate.is_file():
            return candidate
    raise ClaimFileError(f"seed claims (seeds/claims.toml) not found beside the package in {here}")


def over_time(claim: Claim, years: range, *, framing_only: bool = False) -> pd.DataFrame:
    """Evaluate ``claim`` for every year in ``years`` (its ``period`` replaced), reading by reading.

    Returns ``year``, ``reading`` (a label of the reading's parameters), ``value``, ``holds``, ``framing``,
    ``counted``; ``attrs`` hold the claim id, metric, threshold, the framing reading's label and provenance.
    Years or readings without data are left out. ``framing_only`` evaluates just the claim's own framing
    (fast, for charts).
    """
    rows: list[dict[str, Any]] = []
    provenance: dict[str, dict[str, Any]] = {}
    if framing_only:
        claim = replace(claim, parameters={**claim.framing, **claim.parameters})
    for year in years:
        verdict = check(replace(claim, parameters={**claim.parameters, "period": year}))
        for r in verdict.evaluated:
            label = ", ".join(str(r.parameters[k]) for k in AXES if k in r.parameters)
            rows.append(
                {
                    "year": year,
                    "reading": label,
                    "value": r.value,
                    "holds": r.holds,
                    "framing": r.framing,
                    "counted": r.counted,
                }
            )
            provenance.update({p["resource"]: p for p in r.provenance})
    table = pd.DataFrame(rows, columns=["year", "reading", "value", "holds", "framing", "counted"])
    framing = table.loc[table["framing"], "reading"]
    table.attrs = {
        "claim_id": claim.id,
        "metric": claim.metric,
        "test": claim.test.describe(),
        "threshold": claim.test.value,
        "framing": framing.iloc[0] if len(framing) else None,
        "provenance": list(provenance.values()),
    }
    return table


def since(table: pd.DataFrame) -> str:
    """In words, in which years the framing reading of an :func:`over_time` table holds."""
    own = table[table["framing"]].sort_values("year")
    if own.empty:
        own = table[table["reading"] == table["reading"].iloc[0]].sort_values("year")
    held = own.loc[own["holds"].astype(bool), "year"].tolist()
    if not held:
        return f"it never holds in {own['year'].min()}–{own['year'].max()} on the reading {own['reading'].iloc[0]}"
    runs: list[list[int]] = []
    for year in held:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    spans = ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
    last = own["year"].max()
    tail = (
        f"; it has held every year since {runs[-1][0]}" if runs[-1][-1] == last else f"; it last held in {runs[-1][-1]}"
    )
    return f"on the reading {own['reading'].iloc[0]}, it holds in {spans}{tail} (data {own['year'].min()}–{last})"
