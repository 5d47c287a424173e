"""How well extraction reads the project's own real statements (the development set).

For each hand-written claim of ``seeds/real-world.toml``, :func:`accuracy_report` runs :func:`~tradebalance.extract.extract`
on its quote with its date and compares the figures drafted (each draft's claim and its parts) with the
claim's: the **top-1** agreement (a figure of the drafts equals the claim: metric, period, reporter, partner,
sector, scope, and the test's kind and value within the figure's rounding), agreement **among the
alternatives**, and, on a sample, whether the drafted figure's **rating** (``tradebalance.check``) equals the
hand-written claim's. For the statements not yet written (``seeds/real-world-not-expressible.md``) it counts how
many now give a draft.

Fields a hand-written claim leaves open are not compared; a balance and the matching surplus or deficit flow
are the same figure (``balance = -68.8e9`` for the U.S. is the flow ``deficit = 68.8e9``); a sector definition
counts as its sector (``mof-vehicles`` is ``vehicles``); no scope is goods.
"""

from __future__ import annotations

import csv
import math
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

from tradebalance import periods
from tradebalance.extract import extract
from tradebalance.store.paths import packaged

#: The fields compared, in the order a mismatch is reported (``flow``: exports, imports, two-way trade …).
FIELDS = ("metric", "flow", "period", "reporter", "partner", "sector", "scope", "test")


@dataclass
class Result:
    """One hand-written claim against the drafts of its quote."""

    id: str
    top: bool
    among: bool
    missed: str
    """The first field that differs from the nearest drafted figure (``""`` where the top-1 agrees)."""
    ratings: tuple[str | None, str | None] | None = None
    """(hand-written, drafted) rating, where compared."""


@dataclass
class Report:
    """The numbers and the rows behind them."""

    results: list[Result] = field(default_factory=list)
    unwritten: int = 0
    unwritten_drafted: int = 0

    def share(self, attr: str) -> float:
        """The share of claims whose ``attr`` (``top``, ``among``) holds."""
        return sum(bool(getattr(r, attr)) for r in self.results) / len(self.results) if self.results else 0.0

    @property
    def rated(self) -> list[Result]:
        """The results whose ratings were compared."""
        return [r for r in self.results if r.ratings is not None]

    @property
    def rating_agreement(self) -> float:
        """The share of compared ratings that are equal."""
        rated = self.rated
        return sum(r.ratings[0] == r.ratings[1] for r in rated if r.ratings) / len(rated) if rated else 0.0

    def table(self) -> str:
        """A printable summary, then every claim the top-1 misses with the field that differs."""
        lines = [
            f"written statements: {len(self.results)} claims",
            f"  top-1 draft equals the hand-written claim: {self.share('top'):.1%}",
            f"  among the alternatives:                    {self.share('among'):.1%}",
            f"  ratings equal (sample of {len(self.rated)}):            {self.rating_agreement:.1%}",
            f"not yet written: {self.unwritten_drafted} of {self.unwritten} statements give a draft",
            "",
            "misses (claim: first field that differs):",
        ]
        lines += [f"  {r.id}: {r.missed}" for r in self.results if not r.top]
        return "\n".join(lines)


def accuracy_report(rate_every: int = 0) -> Report:
    """Measure extraction on the development set; compare ratings on every ``rate_every``-th claim (0: none)."""
    out = Report()
    for n, table in enumerate(_written()):
        result = _compare(table)
        if rate_every and n % rate_every == 0 and result.top:
            result.ratings = _ratings(table)
        out.results.append(result)
    statements = _unwritten()
    out.unwritten = len(statements)
    out.unwritten_drafted = sum(bool([d for d in extract(q, date) if d.checkable]) for q, date in statements)
    return out


def _written() -> list[dict[str, Any]]:
    with packaged("seeds", "real-world.toml").open("rb") as f:
        return list(tomllib.load(f)["claim"])


