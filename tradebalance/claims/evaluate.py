"""Evaluating a claim: every reading it admits, each with its role, then the verdict.

A claim names or implies one statistic: whose statistics (the *source*), which measure, which year, which
currency. :func:`statistic` and :func:`framing` work that out from the claim's ``framing`` and
``parameters`` (see the README's verdict rule); every reading is then one of

* ``framing``: the claim's own statistic (the verdict is decided on these);
* ``variant``: the same statistic read another way the claim leaves open (fiscal year, gross, the other
  currency): robustness;
* ``bound``: a wider or narrower definition than the claim's words (never decides the verdict);
* ``mirror``: the other country's statistics (context: the size of the gap and its reasons);
* ``sub-group``: a part of the sector (cars only), for context.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pandas as pd

from tradebalance import partner_names, periods
from tradebalance.claims import metric_table, parts, reading_axes, series
from tradebalance.claims.claim_tests import RecordTest
from tradebalance.claims.model import AXES, NOT_CHECKABLE, Claim, Reading, ReadingParameters, Verdict, as_parameters
from tradebalance.claims.reading_data import PUBLISHED, SOURCES, Source
from tradebalance.claims.verdict import judge
from tradebalance.errors import TradebalanceError
from tradebalance.store import published
from tradebalance.store.snapshot import Snapshot

#: Whose statistics a reporter's own figures are.
AGENCY_OF_REPORTER = {s.reporter: name for name, s in SOURCES.items() if s.basis == "customs"}
#: Whose statistics a currency points to, when a claim says nothing else.
AGENCY_OF_CURRENCY = {s.currency: name for name, s in SOURCES.items() if s.basis == "customs"}
NATIVE = "native"


def statistic(claim: Claim) -> str | None:
    """Whose statistics the claim quotes; ``None`` when it does not say.

    Its framing or parameter ``source``, else the agency of an explicit ``reporter`` (the U.S. deficit →
    Census), else of its currency (¥ → MOF).
    """
    for table in (claim.framing, claim.parameters):
        if "source" in table:
            return str(table["source"])
    scope = claim.parameters.get("scope") or claim.framing.get("scope")
    bop = scope in ("services", "goods-and-services") or claim.parameters.get("basis") == "bop"
    if bop and claim.parameters.get("reporter", "USA") == "USA":
        return "bea"  # the U.S. statistics of services are the balance of payments
    if "reporter" in claim.parameters:
        return AGENCY_OF_REPORTER.get(str(claim.parameters["reporter"]))
    currency = claim.parameters.get("currency") or claim.framing.get("currency")
    return AGENCY_OF_CURRENCY.get(str(currency)) if currency else None


def framing(claim: Claim) -> dict[str, str]:
    """The reading the claim's words point to, axis by axis; an axis it leaves open is absent.

    "In 2017" means the calendar year unless the claim says fiscal; a money claim is read in its test's
    currency, a share in its source's own currency (``native``).
    """
    out = {k: str(v) for k, v in claim.parameters.items() if k in AXES}
    out.update(claim.framing)
    source = statistic(claim)
    if source:
        out.setdefault("source", source)
    axes = reading_axes.axes(claim.metric, claim.parameters)
    if "calendar" in axes:
        out.setdefault(
            "calendar", reading_axes.axis_values(claim.metric, "calendar", claim.parameters, SOURCES["mof"])[0]
        )
    if "currency" in axes:
        out.setdefault("currency", _test_currency(claim) or NATIVE)
    return out


def _test_currency(claim: Claim) -> str | None:
    """The currency a money claim's test is stated in, if the claim says or implies it."""
    if not metric_table.is_money(claim.metric, claim.parameters) or claim.test.kind == "context":
        return None
    currency = claim.parameters.get("currency") or claim.framing.get("currency")
    if currency:
        return str(currency)
    source = statistic(claim)
    return SOURCES[source].currency if source in SOURCES else None


