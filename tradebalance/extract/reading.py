"""One figure read as a claim: its metric, parameters and test, and how sure each field is.

A figure is read by what its words do: a money amount or a count is a level (a balance, a flow, a quantity)
of the flow word it qualifies; a percentage after ``rose``/``fell`` (or before ``increase``, 増, 減) is a change
of that flow; a percentage with ``of``/``accounted for``/``share``/占め is a share (of the balance: a sector's
share; of exports: a sector's share of exports; of a country's total: a partner's share of the world); an
ordinal with ``largest`` is a rank; ``times`` is a ratio; ``millions of cars`` a vague quantity; ``massive
deficit`` a vague level. A tariff rate, a forecast, a brand's sales, production and jobs are not trade statistics
(``tradebalance.extract.cues.REASONS``).
"""

from __future__ import annotations

import re

from tradebalance.extract import cues, lexicon, ranks, shares, sides, values
from tradebalance.extract.model import SentenceReading
from tradebalance.extract.numbers import Figure
from tradebalance.extract.scene import Scene

_AUTO_FAMILY = ("automotive", "vehicles", "passenger-cars", "auto-parts", "trucks-and-buses")


def read(scene: Scene, i: int) -> SentenceReading | None:
    """Figure ``i`` of ``scene`` read as a claim, or ``None`` where it is no trade figure."""
    fig = scene.figures[i]
    left, right = scene.left(i), scene.right(i)
    clause = _clause(scene.text, fig.start, fig.end)
    if fig.kind == "rank":
        return ranks.read_rank(scene, i)
    if fig.kind == "record":
        return ranks.standalone_record(scene, i)
    if fig.kind in ("percent", "fraction") and _near(cues.TARIFF, scene.text, fig.start - 25, fig.end + 15):
        return _tariff(scene, i)
    why = _why_not(scene, i, left, right, clause)
    if why == "none":
        return None  # production, or no trade at all (prices, output, exchange rates)
    if why:
        return _not_checkable(fig, why)
    change = _change_cue(scene, i, left, right)
    ja_change = re.match(r"(?:の)?(?:(増加|増)|(減少|減))(?!の)", right)
    if fig.kind == "money" and ja_change:
        return _change(scene, i, 1 if ja_change.group(1) else -1, absolute=True)  # "1000億円余り減った"
    if fig.kind == "money" and change and re.search(r"(?i)\bby\s*$", left):
        return _change(scene, i, cues.direction(change), absolute=True)
    if fig.kind in ("percent", "fraction"):
        return _percent(scene, i, left, right, change)
    if fig.kind == "vague":
        return _vague(scene, i)
    if fig.kind == "times":
        return shares.ratio(scene, i)
    return _level(scene, i, counts=fig.kind == "count")


def _change_cue(scene: Scene, i: int, left: str, right: str) -> re.Match[str] | None:
    """The change word figure ``i`` belongs to, its own or that of the figures it follows in a list."""
    change = cues.CHANGE_BEFORE.search(left) or cues.CHANGE_AFTER.match(right)
    k = i
    while change is None and k > 0 and re.fullmatch(r"\s*(?:\(|,|and|, and)\s*", scene.left(k)):
        k -= 1  # "(6 percent)" after a change, or "39.0 percent, 16.4 percent and 19.8 percent": the same verb
        if scene.figures[k].kind in ("percent", "money"):
            change = cues.CHANGE_BEFORE.search(scene.left(k))
    return change


def _percent(scene: Scene, i: int, left: str, right: str, change: re.Match[str] | None) -> SentenceReading | None:
    """A percentage or fraction read as a change or a share, or ``None`` where its words say neither."""
    if change and not cues.SHARE_AFTER.match(right):
        return _change(scene, i, cues.direction(change))
    if cues.SHARE_BEFORE.search(left) or cues.SHARE_AFTER.match(right) or re.search(r"(?i)\bshare\b", left):
        return shares.share(scene, i)
    return None


def _vague(scene: Scene, i: int) -> SentenceReading | None:
    """A vague figure ("most", "doubled", "millions of cars", "massive deficit") read by what it is vague about."""
    fig = scene.figures[i]
    if fig.vague == "share":
        return shares.share(scene, i)
    if fig.vague == "change":
        return _change(scene, i, -1 if fig.word == "halved" else 1)
    if fig.vague == "quantity":
        return _level(scene, i, counts=True)
    return _level(scene, i)