def _unwritten() -> list[tuple[str, str]]:
    path = packaged("seeds", "real-world-not-expressible.md")
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\|\s*(\d{4}(?:-\d{2}){0,2})\s*\|[^|]*\|\s*“(.+?)”\s*\|", line)
        if m:
            out.append((m.group(2), m.group(1)))
    return out


def claim_figures(claim: dict[str, Any]) -> list[dict[str, Any]]:
    """A claim dict (a draft's or a claim file's table) as its figures, each part's parameters laid over."""
    head = {k: claim.get(k) for k in ("metric", "parameters", "test", "notes")}
    out = [head]
    for part in claim.get("parts", claim.get("part", [])):
        out.append(
            {
                "metric": part.get("metric", claim["metric"]),
                "parameters": {**claim.get("parameters", {}), **part.get("parameters", {})},
                "test": part.get("test"),
            }
        )
    return out


def _compare(table: dict[str, Any]) -> Result:
    date = str(table.get("attribution", {}).get("date", "")) or None
    drafts = extract(table["quote"], date)
    hand = _canonical(claim_figures(table)[0], date)
    top = [_canonical(f, date) for d in drafts for f in claim_figures(d.claim)]
    alts = [_canonical(f, date) for d in drafts for a in d.alternatives for f in claim_figures(a)]
    misses = [_differs(hand, f) for f in top]
    hit = "" in misses
    among = hit or any(_differs(hand, f) == "" for f in alts)
    missed = "" if hit else (max(misses, key=FIELDS.index) if misses else "no draft")
    return Result(table["id"], hit, among, missed)


def _definitions() -> dict[str, str]:
    """Each sector definition → the sector it is a reading of (``mof-vehicles`` → ``vehicles``)."""
    path = packaged("data", "sectors", "vocabulary.csv")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out: dict[str, str] = {}
    for row in rows:
        if row["role"] == "reading" and row["name"] != "auto-tariff":
            out.setdefault(row["definition"], row["name"])
    return out


def _canonical(fig: dict[str, Any], date: str | None) -> dict[str, Any]:
    """A figure in one form: periods resolved, surplus and deficit flows as balances, definitions as sectors."""
    from tradebalance import partner_names

    metric = str(fig.get("metric"))
    params = dict(fig.get("parameters") or {})
    if metric == "not_checkable":
        return {"metric": metric}
    period = str(params.get("period", ""))
    if period and date and period.lower() in periods.RELATIVE:
        period = periods.resolve_relative(period, date)
    if params.get("calendar") == "fiscal" and period.isdigit():
        period = f"FY{period}"
    sign = 1.0
    if metric == "flow" and params.get("flow") in ("surplus", "deficit"):
        metric, sign = "balance", (1.0 if params["flow"] == "surplus" else -1.0)
    if metric == "share" and params.get("of") == "exports" and params.get("reporter") == "JPN":
        metric = "share_of_exports"
    sector = params.get("sector") or _definitions().get(str(params.get("definition", "")), "")
    if metric in ("sector_share", "share_of_exports", "tariff_exposure") and not sector:
        sector = "automotive" if metric != "tariff_exposure" else "auto-tariff"
    out = {
        "metric": metric,
        "flow": "" if metric == "balance" else params.get("flow", ""),
        "period": period,
        "reporter": params.get("reporter", ""),
        "partner": partner_names.partner_code(str(params["partner"])) if params.get("partner") else "",
        "sector": sector,
        "scope": params.get("scope", "goods"),
        "test": _test_key(fig, sign),
    }
    return out