def reading_parameters(claim: Claim) -> Iterator[tuple[ReadingParameters, str]]:
    """Every combination of parameters under which the claim is evaluated, with its role."""
    axes = reading_axes.axes(claim.metric, claim.parameters)
    fixed = claim.parameters.copy()
    currency = _test_currency(claim)
    if currency and "currency" in axes:
        fixed["currency"] = currency  # a test's value has one currency: every reading is in it
    own, target = statistic(claim), framing(claim)
    names = [fixed["source"]] if "source" in fixed else list(SOURCES)
    for name in names:
        source = SOURCES[name]
        if not reading_axes.serves(claim.metric, fixed, source) or not _on_basis(source, fixed.get("basis")):
            continue
        roles = dict(reading_axes.definitions_for(claim.metric, fixed, source))
        varied = [a for a in axes if a != "source" and a not in fixed]
        choices = [reading_axes.axis_values(claim.metric, a, fixed, source) for a in varied]
        if "scope" in varied and choices[varied.index("scope")] == ["goods"]:  # goods only: no scope to name
            choices.pop(varied.index("scope"))
            varied.remove("scope")
        for combo in itertools.product(*choices):
            params = as_parameters(
                {"currency": source.currency, **fixed, "source": name, **dict(zip(varied, combo, strict=True))}
            )
            yield params, _role(params, roles.get(str(params.get("definition")), "reading"), own, target)


def _on_basis(source: Source, basis: str | None) -> bool:
    """Whether ``source`` is on the basis a claim names (``census``: customs statistics; ``bop``: balance of payments)."""
    return basis is None or (source.basis == "bop") == (basis == "bop")


def _role(params: ReadingParameters, definition_role: str, own: str | None, target: dict[str, str]) -> str:
    if definition_role != "reading":
        return definition_role
    if own and params["source"] != own:
        same_country = SOURCES[params["source"]].reporter == SOURCES[own].reporter
        return "variant" if same_country else "mirror"
    for key, wanted in target.items():
        have = str(params.get(key))
        if wanted == NATIVE:
            wanted = SOURCES[params["source"]].currency
        if have != wanted:
            return "variant"
    return "framing"


def evaluate(claim: Claim, params: ReadingParameters, role: str) -> Reading:
    """One reading of ``claim``: the metric under ``params``, or the reason it was skipped."""
    metric, _ = metric_table.METRICS[claim.metric]
    own = statistic(claim)
    counted = role == "framing" or (role == "variant" and (own is None or params["source"] == own))
    unit = metric_table.unit(claim.metric, params)
    span = periods.years(params.get("period", ""))
    try:
        out = series.over_years(metric, params, *span) if span else metric(params)
    except TradebalanceError as exc:
        return Reading(params, None, None, skipped=str(exc), counted=counted, role=role, unit=unit)
    unit = out.unit or unit
    holds = claim.test.holds(out.value)
    if isinstance(claim.test, RecordTest):
        gap, words = series.against_series(metric, params, out.value, claim.test.side)
        holds, out.detail, out.extra = gap > 0, out.detail + words, {**out.extra, "record_gap": gap}
    return Reading(
        params,
        out.value,
        holds,
        role == "framing",
        out.detail,
        out.provenance,
        counted=counted,
        extra=out.extra,
        role=role,
        unit=unit,
    )


def check(claim: Claim, vintage: str | Snapshot = "embedded") -> Verdict:
    """Evaluate ``claim`` under every applicable reading, on the data (and exchange rates) of ``vintage``.

    Example::

        >>> from tradebalance import claims
        >>> share = claims.load_claims(claims.seed_claims_path())[1]
        >>> verdict = claims.check(share)
        >>> verdict.verdict, verdict.rating, round(verdict.framing.value, 3)
        ('supported', 'true', 0.766)
    """
    if claim.metric == NOT_CHECKABLE:
        why = f"not checkable with trade statistics: {claim.notes}"
        return Verdict(claim, [], "not checkable", why, answer=why)
    if claim.parts:  # a whole statement: each part judged as a claim, then one rating for the whole
        return parts.combine(check(parts.central(claim), vintage), [check(p, vintage) for p in claim.parts])
    name = Snapshot.open(vintage).name
    if "period" in claim.parameters:
        resolved = periods.resolve_relative(claim.parameters["period"], claim.date)
        claim = replace(claim, parameters={**claim.parameters, "period": resolved})
    if "partner" in claim.parameters or "compare" in claim.parameters:  # names (China, 米国, EU) as codes
        codes = partner_names.partner_codes(claim.parameters, f"claim {claim.id!r}")
        claim = replace(claim, parameters=as_parameters(codes))
    if claim.parameters.get("partner") == "JPN" and "reporter" not in claim.parameters:
        claim = replace(claim, parameters={**claim.parameters, "reporter": "USA"})  # trade with Japan: the U.S.'s
    results = [evaluate(claim, {**params, "vintage": name}, role) for params, role in reading_parameters(claim)]
    return judge(claim, results, published_reading(claim, results))


