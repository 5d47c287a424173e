"""Ranks and records: ``the third-largest``, ``among the five largest``, ``a record``, 過去最高.

A rank is a partner's place among the reporter's partners (``by`` the balance, exports, imports or two-way
trade, from the words around it); a place on record, an economy's size or a month's are not ranks of partners.
A record is the highest (or lowest) of a flow's series up to then: a part of the figure it qualifies, or a
claim of its own where no figure is quoted (``the deficit with Japan was a record in 1994``).
"""

from __future__ import annotations

import re

from tradebalance.extract import cues, sides, values
from tradebalance.extract.model import SentenceReading
from tradebalance.extract.numbers import Figure
from tradebalance.extract.scene import Scene

_RECORDED = re.compile(r"record|all-time|過去最")


def prepare(scene: Scene) -> None:
    """Add the ranks of the sentence to its figures (``the third-largest``), in order."""
    ranks: list[Figure] = []
    low = scene.text.lower()
    ranked = any(w in low for w in ("largest", "biggest", "top", "highest", "位", "番目"))
    for m in cues.RANK.finditer(scene.text) if ranked else ():
        after = scene.text[m.end() : m.end() + 80]
        if cues.NOT_A_RANK.match(after) or any(0 <= s.start - m.end() < 15 for s in scene.sectors):
            continue
        n = int(m.group("ja") or m.group("ja2") or cues.ordinal(m.group("ord") or ""))
        if m.group("sup") == "top" or (m.group("sup") == "highest" and not m.group("ord")):
            continue
        ranks.append(Figure("rank", float(n), m.start(), m.end(), m.group()))
    for m in re.finditer(
        r"(?i)\b(?:among|one\s+of)\s+the\s+(?:top\s+)?(five|ten|three|\d+)\s+(?:largest|biggest)", scene.text
    ):
        top = {"three": 3, "five": 5, "ten": 10}.get(m.group(1).lower()) or int(m.group(1))
        ranks = [r for r in ranks if not m.start() <= r.start < m.end()]
        ranks.append(Figure("rank", float(top), m.start(), m.end(), m.group(), word="top"))
    for m in cues.SECOND_TO.finditer(scene.text) if "except" in low else ():
        ranks.append(Figure("rank", 2.0, m.start(), m.end(), m.group()))
    records = ((cues.RECORD_LOW, "lowest"), (cues.RECORD, "highest")) if _RECORDED.search(low) else ()
    for pattern, side in records:
        for m in pattern.finditer(scene.text):
            alone = not any(abs(f.start - m.end()) <= 40 or abs(m.start() - f.end) <= 40 for f in scene.figures)
            if alone and not any(m.start() < r.end and r.start < m.end() for r in ranks):
                ranks.append(Figure("record", 0.0, m.start(), m.end(), m.group(), word=side))
    taken = [f for f in scene.figures if not any(f.start < r.end and r.start < f.end for r in ranks)]
    scene.figures = sorted([*taken, *ranks], key=lambda f: f.start)


def read_rank(scene: Scene, i: int) -> SentenceReading | None:
    """Figure ``i``, a rank, as the partner's place among the reporter's partners (``None`` where it is none)."""
    fig = scene.figures[i]
    before = scene.text[max(0, fig.start - 90) : fig.start]
    after = re.split(r"(?<![A-Z])\.(?:\s|$)|;", scene.text[fig.end : fig.end + 90])[0]
    by = ""
    if re.search(
        r"(?i)(?:deficit|surplus)\b[^.]{0,60}\b(?:is|was|were|are|remains)\s+(?:its|the|our|their)?\s*$", before
    ):
        by = "balance"
    for name, pattern in cues.RANK_BY:
        if not by and pattern.search(after):
            by = name
    if not by:
        found = [(m.end(), name) for name, pattern in cues.RANK_BY for m in pattern.finditer(before)]
        by = max(found)[1] if found else ""
    if not by:
        return None
    mentions = [p for p in scene.partners if p.end <= fig.start]
    apposed = [p for p in mentions if re.fullmatch(r",\s*(?:its|their|Japan's|the)\s+", scene.text[p.end : fig.start])]
    if apposed and apposed[-1].code == "USA":
        return None  # "the United States, its largest export market": Japan's ranking (MOF's files hold none)
    ranked = next((p.code for p in reversed(mentions) if p.role in ("with", "plain")), "") or scene.context.partner
    ranked = ranked or "JPN"
    if ranked == "USA":
        return None  # Japan's ranking of its partners: MOF's files hold no ranks
    test = {"kind": "top" if fig.word == "top" else "rank", "value": int(fig.value)}
    reading = SentenceReading(
        "rank", {"reporter": "USA", "partner": ranked, "by": by}, test, fig.said, {"reporter": "words"}
    )
    reading.found["partner"] = "words" if mentions else "default"
    values.place(scene, i, reading, "USA")
    return reading


def standalone_record(scene: Scene, i: int) -> SentenceReading | None:
    """``The deficit with Japan was a record in 1994``: the flow's record, with no figure quoted."""
    flow = scene.flow(i, attributive=False)
    if flow is None:
        return None
    side = sides.side_of(scene, i, flow[0], flow[1])
    test = {"kind": "record", "side": scene.figures[i].word}
    reading = SentenceReading(
        "flow", {"reporter": side.reporter, "partner": side.partner, "flow": side.flow}, test, scene.figures[i].said
    )
    reading.found = dict(side.found)
    values.place(scene, i, reading, side.reporter)
    return reading


def record_of(scene: Scene, i: int) -> str:
    """``highest`` or ``lowest`` where the words call figure ``i`` a record, else ``""``."""
    fig = scene.figures[i]
    if not _RECORDED.search(scene.text.lower()):
        return ""
    for pattern, side in ((cues.RECORD_LOW, "lowest"), (cues.RECORD, "highest")):
        for m in pattern.finditer(scene.text):
            close_before = 0 <= fig.start - m.end() <= 30 and not _figure_between(scene, m.end(), fig.start)
            close_after = 0 <= m.start() - fig.end <= 30 and not _figure_between(scene, fig.end, m.start())
            both = "both" in scene.text[max(0, m.start() - 25) : m.start()] and m.start() > fig.end
            if close_before or close_after or both:
                return side
    return ""


def _figure_between(scene: Scene, start: int, end: int) -> bool:
    return any(start <= f.start < end for f in scene.figures)
