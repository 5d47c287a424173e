"""A sentence's figures assembled into drafts: the central figure, its parts, the other readings, the confidence.

The central figure is the sentence's first level (a balance, a flow, a quantity), else its first figure; the
others are its parts, each with only the parameters that differ (a part cannot drop a parameter the central
figure sets, so a figure that would need to becomes a draft of its own). A figure the words call a record adds a
``record`` part. ``respectively`` pairs listed sectors or partners with the figures in order.

**Confidence** is the mean, over the fields a reader must find (metric, reporter, partner, period, test, and
the sector where one is named), of how each was found: 1.0 from the sentence's words, 0.8 inferred from another
word of the sentence (the currency, an agency), 0.6 from an earlier sentence, 0.4 a default (the article's date,
the Japan–U.S. pair), 0.1 missing; less 0.05 for each other reading offered (at most 0.15). A statement that
cannot be checked gets 0.5: its reason is read from one cue word.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from tradebalance.claims import limits
from tradebalance.extract import cues, numbers, ranks, reading
from tradebalance.extract.document import Sentence
from tradebalance.extract.draft import Draft
from tradebalance.extract.model import SentenceReading
from tradebalance.extract.scene import Context, Scene

#: A sentence without any of these can hold no figure (a number, a vague word, a rank or a record): skipped fast.
_TRIGGER = re.compile(
    r"\d|(?i:illion|thousand|hundred|largest|biggest|record|massive|huge|enormous|\bbig\b|half|third|quarter|"
    r"doubled|tripled|halved|twice|times|percent|bulk|majority|most|none|fraction|tenth|fifth|dozen|all-time|"
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
    r"ninety)\b|\btop\b|second|fourth)|数|割|兆|億|万|最高|最大|最低|位|多額|巨額|膨大"
)
_DIGIT = re.compile(r"\d")
SCORES = {"words": 1.0, "inferred": 0.8, "context": 0.6, "default": 0.4, "missing": 0.1}
#: Parameters a part may inherit from the central figure without changing what it measures.
_HARMLESS = ("currency", "scope")
#: At most this many figures to a draft (the claim file's limit on parts, with the central figure).
MAX_PARTS = 12
#: At most this many other readings per draft.
MAX_ALTERNATIVES = 6


def sentence_drafts(sentence: Sentence, n: int, date: str | None, context: Context) -> list[Draft]:
    """The drafts of one sentence (``n``: its number in the text, for ids); updates ``context``."""
    if not _DIGIT.search(sentence.folded) and not _TRIGGER.search(sentence.folded):
        _remember(Scene.read(sentence.folded, date, context, []), context, None)
        return []
    figs = numbers.find_figures(sentence.folded)
    scene = Scene.read(sentence.folded, date, context, figs)
    ranks.prepare(scene)
    if not scene.figures:
        _remember(scene, context, None)
        return []
    overrides = _respectively(scene)
    found: list[SentenceReading] = []
    for i in range(len(scene.figures)):
        r = reading.read(scene, i)
        if r is not None and i in overrides:
            key, value = overrides[i]
            if value is None:
                continue
            r.params[key] = value
        if r is not None:
            found.append(r)
            scene.previous = r
    found = _last_of_repeats(found)
    checkable = [r for r in found if r.metric != "not_checkable"]
    if not checkable:
        _remember(scene, context, None)
        blocked = [r for r in found if r.reason]
        cues_found = (cues.TARIFF, cues.MARKET, cues.BRAND)
        trade = bool(scene.sectors or scene.flows) or any(c.search(scene.text) for c in cues_found)
        if blocked and trade:
            quote = sentence.text[: limits.MAX_QUOTE_CHARS]
            claim = {"id": f"s{n}-not-checkable", "quote": quote, "metric": "not_checkable"}
            claim.update(_attribution(date), notes=blocked[0].reason)
            return [Draft(sentence.text, sentence.start, sentence.end, claim, 0.5, [], False, blocked[0].reason)]
        return []
    groups = _groups(checkable)
    _remember(scene, context, groups[0][0])
    out = []
    for k, group in enumerate(groups):
        suffix = "" if k == 0 else f"-{k + 1}"
        out.append(_draft(sentence, f"s{n}-{_slug(group[0])}{suffix}", date, group))
    return out


def _attribution(date: str | None) -> dict[str, Any]:
    return {"attribution": {"date": date}} if date else {}


def _slug(r: SentenceReading) -> str:
    period = str(r.params.get("period", "")).lower()
    return re.sub(r"[^a-z0-9-]+", "-", f"{r.metric.replace('_', '-')}-{period}").strip("-")


def _groups(found: list[SentenceReading]) -> list[list[SentenceReading]]:
    """The central figure first, then the figures that can be its parts; the others start groups of their own."""
    levels = [r for r in found if r.metric in ("balance", "flow", "quantity")]
    rest = sorted(found, key=lambda r: (r not in levels, found.index(r)))
    groups: list[list[SentenceReading]] = []
    for r in rest:
        for group in groups:
            main = group[0]
            room = len(group) + sum(bool(g.record) for g in group) + bool(r.record) <= MAX_PARTS
            if room and all(k in r.params or k in _HARMLESS for k in main.params):
                group.append(r)
                break
        else:
            groups.append([r])
    return groups


def _draft(sentence: Sentence, claim_id: str, date: str | None, group: list[SentenceReading]) -> Draft:
    main = group[0]
    claim: dict[str, Any] = {"id": claim_id, "quote": sentence.text[: limits.MAX_QUOTE_CHARS]}
    claim.update(_attribution(date))
    claim.update(metric=main.metric, parameters=dict(main.params), test=dict(main.test))
    parts = [_part(main.params, r) for r in group[1:]]
    for r in group:
        if r.record:
            parts.append(_record_part(main.params, r))
    if parts:
        claim["parts"] = parts
    alternatives = _alternatives(claim, group)
    scores = [SCORES[main.found.get(k, "words")] for k in ("reporter", "partner", "period")]
    scores += [1.0, 1.0] + ([SCORES[main.found.get("sector", "words")]] if "sector" in main.params else [])
    confidence = sum(scores) / len(scores) - min(0.05 * len(alternatives), 0.15)
    return Draft(sentence.text, sentence.start, sentence.end, claim, round(max(confidence, 0.05), 2), alternatives)


def _part(base: dict[str, Any], r: SentenceReading) -> dict[str, Any]:
    params = {k: v for k, v in r.params.items() if base.get(k) != v}
    return {"quote": r.quote, "metric": r.metric, "parameters": params, "test": dict(r.test)}


def _record_part(base: dict[str, Any], r: SentenceReading) -> dict[str, Any]:
    params = dict(r.params)
    if r.metric == "balance":
        value = float(r.test.get("value", r.test.get("high", 0)) or 0)
        params["flow"] = "surplus" if value > 0 else "deficit"
    params = {k: v for k, v in params.items() if base.get(k) != v}
    return {"quote": r.quote, "metric": "flow", "parameters": params, "test": {"kind": "record", "side": r.record}}


def _alternatives(claim: dict[str, Any], group: list[SentenceReading]) -> list[dict[str, Any]]:
    """Other readings of the words, best first: each one applied to every figure of the claim it concerns."""
    whys = sorted(dict.fromkeys(why for r in group for why, _ in r.options), key=_priority)
    out: list[dict[str, Any]] = []
    for why in whys:
        alt = copy.deepcopy(claim)
        for k, r in enumerate(group):
            for change in (c for w, c in r.options if w == why):
                target = alt if k == 0 else alt["parts"][k - 1]
                params = target["parameters"]
                for key in change.get("drop", []):
                    params.pop(key, None)
                params.update(change.get("params", {}))
                target["metric"] = change.get("metric", target["metric"])
                if change.get("sign", 1) == -1:
                    target["test"] = _negated(target["test"])
        if alt != claim and alt not in out:
            out.append(alt)
    return out[:MAX_ALTERNATIVES]


def _priority(why: str) -> int:
    """Which other readings come first: another period, another sector, the other statistics, the fiscal year."""
    order = ("the period", "read as", "the other country", "the world", "fiscal year", "calendar year", "compared with")
    return next((n for n, words in enumerate(order) if words in why), len(order))


def _negated(test: dict[str, Any]) -> dict[str, Any]:
    out = dict(test)
    if "value" in out:
        out["value"] = -out["value"]
    if "low" in out and "high" in out:
        out["low"], out["high"] = -test["high"], -test["low"]
    return out


def _last_of_repeats(found: list[SentenceReading]) -> list[SentenceReading]:
    """Of vague quantities said one after another (``thousands and thousands — millions``), the last."""
    out: list[SentenceReading] = []
    for r in found:
        if (
            out
            and r.test.get("kind") == "vague" == out[-1].test.get("kind")
            and r.metric == out[-1].metric == "quantity"
        ):
            out[-1] = r
        else:
            out.append(r)
    return out


def _respectively(scene: Scene) -> dict[int, tuple[str, Any]]:
    """``autos, auto parts and motors, which swelled 39.0, 16.4 and 19.8 percent, respectively``: figure → its item."""
    m = re.search(r"(?i)\brespectively\b", scene.text)
    if not m:
        return {}
    figs = [i for i, f in enumerate(scene.figures) if f.end <= m.start() and f.kind != "rank"]
    if len(figs) < 2:
        return {}
    first = scene.figures[figs[0]].start
    for key, items in (("partner", scene.partners), ("sector", scene.sectors)):
        listed = _listed(scene.text, [x for x in items if x.end <= first])
        if len(listed) == len(figs):
            return {i: (key, value) for i, value in zip(figs, listed, strict=True)}
    return {}


def _listed(text: str, items: list[Any]) -> list[Any]:
    """The last run of ``items`` written as a list (``A, B and C``), unknown words in it as ``None``."""
    if not items:
        return []
    run = [items[-1]]
    for x in reversed(items[:-1]):
        if re.fullmatch(r"\s*(?:,|and|, and)\s*", text[x.end : run[0].start]):
            run.insert(0, x)
        else:
            break
    values: list[Any] = [getattr(x, "code", None) or x.name for x in run]
    tail = re.match(
        r"\s*(?:,\s*|\s+and\s+|,\s*and\s+)(\w[\w\s-]{0,20}?)(?=,|\s+which|\s+were|\s+rose|\s*$)", text[run[-1].end :]
    )
    if tail and len(run) >= 2 or (tail and re.match(r"\s+and\s", text[run[-1].end :])):
        values.append(None)
    return values


def _remember(scene: Scene, context: Context, main: SentenceReading | None) -> None:
    """Carry the sentence's period, subject and agency to the next sentences."""
    own = scene.sentence_period()
    if own is not None and own.role == "at":
        context.period = own.label
    if main is None:
        return
    context.source = cues.source(scene.text) or context.source
    p = main.params
    context.reporter = p.get("reporter", "")
    context.partner = p.get("partner", "") if main.found.get("partner") == "words" else context.partner
    context.metric = main.metric
    flow = p.get("flow", "")
    if main.metric == "balance":
        value = float(main.test.get("value", main.test.get("high", 0)) or 0)
        flow = "surplus" if value > 0 else "deficit"
    context.flow = flow if main.metric in ("balance", "flow", "change") else context.flow
    context.currency = p.get("currency", context.currency)
    context.sector = p.get("sector", "")
    context.scope = p.get("scope", "")
