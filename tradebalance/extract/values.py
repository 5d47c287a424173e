"""A figure's test, and the period, sector, scope and currency it is placed in.

Tests follow the README's conventions: money in currency units, signed as the reporter records its balance
(a U.S. deficit is negative), shares and changes as fractions; a quoted figure is an ``approx`` test with its
words (``said``), whose precision and hedge the rubric reads; a stated range is ``between``; a vague word is a
``vague`` test. The period is the figure's own, else the sentence's, else the article's so far, else the
latest full period published by the article's date (:mod:`tradebalance.extract.when`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tradebalance import periods
from tradebalance.extract import cues, lexicon, when
from tradebalance.extract.numbers import Figure
from tradebalance.extract.scene import Scene

if TYPE_CHECKING:
    from tradebalance.extract.model import SentenceReading
    from tradebalance.extract.sides import Side

#: Sectors read from a count's own noun (``1.7 million cars``) when the sentence names no other.
#: A sector a loose word names: ``millions of cars`` are all vehicles, not passenger cars alone.
LOOSE = {"passenger-cars": "vehicles"}
#: "$71.6 billion a year earlier": the figure of the period before the sentence's.
_EARLIER = re.compile(r"(?i)a\s+(?:year|month)\s+(?:earlier|ago|before)")
_SHIFTABLE = re.compile(r"\d{4}|FY\d{4}|\d{4}-\d{2}")
_UNITS = {"units": "vehicles", "vehicles": "vehicles", "trucks": "trucks-and-buses", "light trucks": "vehicles"}


def _round(x: float) -> float:
    return float(f"{x:.12g}")


def test(fig: Figure, sign: int) -> dict[str, Any]:
    """The test a figure's words make, its value signed by ``sign``."""
    if fig.kind == "vague":
        return {"kind": "vague", "word": fig.word}
    if fig.low is not None and fig.high is not None:
        low, high = sorted((_round(sign * fig.low), _round(sign * fig.high)))
        return {"kind": "between", "low": low, "high": high}
    out: dict[str, Any] = {"kind": "approx", "value": _round(sign * fig.value), "said": fig.said}
    if fig.hedge and fig.hedge != _rubric_hedge(fig.said):
        out["hedge"] = fig.hedge
    return out


def _rubric_hedge(said: str) -> str:
    from tradebalance.claims import rubric

    return rubric.hedge_of(said)


def mirrored(side: Side, metric: str) -> dict[str, Any]:
    """The unmirrored reading of a figure (Japan's surplus on Japan's statistics), as overrides."""
    params = {"reporter": side.mirror["reporter"], "partner": side.mirror["partner"]}
    if "flow" in side.mirror:
        params["flow"] = side.mirror["flow"]
    out: dict[str, Any] = {"params": params}
    if metric in ("balance", "flow") and "sign" in side.mirror:
        out["sign"] = -1
        if metric == "flow":
            params["flow"] = "surplus" if side.mirror["sign"] > 0 else "deficit"
            out["sign"] = 1
    return out


def place(
    scene: Scene,
    i: int,
    reading: SentenceReading,
    reporter: str,
    counts: bool = False,
    change: bool = False,
    share: bool = False,
) -> None:
    """Set ``reading``'s period, sector, scope and currency from the words (or the context, or the date)."""
    fig = scene.figures[i]
    _period(scene, i, reading, reporter, change)
    if reading.reason:
        return
    zone = _zone(scene, i, change)
    sector = _sector(scene, i, zone, counts, share)
    if sector:
        names = [s.sector for s in sector.readings]
        name = LOOSE.get(names[0], names[0]) if fig.kind == "vague" and counts else names[0]
        if reading.metric == "sector_share" and name in ("vehicles", "passenger-cars"):
            names.append(name)
            name = "automotive"  # a share of the balance: the auto trade's contribution; vehicles another reading
        reading.params["sector"] = name
        reading.found["sector"] = "words"
        for other in dict.fromkeys(names):
            if other != name:
                reading.options.append((f"“{sector.word}” read as {other}", {"params": {"sector": other}}))
    elif counts:
        unit = _UNITS.get(fig.unit, "vehicles")
        reading.params["sector"] = scene.context.sector or unit
        reading.found["sector"] = "context" if scene.context.sector else "default"
    scope = _nearest_scope(scene, fig, zone) or scene.sentence_scope() or scene.context.scope
    if scope and scope != "goods" and reporter == "USA":
        reading.params["scope"] = scope
    elif scope == "goods" and reporter == "USA" and re.search(r"(?i)\b(?:alone|only)\b|services", scene.text):
        reading.params["scope"] = "goods"
    if fig.kind == "money":
        reading.params["currency"] = fig.currency
    elif change and reading.metric == "change" and scene.currency():
        reading.params["currency"] = scene.currency()


