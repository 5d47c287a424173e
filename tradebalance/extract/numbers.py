"""Figures in a sentence: amounts of money, percentages, counts of goods, fractions, multiples and vague words.

English and Japanese: ``$68.8 billion``, ``US$68.5 billion``, ``7 trillion yen``, ``¥7 trillion``,
``5398億ドル``, ``6兆8000億円``, ``76.6 percent``, ``5.7%増``, ``3割``, ``1.75 million cars``, ``230万台``,
``about a third``, ``five times``, ``millions of cars``, ``数十万台``. A figure keeps its words (``said``: the
hedge, the number and its unit, as written), its hedge by the rubric's name (``about``, ``over``, ``nearly`` …:
``約``, ``超``, ``近く`` too) and its span in the sentence. Two figures joined as a range (``from $69 billion to
$100 billion``, ``690億ドルから1000億ドル``) become one, with ``low`` and ``high``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from tradebalance.extract import lexicon

NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_WORDNUM = rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_ONES[1:10])}))?|{'|'.join(reversed(_ONES))})"
_SCALES = {
    "trillion": 1e12,
    "tn": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "bil": 1e9,
    "b": 1e9,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "mil": 1e6,
    "m": 1e6,
    "thousand": 1e3,
    "k": 1e3,
}
_SCALE = r"(?:(?:\s|-)?(?:trillion|billion|million|thousand|tn|bn|bil|mln|mn)\b|(?:m|b|k)\b)"
_JA_UNITS = {"兆": 1e12, "億": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}
_PATTERNS = (
    (
        "money",
        re.compile(
            rf"(?P<cur>U\.?S\.?\s?\$|\$|¥|(?:USD|JPY)\s?)\s?(?P<num>{NUM})(?P<scale>(?i:{_SCALE}))?"
            rf"|(?P<num2>{NUM})\s?-?(?P<scale2>(?i:trillion|billion|million|thousand))?\s?(?P<cur2>yen|(?:U\.?S\.? )?dollars)\b"
        ),
    ),
    ("money-ja", re.compile(rf"(?P<ja>(?:{NUM}[兆億万千]*)+)(?P<cur>円|米ドル|ドル)")),
    (
        "percent",
        re.compile(rf"(?P<num>{NUM})\s?(?:%|(?i:percent|per cent|pct)\b|パーセント)"),
    ),
    ("percent-word", re.compile(rf"(?i)\b(?P<word>{_WORDNUM})[ -](?:percent|per cent)\b")),
    ("percent-ja", re.compile(rf"(?P<num>{NUM})割(?:(?P<bu>\d)分)?")),
    (
        "count",
        re.compile(
            rf"(?P<num>{NUM})(?P<scale>(?i:\s?-?(?:million|thousand|billion)\b))?"
            r"(?:\s+(?:new|used|U\.S\.-made|US-made|American-made|Japanese-made|Japanese|American|foreign-made|"
            r"imported|passenger|motor|metric))*"
            r"\s+(?P<unit>cars|vehicles|automobiles|autos|units|light trucks|trucks|tons|tonnes|MT|barrels|jobs)\b"
            rf"|(?P<num2>{NUM})(?P<scale2>(?i:\s?-?(?:million|thousand)\b))"
            rf"|(?P<ja>{NUM}万?)(?P<jaunit>台|トン)"
        ),
    ),
    (
        "fraction",
        re.compile(
            r"(?i)(?<!and )\b(?P<n>a|one|two|three)[\s-]+(?P<d>half|thirds?|quarters?|fifths?|tenths?)\b"
            r"|(?<!first )(?<!second )(?<!a )\b(?P<h>half)\s+of\b(?!\s+(?:the\s+)?(?:19|20)\d\d|\s+(?:this|last|fiscal))"
        ),
    ),
    ("times", re.compile(rf"(?i)\b(?:(?P<n>{NUM}|{_WORDNUM})\s+times|(?P<twice>twice))\b")),
)
#: Words (any one) a sentence needs for each pattern to be tried.
_NEEDS = {
    "money": ("$", "¥", "yen", "dollar", "usd", "jpy"),
    "money-ja": ("円", "ドル"),
    "percent": ("%", "percent", "per cent", "pct", "パーセント"),
    "percent-ja": ("割",),
    "percent-word": ("y percent", "y-percent", "n percent", "e percent", "o percent", "x percent", "t percent"),
    "count": tuple("0123456789"),
    "fraction": ("half", "third", "quarter", "fifth", "tenth"),
    "times": ("times", "twice"),
}
_DENOMINATORS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
_EXTRA_HEDGES = {
    "just over": "over",
    "a little over": "over",
    "slightly over": "over",
    "well over": "over",
    "upwards of": "over",
    "upward of": "over",
    "exceeded": "over",
    "exceeds": "over",
    "topped": "over",
    "surpassed": "over",
    "as many as": "up to",
    "as much as": "up to",
    "nearly one": "nearly",
}
_JA_BEFORE = re.compile(r"(約|およそ|ほぼ|概ね|推定)\s*$")
_JA_AFTER = {"超": "over", "以上": "at least", "強": "over", "余り": "over", "あまり": "over", "超え": "over"}
_JA_AFTER.update({"近く": "nearly", "弱": "nearly", "未満": "under", "足らず": "under", "程度": "about"})
_JA_AFTER.update({"前後": "about", "ほど": "about"})
_JA_VAGUE = {
    "数十万": "hundreds of thousands",
    "数百万": "millions",
    "数千万": "millions",
    "数万": "tens of thousands",
    "数千": "thousands",
    "数百": "hundreds",
    "数十億": "billions",
    "数百億": "tens of billions",
    "数千億": "hundreds of billions",
    "数兆": "trillions",
}
_DOUBLING = frozenset({"nearly doubled", "doubled", "more than doubled", "tripled", "halved"})
_RANGE_JOIN = re.compile(r"\s*(?:to|and|-|–|—|から|~|～|〜)\s*(?:a|an|about)?\s*$")


@dataclass(frozen=True)
class Figure:
    """A figure of a sentence, with its words and span (hedge included)."""

    kind: str
    """``money``, ``percent``, ``count``, ``fraction``, ``times`` or ``vague``."""
    value: float
    """In currency units, as a fraction (0.057 for 5.7 %), in units counted, or a multiple."""
    start: int
    end: int
    said: str
    hedge: str = ""
    currency: str = ""
    unit: str = ""
    """What a count counts (``cars``, ``vehicles``, ``units``, ``tons``; ``""`` for a bare number)."""
    low: float | None = None
    high: float | None = None
    word: str = ""
    """A vague word by the rubric's name (``millions``, ``about a quarter``, ``massive``)."""
    vague: str = ""
    """The vague word's kind: ``quantity``, ``share``, ``change`` or ``level``."""
    bare: bool = False
    """The number came without its scale (the low end of ``$69 to $100 billion``)."""
    scale: float = 1.0
    """The scale word's factor (``billion``: 1e9)."""