def _why_not(scene: Scene, i: int, left: str, right: str, clause: str) -> str:
    """Why figure ``i`` is no trade statistic: a key of ``tradebalance.extract.cues.REASONS``, else ``""``.

    ``none`` where it is no trade figure at all (production; prices, output, exchange rates).
    """
    fig = scene.figures[i]
    promised = cues.COMMITMENT.search(scene.text[: fig.start])
    checks = (
        ("tariff-action", fig.kind == "money" and re.search(r"(?i)tariffs?\s+on\s+(?:as\s+much\s+as\s+)?$", left)),
        (
            "forecast",
            re.search(
                r"(?i)\b(?:expected|forecast|projected|predicted|will|goal\s+of|target\s+of)\b[^.,;]{0,30}$", left
            ),
        ),
        ("jobs", fig.kind == "count" and fig.unit == "jobs"),
        ("quota", cues.QUOTA.search(scene.text[: fig.start])),
        (
            "forecast",
            promised and not scene.attributive(i) and not cues.FINITE.search(scene.text[promised.end() : fig.start]),
        ),
        ("tariff", fig.kind in ("vague", "count") and cues.TARIFF.search(clause)),
        ("brand", fig.kind in ("percent", "fraction") and _domestic_market(clause)),
        ("forecast", i > 0 and re.search(r"(?i)\bfrom\s+(?:about\s+|some\s+)?$", left) and _base_blocked(scene, i)),
        ("brand", re.match(r"(?i)\s*(?:share\s+)?of\s+(?:the\s+)?[\w.'\s-]{0,45}?(?:market|sales\s+in)\b", right)),
        ("brand", fig.kind in ("count", "money") and cues.BRAND_SALES.search(left)),
        ("brand", cues.BRAND.search(clause) and _sales(scene, i)),
        ("none", fig.kind == "count" and cues.PRODUCTION.search(left[-40:])),
        ("none", cues.NON_TRADE.search(clause) and not cues.flows(clause)),
    )
    return next((why for why, found in checks if found), "")


def _sales(scene: Scene, i: int) -> bool:
    """Whether figure ``i`` measures sales (``its global sales rose 3%``, 販売台数) rather than a trade flow."""
    flow = scene.flow(i) or scene.flow(i, attributive=False)
    word = scene.text[flow[1] : flow[1] + 5].lower() if flow else ""
    return word.startswith(("sales", "sold", "sell")) or "販売" in scene.text[: scene.figures[i].start]


def _domestic_market(clause: str) -> bool:
    """``94% of cars in Japan are made in Japan``: a market's makes, not trade."""
    made = re.search(r"(?i)製|made\s+in|-made|nameplate", clause)
    return bool(made and re.search(r"(?i)では|\bin\s+(?:the\s+)?(?:Japan|U\.?S\.?|United\s+States|America)\b", clause))


def _base_blocked(scene: Scene, i: int) -> bool:
    """Whether the figure before (whose base ``from $9 billion`` is) cannot be checked either."""
    base = read(scene, i - 1)
    return base is not None and bool(base.reason)


def _clause(text: str, start: int, end: int) -> str:
    """The clause around ``text[start:end]``: between the punctuation marks before and after it."""
    marks = ",;、。「」"
    lo = max(text.rfind(c, 0, start) for c in marks) + 1
    after = [p for p in (text.find(c, end) for c in marks) if p >= 0]
    return text[lo : min(after, default=len(text))]


def _near(pattern: re.Pattern[str], text: str, start: int, end: int) -> bool:
    return bool(pattern.search(text[max(0, start) : end]))


def _not_checkable(fig: Figure, why: str) -> SentenceReading:
    return SentenceReading("not_checkable", {}, {}, fig.said, reason=cues.REASONS[why])