def _nearest_scope(scene: Scene, fig: Figure, zone: tuple[int, int]) -> str:
    """The scope word of the zone nearest to the figure (``$77 billion in goods, $44 billion in services``)."""
    found = [m for m in cues.SCOPE.finditer(scene.text, *zone)]
    if not found:
        return ""
    m = min(found, key=lambda m: max(m.start() - fig.end, fig.start - m.end(), 0))
    return scene.scope(m.start(), m.end())


def _zone(scene: Scene, i: int, change: bool = False) -> tuple[int, int]:
    """The words that qualify figure ``i``: from its flow word (or its clause's start) to the end of its clause.

    A change's zone ends at the figure: ``edged up 3.4 percent on increased exports in automobiles`` is a change
    of the surplus, not of automobiles.
    """
    start, end = scene.window(i)
    fig = scene.figures[i]
    flow = scene.flow(i, attributive=not change)
    if scene.japanese and flow and flow[1] < fig.start:
        return max(0, flow[1] - 20), flow[1] + 2  # Japanese qualifies a flow before it: 米国向け自動車輸出
    lo = max(0, flow[1] - 30) if flow and flow[1] < fig.start else max(start, fig.start - 45)
    cut = max(scene.text.rfind(c, lo, fig.start) for c in ",;:(")
    lo = cut + 1 if cut >= 0 else lo
    if re.match(r"\s*(?:which|that|who)\b", scene.text[lo : fig.start]):
        lo = start  # a relative clause: the figure qualifies the noun before it
    if change:
        return lo, fig.start
    clause = re.search(r"[;,]|\bwhile\b|\bas\b", scene.text[fig.end : end])
    hi = fig.end + clause.start() if clause else end
    return lo, min(hi, fig.end + 60)


def _sector(scene: Scene, i: int, zone: tuple[int, int], counts: bool, share: bool) -> Any:
    fig = scene.figures[i]
    if share:
        return scene.nearest(scene.sectors, i)
    if counts and fig.unit and fig.unit in lexicon.sector_words():
        inside = [s for s in scene.sectors if zone[0] <= s.start and s.end <= zone[1] and s.start >= fig.start]
        return inside[0] if inside else None
    inside = [s for s in scene.sectors if zone[0] <= s.start and s.end <= zone[1]]
    return min(inside, key=lambda s: max(s.start - fig.end, fig.start - s.end, 0), default=None)


def _period(scene: Scene, i: int, reading: SentenceReading, reporter: str, change: bool) -> None:
    mine = scene.period_of(i)
    label = _period_label(scene, i, reading, reporter, mine)
    if label is None:
        return
    start, end = scene.window(i)
    earlier = next(
        (w for w in scene.periods if start <= w.start < end and _EARLIER.fullmatch(scene.text[w.start : w.end])), None
    )
    if mine is None and earlier is not None and reading.metric != "change" and _SHIFTABLE.fullmatch(label):
        label = (
            periods.previous(label)
            if "month" in scene.text[earlier.start : earlier.end]
            else periods.year_before(label)
        )
    reading.params["period"] = _period_value(label)
    if reporter == "JPN" and re.fullmatch(r"\d{4}", label) and reading.metric != "rank":
        reading.options.append((f"fiscal year {label}", {"params": {"period": f"FY{label}"}}))
    elif re.fullmatch(r"FY\d{4}", label) and reading.found["period"] in ("default", "context"):
        reading.options.append((f"calendar year {label[2:]}", {"params": {"period": int(label[2:])}}))
    if change:
        _base(scene, i, reading, label, reporter)
    if reading.found["period"] == "default":
        for _why, option in reading.options:
            other = option.get("params", {}).get("reporter")
            candidates = _by_date(scene, i, other) if other and other != reporter else []
            if candidates:
                option["params"]["period"] = _period_value(candidates[0])