def number(text: str) -> float:
    """A number written in digits (``1,234.5``) or in words (``seventy``, ``twenty-five``)."""
    text = text.strip().lower()
    if text[:1].isdigit():
        return float(text.replace(",", ""))
    parts = re.split(r"[- ]", text)
    value = 0
    for part in parts:
        value += _TENS.get(part, 0) + (_ONES.index(part) if part in _ONES else 0)
    return float(value)


def japanese_amount(text: str) -> float:
    """A Japanese amount: ``5398億`` → 5.398e11, ``6兆8000億`` → 6.8e12, ``8千億`` → 8e11."""
    total, current = 0.0, None
    for token in re.findall(r"\d[\d,]*(?:\.\d+)?|[兆億万千百]", text):
        if token[0].isdigit():
            total += current or 0.0
            current = float(token.replace(",", ""))
        else:
            current = (current if current is not None else 1.0) * _JA_UNITS[token]
    return total + (current or 0.0)


@functools.cache
def _hedge_pattern() -> re.Pattern[str]:
    names = {**lexicon.hedge_words(), **_EXTRA_HEDGES}
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?i)(?:^|(?<=[\s(\"'—-]))(?P<h>{alternation})\s+(?:of\s+)?(?:an?\s+)?$")


def _hedged(sentence: str, fig: Figure) -> Figure:
    """``fig`` with the hedge written before it (``about``, ``more than``, 約) or after it (超, 近く)."""
    before = sentence[max(0, fig.start - 30) : fig.start]
    found = _hedge_pattern().search(before)
    start, end, hedge = fig.start, fig.end, ""
    if found:
        name = found.group("h").lower()
        hedge = {**lexicon.hedge_words(), **_EXTRA_HEDGES}[name]
        start = fig.start - len(before) + found.start("h")
    else:
        ja = _JA_BEFORE.search(before)
        if ja:
            hedge, start = "about", fig.start - len(before) + ja.start()
    after = re.match("|".join(sorted(_JA_AFTER, key=len, reverse=True)), sentence[fig.end :])
    if after:
        hedge, end = _JA_AFTER[after.group()], fig.end + after.end()
    if not hedge:
        return fig
    return replace(fig, start=start, end=end, said=sentence[start:end], hedge=hedge)


def _currency(symbol: str) -> str:
    return "JPY" if symbol.strip() in ("¥", "JPY", "yen", "円") else "USD"


def _found(kind: str, m: re.Match[str]) -> Figure | None:
    g = m.groupdict()
    said = m.group()
    if kind == "money":
        num, scale, cur = (g["num"], g["scale"], g["cur"]) if g["num"] else (g["num2"], g["scale2"], g["cur2"])
        factor = _SCALES[scale.strip(" -.").lower()] if scale else 1.0
        return Figure(
            "money",
            number(num) * factor,
            m.start(),
            m.end(),
            said,
            currency=_currency(cur),
            bare=not scale,
            scale=factor,
        )
    if kind == "money-ja":
        return Figure("money", japanese_amount(g["ja"]), m.start(), m.end(), said, currency=_currency(g["cur"]))
    if kind in ("percent", "percent-word"):
        value = number(g.get("num") or g["word"]) / 100
        return Figure("percent", value, m.start(), m.end(), said)
    if kind == "percent-ja":
        value = number(g["num"]) / 10 + (int(g["bu"]) / 100 if g["bu"] else 0.0)
        return Figure("percent", value, m.start(), m.end(), said)
    if kind == "count":
        if g["ja"]:
            value = japanese_amount(g["ja"])
            unit = "vehicles" if g["jaunit"] == "台" else "tons"
            return Figure("count", value, m.start(), m.end(), said, unit=unit)
        num, scale = (g["num"], g["scale"]) if g["num"] else (g["num2"], g["scale2"])
        factor = _SCALES[scale.strip(" -").lower()] if scale else 1.0
        return Figure("count", number(num) * factor, m.start(), m.end(), said, unit=(g["unit"] or "").lower())
    if kind == "fraction":
        if g["h"]:
            return Figure("fraction", 0.5, m.start("h"), m.end("h"), g["h"])
        numerator = 1 if g["n"].lower() in ("a", "one") else number(g["n"])
        value = numerator / _DENOMINATORS[g["d"].lower().rstrip("s")]
        return Figure("fraction", value, m.start(), m.end(), said)
    value = 2.0 if g["twice"] else number(g["n"])
    return Figure("times", value, m.start(), m.end(), said)


def find_figures(sentence: str) -> list[Figure]:
    """The figures of a (folded) sentence, in order, ranges joined, hedges attached."""
    vague = _vague(sentence)
    taken: list[Figure] = [v for v in vague if v.vague != "quantity"]
    low = sentence.lower()
    for kind, pattern in _PATTERNS:
        if not any(word in low for word in _NEEDS[kind]):
            continue  # none of the words this pattern needs: skip it (extraction stays fast)
        for m in pattern.finditer(sentence):
            if any(m.start() < f.end and f.start < m.end() for f in taken):
                continue
            fig = _found(kind, m)
            if fig is not None and not _inside_word(sentence, fig):
                taken.append(fig)
    quantities = [v for v in vague if v.vague == "quantity"]
    taken.extend(v for v in quantities if not any(v.start < f.end and f.start < v.end for f in taken))
    taken.sort(key=lambda f: f.start)
    stated = re.search(r"(?i)\bin\s+(trillions|billions|millions)\s+of\s+(dollars|yen)\b", sentence)
    if stated:
        factor = _SCALES[stated.group(1).lower()[:-1]]
        taken = [replace(f, value=f.value * factor, scale=factor) if f.kind == "money" and f.bare else f for f in taken]
    return _ranges(sentence, _without_conversions(sentence, [_hedged(sentence, f) for f in taken]))


def _without_conversions(sentence: str, figs: list[Figure]) -> list[Figure]:
    """Figures less an amount converted into another currency: ``6.999 trillion yen ($65 billion)``."""
    out: list[Figure] = []
    for fig in figs:
        prev = out[-1] if out else None
        if prev and prev.kind == fig.kind == "money" and prev.currency != fig.currency:
            if re.fullmatch(r"\s*\(\s*(?:about|around|some|or|approx\.?)?\s*", sentence[prev.end : fig.start]):
                continue
        out.append(fig)
    return out


def _inside_word(sentence: str, fig: Figure) -> bool:
    """A number that is part of a name or a year (``F-35``, ``2017`` read as a count) rather than a figure."""
    before = sentence[fig.start - 1 : fig.start]
    return fig.kind in ("count", "percent") and (before.isalpha() and before.isascii() or before in ("-", "/"))


def _vague(sentence: str) -> list[Figure]:
    out = []
    for m in lexicon.vague_phrases().find(sentence):
        word, kind = lexicon.vague_words()[m.group().lower()]
        after = sentence[m.end : m.end + 40]
        if kind == "quantity":
            ok = bool(
                re.match(r"(?:\s*(?:and|—|-|–|,)\s*(?:\w+\s*)?)*(?:—|-|–|,)?\s*(?:of\b|cars|vehicles|units)", after)
            )
            ok = ok and not re.search(r"\bin\s+$", sentence[: m.start])
        elif kind == "share":
            ok = bool(re.match(r"\s+(?:of|the)\b", after))
        elif kind == "change":
            ok = word in _DOUBLING
        else:
            ok = bool(
                re.match(r"\s*(?:[\w.-]+\s+){0,3}?(?:trade\s+)?(?:deficits?|surplus(?:es)?|imbalance|gap)\b", after)
            )
            ok = ok and not re.match(r"[^.]{0,25}\d", after)
        if ok:
            out.append(Figure("vague", 0.0, m.start, m.end, sentence[m.start : m.end], word=word, vague=kind))
    for found in re.finditer("|".join(_JA_VAGUE), sentence):
        kind = "level" if re.match(r"[兆億万]?(?:円|ドル)", sentence[found.end() :]) else "quantity"
        words = _JA_VAGUE[found.group()]
        out.append(Figure("vague", 0.0, found.start(), found.end(), found.group(), word=words, vague=kind))
    for found in re.finditer(r"(?:ほぼ|約)?(?:[2２]倍|倍増)|[3３]倍|半減", sentence):
        said = found.group()
        word = "halved" if "半" in said else "tripled" if said[-2] in "3３" else "doubled"
        word = "nearly doubled" if said.startswith("ほぼ") and word == "doubled" else word
        out.append(Figure("vague", 0.0, found.start(), found.end(), said, word=word, vague="change"))
    for found in re.finditer(r"(多額|巨額|膨大)な?の?(?=[^。、]{0,8}(赤字|黒字))", sentence):
        out.append(Figure("vague", 0.0, found.start(), found.end(), found.group(), word="massive", vague="level"))
    return out


def _ranges(sentence: str, figs: list[Figure]) -> list[Figure]:
    """Join ``A to B`` (``from $69 billion to $100 billion``) into one figure with ``low`` and ``high``."""
    out: list[Figure] = []
    for fig in figs:
        prev = out[-1] if out else None
        if prev and prev.kind == fig.kind and fig.kind in ("money", "count", "percent") and prev.low is None:
            joint = sentence[prev.end : fig.start]
            lead = sentence[max(0, prev.start - 40) : prev.start].lower()
            stated = re.search(r"(?:from|between|range of)\s*$", lead) or prev.bare or "から" in joint
            moved = re.search(r"\b(?:rose|rise|grew|fell|fall|declined|increased|decreased|jumped|dropped)\b", lead)
            if _RANGE_JOIN.fullmatch(joint) and stated and not moved:
                low = prev.value * (fig.scale if prev.bare else 1.0)
                out[-1] = replace(
                    fig,
                    start=prev.start,
                    said=sentence[prev.start : fig.end],
                    low=min(low, fig.value),
                    high=max(low, fig.value),
                    currency=fig.currency or prev.currency,
                )
                continue
        out.append(fig)
    return out
