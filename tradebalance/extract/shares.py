"""Shares and ratios: ``76.6 percent of the total``, ``nearly 40% of Japanese exports``, 3割, ``five times``.

A share's whole is the flow after ``of`` (or the flow the sentence is about); its part is the sector named
(then the share is of the balance — a sector's contribution —, of Japan's exports to the U.S., or of a flow)
or the partner named (a partner's share of the reporter's trade with the world). A ratio compares a flow with
one partner to the same flow with another (``the trade gap with China was five times bigger``).
"""

from __future__ import annotations

import re

from tradebalance.extract import cues, sides, values
from tradebalance.extract.model import SentenceReading
from tradebalance.extract.scene import Scene


def share(scene: Scene, i: int) -> SentenceReading | None:
    """Figure ``i`` as a share: of the balance, of exports, or a partner's of the world (``None``: no part named)."""
    fig = scene.figures[i]
    right = scene.text[fig.end : fig.end + 90]
    whole = next(iter(cues.flows(right)), None) if re.match(r"(?i)\s*of\b", right) else None
    part_sector = scene.nearest(scene.sectors, i)
    whole_sector = ""
    if whole is None:
        flow = scene.flow(i, attributive=False)
        noun = flow[0] if flow else scene.context.flow
        whole_at = flow[1] if flow else -1
    else:
        noun, whole_at = cues.flow_of(whole), fig.end + whole.start()
        phrase = scene.text[fig.end : whole_at]
        inside = part_sector is not None and fig.end <= part_sector.start < whole_at + len(whole.group())
        if inside and not re.search(r"(?i)\b(?:was|were|is|are|from|came)\b", phrase):
            whole_sector, part_sector = part_sector.name, None  # "a third of its vehicle exports": the whole's sector
    if not noun:
        noun = scene.context.flow or "gap"
    if noun == "total" and whole is not None and re.match(r"(?i)\s*of\s+the\s+total\b", right):
        noun = scene.context.flow or "gap"  # "70 percent of the total": the total of the sentence before
    side = sides.side_of(scene, i, noun, whole_at, False, _balance_owner(scene, noun))
    test = values.test(fig, 1)
    found = dict(side.found)
    japan_exports = (side.reporter, side.flow, side.partner) == ("JPN", "exports", "USA") or (
        side.flow,
        side.partner,
    ) == ("imports", "JPN")
    if part_sector is not None and noun in ("deficit", "surplus", "gap"):
        reading = SentenceReading(
            "sector_share", {"reporter": side.reporter, "partner": side.partner}, test, fig.said, found
        )
        if re.search(r"(?i)surplus\s+in\b|黒字", scene.text[fig.end :]):
            reading.params["measure"] = "net"
    elif part_sector is not None and japan_exports:
        reading = SentenceReading("share_of_exports", {"reporter": "JPN", "partner": "USA"}, test, fig.said, found)
    elif part_sector is not None:
        if side.flow not in ("exports", "imports"):
            return None
        params = {"reporter": side.reporter, "partner": side.partner, "flow": side.flow, "of": side.flow}
        reading = SentenceReading("share", params, test, fig.said, found)
    else:
        part = _share_partner(scene, i)
        if not part:
            return None
        measured = side.flow if side.flow in ("exports", "imports") else side.balance_flow
        params = {"reporter": side.reporter, "partner": part, "flow": measured, "of": "world"}
        reading = SentenceReading("share", params, test, fig.said, found)
    values.place(scene, i, reading, reading.params["reporter"], share=not whole_sector)
    if whole_sector:
        reading.params["sector"] = whole_sector
    return reading


def _balance_owner(scene: Scene, noun: str) -> str:
    """The country whose balance a share of a deficit, surplus or gap is of, as named in the sentence ("" if none)."""
    if noun not in ("deficit", "surplus", "gap"):
        return ""
    owners = [scene.owner(start) for name, start, _ in scene.flows if name in ("deficit", "surplus", "gap")]
    return next((o.code for o in owners if o is not None), "")


def _share_partner(scene: Scene, i: int) -> str:
    """The partner whose share of the world a figure is (``Japan's share``, ``the deficit against Japan``)."""
    fig = scene.figures[i]
    roles = ("owner", "with", "plain", "to", "from")
    before = [p for p in scene.partners if p.end <= fig.start and p.role in roles]
    after = [p for p in scene.partners if p.start >= fig.end and p.role in ("with", "to", "from")]
    return before[-1].code if before else after[0].code if after else ""


def ratio(scene: Scene, i: int) -> SentenceReading | None:
    """Figure ``i`` (``five times``) as the ratio of a flow with one partner to the same with another."""
    fig = scene.figures[i]
    flow = scene.flow(i, attributive=False)
    if flow is None:
        return None
    side = sides.side_of(scene, i, flow[0], flow[1])
    compare = scene.context.partner if scene.context.partner not in ("", side.partner) else "JPN"
    if compare == side.partner:
        return None
    params = {"reporter": side.reporter, "partner": side.partner, "compare": compare, "flow": side.flow}
    reading = SentenceReading("ratio", params, values.test(fig, 1), fig.said, dict(side.found))
    values.place(scene, i, reading, side.reporter, share=True)
    return reading