def _period_label(scene: Scene, i: int, reading: SentenceReading, reporter: str, mine: when.When | None) -> str | None:
    """The period figure ``i`` is of: its own words, the sentence's, the context's or by the article's date.

    ``None`` where there is none, or where it is the present or a forecast (the reading is then not checkable).
    """
    own = mine or scene.sentence_period()
    if own is not None:
        if own.role == "current" or (
            own.role == "by" and when.day_of(scene.date) and periods.year_of(own.label) >= _year(scene)
        ):
            reading.metric, reading.reason = (
                "not_checkable",
                cues.REASONS["current" if own.role == "current" else "forecast"],
            )
            return None
        reading.found["period"] = "inferred" if own.relative else "words"  # "last year": words and the date
        if own.role == "range" and re.search(r"(?i)\baverage|平均", scene.text):
            reading.params["aggregate"] = "mean"
        return own.label
    if scene.context.period:
        reading.found["period"] = "context"
        return scene.context.period
    candidates = _by_date(scene, i, reporter)
    if not candidates:
        reading.found["period"] = "missing"
        return None
    reading.found["period"] = "default"
    for other in candidates[1:]:
        reading.options.append((f"the period {other}", {"params": {"period": _period_value(other)}}))
    return candidates[0]


def _year(scene: Scene) -> int:
    day = when.day_of(scene.date)
    return day.year if day else 0


def _period_value(label: str) -> int | str:
    return int(label) if re.fullmatch(r"\d{4}", label) else label


def _by_date(scene: Scene, i: int, reporter: str) -> list[str]:
    """Periods for a figure whose words name none: the latest full year, or the period just released."""
    fig = scene.figures[i]
    before = scene.text[max(0, fig.start - 60) : fig.start]
    if re.search(r"[\u3040-\u30ff]", scene.text):
        before = scene.text  # Japanese puts the verb at the end: "…となった" (past), "…だ" (present)
    generic = any(w.role == "generic" for w in scene.periods)
    attributive = scene.attributive(i) and not scene.japanese  # 黒字でした: a predicate, not a noun phrase
    past = bool(cues.PAST.search(before)) and not cues.PRESENT.search(before) and not attributive and not generic
    if past and scene.date and len(scene.date) > 4:
        released = when.released(reporter, scene.date)
        yearly = any(w.label == "base" and w.end - w.start <= 3 for w in scene.periods)  # 前年比: on the year
        return sorted(released, key=lambda p: "-" in p) if yearly else released
    year = when.latest(reporter, scene.date)
    return [year] if year else []


def _base(scene: Scene, i: int, reading: SentenceReading, label: str, reporter: str) -> None:
    """A change's base: ``from 2012``, ``in six years``, ``from the previous month`` (else the default)."""
    start, end = scene.window(i)
    mine = [w for w in scene.periods if start <= w.start < end]
    base = next((w for w in mine if w.role in ("from", "since") and w.label.isdigit()), None)
    span = next((w for w in scene.periods if w.role == "span"), None)
    freq = (
        periods.parse_label(label)[0]
        if re.fullmatch(r"\d{4}|FY\d{4}|\d{4}-\d{2}|\d{4}[QH]\d|FY\d{4}H\d", label)
        else ""
    )
    if base is not None and freq == "Y" and base.label.isdigit() and int(base.label) != int(label) - 1:
        reading.params["from"] = int(base.label)
    elif span is not None and freq == "Y":
        reading.params["from"] = int(label) - int(span.label)
    previous = any(w.label == "previous" for w in scene.periods)
    if freq == "M" and (previous or (reporter == "USA" and not any(w.role == "base" for w in scene.periods))):
        reading.params["compare"] = "previous"
        if not previous:
            reading.options.append(
                ("compared with a year earlier", {"params": {"compare": "year-ago"}, "drop": ["compare"]})
            )