#: Metrics read off the country totals, which the earlier downloads hold.
PUBLISHED_METRICS = ("balance", "rank", "flow", "change")


def published_reading(claim: Claim, results: list[Reading]) -> Reading | None:
    """The framing reading on the figures published when the claim was made, where a download holds them.

    The last download made before the claim's date; where none before it holds the period and the figure
    fails on today's data, the first later download that does (the nearest to the claim's time). The framing reading gains ``published_value`` and
    ``published_in`` (the download's date).
    """
    own = [r for r in results if r.role == "framing" and r.value is not None]
    if len(own) != 1 or not claim.date:
        return None
    params = own[0].parameters
    source = SOURCES[params["source"]]
    if claim.metric not in PUBLISHED_METRICS or "definition" in params:
        return None  # the downloads hold the country totals only
    before = published.as_published(source.totals, periods.first_day(claim.date))
    downloads = [name for _, name in published.published_vintages(source.totals) if name != source.totals]
    later = downloads[downloads.index(before) + 1 :] if before in downloads else downloads
    if own[0].holds is not False:
        later = []  # a later download can only rescue a figure that fails today (context claims need none)
    for dataset in [before, *later] if before else later:
        reading = evaluate(claim, {**params, PUBLISHED: dataset}, "framing")
        if reading.value is not None:
            own[0].published_value, own[0].published_in = reading.value, dataset.partition("@")[2]
            return reading
    return None


def over_time(
    claim: Claim, years: range, *, framing_only: bool = False, vintage: str | Snapshot = "embedded"
) -> pd.DataFrame:
    """Evaluate ``claim`` for every year in ``years`` (its ``period`` replaced), reading by reading.

    Returns ``year``, ``reading`` (a label of the reading's parameters), ``value``, ``holds``, ``framing``,
    ``counted``, ``role``; ``attrs`` hold the claim id, metric, threshold, the framing reading's label and
    provenance. Years or readings without data are left out. ``framing_only`` evaluates just the claim's
    own framing (fast, for charts).
    """
    rows: list[dict[str, Any]] = []
    provenance: dict[str, dict[str, Any]] = {}
    name = Snapshot.open(vintage).name
    if framing_only:
        target = {k: v for k, v in framing(claim).items() if v != NATIVE}
        claim = replace(claim, parameters=as_parameters({**target, **claim.parameters}))
    for year in years:
        year_claim = replace(claim, parameters={**claim.parameters, "period": year})
        for params, role in reading_parameters(year_claim):
            r = evaluate(year_claim, {**params, "vintage": name}, role)
            if r.value is None:
                continue
            rows.append(
                {
                    "year": year,
                    "reading": r.label(AXES),
                    "value": r.value,
                    "holds": r.holds,
                    "framing": r.framing,
                    "counted": r.counted,
                    "role": r.role,
                }
            )
            provenance.update({p["resource"]: p for p in r.provenance})
    table = pd.DataFrame(rows, columns=["year", "reading", "value", "holds", "framing", "counted", "role"])
    own = table.loc[table["framing"], "reading"]
    table.attrs = {
        "claim_id": claim.id,
        "metric": claim.metric,
        "test": claim.test.describe(),
        "threshold": claim.test.threshold,
        "framing": own.iloc[0] if len(own) else None,
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