def _level(scene: Scene, i: int, counts: bool = False) -> SentenceReading | None:
    fig = scene.figures[i]
    flow = scene.flow(i) or scene.flow(i, attributive=False)
    if flow is None and not counts and not (scene.context.metric and scene.refers_back()):
        return None
    noun, at = flow if flow else (scene.context.flow or ("exports" if counts else "gap"), -1)
    if counts and noun not in ("exports", "imports"):
        noun = "exports"
    if counts and not fig.unit and not re.search(r"(?i)\bunits?\b|cars|vehicles|台|車|クルマ", scene.text) and not flow:
        return None
    if counts and flow is None:
        side = sides.Side("JPN", "USA", "exports", 1, {"reporter": "default", "partner": "default"})
    else:
        side = sides.side_of(scene, i, noun, at, counts)
    if noun in ("deficit", "surplus", "gap") and not counts:
        metric, sign = side.metric, side.sign
        params = {"reporter": side.reporter, "partner": side.partner}
        if metric == "flow":
            params["flow"] = side.flow
            sign = 1
    else:
        metric, sign = ("quantity" if counts else "flow"), 1
        params = {"reporter": side.reporter, "partner": side.partner, "flow": side.flow}
    reading = SentenceReading(metric, params, values.test(fig, sign), fig.said, dict(side.found))
    if side.mirror:
        reading.options.append(("the other country's statistics", values.mirrored(side, metric)))
    if metric == "balance" and side.found.get("partner") == "default":
        world = {"metric": "flow", "params": {"partner": "WLD", "flow": side.balance_flow}, "sign": side.sign}
        reading.options.append(("the world", world))
    values.place(scene, i, reading, side.reporter, counts=counts)
    if fig.kind == "vague" and fig.vague == "level":
        reading.params.setdefault("currency", "USD")
    reading.record = ranks.record_of(scene, i)
    return reading


def _change(scene: Scene, i: int, direction: int, absolute: bool = False) -> SentenceReading | None:
    fig = scene.figures[i]
    flow = scene.flow(i, attributive=False)
    counted = re.match(r"(?i)^\s*(?:more|fewer)\s+(?:[\w-]+\s+)?(cars|vehicles|units)", scene.right(i))
    following = scene.figures[i + 1] if i + 1 < len(scene.figures) else None
    to_count = following is not None and following.kind == "count" and re.search(r"\bto\s+$", scene.right(i))
    counts = counted is not None or bool(to_count)
    if flow is None and not (scene.context.metric and scene.refers_back()):
        return None
    noun, at = flow if flow else (scene.context.flow or "gap", -1)
    side = sides.side_of(scene, i, noun, at, counts)
    params = {"reporter": side.reporter, "partner": side.partner, "flow": side.flow}
    if counts or re.search(r"(?i)\bunits?\b|台数", scene.text[: fig.start]) and noun == "exports":
        params["of"] = "quantity"
    if absolute:
        params["change"] = "absolute"
    previous = scene.previous
    after_count = previous is not None and previous.metric == "quantity" and i > 0
    if after_count and not cues.flows(scene.text[scene.figures[i - 1].end : fig.start]):
        params.update(of="quantity", flow=previous.params["flow"])  # "1.37 million vehicles …, up 2.3%"
    test = values.test(fig, direction)
    reading = SentenceReading("change", params, test, fig.said, dict(side.found))
    values.place(scene, i, reading, side.reporter, counts=counts, change=True)
    if params.get("of") == "quantity" and after_count and "sector" in previous.params:
        reading.params["sector"] = previous.params["sector"]
    if counted is not None:
        readings = lexicon.sector_words().get(counted.group(1).lower())
        reading.params["sector"] = readings[0].sector if readings else "vehicles"
    return reading


def _tariff(scene: Scene, i: int) -> SentenceReading:
    fig = scene.figures[i]
    goods = [s for s in scene.sectors if s.name in _AUTO_FAMILY]
    japanese = any(p.code == "JPN" for p in scene.partners)
    if (
        cues.PROSPECT.search(scene.text)
        and japanese
        and (goods or re.search(r"(?i)products|goods|exports", scene.text))
    ):
        sector = "auto-tariff" if goods else ""
        params = {"reporter": "USA", "partner": "JPN", "rate": round(fig.value, 6)}
        if sector:
            params["sector"] = sector
        reading = SentenceReading("tariff_exposure", params, {"kind": "context"}, fig.said, {"reporter": "inferred"})
        values.place(scene, i, reading, "USA")
        if reading.params.get("sector") in _AUTO_FAMILY:
            reading.params["sector"] = sector or "auto-tariff"
        reading.options = [o for o in reading.options if "sector" not in o[1].get("params", {})]
        return reading
    return _not_checkable(fig, "tariff")
