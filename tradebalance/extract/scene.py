"""A sentence's mentions (figures, periods, partners, sectors, flow words) and where each figure finds its own.

Each figure has a window: the text from the end of the figure before it to the start of the figure after it.
A figure's period, partner, sector and scope are the mentions in its window (the nearest first), else the
sentence's, else the article's so far (:class:`Context`), else a default; :class:`Found` records which, for
the draft's confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tradebalance.extract import cues, numbers, when
from tradebalance.extract.partners import Partner, Sector, partners, sector_mentions

#: Words allowed between a figure and the flow noun it qualifies (``$69 billion U.S. trade deficit``).
_ATTRIBUTIVE = re.compile(
    r"(?i)^(?:\s*(?:in|of|worth|the|a|an|annual|yearly|current|total|overall|bilateral|U\.?S\.?|US|American|"
    r"Japanese|Japan's|goods|merchandise|trade|agricultural|farm|services|automotive|goods\s+and\s+services|customs-cleared|"
    r"politically|sensitive|monthly|[\w]+-year|record|の))*\s*$"
)
_WORLD = re.compile(r"(?i)\b(?:overall|global|total\s+U\.?S\.?|world(?!'s)|all\s+countries|worldwide)\b|全体|世界")
#: Where one figure's clause ends: a clause starting after it is not its window.
_CLAUSE = re.compile(r";|\bwhile\b|\bwhereas\b|\bbut\b|, and |、")


@dataclass
class Context:
    """What earlier sentences of the article said: their period, subject and agency, for later sentences."""

    period: str = ""
    reporter: str = ""
    partner: str = ""
    flow: str = ""
    currency: str = ""
    source: str = ""
    sector: str = ""
    scope: str = ""
    metric: str = ""


@dataclass
class Scene:
    """Everything a (folded) sentence mentions, and its date and context."""

    text: str
    date: str | None
    context: Context
    figures: list[numbers.Figure] = field(default_factory=list)
    periods: list[when.When] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)
    sectors: list[Sector] = field(default_factory=list)
    flows: list[tuple[str, int, int]] = field(default_factory=list)
    asides: list[tuple[int, int]] = field(default_factory=list)
    """Relative clauses and brackets (``, which subtracts imports from exports,``): their flow words qualify no figure outside."""
    previous: Any = None
    """The reading of the figure before (a change right after a count is a change of that count)."""
    last: dict[str, str] = field(default_factory=dict)
    """The reporter and partner of the sentence's figure read last (for a figure whose words name neither)."""

    @classmethod
    def read(cls, text: str, date: str | None, context: Context, figures: list[numbers.Figure]) -> Scene:
        """The mentions of ``text``, around the figures already found."""
        scene = cls(text, date, context, figures)
        scene.periods = when.mentions(text, date)
        scene.partners = partners(text)
        scene.sectors = sector_mentions(text)
        flows = [(cues.flow_of(m), m.start(), m.end()) for m in cues.flows(text)]
        scene.flows = [f for f in flows if not _qualifier(text, f, flows)]
        scene.asides = [(m.start(), m.end()) for m in _ASIDE.finditer(text)]
        return scene

    def window(self, i: int) -> tuple[int, int]:
        """Where figure ``i``'s window starts and ends."""
        start = self.figures[i - 1].end if i > 0 else 0
        end = self.figures[i + 1].start if i + 1 < len(self.figures) else len(self.text)
        return start, end

    def left(self, i: int, reach: int = 60) -> str:
        """The words just before figure ``i`` (within its window, at most ``reach`` characters)."""
        start, _ = self.window(i)
        fig = self.figures[i]
        return self.text[max(start, fig.start - reach) : fig.start]

    def right(self, i: int, reach: int = 60) -> str:
        """The words just after figure ``i`` (within its window)."""
        _, end = self.window(i)
        fig = self.figures[i]
        return self.text[fig.end : min(end, fig.end + reach)]

    def flow(self, i: int, attributive: bool = True) -> tuple[str, int] | None:
        """The flow figure ``i`` measures and where its word is: a word right after it, else the nearest before."""
        fig = self.figures[i]
        _, end = self.window(i)
        outside = [a for a in self.asides if not a[0] <= fig.start < a[1]]
        flows = [f for f in self.flows if not any(a <= f[1] < b for a, b in outside)]
        if attributive:
            for name, start, _stop in flows:
                if fig.end <= start < end and name != "total" and _ATTRIBUTIVE.match(self.text[fig.end : start]):
                    return name, start
        before = [(name, start) for name, start, stop in flows if stop <= fig.start]
        if before:
            return before[-1]
        after = [(name, start) for name, start, stop in flows if start >= fig.end and name != "total"]
        return after[0] if after and not attributive else None

    def currency(self) -> str:
        """The currency of the sentence's first amount of money, else the article's so far."""
        money = next((f for f in self.figures if f.kind == "money" and f.currency), None)
        return money.currency if money else self.context.currency

    def refers_back(self) -> bool:
        """Whether the sentence leans on the one before: a pronoun, ``the total``, a partner or sector without a flow."""
        return bool(cues.BACK.search(self.text) or self.partners or self.sectors)

    @property
    def japanese(self) -> bool:
        """Whether the sentence is Japanese (kana in it)."""
        return bool(re.search(r"[\u3040-\u30ff]", self.text))

    def attributive(self, i: int) -> bool:
        """Whether figure ``i`` qualifies a flow word right after it (``the $68 billion trade deficit``)."""
        flow = self.flow(i)
        return flow is not None and flow[1] > self.figures[i].start

    def nearest(self, items: list[Any], i: int, roles: tuple[str, ...] = ()) -> Any:
        """The item (partner, sector, period) in figure ``i``'s window nearest to it, else ``None``."""
        start, end = self.window(i)
        clause = _clause_end(self.text, self.figures[i].end, end)
        fig = self.figures[i]
        inside = [x for x in items if start <= x.start and x.end <= clause and (not roles or x.role in roles)]
        return min(inside, key=lambda x: _gap(x, fig.start, fig.end), default=None)

    def owner(self, at: int) -> Partner | None:
        """Whose flow the flow word at ``at`` is: the nearest owner, adjective or subject before it in its clause."""
        for p in reversed([p for p in self.partners if p.end <= at]):
            between = self.text[p.end : at]
            if p.role in ("owner", "adj", "pair", "plain", "speaker") and not _BREAK.search(between):
                return p
            if re.match(r",\s*(?:which|who)\b", between) and not re.search(r";|,.*,", between):
                return p  # "Japan, which had an $81.322 billion surplus"
        return None

    def partner_after(self, at: int, limit: int) -> Partner | None:
        """The partner a flow word at ``at`` is with (``deficit with Japan``), up to ``limit``."""
        for p in self.partners:
            if at <= p.start < limit and p.role in ("with", "to", "from", "for", "pair"):
                return p
        return None

    def world(self, start: int, end: int) -> bool:
        """Whether the words from ``start`` to ``end`` speak of the reporter's trade with the world."""
        return bool(_WORLD.search(self.text[start:end]))

    def period_of(self, i: int) -> when.When | None:
        """Figure ``i``'s own period: of the mentions nearest to it rather than to another figure, the nearest."""
        fig = self.figures[i]
        own = [w for w in self.periods if w.role in ("at", "current", "range", "by") and self._figure_of(w) == i]
        return min(own, key=lambda w: _gap(w, fig.start, fig.end), default=None)

    def _figure_of(self, item: Any) -> int:
        return min(range(len(self.figures)), key=lambda k: (_gap(item, self.figures[k].start, self.figures[k].end), k))

    def sentence_period(self) -> when.When | None:
        """The sentence's first period of its own (not a base of comparison)."""
        return next((w for w in self.periods if w.role in ("at", "range", "current", "by")), None)

    def scope(self, lo: int, hi: int) -> str:
        """``goods``, ``services`` or ``goods-and-services`` as the words from ``lo`` to ``hi`` say, else ``""``."""
        m = cues.SCOPE.search(self.text[lo:hi])
        if not m:
            return ""
        return "goods-and-services" if m.group("gs") else "services" if m.group("s") else "goods"

    def sentence_scope(self) -> str:
        """The scope the whole sentence gives: both goods and services named means their sum."""
        if re.search(
            r"(?i)only\s+(?:trade\s+in\s+)?goods|goods\s+(?:trade\s+)?alone|exclud\w*\s+(?:the\s+)?services", self.text
        ):
            return "goods"
        found = {self.scope(m.start(), m.end()) for m in cues.SCOPE.finditer(self.text)}
        if "goods-and-services" in found or {"goods", "services"} <= found:
            return "goods-and-services"
        return found.pop() if len(found) == 1 else ""


_BREAK = re.compile(r"[,;—]|\bwhile\b|\bwhereas\b")
_ASIDE = re.compile(r",\s*(?:which|who)\b[^,;]*(?:,|$)|\([^)]*\)")


def _qualifier(text: str, flow: tuple[str, int, int], flows: list[tuple[str, int, int]]) -> bool:
    """``trade`` qualifying a flow word just before it (``the deficit with China in goods and services trade``)."""
    name, start, _ = flow
    return name == "total" and any(
        other != "total" and 0 <= start - stop <= 40 and not re.search(r"[,;]", text[stop:start])
        for other, _, stop in flows
    )


def _gap(item: Any, start: int, end: int) -> int:
    return max(item.start - end, start - item.end, 0)


def _clause_end(text: str, start: int, end: int) -> int:
    m = _CLAUSE.search(text, start, end)
    return m.start() if m else end