def _test_key(fig: dict[str, Any], sign: float) -> tuple[Any, ...]:
    """A test as (family, values): figures by their interval, ranges, vague words, ranks and records."""
    from tradebalance.claims.fileformat import claim_from_table
    from tradebalance.claims.rubric import word as vague_word

    spec = dict(fig.get("test") or {})
    kind = spec.get("kind")
    if kind in ("rank", "top"):
        return (kind, int(spec["value"]))
    if kind == "record":
        return (kind, spec.get("side"))
    if kind == "context":
        return (kind,)
    if kind == "vague":
        return (kind, vague_word(str(spec.get("word"))).word)
    table = {"id": "x", "quote": "x", "metric": "balance", "test": spec}
    test = claim_from_table(table).test
    accepted = test.accepted()
    if accepted is None:
        return (kind,)
    low, high = sorted((sign * accepted[0], sign * accepted[1]))
    if low == 0 < high:
        low = -math.inf  # "under 1 %" of a share or a count: nothing below zero to bound
    band = abs(low + high) / 2 < 1 and high - low <= 0.0105  # a rounded percentage: ±0.5 points
    if kind == "between" and low and high and not band and (high - low) / abs((high + low) / 2) > 0.25:
        return ("range", low, high)
    return ("figure", low, high)


def _differs(hand: dict[str, Any], drafted: dict[str, Any]) -> str:
    """The first field in which a drafted figure differs from the hand-written one (``""``: none)."""
    if hand["metric"] == "not_checkable" or drafted["metric"] == "not_checkable":
        return "" if hand["metric"] == drafted["metric"] else "metric"
    for key in FIELDS[:-1]:
        if hand[key] and hand[key] != drafted[key] and not (key == "period" and _same_period(hand, drafted)):
            return key
        if key == "flow" and drafted[key] and not hand[key]:
            return key
        if key == "sector" and drafted[key] and not hand[key]:
            return key
    return "" if _same_test(hand["test"], drafted["test"]) else "test"


def _same_period(hand: dict[str, Any], drafted: dict[str, Any]) -> bool:
    return str(hand["period"]) == str(drafted["period"])


def _same_test(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """Equal kinds and values, figures within their rounding (the wider of the two intervals, or 1 %)."""
    if a[0] != b[0] or len(a) != len(b):
        return False
    if a[0] not in ("figure", "range"):
        return a == b
    (_, lo1, hi1), (_, lo2, hi2) = a, b
    if math.isinf(hi1) != math.isinf(hi2) or math.isinf(lo1) != math.isinf(lo2):
        return False
    ends = [(x, y) for x, y in ((lo1, lo2), (hi1, hi2)) if not math.isinf(x)]
    width = max(hi1 - lo1 if not math.isinf(hi1 - lo1) else 0, hi2 - lo2 if not math.isinf(hi2 - lo2) else 0)
    if len(ends) == 2 and a[0] == "figure":
        mid1, mid2 = (lo1 + hi1) / 2, (lo2 + hi2) / 2
        return abs(mid1 - mid2) <= max(width / 2, 0.01 * abs(mid1))
    return all(abs(x - y) <= max(width / 2, 0.01 * abs(x)) for x, y in ends)


def _ratings(table: dict[str, Any]) -> tuple[str | None, str | None] | None:
    """The ratings of the hand-written claim and of the drafted figure that equals it."""
    from tradebalance.claims import check
    from tradebalance.claims.fileformat import claim_from_table

    date = str(table.get("attribution", {}).get("date", "")) or None
    hand_table = {k: v for k, v in table.items() if k not in ("part", "expect")}
    hand = _canonical(claim_figures(table)[0], date)
    for draft in extract(table["quote"], date):
        for fig in claim_figures(draft.claim):
            if _differs(hand, _canonical(fig, date)) == "":
                mine = {"id": "drafted", "quote": table["quote"], "metric": fig["metric"]}
                mine.update(parameters=fig["parameters"], test=fig["test"], attribution=table.get("attribution", {}))
                if fig["metric"] == "not_checkable":
                    return None
                return check(claim_from_table(hand_table)).rating, check(claim_from_table(mine)).rating
    return None


if __name__ == "__main__":  # python -m tradebalance.extract.accuracy
    print(accuracy_report(rate_every=1).table())
